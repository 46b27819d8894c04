import { pgTable, text, uuid, timestamp, integer, index, uniqueIndex, primaryKey, date } from 'drizzle-orm/pg-core';

/**
 * 公交式收运: a licensed collector's vehicle visits many small producers on one round. Each stop
 * gets its own manifest (producer → collector), as the transfer rules require; the waste then sits
 * in the collector's store, batch by producer (集中暂存、分别管理), until it moves on to a receiver.
 */
export const collectionRounds = pgTable('collection_rounds', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  collectorId: uuid('collector_id').notNull(),
  vehicleId: uuid('vehicle_id').notNull(),
  driverId: uuid('driver_id').notNull(),
  roundDate: date('round_date').notNull(),
  wasteCode: text('waste_code').notNull(),
  status: text('status', { enum: ['planned', 'closed'] }).notNull().default('planned'),
  note: text('note').notNull().default(''),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [
  index('collection_rounds_collector_idx').on(t.collectorId, t.roundDate),
  index('collection_rounds_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.roundDate),
]);

export const collectionRoundStops = pgTable('collection_round_stops', {
  roundId: uuid('round_id').notNull(),
  seq: integer('seq').notNull(),
  producerId: uuid('producer_id').notNull(),
  manifestId: uuid('manifest_id'),
}, (t) => [primaryKey({ columns: [t.roundId, t.producerId] }), index('collection_round_stops_producer_idx').on(t.producerId), uniqueIndex('collection_round_stops_manifest_uq').on(t.manifestId)]);
