import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

// Machines use the platform as documented: an ERP files the producer's batches and manifests, fleet
// software signs the pickup, a weighbridge signs the reception, each with its own API token and no
// person's login. Every write is recorded under the token's machine account, never a person's.
let t: TestApp;
const db = () => t.database.db;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

/** A machine caller: a Bearer token, no cookie, no CSRF token. */
class Machine {
  constructor(readonly secret: string) {}
  async call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return t.app.inject({ method, url, headers: { authorization: `Bearer ${this.secret}`, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  }
  get(url: string) { return this.call('GET', url); }
  post(url: string, payload: unknown = {}, headers?: Record<string, string>) { return this.call('POST', url, payload, headers); }
}

async function tokenOf(username: string, name: string, scopes: string[]) {
  const admin = await Client.login(t.app, username);
  const res = await admin.post('/api/tokens', { name, scopes, expiresAt: inADay() });
  expect(res.statusCode, res.body).toBe(201);
  return new Machine(res.json().secret);
}

const auditOf = async (entityId: string) => (await db().execute<{ action: string; actor_label: string; kind: string | null }>(sql`
  SELECT a.action, a.actor_label, u.kind FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE a.entity_id = ${entityId} ORDER BY a.id`)).rows;

beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

describe('machine tokens write', () => {
  it('run a hazardous manifest from batch to reception with tokens only, each step recorded as its token', async () => {
    const erp = await tokenOf('producer.demo', '恒通ERP', ['ledger:write', 'manifests:read', 'manifests:write']);
    const fleet = await tokenOf('transporter.demo', '安运车队系统', ['manifests:read', 'manifests:write']);
    const weighbridge = await tokenOf('receiver.demo', '绿源地磅', ['manifests:read', 'manifests:write']);

    const batch = await erp.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 5, quantityT: 1, storageFacility: '1号危废暂存间' });
    expect(batch.statusCode, batch.body).toBe(201);
    const anyun = (await erp.get('/api/manifests/transporters?q=安运')).json().items[0];
    const receiver = (await erp.get(`/api/manifests/receivers?wasteCode=900-249-08&date=${today}`)).json().items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
    const created = await erp.post('/api/manifests', {
      batchIds: [batch.json().id], receiverId: receiver.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721').id,
      driverId: anyun.drivers[0].id, plannedDate: today, dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '吸附棉、灭火器',
    }, { 'idempotency-key': 'erp-0001' });
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json();
    expect((await erp.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).json().status).toBe('signed_by_producer');
    const picked = await fleet.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 1.02, origin: '恒通轴承', destination: '绿源环保' } });
    expect(picked.statusCode, picked.body).toBe(200);
    const received = await weighbridge.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 1.01, treatmentMethod: 'R9' } });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json().status).toBe('received');

    const signers = (await db().execute<{ step: string; username: string; kind: string }>(sql`
      SELECT s.step, u.username, u.kind FROM manifest_signatures s JOIN users u ON u.id = s.user_id WHERE s.manifest_id = ${m.id}::uuid ORDER BY s.at`)).rows;
    expect(signers.map((s) => s.step)).toEqual(['emission', 'transport', 'reception']);
    expect(signers.every((s) => s.kind === 'machine' && s.username.startsWith('token:'))).toBe(true);
    const audit = await auditOf(m.id);
    expect(audit.map((a) => a.action)).toEqual(['manifest.create', 'manifest.sign_emission', 'manifest.sign_transport', 'manifest.sign_reception']);
    expect(audit.every((a) => a.kind === 'machine' && a.actor_label.includes('token:'))).toBe(true);
    expect(audit[2].actor_label).toContain('安运车队系统');
    // A resend with the same key answers the first manifest and writes nothing new.
    const again = await erp.post('/api/manifests', { batchIds: [batch.json().id], receiverId: receiver.id, transporterIds: [anyun.id], vehicleId: m.data.vehicleId, driverId: m.data.driverId, plannedDate: today, dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '吸附棉、灭火器' }, { 'idempotency-key': 'erp-0001' });
    expect(again.json().id).toBe(m.id);
  });

  it('run a construction truckload with tokens only: site software, the truck fleet, the weighbridge', async () => {
    const siteSystem = await tokenOf('site.demo', '工地出土系统', ['manifests:read', 'manifests:write']);
    const muckFleet = await tokenOf('muck.demo', '渣土车调度', ['manifests:read', 'manifests:write']);
    const weighbridge = await tokenOf('cwsite.demo', '消纳场地磅', ['manifests:read', 'manifests:write']);
    const [project] = (await db().execute<{ id: string }>(sql`SELECT id FROM construction_projects WHERE name = '临清市民文化中心（一期）'`)).rows;
    const fleet = (await siteSystem.get('/api/manifests/transporters?q=渣土运输')).json().items[0];
    const [site] = (await db().execute<{ id: string }>(sql`SELECT id FROM disposal_sites WHERE name LIKE '%消纳场%' AND region_code LIKE '371581%' LIMIT 1`)).rows;
    const created = await siteSystem.post('/api/manifests/construction', { projectId: project.id, wasteCode: 'CW01', declaredWeightT: 15, siteId: site.id, transporterId: fleet.id, vehicleId: fleet.vehicles[0].id, driverId: fleet.drivers[0].id, plannedDate: today });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await siteSystem.post(`/api/manifests/${id}/sign`, { action: 'sign_emission' })).json().status).toBe('signed_by_producer');
    expect((await muckFleet.post(`/api/manifests/${id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 15.2 } })).json().status).toBe('in_transit');
    const received = await weighbridge.post(`/api/manifests/${id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 15.1, treatmentMethod: '消纳' } });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json().status).toBe('received');
    const movements = (await db().execute<{ kind: string; kind_of_user: string }>(sql`
      SELECT m.kind, u.kind AS kind_of_user FROM ledger_movements m JOIN users u ON u.id = m.recorded_by WHERE m.manifest_id = ${id}::uuid ORDER BY m.id`)).rows;
    expect(movements.map((r) => r.kind)).toEqual(['generate', 'transfer_out', 'receive']);
    expect(movements.every((r) => r.kind_of_user === 'machine')).toBe(true);
  });

  it('refuses a write outside the token’s scopes and a login as a token’s machine account', async () => {
    const readOnly = await tokenOf('producer.demo', '只读报表', ['manifests:read']);
    const res = await readOnly.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 1, quantityT: 1 });
    expect(res.statusCode).toBe(403);
    const [machine] = (await db().execute<{ username: string }>(sql`SELECT username FROM users WHERE kind = 'machine' LIMIT 1`)).rows;
    const login = await new Client(t.app).post('/api/auth/login', { username: machine.username, password: '!' });
    expect(login.statusCode).toBe(401);
    // The user list is for people: machine accounts are kept with their tokens.
    const office = await Client.login(t.app, 'admin');
    const listed = (await office.get(`/api/users?q=${encodeURIComponent('token:')}&pageSize=100`)).json();
    expect(listed.items).toEqual([]);
  });
});
