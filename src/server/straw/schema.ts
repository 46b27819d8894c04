import { pgTable, text, uuid, timestamp, integer, numeric, jsonb, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const tonnes = (name: string) => numeric(name, { precision: 14, scale: 3, mode: 'number' });

/**
 * A region's own straw coefficients for a crop (草谷比, 可收集系数) with where they come from. Never
 * edited: a new row for the same region and crop replaces the one in force (superseded_at), so the
 * register keeps which figures held when.
 */
export const strawCoefficients = pgTable('straw_coefficients', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  crop: text('crop').notNull(),
  grainRatio: numeric('grain_ratio', { precision: 6, scale: 3, mode: 'number' }).notNull(),
  collectableShare: numeric('collectable_share', { precision: 4, scale: 3, mode: 'number' }).notNull(),
  source: text('source').notNull(),
  supersededAt: timestamp('superseded_at', { withTimezone: true }),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('straw_coefficients_current_uq').on(t.regionCode, t.crop).where(sql`${t.supersededAt} IS NULL`),
  check('straw_coefficients_range', sql`${t.grainRatio} > 0 AND ${t.collectableShare} > 0 AND ${t.collectableShare} <= 1`),
]);

/**
 * 秸秆 season filing: one town, year, harvest (三夏/三秋) and crop, with the sown area, yield, the
 * coefficients it was computed with, the straw it gives and the tonnes of each use, and the market
 * entities that collected and stored it. A second filing for the same town, year, harvest and crop
 * supersedes the first (superseded_by), which stays as history.
 */
export const strawSeasons = pgTable('straw_seasons', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  year: integer('year').notNull(),
  harvest: text('harvest').notNull(),
  crop: text('crop').notNull(),
  sownMu: numeric('sown_mu', { precision: 12, scale: 2, mode: 'number' }).notNull(),
  yieldT: tonnes('yield_t').notNull(),
  grainRatio: numeric('grain_ratio', { precision: 6, scale: 3, mode: 'number' }).notNull(),
  collectableShare: numeric('collectable_share', { precision: 4, scale: 3, mode: 'number' }).notNull(),
  coefficientSource: text('coefficient_source').notNull(),
  theoreticalT: tonnes('theoretical_t').notNull(),
  collectableT: tonnes('collectable_t').notNull(),
  fieldReturnT: tonnes('field_return_t').notNull(),
  fertiliserT: tonnes('fertiliser_t').notNull(),
  feedT: tonnes('feed_t').notNull(),
  fuelT: tonnes('fuel_t').notNull(),
  substrateT: tonnes('substrate_t').notNull(),
  materialT: tonnes('material_t').notNull(),
  usedT: tonnes('used_t').notNull(),
  /** [{ organisationId | null, name, tonnes }]: who collected and stored it (收储主体). */
  entities: jsonb('entities').$type<{ organisationId: string | null; name: string; tonnes: number }[]>().notNull().default([]),
  remark: text('remark').notNull().default(''),
  via: text('via').notNull().default('form'),
  supersedes: uuid('supersedes'),
  supersededBy: uuid('superseded_by'),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('straw_seasons_current_uq').on(t.regionCode, t.year, t.harvest, t.crop).where(sql`${t.supersededBy} IS NULL`),
  index('straw_seasons_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.year),
  index('straw_seasons_year_idx').on(t.year, t.harvest, t.crop),
  check('straw_seasons_used', sql`${t.usedT} <= ${t.collectableT}`),
  check('straw_seasons_positive', sql`${t.sownMu} >= 0 AND ${t.yieldT} >= 0 AND ${t.fieldReturnT} >= 0 AND ${t.fertiliserT} >= 0 AND ${t.feedT} >= 0 AND ${t.fuelT} >= 0 AND ${t.substrateT} >= 0 AND ${t.materialT} >= 0`),
]);
