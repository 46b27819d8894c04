import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { rollUp } from '../../src/server/indicators/service';
import { LINQING_PLAN } from '../../src/server/demo/plans/linqing';

let t: TestApp;
let office: Client, eco: Client, producer: Client, ecoGuanxian: Client;
const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

beforeAll(async () => {
  t = await startTestApp();
  [office, eco, producer, ecoGuanxian] = await Promise.all(['office.linqing', 'eco.linqing', 'producer.demo', 'eco.guanxian'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

/** A workbook laid out like seed 002's annex: a title row, merged 一级 cells, ★/☆ marks, yearly targets. */
async function tableWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('指标体系');
  ws.addRow(['临清市“无废城市”建设指标体系（测试）']);
  ws.addRow(['序号', '一级指标', '二级指标', '三级指标', '单位', '2020年', '2023年', '2025年', '数据来源部门', '责任部门', '备注']);
  ws.addRow([1, '固体废物源头减量', '工业源头减量', '一般工业固体废物产生强度★', '吨/万元', '1.2', '≤1.1', '稳步降低', '统计局', '市生态环境分局', '']);
  ws.addRow([2, '', '', '工业危险废物利用处置率★', '%', '/', '100%', '100%', '生态环境', '市生态环境分局', '平台计算']);
  ws.addRow([3, '保障能力', '制度体系', '“无废城市”建设协调机制☆', '', '/', '建立协调机制', '完善', '无废办', '无废办', '']);
  ws.addRow([4, '', '市场体系', '快递绿色包装使用率', '%', '30', '＞35%', '>40%', '交通运输局', '市交通运输局', '']);
  ws.mergeCells('B3:B4');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(client: Client, buffer: Buffer, filename: string) {
  const boundary = '----wufei' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), buffer, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({ method: 'POST', url: '/api/indicators/preview', payload: body, headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

describe('indicator plans from Excel', () => {
  let planId = '';

  it('previews a table, guessing the columns, and imports it keeping every cell’s text', async () => {
    const preview = await upload(office, await tableWorkbook(), '指标体系.xlsx');
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p.mapping.map((m: { role: string }) => m.role)).toEqual(['no', 'level1', 'level2', 'name', 'unit', 'baseline', 'target', 'target', 'dataSource', 'responsible', 'note']);
    expect(p.rows[1][1]).toBe('固体废物源头减量');
    const body = { regionCode: '371581', title: '测试指标体系', source: '测试', baselineYear: 2020, headers: p.headers, rows: p.rows, mapping: p.mapping };
    // 临清 has its demo plan for 2023 and 2025: this one replaces it, as its second version.
    const exists = await office.post('/api/indicators/plans', body);
    expect(exists.statusCode).toBe(409);
    expect(exists.json().code).toBe('PLAN_EXISTS');
    const demoPlan = (await office.get('/api/indicators/plans')).json().items.find((x: { title: string }) => x.title === LINQING_PLAN.title);
    const res = await office.post('/api/indicators/plans', { ...body, replaces: demoPlan.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ indicatorCount: 4, version: 2, supersedesId: demoPlan.id });
    planId = res.json().id;
    const listed = (await office.get('/api/indicators/plans')).json().items.find((x: { id: string }) => x.id === planId);
    expect(listed.indicatorCount).toBe(4);
    const again = await office.post('/api/indicators/plans', body);
    expect(again.statusCode).toBe(409);
  });

  it('shows each indicator with its targets as written, its source and status', async () => {
    const s = (await eco.get(`/api/indicators/plans/${planId}`)).json();
    const [intensity, hazardous, mechanism, recycling] = s.rows;
    // Computed from the ledger and the statistics bureau's GDP, never typed in.
    expect(intensity).toMatchObject({ name: '一般工业固体废物产生强度', mark: 'mandatory', direction: 'decrease', level1: '固体废物源头减量', formula: 'industrial_solid_intensity', source: 'computed' });
    expect(intensity.targets).toEqual([{ year: 2023, text: '≤1.1' }, { year: 2025, text: '稳步降低' }]);
    expect(hazardous.formula).toBe('hazardous_utilisation_rate');
    expect(hazardous.level1).toBe('固体废物源头减量');
    expect(mechanism).toMatchObject({ mark: 'optional', status: 'awaiting_assessment' });
    expect(recycling.targets[0].text).toBe('＞35%');
    expect((await ecoGuanxian.get(`/api/indicators/plans/${planId}`)).statusCode).toBe(404);
  });

  it('computes 工业危险废物利用处置率 from the ledger, keeping numerator and denominator', async () => {
    const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 2, quantityT: 0.4 })).json();
    await producer.post(`/api/ledger/batches/${batch.id}/movements`, { kind: 'self_dispose', quantityT: 0.4, treatmentMethod: 'D10' });
    const s = (await eco.get(`/api/indicators/plans/${planId}?year=${thisYear}`)).json();
    const hazardous = s.rows[1];
    expect(hazardous.latest.origin).toBe('computed');
    expect(hazardous.latest.denominator).toBeGreaterThanOrEqual(0.4);
    expect(hazardous.latest.value).toBe(Math.round((hazardous.latest.numerator / hazardous.latest.denominator) * 100_000) / 1000);
  });

  it('takes a department’s reported value with evidence, counts it once the office approves it', async () => {
    const recycling = (await eco.get(`/api/indicators/plans/${planId}`)).json().rows[3];
    const reported = await eco.post(`/api/indicators/${recycling.id}/values`, { regionCode: '371581', year: 2023, value: 36.2, numerator: 36.2, denominator: 100, evidence: [{ name: '2023年快递绿色包装使用情况统计表.xlsx' }] });
    expect(reported.statusCode, reported.body).toBe(201);
    expect(reported.json().status).toBe('submitted');
    expect((await eco.get(`/api/indicators/plans/${planId}?year=2023`)).json().rows[3].status).toBe('no_data');
    expect((await office.post(`/api/indicator-values/${reported.json().id}/approve`, {})).json().status).toBe('approved');
    const row = (await eco.get(`/api/indicators/plans/${planId}?year=2023`)).json().rows[3];
    expect(row.latest).toMatchObject({ value: 36.2, origin: 'reported', year: 2023 });
    expect(row.status).toBe('on_track');
    const computed = (await eco.get(`/api/indicators/plans/${planId}`)).json().rows[1];
    const refused = await eco.post(`/api/indicators/${computed.id}/values`, { regionCode: '371581', year: 2023, value: 99 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('COMPUTED_INDICATOR');
  });

  it('takes a verdict, never a value, on a computed row whose target is in words', async () => {
    // 天桥区's row 1 (一般工业固体废物产生强度) is computed; its target is 完成济南市下达目标.
    const tianqiao = await Client.login(t.app, 'office.tianqiao');
    const plan = (await tianqiao.get('/api/indicators/plans')).json().items.find((p: { regionCode: string }) => p.regionCode === '370105');
    const intensity = (await tianqiao.get(`/api/indicators/plans/${plan.id}`)).json().rows.find((r: { no: number }) => r.no === 1);
    expect(intensity).toMatchObject({ source: 'computed', qualitative: true, status: 'awaiting_assessment' });
    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const typed = await tianqiao.post(`/api/indicators/${intensity.id}/values`, { regionCode: '370105', year, value: 0.03 });
    expect(typed.statusCode).toBe(409);
    expect(typed.json().code).toBe('COMPUTED_INDICATOR');
    const verdict = await tianqiao.post(`/api/indicators/${intensity.id}/values`, { regionCode: '370105', year, verdict: 'on_track', note: '济南市下达天桥区的产生强度目标为逐年下降，平台计算值较上年下降' });
    expect(verdict.statusCode, verdict.body).toBe(201);
    const after = (await tianqiao.get(`/api/indicators/plans/${plan.id}`)).json().rows.find((r: { no: number }) => r.no === 1);
    expect(after.status).toBe('on_track');
    expect(after.latest.origin).toBe('computed');
  });

  it('exports the table in the annex layout', async () => {
    const res = await eco.get(`/api/indicators/plans/${planId}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(4).value).toBe('三级指标');
    expect(ws.getRow(2).getCell(4).value).toBe('一般工业固体废物产生强度★');
  });
});

describe('the list of plans', () => {
  it('pages the plans of one’s area and the areas above it, and no others', async () => {
    type PlanPage = { items: { id: string; regionCode: string }[]; total: number; page: number; pageSize: number };
    const all = (await office.get('/api/indicators/plans')).json() as PlanPage;
    expect(all.items.every((p) => p.regionCode.startsWith('3715'))).toBe(true);
    expect(all.items.some((p) => p.regionCode === '371581')).toBe(true);
    expect(all.total).toBe(all.items.length);
    // 冠县's regulator sees no plan of 临清; a company sees none at all.
    expect(((await ecoGuanxian.get('/api/indicators/plans')).json() as PlanPage).items.some((p) => p.regionCode === '371581')).toBe(false);
    expect((await producer.get('/api/indicators/plans')).json()).toMatchObject({ items: [], total: 0 });
    const admin = await Client.login(t.app, 'admin');
    const first = (await admin.get('/api/indicators/plans?pageSize=2')).json() as PlanPage;
    const second = (await admin.get('/api/indicators/plans?pageSize=2&page=2')).json() as PlanPage;
    expect(first.items).toHaveLength(2);
    expect(second.total).toBe(first.total);
    expect(second.items.map((p) => p.id).filter((id) => first.items.some((f) => f.id === id))).toEqual([]);
    expect((await admin.get('/api/indicators/plans?pageSize=0')).statusCode).toBe(400);
  });
});

describe('rolling county values up to the city', () => {
  it('recomputes from numerators and denominators, never averaging rates', () => {
    // Two counties at 90% (450/500) and 10% (10/100): the city is 460/600, not the 50% an average would say.
    expect(rollUp([{ numerator: 450, denominator: 500 }, { numerator: 10, denominator: 100 }])).toEqual({ numerator: 460, denominator: 600, value: 76.667, complete: true });
    expect(rollUp([{ numerator: 450, denominator: 500 }, { numerator: null, denominator: null }]).complete).toBe(false);
  });
});

describe('the demo plans’ construction-waste rows', () => {
  it('show values computed from the demo truckloads on 临清’s and 天桥区’s indicator pages', async () => {
    const tianqiao = await Client.login(t.app, 'office.tianqiao');
    // 临清's demo plan was replaced by the test plan above: superseded, it still shows its values.
    const rowOf = async (client: Client, regionCode: string, name: RegExp) => {
      const plans = (await client.get('/api/indicators/plans')).json().items as { id: string; regionCode: string; title: string }[];
      const plan = plans.find((p) => p.regionCode === regionCode && p.title !== '测试指标体系')!;
      const rows = (await client.get(`/api/indicators/plans/${plan.id}?year=${thisYear}`)).json().rows as { no: number; name: string; formula: string | null; status: string; latest: { value: number; origin: string; numerator: number; denominator: number } | null }[];
      return rows.find((r) => name.test(r.name))!;
    };
    const linqing = await rowOf(office, '371581', /建筑垃圾资源化利用率/);
    expect(linqing).toMatchObject({ no: 20, formula: 'construction_recycling_rate', latest: { origin: 'computed' } });
    // The demo year's truckloads received this year: what the recycling plant took over all that was received,
    // short of the plan's 50 % (the consumption site still takes much of the recyclable waste).
    const [received] = (await t.database.db.execute<{ recycled: number; total: number }>(sql`
      SELECT coalesce(sum(m.received_weight_t) FILTER (WHERE s.kind = 'recycling'), 0)::float8 AS recycled, coalesce(sum(m.received_weight_t), 0)::float8 AS total
      FROM manifests m JOIN disposal_sites s ON s.id = (m.data->>'siteId')::uuid JOIN construction_projects p ON p.id = (m.data->>'projectId')::uuid
      WHERE m.stream = 'construction' AND m.status = 'received' AND p.region_code LIKE '371581%' AND extract(year FROM m.planned_date) = ${thisYear}`)).rows;
    expect(received.total).toBeGreaterThan(0);
    expect(linqing.latest!.value).toBeCloseTo((100 * received.recycled) / received.total, 2);
    expect(linqing.latest!.value).toBeLessThan(50);
    const perArea = await rowOf(tianqiao, '370105', /施工现场建筑废弃物/);
    expect(perArea).toMatchObject({ no: 10, formula: 'construction_discharge_per_area', latest: { origin: 'computed' }, status: 'achieved' });
    // 工程垃圾, 拆除垃圾 and 装修垃圾 sent off the new-build site this year, over its 2.6 万 m².
    const [sent] = (await t.database.db.execute<{ t: number }>(sql`
      SELECT coalesce(sum(coalesce(m.received_weight_t, (m.data->>'pickupWeightT')::numeric, m.declared_weight_t)), 0)::float8 AS t
      FROM manifests m JOIN construction_projects p ON p.id = (m.data->>'projectId')::uuid
      WHERE m.stream = 'construction' AND m.status IN ('in_transit', 'received') AND p.kind = 'new' AND p.region_code LIKE '370105%' AND m.waste_code NOT IN ('CW01', 'CW02')
        AND extract(year FROM m.planned_date) = ${thisYear}`)).rows;
    expect(perArea.latest!.value).toBeCloseTo(sent.t / 2.6, 1);
    const comprehensive = await rowOf(tianqiao, '370105', /建筑垃圾综合利用率/);
    expect(comprehensive).toMatchObject({ formula: 'construction_recycling_rate', latest: { origin: 'computed' } });
  });

  it('computes 临清’s share of storage sites rectified from the register (the foundry’s heap done, the ash yard with one problem open)', async () => {
    const plans = (await office.get('/api/indicators/plans')).json().items as { id: string; title: string }[];
    const plan = plans.find((p) => p.title === LINQING_PLAN.title)!;
    const rows = (await office.get(`/api/indicators/plans/${plan.id}?year=${thisYear}`)).json().rows as { name: string; formula: string | null; latest: { value: number; numerator: number; denominator: number } | null }[];
    const row = rows.find((r) => /堆存场所.*综合整治/.test(r.name))!;
    expect(row.formula).toBe('bulk_storage_rectified_share');
    // Two sites of 临清 had problems found: the foundry's heap, signed off; the ash yard, one signed off and one past its deadline.
    expect(row.latest).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
  });
});
