import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, Client, type TestApp } from '../support/app';
import { upload } from '../support/matrix';
import { strawFormulas } from '../../src/server/straw/formulas';
import { DEMO_PLANS } from '../../src/server/demo/plans/load';

// 秸秆 (issue 16): 松林镇's agricultural station (agri.songlin) files its town's season by form and
// from Excel; the bureau (agri.linqing) reads collectable, used and 秸秆综合利用率 by town and crop for
// all of 临清, sets its own coefficients, and the indicator is computed from the filings. Used straw
// above the collectable, a negative figure or another county's town is a 4xx naming the field, with
// nothing written; a second filing supersedes the first and both stay.
let t: TestApp;
let songlin: Client, bureau: Client, office: Client, eco: Client, strawfeed: Client;
const db = () => t.database.db;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
const lastYear = thisYear - 1;
const SONGLIN = '371581101', KANGZHUANG = '371581103';
const zeroUses = { fieldReturnT: 0, fertiliserT: 0, feedT: 0, fuelT: 0, substrateT: 0, materialT: 0 };

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
  [songlin, bureau, office, eco, strawfeed] = await Promise.all(['agri.songlin', 'agri.linqing', 'office.linqing', 'eco.linqing', 'strawfeed.demo'].map((u) => Client.login(t.app, u)));
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('a town station files a season by form', () => {
  it('computes theoretical and collectable straw with the coefficients in force, keeps them, and supersedes the earlier filing', async () => {
    const body = { regionCode: SONGLIN, year: lastYear, harvest: 'summer', crop: 'wheat', sownMu: 61_000, yieldKgPerMu: 430,
      uses: { ...zeroUses, fieldReturnT: 20_000, feedT: 2000, fuelT: 300 }, entities: [{ name: '松林镇秸秆收储专业合作社', tonnes: 1500 }], remark: '按镇农业综合服务站核实数更正' };
    const res = await songlin.post('/api/straw/seasons', body);
    expect(res.statusCode, res.body).toBe(201);
    const filed = res.json();
    expect(filed.yieldT).toBe(26_230); // 61 000 亩 × 430 公斤/亩
    expect(filed.theoreticalT).toBe(28_853); // × 草谷比 1.1
    expect(filed.collectableT).toBeCloseTo(24_525.05, 3); // × 可收集系数 0.85
    expect(filed.usedT).toBe(22_300);
    expect(filed.rate).toBeCloseTo(90.93, 2);
    expect(filed.coefficientSource).toContain('黄淮海');
    expect(filed.replaced).toBe(true);
    const current = (await songlin.get(`/api/straw/seasons?year=${lastYear}&harvest=summer&crop=wheat`)).json();
    expect(current.items.map((s: { id: string }) => s.id)).toEqual([filed.id]);
    const history = (await songlin.get(`/api/straw/seasons?year=${lastYear}&harvest=summer&crop=wheat&history=true`)).json();
    // The demo filed 松林's wheat of last year twice (a correction) before this third filing.
    expect(history.total).toBe(3);
    expect(history.items.filter((s: { supersededBy: string | null }) => s.supersededBy === null)).toHaveLength(1);
  });

  it('refuses used straw above the collectable, naming the uses, and writes nothing', async () => {
    const before = await count('straw_seasons');
    const res = await songlin.post('/api/straw/seasons', { regionCode: SONGLIN, year: thisYear, harvest: 'summer', crop: 'wheat', sownMu: 1000, yieldT: 420, uses: { ...zeroUses, fieldReturnT: 400 } });
    expectRefused(res, 400, 'USED_OVER_COLLECTABLE', 'uses');
    expect(res.json().message.zh).toContain('可收集量');
    expect(await count('straw_seasons')).toBe(before);
  });

  it('refuses a negative figure, a yield given twice, a town of another station, and entities above what left the field', async () => {
    const before = await count('straw_seasons');
    const base = { regionCode: SONGLIN, year: thisYear, harvest: 'summer', crop: 'wheat', sownMu: 1000, yieldT: 420, uses: { ...zeroUses, fieldReturnT: 300 } };
    expectRefused(await songlin.post('/api/straw/seasons', { ...base, uses: { ...base.uses, feedT: -5 } }), 400, null, 'uses.feedT');
    expectRefused(await songlin.post('/api/straw/seasons', { ...base, sownMu: -1 }), 400, null, 'sownMu');
    expectRefused(await songlin.post('/api/straw/seasons', { ...base, yieldKgPerMu: 420 }), 400, 'YIELD', 'yieldT');
    expectRefused(await songlin.post('/api/straw/seasons', { ...base, regionCode: KANGZHUANG }), 400, 'OUTSIDE_AREA', 'regionCode');
    expectRefused(await songlin.post('/api/straw/seasons', { ...base, entities: [{ name: '某合作社', tonnes: 50 }] }), 400, 'ENTITIES_OVER_USED', 'entities');
    expectRefused(await songlin.post('/api/straw/seasons', { ...base, year: thisYear + 1 }), 400, 'FUTURE_YEAR', 'year');
    expect(await count('straw_seasons')).toBe(before);
  });

  it('names a straw user of the register as an entity, and refuses an organisation that is not one', async () => {
    const users = (await songlin.get('/api/straw/users?q=牧源')).json();
    expect(users.items[0].name).toBe('临清市牧源饲料有限公司');
    const base = { regionCode: SONGLIN, year: thisYear, harvest: 'autumn', crop: 'soybean', sownMu: 500, yieldT: 100, uses: { ...zeroUses, fieldReturnT: 50, feedT: 40 } };
    const ok = await songlin.post('/api/straw/seasons', { ...base, entities: [{ organisationId: users.items[0].id, tonnes: 30 }] });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().entities).toEqual([{ organisationId: users.items[0].id, name: '临清市牧源饲料有限公司', tonnes: 30 }]);
    const dealer = (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市松林镇丰源农资经营部'`)).rows[0].id;
    expectRefused(await songlin.post('/api/straw/seasons', { ...base, entities: [{ organisationId: dealer, tonnes: 30 }] }), 400, 'NOT_A_STRAW_USER', 'entities.0.organisationId');
  });
});

describe('who sees the filings', () => {
  it('gives the town station its own town, the bureau and the office every town of 临清, and refuses ecology and companies', async () => {
    const towns = async (c: Client) => new Set(((await c.get(`/api/straw/seasons?year=${lastYear}&pageSize=100`)).json().items as { regionCode: string }[]).map((s) => s.regionCode));
    expect([...(await towns(songlin))]).toEqual([SONGLIN]);
    expect((await towns(bureau)).size).toBe(16);
    expect((await towns(office)).size).toBe(16);
    expect((await songlin.get(`/api/straw/seasons?regionCode=${KANGZHUANG}`)).json().total).toBe(0);
    expect((await eco.get('/api/straw/seasons')).statusCode).toBe(403);
    expect((await strawfeed.get('/api/straw/seasons')).statusCode).toBe(403);
  });
});

describe('the bureau’s summary and the indicator', () => {
  it('shows last year’s collectable, used and 综合利用率 by town and by crop, about 95-96 % for 临清', async () => {
    const byTown = (await bureau.get(`/api/straw/summary?year=${lastYear}&by=town&pageSize=100`)).json();
    expect(byTown.total).toBe(16);
    expect(byTown.items.find((r: { regionCode: string }) => r.regionCode === SONGLIN).townName).toBe('松林镇');
    expect(byTown.totals.rate).toBeGreaterThan(94.5);
    expect(byTown.totals.rate).toBeLessThan(96.5);
    expect(byTown.items.reduce((s: number, r: { usedT: number }) => s + r.usedT, 0)).toBeCloseTo(byTown.totals.usedT, 0);
    const byCrop = (await bureau.get(`/api/straw/summary?year=${lastYear}&by=crop`)).json();
    expect(byCrop.items.map((r: { crop: string }) => r.crop).sort()).toEqual(['cotton', 'maize', 'wheat']);
    const wheat = byCrop.items.find((r: { crop: string }) => r.crop === 'wheat');
    expect(wheat.sownMu).toBeGreaterThan(650_000);
    expect(wheat.sownMu).toBeLessThan(750_000);
    expect(wheat.fieldReturnT).toBeGreaterThan(wheat.feedT);
    const songlinOnly = (await songlin.get(`/api/straw/summary?year=${lastYear}&by=town_crop`)).json();
    expect(songlinOnly.items.every((r: { regionCode: string }) => r.regionCode === SONGLIN)).toBe(true);
  });

  it('computes 秸秆综合利用率 from the filings, shows its inputs and lists them by town and crop', async () => {
    const formula = strawFormulas[0];
    const q = { regionCode: '371581', year: lastYear, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' };
    const c = await formula.compute(db(), q);
    expect(c.value).toBeGreaterThan(94.5);
    expect(c.value).toBeLessThan(96.5);
    expect(c.inputs!.map((i) => i.key)).toEqual(['collectable', 'used', 'fieldReturnT', 'fertiliserT', 'feedT', 'fuelT', 'substrateT', 'materialT']);
    expect(c.inputs![1].value).toBeCloseTo(c.numerator, 6);
    const records = await formula.records!(db(), q, { offset: 0, limit: 100 });
    expect(records.total).toBe(16 * 2 + 4); // wheat and maize in every town, cotton in four
    expect(records.items.some((r) => r.cells.town === '烟店镇' && r.cells.crop === '棉花')).toBe(true);
    const none = await formula.compute(db(), { ...q, year: 2001 });
    expect(none.value).toBeNull();
    expect(none.missing?.zh).toContain('尚无');
  });

  it('matches the straw rows of the three seed plans and no others', () => {
    const names = DEMO_PLANS.flatMap((p) => p.indicators.rows.map((r) => r.join('|')));
    const matched = names.filter((n) => strawFormulas[0].matches.test(n));
    expect(matched).toHaveLength(3);
    expect(matched.every((n) => n.includes('秸秆综合利用率'))).toBe(true);
  });
});

describe('coefficients per region and crop', () => {
  it('lists the bureau’s measured maize figures and the default wheat figures with their sources', async () => {
    const list = (await songlin.get('/api/straw/coefficients')).json();
    const maize = list.items.find((c: { crop: string }) => c.crop === 'maize');
    expect(maize).toMatchObject({ grainRatio: 1.15, collectableShare: 0.9, regionCode: '371581', isDefault: false });
    expect(maize.source).toContain('实测');
    expect(list.items.find((c: { crop: string }) => c.crop === 'wheat')).toMatchObject({ grainRatio: 1.1, collectableShare: 0.85, isDefault: true });
  });

  it('lets the bureau set its own, used by the next filing while earlier filings keep theirs; refuses a share above 1', async () => {
    expectRefused(await bureau.post('/api/straw/coefficients', { crop: 'cotton', grainRatio: 3, collectableShare: 1.2, source: '测试来源说明' }), 400, null, 'collectableShare');
    expect((await songlin.post('/api/straw/coefficients', { regionCode: '371581', crop: 'cotton', grainRatio: 2.8, collectableShare: 0.8, source: '松林站不能改全市系数' })).statusCode).toBe(403);
    const set = await bureau.post('/api/straw/coefficients', { crop: 'cotton', grainRatio: 2.8, collectableShare: 0.8, source: '临清市农业农村局2026年棉秆样方测定' });
    expect(set.statusCode, set.body).toBe(201);
    const before = (await bureau.get(`/api/straw/seasons?year=${lastYear}&crop=cotton&regionCode=371581109`)).json().items[0];
    expect(before.grainRatio).toBe(3);
    const res = await bureau.post('/api/straw/seasons', { regionCode: '371581109', year: thisYear, harvest: 'autumn', crop: 'cotton', sownMu: 100, yieldT: 25, uses: { ...zeroUses, fuelT: 50 } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ grainRatio: 2.8, collectableShare: 0.8, theoreticalT: 70, collectableT: 56, coefficientSource: '临清市农业农村局2026年棉秆样方测定' });
  });
});

describe('a season from Excel', () => {
  const sheetOf = async (client: Client, harvest: string) => {
    const res = await client.get(`/api/straw/template.xlsx?year=${thisYear}&harvest=${harvest}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    return wb;
  };
  const send = async (wb: ExcelJS.Workbook, confirm: boolean, harvest = 'autumn') =>
    upload(songlin, `/api/straw/import?year=${thisYear}&harvest=${harvest}&confirm=${confirm}`, {}, { filename: '秸秆.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()), contentType: XLSX });

  it('gives the town station a row per crop of its own town, prefilled with its current filing', async () => {
    const ws = (await sheetOf(songlin, 'autumn')).getWorksheet('秸秆利用')!;
    expect(ws.getRow(3).getCell(1).value).toBe('镇街');
    const rows = [4, 5, 6].map((r) => [ws.getRow(r).getCell(1).value, ws.getRow(r).getCell(2).value]);
    expect(rows).toEqual([['松林镇', '玉米'], ['松林镇', '棉花'], [null, null]]);
    expect(Number(ws.getRow(4).getCell(3).value)).toBeGreaterThan(50_000); // the demo's maize of this autumn
  });

  it('previews every problem at its cell, refuses to confirm while there are any, and then writes all rows at once', async () => {
    const wb = await sheetOf(songlin, 'autumn');
    const ws = wb.getWorksheet('秸秆利用')!;
    ws.getRow(4).getCell(3).value = 60_000; ws.getRow(4).getCell(4).value = 33_000; ws.getRow(4).getCell(8).value = 9000; // maize
    ws.getRow(5).values = ['松林镇', '棉花', 300, 75, null, 100, 0, 0, -3, 0, 0, '', ''];
    ws.getRow(6).values = ['康庄镇', '大豆', 100, 20, null, 10, 0, 0, 0, 0, 0, '', ''];
    ws.getRow(7).values = ['松林镇', '花生', 200, 60, null, 500, 0, 0, 0, 0, 0, '', ''];
    const before = await count('straw_seasons');
    const preview = await send(wb, false);
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p.counts).toEqual({ new: 0, replaces: 1, problem: 3 });
    const problemAt = (row: number) => p.rows.find((r: { row: number }) => r.row === row).problems.map((x: { path: string; column: string }) => `${x.column}@${x.path}`);
    expect(problemAt(5)).toEqual(['fuelT@秸秆利用!I5']);
    expect(problemAt(6)).toEqual(['town@秸秆利用!A6']);
    expect(problemAt(7)).toEqual(['fieldReturnT@秸秆利用!F7']); // used over collectable: named on the uses
    expect(p.rows.find((r: { row: number }) => r.row === 7).problems[0].message.zh).toContain('超过可收集量');
    const refused = await send(wb, true);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('SHEET_PROBLEMS');
    expect(await count('straw_seasons')).toBe(before);

    ws.getRow(5).getCell(9).value = 3; ws.spliceRows(6, 2);
    const done = await send(wb, true);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({ filed: 1, replaced: 1 });
    const maize = (await songlin.get(`/api/straw/seasons?year=${thisYear}&crop=maize`)).json().items[0];
    expect(maize).toMatchObject({ sownMu: 60_000, yieldT: 33_000, feedT: 9000, via: 'excel', townName: '松林镇' });
    expect(maize.collectableT).toBeCloseTo(33_000 * 1.15 * 0.9, 1);
  });

  it('refuses the sheet to a company and a file that is not the template', async () => {
    expect((await strawfeed.get(`/api/straw/template.xlsx?year=${thisYear}&harvest=summer`)).statusCode).toBe(403);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['名称', '数量']);
    const res = await send(wb, false);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('SHEET_HEADER');
  });
});
