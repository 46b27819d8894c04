import type { OutlineGeometry } from '../../geo/geometry';
import { pgTable, text, integer, index, jsonb, doublePrecision, uuid, timestamp, primaryKey, boolean } from 'drizzle-orm/pg-core';

// 行政区划 (GB/T 2260 codes; towns carry the 9-digit statistical code).
export const regions = pgTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  level: text('level', { enum: ['province', 'city', 'county', 'town'] }).notNull(),
  parentCode: text('parent_code'),
  // Statistical development zones (nbs_only_zone) have no GB/T 2260 code of their own.
  statisticalOnly: integer('statistical_only').notNull().default(0),
}, (t) => [
  index('regions_parent_idx').on(t.parentCode),
  index('regions_code_prefix_idx').using('btree', t.code.op('text_pattern_ops')),
]);

// Region outlines for the vector base map: imported from GeoJSON (a surveying bureau's boundary
// file), one geometry per region; the bounding box lets a map ask for what lies in its view.
export const regionOutlines = pgTable('region_outlines', {
  regionCode: text('region_code').primaryKey(),
  geometry: jsonb('geometry').notNull().$type<OutlineGeometry>(),
  minLon: doublePrecision('min_lon').notNull(),
  minLat: doublePrecision('min_lat').notNull(),
  maxLon: doublePrecision('max_lon').notNull(),
  maxLat: doublePrecision('max_lat').notNull(),
  // Nullable: the demo seed imports as nobody.
  importedBy: uuid('imported_by'),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  // The version in force (earlier ones stay in region_outline_versions, src/server/geo/schema.ts),
  // where the file came from and under which licence, and whether the line is only approximate (示意).
  version: integer('version').notNull().default(1),
  source: text('source').notNull().default(''),
  licence: text('licence').notNull().default(''),
  approximate: boolean('approximate').notNull().default(false),
}, (t) => [index('region_outlines_prefix_idx').using('btree', t.regionCode.op('text_pattern_ops'))]);

// Settings a region may set for itself (e.g. the medical-waste storage limit); the most specific
// region wins, and a code default applies where no region has set one.
export const regionSettings = pgTable('region_settings', {
  regionCode: text('region_code').notNull(),
  key: text('key').notNull(),
  value: jsonb('value').notNull(),
  updatedBy: uuid('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.key, t.regionCode] })]);
