import { pgTable, text, integer, jsonb, doublePrecision, uuid, timestamp, boolean, bigserial, uniqueIndex } from 'drizzle-orm/pg-core';
import type { OutlineGeometry } from './geometry';

// Every outline ever imported, the one in force included: a new file replaces the outline a map
// draws (region_outlines) and keeps the old one here with the time it was replaced.
export const regionOutlineVersions = pgTable('region_outline_versions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  regionCode: text('region_code').notNull(),
  version: integer('version').notNull(),
  geometry: jsonb('geometry').notNull().$type<OutlineGeometry>(),
  minLon: doublePrecision('min_lon').notNull(),
  minLat: doublePrecision('min_lat').notNull(),
  maxLon: doublePrecision('max_lon').notNull(),
  maxLat: doublePrecision('max_lat').notNull(),
  source: text('source').notNull(),
  licence: text('licence').notNull(),
  approximate: boolean('approximate').notNull(),
  importedBy: uuid('imported_by'),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  replacedAt: timestamp('replaced_at', { withTimezone: true }),
}, (t) => [uniqueIndex('region_outline_versions_uq').on(t.regionCode, t.version)]);
