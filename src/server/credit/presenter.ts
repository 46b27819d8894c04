import { z } from 'zod';
import { calendarDay, instant, vocabularyText, bilingual } from '../http/presenter';
import { CREDIT_EVENT_KINDS, GRADE_VALUES } from '../../domain/credit';

// What leaves the server about enterprise credit. An enterprise reads its own profile through the same
// shape; the reasons are the platform's words (a sweep's) or the bureau's (a penalty's).

const KINDS = CREDIT_EVENT_KINDS.map((k) => k.value);
const REPAIR_STATUS = ['pending', 'approved', 'rejected'];

export const creditEvent = z.object({
  id: z.string(), organisationId: z.string(), regionCode: z.string(), kind: vocabularyText(KINDS), points: z.number().describe('points, negative lowers the score'),
  reason: z.string(), reasonEn: z.string(), sourceType: z.string(), sourceId: z.string(), link: z.string().nullable(), sourceKey: z.string().nullable(),
  decisionNo: z.string().nullable().describe('行政处罚决定书文号'), legalBasis: z.string().nullable().describe('法律依据'),
  occurredOn: calendarDay, validFrom: calendarDay, validUntil: calendarDay.describe('the first day it no longer counts'), recordedBy: z.string().nullable(), recordedAt: instant,
});
export const eventEnd = z.object({ id: z.string(), eventId: z.string(), cause: vocabularyText(['repair', 'correction']), endedOn: calendarDay, reason: z.string(), repairId: z.string().nullable(), endedBy: z.string(), endedAt: instant });

export const eventRow = z.object({
  id: z.string(), organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), kind: vocabularyText(KINDS), points: z.number(), reason: z.string(), reasonEn: z.string(),
  link: z.string().nullable(), decisionNo: z.string().nullable(), legalBasis: z.string().nullable(), occurredOn: calendarDay, validUntil: calendarDay, endedOn: calendarDay.nullable(), recordedAt: instant,
});

export const sweepResult = z.object({ regionCode: z.string().describe('the area swept; empty for the whole platform'), found: z.number(), added: z.number().describe('new events (the rest were recorded before)'), byKind: z.record(z.string(), z.number()) });

const gradeOut = z.object({ value: vocabularyText(GRADE_VALUES), zh: z.string(), en: z.string(), colour: z.string(), label: bilingual });
const repairOut = z.object({ id: z.string(), eventId: z.string(), status: vocabularyText(REPAIR_STATUS), rectification: z.string(), evidence: z.string(), requestedAt: instant, decisionReason: z.string().nullable(), decidedAt: instant.nullable() });

export const profile = z.object({
  organisationId: z.string(), name: z.string(), creditCode: z.string(), regionCode: z.string(), asOf: calendarDay, solidWaste: z.boolean().describe('within the rated population (固体废物相关企业)'),
  scheme: z.number().describe('1 four colours, 2 A–E'), schemeLabel: bilingual, baseScore: z.number(), score: z.number(), grade: gradeOut, blacklisted: z.boolean(),
  events: z.array(z.object({
    id: z.string(), kind: vocabularyText(KINDS), points: z.number(), reason: z.string(), reasonEn: z.string(), sourceType: z.string(), link: z.string().nullable(), decisionNo: z.string().nullable(), legalBasis: z.string().nullable(),
    occurredOn: calendarDay, validFrom: calendarDay, validUntil: calendarDay, endedOn: calendarDay.nullable(), endCause: z.string().nullable(), endReason: z.string().nullable(), inForce: z.boolean(), recordedAt: instant,
    repair: repairOut.nullable(),
  })),
  blacklist: z.array(z.object({ id: z.string(), reason: z.string(), decisionNo: z.string(), listedFrom: calendarDay, listedUntil: calendarDay.nullable(), liftedOn: calendarDay.nullable(), liftReason: z.string().nullable(), current: z.boolean() })),
  ratings: z.array(z.object({ year: z.number(), score: z.number(), grade: z.string(), blacklisted: z.boolean(), ratedAt: instant })),
  mayRequestRepair: z.boolean(),
});

export const enterpriseRow = z.object({
  organisationId: z.string(), name: z.string(), creditCode: z.string(), regionCode: z.string(), regionName: z.string(), capabilities: z.array(z.string()),
  score: z.number(), grade: vocabularyText(GRADE_VALUES), blacklisted: z.boolean(), eventsInForce: z.number(), pendingRepairs: z.number(),
});

export const blacklistEntry = z.object({ id: z.string(), organisationId: z.string(), regionCode: z.string(), reason: z.string(), decisionNo: z.string(), listedFrom: calendarDay, listedUntil: calendarDay.nullable(), listedBy: z.string(), listedAt: instant });
export const blacklistLift = z.object({ id: z.string(), entryId: z.string(), liftedOn: calendarDay, reason: z.string(), liftedBy: z.string(), liftedAt: instant });
export const blacklistRow = z.object({
  id: z.string(), organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), regionName: z.string(), reason: z.string(), decisionNo: z.string(),
  listedFrom: calendarDay, listedUntil: calendarDay.nullable(), listedAt: instant, liftedOn: calendarDay.nullable(), liftReason: z.string().nullable(), current: z.boolean(),
});

export const repairCreated = z.object({ id: z.string(), eventId: z.string(), organisationId: z.string(), regionCode: z.string(), rectification: z.string(), evidence: z.string(), requestedBy: z.string(), requestedAt: instant, status: vocabularyText(REPAIR_STATUS) });
export const repairDecided = repairCreated.omit({ status: true }).extend({
  status: vocabularyText(REPAIR_STATUS), decision: z.object({ id: z.string(), repairId: z.string(), decision: vocabularyText(['approved', 'rejected']), reason: z.string(), decidedBy: z.string(), decidedAt: instant }),
});
export const repairRow = z.object({
  id: z.string(), eventId: z.string(), organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), kind: vocabularyText(KINDS), points: z.number(), eventReason: z.string(), occurredOn: calendarDay,
  rectification: z.string(), evidence: z.string(), requestedAt: instant, status: vocabularyText(REPAIR_STATUS), decisionReason: z.string().nullable(), decidedAt: instant.nullable(),
});

export const ratingRun = z.object({
  id: z.string(), year: z.number(), regionCode: z.string(), scheme: z.number(), baseScore: z.number(), scoredOn: calendarDay, enterprises: z.number(), ratedBy: z.string(), ratedAt: instant,
  byGrade: z.record(z.string(), z.number()),
});
export const ratingList = z.object({
  year: z.number(),
  runs: z.array(z.object({ id: z.string(), year: z.number(), regionCode: z.string(), scheme: z.number(), scoredOn: calendarDay, enterprises: z.number(), ratedAt: instant })),
  items: z.array(z.object({ organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), score: z.number(), grade: z.string(), blacklisted: z.boolean(), events: z.number(), ratedAt: instant })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});
