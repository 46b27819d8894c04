import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, DEMO_PASSWORD, type TestApp } from '../support/app';
import { buildApp } from '../../src/server/http/app';
import { loadConfig } from '../../src/server/config';

// The edge every request passes: control characters are refused with a 400 naming the field (they
// gave 500s on nine routes, one before login), identifiers are compared in one Unicode form, and a
// server error is always logged with an id the user can quote.
let t: TestApp;
let producer: Client, office: Client, transporter: Client, power: Client;
const db = () => t.database.db;
const tables = ['users', 'drivers', 'manifests', 'manifest_signatures', 'manifest_revisions', 'manifest_events', 'vehicle_positions', 'ledger_movements', 'audit_log'];
const counts = async () => Object.fromEntries(await Promise.all(tables.map(async (table) => [table, Number((await db().execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n)])));
const serials = async () => (await db().execute<{ name: string; v: string }>(sql`SELECT sequencename AS name, coalesce(last_value, 0)::text AS v FROM pg_sequences WHERE sequencename LIKE 'manifest_serial_%' ORDER BY 1`)).rows;

let draftId = '', signedId = '', gpsSecret = '';
const gps = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${gpsSecret}` }, payload: payload as object });

beforeAll(async () => {
  t = await startTestApp();
  [producer, office, transporter, power] = await Promise.all(['producer.demo', 'office.linqing', 'transporter.demo', 'power.demo'].map((u) => Client.login(t.app, u)));
  gpsSecret = (await transporter.post('/api/tokens', { name: '车载GPS', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json().secret;
  // Two manifests of the demo producer: one still a draft, one signed by the producer.
  const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
  const receiver = (await producer.get('/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).json().items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
  const manifest = async () => {
    const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 2, quantityT: 0.4, storageFacility: '1号危废暂存间' })).json();
    const res = await producer.post('/api/manifests', { batchIds: [batch.id], receiverId: receiver.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721').id, driverId: anyun.drivers[0].id, plannedDate: '2026-11-25', dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '吸附棉' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  draftId = await manifest();
  signedId = await manifest();
  expect((await producer.post(`/api/manifests/${signedId}/sign`, { action: 'sign_emission' })).statusCode).toBe(200);
});
afterAll(async () => { await t.close(); });

function expectRefused(res: { statusCode: number; json: () => unknown; body: string }, field: string) {
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json() as { code: string; path: string; message: { zh: string; en: string } };
  expect(body.code).toBe('BAD_TEXT');
  expect(body.path).toBe(field);
  expect(body.message.zh).toContain('控制字符');
  expect(body.message.en).toContain('control character');
}

describe('a NUL character in any string', () => {
  it('is refused on the nine routes that answered 500, naming the field, writing nothing and drawing no manifest number', async () => {
    const before = await counts();
    const serialsBefore = await serials();
    const transporterId = (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '聊城市安运危险货物运输有限公司'`)).rows[0].id;
    const [ashuse] = (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市建材新型墙材有限公司'`)).rows;
    expectRefused(await new Client(t.app).post('/api/auth/login', { username: 'producer\u0000.demo', password: DEMO_PASSWORD }), 'username');
    expectRefused(await office.post('/api/users', { username: 'clerk.nul', displayName: '王', password: 'a-long-password-1', role: 'regulator', phone: '0635\u00002345678' }), 'phone');
    expectRefused(await transporter.post(`/api/organisations/${transporterId}/drivers`, { name: '李师傅', licenceNo: '371581199001011234', username: 'li\u0000shifu', password: 'a-long-password-1' }), 'username');
    expectRefused(await power.post('/api/manifests/industrial', { batchIds: [crypto.randomUUID()], receiverId: ashuse.id, plannedDate: '2026-11-20', purpose: '利用', vehiclePlate: '鲁P\u000012345' }), 'vehiclePlate');
    expectRefused(await gps('/api/telemetry/positions', { points: [{ plate: '鲁P3A\u0000721', at: new Date().toISOString(), longitude: 115.7, latitude: 36.8 }] }), 'points.0.plate');
    expectRefused(await producer.patch(`/api/manifests/${draftId}`, { data: { packaging: '铁桶\u0000' } }), 'data.packaging');
    expectRefused(await producer.post(`/api/manifests/${signedId}/sign`, { action: 'sign_transport', data: { origin: '王\u0000' } }), 'data.origin');
    expectRefused(await producer.post('/api/manifests/sign-batch', { ids: [signedId], action: 'sign_emission', data: { producerContact: '\u0000' } }), 'data.producerContact');
    expectRefused(await producer.post(`/api/manifests/${signedId}/revisions`, { changes: { packaging: 'x\u0000' }, reason: '更正包装' }), 'changes.packaging');
    expect(await counts()).toEqual({ ...before, audit_log: before.audit_log });
    expect(await serials()).toEqual(serialsBefore);
  });

  it('is refused in a query string and in a key, and other control characters too, while tabs and line breaks in remarks pass', async () => {
    expect((await producer.get('/api/manifests?q=2026%00')).json().path).toBe('querystring.q');
    expect((await producer.post('/api/ledger/batches', { ['waste\u0007Code']: '900-249-08' })).json().code).toBe('BAD_TEXT');
    expect((await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', internalName: '\u001b[31m红色' })).json().path).toBe('internalName');
    expect((await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', internalName: 'a\ud800b' })).json().message.en).toContain('Unicode');
    const ok = await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', internalName: '废矿物油\t第二车间', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 1, quantityT: 0.2, storageFacility: '1号库\n北侧' });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe('identifiers typed on another keyboard', () => {
  it('finds the demo plate written in full-width characters', async () => {
    const stored = async () => Number((await db().execute(sql`SELECT count(*)::int AS n FROM vehicle_positions p JOIN vehicles v ON v.id = p.vehicle_id WHERE v.plate = '鲁P3A721'`)).rows[0].n);
    const before = await stored();
    const res = await gps('/api/telemetry/positions', { points: [{ plate: '鲁Ｐ３Ａ７２１', at: new Date(Date.now() - 60_000).toISOString(), longitude: 115.71, latitude: 36.84 }] });
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect(await stored()).toBe(before + 1);
  });

  it('logs a user in whose name was typed in full-width letters', async () => {
    const res = await new Client(t.app, '10.9.9.9').post('/api/auth/login', { username: 'ｐｒｏｄｕｃｅｒ.demo', password: DEMO_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('what the fuzz test found at the edge', () => {
  it('answers an address with broken encoding or a 10 kB id in the error shape', async () => {
    const broken = await producer.get('/api/manifests/%ED%A0%80');
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'BAD_URL', message: { zh: expect.stringContaining('地址'), en: expect.stringContaining('address') } });
    const long = await producer.get(`/api/manifests/${'a'.repeat(10_000)}`);
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ code: 'PARAM_TOO_LONG', path: null, issues: [] });
  });

  it('refuses a user change that changes nothing, a token with 10,000 scopes and a 0.0000001 t truck, instead of a 500 or a 0 t record', async () => {
    const [clerk] = (await db().execute<{ id: string }>(sql`SELECT id FROM users WHERE username = 'eco.linqing'`)).rows;
    const empty = await office.patch(`/api/users/${clerk.id}`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message.en).toContain('Change at least one');
    expect((await transporter.post('/api/tokens', { name: 'x', scopes: Array(10_000).fill('telemetry:write'), expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).statusCode).toBe(400);
    const transporterId = (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '聊城市安运危险货物运输有限公司'`)).rows[0].id;
    const tiny = await transporter.post(`/api/organisations/${transporterId}/vehicles`, { plate: '鲁P9Z999', vehicleType: '厢式货车', loadT: 0.0000001 });
    expect(tiny.statusCode, tiny.body).toBe(400);
    expect(tiny.json().path).toBe('loadT');
  });
});

describe('a server error', () => {
  it('is logged whatever WUFEI_LOG says, with the request id the user is given', async () => {
    const log = new PassThrough();
    const lines: string[] = [];
    log.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const app = await buildApp({ db: db(), config: loadConfig(), ping: async () => {}, logStream: log });
    app.get('/api/test-only/boom', async () => { throw new Error('the disk is on fire'); });
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/api/test-only/boom' });
    await app.close();
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.code).toBe('INTERNAL');
    expect(body.requestId).toMatch(/^[0-9a-f]{16}$/);
    expect(res.headers['x-request-id']).toBe(body.requestId);
    expect(body.message.zh).toContain(body.requestId);
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.reqId === body.requestId);
    expect(logged?.err?.message).toBe('the disk is on fire');
    expect(logged?.url).toBe('/api/test-only/boom');
  });

  it('is a 400 naming the column when the database refuses a missing value', async () => {
    const app = await buildApp({ db: db(), config: loadConfig(), ping: async () => {} });
    app.post('/api/test-only/null', async () => db().execute(sql`INSERT INTO regions (code, name, level) VALUES ('999999', NULL, 'county')`));
    await app.ready();
    const res = await app.inject({ method: 'POST', url: '/api/test-only/null', payload: {} });
    await app.close();
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'REQUIRED', path: 'name' });
  });
});
