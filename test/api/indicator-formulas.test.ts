import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startTestApp, Client, DEMO_PASSWORD, type TestApp } from '../support/app';
import { freshCreditCode, freshUsername } from '../support/factories';
import { formulaByKey } from '../../src/server/indicators/formulas';
import { statisticalInputs } from '../../src/server/statistics/schema';
import { yearElapsed, type FormulaQuery } from '../../src/server/indicators/formula';

// The hazardous-waste formulas on records a test makes in 冠县 (371525), where the demo has no
// hazardous flows: a garage's waste oil landfilled (D1), a clinic that hands nothing over, and the
// statistics bureau's count of medical institutions. A city (聊城市) is the sum of its counties.

let t: TestApp;
let admin: Client, driver: Client, receiver: Client;
const db = () => t.database.db;
const COUNTY = '371525';
const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const query = (regionCode: string, over: Partial<FormulaQuery> = {}): FormulaQuery => ({ regionCode, year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '/', ...over });
const compute = (key: string, q: FormulaQuery) => formulaByKey(key)!.compute(db(), q);

async function enterprise(app: FastifyInstance, name: string, industry: string, regionCode: string) {
  const org = await admin.post('/api/organisations', {
    kind: 'enterprise', name: `${name}${crypto.randomInt(100000)}`, creditCode: freshCreditCode(regionCode.slice(0, 6)), regionCode,
    capabilities: ['producer'], industry, address: '冠县', contactName: '经办人', contactPhone: '0635-5200000',
  });
  expect(org.statusCode, org.body).toBe(201);
  const username = freshUsername('gx');
  expect((await admin.post('/api/users', { username, displayName: '危废管理员', password: DEMO_PASSWORD, role: 'enterprise_admin', organisationId: org.json().id })).statusCode).toBe(201);
  return { id: org.json().id as string, client: await Client.login(app, username) };
}

/** A 2 t batch of waste oil from the producer, carried by 安运 and received by 绿源 with the given method. */
async function handOver(producer: Client, method: string, weightT = 2) {
  const batch = await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 10, quantityT: weightT, storageFacility: '危废暂存间' });
  expect(batch.statusCode, batch.body).toBe(201);
  const anyun = (await producer.get('/api/manifests/transporters?q=%E5%AE%89%E8%BF%90')).json().items[0];
  const rec = (await producer.get(`/api/manifests/receivers?wasteCode=900-249-08&date=${today}`)).json().items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
  const m = await producer.post('/api/manifests', { batchIds: [batch.json().id], receiverId: rec.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles[0].id,
    driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id, plannedDate: today, dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' });
  expect(m.statusCode, m.body).toBe(201);
  const sign = (c: Client, body: unknown) => c.post(`/api/manifests/${m.json().id}/sign`, body);
  expect((await sign(producer, { action: 'sign_emission' })).statusCode).toBe(200);
  expect((await sign(driver, { action: 'sign_transport', data: { pickupWeightT: weightT, origin: '冠县', destination: '临清市唐园镇' } })).statusCode).toBe(200);
  const received = await sign(receiver, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: weightT, treatmentMethod: method } });
  expect(received.statusCode, received.body).toBe(200);
}

beforeAll(async () => {
  t = await startTestApp();
  [admin, driver, receiver] = await Promise.all(['admin', 'driver.demo', 'receiver.demo'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('hazardous-waste indicators computed from the records', () => {
  it('measures the landfill decline against the plan’s base-year tonnage, or the statistics bureau’s figure when entered', async () => {
    const before = await compute('hazardous_landfill_decline', query(COUNTY, { baselineText: '10吨' }));
    const garage = await enterprise(t.app, '冠县测试汽车修理厂', '汽车维修', '371525001');
    await handOver(garage.client, 'D1', 2);
    await handOver(garage.client, 'R9', 1); // utilised, not landfilled
    const after = await compute('hazardous_landfill_decline', query(COUNTY, { baselineText: '10吨' }));
    const landfilled = (c: typeof after) => c.inputs!.find((i) => i.key === 'landfilled')!.value!;
    expect(landfilled(after) - landfilled(before)).toBeCloseTo(2, 6);
    // While the year runs, the tonnage so far is compared as a full year's.
    expect(after.numerator).toBeCloseTo(landfilled(after) / yearElapsed(year), 6);
    expect(after.denominator).toBe(10);
    expect(after.value).toBeCloseTo(((10 - after.numerator) / 10) * 100, 2);
    // Without a tonnage in the plan and without statistics there is nothing to measure against, and it says so.
    const none = await compute('hazardous_landfill_decline', query(COUNTY));
    expect(none.value).toBeNull();
    expect(none.missing?.zh).toContain('2020');
    await db().insert(statisticalInputs).values({ regionCode: COUNTY, year: 2020, key: 'hw_landfilled_t', value: 40, source: '冠县统计年鉴（2021）', enteredBy: crypto.randomUUID() });
    const fromStatistics = await compute('hazardous_landfill_decline', query(COUNTY, { baselineText: '10吨' }));
    expect(fromStatistics.denominator).toBe(40);
    expect(fromStatistics.inputs!.find((i) => i.key === 'baseline')!.note!.zh).toContain('冠县统计年鉴');
  });

  it('counts social-source producers covered by a manifest this year, as a share or as a number of units', async () => {
    const before = await compute('social_source_coverage', query(COUNTY));
    await enterprise(t.app, '冠县测试检测公司', '检验检测', '371525002'); // registered, nothing handed over
    const after = await compute('social_source_coverage', query(COUNTY));
    expect(after.denominator).toBe(before.denominator! + 1);
    expect(after.numerator).toBe(before.numerator);
    expect(after.value).toBeCloseTo((after.numerator / after.denominator!) * 100, 2);
    const units = await compute('social_source_coverage', query(COUNTY, { unit: '家' }));
    expect(units).toMatchObject({ value: after.numerator, denominator: null });
  });

  it('takes the larger of registered medical institutions and the statistics bureau’s count as the denominator', async () => {
    await enterprise(t.app, '冠县测试镇卫生院', '医疗卫生', '371525001');
    const registered = await compute('medical_waste_coverage', query(COUNTY));
    expect(registered.denominator).toBeGreaterThanOrEqual(1);
    await db().insert(statisticalInputs).values({ regionCode: COUNTY, year, key: 'medical_institutions', value: 25, source: '冠县卫生健康统计', enteredBy: crypto.randomUUID() });
    const counted = await compute('medical_waste_coverage', query(COUNTY));
    expect(counted.denominator).toBe(25);
    expect(counted.value).toBeCloseTo((counted.numerator / 25) * 100, 2);
  });

  it('makes the city’s figure the sum of its counties’, never an average of their rates', async () => {
    for (const key of ['hazardous_landfill_decline', 'social_source_coverage', 'hazardous_recovery_rate']) {
      const city = await compute(key, query('371500', { baselineText: '100吨' }));
      const counties = await Promise.all(['371581', '371525'].map((c) => compute(key, query(c, { baselineText: '100吨' }))));
      expect(city.numerator, key).toBeCloseTo(counties[0].numerator + counties[1].numerator, 6);
    }
  });
});
