import { and, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { ledgerMovements } from '../ledger/schema';
import { regionScopePrefix } from '../../domain/region-code';

// Indicators whose data is on the platform are computed, never typed in. Each formula returns its
// numerator and denominator so that a city's value is recomputed from its counties' sums, never
// averaged from their rates.
export interface Computed { numerator: number; denominator: number; value: number | null }

export interface Formula {
  key: string;
  label: { zh: string; en: string };
  /** Names in indicator tables that mean this formula. */
  matches: RegExp;
  compute: (db: Db, regionCode: string, year: number) => Promise<Computed>;
}

const yearBounds = (year: number) => [new Date(`${year}-01-01T00:00:00+08:00`), new Date(`${year + 1}-01-01T00:00:00+08:00`)] as const;
const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 100_000) / 1000 : null);

export const FORMULAS: Formula[] = [
  {
    key: 'hazardous_utilisation_rate',
    label: { zh: '工业危险废物利用处置率 =（自行利用处置量 + 委外转移量）/ 产生量', en: 'Industrial hazardous waste utilised or disposed / generated' },
    matches: /危险废物.*利用处置率/,
    async compute(db, regionCode, year) {
      const [start, end] = yearBounds(year);
      const [row] = await db.select({
        handled: sql<number>`coalesce(sum(${ledgerMovements.quantityT}) FILTER (WHERE kind IN ('self_utilise', 'self_dispose', 'transfer_out')), 0)`.mapWith(Number),
        generated: sql<number>`coalesce(sum(${ledgerMovements.quantityT}) FILTER (WHERE kind = 'generate'), 0)`.mapWith(Number),
      }).from(ledgerMovements).where(and(sql`${ledgerMovements.regionCode} LIKE ${`${regionScopePrefix(regionCode)}%`}`, sql`${ledgerMovements.at} >= ${start} AND ${ledgerMovements.at} < ${end}`));
      return { numerator: row.handled, denominator: row.generated, value: rate(row.handled, row.generated) };
    },
  },
];

export const formulaFor = (name: string) => FORMULAS.find((f) => f.matches.test(name)) ?? null;
export const formulaByKey = (key: string) => FORMULAS.find((f) => f.key === key) ?? null;
