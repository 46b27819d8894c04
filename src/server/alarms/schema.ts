import { pgTable, text, uuid, timestamp, jsonb, bigserial, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// 预警: raised by rules on events and by periodic scans; each has an owner, a deadline and a closed
// loop: open → assigned → handled → verified, or dismissed with a reason.
export const ALARM_STATUSES = ['open', 'assigned', 'handled', 'verified', 'dismissed'] as const;

// Keyed by region first (the distribution key, docs/scale-out.md); the id alone stays unique.
export const alarms = pgTable('alarms', {
  id: uuid('id').notNull().defaultRandom(),
  rule: text('rule').notNull(),
  severity: text('severity', { enum: ['low', 'medium', 'high'] }).notNull(),
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id'),
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  // One live alarm per rule and subject: a scan that finds the same thing again adds nothing.
  dedupeKey: text('dedupe_key').notNull(),
  title: text('title').notNull(),
  titleEn: text('title_en').notNull(),
  details: jsonb('details').notNull().$type<Record<string, unknown>>().default({}),
  status: text('status', { enum: ALARM_STATUSES }).notNull().default('open'),
  ownerUserId: uuid('owner_user_id'),
  deadline: timestamp('deadline', { withTimezone: true }).notNull(),
  raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.regionCode, t.id] }),
  uniqueIndex('alarms_id_uq').on(t.id),
  uniqueIndex('alarms_live_uq').on(t.dedupeKey).where(sql`${t.status} IN ('open', 'assigned', 'handled')`),
  index('alarms_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.status, t.raisedAt),
  index('alarms_org_idx').on(t.organisationId, t.status),
  index('alarms_rule_idx').on(t.rule, t.status),
]);

export const alarmEvents = pgTable('alarm_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  alarmId: uuid('alarm_id').notNull(),
  action: text('action').notNull(),
  userId: uuid('user_id'),
  note: text('note').notNull().default(''),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('alarm_events_alarm_idx').on(t.alarmId, t.id)]);
