import { pgTable, text, uuid, timestamp, numeric, integer, date, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../platform/organisations/schema';
import { wasteBatches } from '../ledger/schema';

// 再生资源 (ADR 0008): the recycling network (each station and sorting centre with the company that
// runs it and the communities and towns it serves), the stations' electronic ledger (电子统计台账:
// every item bought, with its seller where the rules ask for one, each intake a batch of the store)
// and the e-waste units traced from intake to dismantling. The ledger and the units are append-only.

/** A station (回收网点) or sorting centre (分拣中心) of a recycling company, and the area it serves. */
export const recyclingSites = pgTable('recycling_sites', {
  organisationId: uuid('organisation_id').primaryKey().references(() => organisations.id),
  /** The recycling company that runs it (the site itself for an independent station). */
  operatorId: uuid('operator_id').notNull().references(() => organisations.id),
  regionCode: text('region_code').notNull(),
  kind: text('kind', { enum: ['station', 'sorting_centre'] }).notNull(),
  /** The communities (household_places) it serves, and whole towns it serves (镇街 codes). */
  servedPlaceIds: uuid('served_place_ids').array().notNull().default(sql`'{}'::uuid[]`),
  servedTownCodes: text('served_town_codes').array().notNull().default(sql`'{}'::text[]`),
  openedOn: date('opened_on'),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('recycling_sites_operator_idx').on(t.operatorId),
  index('recycling_sites_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
  index('recycling_sites_places_idx').using('gin', t.servedPlaceIds),
  index('recycling_sites_towns_idx').using('gin', t.servedTownCodes),
]);

/** One line of a site's electronic ledger: what came in, from whom, at what price; its batch holds it in store. */
export const recyclingIntake = pgTable('recycling_intake', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  siteId: uuid('site_id').notNull().references(() => organisations.id),
  receivedOn: date('received_on').notNull(),
  category: text('category').notNull(),
  wasteCode: text('waste_code').notNull(),
  weightKg: numeric('weight_kg', { precision: 12, scale: 2, mode: 'number' }).notNull(),
  itemCount: integer('item_count'),
  source: text('source').notNull(),
  bookingId: uuid('booking_id'),
  /** The load this intake came on, when a sorting centre received a station's load. */
  manifestId: uuid('manifest_id'),
  /** 《再生资源回收管理办法》 第十条: the selling unit (and its certificate), or the person (name, address, identity number). */
  sellerOrgId: uuid('seller_org_id').references(() => organisations.id),
  sellerName: text('seller_name').notNull().default(''),
  sellerIdNo: text('seller_id_no').notNull().default(''),
  sellerAddress: text('seller_address').notNull().default(''),
  sellerCertificate: text('seller_certificate').notNull().default(''),
  unitPriceYuan: numeric('unit_price_yuan', { precision: 10, scale: 2, mode: 'number' }),
  amountYuan: numeric('amount_yuan', { precision: 12, scale: 2, mode: 'number' }),
  batchId: uuid('batch_id').notNull().references(() => wasteBatches.id),
  note: text('note').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('recycling_intake_site_idx').on(t.siteId, t.receivedOn),
  index('recycling_intake_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.receivedOn),
  index('recycling_intake_seller_idx').on(t.sellerOrgId, t.receivedOn),
  index('recycling_intake_booking_idx').on(t.bookingId),
  uniqueIndex('recycling_intake_load_uq').on(t.manifestId, t.category),
  check('recycling_intake_positive', sql`${t.weightKg} >= 0 AND (${t.itemCount} IS NULL OR ${t.itemCount} >= 0)`),
]);

/** An appliance traced by unit (废弃电器电子产品), from the intake that took it in. */
export const ewasteUnits = pgTable('ewaste_units', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  intakeId: uuid('intake_id').notNull().references(() => recyclingIntake.id),
  siteId: uuid('site_id').notNull().references(() => organisations.id),
  bookingId: uuid('booking_id'),
  applianceType: text('appliance_type').notNull(),
  brand: text('brand').notNull().default(''),
  model: text('model').notNull().default(''),
  /** As the rating plate shows it; empty where there is none to read. */
  serial: text('serial').notNull().default(''),
  weightKg: numeric('weight_kg', { precision: 8, scale: 2, mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('ewaste_units_intake_idx').on(t.intakeId),
  index('ewaste_units_site_idx').on(t.siteId, t.createdAt),
  index('ewaste_units_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.createdAt),
  // A serial names one appliance: it is collected once.
  uniqueIndex('ewaste_units_serial_uq').on(t.applianceType, sql`lower(${t.brand})`, t.serial).where(sql`${t.serial} <> ''`),
]);

/**
 * What happened to an e-waste unit after its intake, one row per step (append-only: a unit's state is
 * its latest event): shipped on a load, received by the dismantler, dismantled on a line. A unit is
 * dismantled once (the partial unique index), as 《废弃电器电子产品回收处理管理条例》 pays for it once.
 */
export const ewasteUnitEvents = pgTable('ewaste_unit_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  unitId: uuid('unit_id').notNull().references(() => ewasteUnits.id),
  regionCode: text('region_code').notNull(),
  kind: text('kind', { enum: ['shipped', 'received', 'dismantled'] }).notNull(),
  /** The organisation the step happened at: the sending station, the dismantler. */
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  manifestId: uuid('manifest_id'),
  happenedOn: date('happened_on').notNull(),
  /** Dismantling: the line (拆解线) and what came out (e.g. 压缩机 1 台、铜 2.1 kg). */
  line: text('line').notNull().default(''),
  outputs: text('outputs').notNull().default(''),
  recordedBy: uuid('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('ewaste_unit_events_unit_idx').on(t.unitId, t.recordedAt),
  index('ewaste_unit_events_org_idx').on(t.organisationId, t.kind, t.happenedOn),
  index('ewaste_unit_events_manifest_idx').on(t.manifestId),
  uniqueIndex('ewaste_unit_events_dismantled_uq').on(t.unitId).where(sql`${t.kind} = 'dismantled'`),
]);
