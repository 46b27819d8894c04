import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { multipart } from '../support/matrix';

// 项目清单 and the yearly assessment: import, investment in 万元, progress notes, the investment
// indicator computed from the list, qualitative verdicts, and the assessment workbook.
let t: TestApp;
let office: Client, eco: Client, producer: Client, ecoGuanxian: Client;

beforeAll(async () => {
  t = await startTestApp();
  [office, eco, producer, ecoGuanxian] = await Promise.all(['office.linqing', 'eco.linqing', 'producer.demo', 'eco.guanxian'].map((u) => Client.login(t.app, u)));
  // The story starts before 临清 has a list: the demo's own list (demo/projects.ts) is taken out of this test's copy of the database.
  await t.database.db.execute(sql`DELETE FROM project_updates WHERE project_id IN (SELECT id FROM projects WHERE region_code LIKE '371581%')`);
  await t.database.db.execute(sql`DELETE FROM projects WHERE region_code LIKE '371581%'`);
});
afterAll(async () => { await t.close(); });

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('项目清单');
  ws.addRow(['临清市“无废城市”建设项目清单（测试）']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const HEADERS = ['序号', '项目名称', '建设单位', '建设内容', '建设地点', '建设期限', '总投资（万元）', '资金来源'];
const upload = async (client: Client, buffer: Buffer, url = '/api/projects/import') => {
  const { payload, headers } = multipart({}, { filename: '项目清单.xlsx', content: buffer });
  return client.request('POST', url, payload, headers);
};
const projectCount = async () => Number((await t.database.db.execute(sql`SELECT count(*) AS n FROM projects WHERE region_code = '371581'`)).rows[0].n);

describe('the project list', () => {
  let projectId = '';

  it('imports a list from Excel: sections become categories, investment is read into 万元', async () => {
    const res = await upload(office, await workbook([
      HEADERS,
      ['一、固体废物源头减量', '', '', '', '', '', '', ''],
      [1, '轴承产业园危险废物集中贮存设施', '临清市恒通轴承制造有限公司', '建设危险废物集中贮存库2000平方米', '松林镇', '2024—2025年', '5000', '企业自筹'],
      [2, '建筑垃圾资源化利用二期', '临清市建筑垃圾资源化利用有限公司', '年处理建筑垃圾50万吨', '刘垓子镇', '2025年', '1.2亿元', '专项债'],
    ]));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ inserted: 2, skipped: 0 });
    const list = (await office.get('/api/projects?regionCode=371581')).json();
    expect(list.total).toBe(2);
    expect(list.investmentWanYuan).toBe(17000);
    expect(list.items[0]).toMatchObject({ no: 1, category: '一、固体废物源头减量', investmentText: '5000', investmentWanYuan: 5000 });
    expect(list.items[1]).toMatchObject({ investmentText: '1.2亿元', investmentWanYuan: 12000 });
    expect(list.categories).toEqual(['一、固体废物源头减量']);
    projectId = list.items[0].id;
    const again = await upload(office, await workbook([HEADERS, [1, '重复的序号', '某单位', '', '', '', '1', '']]));
    expect(again.json()).toEqual({ inserted: 0, skipped: 1 });
  });

  it('refuses a sheet it cannot read right, saving nothing', async () => {
    const before = await projectCount();
    const words = await upload(office, await workbook([HEADERS, [3, '垃圾分类收运体系', '综合行政执法局', '', '', '', '五千万', ''], [3, '另一个项目', '某单位', '', '', '', '10', '']]));
    expect(words.statusCode).toBe(400);
    expect(words.json().message.zh).toContain('投资额“五千万”不是数字');
    expect(words.json().message.zh).toContain('序号 3 重复');
    const noName = await upload(office, await workbook([['序号', '单位', '投资'], [1, '某单位', '10']]));
    expect(noName.statusCode).toBe(400);
    const notSheet = await office.request('POST', '/api/projects/import', multipart({}, { filename: 'list.pdf', content: 'x' }).payload, multipart({}, { filename: 'list.pdf', content: 'x' }).headers);
    expect(notSheet.statusCode).toBe(400);
    expect(await projectCount()).toBe(before);
  });

  it('lets only the office import, and keeps other counties out', async () => {
    expect((await upload(producer, await workbook([HEADERS, [9, '某项目', '某单位', '', '', '', '1', '']]))).statusCode).toBe(403);
    expect((await upload(eco, await workbook([HEADERS, [9, '某项目', '某单位', '', '', '', '1', '']]))).statusCode).toBe(403);
    expect((await ecoGuanxian.get('/api/projects?regionCode=371581')).statusCode).toBe(403);
    expect((await ecoGuanxian.get(`/api/projects/${projectId}`)).statusCode).toBe(404);
    expect((await producer.get('/api/projects')).statusCode).toBe(403);
  });

  it('appends progress notes; the list shows the latest; figures far above the plan are refused', async () => {
    const first = await eco.post(`/api/projects/${projectId}/progress`, { period: '2026-09', text: '主体工程完工', investedWanYuan: 3000 });
    expect(first.statusCode, first.body).toBe(201);
    await eco.post(`/api/projects/${projectId}/progress`, { period: '2026-10', text: '设备安装调试', investedWanYuan: 4200 });
    const detail = (await office.get(`/api/projects/${projectId}`)).json();
    expect(detail.updates.map((u: { text: string }) => u.text)).toEqual(['设备安装调试', '主体工程完工']);
    const list = (await office.get('/api/projects?regionCode=371581&q=贮存')).json();
    expect(list.total).toBe(1);
    expect(list.items[0].latestUpdate).toBe('设备安装调试');
    const tooMuch = await eco.post(`/api/projects/${projectId}/progress`, { period: '2026-11', text: '多报', investedWanYuan: 9000 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().message.en).toContain('far above');
    expect((await eco.post(`/api/projects/${projectId}/progress`, { period: '2026-13', text: '月份错误' })).statusCode).toBe(400);
    expect((await producer.post(`/api/projects/${projectId}/progress`, { period: '2026-11', text: '企业不能报' })).statusCode).toBe(403);
  });
});

describe('the investment indicator, qualitative verdicts and the assessment report', () => {
  let planId = '';
  // A target year of its own: 临清's demo plan is current for 2023 and 2025 (a second plan for those years is refused).
  const headers = ['序号', '一级指标', '二级指标', '三级指标', '单位', '2020年', '2030年'];
  const rows = [
    ['1', '保障能力', '市场体系', '“无废城市”建设项目投资总额★', '亿元', '/', '≥1.5'],
    ['2', '', '制度体系', '“无废城市”建设协调机制', '', '/', '建立协调机制'],
    ['3', '固体废物源头减量', '生活领域', '快递绿色包装使用率', '%', '60%', '≥90%'],
  ];

  it('computes total investment from the project list, in the indicator’s unit', async () => {
    const mapping = [{ index: 0, header: '序号', role: 'no' }, { index: 1, header: '一级指标', role: 'level1' }, { index: 2, header: '二级指标', role: 'level2' }, { index: 3, header: '三级指标', role: 'name' },
      { index: 4, header: '单位', role: 'unit' }, { index: 5, header: '2020年', role: 'baseline' }, { index: 6, header: '2030年', role: 'target', year: 2030 }];
    const res = await office.post('/api/indicators/plans', { regionCode: '371581', title: '项目与评估测试', baselineYear: 2020, headers, rows, mapping });
    expect(res.statusCode, res.body).toBe(201);
    planId = res.json().id;
    const status = (await office.get(`/api/indicators/plans/${planId}?year=2026`)).json();
    expect(status.rows[0]).toMatchObject({ formula: 'project_investment', latest: { value: 1.7, numerator: 17000, denominator: null, origin: 'computed' }, status: 'achieved' });
    expect(status.rows[1]).toMatchObject({ qualitative: true, status: 'awaiting_assessment' });
  });

  it('takes a verdict with its reason for a qualitative target, and only there', async () => {
    const [, mechanism, parcels] = (await office.get(`/api/indicators/plans/${planId}`)).json().rows;
    const asNumber = await eco.post(`/api/indicators/${mechanism.id}/values`, { regionCode: '371581', year: 2026, value: 1 });
    expect(asNumber.statusCode).toBe(400);
    expect(asNumber.json().code).toBe('VERDICT_REQUIRED');
    const bare = await eco.post(`/api/indicators/${mechanism.id}/values`, { regionCode: '371581', year: 2026, verdict: 'achieved' });
    expect(bare.json().code).toBe('EVIDENCE_REQUIRED');
    const onNumeric = await eco.post(`/api/indicators/${parcels.id}/values`, { regionCode: '371581', year: 2026, value: 80, verdict: 'achieved' });
    expect(onNumeric.json().code).toBe('VERDICT_NOT_ALLOWED');
    const filed = await eco.post(`/api/indicators/${mechanism.id}/values`, { regionCode: '371581', year: 2026, verdict: 'achieved', note: '领导小组已成立，印发工作规则', evidence: [{ name: '临无废发〔2026〕1号.pdf' }] });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toMatchObject({ status: 'submitted', value: null, verdict: 'achieved' });
    expect((await office.get(`/api/indicators/plans/${planId}?year=2026`)).json().rows[1].status).toBe('awaiting_assessment');
    expect((await office.post(`/api/indicator-values/${filed.json().id}/approve`, {})).statusCode).toBe(200);
    const row = (await office.get(`/api/indicators/plans/${planId}?year=2026`)).json().rows[1];
    expect(row.status).toBe('achieved');
    expect(row.explanation.reason.zh).toContain('领导小组已成立');
  });

  it('exports the year’s assessment as a workbook: summary, indicators, tasks, projects', async () => {
    const res = await office.get(`/api/indicators/plans/${planId}/assessment.xlsx?year=2026`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('年度评估报告'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['评估概况', '指标评估', '任务完成情况', '项目进展']);
    const summary = new Map<string, unknown>();
    wb.getWorksheet('评估概况')!.eachRow((r, i) => { if (i > 1) summary.set(String(r.getCell(1).value).trim(), r.getCell(2).value); });
    expect(summary.get('指标总数')).toBe(3);
    expect(summary.get('已达标')).toBe(2);
    expect(summary.get('暂无数据')).toBe(1);
    expect(summary.get('项目计划总投资（万元）')).toBe(17000);
    const indicators = wb.getWorksheet('指标评估')!;
    expect(indicators.rowCount).toBe(4);
    expect(indicators.getRow(3).getCell(11).value).toBe('人工评估');
    expect(wb.getWorksheet('项目进展')!.rowCount).toBe(3);
    expect((await ecoGuanxian.get(`/api/indicators/plans/${planId}/assessment.xlsx?year=2026`)).statusCode).toBe(404);
  });
});

describe('indicator values for many regions and months from one sheet', () => {
  const sheet = async (rows: (string | number)[][]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('指标数据');
    ws.addRow(['序号', '指标名称', '区划代码', '年份', '月份', '数值', '分子', '分母', '说明']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const send = async (client: Client, planId: string, buffer: Buffer) => {
    const { payload, headers } = multipart({}, { filename: '指标数据.xlsx', content: buffer });
    return client.request('POST', `/api/indicators/plans/${planId}/values/import`, payload, headers);
  };
  const linqingPlan = async () => (await office.get('/api/indicators/plans')).json().items.find((p: { title: string }) => p.title === '临清市“十四五”时期“无废城市”建设指标体系').id as string;
  const count = async () => Number((await t.database.db.execute(sql`SELECT count(*) AS n FROM indicator_values WHERE note LIKE '批量%'`)).rows[0].n);

  it('imports a month per town for an indicator, approved at once when the office sends it', async () => {
    const planId = await linqingPlan();
    const towns = ['371581101', '371581102', '371581103'];
    const rows = towns.flatMap((town) => Array.from({ length: 12 }, (_, m) => [12, '快递绿色包装使用率', town, 2025, m + 1, 60 + m, 60 + m, 100, '批量导入']));
    const res = await send(office, planId, await sheet(rows));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ inserted: 36, status: 'approved' });
    expect(await count()).toBe(36);
    const byEco = await send(eco, planId, await sheet([[12, '', '371581104', 2025, 1, 55, '', '', '批量部门']]));
    expect(byEco.json()).toEqual({ inserted: 1, status: 'submitted' });
  });

  it('checks every row and saves nothing when one is wrong', async () => {
    const planId = await linqingPlan();
    const before = await count();
    const bad = await send(office, planId, await sheet([
      [12, '', '371581101', 2025, 13, 60, '', '', '批量错误'],
      [12, '', '371581101', 2025, 1, '六十', '', '', '批量错误'],
      [12, '', '371581101', 2025, 2, 60, 60, '', '批量错误'],
    ]));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message.zh).toContain('第2行：月份“13”应为1–12');
    expect(bad.json().message.zh).toContain('第3行：数值“六十”不是数字');
    expect(bad.json().message.zh).toContain('第4行：分子和分母须同时填写');
    const scope = await send(office, planId, await sheet([[12, '', '371525001', 2025, 1, 60, '', '', '批量错误'], [99, '', '371581101', 2025, 1, 60, '', '', '批量错误'], [32, '', '371581101', 2025, null as unknown as number, 1, '', '', '批量错误']]));
    expect(scope.statusCode).toBe(400);
    expect(scope.json().message.zh).toContain('区划 371525001 不在本辖区');
    expect(scope.json().message.zh).toContain('指标体系中没有序号 99');
    expect(scope.json().message.zh).toContain('序号 32 为定性指标');
    expect(await count()).toBe(before);
    expect((await send(producer, planId, await sheet([[12, '', '371581101', 2025, 1, 60, '', '', '批量']]))).statusCode).toBe(403);
  });
});
