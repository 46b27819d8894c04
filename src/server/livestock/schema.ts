import { pgTable, text, uuid, timestamp, integer, numeric, boolean, index, uniqueIndex, check, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../platform/organisations/schema';

/**
 * 畜禽养殖场登记, one row per farm and year: species, head in stock (存栏) and sold (出栏), its manure
 * facilities and its 标准化示范场 designation. Whether it is a scale farm is read against the
 * region's threshold at the time of asking, never stored. Rows are never edited: a correction is a
 * new row naming the one it supersedes (one correction per row), so the register keeps what was said when.
 */
export const livestockFarmYears = pgTable('livestock_farm_years', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  year: integer('year').notNull(),
  species: text('species').notNull(),
  stockHead: integer('stock_head').notNull(),
  soldHead: integer('sold_head').notNull(),
  storageM3: numeric('storage_m3', { precision: 12, scale: 1, mode: 'number' }).notNull(),
  dryYardM2: numeric('dry_yard_m2', { precision: 12, scale: 1, mode: 'number' }).notNull(),
  covered: boolean('covered').notNull(),
  rainSeparated: boolean('rain_separated').notNull(),
  facilityKind: text('facility_kind').notNull(),
  demonstrationLevel: text('demonstration_level'),
  demonstrationYear: integer('demonstration_year'),
  supersedes: uuid('supersedes').references((): AnyPgColumn => livestockFarmYears.id),
  correctionReason: text('correction_reason'),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // One first record per farm and year; corrections follow it one by one.
  uniqueIndex('livestock_farm_years_first_uq').on(t.organisationId, t.year).where(sql`${t.supersedes} IS NULL`),
  uniqueIndex('livestock_farm_years_supersedes_uq').on(t.supersedes),
  index('livestock_farm_years_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.year),
  index('livestock_farm_years_year_idx').on(t.year, t.organisationId),
  check('livestock_farm_years_heads', sql`${t.stockHead} >= 0 AND ${t.soldHead} >= 0 AND ${t.storageM3} >= 0 AND ${t.dryYardM2} >= 0`),
  check('livestock_farm_years_demonstration', sql`(${t.demonstrationLevel} IS NULL) = (${t.demonstrationYear} IS NULL)`),
]);

/**
 * 畜禽粪污台账, one row per farm and month: manure generated (by the coefficient or measured) and used
 * on the farm's own books: 还田 with the land it went on, 沼气, 出售 and to whom. What went to an
 * organic-fertiliser plant is not typed here: it is the weighbridge weight of the month's received
 * hand-over manifests. Corrections supersede, as for the register.
 */
export const manureMonths = pgTable('manure_months', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  year: integer('year').notNull(),
  month: integer('month').notNull(),
  basis: text('basis').notNull(),
  generatedT: numeric('generated_t', { precision: 14, scale: 4, mode: 'number' }).notNull(),
  generatedNote: text('generated_note'),
  fieldT: numeric('field_t', { precision: 14, scale: 4, mode: 'number' }).notNull(),
  fieldAreaMu: numeric('field_area_mu', { precision: 12, scale: 1, mode: 'number' }),
  biogasT: numeric('biogas_t', { precision: 14, scale: 4, mode: 'number' }).notNull(),
  soldT: numeric('sold_t', { precision: 14, scale: 4, mode: 'number' }).notNull(),
  soldTo: text('sold_to'),
  note: text('note'),
  supersedes: uuid('supersedes').references((): AnyPgColumn => manureMonths.id),
  correctionReason: text('correction_reason'),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('manure_months_first_uq').on(t.organisationId, t.year, t.month).where(sql`${t.supersedes} IS NULL`),
  uniqueIndex('manure_months_supersedes_uq').on(t.supersedes),
  index('manure_months_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.year),
  index('manure_months_farm_idx').on(t.organisationId, t.year, t.month),
  check('manure_months_month', sql`${t.month} BETWEEN 1 AND 12`),
  check('manure_months_amounts', sql`${t.generatedT} >= 0 AND ${t.fieldT} >= 0 AND ${t.biogasT} >= 0 AND ${t.soldT} >= 0`),
  // 还田 names the land it went on; a sale names the buyer.
  check('manure_months_field_area', sql`${t.fieldT} = 0 OR ${t.fieldAreaMu} > 0`),
  check('manure_months_sold_to', sql`${t.soldT} = 0 OR ${t.soldTo} IS NOT NULL`),
]);
