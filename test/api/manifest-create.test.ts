import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

// One create route for every stream: POST /api/manifests with `stream`, the body that stream's.
let t: TestApp;
let power: Client, site: Client, producer: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const orgId = async (name: string) => (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0].id;
const manifestCount = async () => Number((await db().execute(sql`SELECT count(*)::int AS n FROM manifests`)).rows[0].n);

beforeAll(async () => {
  t = await startTestApp();
  [power, site, producer] = await Promise.all(['power.demo', 'site.demo', 'producer.demo'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

async function flyAsh() {
  const batch = await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW02', physicalForm: '固态', containerType: '灰库', containerCount: 1, quantityT: 30 });
  expect(batch.statusCode, batch.body).toBe(201);
  return batch.json().id as string;
}

async function truckload(overrides: Record<string, unknown> = {}) {
  const [project] = (await db().execute<{ id: string }>(sql`SELECT id FROM construction_projects WHERE name = '临清市民文化中心（一期）'`)).rows;
  const fleet = (await site.get('/api/manifests/transporters?q=渣土运输')).json().items[0];
  const [destination] = (await db().execute<{ id: string }>(sql`SELECT id FROM disposal_sites WHERE name LIKE '%消纳场%' AND region_code LIKE '371581%' LIMIT 1`)).rows;
  return { stream: 'construction', projectId: project.id, wasteCode: 'CW01', declaredWeightT: 15, siteId: destination.id, transporterId: fleet.id, vehicleId: fleet.vehicles[0].id, driverId: fleet.drivers[0].id, plannedDate: today, ...overrides };
}

describe('POST /api/manifests for every stream', () => {
  it('creates a general industrial hand-over and a construction truckload through the one route', async () => {
    const handover = await power.post('/api/manifests', { stream: 'industrial', batchIds: [await flyAsh()], receiverId: await orgId('临清市建材新型墙材有限公司'), plannedDate: today, purpose: '利用' });
    expect(handover.statusCode, handover.body).toBe(201);
    expect(handover.json()).toMatchObject({ stream: 'industrial', wasteCode: 'SW02', data: { purpose: '利用' } });
    const load = await site.post('/api/manifests', await truckload());
    expect(load.statusCode, load.body).toBe(201);
    expect(load.json()).toMatchObject({ stream: 'construction', wasteCode: 'CW01', data: { projectName: '临清市民文化中心（一期）' } });
  });

  it('refuses an unknown stream, fields of another stream, a receiver the stream’s rules refuse and a load over the truck’s rated load, writing nothing', async () => {
    const before = await manifestCount();
    const unknown = await power.post('/api/manifests', { stream: 'sludge-of-mars', batchIds: [await flyAsh()] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'VALIDATION', path: 'stream' });
    const mixed = await power.post('/api/manifests', { stream: 'industrial', batchIds: [await flyAsh()], receiverId: await orgId('临清市建材新型墙材有限公司'), plannedDate: today, purpose: '利用', dangerousGoodsClass: '第9类' });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().message.en).toContain('dangerousGoodsClass');
    const notAUtiliser = await power.post('/api/manifests', { stream: 'industrial', batchIds: [await flyAsh()], receiverId: await orgId('临清市恒通轴承制造有限公司'), plannedDate: today, purpose: '利用' });
    expect(notAUtiliser.json()).toMatchObject({ code: 'NOT_A_RECEIVER', path: 'receiverId' });
    const overload = await site.post('/api/manifests', await truckload({ declaredWeightT: 199 }));
    expect(overload.json()).toMatchObject({ code: 'OVERLOAD', path: 'declaredWeightT' });
    expect(overload.json().message.zh).toContain('核定载质量');
    expect(await manifestCount()).toBe(before);
  });

  it('reads a request without stream as hazardous waste, as integrations written before the other streams send it, and marks the per-stream routes deprecated', async () => {
    const res = await producer.post('/api/manifests', { batchIds: ['00000000-0000-4000-8000-000000000000'], receiverId: '00000000-0000-4000-8000-000000000000', transporterIds: ['00000000-0000-4000-8000-000000000000'], vehicleId: '00000000-0000-4000-8000-000000000000', driverId: '00000000-0000-4000-8000-000000000000', plannedDate: today, dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' });
    expect(res.json().code).toBe('UNKNOWN_BATCH');
    const openapi = (await producer.get('/api/docs/json')).json();
    expect(openapi.paths['/api/manifests/industrial'].post.deprecated).toBe(true);
    expect(openapi.paths['/api/manifests'].post.requestBody).toBeTruthy();
  });
});
