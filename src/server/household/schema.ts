import { pgTable, text, uuid, timestamp, numeric, doublePrecision, integer, bigint, date, boolean, jsonb, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// 生活垃圾 (household waste, ADR 0006): the urban-management bureau's register of where households live
// and of the facilities of the chain, and the weighbridge tickets the facilities post. Places and
// facilities are registered once; what changes about a place (households, its sorting) is a dated
// status row, never an edit, so a year's coverage is read as it stood at the year's end.

/** 居民小区 or 行政村, in a town (9-digit region code). */
export const householdPlaces = pgTable('household_places', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  kind: text('kind', { enum: ['community', 'village'] }).notNull(),
  name: text('name').notNull(),
  address: text('address').notNull().default(''),
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('household_places_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.kind),
  uniqueIndex('household_places_region_name_uq').on(t.regionCode, t.kind, t.name),
]);

/** What a place is from a day on: its households and which of the four stages are sorted, with 定时定点 rooms. */
export const householdPlaceStatus = pgTable('household_place_status', {
  id: uuid('id').primaryKey().defaultRandom(),
  placeId: uuid('place_id').notNull(),
  asOf: date('as_of').notNull(),
  households: integer('households').notNull(),
  sortedDeposit: boolean('sorted_deposit').notNull(),
  sortedCollection: boolean('sorted_collection').notNull(),
  sortedTransport: boolean('sorted_transport').notNull(),
  sortedTreatment: boolean('sorted_treatment').notNull(),
  collectionRooms: integer('collection_rooms').notNull().default(0),
  note: text('note').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('household_place_status_place_idx').on(t.placeId, t.asOf, t.createdAt)]);

/** A facility of the chain: collection point, transfer station, plant or landfill, with its capacity. */
export const householdFacilities = pgTable('household_facilities', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  // The operator, whose weighbridge token posts the tickets.
  organisationId: uuid('organisation_id'),
  kind: text('kind', { enum: ['collection_point', 'transfer_station', 'incineration', 'sanitary_landfill', 'fly_ash_landfill', 'kitchen_plant', 'sorting_centre', 'faecal_plant'] }).notNull(),
  name: text('name').notNull(),
  address: text('address').notNull().default(''),
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  capacityTPerDay: numeric('capacity_t_per_day', { precision: 10, scale: 2, mode: 'number' }),
  // The classes it takes (HOUSEHOLD_CLASSES keys).
  classes: text('classes').array().notNull(),
  opensAt: text('opens_at'),
  closesAt: text('closes_at'),
  status: text('status', { enum: ['in_use', 'closed'] }).notNull().default('in_use'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('household_facilities_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.kind),
  index('household_facilities_org_idx').on(t.organisationId),
]);

/** A collection truck of the household chain: a vehicle a company registered, with the class it carries and its registered tare. */
export const householdVehicles = pgTable('household_vehicles', {
  vehicleId: uuid('vehicle_id').primaryKey(),
  regionCode: text('region_code').notNull(),
  wasteClass: text('waste_class').notNull(),
  tareT: numeric('tare_t', { precision: 8, scale: 3, mode: 'number' }).notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('household_vehicles_region_idx').using('btree', t.regionCode.op('text_pattern_ops'))]);

/**
 * A collection route (收运线路): its stops in order, the class it carries, its trucks and the facilities
 * its loads go to (a transfer station, then a plant). In villages: 户投递、村收集、镇转运、县处理.
 */
export const householdRoutes = pgTable('household_routes', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['urban', 'village'] }).notNull(),
  wasteClass: text('waste_class').notNull(),
  vehicleIds: uuid('vehicle_ids').array().notNull(),
  facilityIds: uuid('facility_ids').array().notNull(),
  stops: jsonb('stops').notNull().$type<{ name: string; placeId?: string }[]>(),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('household_routes_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
  index('household_routes_vehicles_idx').using('gin', t.vehicleIds),
  uniqueIndex('household_routes_region_name_uq').on(t.regionCode, t.name),
]);

/**
 * 地磅磅单: one weighing at a facility, as its weighbridge software posts it. A resent ticket (same
 * facility and number) is the stored one; a correction or cancellation is a new row naming the ticket
 * it corrects. Keyed by region first, as the telemetry tables are, and partitioned by month of the time
 * out (migration 0048, src/server/db/partitions.ts): a partitioned table's keys must hold the partition
 * column, so out_at is in the primary key and in the ticket number's unique index.
 */
export const weighbridgeTickets = pgTable('weighbridge_tickets', {
  regionCode: text('region_code').notNull(),
  id: uuid('id').notNull().defaultRandom(),
  facilityId: uuid('facility_id').notNull(),
  ticketNo: text('ticket_no').notNull(),
  plate: text('plate').notNull(),
  vehicleId: uuid('vehicle_id'),
  wasteClass: text('waste_class').notNull(),
  grossT: numeric('gross_t', { precision: 8, scale: 3, mode: 'number' }).notNull(),
  tareT: numeric('tare_t', { precision: 8, scale: 3, mode: 'number' }).notNull(),
  netT: numeric('net_t', { precision: 8, scale: 3, mode: 'number' }).notNull(),
  inAt: timestamp('in_at', { withTimezone: true }).notNull(),
  outAt: timestamp('out_at', { withTimezone: true }).notNull(),
  // Where the load came from: a route, or a town.
  routeId: uuid('route_id'),
  originRegionCode: text('origin_region_code'),
  measured: boolean('measured').notNull().default(true),
  kind: text('kind', { enum: ['ticket', 'correction', 'cancellation'] }).notNull().default('ticket'),
  corrects: uuid('corrects'),
  reason: text('reason').notNull().default(''),
  // Who posted it: a weighbridge token's organisation, or the user who typed it in (manual entry).
  postedBy: text('posted_by').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  // The order tickets arrived in: which version of a corrected ticket is the latest.
  seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
}, (t) => [
  primaryKey({ columns: [t.regionCode, t.id, t.outAt] }),
  index('weighbridge_tickets_corrects_idx').on(t.regionCode, t.corrects).where(sql`${t.corrects} IS NOT NULL`),
  // A correction or cancellation carries a ticket number of its own (the software's, or the ticket's with a suffix).
  // Unique with its time out (one partition holds it); ingestTickets serialises a facility's posts, so the
  // same number at another time is found and refused before it is written.
  uniqueIndex('weighbridge_tickets_facility_no_uq').on(t.regionCode, t.facilityId, t.ticketNo, t.outAt),
  index('weighbridge_tickets_facility_out_idx').on(t.facilityId, t.outAt),
  index('weighbridge_tickets_received_idx').on(t.receivedAt),
  index('weighbridge_tickets_region_out_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.outAt),
]);

/**
 * Tonnes per facility, day (Asia/Shanghai, by the time out), class, town of origin and route, kept by
 * a statement trigger on weighbridge_tickets: a ticket adds, a correction takes the ticket's latest
 * version out and puts its own in, a cancellation takes it out. The day view and the indicators read these.
 */
export const weighbridgeDaily = pgTable('weighbridge_daily', {
  regionCode: text('region_code').notNull(),
  facilityId: uuid('facility_id').notNull(),
  day: date('day').notNull(),
  wasteClass: text('waste_class').notNull(),
  originRegionCode: text('origin_region_code').notNull(),
  routeKey: text('route_key').notNull(),
  tickets: integer('tickets').notNull(),
  netT: numeric('net_t', { precision: 14, scale: 3, mode: 'number' }).notNull(),
}, (t) => [
  // Region first (docs/scale-out.md); the trigger's ON CONFLICT names these columns (migration 0051).
  primaryKey({ columns: [t.regionCode, t.facilityId, t.day, t.wasteClass, t.originRegionCode, t.routeKey] }),
  index('weighbridge_daily_region_day_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.day),
  index('weighbridge_daily_origin_day_idx').using('btree', t.originRegionCode.op('text_pattern_ops'), t.day),
  // A province's view has no region to narrow by: a day or the days around whole months are a range of this.
  index('weighbridge_daily_day_idx').on(t.day),
]);

/**
 * Tonnes per facility, month (its first day), class and source town (the town of origin when the
 * ticket names one, else the facility's place), kept by the same statement trigger as the daily sums.
 * A view over whole months (a province's year: 4 million daily rows, 130,000 monthly) and the yearly
 * indicators read these; the days at either end of a period come from weighbridge_daily.
 */
export const weighbridgeMonthly = pgTable('weighbridge_monthly', {
  regionCode: text('region_code').notNull(),
  facilityId: uuid('facility_id').notNull(),
  month: date('month').notNull(),
  wasteClass: text('waste_class').notNull(),
  source: text('source').notNull(),
  tickets: integer('tickets').notNull(),
  netT: numeric('net_t', { precision: 16, scale: 3, mode: 'number' }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.regionCode, t.facilityId, t.month, t.wasteClass, t.source] }),
  index('weighbridge_monthly_region_month_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.month),
  index('weighbridge_monthly_source_month_idx').using('btree', t.source.op('text_pattern_ops'), t.month),
  index('weighbridge_monthly_month_idx').on(t.month),
]);
