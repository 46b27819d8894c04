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
