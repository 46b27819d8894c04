import { pgTable, text, uuid, timestamp, date, jsonb, integer, numeric, boolean, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { DrawMember, ItemFinding, PoolRisk, PoolUnitKind, RiskLevel } from '../../domain/inspections';

// 双随机、一公开: the ecology bureau's lists of units and officers, the draws made from them with their
// seeds, and the checks made of the units drawn (whose verdict is also a row of the compliance-check
// register the indicator counts). Every table here is append-only (triggers in the migration).

/**
 * 危险废物重点风险监管单位清单 (seed 000: 建立并动态更新): a unit listed 重点监管 or moved back to 一般, on a
 * day, with the reason. The latest listing of a unit holds; a unit never listed is 一般.
 */
export const inspectionRiskListings = pgTable('inspection_risk_listings', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  regionCode: text('region_code').notNull(),
  level: text('level').notNull().$type<RiskLevel>(),
  reason: text('reason').notNull(),
  listedOn: date('listed_on').notNull(),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('inspection_risk_listings_org_idx').on(t.organisationId, t.recordedAt),
  index('inspection_risk_listings_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
]);

/**
 * 检查对象名录库 and 执法检查人员名录库: an enterprise pool says which kinds of unit (and which risk level)
 * of the bureau's area it holds, its members read at each draw; an inspector pool holds the bureau's
 * ecology officials on the platform and the names of other officers the bureau enters.
 */
export const inspectionPools = pgTable('inspection_pools', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull().$type<'enterprise' | 'inspector'>(),
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  name: text('name').notNull(),
  unitKinds: text('unit_kinds').array().notNull().default(sql`'{}'::text[]`).$type<PoolUnitKind[]>(),
  risk: text('risk').notNull().default('any').$type<PoolRisk>(),
  /** An inspector pool: whether the bureau's ecology officials on the platform are in it. */
  includeUsers: boolean('include_users').notNull().default(false),
  /** An inspector pool: officers without a login, each with an id of the pool's own (the draw's member id). */
  officers: jsonb('officers').notNull().$type<{ id: string; name: string; badgeNo: string }[]>().default([]),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('inspection_pools_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.kind)]);

/** A draw: the pools, how many, the seed, the members as they were at the draw, and what was drawn. */
export const inspectionDraws = pgTable('inspection_draws', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  title: text('title').notNull(),
  enterprisePoolId: uuid('enterprise_pool_id').notNull().references(() => inspectionPools.id),
  inspectorPoolId: uuid('inspector_pool_id').notNull().references(() => inspectionPools.id),
  enterpriseCount: integer('enterprise_count').notNull(),
  inspectorsPerEnterprise: integer('inspectors_per_enterprise').notNull(),
  seed: text('seed').notNull(),
  enterpriseMembers: jsonb('enterprise_members').notNull().$type<DrawMember[]>(),
  inspectorMembers: jsonb('inspector_members').notNull().$type<DrawMember[]>(),
  result: jsonb('result').notNull().$type<{ organisationId: string; name: string; rank: string; inspectors: DrawMember[] }[]>(),
  drawnOn: date('drawn_on').notNull(),
  drawnBy: uuid('drawn_by').notNull(),
  drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('inspection_draws_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.drawnOn),
  check('inspection_draws_counts', sql`${t.enterpriseCount} >= 1 AND ${t.inspectorsPerEnterprise} >= 2`),
]);

/** A check of a unit drawn, against the checklist; its verdict is the compliance check it wrote. */
export const inspections = pgTable('inspections', {
  id: uuid('id').primaryKey().defaultRandom(),
  drawId: uuid('draw_id').notNull().references(() => inspectionDraws.id),
  organisationId: uuid('organisation_id').notNull(),
  regionCode: text('region_code').notNull(),
  inspectedOn: date('inspected_on').notNull(),
  inspectors: jsonb('inspectors').notNull().$type<DrawMember[]>(),
  items: jsonb('items').notNull().$type<ItemFinding[]>(),
  score: numeric('score', { precision: 5, scale: 1, mode: 'number' }).notNull(),
  passed: boolean('passed').notNull(),
  findings: text('findings').notNull().default(''),
  complianceCheckId: uuid('compliance_check_id').notNull(),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('inspections_draw_org_uq').on(t.drawId, t.organisationId),
  index('inspections_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.inspectedOn),
  index('inspections_org_idx').on(t.organisationId),
]);
