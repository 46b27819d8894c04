import { pgTable, text, uuid, timestamp, doublePrecision, real, smallint, primaryKey, index } from 'drizzle-orm/pg-core';

// Vehicle positions from GPS terminals and fleet software. The largest table: keyed by region
// first (the distribution key), deduplicated by (vehicle, time), partitioned by month of `at`
// (migration 0048, src/server/db/partitions.ts).
export const vehiclePositions = pgTable('vehicle_positions', {
  regionCode: text('region_code').notNull(),
  vehicleId: uuid('vehicle_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  longitude: doublePrecision('longitude').notNull(),
  latitude: doublePrecision('latitude').notNull(),
  speedKmh: real('speed_kmh'),
  heading: smallint('heading'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.regionCode, t.vehicleId, t.at] }), index('vehicle_positions_vehicle_at_idx').on(t.vehicleId, t.at)]);

// Each vehicle's latest position, kept by a statement trigger on vehicle_positions (migration 0053) in the
// writing statement itself, whoever writes (the ingest, the demo, a bulk load). The alarm scan's transport
// rules read it instead of probing every monthly partition's index once per vehicle. Positions that arrive
// late (older than the one kept) leave it as it is; a partition dropped by retention does not clear it.
export const vehicleLastPositions = pgTable('vehicle_last_positions', {
  vehicleId: uuid('vehicle_id').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  longitude: doublePrecision('longitude').notNull(),
  latitude: doublePrecision('latitude').notNull(),
});
