import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { annualised, type Text } from '../indicators/formula';
import { inArea, inYearDate, rows } from '../indicators/formula-sql';
import { statistic } from '../statistics/read';
import { salesComplete, type UseSource } from '../../domain/agri/inputs';

// An area's pesticide or fertiliser use in a year, and where the figure comes from: the dealers'
// sales when every dealer registered in the area reported that year, else the statistics bureau's
// figure. While the year runs, sales so far are scaled to a full year.

export type InputKind = 'pesticide' | 'fertiliser';

export const USE_STATISTIC: Record<InputKind, string> = { pesticide: 'pesticide_use_t', fertiliser: 'fertiliser_use_pure_t' };
export const SOWN_AREA_KEYS = ['sown_area_grain', 'sown_area_cotton', 'sown_area_vegetables'] as const;

export interface UseFigure {
  year: number; kind: InputKind;
  /** Tonnes counted (product for pesticide, 折纯 for fertiliser), or null when neither source has a figure. */
  tonnes: number | null; source: UseSource | null; sourceNote: Text;
  /** The dealers' side: tonnes sold so far, active ingredient (pesticide), dealers reporting and registered. */
  salesT: number; activeT: number | null; reporting: number; registered: number;
  statisticsT: number | null;
}

export async function useFigure(db: Db, regionCode: string, year: number, kind: InputKind, now = new Date()): Promise<UseFigure> {
  const sales = kind === 'pesticide'
    ? sql`SELECT coalesce(sum(product_kg), 0)::float8 / 1000 AS t, coalesce(sum(product_kg * content_pct / 100), 0)::float8 / 1000 AS active, count(DISTINCT dealer_id)::int AS reporting
        FROM pesticide_sales s WHERE ${inArea(sql`s.region_code`, regionCode)} AND ${inYearDate(sql`s.sold_on`, year)}`
    : sql`SELECT coalesce(sum(pure_kg), 0)::float8 / 1000 AS t, NULL::float8 AS active, count(DISTINCT dealer_id)::int AS reporting
        FROM fertiliser_sales s WHERE ${inArea(sql`s.region_code`, regionCode)} AND ${inYearDate(sql`s.sold_on`, year)}`;
  const [[s], [{ registered }]] = await Promise.all([
    rows<{ t: number; active: number | null; reporting: number }>(db, sales),
    rows<{ registered: number }>(db, sql`SELECT count(*)::int AS registered FROM organisations o WHERE o.status = 'verified' AND o.capabilities @> ARRAY['agri_dealer']::text[] AND ${inArea(sql`o.region_code`, regionCode)}`),
  ]);
  const figure = await statistic(db, regionCode, year, USE_STATISTIC[kind]);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const base = { year, kind, salesT: round(s.t), activeT: s.active === null ? null : round(s.active), reporting: s.reporting, registered, statisticsT: figure?.value ?? null };
  if (salesComplete(s.reporting, registered)) {
    const scaled = round(annualised(year, s.t, now));
    return { ...base, tonnes: scaled, source: 'sales', sourceNote: { zh: `经营门店销售台账（${s.reporting}/${registered} 家门店报送${scaled !== base.salesT ? '，按已过天数折算全年' : ''}）`, en: `Dealers’ sales (${s.reporting} of ${registered} dealers reporting${scaled !== base.salesT ? ', scaled to the full year' : ''})` } };
  }
  if (figure) {
    return { ...base, tonnes: figure.value, source: 'statistics', sourceNote: { zh: `统计数据（${figure.source}）；销售台账不全：${s.reporting}/${registered} 家门店报送`, en: `Statistics (${figure.source}); the sales books are incomplete: ${s.reporting} of ${registered} dealers reporting` } };
  }
  return { ...base, tonnes: null, source: null, sourceNote: { zh: `${year}年销售台账不全（${s.reporting}/${registered} 家门店报送），且未录入统计数据`, en: `The ${year} sales books are incomplete (${s.reporting} of ${registered} dealers) and no statistics were entered` } };
}

/** The area's sown area in 亩 for a year (grain, cotton and vegetables), or null when none is entered. */
export async function sownArea(db: Db, regionCode: string, year: number): Promise<{ mu: number | null; source: string | null }> {
  const figures = await Promise.all(SOWN_AREA_KEYS.map((key) => statistic(db, regionCode, year, key)));
  const found = figures.filter((f) => f !== null);
  if (!found.length) return { mu: null, source: null };
  return { mu: found.reduce((n, f) => n + f!.value, 0), source: found[0]!.source };
}
