import { z } from 'zod';
import { bilingual, calendarDay, freeRecord, instant, pgTimestamp, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { organisationSchema, licenceSchema } from '../platform/organisations/presenter';
import { AGE_BAND_KEYS, KEY_UNIT_REASON_KEYS } from '../../domain/supervision';

// What leaves the server in the officials' views: the key-supervision list, waste in store, capacity
// matching, the facility map and one enterprise's file. These are read by SQL that builds JSON, so a
// moment inside them is a string: json_agg writes "2025-03-01T08:00:00.123+08:00", a plain column
// read by db.execute PostgreSQL's "2025-03-01 08:00:00.123+08".

const band = z.enum(AGE_BAND_KEYS);
const reason = z.object({ reason: z.enum(KEY_UNIT_REASON_KEYS), detail: freeRecord.describe('what the reason rests on: year and expectedT, licences and capacityT, count and rules, count and numbers, batches and heldT') });

export const keyUnitSchema = z.object({
  id: z.string(), name: z.string(), creditCode: z.string(), regionCode: z.string(), regionName: z.string().nullable(),
  capabilities: z.array(z.string()), industry: z.string().nullable(), reasons: z.array(reason),
});
export const keyUnitPage = pageSchema(keyUnitSchema).extend({ byReason: z.record(z.string(), z.number()).describe('units listed per reason') });

export const storeOverviewSchema = pageSchema(z.object({
  organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), regionName: z.string().nullable(), wasteCode: z.string(),
  heldT: z.number(), batches: z.number(), oldestAt: z.string().describe('when the oldest batch was generated (JSON text of PostgreSQL, with offset)'),
  ageDays: z.number(), ageHours: z.number(), band,
})).extend({
  totals: z.array(z.object({ band, heldT: z.number(), batches: z.number(), organisations: z.number() })),
  medicalLimitHours: z.number().describe('the medical-waste storage limit in force in the area'),
});

export const capacitySchema = z.object({
  year: z.number(), regionCode: z.string(),
  rows: z.array(z.object({
    category: z.string().describe('HW01…HW50'), categoryName: z.string(), generatedT: z.number(), plannedT: z.number(), demandT: z.number(), receivedT: z.number(),
    capacityT: z.number(), gapT: z.number(), share: z.number().nullable().describe('demand over capacity'), status: z.enum(['sufficient', 'tight', 'insufficient']),
    receivers: z.array(z.object({ organisationId: z.string(), name: z.string(), licenceNo: z.string(), capacityT: z.number() })),
  })),
});

const mapKind = z.enum(['producer', 'store', 'receiver', 'collector']);
export const facilityMapSchema = z.object({
  regionCode: z.string(),
  points: z.array(z.object({
    id: z.string(), name: z.string(), kind: mapKind, longitude: z.number(), latitude: z.number(), regionCode: z.string(), capabilities: z.array(z.string()),
    heldT: z.number().nullable(), oldestDays: z.number().nullable(), overdueBatches: z.number(), licensedCapacityT: z.number().nullable(), licensedCodes: z.array(z.string()),
  })),
  counts: z.object({ producer: z.number(), store: z.number(), receiver: z.number(), collector: z.number() }),
  withoutCoordinates: z.array(z.object({ id: z.string(), name: z.string(), kind: mapKind })),
  truncated: z.boolean(),
});

/** 企业档案: one enterprise on one page. What a department sees is kept to the waste it regulates. */
export const enterpriseHistorySchema = z.object({
  organisation: organisationSchema.extend({ regionName: z.string() }),
  access: z.object({ waste: z.enum(['all', 'medical', 'none']), audit: z.boolean(), own: z.boolean() }),
  keyUnit: z.object({ listed: z.boolean(), reasons: z.array(reason) }).nullable(),
  licences: z.array(licenceSchema),
  vehicles: z.array(z.object({ id: z.string(), plate: z.string(), vehicleType: z.string(), loadT: z.number(), dgPermitNo: z.string().nullable(), active: z.boolean() })),
  plans: z.array(z.object({
    id: z.string(), year: z.number(), status: z.enum(['draft', 'submitted', 'approved', 'returned']), managementClass: z.enum(['key', 'simplified', 'registered']),
    expectedT: z.number(), submittedAt: instant.nullable(), reviewedAt: instant.nullable(), reviewComment: z.string().nullable(),
  })),
  declarations: z.array(z.object({ id: z.string(), stream: z.string(), periodType: z.enum(['month', 'quarter', 'year']), period: z.string(), version: z.number(), submittedAt: instant })),
  manifests: z.object({
    latest: z.array(z.object({
      id: z.string(), number: z.string(), status: z.string(), wasteCode: z.string(), wasteName: z.string().nullable(), declaredWeightT: z.number(), receivedWeightT: z.number().nullable(),
      plannedDate: calendarDay, createdAt: instant, role: vocabularyText(['producer', 'receiver', 'transporter']), producerName: z.string(), receiverName: z.string(),
    })),
    byStatus: z.array(z.object({ status: z.string(), count: z.number(), weightT: z.number() })),
    total: z.number(),
  }),
  ledger: z.array(z.object({ year: z.number(), wasteCode: z.string(), byKind: z.record(z.string(), z.number()).describe('tonnes per ledger kind (generate, store, transfer_out, …)') })),
  inStore: z.object({
    batches: z.array(z.object({ id: z.string(), batchNo: z.string(), wasteCode: z.string(), generatedAt: pgTimestamp, heldT: z.number(), ageDays: z.number(), band })),
    byCode: z.array(z.object({ wasteCode: z.string(), heldT: z.number(), batches: z.number(), oldestDays: z.number() })),
    totalT: z.number(),
  }),
  alarms: z.object({
    rules: z.array(z.object({ key: z.string(), label: bilingual, severity: z.enum(['low', 'medium', 'high']) })),
    counts: z.array(z.object({ rule: z.string(), status: z.string(), count: z.number() })),
    latest: z.array(z.object({ id: z.string(), rule: z.string(), severity: z.enum(['low', 'medium', 'high']), status: z.string(), title: z.string(), titleEn: z.string(), raisedAt: instant })),
  }),
  audit: z.array(z.object({ id: z.number(), at: instant, actorLabel: z.string(), action: z.string(), entityType: z.string(), entityId: z.string() })).nullable()
    .describe('null when the caller may not read the audit log'),
});
