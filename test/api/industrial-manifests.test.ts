import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

// General industrial solid waste on the same engine: a batch of 粉煤灰 in the ledger, handed over
// on a light manifest signed by the two ends.
let t: TestApp;
let power: Client, bricks: Client, eco: Client, health: Client;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
let receiverId = '';

beforeAll(async () => {
  t = await startTestApp();
  [eco, health] = await Promise.all(['eco.linqing', 'health.linqing'].map((u) => Client.login(t.app, u)));
  const office = await Client.login(t.app, 'office.linqing');
  // The demo has no logins for the power plant and the brick works: the test gives them one each (producer.demo's password).
  const orgs = (await office.get('/api/organisations?pageSize=100')).json().items as { id: string; name: string }[];
  const make = async (name: string, username: string) => {
    const org = orgs.find((o) => o.name === name)!;
    await db().execute(sql`INSERT INTO users (username, password_hash, display_name, role, organisation_id, region_code)
      SELECT ${username}, password_hash, ${name}, 'enterprise_admin', ${org.id}::uuid, (SELECT region_code FROM organisations WHERE id = ${org.id}::uuid) FROM users WHERE username = 'producer.demo'`);
    return org.id;
  };
  await make('华能临清热电有限公司', 'power.test');
  receiverId = await make('临清市建材新型墙材有限公司', 'bricks.test');
  [power, bricks] = await Promise.all(['power.test', 'bricks.test'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('a general industrial hand-over', () => {
  it('records 粉煤灰 in the ledger and hands it over, signed by producer and receiver only', async () => {
    const batch = await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'sw02', physicalForm: '固态', containerType: '灰库', containerVolumeL: 1000, containerCount: 1, quantityT: 120 });
    expect(batch.statusCode).toBe(201);
    expect(batch.json()).toMatchObject({ stream: 'industrial', wasteCode: 'SW02', catalogueName: '粉煤灰' });
    expect(batch.json().batchNo).toMatch(/^GFCS\d{11}$/);
    const created = await power.post('/api/manifests/industrial', { batchIds: [batch.json().id], receiverId, plannedDate: today, purpose: '利用', vehiclePlate: '鲁p8k123' });
    expect(created.statusCode).toBe(201);
    const m = created.json();
    expect(m).toMatchObject({ stream: 'industrial', declaredWeightT: 120, transporterIds: [] });
    expect(m.data).toMatchObject({ wasteName: '粉煤灰', purpose: '利用', vehiclePlate: '鲁P8K123' });
    expect((await power.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).json().status).toBe('in_transit');
    const store = (await power.get('/api/ledger/store')).json().items as { id: string }[];
    expect(store.find((b) => b.id === batch.json().id)).toBeUndefined();
    const received = await bricks.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 118.5, treatmentMethod: '制砖' } });
    expect(received.statusCode).toBe(200);
    expect(received.json().status).toBe('received');
    // The ecology bureau sees it; the health commission does not.
    expect((await eco.get(`/api/manifests/${m.id}`)).statusCode).toBe(200);
    expect((await health.get(`/api/manifests/${m.id}`)).statusCode).toBe(404);
  });

  it('refuses a hazardous code in the industrial ledger, a hazardous batch on an industrial manifest, and a receiver that is no utiliser', async () => {
    const bad = await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 1, quantityT: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message.zh).toContain('一般工业固体废物分类');
    const haz = (await power.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 1, quantityT: 0.2 })).json();
    const before = (await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM manifests`)).rows[0].n;
    const wrong = await power.post('/api/manifests/industrial', { batchIds: [haz.id], receiverId, plannedDate: today, purpose: '利用' });
    expect(wrong.json().code).toBe('WRONG_STREAM');
    const fly = (await power.post('/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW03', physicalForm: '固态', containerType: '渣场', containerVolumeL: 1000, containerCount: 1, quantityT: 5 })).json();
    const [hospital] = (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市人民医院'`)).rows;
    expect((await power.post('/api/manifests/industrial', { batchIds: [fly.id], receiverId: hospital.id, plannedDate: today, purpose: '利用' })).json().code).toBe('NOT_A_RECEIVER');
    expect((await power.post('/api/manifests/industrial', { batchIds: [fly.id], receiverId, plannedDate: today, purpose: '填埋' })).statusCode).toBe(400);
    expect((await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM manifests`)).rows[0].n).toBe(before);
  });
});
