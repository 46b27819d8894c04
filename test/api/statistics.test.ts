import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { multipart } from '../support/matrix';
import { shanghaiYear } from '../../src/domain/labels';
import { STATISTIC_KEYS } from '../../src/domain/statistics/keys';
import { RECYCLABLES_2020_T } from '../../src/server/demo/statistics';

// 统计数据: 临清市统计局 (stats.linqing) enters and revises figures for 临清 and its towns; a revision
// names the figure it revises and keeps it in the history; every official of 临清 reads them, nobody
// else; bad input is refused naming the field or the cell, with nothing saved; the Excel template
// goes out with the figures in force and comes back through a preview and a confirm that writes all
// of the sheet or none of it.

let t: TestApp;
let stats: Client, office: Client, eco: Client, guanxian: Client, tianqiao: Client, producer: Client, admin: Client;
const YEAR = shanghaiYear();
const db = () => t.database.db;

interface Figure {
  id: string; regionCode: string; regionName: string | null; year: number; key: string; label: { zh: string; en: string }; unit: string; value: number; source: string; note: string;
  evidence: { name: string; note?: string }[]; supersedesId: string | null; supersededAt: string | null; enteredBy: string | null; enteredAt: string; current: boolean; revisions: number;
  actions: { revise: boolean };
}
interface FigurePage { items: Figure[]; total: number; canEnter: boolean }

const count = async () => Number((await db().execute(sql`SELECT count(*)::int AS n FROM statistical_inputs`)).rows[0].n);
const list = async (client: Client, query: string) => {
  const res = await client.get(`/api/statistics?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as FigurePage;
};
const history = async (client: Client, regionCode: string, year: number, key: string) => {
  const res = await client.get(`/api/statistics/history?regionCode=${regionCode}&year=${year}&key=${key}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as FigurePage).items;
};
const figure = (overrides: Record<string, unknown> = {}) => ({ regionCode: '371581101', year: 2022, key: 'sown_area_cotton', value: 5_230.5, source: '临清市统计年鉴（2023）', ...overrides });

beforeAll(async () => {
  t = await startTestApp();
  [stats, office, eco, guanxian, tianqiao, producer, admin] = await Promise.all(
    ['stats.linqing', 'office.linqing', 'eco.linqing', 'eco.guanxian', 'office.tianqiao', 'producer.demo', 'admin'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('the demo’s figures', () => {
  it('give 临清 its GDP, population and medical institutions for every year from 2020 to this year, with unit and source', async () => {
    const page = await list(stats, `regionCode=371581&year=${YEAR}&pageSize=100`);
    expect(page.canEnter).toBe(true);
    const gdp = page.items.find((f) => f.key === 'gdp')!;
    expect(gdp).toMatchObject({ regionName: '临清市', unit: '万元', label: { zh: '地区生产总值' }, enteredBy: '刘芳（临清市统计局）', current: true, actions: { revise: true } });
    expect(gdp.value).toBeGreaterThan(4_000_000);
    expect(gdp.source).toContain('临清市统计局');
    for (const key of ['resident_population', 'households', 'residential_communities', 'administrative_villages', 'medical_institutions', 'industrial_value_added']) {
      expect(page.items.map((f) => f.key), key).toContain(key);
    }
    const years = await list(stats, 'regionCode=371581&key=gdp&pageSize=100');
    expect(years.items.map((f) => f.year).sort()).toEqual(Array.from({ length: YEAR - 2019 }, (_, i) => 2020 + i));
    const base = await list(stats, 'regionCode=371581&year=2020&group=baseline');
    expect(Object.fromEntries(base.items.map((f) => [f.key, f.value]))).toEqual({ hw_landfilled_t: 11_766.86, sw_stored_disposed_t: 5_439, recyclables_recovered_t: RECYCLABLES_2020_T });
  });

  it('include a GDP figure revised from the 统计快报 to the yearbook, whose history shows both', async () => {
    const revised = (await list(stats, 'regionCode=371581&key=gdp&pageSize=100')).items.find((f) => f.revisions > 0)!;
    expect(revised.source).toMatch(/临清市统计年鉴/);
    const rows = await history(office, '371581', revised.year, 'gdp');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: revised.id, current: true, supersedesId: rows[1].id });
    expect(rows[1]).toMatchObject({ current: false, source: expect.stringContaining('统计快报') });
    expect(rows[1].supersededAt).not.toBeNull();
  });

  it('give 天桥区 and 济宁经济开发区 GDP, industrial value added and medical institutions for last year and this year, their plans’ 2020 tonnages, and their farm-input use', async () => {
    const baseYear = { '370105': ['2020 hw_landfilled_t', '2020 sw_stored_disposed_t'], '370829': ['2020 hw_landfilled_t', '2020 recyclables_recovered_t', `${YEAR - 1} recyclables_recovered_t`] };
    for (const [client, region] of [[tianqiao, '370105'], [admin, '370829']] as const) {
      const page = await list(client, `regionCode=${region}&pageSize=100`);
      const keys = page.items.map((f) => `${f.year} ${f.key}`);
      expect(keys).toEqual(expect.arrayContaining([...[YEAR - 1, YEAR].flatMap((y) => ['gdp', 'industrial_value_added', 'medical_institutions'].map((k) => `${y} ${k}`)), ...baseYear[region]]));
      // Farm-input use (issue 16): the districts keep no dealers' books in the demo, so their statistics carry it (济宁经开区's
      // base year is its plan's baseline cell, 221吨; 天桥区's a statistic of 2020).
      expect(keys).toEqual(expect.arrayContaining([`${YEAR - 1} pesticide_use_t`, `${YEAR - 1} fertiliser_use_pure_t`, ...(region === '370105' ? ['2020 pesticide_use_t', '2020 fertiliser_use_pure_t'] : [])]));
      expect(keys.filter((k) => !/ (gdp|industrial_value_added|medical_institutions|hw_landfilled_t|sw_stored_disposed_t|pesticide_use_t|fertiliser_use_pure_t|sown_area_\w+|pesticide_packages_\w+|livestock_pig_equivalents|recyclables_recovered_t)$/.test(k))).toEqual([]);
    }
  });
});

describe('entering and revising a figure', () => {
  let first: Figure;

  it('enters a figure for a town of 临清, with its source and evidence, and an audit row every department of 临清 reads', async () => {
    const res = await stats.post('/api/statistics', figure({ note: '松林镇', evidence: [{ name: '2022年棉花播种面积统计表', note: '镇统计站盖章' }] }));
    expect(res.statusCode, res.body).toBe(201);
    first = res.json();
    expect(first).toMatchObject({ regionName: '松林镇', value: 5_230.5, unit: '亩', current: true, supersedesId: null, revisions: 0, evidence: [{ name: '2022年棉花播种面积统计表', note: '镇统计站盖章' }] });
    const audit = await eco.get(`/api/audit?entityType=statistical_input&entityId=${first.id}`);
    expect(audit.json().items).toEqual([expect.objectContaining({ action: 'statistics.enter', actorLabel: 'stats.linqing' })]);
    const inGuanxian = await guanxian.get(`/api/audit?entityType=statistical_input&entityId=${first.id}`);
    expect(inGuanxian.json().items).toEqual([]);
  });

  it('refuses a second figure for the same region, year and statistic without naming the one in force (409 FIGURE_EXISTS)', async () => {
    const before = await count();
    const res = await stats.post('/api/statistics', figure({ value: 5_400 }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'FIGURE_EXISTS', path: 'revises' });
    expect(res.json().message.zh).toContain(first.id);
    expect(res.json().message.zh).toContain('5,230.5 亩');
    expect(await count()).toBe(before);
  });

  it('revises it when the request names the figure in force, keeping the earlier one in the history', async () => {
    const res = await stats.post('/api/statistics', figure({ value: 5_400, source: '临清市统计年鉴（2023）第6章', note: '更正：原数未含尚店镇飞地', revises: first.id }));
    expect(res.statusCode, res.body).toBe(201);
    const second = res.json() as Figure;
    expect(second).toMatchObject({ value: 5_400, supersedesId: first.id, current: true, revisions: 1 });
    const rows = await history(eco, '371581101', 2022, 'sown_area_cotton');
    expect(rows.map((r) => [r.value, r.current])).toEqual([[5_400, true], [5_230.5, false]]);
    expect(rows[1].id).toBe(first.id);
    const page = await list(eco, 'regionCode=371581101&year=2022');
    expect(page.items).toEqual([expect.objectContaining({ id: second.id, value: 5_400, revisions: 1, actions: { revise: false } })]);
    expect(page.canEnter).toBe(false);
    const audit = (await office.get(`/api/audit?entityType=statistical_input&entityId=${second.id}`)).json().items;
    expect(audit).toEqual([expect.objectContaining({ action: 'statistics.revise', before: expect.objectContaining({ id: first.id, value: 5_230.5 }), after: expect.objectContaining({ value: 5_400 }) })]);
  });

  it('refuses a revision that names a figure no longer in force, or a revision where nothing is in force (409 FIGURE_NOT_CURRENT)', async () => {
    const before = await count();
    const stale = await stats.post('/api/statistics', figure({ value: 5_500, revises: first.id }));
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'FIGURE_NOT_CURRENT', path: 'revises' });
    expect(stale.json().message.zh).toContain('已不是现行数值');
    const nothing = await stats.post('/api/statistics', figure({ year: 2021, revises: first.id }));
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json()).toMatchObject({ code: 'FIGURE_NOT_CURRENT', path: 'revises' });
    expect(await count()).toBe(before);
  });

  it('lets only one of two revisions sent at once of the same figure through; the other is told it is stale', async () => {
    const [inForce] = await history(stats, '371581101', 2022, 'sown_area_cotton');
    const answers = await Promise.all([5_410, 5_420].map((value) => stats.post('/api/statistics', figure({ value, revises: inForce.id }))));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.statusCode === 409)!.json().code).toBe('FIGURE_NOT_CURRENT');
    const rows = await history(stats, '371581101', 2022, 'sown_area_cotton');
    expect(rows.filter((r) => r.current)).toHaveLength(1);
    expect(rows[0].supersedesId).toBe(inForce.id);
  });

  it('lets the zero-waste office enter figures too, and the platform administrator anywhere', async () => {
    expect((await office.post('/api/statistics', figure({ key: 'poultry_stock', value: 412_000, source: '松林镇畜牧站年报' }))).statusCode).toBe(201);
    expect((await admin.post('/api/statistics', figure({ regionCode: '371525', key: 'gdp', value: 3_100_000, source: '冠县统计局快报' }))).statusCode).toBe(201);
  });
});

describe('who reads and who enters', () => {
  it('keeps 临清’s figures from 冠县 and 天桥区: a region outside one’s area does not exist (404)', async () => {
    expect((await guanxian.get('/api/statistics?regionCode=371581')).statusCode).toBe(404);
    expect((await guanxian.get(`/api/statistics/history?regionCode=371581&year=${YEAR}&key=gdp`)).statusCode).toBe(404);
    const own = await list(guanxian, 'pageSize=100');
    expect(own.items.every((f) => f.regionCode.startsWith('371525'))).toBe(true);
    expect(own.items.map((f) => f.key)).toEqual(['gdp']);
    const tq = await list(tianqiao, 'pageSize=100');
    expect(tq.items.every((f) => f.regionCode === '370105')).toBe(true);
  });

  it('refuses entering for another area, naming the region (403)', async () => {
    const before = await count();
    const res = await tianqiao.post('/api/statistics', figure({ regionCode: '371581', key: 'cattle_stock', value: 10 }));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN', path: 'regionCode' });
    expect(res.json().message.zh).toContain('不在您的辖区内');
    expect(await count()).toBe(before);
  });

  it('lets departments other than the statistics bureau read but not enter', async () => {
    for (const client of [eco, guanxian]) {
      const res = await client.post('/api/statistics', figure({ regionCode: client === eco ? '371581' : '371525', key: 'cattle_stock', value: 10 }));
      expect(res.statusCode).toBe(403);
      expect(res.json().message.zh).toContain('统计局或无废城市建设办公室');
    }
    expect((await eco.get(`/api/statistics/template.xlsx?year=${YEAR}`)).statusCode).toBe(403);
  });

  it('refuses companies everything (403) and anyone not logged in (401)', async () => {
    for (const url of ['/api/statistics', `/api/statistics/history?regionCode=371581&year=${YEAR}&key=gdp`, `/api/statistics/template.xlsx?year=${YEAR}`]) {
      expect((await producer.get(url)).statusCode, url).toBe(403);
      expect((await new Client(t.app).get(url)).statusCode, url).toBe(401);
    }
    expect((await producer.post('/api/statistics', figure({ key: 'cattle_stock', value: 10 }))).statusCode).toBe(403);
  });
});

describe('bad input is refused naming the field, and nothing is saved', () => {
  const cases: [string, Record<string, unknown>, number, string, string?][] = [
    ['a negative value', { value: -5 }, 400, 'value'],
    ['a value that is not a number', { value: 'abc' }, 400, 'value'],
    ['a value with more decimals than kept', { value: 1.00001 }, 400, 'value'],
    ['an unknown statistic', { key: 'gnp' }, 400, 'key'],
    ['a region that does not exist', { regionCode: '371599' }, 400, 'regionCode', 'UNKNOWN_REGION'],
    ['a region code of the wrong shape', { regionCode: '37158' }, 400, 'regionCode'],
    ['a year before 1990', { year: 1989 }, 400, 'year'],
    ['a year after next year', { year: YEAR + 2 }, 400, 'year', 'BAD_YEAR'],
    ['a fraction of a medical institution', { key: 'medical_institutions', value: 40.5 }, 400, 'value', 'BAD_VALUE'],
    ['a source of one character', { source: '表' }, 400, 'source'],
    ['no source', { source: undefined }, 400, 'source'],
    ['a malformed revises', { revises: 'first' }, 400, 'revises'],
    ['an unknown field', { regionName: '临清市' }, 400, ''],
  ];
  it.each(cases)('%s', async (_what, overrides, status, field, code) => {
    const before = await count();
    const body = { ...figure({ regionCode: '371581', year: 2021, key: 'cattle_stock', value: 10 }), ...overrides };
    const res = await stats.post('/api/statistics', body);
    expect(res.statusCode, res.body).toBe(status);
    const error = res.json();
    if (field) expect(error.issues.map((i: { path: string }) => i.path)).toContain(field);
    if (code) expect(error.code).toBe(code);
    expect(error.message.zh).toMatch(/\p{Script=Han}/u);
    expect(await count()).toBe(before);
  });
});

// ---- Excel ------------------------------------------------------------------------------------------------

const template = async (client: Client, year: number, query = '') => {
  const res = await client.get(`/api/statistics/template.xlsx?year=${year}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
};
/** The sheet row of a region and statistic (the template lists them from row 5). */
const rowOf = (wb: ExcelJS.Workbook, regionCode: string, key: string) => {
  const sheet = wb.getWorksheet('统计数据')!;
  for (let r = 5; r <= sheet.rowCount; r++) if (String(sheet.getCell(`A${r}`).value) === regionCode && sheet.getCell(`C${r}`).value === key) return sheet.getRow(r);
  throw new Error(`no row for ${regionCode} ${key}`);
};
const fill = (wb: ExcelJS.Workbook, regionCode: string, key: string, value: unknown, source?: string) => {
  const row = rowOf(wb, regionCode, key);
  row.getCell(6).value = value as ExcelJS.CellValue;
  if (source !== undefined) row.getCell(7).value = source;
  return row.number;
};
const send = async (client: Client, step: 'preview' | 'confirm', wb: ExcelJS.Workbook, year: number, fields: Record<string, string> = {}) => {
  const { payload, headers } = multipart({ year: String(year), ...fields }, { filename: `统计数据_${year}.xlsx`, content: Buffer.from(await wb.xlsx.writeBuffer()) });
  return client.request('POST', `/api/statistics/${step}`, payload, headers);
};

describe('the Excel template', () => {
  it('lists 临清 and its towns × every statistic, with names, units and the figures in force', async () => {
    const wb = await template(stats, YEAR - 1);
    const sheet = wb.getWorksheet('统计数据')!;
    expect(sheet.getCell('B2').value).toBe(YEAR - 1);
    expect(sheet.getRow(4).values).toEqual(expect.arrayContaining(['行政区划代码', '行政区划名称', '指标代码', '指标名称', '单位', '数值', '来源', '备注']));
    const towns = Number((await db().execute(sql`SELECT count(*)::int AS n FROM regions WHERE parent_code = '371581'`)).rows[0].n);
    expect(sheet.rowCount - 4).toBe((towns + 1) * STATISTIC_KEYS.length);
    const gdp = rowOf(wb, '371581', 'gdp');
    const inForce = (await list(stats, `regionCode=371581&year=${YEAR - 1}&key=gdp`)).items[0];
    expect([gdp.getCell(2).value, gdp.getCell(4).value, gdp.getCell(5).value, gdp.getCell(6).value, gdp.getCell(7).value]).toEqual(['临清市', '地区生产总值', '万元', inForce.value, inForce.source]);
    expect(rowOf(wb, '371581101', 'medical_institutions').getCell(6).value).toBeNull();
    expect(gdp.getCell(6).protection?.locked).toBe(false);
    expect(gdp.getCell(3).protection?.locked).not.toBe(false);
  });

  it('is for one’s own area: another area’s is not found, a year out of range refused', async () => {
    expect((await stats.get(`/api/statistics/template.xlsx?year=${YEAR}&regionCode=370105`)).statusCode).toBe(404);
    const res = await stats.get(`/api/statistics/template.xlsx?year=${YEAR + 2}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_YEAR', path: 'year' });
    const tq = await template(tianqiao, YEAR);
    expect(String(tq.getWorksheet('统计数据')!.getCell('A5').value)).toBe('370105');
  });
});

describe('uploading the filled template', () => {
  const year = 2023;

  it('names the row and column of every bad cell, and writes nothing, in the preview and the confirm', async () => {
    const before = await count();
    const wb = await template(stats, year);
    const rows = {
      negative: fill(wb, '371581101', 'cattle_stock', -3, '镇统计站'),
      text: fill(wb, '371581102', 'cattle_stock', 'abc', '镇统计站'),
      fraction: fill(wb, '371581103', 'medical_institutions', 2.5, '卫健局'),
      noSource: fill(wb, '371581104', 'cattle_stock', 120, ''),
    };
    const sheet = wb.getWorksheet('统计数据')!;
    const extra = sheet.rowCount + 1;
    sheet.getRow(extra).values = ['371581', '临清市', 'gnp', '国民生产总值', '万元', 100, '统计局'];
    sheet.getRow(extra + 1).values = ['371599', '不存在', 'gdp', '地区生产总值', '万元', 100, '统计局'];
    sheet.getRow(extra + 2).values = ['371525', '冠县', 'gdp', '地区生产总值', '万元', 100, '统计局'];
    fill(wb, '371581105', 'pigs_slaughtered', 8_000, '刘垓子镇畜牧站'); // a good row: it is not saved either
    for (const step of ['preview', 'confirm'] as const) {
      const res = await send(stats, step, wb, year);
      expect(res.statusCode, res.body).toBe(400);
      const error = res.json();
      expect(error.code).toBe('SHEET_PROBLEMS');
      const paths = error.issues.map((i: { path: string }) => i.path);
      expect(paths).toEqual(expect.arrayContaining([`统计数据!F${rows.negative}`, `统计数据!F${rows.text}`, `统计数据!F${rows.fraction}`, `统计数据!G${rows.noSource}`,
        `统计数据!C${extra}`, `统计数据!A${extra + 1}`, `统计数据!A${extra + 2}`]));
      const text = error.issues.map((i: { message: { zh: string } }) => i.message.zh).join('\n');
      expect(text).toContain(`第${rows.negative}行“数值”列（F${rows.negative}）：牛存栏量不能为负（-3）`);
      expect(text).toContain('“abc”不是数字');
      expect(text).toContain('应为整数');
      expect(text).toContain('请注明数值的来源');
      expect(text).toContain('“gnp”不是平台的统计指标代码');
      expect(text).toContain('行政区划代码 371599 不存在');
      expect(text).toContain('冠县（371525）不在您的辖区内');
    }
    expect(await count()).toBe(before);
  });

  it('previews new figures and revisions, then confirms them all in one transaction, keeping the history', async () => {
    const wb = await template(stats, year);
    const gdpBefore = (await list(stats, `regionCode=371581&year=${year}&key=gdp`)).items[0];
    const inForce = (await list(stats, `regionCode=371581&year=${year}&pageSize=100`)).total;
    fill(wb, '371581101', 'medical_institutions', 3, '临清市卫生健康局 机构名录');
    fill(wb, '371581102', 'households', '12,480', '老赵庄镇人民政府');
    fill(wb, '371581', 'gdp', gdpBefore.value + 1_000, `临清市统计年鉴（${year + 1}）修订版`);
    const preview = await send(stats, 'preview', wb, year);
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json();
    expect(body.counts).toMatchObject({ new: 2, revise: 1, unchanged: inForce - 1 });
    expect(body.rows.find((r: { key: string; regionCode: string }) => r.key === 'gdp' && r.regionCode === '371581')).toMatchObject({
      status: 'revise', value: gdpBefore.value + 1_000, current: { id: gdpBefore.id, value: gdpBefore.value } });
    expect(body.rows.find((r: { key: string; regionCode: string }) => r.key === 'households' && r.regionCode === '371581102')).toMatchObject({ status: 'new', value: 12_480, regionName: '老赵庄镇' });
    const before = await count();
    const confirm = await send(stats, 'confirm', wb, year, { fingerprint: body.fingerprint });
    expect(confirm.statusCode, confirm.body).toBe(201);
    expect(confirm.json()).toMatchObject({ entered: 2, revised: 1 });
    expect(await count()).toBe(before + 3);
    const gdp = await history(stats, '371581', year, 'gdp');
    expect(gdp[0]).toMatchObject({ value: gdpBefore.value + 1_000, current: true, supersedesId: gdpBefore.id, evidence: gdpBefore.evidence });
    expect(gdp.slice(1).map((r) => r.id)).toContain(gdpBefore.id);
    const audit = (await office.get('/api/audit?entityType=statistical_input&pageSize=100')).json().items as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['statistics.import', 'statistics.revise', 'statistics.enter']));
  });

  it('refuses a confirm after the figures changed since the preview (409), and a sheet of another year', async () => {
    const wb = await template(stats, year);
    const current = (await list(stats, `regionCode=371581&year=${year}&key=cattle_stock`)).items[0];
    fill(wb, '371581', 'cattle_stock', current.value + 50, current.source);
    const preview = (await send(stats, 'preview', wb, year)).json();
    expect(preview.counts.revise).toBe(1);
    const meanwhile = await stats.post('/api/statistics', { regionCode: '371581', year, key: 'cattle_stock', value: current.value + 10, source: current.source, revises: current.id });
    expect(meanwhile.statusCode, meanwhile.body).toBe(201);
    const before = await count();
    const res = await send(stats, 'confirm', wb, year, { fingerprint: preview.fingerprint });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'FIGURES_CHANGED', path: 'fingerprint' });
    expect(await count()).toBe(before);
    const other = await send(stats, 'preview', wb, year - 1);
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'SHEET_OTHER_YEAR', path: 'file' });
  });

  it('says when the sheet holds nothing new, and refuses files that are not the template', async () => {
    const wb = await template(stats, year);
    expect((await send(stats, 'preview', wb, year)).json().counts).toMatchObject({ new: 0, revise: 0 });
    const res = await send(stats, 'confirm', wb, year);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('NOTHING_TO_ENTER');
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').addRow(['序号', '名称']);
    const wrong = await send(stats, 'preview', other, year);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'SHEET_HEADER', path: 'file' });
    const { payload, headers } = multipart({ year: String(year) }, { filename: 'x.csv', content: 'a,b\n1,2\n' });
    expect((await stats.request('POST', '/api/statistics/preview', payload, headers)).json().code).toBe('FILE_TYPE');
    expect((await send(eco, 'preview', wb, year)).statusCode).toBe(403);
    expect((await send(producer, 'confirm', wb, year)).statusCode).toBe(403);
  });
});
