import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';
import { multipart } from '../support/matrix';
import { LINQING_PLAN } from '../../src/server/demo/plans/linqing';

// Indicator tables in layouts the seeds do not have, sent as an office would: the preview guesses the
// columns from the headers and the cells and proposes a formula per row; the import keeps the marks,
// areas, lead units and yearly targets; a second plan for the same years replaces the first only when
// the office says so, as its next version.
let t: TestApp;
let office: Client, eco: Client;

beforeAll(async () => {
  t = await startTestApp();
  [office, eco] = await Promise.all(['office.linqing', 'eco.linqing'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

const xlsx = async (build: (ws: ExcelJS.Worksheet) => void) => {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('指标'));
  return Buffer.from(await wb.xlsx.writeBuffer());
};

/** A county's table: 领域, 指标类型 (必选/可选) in its own column, 现状值（2021年）, 2024 and 2025 targets, 牵头部门 beside 配合部门. */
const countyTable = () => xlsx((ws) => {
  ws.addRow(['序号', '领域', '指标名称', '指标类型(必选/可选)', '单位', '现状值（2021年）', '2024年目标', '2025年目标', '牵头部门', '配合部门']);
  ws.addRow([1, '工业源头减量', '一般工业固体废物产生强度', '必选', '吨/万元', '1.3', '≤1.2', '≤1.1', '市工业和信息化局', '市统计局']);
  ws.addRow([2, '', '工业危险废物利用处置率', '必选', '%', '98%', '100%', '100%', '聊城市生态环境局临清市分局', '市工业和信息化局、市应急管理局']);
  ws.addRow([3, '', '新增绿色工厂数量', '可选', '家', '2', '3', '4', '市工业和信息化局', '']);
  ws.addRow([4, '资源化利用', '建筑垃圾资源化利用率', '必选', '%', '30%', '45%', '＞50%', '市住房城乡建设局', '市综合行政执法局市公安局']);
  ws.addRow([5, '最终处置', '工业危险废物填埋处置量下降幅度', '可选', '%', '11766.86吨', '5%（较2021年）', '8%（较2021年）', '聊城市生态环境局临清市分局', '相关镇〔街道、开发区〕人民政府']);
  ws.addRow([6, '保障能力', '“无废城市”建设项目投资总额', '可选', '亿元', '/', '1', '1.5', '市发展和改革局', '市财政局']);
  ws.mergeCells('B2:B4');
});

/** Full-width headers and figures, ★/☆ in a column without a header, units in 计量单位. */
const fullWidthTable = () => xlsx((ws) => {
  ws.addRow(['序　号', '重点领域', '指标项', '', '计量单位', '２０２０年基准值', '２０２５年目标值', '责任单位', '备　注']);
  ws.addRow(['１', '源头减量', '工业危险废物产生强度', '★', '吨／万元', '０.０３９', '≤０.０３５', '县生态环境分局', '']);
  ws.addRow(['２', '', '秸秆综合利用率', '☆', '％', '９４％', '＞９５％', '县农业农村局', '']);
  ws.addRow(['３', '资源化利用', '建筑垃圾资源化利用率', '★', '％', '３０％', '≥５０％', '县住房城乡建设局', '2021年数据']);
});

/** A title and a blank row above a header on two rows (目标值 over 2023年 | 2025年), and a bare 单位 over department names. */
const twoRowHeaderTable = () => xlsx((ws) => {
  ws.addRow(['临清市“无废城市”建设目标（2023年修订）']);
  ws.addRow([]);
  ws.addRow(['编号', '一级指标', '二级指标', '三级指标', '2020年', '目标值', '', '单位', '数据来源']);
  ws.addRow(['', '', '', '', '', '2023年', '2025年', '', '']);
  ws.addRow([1, '固体废物源头减量', '工业源头减量', '一般工业固体废物综合利用率（%）', '70%', '72%', '75%', '市工业和信息化局', '市统计局']);
  ws.addRow([2, '', '', '工业危险废物利用处置率（%）', '100%', '100%', '100%', '聊城市生态环境局临清市分局', '生态环境部门']);
  ws.addRow([3, '保障能力', '制度体系', '“无废城市”建设协调机制', '/', '建立', '完善', '市政府办公室', '—']);
  for (const c of ['A', 'B', 'C', 'D', 'E', 'H', 'I']) ws.mergeCells(`${c}3:${c}4`);
  ws.mergeCells('F3:G3');
});

interface Preview {
  headers: string[]; rows: string[][]; baselineYear: number;
  mapping: { index: number; header: string; role: string; year?: number }[];
  proposals: { row: number; no: number; name: string; unit: string; formula: string | null; label: { zh: string } | null }[];
}

async function preview(buffer: Buffer, filename: string): Promise<Preview> {
  const { payload, headers } = multipart({}, { filename, content: buffer });
  const res = await office.request('POST', '/api/indicators/preview', payload, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const roles = (p: Preview) => p.mapping.map((m) => (m.year ? `${m.role}:${m.year}` : m.role));
const body = (p: Preview, title: string, extra: Record<string, unknown> = {}) => ({ regionCode: '371581', title, source: '测试', baselineYear: p.baselineYear, headers: p.headers, rows: p.rows, mapping: p.mapping, ...extra });
const planList = async () => (await office.get('/api/indicators/plans')).json().items as { id: string; title: string; version: number; supersedesId: string | null; supersededAt: string | null; regionCode: string }[];

interface StatusRow { no: number; name: string; level1: string; mark: string | null; unit: string; direction: string; lead: string; responsible: string; formula: string | null; targets: { year: number; text: string }[]; status: string }

describe('previewing tables in layouts the importer has not seen', () => {
  it('reads the county table’s columns by their words and proposes formulas by name and unit', async () => {
    const p = await preview(await countyTable(), '县级指标体系.xlsx');
    expect(roles(p)).toEqual(['no', 'level1', 'name', 'mark', 'unit', 'baseline:2021', 'target:2024', 'target:2025', 'lead', 'responsible']);
    expect(p.baselineYear).toBe(2021);
    expect(p.proposals.map((x) => [x.no, x.formula])).toEqual([[1, 'industrial_solid_intensity'], [2, 'hazardous_utilisation_rate'], [3, 'green_factories_new_provincial'], [4, 'construction_recycling_rate'], [5, 'hazardous_landfill_decline'], [6, 'project_investment']]);
    expect(p.proposals[1].label!.zh).toContain('利用处置率');
  });

  it('reads full-width headers, the unnamed ★/☆ column and the units by their cells', async () => {
    const p = await preview(await fullWidthTable(), '全角.xlsx');
    expect(roles(p)).toEqual(['no', 'level1', 'name', 'mark', 'unit', 'baseline:2020', 'target:2025', 'responsible', 'note']);
    expect(p.proposals.find((x) => x.no === 3)).toMatchObject({ unit: '%', formula: 'construction_recycling_rate' });
  });

  it('skips the title and the blank row, joins the two header rows, and reads 单位 over department names as the responsible unit', async () => {
    const p = await preview(await twoRowHeaderTable(), '两行表头.xlsx');
    expect(p.headers).toEqual(['编号', '一级指标', '二级指标', '三级指标', '2020年', '目标值2023年', '目标值2025年', '单位', '数据来源']);
    expect(roles(p)).toEqual(['no', 'level1', 'level2', 'name', 'baseline:2020', 'target:2023', 'target:2025', 'responsible', 'dataSource']);
    expect(p.rows).toHaveLength(3);
    expect(p.proposals.map((x) => [x.no, x.unit, x.formula])).toEqual([[1, '%', 'industrial_solid_utilisation_rate'], [2, '%', 'hazardous_utilisation_rate'], [3, '', null]]);
  });
});

describe('importing the county table over 临清’s plan', () => {
  let p: Preview;
  let demoId = '', planId = '';
  const auditRows = async (entityId: string) => (await t.database.db.execute<{ action: string }>(sql`SELECT action FROM audit_log WHERE entity_type = 'indicator_plan' AND entity_id = ${entityId} ORDER BY at`)).rows.map((r) => r.action);

  beforeAll(async () => {
    p = await preview(await countyTable(), '县级指标体系.xlsx');
    demoId = (await planList()).find((x) => x.title === LINQING_PLAN.title)!.id;
  });

  it('refuses a second current plan for years 临清’s plan already covers, naming that plan, and saves nothing', async () => {
    const before = (await planList()).length;
    const res = await office.post('/api/indicators/plans', body(p, '临清市指标体系（县级格式）'));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PLAN_EXISTS', path: 'replaces' });
    expect(res.json().message.zh).toContain(LINQING_PLAN.title);
    expect(res.json().message.en).toContain(demoId);
    expect(await planList()).toHaveLength(before);
  });

  it('refuses a formula that cannot give the row’s unit, an unknown formula and a row the table lacks, naming the row; nothing is saved', async () => {
    const before = (await planList()).length;
    const unit = await office.post('/api/indicators/plans', body(p, '临清市指标体系（县级格式）', { replaces: demoId, formulas: { 3: 'hazardous_utilisation_rate' } }));
    expect(unit.statusCode).toBe(400);
    expect(unit.json()).toMatchObject({ code: 'FORMULA_UNIT', path: 'formulas.3' });
    expect(unit.json().message.zh).toContain('第 3 项“新增绿色工厂数量”');
    const unknown = await office.post('/api/indicators/plans', body(p, '临清市指标体系（县级格式）', { replaces: demoId, formulas: { 1: 'no_such_formula' } }));
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_FORMULA', path: 'formulas.1' });
    expect(unknown.statusCode).toBe(400);
    const row = await office.post('/api/indicators/plans', body(p, '临清市指标体系（县级格式）', { replaces: demoId, formulas: { 99: null } }));
    expect(row.json()).toMatchObject({ code: 'FORMULA_ROW', path: 'formulas.99' });
    expect(await planList()).toHaveLength(before);
    expect((await planList()).find((x) => x.id === demoId)!.supersededAt).toBeNull();
  });

  it('replaces it when asked: version 2, the old plan kept and marked superseded, an audit record of each', async () => {
    const res = await office.post('/api/indicators/plans', body(p, '临清市指标体系（县级格式）', { replaces: demoId, formulas: { 2: null, 4: 'bulk_storage_rectified_share', 5: null } }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ version: 2, supersedesId: demoId, supersededAt: null, baselineYear: 2021, years: [2024, 2025], indicatorCount: 6 });
    planId = res.json().id;
    const list = await planList();
    expect(list[0]).toMatchObject({ id: planId, supersededAt: null });
    const old = list.find((x) => x.id === demoId)!;
    expect(old.supersededAt).not.toBeNull();
    expect(list.indexOf(old)).toBeGreaterThan(list.findLastIndex((x) => x.supersededAt === null));
    const kept = await eco.get(`/api/indicators/plans/${demoId}`);
    expect(kept.statusCode).toBe(200);
    expect(kept.json().rows).toHaveLength(45);
    expect(await auditRows(demoId)).toEqual(['indicators.import', 'indicators.supersede']);
    expect(await auditRows(planId)).toEqual(['indicators.import']);
    const again = await office.post('/api/indicators/plans', body(p, '临清市指标体系（再导入）', { replaces: demoId }));
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('REPLACES_UNKNOWN');
    // The old version is read, not reported into.
    const oldRow = kept.json().rows.find((r: { formula: string | null; qualitative: boolean }) => !r.formula && !r.qualitative);
    const late = await office.post(`/api/indicators/${oldRow.id}/values`, { regionCode: '371581', year: 2025, value: 50 });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('PLAN_SUPERSEDED');
  });

  it('keeps the marks, the areas, the lead units first, and the targets by year; applies the office’s formulas and the proposals elsewhere', async () => {
    const rows = (await eco.get(`/api/indicators/plans/${planId}`)).json().rows as StatusRow[];
    expect(rows.map((r) => r.mark)).toEqual(['mandatory', 'mandatory', 'optional', 'mandatory', 'optional', 'optional']);
    expect(rows.map((r) => r.level1)).toEqual(['工业源头减量', '工业源头减量', '工业源头减量', '资源化利用', '最终处置', '保障能力']);
    expect(rows[1].responsible).toBe('聊城市生态环境局临清市分局、市工业和信息化局、市应急管理局');
    expect(rows[1].lead).toBe('聊城市生态环境局临清市分局');
    expect(rows[3].responsible).toBe('市住房城乡建设局、市综合行政执法局、市公安局');
    expect(rows[4].responsible).toBe('聊城市生态环境局临清市分局、相关镇〔街道、开发区〕人民政府');
    expect(rows[0].targets).toEqual([{ year: 2024, text: '≤1.2' }, { year: 2025, text: '≤1.1' }]);
    expect(rows[3].targets).toEqual([{ year: 2024, text: '45%' }, { year: 2025, text: '＞50%' }]);
    expect(rows.map((r) => r.formula)).toEqual(['industrial_solid_intensity', null, 'green_factories_new_provincial', 'bulk_storage_rectified_share', null, 'project_investment']);
    expect(rows[0]).toMatchObject({ unit: '吨/万元', direction: 'decrease' });
  });

  it('assesses the 下降幅度 row as a decline: 6 % against a 5 % decline target is on track, 8.5 % meets the 8 % of 2025', async () => {
    const decline = ((await eco.get(`/api/indicators/plans/${planId}`)).json().rows as (StatusRow & { id: string })[])[4];
    expect(decline.direction).toBe('increase');
    const report = async (year: number, value: number) => expect((await office.post(`/api/indicators/${decline.id}/values`, { regionCode: '371581', year, value })).statusCode).toBe(201);
    const at = async (year: number) => ((await eco.get(`/api/indicators/plans/${planId}?year=${year}`)).json().rows as StatusRow[])[4].status;
    await report(2024, 6);
    expect(await at(2024)).toBe('on_track');
    await report(2025, 8.5);
    expect(await at(2025)).toBe('achieved');
  });

  it('replaces version 2 in turn with the two-row-header table: version 3 names version 2', async () => {
    const c = await preview(await twoRowHeaderTable(), '两行表头.xlsx');
    const refused = await office.post('/api/indicators/plans', body(c, '临清市指标体系（修订）'));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message.zh).toContain('临清市指标体系（县级格式）');
    const res = await office.post('/api/indicators/plans', body(c, '临清市指标体系（修订）', { replaces: planId }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ version: 3, supersedesId: planId });
    const rows = (await eco.get(`/api/indicators/plans/${res.json().id}`)).json().rows as StatusRow[];
    expect(rows.map((r) => [r.unit, r.responsible, r.formula])).toEqual([['%', '市工业和信息化局', 'industrial_solid_utilisation_rate'], ['%', '聊城市生态环境局临清市分局', 'hazardous_utilisation_rate'], ['', '市政府办公室', null]]);
  });
});

describe('the formula registry', () => {
  it('lists every formula with its method, inputs and the units it can give, for any official', async () => {
    const res = await eco.get('/api/indicators/formulas');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { key: string; units: string; method: { zh: string }; inputs: { key: string; kind: string }[] }[];
    const hazardous = items.find((f) => f.key === 'hazardous_utilisation_rate')!;
    expect(new RegExp(hazardous.units).test('%')).toBe(true);
    expect(new RegExp(hazardous.units).test('家')).toBe(false);
    expect(hazardous.inputs.map((i) => i.kind)).toEqual(['ledger', 'ledger']);
    expect(items.find((f) => f.key === 'project_investment')!.method.zh).toContain('总投资');
    expect((await new Client(t.app).get('/api/indicators/formulas')).statusCode).toBe(401);
  });
});
