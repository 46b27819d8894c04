import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { runRule, scanAll } from '../../src/server/alarms/engine';
import { ruleByKey } from '../../src/server/alarms/rules';

// 运输车辆未登记: a load signed for pickup or on the road whose truck is no longer one its first
// transporter may use. Each truck here is registered through the API by the transporter's administrator.
// The API has no way yet to take a vehicle out of service or hand it to another company, so those
// changes are made in the database, as an administrator's correction would.
let t: TestApp;
let producer: Client, driver: Client, transporter: Client, receiver: Client, eco: Client, ecoGuanxian: Client;
let anyun: { id: string; drivers: { id: string; hasAccount: boolean }[] };
let receiverId = '';
const db = () => t.database.db;
const rule = () => ruleByKey('vehicle_unregistered')!;
const raisedFor = async (manifestId?: string) => (await runRule(db(), rule(), new Date(), manifestId));
const plate = () => `鲁P${crypto.randomInt(10_000, 99_999)}`;

beforeAll(async () => {
  t = await startTestApp();
  [producer, driver, transporter, receiver, eco, ecoGuanxian] = await Promise.all(['producer.demo', 'driver.demo', 'transporter.demo', 'receiver.demo', 'eco.linqing', 'eco.guanxian'].map((u) => Client.login(t.app, u)));
  anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
  receiverId = (await producer.get('/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).json().items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司').id;
});
afterAll(async () => { await t.close(); });

/** A tanker registered by 安运's administrator, with its dangerous-goods permit unless told otherwise. */
async function registerTruck(dgPermitNo: string | null = '鲁交运管许可聊字371500009876号') {
  const res = await transporter.post(`/api/organisations/${anyun.id}/vehicles`, { plate: plate(), vehicleType: '罐式危险品运输车', loadT: 10, dgPermitNo });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; plate: string };
}

/** A hazardous load on that truck, signed by the producer and, unless `pickedUp` is false, picked up by the driver. */
async function load(vehicleId: string, pickedUp = true) {
  const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 1, quantityT: 0.3 })).json();
  const created = await producer.post('/api/manifests', { batchIds: [batch.id], receiverId, transporterIds: [anyun.id], vehicleId, driverId: anyun.drivers.find((d) => d.hasAccount)!.id,
    plannedDate: '2026-11-25', dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' });
  expect(created.statusCode, created.body).toBe(201);
  const m = created.json() as { id: string; number: string };
  expect((await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).json().status).toBe('signed_by_producer');
  if (pickedUp) expect((await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.3, origin: '松林镇', destination: '唐园镇' } })).json().status).toBe('in_transit');
  return m;
}

describe('an unregistered vehicle', () => {
  it('raises nothing for loads on trucks registered to their transporter, in service and permitted', async () => {
    const truck = await registerTruck();
    const onTheRoad = await load(truck.id);
    const waiting = await load(truck.id, false);
    expect(await raisedFor()).toEqual([]);
    expect((await scanAll(db())).find((r) => r.rule === 'vehicle_unregistered')!.raised).toBe(0);
    expect((await transporter.get('/api/alarms?rule=vehicle_unregistered')).json().items.filter((a: { subjectId: string }) => [onTheRoad.id, waiting.id].includes(a.subjectId))).toEqual([]);
  });

  it('raises it once when the truck of a load in transit is taken out of service, not for a load already delivered', async () => {
    const truck = await registerTruck();
    const delivered = await load(truck.id);
    expect((await receiver.post(`/api/manifests/${delivered.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.3, treatmentMethod: 'R9' } })).json().status).toBe('received');
    const m = await load(truck.id);
    expect(await raisedFor(m.id)).toEqual([]);

    await db().execute(sql`UPDATE vehicles SET active = false WHERE id = ${truck.id}::uuid`);
    const raised = await raisedFor();
    expect(raised).toEqual([expect.objectContaining({
      rule: 'vehicle_unregistered', severity: 'high', subjectType: 'manifest', subjectId: m.id, organisationId: anyun.id,
      title: `联单 ${m.number} 的运输车辆 ${truck.plate} 已停用`, titleEn: `Manifest ${m.number}: vehicle ${truck.plate} is out of service`,
    })]);
    // Scanning again, alone or with every rule, raises it no second time.
    expect(await raisedFor()).toEqual([]);
    expect((await scanAll(db())).find((r) => r.rule === 'vehicle_unregistered')!.raised).toBe(0);

    // The transporter owns it; the county's regulator sees it, another county's does not.
    const mine = (await transporter.get('/api/alarms?rule=vehicle_unregistered&pageSize=100')).json().items.filter((a: { subjectId: string }) => a.subjectId === m.id);
    expect(mine).toHaveLength(1);
    const detail = (await eco.get(`/api/alarms/${mine[0].id}`)).json();
    expect(detail).toMatchObject({ status: 'open', details: { number: m.number, plate: truck.plate, problem: 'deactivated', status: 'in_transit' } });
    expect((await ecoGuanxian.get(`/api/alarms/${mine[0].id}`)).statusCode).toBe(404);
  });

  it('raises it for a load signed for pickup whose truck is now registered to another company', async () => {
    const truck = await registerTruck();
    const m = await load(truck.id, false);
    await db().execute(sql`UPDATE vehicles SET organisation_id = ${receiverId}::uuid WHERE id = ${truck.id}::uuid`);
    const [alarm] = await raisedFor(m.id);
    expect(alarm).toMatchObject({ subjectId: m.id, organisationId: anyun.id, title: `联单 ${m.number} 的运输车辆 ${truck.plate} 未登记在第一承运单位名下` });
  });

  it('raises it for hazardous waste on a truck whose dangerous-goods permit was withdrawn', async () => {
    const truck = await registerTruck();
    const m = await load(truck.id);
    await db().execute(sql`UPDATE vehicles SET dg_permit_no = '  ' WHERE id = ${truck.id}::uuid`);
    const [alarm] = await raisedFor(m.id);
    expect(alarm).toMatchObject({ subjectId: m.id, titleEn: `Manifest ${m.number}: vehicle ${truck.plate} has no dangerous-goods transport permit` });
  });

  it('raises it for a load whose vehicle is not on the platform at all', async () => {
    const truck = await registerTruck();
    const m = await load(truck.id);
    const unknown = crypto.randomUUID();
    await db().execute(sql`UPDATE manifests SET data = data || jsonb_build_object('vehicleId', ${unknown}::text, 'vehiclePlate', '鲁P00000') WHERE id = ${m.id}::uuid`);
    const [alarm] = await raisedFor(m.id);
    expect(alarm).toMatchObject({ subjectId: m.id, title: `联单 ${m.number} 的运输车辆 鲁P00000 未在平台登记` });
  });
});

describe('construction trucks', () => {
  it('need no dangerous-goods permit, but must still be in service', async () => {
    const [site, housing, muckDriver] = await Promise.all(['site.demo', 'housing.linqing', 'driver.muck'].map((u) => Client.login(t.app, u)));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const fleet = (await site.get('/api/manifests/transporters?q=渣土运输')).json().items[0] as { id: string; vehicles: { id: string; plate: string; dgPermitNo: string | null }[]; drivers: { id: string }[] };
    const sites = (await site.get('/api/construction/sites')).json().items as { id: string; name: string }[];
    const project = (await site.post('/api/construction/projects', { name: '临清市新华路小学改扩建', address: '新华路街道', kind: 'new', floorAreaM2: 12_000, startDate: today })).json();
    const plan = (await site.post(`/api/construction/projects/${project.id}/plans`, { items: [{ code: 'CW01', expectedT: 2000, reuseOnSiteT: 500 }], reductionTargetPct: 20, transporterIds: [fleet.id], siteIds: sites.map((s) => s.id) })).json();
    expect((await housing.post(`/api/construction/plans/${plan.id}/approve`, { comment: '同意' })).json().status).toBe('approved');
    const truck = fleet.vehicles[0];
    expect(truck.dgPermitNo).toBeNull();
    const created = await site.post('/api/manifests/construction', { projectId: project.id, wasteCode: 'CW01', declaredWeightT: 15, siteId: sites.find((s) => s.name.includes('消纳场'))!.id,
      transporterId: fleet.id, vehicleId: truck.id, driverId: fleet.drivers[0].id, plannedDate: today });
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json() as { id: string; number: string };
    await site.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
    expect((await muckDriver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 15.2 } })).json().status).toBe('in_transit');
    expect(await raisedFor(m.id)).toEqual([]);
    await db().execute(sql`UPDATE vehicles SET active = false WHERE id = ${truck.id}::uuid`);
    expect((await raisedFor(m.id)).map((a) => a.title)).toEqual([`联单 ${m.number} 的运输车辆 ${truck.plate} 已停用`]);
  });
});
