import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { demoCompanyLogin } from '../support/factories';

// 利用/处置方式 is picked from the R, D and C codes (src/domain/treatment-methods.ts): the rule tables
// serve the list, and a receiver's signature with anything else is refused naming the field, leaving
// the manifest as it was.
let t: TestApp;
let producer: Client, receiver: Client, driver: Client, power: Client, bricks: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
let bricksId = '';

beforeAll(async () => {
  t = await startTestApp();
  [producer, receiver, driver] = await Promise.all(['producer.demo', 'receiver.demo', 'driver.demo'].map((u) => Client.login(t.app, u)));
  const office = await Client.login(t.app, 'office.linqing');
  // The demo has no logins for the power plant and the brick works: the test gives them one each.
  const make = (name: string, username: string) => demoCompanyLogin(t, office, name, username);
  await make('华能临清热电有限公司', 'power.methods');
  bricksId = await make('临清市建材新型墙材有限公司', 'bricks.methods');
  [power, bricks] = await Promise.all(['power.methods', 'bricks.methods'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

const statusOf = async (id: string) => (await db().execute<{ status: string; data: Record<string, unknown> }>(sql`SELECT status, data FROM manifests WHERE id = ${id}::uuid`)).rows[0];

describe('利用/处置方式 from the list', () => {
  it('serves the codes with their names as the options of the field, for hazardous and general industrial waste', async () => {
    for (const stream of ['hazardous', 'industrial']) {
      const rules = (await producer.get(`/api/manifests/rules/${stream}`)).json();
      const method = rules.fields.find((f: { field: string }) => f.field === 'treatmentMethod');
      expect(method.options).toEqual(expect.arrayContaining([{ value: 'D10', zh: 'D10 焚烧', en: 'D10 Incineration' }, expect.objectContaining({ value: 'R9', zh: 'R9 废油再提炼或其他废油的再利用' })]));
    }
  });

  it('refuses a hazardous reception with a code outside the list, naming the field, and takes D10', async () => {
    const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 2, quantityT: 0.3 })).json();
    const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
    const receivers = (await producer.get(`/api/manifests/receivers?wasteCode=900-249-08&date=${today}`)).json().items as { id: string; name: string }[];
    const to = receivers.find((r) => r.name === '临清市绿源环保科技有限公司')!;
    const created = await producer.post('/api/manifests', { stream: 'hazardous', batchIds: [batch.id], receiverId: to.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles.find((v: { dgPermitNo: string | null }) => v.dgPermitNo).id,
      driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id, plannedDate: today, dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' });
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json();
    expect((await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).statusCode).toBe(200);
    expect((await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.3, origin: '松林镇', destination: '唐园镇' } })).statusCode).toBe(200);
    const before = await statusOf(m.id);
    for (const bad of ['D17', 'C5', '焚烧']) {
      const refused = await receiver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.3, treatmentMethod: bad } });
      expect(refused.statusCode, refused.body).toBeGreaterThanOrEqual(400);
      expect(refused.statusCode).toBeLessThan(500);
      expect(refused.json().path).toBe('data.treatmentMethod');
      expect(refused.json().message.zh).toContain('利用/处置方式');
      expect(refused.json().message.en).toContain('method');
    }
    expect(await statusOf(m.id)).toEqual(before);
    const signed = await receiver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.3, treatmentMethod: 'D10' } });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'received', data: { treatmentMethod: 'D10' } });
  });

  it('refuses a general industrial reception typed in words, and takes C2', async () => {
    const batch = (await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW02', physicalForm: '固态', containerType: '灰库', containerVolumeL: 1000, containerCount: 1, quantityT: 30 })).json();
    const m = (await power.post('/api/manifests', { stream: 'industrial', batchIds: [batch.id], receiverId: bricksId, plannedDate: today, purpose: '利用' })).json();
    expect((await power.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).statusCode).toBe(200);
    const refused = await bricks.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 29.8, treatmentMethod: '制蒸压粉煤灰砖' } });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'MANIFEST_BAD_VALUE', path: 'data.treatmentMethod' });
    expect((await statusOf(m.id)).status).toBe('in_transit');
    const signed = await bricks.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 29.8, treatmentMethod: 'C2' } });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'received', data: { treatmentMethod: 'C2' } });
  });
});

describe('the waste-code picker’s search', () => {
  it('finds a code by words of its description, each word apart, a page at a time', async () => {
    const found = (await producer.get(`/api/catalogues/hazardous/entries?q=${encodeURIComponent('沾染 包装')}&pageSize=50`)).json();
    expect(found.items.map((e: { code: string }) => e.code)).toContain('900-041-49');
    const first = (await producer.get('/api/catalogues/hazardous/entries?pageSize=50')).json();
    const second = (await producer.get('/api/catalogues/hazardous/entries?page=2&pageSize=50')).json();
    expect(first.items).toHaveLength(50);
    expect(second.items[0].code).not.toBe(first.items[0].code);
  });
});

