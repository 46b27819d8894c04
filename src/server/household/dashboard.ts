import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { regionScopePrefix } from '../../domain/region-code';
import { FACILITY_KINDS } from '../../domain/household';
import { CLEARED_KINDS, SOURCE } from './weighbridge';

// The 大屏's household part: today's tonnes by class where loads end (as 清运量 counts them), and each
// treatment facility's tonnes today against its capacity. Read from the daily sums.

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function householdToday(db: Db, regionCode: string) {
  const day = today();
  const like = `${regionScopePrefix(regionCode)}%`;
  const treating = sql.join(Object.entries(FACILITY_KINDS).filter(([, k]) => k.treats).map(([key]) => sql`${key}`), sql`, `);
  const [classes, facilities] = await Promise.all([
    db.execute<{ waste_class: string; t: number }>(sql`
      SELECT d.waste_class, sum(d.net_t)::float8 AS t FROM weighbridge_daily d JOIN household_facilities f ON f.id = d.facility_id
      WHERE d.day = ${day}::date AND f.kind IN (${CLEARED_KINDS}) AND ${SOURCE} LIKE ${like} GROUP BY 1`),
    db.execute<{ id: string; name: string; kind: string; capacity: number | null; t: number }>(sql`
      SELECT f.id, f.name, f.kind, f.capacity_t_per_day::float8 AS capacity, coalesce((SELECT sum(d.net_t) FROM weighbridge_daily d WHERE d.facility_id = f.id AND d.day = ${day}::date), 0)::float8 AS t
      FROM household_facilities f WHERE f.region_code LIKE ${like} AND f.status = 'in_use' AND (f.kind IN (${treating}) OR f.kind = 'sorting_centre')
      ORDER BY f.capacity_t_per_day DESC NULLS LAST, f.name LIMIT 20`),
  ]);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const byClass = Object.fromEntries(classes.rows.map((r) => [r.waste_class, round(r.t)]));
  return {
    day, byClass, totalT: round(classes.rows.reduce((s, r) => s + r.t, 0)),
    facilities: facilities.rows.map((f) => ({ id: f.id, name: f.name, kind: f.kind, capacityTPerDay: f.capacity, todayT: round(f.t), loadPct: f.capacity ? Math.round((f.t / f.capacity) * 1000) / 10 : null })),
  };
}
