import { pgTable, text, uuid, timestamp, numeric, integer, date, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../platform/organisations/schema';

// 农药包装废弃物 (ADR 0007): a dealer's sales and what it takes back (谁销售谁回收), the deposit-refund
// package codes, the town stations' receipts (each also a batch of the station's store, so loads
// leave on the stream's manifests) and the bureau's register of designated utilisers. Every table
// is append-only: nothing here is updated or deleted.

/** A dealer's sale of one pesticide product: what the 农药经营台账 records, with its packages. */
export const pesticideSales = pgTable('pesticide_sales', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  dealerId: uuid('dealer_id').notNull().references(() => organisations.id),
  soldOn: date('sold_on').notNull(),
  productName: text('product_name').notNull(),
  registrationNo: text('registration_no').notNull(),
  activeIngredient: text('active_ingredient').notNull(),
  contentPct: numeric('content_pct', { precision: 6, scale: 3, mode: 'number' }).notNull(),
  packageType: text('package_type').notNull(),
  packageMaterial: text('package_material').notNull(),
  /** As the label says it (100毫升, 1千克, 5升). */
  packageSize: text('package_size').notNull(),
  packageCount: integer('package_count').notNull(),
  productKg: numeric('product_kg', { precision: 12, scale: 3, mode: 'number' }).notNull(),
  /** One empty package, g: what the sold packaging weighs, for the recovery rate by weight. */
  packageWeightG: numeric('package_weight_g', { precision: 8, scale: 1, mode: 'number' }).notNull(),
  /** The deposit on each coded package (押金), yuan; null when the sale took none. */
  depositYuan: numeric('deposit_yuan', { precision: 8, scale: 2, mode: 'number' }),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('pesticide_sales_dealer_idx').on(t.dealerId, t.packageType, t.soldOn),
  index('pesticide_sales_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.soldOn),
  check('pesticide_sales_positive', sql`${t.packageCount} > 0 AND ${t.productKg} > 0 AND ${t.contentPct} > 0 AND ${t.contentPct} <= 100`),
]);

/** A deposit-refund package's code (QR), recorded at sale: a code is sold once. */
export const pesticidePackageCodes = pgTable('pesticide_package_codes', {
  code: text('code').primaryKey(),
  regionCode: text('region_code').notNull(),
  saleId: uuid('sale_id').notNull().references(() => pesticideSales.id),
  dealerId: uuid('dealer_id').notNull(),
  packageType: text('package_type').notNull(),
  depositYuan: numeric('deposit_yuan', { precision: 8, scale: 2, mode: 'number' }).notNull(),
}, (t) => [index('pesticide_package_codes_sale_idx').on(t.saleId)]);

/** What a dealer took back from farmers on a day, by package type. */
export const pesticideReturns = pgTable('pesticide_returns', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  dealerId: uuid('dealer_id').notNull().references(() => organisations.id),
  returnedOn: date('returned_on').notNull(),
  returnedBy: text('returned_by').notNull().default(''),
  bottleCount: integer('bottle_count').notNull(),
  bagCount: integer('bag_count').notNull(),
  drumCount: integer('drum_count').notNull(),
  weightKg: numeric('weight_kg', { precision: 10, scale: 2, mode: 'number' }).notNull(),
  refundYuan: numeric('refund_yuan', { precision: 10, scale: 2, mode: 'number' }).notNull().default(0),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('pesticide_returns_dealer_idx').on(t.dealerId, t.returnedOn),
  index('pesticide_returns_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.returnedOn),
  check('pesticide_returns_counts', sql`${t.bottleCount} >= 0 AND ${t.bagCount} >= 0 AND ${t.drumCount} >= 0 AND ${t.bottleCount} + ${t.bagCount} + ${t.drumCount} > 0`),
]);

/** A coded package scanned at return and its refund: the key makes a second return of a code impossible. */
export const pesticideRefunds = pgTable('pesticide_refunds', {
  code: text('code').primaryKey().references(() => pesticidePackageCodes.code),
  returnId: uuid('return_id').notNull().references(() => pesticideReturns.id),
  refundYuan: numeric('refund_yuan', { precision: 8, scale: 2, mode: 'number' }).notNull(),
}, (t) => [index('pesticide_refunds_return_idx').on(t.returnId)]);

/** A town station's receipt: from a dealer (what it took back) or straight from a farmer. */
export const pesticideReceipts = pgTable('pesticide_receipts', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  stationId: uuid('station_id').notNull().references(() => organisations.id),
  receiptNo: text('receipt_no').notNull(),
  receivedOn: date('received_on').notNull(),
  sourceKind: text('source_kind', { enum: ['dealer', 'farmer'] }).notNull(),
  dealerId: uuid('dealer_id').references(() => organisations.id),
  farmerName: text('farmer_name').notNull().default(''),
  bottleCount: integer('bottle_count').notNull(),
  bagCount: integer('bag_count').notNull(),
  drumCount: integer('drum_count').notNull(),
  weightKg: numeric('weight_kg', { precision: 10, scale: 2, mode: 'number' }).notNull(),
  /** The batch of the station's store the receipt became (waste_batches). */
  batchId: uuid('batch_id'),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('pesticide_receipts_no_uq').on(t.stationId, t.receiptNo),
  index('pesticide_receipts_station_idx').on(t.stationId, t.receivedOn),
  index('pesticide_receipts_dealer_idx').on(t.dealerId).where(sql`${t.dealerId} IS NOT NULL`),
  index('pesticide_receipts_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.receivedOn),
  check('pesticide_receipts_source', sql`(${t.sourceKind} = 'dealer') = (${t.dealerId} IS NOT NULL)`),
  check('pesticide_receipts_counts', sql`${t.bottleCount} >= 0 AND ${t.bagCount} >= 0 AND ${t.drumCount} >= 0 AND ${t.bottleCount} + ${t.bagCount} + ${t.drumCount} > 0 AND ${t.weightKg} > 0`),
]);

/**
 * 资源化利用单位 the agriculture bureau designated under the 办法 (第十六条), a register of decisions:
 * the latest decision on an organisation (designate or revoke) is the one in force.
 */
export const pesticideUtilisers = pgTable('pesticide_utilisers', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  action: text('action', { enum: ['designate', 'revoke'] }).notNull(),
  decisionNo: text('decision_no').notNull(),
  note: text('note').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('pesticide_utilisers_org_idx').on(t.organisationId, t.recordedAt),
  index('pesticide_utilisers_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
]);
