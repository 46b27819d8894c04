import { z } from 'zod';
import { instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { GRADES } from '../../domain/green';
import { HOUSEHOLD_CLASSES } from '../../domain/household';

// What leaves the server about green accounts: households with their balance, deliveries with their
// grade and points, redemptions with what they drew, community rates, and the resident's own pages.

const grade = vocabularyText(Object.keys(GRADES)).describe('A 优, B 良, C 中, D 差');
const wasteClass = vocabularyText(Object.keys(HOUSEHOLD_CLASSES));

export const householdSchema = z.object({
  id: z.string(), regionCode: z.string(), regionName: z.string().nullable(), placeId: z.string(), placeName: z.string(), placeKind: vocabularyText(['community', 'village']), address: z.string(),
  cardNo: z.string(), qrToken: z.string().describe('printed as the card’s QR code'), resident: z.string().nullable().describe('the linked resident login’s display name'),
  balance: z.number().describe('points still valid'), deliveries: z.number(), lastDeliveryAt: instant.nullable(), createdAt: instant,
});
export const householdPage = pageSchema(householdSchema);
export const cardSchema = z.object({ id: z.string(), cardNo: z.string(), placeName: z.string(), address: z.string(), qrSvg: z.string().describe('the QR code (its token) as SVG') });

export const deliverySchema = z.object({
  id: z.string(), householdId: z.string(), cardNo: z.string(), address: z.string(), placeId: z.string(), placeName: z.string(), facilityId: z.string(), facilityName: z.string(),
  wasteClass, weightKg: z.number().nullable(), deliveredAt: instant, recordedBy: z.string(), grade: grade.nullable(), gradedAt: instant.nullable(),
  points: z.number().nullable().describe('points earned by the grade; null until graded'), binRef: z.string().nullable(),
});
export const deliveryPage = pageSchema(deliverySchema);
export const recordedSchema = z.object({ delivery: deliverySchema, grade: grade.nullable(), earned: z.number(), duplicate: z.boolean().describe('a smart bin’s resent record: the stored one, nothing written') });
export const binResult = z.object({ accepted: z.number(), duplicates: z.number(), earned: z.number(), items: z.array(recordedSchema) });

export const redemptionSchema = z.object({
  id: z.string(), householdId: z.string(), cardNo: z.string(), goods: z.string(), quantity: z.number(), points: z.number(), balance: z.number().describe('points left after the redemption'),
  draws: z.array(z.object({ earnId: z.string(), points: z.number() })).describe('the earn entries it drew from, earliest-expiring first'), at: instant,
});

const rate = z.object({
  placeId: z.string(), name: z.string(), kind: vocabularyText(['community', 'village']), regionCode: z.string(), regionName: z.string().nullable(),
  households: z.number().describe('green-account households registered by the period’s end'), participating: z.number().describe('households with at least one delivery'),
  deliveries: z.number(), graded: z.number(), accurate: z.number().describe('graded 优 or 良'),
  participationPct: z.number().nullable(), accuracyPct: z.number().nullable(),
});
export const ratesSchema = pageSchema(rate).extend({
  from: z.string(), to: z.string(),
  summary: z.object({ places: z.number(), households: z.number(), participating: z.number(), deliveries: z.number(), graded: z.number(), accurate: z.number(), participationPct: z.number().nullable(), accuracyPct: z.number().nullable() }),
});

const classPoints = z.object(Object.fromEntries(Object.keys(HOUSEHOLD_CLASSES).map((k) => [k, z.number()])) as Record<keyof typeof HOUSEHOLD_CLASSES, z.ZodNumber>);
export const rulesSchema = z.object({
  perDelivery: classPoints, perKg: z.number(), gradePct: z.object({ A: z.number(), B: z.number(), C: z.number(), D: z.number() }), expiryMonths: z.number(),
});
export const rulesAnswer = z.object({ regionCode: z.string(), rules: rulesSchema, keys: z.array(z.string()).describe('the region settings (PUT /api/settings/{key}) that set them') });

export const accountSchema = z.object({
  household: z.object({ id: z.string(), regionCode: z.string(), regionName: z.string().nullable(), placeId: z.string(), placeName: z.string(), placeKind: z.string(), address: z.string(), cardNo: z.string(), qrToken: z.string() }),
  qrSvg: z.string(), balance: z.number(), earned: z.number(), redeemed: z.number(), expired: z.number(), expiringSoon: z.number().describe('points lapsing within 30 days'), nextExpiry: instant.nullable(), rules: rulesSchema,
});
export const historyPage = pageSchema(z.object({
  id: z.string(), kind: vocabularyText(['earn', 'redeem', 'expire']), points: z.number(), at: instant, expiresAt: instant.nullable(),
  wasteClass: wasteClass.nullable(), weightKg: z.number().nullable(), grade: grade.nullable(), facilityName: z.string().nullable(), goods: z.string().nullable(), quantity: z.number().nullable(), bookingNo: z.string().nullable().describe('the booked recycling pickup an earn entry paid for'),
}));
export const nearbyPage = pageSchema(z.object({
  id: z.string(), name: z.string(), address: z.string(), regionName: z.string().nullable(), classes: z.array(z.string()), opensAt: z.string().nullable(), closesAt: z.string().nullable(),
  longitude: z.number().nullable(), latitude: z.number().nullable(), distanceM: z.number().nullable(), operatorName: z.string().nullable(), openNow: z.boolean().nullable(),
}));
export const communitySchema = z.object({
  from: z.string(), to: z.string(), townCode: z.string(), townName: z.string().nullable(), mine: rate, rank: z.number(), places: z.number(),
  townParticipationPct: z.number().nullable().describe('the other places of the town, on average'), townAccuracyPct: z.number().nullable(),
  ranking: z.array(z.object({ placeId: z.string(), name: z.string(), participationPct: z.number().nullable(), accuracyPct: z.number().nullable(), households: z.number(), mine: z.boolean() })),
});
