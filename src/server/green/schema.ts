import { pgTable, text, uuid, timestamp, numeric, integer, bigint, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// 绿色账户 (residents' green accounts, ADR 0006): a household of a community or village holds a card
// and a QR token; a delivery at a collection point is recorded by the point's operator (a collector,
// or a smart bin with a green:write token) and graded once; points follow from the grade by the
// region's rules into an append-only ledger. A redemption names the earn entries it draws from,
// earliest-expiring first; an expiry is a ledger entry too.

/** 绿色账户: one household, at a door of a place of the register. */
export const greenHouseholds = pgTable('green_households', {
  id: uuid('id').primaryKey().defaultRandom(),
  // The place's town (9 digits) and county: the card number is unique in the county.
  regionCode: text('region_code').notNull(),
  countyCode: text('county_code').notNull(),
  placeId: uuid('place_id').notNull(),
  address: text('address').notNull(),
  cardNo: text('card_no').notNull(),
  // Printed as a QR code on the card: unguessable, never derived from the card number.
  qrToken: text('qr_token').notNull(),
  // The resident who sees this account on his phone, if he has a login.
  userId: uuid('user_id'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('green_households_county_card_uq').on(t.countyCode, t.cardNo),
  uniqueIndex('green_households_qr_uq').on(t.qrToken),
  // A collector's lookup by card, across the counties of its collection points.
  index('green_households_card_idx').on(t.cardNo),
  uniqueIndex('green_households_user_uq').on(t.userId).where(sql`${t.userId} IS NOT NULL`),
  index('green_households_place_idx').on(t.placeId),
  index('green_households_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
]);

/** 投放记录: a household's delivery of one class at a collection point. */
export const greenDeliveries = pgTable('green_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  householdId: uuid('household_id').notNull(),
  placeId: uuid('place_id').notNull(),
  facilityId: uuid('facility_id').notNull(),
  wasteClass: text('waste_class').notNull(),
  weightKg: numeric('weight_kg', { precision: 8, scale: 2, mode: 'number' }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }).notNull(),
  // A smart bin's own record number: a resent record is the stored one.
  binRef: text('bin_ref'),
  recordedBy: text('recorded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('green_deliveries_household_idx').on(t.householdId, t.deliveredAt),
  index('green_deliveries_place_idx').on(t.placeId, t.deliveredAt),
  index('green_deliveries_facility_idx').on(t.facilityId, t.deliveredAt),
  index('green_deliveries_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.deliveredAt),
  uniqueIndex('green_deliveries_bin_ref_uq').on(t.facilityId, t.binRef).where(sql`${t.binRef} IS NOT NULL`),
]);

/** 分类质量评定: a delivery's grade, given once (the primary key says so). */
export const greenGrades = pgTable('green_grades', {
  deliveryId: uuid('delivery_id').primaryKey(),
  placeId: uuid('place_id').notNull(),
  grade: text('grade', { enum: ['A', 'B', 'C', 'D'] }).notNull(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }).notNull(),
  gradedBy: text('graded_by').notNull(),
  gradedAt: timestamp('graded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('green_grades_place_idx').on(t.placeId, t.deliveredAt)]);

/**
 * 积分台账, append-only (a trigger refuses updates and deletes): earn (+, with its expiry), redeem (−,
 * drawing from earn entries in green_point_draws) and expire (−, the lapsed remainder of one earn entry).
 */
export const greenPoints = pgTable('green_points', {
  id: uuid('id').primaryKey().defaultRandom(),
  householdId: uuid('household_id').notNull(),
  regionCode: text('region_code').notNull(),
  kind: text('kind', { enum: ['earn', 'redeem', 'expire'] }).notNull(),
  points: integer('points').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  // earn: when its remainder lapses, and the graded delivery it rewards.
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  deliveryId: uuid('delivery_id'),
  // earn: the booked pickup paid in points it rewards (线上预约、线下回收, issue 17).
  bookingId: uuid('booking_id'),
  // expire: the earn entry whose remainder lapsed.
  lapsedId: uuid('lapsed_id'),
  // redeem: the goods handed over, and where.
  goods: text('goods'),
  quantity: integer('quantity'),
  facilityId: uuid('facility_id'),
  recordedBy: text('recorded_by').notNull(),
  seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
}, (t) => [
  index('green_points_household_idx').on(t.householdId, t.at),
  index('green_points_earn_expiry_idx').on(t.householdId, t.expiresAt).where(sql`${t.kind} = 'earn'`),
  uniqueIndex('green_points_delivery_uq').on(t.deliveryId).where(sql`${t.kind} = 'earn'`),
  uniqueIndex('green_points_booking_uq').on(t.bookingId).where(sql`${t.kind} = 'earn' AND ${t.bookingId} IS NOT NULL`),
  uniqueIndex('green_points_lapsed_uq').on(t.lapsedId).where(sql`${t.kind} = 'expire'`),
]);

/** What a redemption or an expiry took from which earn entry. Append-only. */
export const greenPointDraws = pgTable('green_point_draws', {
  entryId: uuid('entry_id').notNull(),
  earnId: uuid('earn_id').notNull(),
  points: integer('points').notNull(),
}, (t) => [
  primaryKey({ columns: [t.entryId, t.earnId] }),
  index('green_point_draws_earn_idx').on(t.earnId),
]);
