import { z } from 'zod';
import { calendarDay, instant } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { CELL_KIND_VALUES, CIRCULAR_STATUS_VALUES, CREDENTIAL_KIND_VALUES, CREDENTIAL_LEVEL_VALUES, PARK_LEVEL_VALUES } from '../../domain/registers';

// What leaves the server about the registers (名录): credentials, parks, cells and checks.

const evidence = z.array(z.object({ name: z.string(), note: z.string().optional() }));

/** A credential as stored, and whether it is in force today. */
export const credentialSchema = z.object({
  id: z.string(), organisationId: z.string(), regionCode: z.string().describe('the company’s region'), kind: z.enum(CREDENTIAL_KIND_VALUES), level: z.enum(CREDENTIAL_LEVEL_VALUES).nullable(),
  reference: z.string().describe('certificate, list or policy number'), issuedOn: calendarDay, validUntil: calendarDay.nullable(), evidence, note: z.string(),
  endedOn: calendarDay.nullable().describe('the first day it no longer counts'), endReason: z.string().nullable(), recordedBy: z.string(), recordedAt: instant,
  status: z.enum(['in_force', 'expired', 'ended']),
});
export const credentialPage = pageSchema(credentialSchema.extend({
  organisationName: z.string(), industry: z.string().nullable(), regionName: z.string().nullable(), recordedByName: z.string().nullable(),
  actions: z.object({ end: z.boolean() }),
}));

/** A park as stored. */
export const parkSchema = z.object({
  id: z.string(), regionCode: z.string(), name: z.string(), level: z.enum(PARK_LEVEL_VALUES), circularStatus: z.enum(CIRCULAR_STATUS_VALUES),
  circularStartedOn: calendarDay.nullable(), circularDoneOn: calendarDay.nullable(), ecoPark: z.boolean().describe('生态工业园区'), note: z.string(),
  recordedBy: z.string(), recordedAt: instant, updatedAt: instant,
});
const parkRow = parkSchema.extend({ regionName: z.string().nullable(), actions: z.object({ update: z.boolean() }) });
export const parkPage = pageSchema(parkRow);
export const parkDetailSchema = parkRow.extend({
  history: z.array(z.object({
    action: z.string().describe('record, status'), at: instant, by: z.string(), circularStatus: z.string().nullable(), circularStartedOn: calendarDay.nullable(),
    circularDoneOn: calendarDay.nullable(), ecoPark: z.boolean().nullable(), note: z.string(),
  })).describe('each change, oldest first'),
});

/** A cell as stored. */
export const cellSchema = z.object({
  id: z.string(), regionCode: z.string(), name: z.string(), kind: z.enum(CELL_KIND_VALUES), organisationId: z.string().nullable(), namedOn: calendarDay, namedBy: z.string(), evidence,
  endedOn: calendarDay.nullable(), endReason: z.string().nullable(), recordedBy: z.string(), recordedAt: instant,
});
export const cellPage = pageSchema(cellSchema.extend({
  regionName: z.string().nullable(), organisationName: z.string().nullable(), active: z.boolean(), actions: z.object({ end: z.boolean() }),
}));

/** A check as stored. */
export const checkSchema = z.object({
  id: z.string(), organisationId: z.string(), regionCode: z.string(), checkedOn: calendarDay, passed: z.boolean(), score: z.number().nullable(), findings: z.string(),
  checkedBy: z.string(), recordedAt: instant,
});
export const checkPage = pageSchema(checkSchema.extend({ organisationName: z.string(), regionName: z.string().nullable(), checkedByName: z.string().nullable() }));

export const registerSummarySchema = z.object({
  year: z.number(),
  credentials: z.object({ cleanProduction: z.number(), greenFactories: z.number(), zeroWasteFactories: z.number(), insured: z.number() }).describe('in force today'),
  parks: z.number(), circularParks: z.number().describe('parks with 循环化改造 under way or done, or eco-industrial parks'), cells: z.number().describe('cells named and not ended'),
  checks: z.number().describe('checks in the year'), checksPassed: z.number(),
  may: z.object({ credential: z.boolean(), park: z.boolean(), cell: z.boolean(), check: z.boolean() }).describe('what the caller may record'),
});
