import { pgTable, text, uuid, timestamp, numeric, integer, date, index, uniqueIndex, check, bigserial, boolean } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../platform/organisations/schema';

// 线上预约、线下回收 (seed 004 三(五)): the companies' registered mobile collectors (备案), their
// published price lists (a new list supersedes the last; all are kept), the residents' bookings with
// their items, what the collector recorded at the door, and every step of a booking (append-only).

/** 流动回收人员: filed with the commerce bureau (《再生资源回收管理办法》 第七条), with the login he uses if any. */
export const recyclingCollectors = pgTable('recycling_collectors', {
  id: uuid('id').primaryKey().defaultRandom(),
  companyId: uuid('company_id').notNull().references(() => organisations.id),
  regionCode: text('region_code').notNull(),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  idNo: text('id_no').notNull(),
  filingNo: text('filing_no').notNull(),
  userId: uuid('user_id'),
  active: boolean('active').notNull().default(true),
  registeredBy: uuid('registered_by').notNull(),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('recycling_collectors_company_idx').on(t.companyId),
  uniqueIndex('recycling_collectors_filing_uq').on(t.filingNo),
  uniqueIndex('recycling_collectors_user_uq').on(t.userId).where(sql`${t.userId} IS NOT NULL`),
]);

/** A company's price list (回收价格公开); the newest in force, the older kept. Append-only. */
export const recyclingPriceLists = pgTable('recycling_price_lists', {
  id: uuid('id').primaryKey().defaultRandom(),
  companyId: uuid('company_id').notNull().references(() => organisations.id),
  regionCode: text('region_code').notNull(),
  effectiveFrom: date('effective_from').notNull(),
  note: text('note').notNull().default(''),
  publishedBy: uuid('published_by').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('recycling_price_lists_company_idx').on(t.companyId, t.publishedAt)]);

export const recyclingPrices = pgTable('recycling_prices', {
  listId: uuid('list_id').notNull().references(() => recyclingPriceLists.id),
  category: text('category').notNull(),
  /** For appliances, the type; '' for the rest. */
  applianceType: text('appliance_type').notNull().default(''),
  unit: text('unit', { enum: ['kg', 'piece'] }).notNull(),
  priceYuan: numeric('price_yuan', { precision: 10, scale: 2, mode: 'number' }).notNull(),
}, (t) => [
  uniqueIndex('recycling_prices_uq').on(t.listId, t.category, t.applianceType),
  check('recycling_prices_not_negative', sql`${t.priceYuan} >= 0`),
]);

/** A resident's booked pickup: the state, the company it is offered to, the collector, the figures of the visit. */
export const recyclingBookings = pgTable('recycling_bookings', {
  id: uuid('id').primaryKey().defaultRandom(),
  bookingNo: text('booking_no').notNull(),
  /** The community's town (9 digits). */
  regionCode: text('region_code').notNull(),
  residentUserId: uuid('resident_user_id').notNull(),
  householdId: uuid('household_id'),
  placeId: uuid('place_id').notNull(),
  address: text('address').notNull(),
  contactPhone: text('contact_phone').notNull().default(''),
  slotDate: date('slot_date').notNull(),
  slot: text('slot', { enum: ['morning', 'afternoon', 'evening'] }).notNull(),
  slotStart: timestamp('slot_start', { withTimezone: true }).notNull(),
  payment: text('payment', { enum: ['cash', 'points'] }).notNull(),
  photos: text('photos').array().notNull().default(sql`'{}'::text[]`),
  note: text('note').notNull().default(''),
  status: text('status', { enum: ['pending', 'accepted', 'dispatched', 'visiting', 'awaiting_confirmation', 'done', 'cancelled', 'escalated'] }).notNull(),
  companyId: uuid('company_id').references(() => organisations.id),
  offeredAt: timestamp('offered_at', { withTimezone: true }).notNull(),
  /** The companies it was offered to and that let it time out, in order. */
  passedOver: uuid('passed_over').array().notNull().default(sql`'{}'::uuid[]`),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  collectorId: uuid('collector_id').references(() => recyclingCollectors.id),
  dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
  onWayAt: timestamp('on_way_at', { withTimezone: true }),
  arrivedAt: timestamp('arrived_at', { withTimezone: true }),
  recordedAt: timestamp('recorded_at', { withTimezone: true }),
  stationId: uuid('station_id').references(() => organisations.id),
  amountYuan: numeric('amount_yuan', { precision: 12, scale: 2, mode: 'number' }),
  points: integer('points'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelReason: text('cancel_reason'),
  escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  stars: integer('stars'),
  ratingComment: text('rating_comment'),
  ratedAt: timestamp('rated_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex('recycling_bookings_no_uq').on(t.bookingNo),
  index('recycling_bookings_resident_idx').on(t.residentUserId, t.createdAt),
  index('recycling_bookings_company_idx').on(t.companyId, t.status, t.slotStart),
  index('recycling_bookings_collector_idx').on(t.collectorId, t.slotDate),
  index('recycling_bookings_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.createdAt),
  index('recycling_bookings_pending_idx').on(t.offeredAt).where(sql`${t.status} = 'pending'`),
  check('recycling_bookings_stars', sql`${t.stars} IS NULL OR ${t.stars} BETWEEN 1 AND 5`),
]);

/** What the resident booked: a category (an appliance's type), an estimate. */
export const recyclingBookingItems = pgTable('recycling_booking_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  bookingId: uuid('booking_id').notNull().references(() => recyclingBookings.id),
  seq: integer('seq').notNull(),
  category: text('category').notNull(),
  applianceType: text('appliance_type').notNull().default(''),
  estimatedKg: numeric('estimated_kg', { precision: 10, scale: 2, mode: 'number' }),
  estimatedCount: integer('estimated_count'),
}, (t) => [uniqueIndex('recycling_booking_items_uq').on(t.bookingId, t.seq)]);

/** What the collector recorded at the door, one line per category, with the intake it became. Append-only. */
export const recyclingBookingLines = pgTable('recycling_booking_lines', {
  id: uuid('id').primaryKey().defaultRandom(),
  bookingId: uuid('booking_id').notNull().references(() => recyclingBookings.id),
  category: text('category').notNull(),
  weightKg: numeric('weight_kg', { precision: 12, scale: 2, mode: 'number' }).notNull(),
  itemCount: integer('item_count'),
  unit: text('unit', { enum: ['kg', 'piece'] }).notNull(),
  unitPriceYuan: numeric('unit_price_yuan', { precision: 10, scale: 2, mode: 'number' }).notNull(),
  amountYuan: numeric('amount_yuan', { precision: 12, scale: 2, mode: 'number' }).notNull(),
  intakeId: uuid('intake_id').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('recycling_booking_lines_booking_idx').on(t.bookingId)]);

/** Every step of a booking, by whom. Append-only. */
export const recyclingBookingEvents = pgTable('recycling_booking_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  bookingId: uuid('booking_id').notNull().references(() => recyclingBookings.id),
  action: text('action').notNull(),
  status: text('status').notNull(),
  companyId: uuid('company_id'),
  userId: uuid('user_id'),
  note: text('note').notNull().default(''),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [index('recycling_booking_events_booking_idx').on(t.bookingId, t.id)]);
