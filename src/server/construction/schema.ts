import { pgTable, text, uuid, timestamp, numeric, doublePrecision, date, integer, jsonb, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';

// 建筑垃圾: a construction or demolition project registers, files its disposal plan (处理方案) before
// work starts, and every truckload leaves on an electronic manifest of the shared engine (stream
// 'construction') to a consumption site (消纳场) or a recycling plant.
export const constructionProjects = pgTable('construction_projects', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  name: text('name').notNull(),
  address: text('address').notNull().default(''),
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  kind: text('kind', { enum: ['new', 'demolition', 'renovation'] }).notNull(),
  floorAreaM2: numeric('floor_area_m2', { precision: 14, scale: 2, mode: 'number' }).notNull(),
  // 绿色建筑 (designed to GB/T 50378, with its star rating if any) and 装配式建筑, for the new-build shares;
  // null where the project did not say.
  greenBuilding: boolean('green_building'),
  greenStar: integer('green_star'),
  prefabricated: boolean('prefabricated'),
  startDate: date('start_date').notNull(),
  endDate: date('end_date'),
  status: text('status', { enum: ['registered', 'active', 'finished'] }).notNull().default('registered'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('construction_projects_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.status),
  index('construction_projects_org_idx').on(t.organisationId),
]);

export interface PlanItem { code: string; expectedT: number; reuseOnSiteT: number }

/** 建筑垃圾处理方案: filed before work starts, approved by the housing bureau; a new version replaces it. */
export const constructionPlans = pgTable('construction_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id').notNull(),
  version: integer('version').notNull(),
  items: jsonb('items').notNull().$type<PlanItem[]>(),
  reductionTargetPct: numeric('reduction_target_pct', { precision: 5, scale: 2, mode: 'number' }).notNull(),
  measures: text('measures').notNull().default(''),
  transporterIds: uuid('transporter_ids').array().notNull(),
  siteIds: uuid('site_ids').array().notNull(),
  // The approved route as [longitude, latitude] points; empty: the straight corridor applies.
  route: jsonb('route').notNull().$type<[number, number][]>().default([]),
  status: text('status', { enum: ['submitted', 'approved', 'returned'] }).notNull().default('submitted'),
  submittedBy: uuid('submitted_by').notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  comment: text('comment').notNull().default(''),
}, (t) => [uniqueIndex('construction_plans_version_uq').on(t.projectId, t.version), index('construction_plans_status_idx').on(t.status)]);

/** 消纳场 and 资源化利用厂: where truckloads may go, with capacity and what was there before the platform. */
export const disposalSites = pgTable('disposal_sites', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  regionCode: text('region_code').notNull(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['consumption', 'recycling'] }).notNull(),
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  capacityT: numeric('capacity_t', { precision: 14, scale: 2, mode: 'number' }).notNull(),
  openingFillT: numeric('opening_fill_t', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
  // Tonnes received on the platform, kept by the trigger of migration 0020 as loads are received (or a
  // received weight is revised), so a new load's room check does not sum the site's whole history.
  receivedT: numeric('received_t', { precision: 14, scale: 3, mode: 'number' }).notNull().default(0),
  accepts: text('accepts').array().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('disposal_sites_org_idx').on(t.organisationId), index('disposal_sites_region_idx').using('btree', t.regionCode.op('text_pattern_ops'))]);
