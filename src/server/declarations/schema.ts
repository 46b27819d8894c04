import { pgTable, text, uuid, timestamp, integer, jsonb, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';

// 申报: figures computed from the ledger and manifests, checked and submitted by the company. A
// resubmission is a new version; earlier versions stay. Keyed by region first (the distribution key,
// docs/scale-out.md); the id alone stays unique.
export const declarations = pgTable('declarations', {
  id: uuid('id').notNull().defaultRandom(),
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  stream: text('stream').notNull(),
  periodType: text('period_type', { enum: ['month', 'quarter', 'year'] }).notNull(),
  period: text('period').notNull(),
  version: integer('version').notNull(),
  figures: jsonb('figures').notNull().$type<unknown>(),
  remark: text('remark').notNull().default(''),
  submittedBy: uuid('submitted_by').notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionCode, t.id] }),
  uniqueIndex('declarations_id_uq').on(t.id),
  uniqueIndex('declarations_version_uq').on(t.organisationId, t.stream, t.periodType, t.period, t.version),
  index('declarations_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.periodType, t.period),
]);
