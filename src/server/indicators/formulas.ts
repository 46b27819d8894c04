import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { ledgerSums } from '../ledger/monthly';
import { projects } from '../tasks/schema';
import { regionScopePrefix } from '../../domain/region-code';

// Indicators whose data is on the platform are computed, never typed in. Each formula returns its
// numerator and denominator so that a city's value is recomputed from its counties' sums, never
// averaged from their rates.
/** A sum (investment, tonnes) has no denominator: it rolls up by adding. */
export interface Computed { numerator: number; denominator: number | null; value: number | null }

export interface Formula {
  key: string;
  label: { zh: string; en: string };
  /** Names in indicator tables that mean this formula. */
  matches: RegExp;
  compute: (db: Db, regionCode: string, year: number, unit: string) => Promise<Computed>;
}

const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 100_000) / 1000 : null);

export const FORMULAS: Formula[] = [
  {
    key: 'hazardous_utilisation_rate',
    label: { zh: '工业危险废物利用处置率 =（自行利用处置量 + 委外转移量）/ 产生量', en: 'Industrial hazardous waste utilised or disposed / generated' },
    matches: /危险废物.*利用处置率/,
    async compute(db, regionCode, year) {
      const sums = await ledgerSums(db, { regionCode, year, by: ['kind'], kinds: ['generate', 'self_utilise', 'self_dispose', 'transfer_out'], categoryPrefix: 'HW' });
      const of = (...kinds: string[]) => sums.filter((s) => kinds.includes(s.kind)).reduce((t, s) => t + s.quantityT, 0);
      const handled = of('self_utilise', 'self_dispose', 'transfer_out'), generated = of('generate');
      return { numerator: handled, denominator: generated, value: rate(handled, generated) };
    },
  },
  {
    key: 'project_investment',
    label: { zh: '“无废城市”建设项目投资总额 = 项目清单总投资之和', en: 'Total investment of the plan’s project list' },
    matches: /项目.*投资(总额|额)|投资总额/,
    async compute(db, regionCode, _year, unit) {
      const [row] = await db.select({ wan: sql<number>`coalesce(sum(${projects.investmentWanYuan}), 0)`.mapWith(Number), n: sql<number>`count(*)`.mapWith(Number) })
        .from(projects).where(sql`${projects.regionCode} LIKE ${`${regionScopePrefix(regionCode)}%`}`);
      if (!row.n) return { numerator: 0, denominator: null, value: null };
      const value = /亿/.test(unit) ? row.wan / 10_000 : /^元$/.test(unit) ? row.wan * 10_000 : row.wan;
      return { numerator: row.wan, denominator: null, value: Math.round(value * 100) / 100 };
    },
  },
];

export const formulaFor = (name: string) => FORMULAS.find((f) => f.matches.test(name)) ?? null;
export const formulaByKey = (key: string) => FORMULAS.find((f) => f.key === key) ?? null;
