import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { farmInputFormulas } from '../../src/server/farm-inputs/formulas';
import { formulaFor } from '../../src/server/indicators/formulas';
import { DEMO_PLANS } from '../../src/server/demo/plans/load';

// 化肥、农药使用量 over HTTP and through the formulas, against the demo: fertiliser sales with their
// 折纯量; the use of both against 2020 from the dealers' complete books (临清) or from statistics
// (济宁经开区 against its plan's "221吨1", 天桥区 per 亩 of sown area), with the source shown.
let t: TestApp;
let dealer: Client, agri: Client, tianqiao: Client, urban: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const [pesticide, fertiliser, pesticidePerMu, fertiliserPerMu] = farmInputFormulas;
const query = (regionCode: string, baselineText = '') => ({ regionCode, year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText });

beforeAll(async () => {
  t = await startTestApp();
  [dealer, agri, tianqiao, urban] = await Promise.all(['dealer.demo', 'agri.linqing', 'office.tianqiao', 'urban.linqing'].map((u) => Client.login(t.app, u)));
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('fertiliser sales', () => {
  it('computes 折纯量 from N, P2O5 and K2O, and refuses nutrients over 100 % naming the field, writing nothing', async () => {
    const res = await dealer.post('/api/farm-inputs/fertiliser-sales', { soldOn: today, productName: '复合肥料（17-17-17）', nPct: 17, p2o5Pct: 17, k2oPct: 17, productKg: 2000 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ pureKg: 1020, dealerName: '临清市松林镇丰源农资经营部' });
    const count = async () => (await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM fertiliser_sales`)).rows[0].n;
    const before = await count();
    const over = await dealer.post('/api/farm-inputs/fertiliser-sales', { soldOn: today, productName: '错误配方', nPct: 46, p2o5Pct: 46, k2oPct: 10, productKg: 50 });
    expect(over.statusCode).toBe(400);
    expect(over.json()).toMatchObject({ code: 'NUTRIENT_OVER_100', path: 'k2oPct' });
    const negative = await dealer.post('/api/farm-inputs/fertiliser-sales', { soldOn: today, productName: '尿素', nPct: -1, p2o5Pct: 0, k2oPct: 0, productKg: 50 });
    expect(negative.json()).toMatchObject({ code: 'VALIDATION', path: 'nPct' });
    expect(await count()).toBe(before);
  });

  it('shows a dealer its own sales and refuses the use figures to it and to urban management', async () => {
    const own = (await dealer.get('/api/farm-inputs/fertiliser-sales?pageSize=100')).json();
    expect(new Set(own.items.map((s: { dealerName: string }) => s.dealerName))).toEqual(new Set(['临清市松林镇丰源农资经营部']));
    expect((await dealer.get('/api/farm-inputs/use')).statusCode).toBe(403);
    expect((await urban.get('/api/farm-inputs/use')).statusCode).toBe(403);
  });
});

describe('use against the base year', () => {
  it('counts 临清 from the dealers’ complete books: pesticides down about 7 %, fertilisers about 4.5 %', async () => {
    const body = (await agri.get(`/api/farm-inputs/use?year=${year - 1}`)).json();
    const p = body.items.find((i: { kind: string }) => i.kind === 'pesticide');
    expect(p.current).toMatchObject({ source: 'sales', reporting: 20, registered: 20 });
    expect(p.current.activeT).toBeGreaterThan(0);
    const pd = await pesticide.compute(db(), { ...query('371581'), year: year - 1 });
    expect(pd.value).toBeGreaterThan(6);
    expect(pd.value).toBeLessThan(8);
    const fd = await fertiliser.compute(db(), { ...query('371581'), year: year - 1 });
    expect(fd.value).toBeGreaterThan(4);
    expect(fd.value).toBeLessThan(5);
    expect(fd.inputs?.find((i) => i.key === 'current')?.note?.zh).toContain('销售台账');
  });

  it('computes 济宁经开区 against its plan’s baseline cell "221吨1" from statistics', async () => {
    const row = DEMO_PLANS.flatMap((p) => p.indicators.rows).find((r) => r.includes('化学农药施用量下降幅度☆'))!;
    expect(formulaFor(String(row[3]))?.key).toBe('pesticide_use_decline');
    const computed = await pesticide.compute(db(), query('370829', '221吨1'));
    expect(computed.value).toBeCloseTo(((221 - 205.5) / 221) * 100, 2);
    expect(computed.inputs?.find((i) => i.key === 'baseline')?.note?.zh).toContain('221吨1');
    expect(computed.inputs?.find((i) => i.key === 'current')?.note?.zh).toContain('统计数据');
    const f = await fertiliser.compute(db(), query('370829', '6165吨1'));
    expect(f.value).toBeCloseTo(((6165 - 5888) / 6165) * 100, 2);
  });

  it('computes 天桥区 per 亩 of sown area from statistics, and binds each row to one formula', async () => {
    const per = await pesticidePerMu.compute(db(), query('370105', '/'));
    const expected = (1 - (88.1 / (129_800 + 26_700)) / (96.4 / (131_000 + 27_000))) * 100;
    expect(per.value).toBeCloseTo(expected, 2);
    expect((await fertiliserPerMu.compute(db(), query('370105', '/'))).value).toBeGreaterThan(3);
    expect(formulaFor('化学农药施用量亩均下降幅度')?.key).toBe('pesticide_use_per_mu_decline');
    expect(formulaFor('化学肥料施用量亩均下降幅度')?.key).toBe('fertiliser_use_per_mu_decline');
    expect(formulaFor('化学肥料施用量下降幅度')?.key).toBe('fertiliser_use_decline');
    expect(formulaFor('农药包装废弃物回收率')?.key).toBe('pesticide_packaging_recovery_rate');
    const use = (await tianqiao.get(`/api/farm-inputs/use?year=${year}`)).json();
    expect(use.items[0].current).toMatchObject({ source: 'statistics', tonnes: 88.1 });
  });
});

describe('incomplete books', () => {
  it('leaves the dealers’ sales aside when a registered dealer did not report, and says so', async () => {
    // A farm that starts selling farm inputs: 21 dealers registered, 20 reporting.
    await db().execute(sql`UPDATE organisations SET capabilities = capabilities || ARRAY['agri_dealer'] WHERE name = '临清市松林镇鑫旺生猪养殖场'`);
    const computed = await pesticide.compute(db(), { ...query('371581'), year: year - 1 });
    expect(computed.value).toBeNull();
    expect(computed.missing?.zh).toContain('20/21');
    expect(computed.inputs?.find((i) => i.key === 'reporting')).toMatchObject({ value: 20 });
    const body = (await agri.get(`/api/farm-inputs/use?year=${year - 1}`)).json();
    expect(body.items[0].current).toMatchObject({ source: null, reporting: 20, registered: 21 });
  });
});
