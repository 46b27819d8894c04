import { pgTable, text, uuid, timestamp, numeric, date, index, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../platform/organisations/schema';

// 化肥销售台账: a dealer's sale of one fertiliser product with its labelled N, P2O5 and K2O, and the
// 折纯量 (pure nutrient) the platform computed from them as it entered. Append-only.
export const fertiliserSales = pgTable('fertiliser_sales', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  dealerId: uuid('dealer_id').notNull().references(() => organisations.id),
  soldOn: date('sold_on').notNull(),
  productName: text('product_name').notNull(),
  /** 肥料登记证号 where the product has one (straight fertilisers such as urea need none). */
  registrationNo: text('registration_no').notNull().default(''),
  nPct: numeric('n_pct', { precision: 5, scale: 2, mode: 'number' }).notNull(),
  p2o5Pct: numeric('p2o5_pct', { precision: 5, scale: 2, mode: 'number' }).notNull(),
  k2oPct: numeric('k2o_pct', { precision: 5, scale: 2, mode: 'number' }).notNull(),
  productKg: numeric('product_kg', { precision: 12, scale: 2, mode: 'number' }).notNull(),
  pureKg: numeric('pure_kg', { precision: 12, scale: 3, mode: 'number' }).notNull(),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('fertiliser_sales_dealer_idx').on(t.dealerId, t.soldOn),
  index('fertiliser_sales_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.soldOn),
  check('fertiliser_sales_nutrients', sql`${t.nPct} >= 0 AND ${t.p2o5Pct} >= 0 AND ${t.k2oPct} >= 0 AND ${t.nPct} + ${t.p2o5Pct} + ${t.k2oPct} > 0 AND ${t.nPct} + ${t.p2o5Pct} + ${t.k2oPct} <= 100 AND ${t.productKg} > 0`),
]);
