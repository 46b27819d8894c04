import { pgTable, text, uuid, timestamp, date, numeric, integer, boolean, doublePrecision, index, uniqueIndex, primaryKey, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations, vehicles, drivers } from '../platform/organisations/schema';

/**
 * 病死畜禽死亡报告 (收集申请): a farm reports its dead animals, or a town's agricultural station reports
 * for a scattered household (散户: no organisation, so the household's name and village are kept).
 * Never edited: a correction is a new report naming the one it supersedes; a cancellation is a row
 * of carcass_report_cancellations. region_code is the town the animals died in: the indicator's area.
 */
export const carcassReports = pgTable('carcass_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  /** The farm for a farm's report; null for a household's. */
  farmId: uuid('farm_id').references(() => organisations.id),
  /** Who filed: the farm, or the town station's organisation. */
  filedByOrgId: uuid('filed_by_org_id').notNull().references(() => organisations.id),
  householdName: text('household_name'),
  village: text('village'),
  species: text('species').notNull(),
  head: integer('head').notNull(),
  weightKg: numeric('weight_kg', { precision: 10, scale: 1, mode: 'number' }).notNull(),
  cause: text('cause').notNull(),
  /** Suspected notifiable disease (疑似重大动物疫情): the bureau is shown it at once. */
  suspectedNotifiable: boolean('suspected_notifiable').notNull().default(false),
  diedOn: date('died_on').notNull(),
  location: text('location').notNull(),
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  contact: text('contact').notNull().default(''),
  supersedesId: uuid('supersedes_id'),
  reason: text('reason'),
  reportedBy: uuid('reported_by').notNull(),
  reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('carcass_reports_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.reportedAt),
  index('carcass_reports_farm_idx').on(t.farmId, t.reportedAt),
  index('carcass_reports_filer_idx').on(t.filedByOrgId, t.reportedAt),
  // A report is corrected once: the correction is what is in force.
  uniqueIndex('carcass_reports_supersedes_uq').on(t.supersedesId),
  check('carcass_reports_head', sql`${t.head} > 0`),
  check('carcass_reports_weight', sql`${t.weightKg} > 0`),
  check('carcass_reports_source', sql`(${t.farmId} IS NOT NULL) <> (${t.householdName} IS NOT NULL)`),
]);

/** A report withdrawn before pickup, with its reason; its manifest is cancelled in the same transaction. */
export const carcassReportCancellations = pgTable('carcass_report_cancellations', {
  reportId: uuid('report_id').primaryKey().references(() => carcassReports.id),
  reason: text('reason').notNull(),
  cancelledBy: uuid('cancelled_by').notNull(),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A collection round (收集路线) of the plant: its sealed vehicle with a GPS terminal, its driver, the reports it collects in order. */
export const carcassRounds = pgTable('carcass_rounds', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  plantId: uuid('plant_id').notNull().references(() => organisations.id),
  vehicleId: uuid('vehicle_id').notNull().references(() => vehicles.id),
  driverId: uuid('driver_id').notNull().references(() => drivers.id),
  roundDate: date('round_date').notNull(),
  note: text('note').notNull().default(''),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('carcass_rounds_plant_idx').on(t.plantId, t.roundDate),
  index('carcass_rounds_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.roundDate),
  index('carcass_rounds_driver_idx').on(t.driverId, t.roundDate),
]);

export const carcassRoundStops = pgTable('carcass_round_stops', {
  roundId: uuid('round_id').notNull().references(() => carcassRounds.id),
  seq: integer('seq').notNull(),
  reportId: uuid('report_id').notNull().references(() => carcassReports.id),
  manifestId: uuid('manifest_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.roundId, t.seq] }),
  // A report is collected on one round.
  uniqueIndex('carcass_round_stops_report_uq').on(t.reportId),
  uniqueIndex('carcass_round_stops_manifest_uq').on(t.manifestId),
]);
