import { pgTable, text, uuid, timestamp, integer, date, numeric, index, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../platform/organisations/schema';

/**
 * 农膜台账: one table for the four ledgers (a dealer's sales, a user's use, a collection point's
 * take-back, a recycler's intake), each row kept by the company that recorded it, placed in the town
 * the film is used or collected in. Rows are never edited or deleted (农用薄膜管理办法: ledgers kept
 * at least two years); a correction is a new row that names the one it supersedes.
 */
export const filmRecords = pgTable('film_records', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  ledger: text('ledger').notNull(),
  year: integer('year').notNull(),
  day: date('day').notNull(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  filmType: text('film_type').notNull(),
  thicknessMm: numeric('thickness_mm', { precision: 6, scale: 4, mode: 'number' }),
  tonnes: numeric('tonnes', { precision: 12, scale: 3, mode: 'number' }).notNull(),
  crop: text('crop'),
  areaMu: numeric('area_mu', { precision: 12, scale: 2, mode: 'number' }),
  /** The other party: the buyer of a sale, who handed film back, the station an intake came from. */
  counterpartId: uuid('counterpart_id').references(() => organisations.id),
  counterpartName: text('counterpart_name').notNull().default(''),
  remark: text('remark').notNull().default(''),
  supersedes: uuid('supersedes'),
  supersededBy: uuid('superseded_by'),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('film_records_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.year, t.ledger),
  index('film_records_org_idx').on(t.organisationId, t.year),
  check('film_records_tonnes', sql`${t.tonnes} > 0`),
]);

/**
 * A refused sale (禁售): a dealer tried to record PE mulch under 0.010 mm. The sale is not written;
 * this report is, so the bureau sees who, when and what thickness.
 */
export const filmRefusals = pgTable('film_refusals', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  day: date('day').notNull(),
  filmType: text('film_type').notNull(),
  thicknessMm: numeric('thickness_mm', { precision: 6, scale: 4, mode: 'number' }).notNull(),
  tonnes: numeric('tonnes', { precision: 12, scale: 3, mode: 'number' }).notNull(),
  counterpartName: text('counterpart_name').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('film_refusals_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.recordedAt),
  index('film_refusals_org_idx').on(t.organisationId),
]);
