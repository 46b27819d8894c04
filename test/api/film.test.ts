import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, Client, type TestApp } from '../support/app';
import { filmFormulas } from '../../src/server/film/formulas';
import { DEMO_PLANS } from '../../src/server/demo/plans/load';

// 农膜 (issue 16): a dealer records its sales and is refused PE mulch under 0.010 mm (the refusal is
// kept, the bureau sees it and an alarm is raised); a co-operative records its use, the town's
// collection point what it takes back, the recycler its intake; 农膜回收率 = taken back ÷ used, by
// town and for the county. A dealer sees its own sales only, the town station its own town.
let t: TestApp;
let dealer: Client, filmuser: Client, station: Client, recycler: Client, bureau: Client, songlin: Client, office: Client, eco: Client;
const db = () => t.database.db;
const shanghaiToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const thisYear = Number(shanghaiToday.slice(0, 4));
const lastYear = thisYear - 1;
const idOf = async (name: string) => (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0].id;
const count = async (table: string) => Number((await db().execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n);
function expectRefused(res: LightMyRequestResponse, status: number, code: string | null, path: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as { code: string; path: string | null; issues: { path: string }[]; message: { zh: string; en: string } };
  if (code) expect(body.code).toBe(code);
  expect([body.path, ...body.issues.map((i) => i.path)]).toContain(path);
  expect(body.message.zh).toMatch(/\p{Script=Han}/u);
  expect(body.message.en).toMatch(/[a-z]/);
}

beforeAll(async () => {
  t = await startTestApp();
  [dealer, filmuser, station, recycler, bureau, songlin, office, eco] = await Promise.all(
    ['dealer.demo', 'filmuser.demo', 'agstation.demo', 'filmrecycler.demo', 'agri.linqing', 'agri.songlin', 'office.linqing', 'eco.linqing'].map((u) => Client.login(t.app, u)));
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('the four ledgers', () => {
  it('records a dealer’s sale of 0.012 mm mulch', async () => {
    const res = await dealer.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', thicknessMm: 0.012, tonnes: 1.5, counterpartName: '松林镇种植户' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ ledger: 'sale', regionCode: '371581101', thicknessMm: 0.012, tonnes: 1.5 });
  });

  it('refuses a sale of 0.008 mm PE mulch, writes no sale, keeps the refusal for the bureau and raises an alarm', async () => {
    const [records, refusals] = [await count('film_records'), await count('film_refusals')];
    const res = await dealer.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', thicknessMm: 0.008, tonnes: 0.8, counterpartName: '测试农户' });
    expectRefused(res, 400, 'THIN_MULCH_FORBIDDEN', 'thicknessMm');
    expect(res.json().message.zh).toContain('0.01');
    expect(await count('film_records')).toBe(records);
    expect(await count('film_refusals')).toBe(refusals + 1);
    const seen = (await bureau.get(`/api/film/refusals?year=${thisYear}`)).json();
    expect(seen.items[0]).toMatchObject({ organisationName: '临清市松林镇丰源农资经营部', thicknessMm: 0.008, tonnes: 0.8, counterpartName: '测试农户' });
    expect(seen.items[0].recordedBy).toContain('李红梅');
    const alarms = (await bureau.get('/api/alarms?rule=film_thin_mulch&pageSize=50')).json();
    expect(alarms.items.some((a: { title: string }) => a.title.includes('0.0080') && a.title.includes('丰源'))).toBe(true);
    // Greenhouse film of that thickness is no mulch: recorded.
    expect((await dealer.post('/api/film/records', { day: shanghaiToday, filmType: 'greenhouse', thicknessMm: 0.008, tonnes: 0.2 })).statusCode).toBe(201);
  });

  it('records use by town, take-back from a user and intake from a station, each by its own keeper', async () => {
    const use = await filmuser.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', thicknessMm: 0.012, tonnes: 3.2, regionCode: '371581111', crop: 'cotton', areaMu: 640 });
    expect(use.statusCode, use.body).toBe(201);
    expect(use.json()).toMatchObject({ ledger: 'use', regionCode: '371581111', crop: 'cotton', areaMu: 640 });
    const user = await idOf('临清市烟店镇棉花种植专业合作社');
    const back = await station.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', tonnes: 2.9, counterpartId: user });
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json()).toMatchObject({ ledger: 'takeback', regionCode: '371581101', counterpartName: '临清市烟店镇棉花种植专业合作社' });
    const stationId = await idOf('临清市松林镇农药包装废弃物及废旧农膜收储站');
    const intake = await recycler.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', tonnes: 2.8, counterpartId: stationId });
    expect(intake.statusCode, intake.body).toBe(201);
    expect(intake.json().ledger).toBe('intake');
    const parties = (await recycler.get('/api/film/parties?q=松林')).json();
    expect(parties.items.map((p: { id: string }) => p.id)).toContain(stationId);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await count('film_records');
    expectRefused(await filmuser.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', tonnes: -1 }), 400, null, 'tonnes');
    expectRefused(await dealer.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', tonnes: 1 }), 400, 'THICKNESS_REQUIRED', 'thicknessMm');
    expectRefused(await recycler.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', tonnes: 1 }), 400, 'COUNTERPART_REQUIRED', 'counterpartId');
    expectRefused(await station.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', tonnes: 1 }), 400, 'COUNTERPART_REQUIRED', 'counterpartName');
    expectRefused(await filmuser.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', tonnes: 1, regionCode: '371523101' }), 400, 'TOWN_OUTSIDE_COUNTY', 'regionCode');
    expectRefused(await filmuser.post('/api/film/records', { day: '2099-01-01', filmType: 'pe_mulch', tonnes: 1 }), 400, 'FUTURE_DAY', 'day');
    const dealerOrg = await idOf('临清市松林镇丰源农资经营部');
    expectRefused(await recycler.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', tonnes: 1, counterpartId: dealerOrg }), 400, 'COUNTERPART', 'counterpartId');
    expect(await count('film_records')).toBe(before);
    expect((await bureau.post('/api/film/records', { day: shanghaiToday, filmType: 'pe_mulch', tonnes: 1 })).statusCode).toBe(403);
  });

  it('corrects a row with a new one that supersedes it; the first stays in the history and the database refuses to change it', async () => {
    const first = (await filmuser.post('/api/film/records', { day: shanghaiToday, filmType: 'greenhouse', thicknessMm: 0.08, tonnes: 4 })).json();
    const fixed = await filmuser.post('/api/film/records', { day: shanghaiToday, filmType: 'greenhouse', thicknessMm: 0.08, tonnes: 3.6, supersedes: first.id, remark: '过磅复核' });
    expect(fixed.statusCode, fixed.body).toBe(201);
    const current = (await filmuser.get(`/api/film/records?ledger=use&year=${thisYear}&pageSize=100`)).json().items.map((r: { id: string }) => r.id);
    expect(current).toContain(fixed.json().id);
    expect(current).not.toContain(first.id);
    const history = (await filmuser.get(`/api/film/records?ledger=use&year=${thisYear}&history=true&pageSize=100`)).json().items;
    expect(history.find((r: { id: string }) => r.id === first.id).supersededBy).toBe(fixed.json().id);
    expectRefused(await filmuser.post('/api/film/records', { day: shanghaiToday, filmType: 'greenhouse', thicknessMm: 0.08, tonnes: 3, supersedes: first.id }), 400, 'ALREADY_SUPERSEDED', 'supersedes');
    const other = (await dealer.get('/api/film/records?pageSize=1')).json().items[0].id;
    expectRefused(await filmuser.post('/api/film/records', { day: shanghaiToday, filmType: 'greenhouse', tonnes: 3, supersedes: other }), 400, 'SUPERSEDES', 'supersedes');
    const refusal = async (statement: Promise<unknown>) => { const e = await statement.then(() => null, (err: Error & { cause?: Error }) => err); return String(e?.cause?.message ?? e?.message); };
    expect(await refusal(db().execute(sql`UPDATE film_records SET tonnes = 1 WHERE id = ${fixed.json().id}`))).toMatch(/append-only/);
    expect(await refusal(db().execute(sql`DELETE FROM film_records WHERE id = ${first.id}`))).toMatch(/append-only/);
  });
});

describe('who sees the ledgers', () => {
  it('gives a dealer its own sales, the town station its town, the bureau and the office 临清; ecology is refused', async () => {
    const dealerId = await idOf('临清市松林镇丰源农资经营部');
    const mine = (await dealer.get(`/api/film/records?year=${lastYear}&pageSize=100`)).json();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((r: { organisationId: string }) => r.organisationId === dealerId)).toBe(true);
    const town = (await songlin.get(`/api/film/records?year=${lastYear}&pageSize=100`)).json();
    expect(town.total).toBeGreaterThan(0);
    expect(town.items.every((r: { regionCode: string }) => r.regionCode === '371581101')).toBe(true);
    const all = (await bureau.get(`/api/film/summary?year=${lastYear}&pageSize=100`)).json();
    expect(all.items.length).toBe(7); // the towns where the demo's co-operatives use film
    expect((await office.get(`/api/film/summary?year=${lastYear}`)).json().totals).toEqual(all.totals);
    expect((await eco.get('/api/film/records')).statusCode).toBe(403);
    expect((await dealer.get(`/api/film/summary?year=${lastYear}`)).statusCode).toBe(403);
    const refusals = (await dealer.get('/api/film/refusals')).json();
    expect(refusals.items.every((r: { organisationId: string }) => r.organisationId === dealerId)).toBe(true);
    expect((await filmuser.get('/api/film/refusals')).json().total).toBe(0);
  });
});

describe('农膜回收率', () => {
  it('is collected over used for last year, about 91-93 % for 临清, by town and in the indicator', async () => {
    const s = (await bureau.get(`/api/film/summary?year=${lastYear}&pageSize=100`)).json();
    expect(s.totals.rate).toBeGreaterThan(91);
    expect(s.totals.rate).toBeLessThan(93);
    expect(s.totals.soldT).toBeGreaterThan(s.totals.usedT);
    expect(s.totals.recycledT).toBeLessThan(s.totals.collectedT);
    const formula = filmFormulas[0];
    const q = { regionCode: '371581', year: lastYear, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' };
    const c = await formula.compute(db(), q);
    expect(c.value).toBeCloseTo(s.totals.rate, 1);
    expect(c.inputs!.find((i) => i.key === 'used')!.value).toBeCloseTo(s.totals.usedT, 2);
    const records = await formula.records!(db(), q, { offset: 0, limit: 50 });
    expect(records.items.find((r) => r.cells.town === '烟店镇')).toBeTruthy();
  });

  it('matches the film rows of the three seed plans and no others', () => {
    const names = DEMO_PLANS.flatMap((p) => p.indicators.rows.map((r) => r.join('|')));
    const matched = names.filter((n) => filmFormulas[0].matches.test(n));
    expect(matched).toHaveLength(3);
    expect(matched.every((n) => n.includes('农膜回收率'))).toBe(true);
  });
});
