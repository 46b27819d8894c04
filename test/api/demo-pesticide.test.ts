import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

// The demo's pesticide packaging and farm-input use, as the plans' rows show them: 临清's rows 18 and 19
// computed from the dealers' books (about 7 % and 4.5 % below 2020), 天桥区's recovery rate and per-亩
// declines and 济宁经开区's declines from their statistics; the stations' stores and loads as told.
let t: TestApp;
const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
type Row = { id: string; no: number; formula: string | null; source: string };

async function planRows(username: string, regionCode: string, year: number) {
  const client = await Client.login(t.app, username);
  const planId = ((await client.get('/api/indicators/plans')).json().items as { id: string; regionCode: string }[]).find((p) => p.regionCode === regionCode)!.id;
  const rows = (await client.get(`/api/indicators/plans/${planId}?year=${year}`)).json().rows as Row[];
  const value = async (no: number) => {
    const row = rows.find((r) => r.no === no)!;
    const c = (await client.get(`/api/indicators/${row.id}/computation?year=${year}`)).json() as { formula: { key: string }; value: number | null };
    return { row, ...c };
  };
  return { rows, value };
}

beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

describe('the demo’s pesticide packaging and farm inputs', () => {
  it('computes 临清’s rows 18 and 19 from the dealers’ books: pesticides about 7 % and fertilisers about 4.5 % below 2020', async () => {
    const { value } = await planRows('office.linqing', '371581', thisYear - 1);
    const pesticide = await value(18), fertiliser = await value(19);
    expect(pesticide.row).toMatchObject({ formula: 'pesticide_use_decline', source: 'computed' });
    expect(pesticide.value).toBeGreaterThan(6);
    expect(pesticide.value).toBeLessThan(8);
    expect(fertiliser.row).toMatchObject({ formula: 'fertiliser_use_decline', source: 'computed' });
    expect(fertiliser.value).toBeGreaterThan(4);
    expect(fertiliser.value).toBeLessThan(5);
  });

  it('computes 天桥区’s recovery rate and per-亩 declines and 济宁经开区’s declines from their statistics', async () => {
    const tq = await planRows('office.tianqiao', '370105', thisYear);
    expect((await tq.value(19)).value).toBeCloseTo((352_000 / 412_000) * 100, 1);
    expect((await tq.value(20)).formula.key).toBe('pesticide_use_per_mu_decline');
    expect((await tq.value(20)).value).toBeGreaterThan(6);
    expect((await tq.value(21)).value).toBeGreaterThan(3);
    const jn = await planRows('office.jnkfq', '370829', thisYear);
    expect((await jn.value(19)).value).toBeCloseTo(7.014, 2);
    expect((await jn.value(20)).value).toBeCloseTo(4.493, 2);
  });

  it('leaves 松林镇’s station its batch in store, a dozen loads received by the recycler, one by the incinerator and one flagged to the licensed receiver', async () => {
    const db = t.database.db;
    const loads = (await db.execute<{ receiver: string; managed: string; n: number }>(sql`SELECT o.name AS receiver, m.data->>'managedAs' AS managed, count(*)::int AS n
      FROM manifests m JOIN organisations o ON o.id = m.receiver_id WHERE m.stream = 'pesticide' AND m.status = 'received' GROUP BY 1, 2 ORDER BY 1`)).rows;
    expect(loads).toEqual(expect.arrayContaining([
      { receiver: '临清市新禾废旧农膜再生塑料有限公司', managed: 'exempt', n: 12 },
      { receiver: '临清市绿能环保能源有限公司', managed: 'exempt', n: 1 },
      { receiver: '临清市绿源环保科技有限公司', managed: 'hazardous', n: 1 },
    ]));
    const songlin = await Client.login(t.app, 'agstation.demo');
    expect((await songlin.get('/api/ledger/store?stream=pesticide')).json().total).toBe(1);
    const refunds = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM pesticide_refunds`)).rows[0].n;
    expect(refunds).toBe(3);
  });
});
