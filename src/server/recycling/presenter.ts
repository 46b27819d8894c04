import { z } from 'zod';
import { calendarDay, instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { INTAKE_SOURCE_VALUES, RECYCLABLE_CATEGORY_VALUES, APPLIANCE_TYPE_VALUES } from '../../domain/recycling';

// What leaves the server about renewable resources: the stations' ledger and its month, the e-waste
// units with their trace and the collected-against-dismantled summary, the network and its coverage.

const category = vocabularyText(RECYCLABLE_CATEGORY_VALUES);
const source = vocabularyText(INTAKE_SOURCE_VALUES);
const unitState = vocabularyText(['collected', 'shipped', 'received', 'dismantled']);

const unit = z.object({ id: z.string(), applianceType: vocabularyText(APPLIANCE_TYPE_VALUES), brand: z.string(), model: z.string(), serial: z.string(), weightKg: z.number() });

export const intakeCreated = z.object({
  id: z.string(), siteId: z.string(), receivedOn: calendarDay, category, wasteCode: z.string(), weightKg: z.number(), itemCount: z.number().nullable(), source,
  sellerOrgId: z.string().nullable(), sellerName: z.string(), sellerCertificate: z.string(), unitPriceYuan: z.number().nullable(), amountYuan: z.number().nullable(),
  batchId: z.string(), batchNo: z.string(), units: z.array(unit), recordedAt: instant,
});

export const intakePage = pageSchema(z.object({
  id: z.string(), siteId: z.string(), siteName: z.string(), receivedOn: calendarDay, category, wasteCode: z.string(), weightKg: z.number(), itemCount: z.number().nullable(), source,
  manifestId: z.string().nullable(), bookingId: z.string().nullable(), sellerOrgId: z.string().nullable(), sellerOrgName: z.string().nullable(), sellerName: z.string(), sellerCertificate: z.string(),
  unitPriceYuan: z.number().nullable(), amountYuan: z.number().nullable(), note: z.string(), recordedAt: instant,
}));

export const monthSummary = z.object({
  month: z.string(), totalT: z.number(),
  items: z.array(z.object({ category, wasteCode: z.string(), weightT: z.number(), itemCount: z.number(), lines: z.number() })),
});

export const unitPage = pageSchema(unit.extend({ siteId: z.string(), siteName: z.string(), collectedOn: calendarDay, state: unitState }));

export const dismantled = z.object({ id: z.string(), unitId: z.string(), kind: z.string(), happenedOn: calendarDay, line: z.string(), outputs: z.string(), serial: z.string(), applianceType: z.string() });

export const unitTraceSchema = unit.extend({
  siteId: z.string(), siteName: z.string(), collectedOn: calendarDay, source, bookingId: z.string().nullable(), state: unitState,
  events: z.array(z.object({ kind: unitState, happenedOn: calendarDay, organisationId: z.string(), organisationName: z.string(), manifestId: z.string().nullable(), manifestNumber: z.string().nullable(), line: z.string(), outputs: z.string() })),
});

export const ewasteSummarySchema = z.object({
  year: z.number(), collected: z.number(), dismantled: z.number(), dismantledPct: z.number().nullable(),
  bySite: z.array(z.object({ siteId: z.string(), siteName: z.string(), collected: z.number(), shipped: z.number(), dismantled: z.number() })),
  byDismantler: z.array(z.object({ organisationId: z.string(), organisationName: z.string(), received: z.number(), dismantled: z.number() })),
});

const site = z.object({
  organisationId: z.string(), regionCode: z.string(), kind: vocabularyText(['station', 'sorting_centre']), operatorId: z.string(), servedPlaceIds: z.array(z.string()), servedTownCodes: z.array(z.string()), openedOn: calendarDay.nullable(),
});
export const siteWritten = site.extend({ name: z.string(), created: z.boolean() });
export const sitePage = pageSchema(site.extend({ name: z.string(), operatorName: z.string(), servedPlaceNames: z.array(z.string()), longitude: z.number().nullable(), latitude: z.number().nullable() }));

export const coverageSchema = z.object({
  communities: z.number(), covered: z.number(), coveredPct: z.number().nullable(),
  towns: z.array(z.object({ townCode: z.string(), townName: z.string(), communities: z.number(), covered: z.number(), stations: z.number() })),
  counties: z.array(z.object({ countyCode: z.string(), countyName: z.string(), sortingCentres: z.number(), stations: z.number(), meetsOnePerCounty: z.boolean() })),
  uncovered: z.array(z.object({ id: z.string(), name: z.string(), regionCode: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable() })),
});

export const sellerPage = pageSchema(z.object({ id: z.string(), name: z.string(), industry: z.string().nullable() }));
