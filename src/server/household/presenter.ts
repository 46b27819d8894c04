import { z } from 'zod';
import { calendarDay, instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { FACILITY_KINDS, HOUSEHOLD_CLASSES, TICKET_CLASSES } from '../../domain/household';

// What leaves the server about household waste: places with their sorting status, facilities with
// their load, collection trucks, routes, weighbridge tickets and the tonnes they add up to.

const classText = vocabularyText(Object.keys(TICKET_CLASSES));

const placeStatus = z.object({
  asOf: calendarDay, households: z.number(), sortedDeposit: z.boolean(), sortedCollection: z.boolean(), sortedTransport: z.boolean(), sortedTreatment: z.boolean(), collectionRooms: z.number(),
});
export const placeSchema = z.object({
  id: z.string(), regionCode: z.string(), kind: vocabularyText(['community', 'village']), name: z.string(), address: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable(),
  createdAt: instant, status: placeStatus.nullable().describe('the latest status dated on or before the day asked for'),
  covered: z.boolean().describe('all four stages sorted (分类投放、收集、运输、处理)'),
});
export const placePage = pageSchema(placeSchema.extend({ regionName: z.string().nullable() }))
  .extend({ summary: z.object({ places: z.number(), households: z.number(), coveredHouseholds: z.number(), coveragePct: z.number().nullable() }).describe('over every place the query matches, not only this page') });
export const placeStatusSchema = placeStatus.extend({ id: z.string(), placeId: z.string(), note: z.string(), createdAt: instant });

export const facilitySchema = z.object({
  id: z.string(), regionCode: z.string(), kind: vocabularyText(Object.keys(FACILITY_KINDS)), name: z.string(), address: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable(),
  capacityTPerDay: z.number().nullable(), classes: z.array(z.string()), opensAt: z.string().nullable(), closesAt: z.string().nullable(), status: vocabularyText(['in_use', 'closed']),
  organisationId: z.string().nullable().describe('the operator, whose weighbridge token posts its tickets'), createdAt: instant,
});
export const facilityPage = pageSchema(facilitySchema.omit({ organisationId: true, createdAt: true }).extend({
  regionName: z.string().nullable(), operatorId: z.string().nullable(), operatorName: z.string().nullable(),
  periodT: z.number().describe('tonnes weighed from `from` to `to`'), lastDayT: z.number().describe('tonnes weighed on `to`'), tickets: z.number(),
  averagePerDayT: z.number(), loadPct: z.number().nullable().describe('average per day over the capacity, %'), lastDayLoadPct: z.number().nullable(),
})).extend({ days: z.number() });

export const vehicleSchema = z.object({ vehicleId: z.string(), plate: z.string(), regionCode: z.string(), wasteClass: classText, tareT: z.number(), loadT: z.number(), owner: z.string() });
export const vehiclePage = pageSchema(vehicleSchema.extend({ active: z.boolean(), routes: z.number() }));

export const routeSchema = z.object({
  id: z.string(), regionCode: z.string(), name: z.string(), kind: vocabularyText(['urban', 'village']), wasteClass: vocabularyText(Object.keys(HOUSEHOLD_CLASSES)),
  stops: z.array(z.object({ name: z.string(), placeId: z.string().optional() })), active: z.boolean(), plates: z.array(z.string()),
});
export const routePage = pageSchema(routeSchema.extend({ regionName: z.string().nullable(), facilities: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })) }));

export const ingestResult = z.object({ accepted: z.number(), duplicates: z.number().describe('resent tickets, skipped'), corrections: z.number(), cancellations: z.number() });

export const ticketPage = pageSchema(z.object({
  id: z.string(), ticketNo: z.string(), kind: vocabularyText(['ticket', 'correction', 'cancellation']), facilityId: z.string(), facilityName: z.string(), plate: z.string(), wasteClass: classText,
  grossT: z.number(), tareT: z.number(), netT: z.number(), inAt: instant, outAt: instant, routeId: z.string().nullable(), routeName: z.string().nullable(), routeClass: z.string().nullable(),
  originRegionCode: z.string().nullable(), originName: z.string().nullable(), measured: z.boolean(), reason: z.string(), postedBy: z.string(), correctsTicketNo: z.string().nullable(),
  state: vocabularyText(['effective', 'corrected', 'cancelled', 'cancellation']).describe('effective; or replaced by a later correction or cancellation'),
}));

export const tonnageSchema = z.object({
  from: calendarDay, to: calendarDay, by: vocabularyText(['class', 'town', 'facility', 'route', 'day']),
  items: z.array(z.object({ key: z.string(), name: z.string(), byClass: z.record(z.string(), z.number()), totalT: z.number(), tickets: z.number() })),
  totals: z.record(z.string(), z.number()).describe('tonnes by class'), totalT: z.number(), classes: z.array(z.string()),
});
