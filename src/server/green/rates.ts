import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/database';
import { ACCURATE_GRADES, ratePct } from '../../domain/green';

// 参与率 and 准确率 of communities and villages (ADR 0006): participation is the share of a place's
// registered green-account households with at least one delivery in the period; accuracy is the
// share of the period's graded deliveries graded 优 or 良. Also what the indicators read.

export interface PlaceRate {
  placeId: string; name: string; kind: string; regionCode: string; regionName: string | null;
  households: number; participating: number; deliveries: number; graded: number; accurate: number;
  participationPct: number | null; accuracyPct: number | null;
}

const start = (day: string) => sql`((${day}::date)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
const end = (day: string) => sql`((${day}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/**
 * The rates of every place with green accounts that `where` keeps (an SQL condition on `p`, the
 * household_places row), from `from` to `to` (days in Asia/Shanghai, both included), ordered by town
 * and name; `limit`/`offset` page them. Households count when registered by the period's end.
 */
export async function placeRates(q: Queryable, where: SQL, period: { from: string; to: string }, page?: { limit: number; offset: number }): Promise<PlaceRate[]> {
  const rows = (await q.execute<Omit<PlaceRate, 'participationPct' | 'accuracyPct'>>(sql`
    SELECT p.id AS "placeId", p.name, p.kind, p.region_code AS "regionCode", rg.name AS "regionName",
      (SELECT count(*)::int FROM green_households h WHERE h.place_id = p.id AND h.created_at < ${end(period.to)}) AS households,
      coalesce(dv.participating, 0) AS participating, coalesce(dv.deliveries, 0) AS deliveries, coalesce(gr.graded, 0) AS graded, coalesce(gr.accurate, 0) AS accurate
    FROM household_places p LEFT JOIN regions rg ON rg.code = p.region_code
    LEFT JOIN LATERAL (SELECT count(DISTINCT d.household_id)::int AS participating, count(*)::int AS deliveries FROM green_deliveries d
      WHERE d.place_id = p.id AND d.delivered_at >= ${start(period.from)} AND d.delivered_at < ${end(period.to)}) dv ON true
    LEFT JOIN LATERAL (SELECT count(*)::int AS graded, (count(*) FILTER (WHERE g.grade = ANY(${sql.param([...ACCURATE_GRADES])}::text[])))::int AS accurate FROM green_grades g
      WHERE g.place_id = p.id AND g.delivered_at >= ${start(period.from)} AND g.delivered_at < ${end(period.to)}) gr ON true
    WHERE ${where} AND EXISTS (SELECT 1 FROM green_households h WHERE h.place_id = p.id)
    ORDER BY p.region_code, p.name, p.id ${page ? sql`LIMIT ${page.limit} OFFSET ${page.offset}` : sql``}`)).rows;
  return rows.map((r) => ({ ...r, participationPct: ratePct(r.participating, r.households), accuracyPct: ratePct(r.accurate, r.graded) }));
}

/** How many places `where` keeps have green accounts (the pages' total), and the rates over all of them. */
export async function ratesSummary(q: Queryable, where: SQL, period: { from: string; to: string }) {
  const all = await placeRates(q, where, period);
  const sum = (k: 'households' | 'participating' | 'graded' | 'accurate' | 'deliveries') => all.reduce((s, r) => s + r[k], 0);
  return {
    places: all.length, households: sum('households'), participating: sum('participating'), deliveries: sum('deliveries'), graded: sum('graded'), accurate: sum('accurate'),
    participationPct: ratePct(sum('participating'), sum('households')), accuracyPct: ratePct(sum('accurate'), sum('graded')),
  };
}

/**
 * For the indicators: the participation and accuracy of the communities and villages of a region
 * (a county or a town, by code prefix) over a period, overall and per place.
 */
export async function communityRates(q: Queryable, regionCode: string, period: { from: string; to: string }) {
  const where = sql`p.region_code LIKE ${`${regionCode}%`}`;
  const [places, summary] = await Promise.all([placeRates(q, where, period), ratesSummary(q, where, period)]);
  return { regionCode, ...period, summary, places };
}
