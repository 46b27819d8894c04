import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, Client, type TestApp } from '../support/app';
import { countRows, upload } from '../support/matrix';

// What the fuzz test (fuzz.test.ts) found in the shared input primitives, each as a user meets it:
// impossible and implausible dates, quantities the database would round to nothing, regions that do
// not exist, percentages below 0, and database refusals that did not say which field was wrong.

let t: TestApp;
let producer: Client, office: Client, admin: Client, eco: Client, site: Client, power: Client, collector: Client, transporter: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const batchBody = { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 1, quantityT: 0.5 };
let batchId = '', share = '', change = '', planId = '', ashYard = '', project = '', muck = { org: '', vehicle: '', driver: '' }, dumpSite = '';

const one = async (query: string) => (await db().execute<{ id: string }>(sql.raw(query))).rows[0].id;
const tables = ['waste_batches', 'ledger_movements', 'indicator_plans', 'indicator_values', 'construction_projects', 'collection_rounds', 'exchange_listings', 'exchange_deals', 'bulk_storage_stock', 'bulk_storage_rectifications', 'audit_log', 'manifests'];
const counts = async () => Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await countRows(db(), table)] as const)));

/** The answer is a 400 that names the field, and no table gained a row. */
type Answer = LightMyRequestResponse;
async function refused(request: () => Promise<Answer>, path: string, code = 'VALIDATION'): Promise<{ zh: string; en: string }> {
  const before = await counts();
  const res = await request();
  expect(res.statusCode, JSON.stringify(res.json())).toBe(400);
  expect(res.json()).toMatchObject({ code, path });
  expect(await counts()).toEqual(before);
  const error = res.json() as { message: { zh: string; en: string }; issues: { path: string; message: { zh: string; en: string } }[] };
  return error.issues.find((i) => i.path === path)?.message ?? error.message;
}

beforeAll(async () => {
  t = await startTestApp();
  [producer, office, admin, eco, site, power, collector, transporter] = await Promise.all(
    ['producer.demo', 'office.linqing', 'admin', 'eco.linqing', 'site.demo', 'power.demo', 'collector.demo', 'transporter.demo'].map((u) => Client.login(t.app, u)));
  batchId = (await producer.post('/api/ledger/batches', batchBody)).json().id;
  planId = await one(`SELECT id FROM indicator_plans WHERE region_code = '371581'`);
  share = await one(`SELECT id FROM indicators WHERE plan_id = '${planId}' AND name = '快递绿色包装使用率'`);
  // A change in % that a department reports (再生资源回收量增长率 is computed now): 济宁经开区's carbon-intensity reduction.
  change = await one(`SELECT i.id FROM indicators i JOIN indicator_plans p ON p.id = i.plan_id WHERE p.region_code = '370829' AND i.name = '城市重点行业工业企业碳排放强度降低幅度'`);
  ashYard = await one(`SELECT b.id FROM bulk_storage_sites b JOIN users u ON u.organisation_id = b.organisation_id WHERE u.username = 'power.demo'`);
  project = await one(`SELECT p.id FROM construction_projects p JOIN users u ON u.organisation_id = p.organisation_id WHERE u.username = 'site.demo'`);
  dumpSite = await one(`SELECT id FROM disposal_sites WHERE region_code LIKE '371581%' AND kind = 'consumption'`);
  const muckOrg = await one(`SELECT organisation_id AS id FROM users WHERE username = 'muck.demo'`);
  muck = { org: muckOrg, vehicle: await one(`SELECT id FROM vehicles WHERE organisation_id = '${muckOrg}' ORDER BY plate`), driver: await one(`SELECT id FROM drivers WHERE organisation_id = '${muckOrg}' ORDER BY name`) };
});
afterAll(async () => { await t.close(); });

describe('dates', () => {
  it('refuses a batch generated on 30 February instead of storing it as 2 March', async () => {
    const message = await refused(() => producer.post('/api/ledger/batches', { ...batchBody, generatedAt: '2025-02-30T09:00:00+08:00' }), 'generatedAt');
    expect(message.en).toContain('real ISO 8601 time');
  });

  it.each([['30 February', '2025-02-30T09:00:00+08:00', 'real ISO 8601 time'], ['in 2099', '2099-01-01T09:00:00+08:00', 'cannot be in the future'], ['in 1900', '1900-01-01T09:00:00+08:00', 'cannot be before 2000-01-01'], ['as a number', 0, 'real ISO 8601 time']])(
    'refuses a ledger movement dated %s', async (_when, at, en) => {
      const message = await refused(() => producer.post(`/api/ledger/batches/${batchId}/movements`, { kind: 'store_out', quantityT: 0.1, at }), 'at');
      expect(message.en).toContain(en);
    });

  it('still takes a movement time with its offset, and a plain day', async () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    expect((await producer.post(`/api/ledger/batches/${batchId}/movements`, { kind: 'store_out', quantityT: 0.1, at })).statusCode).toBe(201);
    const day = await producer.post(`/api/ledger/batches/${batchId}/movements`, { kind: 'store_out', quantityT: 0.1, at: '2025-06-01' });
    expect(day.statusCode).toBe(201);
    expect(day.json().at).toBe('2025-06-01T00:00:00.000Z');
  });

  // Every date field of the routes that had one of their own: 1900 is refused by the input, naming the field.
  const fields: [string, () => Promise<Answer>, string][] = [
    ['a construction project starting', () => site.post('/api/construction/projects', { name: '百年工程', kind: 'new', floorAreaM2: 100, startDate: '1900-01-01' }), 'startDate'],
    ['a truckload planned', () => site.post('/api/manifests/construction', { projectId: project, wasteCode: 'CW01', declaredWeightT: 10, siteId: dumpSite, transporterId: muck.org, vehicleId: muck.vehicle, driverId: muck.driver, plannedDate: '1900-01-01' }), 'plannedDate'],
    ['a collection round', () => collector.post('/api/rounds', { roundDate: '1900-01-01', vehicleId: muck.vehicle, driverId: muck.driver, wasteCode: '841-001-01', producerIds: [muck.org] }), 'roundDate'],
    ['a listing valid until', () => power.post('/api/exchange/listings', { kind: 'offer', wasteClass: 'SW02', quantity: 10, validUntil: '1900-01-01' }), 'validUntil'],
    ['a deal agreed', () => power.post('/api/exchange/deals', { supplierId: muck.org, buyerId: muck.org, wasteClass: 'SW02', quantity: 10, agreedOn: '1900-01-01' }), 'agreedOn'],
    ['a stock reading', () => power.post(`/api/bulk-storage/sites/${ashYard}/stock`, { asOf: '1900-01-01', stockT: 10 }), 'asOf'],
    ['a rectification found', () => eco.post(`/api/bulk-storage/sites/${ashYard}/rectifications`, { problem: '围挡破损需修复', foundOn: '1900-01-01', deadline: today }), 'foundOn'],
    ['a rectification deadline', () => eco.post(`/api/bulk-storage/sites/${ashYard}/rectifications`, { problem: '围挡破损需修复', foundOn: today, deadline: '1900-01-01' }), 'deadline'],
    ['a batch generated', () => producer.post('/api/ledger/batches', { ...batchBody, generatedAt: '1900-01-01' }), 'generatedAt'],
  ];
  it.each(fields)('refuses 1900-01-01 as the date of %s', async (_what, request, path) => {
    const message = await refused(request, path);
    expect(message.en).toMatch(/between 2000-01-01 and 2100-12-31|cannot be before 2000-01-01/);
  });

  it('names the field when a project starts or a round runs on 30 February (the database used to refuse it, naming nothing)', async () => {
    expect(await refused(() => site.post('/api/construction/projects', { name: '二月三十日工程', kind: 'new', floorAreaM2: 100, startDate: '2025-02-30' }), 'startDate')).toMatchObject({ zh: expect.stringContaining('不是有效的日期'), en: expect.stringContaining('Not a real date') });
    await refused(() => collector.post('/api/rounds', { roundDate: '2025-02-30', vehicleId: muck.vehicle, driverId: muck.driver, wasteCode: '841-001-01', producerIds: [muck.org] }), 'roundDate');
  });

  it('refuses progress reported for month 1900-01', async () => {
    const task = await one(`SELECT id FROM tasks WHERE region_code = '371581' ORDER BY no LIMIT 1`);
    await refused(() => office.post(`/api/tasks/${task}/progress`, { period: '1900-01', percent: 10, text: '百年之前' }), 'period');
  });

  it('refuses a declaration for the year 1900', async () => {
    await refused(() => producer.post('/api/declarations', { periodType: 'year', period: '1900' }), 'period');
  });
});

describe('quantities the database would round away', () => {
  it('refuses a batch of 0.0000001 t instead of storing a 0 t batch', async () => {
    const message = await refused(() => producer.post('/api/ledger/batches', { ...batchBody, quantityT: 0.0000001 }), 'quantityT');
    expect(message).toEqual({ zh: '重量须大于0（最小 0.0001）', en: 'The weight must be above 0 (0.0001 at least)' });
  });

  it('refuses a weight with more decimals than the ledger keeps, and stores 0.0001 t exactly', async () => {
    expect(await refused(() => producer.post('/api/ledger/batches', { ...batchBody, quantityT: 1.23456 }), 'quantityT')).toEqual({ zh: '重量最多保留 4 位小数', en: 'The weight has at most 4 decimal places' });
    const smallest = await producer.post('/api/ledger/batches', { ...batchBody, quantityT: 0.0001 });
    expect(smallest.statusCode).toBe(201);
    expect((await db().execute(sql`SELECT quantity_t::text AS q FROM waste_batches WHERE id = ${smallest.json().id}`)).rows[0].q).toBe('0.0001');
  });

  it.each([
    ['an exchange listing', () => power.post('/api/exchange/listings', { kind: 'offer', wasteClass: 'SW02', quantity: 1.0001 }), 'quantity', 'at most 3 decimal places'],
    ['a listing price', () => power.post('/api/exchange/listings', { kind: 'offer', wasteClass: 'SW02', quantity: 1, priceYuan: 0.001 }), 'priceYuan', 'at most 2 decimal places'],
    ['a stock reading', () => power.post(`/api/bulk-storage/sites/${ashYard}/stock`, { asOf: today, stockT: 0.0000001 }), 'stockT', 'at most 3 decimal places'],
    ['a construction project', () => site.post('/api/construction/projects', { name: '微小工程', kind: 'new', floorAreaM2: 0.0000001, startDate: today }), 'floorAreaM2', 'must be above 0 (0.01 at least)'],
    ['a truckload', () => site.post('/api/manifests/construction', { projectId: project, wasteCode: 'CW01', declaredWeightT: 0.00001, siteId: dumpSite, transporterId: muck.org, vehicleId: muck.vehicle, driverId: muck.driver, plannedDate: today }), 'declaredWeightT', 'must be above 0'],
    ['a management plan', () => producer.put(`/api/plans/mine/${year + 1}`, { tables: { A3: [{ wasteCode: '900-249-08', expectedT: 0.0000001 }] } }), 'tables.A3.0.expectedT', 'at most 4 decimal places'],
  ])('refuses a quantity smaller than what %s stores', async (_what, request, path, en) => {
    expect((await refused(request, path)).en).toContain(en);
  });
});

describe('regions and percentages of indicators', () => {
  const plan = (regionCode: string) => ({ regionCode, title: `指标体系 ${regionCode}`, headers: ['序号', '三级指标'], rows: [['1', '测试指标']], mapping: [{ index: 0, header: '序号', role: 'no' }, { index: 1, header: '三级指标', role: 'name' }] });

  it.each([['999999', () => admin], ['371599', () => admin], ['371581999', () => office]] as const)('refuses an indicator plan for region %s, which does not exist', async (code, who) => {
    expect(await refused(() => who().post('/api/indicators/plans', plan(code)), 'regionCode', 'UNKNOWN_REGION')).toEqual({ zh: `行政区划代码 ${code} 不存在`, en: `Region code ${code} is not known` });
  });

  it.each([['999999', () => admin], ['371599', () => admin], ['371581999', () => office]] as const)('refuses an indicator value for region %s, which does not exist', async (code, who) => {
    await refused(() => who().post(`/api/indicators/${share}/values`, { regionCode: code, year: 2024, value: 50 }), 'regionCode', 'UNKNOWN_REGION');
  });

  it('refuses a value for a region outside the plan’s area', async () => {
    await refused(() => admin.post(`/api/indicators/${share}/values`, { regionCode: '370105', year: 2024, value: 50 }), 'regionCode', 'REGION_OUTSIDE_PLAN');
  });

  it.each([-1, 100.5])('refuses %s on a percentage share (快递绿色包装使用率, the row 临清 still reports by hand)', async (value) => {
    expect(await refused(() => office.post(`/api/indicators/${share}/values`, { regionCode: '371581', year: 2024, value }), 'value', 'PERCENT_RANGE')).toEqual({ zh: '该指标为百分比，数值应在 0 至 100 之间', en: 'This indicator is a percentage: the value lies between 0 and 100' });
  });

  it('takes a negative change on a percentage of change (碳排放强度降低幅度: the intensity rose)', async () => {
    const jnkfq = await Client.login(t.app, 'office.jnkfq');
    const res = await jnkfq.post(`/api/indicators/${change}/values`, { regionCode: '370829', year: 2024, value: -3.5 });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('refuses 1e308 as a value, naming the field rather than failing in the database', async () => {
    expect((await refused(() => office.post(`/api/indicators/${share}/values`, { regionCode: '371581', year: 2024, value: 1e308 }), 'value')).en).toContain('cannot exceed');
  });

  it('refuses a values sheet with 120 on a percentage share, and one for a region outside the plan', async () => {
    const no = (await db().execute<{ no: number }>(sql`SELECT no FROM indicators WHERE id = ${share}`)).rows[0].no;
    const sheet = (region: string, value: number) => ({ filename: 'values.csv', content: `序号,区划代码,年份,数值\n${no},${region},2024,${value}\n`, contentType: 'text/csv' });
    const before = await countRows(db(), 'indicator_values');
    const high = await upload(office, `/api/indicators/plans/${planId}/values/import`, {}, sheet('371581', 120));
    expect(high.statusCode).toBe(400);
    expect(high.json().message.en).toContain('This indicator is a percentage');
    const outside = await upload(admin, `/api/indicators/plans/${planId}/values/import`, {}, sheet('370105', 50));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().message.en).toContain('outside the plan');
    expect(await countRows(db(), 'indicator_values')).toBe(before);
  });
});

describe('sheets the fuzz uploaded', () => {
  it('refuses a project list whose row holds control characters, saving nothing', async () => {
    const before = await countRows(db(), 'projects');
    const res = await upload(office, '/api/projects/import', {}, { filename: 'projects.csv', content: '序号,项目名称,建设单位\n1,再生资源回收\u0007站点\u001b[31m,临清市\n', contentType: 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'TABLE_PROBLEMS', path: 'file', message: { zh: '第2行：含有不可见的控制字符', en: 'Row 2: contains control characters' } });
    expect(await countRows(db(), 'projects')).toBe(before);
  });

  it('refuses a region list whose codes lie under no province (99)', async () => {
    const res = await upload(admin, '/api/regions/import', {}, { filename: 'regions.csv', content: 'code,name\n999999,不存在的县\n990000,不存在的省\n', contentType: 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'NO_ROWS', path: 'file' });
    expect(await countRows(db(), 'regions', "code LIKE '99%'")).toBe(0);
  });
});

describe('other inputs the fuzz found', () => {
  it('refuses a webhook subscription naming 10,000 events', async () => {
    await refused(() => transporter.post('/api/webhooks', { url: 'http://93.184.216.34/hook', events: Array.from({ length: 10_000 }, () => 'manifest.signed') }), 'events');
  });

  it('refuses a management-plan table cell of 100 kB, or holding an object', async () => {
    await refused(() => producer.put(`/api/plans/mine/${year + 1}`, { tables: { A3: [{ wasteCode: '900-249-08', expectedT: 5 }], A6: { measures: 'x'.repeat(100_000) } } }), 'tables.A6.measures');
    await refused(() => producer.put(`/api/plans/mine/${year + 1}`, { tables: { A3: [{ wasteCode: '900-249-08', expectedT: 5 }], A2: [{ facility: { nested: true } }] } }), 'tables.A2.0.facility');
  });
});
