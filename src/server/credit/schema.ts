import { pgTable, text, uuid, timestamp, integer, date, boolean, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../platform/organisations/schema';

// 企业环境信用评价 (seed 000 三(七)2(2)): score events, the blacklist, credit repair and the annual
// rating. Every table is append-only (triggers in the migration): an event ended early by a repair or a
// correction keeps its row, and the ending is a row of its own; a blacklist entry is lifted by a row.

/** A score event: found by the sweep in platform data (source_key unique per record and rule) or recorded by an official. */
export const creditEvents = pgTable('credit_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  /** The enterprise's region when the event was recorded: what lists and the rating scope by. */
  regionCode: text('region_code').notNull(),
  kind: text('kind').notNull(),
  points: integer('points').notNull(),
  reason: text('reason').notNull(),
  reasonEn: text('reason_en').notNull().default(''),
  /** What the event is about (manifest, alarm, declaration period …) and where the console shows it. */
  sourceType: text('source_type').notNull(),
  sourceId: text('source_id').notNull(),
  link: text('link'),
  /** kind:record for events the sweep finds, so a second sweep adds nothing; null for an official's. */
  sourceKey: text('source_key'),
  /** 行政处罚决定书文号 and 法律依据: required of a penalty. */
  decisionNo: text('decision_no'),
  legalBasis: text('legal_basis'),
  occurredOn: date('occurred_on').notNull(),
  validFrom: date('valid_from').notNull(),
  /** The first day it no longer counts. */
  validUntil: date('valid_until').notNull(),
  recordedBy: uuid('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('credit_events_source_uq').on(t.sourceKey),
  index('credit_events_org_idx').on(t.organisationId, t.validUntil),
  index('credit_events_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.recordedAt),
  check('credit_events_validity', sql`${t.validUntil} > ${t.validFrom}`),
  check('credit_events_penalty', sql`${t.kind} <> 'penalty' OR (${t.decisionNo} IS NOT NULL AND ${t.legalBasis} IS NOT NULL)`),
]);

/** An event ended before its validity: by an approved repair (信用修复) or an official's correction. */
export const creditEventEnds = pgTable('credit_event_ends', {
  id: uuid('id').primaryKey().defaultRandom(),
  eventId: uuid('event_id').notNull().references(() => creditEvents.id),
  cause: text('cause').notNull().$type<'repair' | 'correction'>(),
  /** The first day the event no longer counts. */
  endedOn: date('ended_on').notNull(),
  reason: text('reason').notNull(),
  repairId: uuid('repair_id'),
  endedBy: uuid('ended_by').notNull(),
  endedAt: timestamp('ended_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('credit_event_ends_event_uq').on(t.eventId)]);

/** 黑名单: an entry with its reason and decision, from a day until a day (or open); lifted by a row of credit_blacklist_lifts. */
export const creditBlacklist = pgTable('credit_blacklist', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  regionCode: text('region_code').notNull(),
  reason: text('reason').notNull(),
  decisionNo: text('decision_no').notNull(),
  listedFrom: date('listed_from').notNull(),
  listedUntil: date('listed_until'),
  listedBy: uuid('listed_by').notNull(),
  listedAt: timestamp('listed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('credit_blacklist_org_idx').on(t.organisationId),
  index('credit_blacklist_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
  check('credit_blacklist_dates', sql`${t.listedUntil} IS NULL OR ${t.listedUntil} > ${t.listedFrom}`),
]);

export const creditBlacklistLifts = pgTable('credit_blacklist_lifts', {
  id: uuid('id').primaryKey().defaultRandom(),
  entryId: uuid('entry_id').notNull().references(() => creditBlacklist.id),
  liftedOn: date('lifted_on').notNull(),
  reason: text('reason').notNull(),
  liftedBy: uuid('lifted_by').notNull(),
  liftedAt: timestamp('lifted_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('credit_blacklist_lifts_entry_uq').on(t.entryId)]);

/** 信用修复: the enterprise asks that an event end, with its rectification and evidence; decided once by a row of credit_repair_decisions. */
export const creditRepairs = pgTable('credit_repairs', {
  id: uuid('id').primaryKey().defaultRandom(),
  eventId: uuid('event_id').notNull().references(() => creditEvents.id),
  organisationId: uuid('organisation_id').notNull(),
  regionCode: text('region_code').notNull(),
  rectification: text('rectification').notNull(),
  evidence: text('evidence').notNull(),
  requestedBy: uuid('requested_by').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('credit_repairs_org_idx').on(t.organisationId, t.requestedAt),
  index('credit_repairs_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.requestedAt),
  index('credit_repairs_event_idx').on(t.eventId),
]);

export const creditRepairDecisions = pgTable('credit_repair_decisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  repairId: uuid('repair_id').notNull().references(() => creditRepairs.id),
  decision: text('decision').notNull().$type<'approved' | 'rejected'>(),
  reason: text('reason').notNull(),
  decidedBy: uuid('decided_by').notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('credit_repair_decisions_repair_uq').on(t.repairId)]);

/** 年度评价: a run freezes each solid-waste enterprise's grade of an area for a year. A later run of the same year and area supersedes it. */
export const creditRatingRuns = pgTable('credit_rating_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  year: integer('year').notNull(),
  regionCode: text('region_code').notNull(),
  scheme: integer('scheme').notNull(),
  baseScore: integer('base_score').notNull(),
  /** The day the scores were taken on: the year's last day, or the run's day for a year not over. */
  scoredOn: date('scored_on').notNull(),
  enterprises: integer('enterprises').notNull(),
  ratedBy: uuid('rated_by').notNull(),
  ratedAt: timestamp('rated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('credit_rating_runs_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.year, t.ratedAt)]);

export const creditRatings = pgTable('credit_ratings', {
  id: uuid('id').primaryKey().defaultRandom(),
  runId: uuid('run_id').notNull().references(() => creditRatingRuns.id),
  year: integer('year').notNull(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  regionCode: text('region_code').notNull(),
  score: integer('score').notNull(),
  grade: text('grade').notNull(),
  blacklisted: boolean('blacklisted').notNull(),
  events: integer('events').notNull(),
}, (t) => [
  uniqueIndex('credit_ratings_run_org_uq').on(t.runId, t.organisationId),
  index('credit_ratings_year_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.year),
  index('credit_ratings_org_idx').on(t.organisationId, t.year),
]);
