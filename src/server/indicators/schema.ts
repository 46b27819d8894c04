import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, timestamp, integer, jsonb, numeric, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';

// 指标体系: a jurisdiction's plan (its table), the indicators in it, yearly targets as written, and
// values per region and period, computed by the platform or reported with evidence.
export const indicatorPlans = pgTable('indicator_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  title: text('title').notNull(),
  source: text('source').notNull().default(''),
  baselineYear: integer('baseline_year').notNull(),
  years: integer('years').array().notNull(),
  // A second import of a plan for the same region and period is a new version; the one it replaces
  // stays, marked superseded.
  version: integer('version').notNull().default(1),
  supersedesId: uuid('supersedes_id'),
  supersededAt: timestamp('superseded_at', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('indicator_plans_title_uq').on(t.regionCode, t.title).where(sql`${t.supersededAt} IS NULL`), index('indicator_plans_region_idx').using('btree', t.regionCode.op('text_pattern_ops'))]);

export const indicators = pgTable('indicators', {
  id: uuid('id').primaryKey().defaultRandom(),
  planId: uuid('plan_id').notNull(),
  regionCode: text('region_code').notNull(),
  no: integer('no').notNull(),
  level1: text('level1').notNull(),
  level2: text('level2').notNull(),
  name: text('name').notNull(),
  mark: text('mark', { enum: ['mandatory', 'optional'] }),
  unit: text('unit').notNull().default(''),
  direction: text('direction', { enum: ['increase', 'decrease'] }).notNull(),
  baselineText: text('baseline_text').notNull().default(''),
  baselineValue: numeric('baseline_value', { precision: 18, scale: 6, mode: 'number' }),
  dataSource: text('data_source').notNull().default(''),
  // The lead department(s) (牵头部门) where the table names them apart; `responsible` lists the lead ones first, then the others.
  lead: text('lead').notNull().default(''),
  responsible: text('responsible').notNull().default(''),
  note: text('note').notNull().default(''),
  // When set, the platform computes the value from its own data (see indicators/formulas.ts).
  formula: text('formula'),
  // Every cell of the source row as written, by column header.
  original: jsonb('original').notNull().$type<Record<string, string>>(),
}, (t) => [uniqueIndex('indicators_plan_no_uq').on(t.planId, t.no), index('indicators_formula_idx').on(t.formula)]);

export const indicatorTargets = pgTable('indicator_targets', {
  indicatorId: uuid('indicator_id').notNull(),
  year: integer('year').notNull(),
  text: text('text').notNull(),
  parsed: jsonb('parsed').notNull().$type<Record<string, unknown>>(),
}, (t) => [primaryKey({ columns: [t.indicatorId, t.year] })]);

export const indicatorValues = pgTable('indicator_values', {
  id: uuid('id').primaryKey().defaultRandom(),
  indicatorId: uuid('indicator_id').notNull(),
  regionCode: text('region_code').notNull(),
  year: integer('year').notNull(),
  month: integer('month'),
  // Null for a qualitative indicator, which carries a person's verdict instead.
  value: numeric('value', { precision: 18, scale: 6, mode: 'number' }),
  verdict: text('verdict', { enum: ['achieved', 'on_track', 'at_risk', 'off_track'] }),
  numerator: numeric('numerator', { precision: 18, scale: 6, mode: 'number' }),
  denominator: numeric('denominator', { precision: 18, scale: 6, mode: 'number' }),
  origin: text('origin', { enum: ['computed', 'reported'] }).notNull(),
  status: text('status', { enum: ['submitted', 'approved', 'returned'] }).notNull(),
  evidence: jsonb('evidence').notNull().$type<{ name: string; note?: string }[]>().default([]),
  note: text('note').notNull().default(''),
  reportedBy: uuid('reported_by'),
  reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
  reviewedBy: uuid('reviewed_by'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
}, (t) => [index('indicator_values_lookup_idx').on(t.indicatorId, t.regionCode, t.year, t.month, t.reportedAt)]);
