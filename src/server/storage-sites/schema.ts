import { pgTable, text, uuid, timestamp, numeric, doublePrecision, date, integer, index } from 'drizzle-orm/pg-core';

// 大宗工业固体废物堆存场所: the yards and landfills where fly ash, slag, gypsum and tailings lie. Each
// is registered once, its stock is reported as dated readings (append-only: a correction is a new
// reading), and problems found on inspection are followed through rectification (整改) to sign-off.
export const bulkStorageSites = pgTable('bulk_storage_sites', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  // The operator; a site left behind by a company that is gone may have none (历史遗留).
  organisationId: uuid('organisation_id'),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['storage', 'landfill'] }).notNull(),
  // Classes of the general industrial solid-waste catalogue held there (SW01 …).
  wasteClasses: text('waste_classes').array().notNull(),
  address: text('address').notNull().default(''),
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  areaM2: numeric('area_m2', { precision: 14, scale: 2, mode: 'number' }),
  designCapacityT: numeric('design_capacity_t', { precision: 14, scale: 3, mode: 'number' }).notNull(),
  builtYear: integer('built_year'),
  // 防渗、防扬散、防流失 measures as described by the operator.
  controls: text('controls').notNull().default(''),
  legacy: text('legacy', { enum: ['no', 'yes'] }).notNull().default('no'),
  status: text('status', { enum: ['in_use', 'closed'] }).notNull().default('in_use'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('bulk_storage_sites_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.status),
  index('bulk_storage_sites_org_idx').on(t.organisationId),
]);

/** 库存: a dated reading of what lies on the site, with what came in and went out since the last one. */
export const bulkStorageStock = pgTable('bulk_storage_stock', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: uuid('site_id').notNull(),
  asOf: date('as_of').notNull(),
  stockT: numeric('stock_t', { precision: 14, scale: 3, mode: 'number' }).notNull(),
  inT: numeric('in_t', { precision: 14, scale: 3, mode: 'number' }).notNull().default(0),
  outT: numeric('out_t', { precision: 14, scale: 3, mode: 'number' }).notNull().default(0),
  note: text('note').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('bulk_storage_stock_site_idx').on(t.siteId, t.asOf, t.createdAt)]);

/** 整改: a problem found on a site, its deadline, what the operator did, and the regulator's sign-off. */
export const bulkStorageRectifications = pgTable('bulk_storage_rectifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: uuid('site_id').notNull(),
  problem: text('problem').notNull(),
  foundOn: date('found_on').notNull(),
  deadline: date('deadline').notNull(),
  status: text('status', { enum: ['open', 'reported', 'verified'] }).notNull().default('open'),
  action: text('action').notNull().default(''),
  reportedAt: timestamp('reported_at', { withTimezone: true }),
  verifiedBy: uuid('verified_by'),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('bulk_storage_rectifications_site_idx').on(t.siteId, t.status)]);
