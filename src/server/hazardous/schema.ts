import { pgTable, text, uuid, timestamp, integer, boolean, jsonb, numeric, index, uniqueIndex } from 'drizzle-orm/pg-core';

// 危险废物管理计划 (HJ 1259 tables A.1-A.7): one per producer and year, filed, approved or returned.
export const managementPlans = pgTable('management_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  year: integer('year').notNull(),
  status: text('status', { enum: ['draft', 'submitted', 'approved', 'returned'] }).notNull().default('draft'),
  managementClass: text('management_class', { enum: ['key', 'simplified', 'registered'] }).notNull(),
  expectedT: numeric('expected_t', { precision: 14, scale: 4, mode: 'number' }).notNull().default(0),
  ownFacility: boolean('own_facility').notNull().default(false),
  tables: jsonb('tables').notNull().$type<Record<string, unknown>>(),
  reviewComment: text('review_comment'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  reviewedBy: uuid('reviewed_by'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('management_plans_org_year_uq').on(t.organisationId, t.year),
  index('management_plans_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.year),
]);
