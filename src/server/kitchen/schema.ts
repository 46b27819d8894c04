import { pgTable, text, uuid, timestamp, date, numeric, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../platform/organisations/schema';

/**
 * 餐厨垃圾收运合同: a restaurant, canteen, school or hotel registers as a kitchen-waste producer by
 * naming the licensed collector it has a contract with. A pickup manifest goes to that collector
 * only. A contract is never edited: a change of collector ends the one in force (ended_on, reason)
 * and starts a new one, so the register keeps who collected when.
 */
export const kitchenContracts = pgTable('kitchen_contracts', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  producerId: uuid('producer_id').notNull().references(() => organisations.id),
  collectorId: uuid('collector_id').notNull().references(() => organisations.id),
  producerKind: text('producer_kind').notNull(),
  contractNo: text('contract_no').notNull(),
  validFrom: date('valid_from').notNull(),
  validTo: date('valid_to').notNull(),
  /** What the producer expects to hand over on a day (kg), as it declared it; the collector plans its rounds by it. */
  dailyKg: numeric('daily_kg', { precision: 10, scale: 1, mode: 'number' }).notNull(),
  endedOn: date('ended_on'),
  endReason: text('end_reason'),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // One contract in force per producer.
  uniqueIndex('kitchen_contracts_current_uq').on(t.producerId).where(sql`${t.endedOn} IS NULL`),
  index('kitchen_contracts_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
  index('kitchen_contracts_collector_idx').on(t.collectorId),
  check('kitchen_contracts_dates', sql`${t.validTo} >= ${t.validFrom}`),
]);
