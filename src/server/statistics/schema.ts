import { pgTable, text, uuid, timestamp, integer, jsonb, numeric, index, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// 统计数据: figures the platform cannot collect itself but formulas need (地区生产总值, 常住人口, 医疗机构数 …),
// per region, year and key (see domain/statistics/keys.ts). Entered or imported by the statistics bureau or
// the zero-waste office with their source. A figure is never edited: a revision is a new row that names
// the one it supersedes, and the earlier row stays in the history.
export const statisticalInputs = pgTable('statistical_inputs', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  year: integer('year').notNull(),
  key: text('key').notNull(),
  value: numeric('value', { precision: 20, scale: 6, mode: 'number' }).notNull(),
  source: text('source').notNull(),
  evidence: jsonb('evidence').notNull().$type<{ name: string; note?: string }[]>().default([]),
  note: text('note').notNull().default(''),
  supersedesId: uuid('supersedes_id').references((): AnyPgColumn => statisticalInputs.id),
  /** Set when a revision takes over; the current figure is the row with no successor. */
  supersededAt: timestamp('superseded_at', { withTimezone: true }),
  enteredBy: uuid('entered_by').notNull(),
  enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('statistical_inputs_current_uq').on(t.regionCode, t.year, t.key).where(sql`${t.supersededAt} IS NULL`),
  uniqueIndex('statistical_inputs_supersedes_uq').on(t.supersedesId),
  index('statistical_inputs_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.year, t.key),
]);
