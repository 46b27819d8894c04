import { z } from 'zod';
import { calendarDay, instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { KITCHEN_PRODUCER_KINDS, KITCHEN_USES } from '../../domain/streams/kitchen';

// What leaves the server about kitchen waste: contracts, registered producers with their last
// pickup, the collectors and receivers to choose from, and the receiving ledger (台账).

const kind = vocabularyText(KITCHEN_PRODUCER_KINDS.map((k) => k.value));

export const contractSchema = z.object({
  id: z.string(), regionCode: z.string(), producerId: z.string(), producerName: z.string(), producerKind: kind, collectorId: z.string(), collectorName: z.string(),
  contractNo: z.string(), validFrom: calendarDay, validTo: calendarDay, dailyKg: z.number().describe('expected per day, kg'), recordedAt: instant,
});

export const producerPage = pageSchema(z.object({
  id: z.string().describe('the contract in force'), regionCode: z.string(), producerId: z.string(), producerName: z.string(), producerKind: kind,
  collectorId: z.string(), collectorName: z.string(), contractNo: z.string(), validFrom: calendarDay, validTo: calendarDay, dailyKg: z.number(),
  lastPickup: calendarDay.nullable().describe('the day of the last pickup the collector signed for'), daysSince: z.number().nullable(),
  gapDays: z.number().describe('the region’s setting: days without a pickup before an alarm'), silent: z.boolean().describe('past the gap since the last pickup (or since the contract began)'),
}));

export const collectorPage = pageSchema(z.object({ id: z.string(), name: z.string(), regionCode: z.string(), contactPhone: z.string() }));

export const receiverList = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), regionCode: z.string() })) });

export const ledgerPage = pageSchema(z.object({
  id: z.string(), number: z.string(), status: z.string(), plannedDate: calendarDay, wasteCode: z.string(), wasteName: z.string().nullable(),
  producerId: z.string(), producerName: z.string().describe('source (来源)'), producerKind: z.string().nullable(), collectorName: z.string().nullable(), vehiclePlate: z.string().nullable(),
  bucketCount: z.number().nullable(), pickupWeightT: z.number().nullable(), receivedWeightT: z.number().nullable().describe('quantity (数量), t, at the destination’s weighbridge'),
  receiverId: z.string(), receiverName: z.string().describe('destination (去向)'), treatmentMethod: vocabularyText(KITCHEN_USES.map((u) => u.value)).nullable().describe('use (用途)'),
  weighbridgeTicketNo: z.string().nullable(),
})).extend({ receivedT: z.number().describe('received over every row the query matches, t') });
