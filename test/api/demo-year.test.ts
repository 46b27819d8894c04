import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { STREAM_DEFINITIONS } from '../../src/domain/streams';

// The demo city as the global setup seeded it (src/server/demo/year.ts and the stream stories beside
// it): a year of 临清, month by month, in every stream the registry has, with loads on the road and
// alarms as the demo starts, and the indicator table computed from it.

let t: TestApp;
let office: Client;
const shanghaiDay = (d = new Date()) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const thisYear = Number(shanghaiDay().slice(0, 4));

/** The last twelve months as [year, month], the current one last. */
function lastTwelveMonths(): [number, number][] {
  const [y, m] = shanghaiDay().split('-').map(Number);
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (11 - i), 1));
    return [d.getUTCFullYear(), d.getUTCMonth() + 1];
  });
}

beforeAll(async () => {
  t = await startTestApp();
  office = await Client.login(t.app, 'office.linqing');
});
afterAll(async () => { await t.close(); });

describe('the demo year of 临清', () => {
  it('has ledger movements in every stream in each of the last twelve months', async () => {
    const rows = (await t.database.db.execute<{ category: string; year: number; month: number; movements: number }>(sql`
      SELECT waste_category(waste_code) AS category, extract(year FROM at AT TIME ZONE 'Asia/Shanghai')::int AS year, extract(month FROM at AT TIME ZONE 'Asia/Shanghai')::int AS month, count(*)::int AS movements
      FROM ledger_movements WHERE region_code LIKE '371581%' GROUP BY 1, 2, 3`)).rows;
    const missing: string[] = [];
    for (const stream of STREAM_DEFINITIONS) {
      for (const [year, month] of lastTwelveMonths()) {
        const n = rows.filter((r) => r.category.startsWith(stream.categoryPrefix) && r.year === year && r.month === month).reduce((s, r) => s + r.movements, 0);
        if (n === 0) missing.push(`${stream.key} ${year}-${month}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives the current calendar year generation in every stream, in the monthly sums the dashboard reads', async () => {
    const sums = (await t.database.db.execute<{ category: string; t: number }>(sql`
      SELECT category, sum(quantity_t)::float8 AS t FROM (SELECT category, quantity_t FROM ledger_monthly WHERE year = ${thisYear} AND kind = 'generate' AND region_code LIKE '371581%'
        UNION ALL SELECT category, quantity_t FROM ledger_monthly_delta WHERE year = ${thisYear} AND kind = 'generate' AND region_code LIKE '371581%') s GROUP BY category`)).rows;
    for (const stream of STREAM_DEFINITIONS) {
      expect(sums.filter((s) => s.category.startsWith(stream.categoryPrefix)).reduce((a, s) => a + s.t, 0), stream.key).toBeGreaterThan(0);
    }
  });

  it('has loads on the road with tracks since their pickup, seen on the live map', async () => {
    const live = (await office.get('/api/telemetry/live')).json().items as { manifestId: string; at: string | null; longitude: number | null; latitude: number | null }[];
    // A position no older than the load's pickup: the truck reported on this trip (the seed ran minutes or, in a long run, an hour ago).
    const tracked = [];
    for (const v of live.filter((x) => x.at)) {
      const m = (await office.get(`/api/manifests/${v.manifestId}`)).json() as { signatures: { step: string; at: string }[] };
      const pickup = m.signatures.find((x) => x.step === 'transport')!;
      if (new Date(v.at!).getTime() >= new Date(pickup.at).getTime()) tracked.push(v);
    }
    expect(tracked.length).toBeGreaterThan(0);
    for (const v of tracked) {
      // Within 临清, not on a grid: around 115.70°E, 36.84°N.
      expect(Math.abs(v.longitude! - 115.70)).toBeLessThan(0.2);
      expect(Math.abs(v.latitude! - 36.84)).toBeLessThan(0.2);
    }
    const track = (await office.get(`/api/manifests/${tracked[0].manifestId}/track`)).json() as { points: unknown[] };
    expect(track.points.length).toBeGreaterThan(5);
  });

  it('has open alarms and a closed one with its handling history', async () => {
    const open = (await office.get('/api/alarms?open=true&pageSize=100')).json() as { total: number };
    expect(open.total).toBeGreaterThan(0);
    const closed = (await office.get('/api/alarms?status=verified&pageSize=100')).json() as { items: { id: string }[] };
    expect(closed.items.length).toBeGreaterThan(0);
    const detail = (await office.get(`/api/alarms/${closed.items[0].id}`)).json() as { events: { action: string; note: string }[] };
    expect(detail.events.map((e) => e.action)).toEqual(['assign', 'handle', 'verify']);
    expect(detail.events.every((e) => e.note.length > 0)).toBe(true);
  });

  it('computes every bound indicator of 临清’s plan, with statuses that differ', async () => {
    const plan = ((await office.get('/api/indicators/plans')).json().items as { id: string; regionCode: string }[]).find((p) => p.regionCode === '371581')!;
    const rows = (await office.get(`/api/indicators/plans/${plan.id}?year=${thisYear}`)).json().rows as { no: number; name: string; formula: string | null; latest: { value: number; origin: string } | null; status: string }[];
    const computed = rows.filter((r) => r.formula);
    expect(computed.length).toBeGreaterThan(3);
    expect(computed.filter((r) => r.latest === null).map((r) => `${r.no} ${r.name}`)).toEqual([]);
    expect(computed.every((r) => r.latest!.origin === 'computed')).toBe(true);
    expect(new Set(computed.map((r) => r.status)).size).toBeGreaterThan(1);
  });
});
