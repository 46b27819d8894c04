import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { runRule } from '../../src/server/alarms/engine';
import { capacityExceeded } from '../../src/server/alarms/rules/capacity-exceeded';

let t: TestApp;
let producer: Client, driver: Client, eco: Client;
const db = () => t.database.db;

beforeAll(async () => {
  t = await startTestApp();
  [producer, driver, eco] = await Promise.all(['producer.demo', 'driver.demo', 'eco.linqing'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('the capacity rule', () => {
  it('raises once for a receiver whose year’s loads pass its licensed capacity, and not before', async () => {
    const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 4, quantityT: 1.2 })).json();
    const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const rec = (await producer.get(`/api/manifests/receivers?wasteCode=900-249-08&date=${today}`)).json().items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
    const m = (await producer.post('/api/manifests', { batchIds: [batch.id], receiverId: rec.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles[0].id,
      driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id, plannedDate: today, dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' })).json();
    await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
    await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 1.2, origin: '松林镇', destination: '唐园镇' } });

    expect(await runRule(db(), capacityExceeded)).toHaveLength(0);
    // The licence is cut down to 1 t while 1.2 t is on its way.
    await db().execute(sql`UPDATE licences SET annual_capacity_t = 1 WHERE organisation_id = ${rec.id}::uuid`);
    const raised = await runRule(db(), capacityExceeded);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ organisationId: rec.id, subjectType: 'organisation', severity: 'high' });
    expect(raised[0].title).toContain('超过许可经营规模 1.000 吨');
    expect(await runRule(db(), capacityExceeded)).toHaveLength(0);
    const seen = (await eco.get('/api/alarms?rule=capacity_exceeded')).json().items;
    expect(seen).toHaveLength(1);
  });
});
