import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

let t: TestApp;
let producer: Client, driver: Client, receiver: Client, transporter: Client, eco: Client, ecoGuanxian: Client;
let receiverId: string, medReceiverId: string, transporterId: string, vehicleId: string, driverId: string;

const count = async (table: string) => Number((await t.database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n);

beforeAll(async () => {
  t = await startTestApp();
  [producer, driver, receiver, transporter, eco, ecoGuanxian] = await Promise.all(
    ['producer.demo', 'driver.demo', 'receiver.demo', 'transporter.demo', 'eco.linqing', 'eco.guanxian'].map((u) => Client.login(t.app, u)),
  );
  const choices = (await producer.get('/api/manifests/transporters?q=安运')).json();
  const anyun = choices.items[0];
  transporterId = anyun.id;
  vehicleId = anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721').id;
  driverId = anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id;
  const receivers = (await producer.get('/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).json();
  receiverId = receivers.items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司').id;
  const med = (await producer.get('/api/manifests/receivers?wasteCode=841-001-01&date=2026-11-25')).json();
  // Licensed for medical waste only (天桥区's and 济宁经开区's operators take both).
  medReceiverId = med.items.find((r: { name: string }) => r.name === '聊城市医疗废物集中处置中心（临清）有限公司').id;
});
afterAll(async () => { await t.close(); });

async function storedBatch(quantityT = 2, wasteCode = '900-249-08') {
  const res = await producer.post('/api/ledger/batches', { wasteCode, physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 10, quantityT, storageFacility: '1号危废暂存间' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; batchNo: string; labelToken: string };
}

const newManifest = (batchIds: string[], overrides: Record<string, unknown> = {}) => ({
  batchIds, receiverId, transporterIds: [transporterId], vehicleId, driverId, plannedDate: '2026-11-25',
  dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '车载吸附棉、灭火器；泄漏时围堵并报告', ...overrides,
});

const emission = { action: 'sign_emission' };
const pickup = { action: 'sign_transport', data: { pickupWeightT: 2.01, origin: '临清市松林镇恒通轴承', destination: '临清市唐园镇绿源环保' }, place: '恒通轴承装货区', longitude: 115.71, latitude: 36.84 };
const reception = { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 2.0, treatmentMethod: 'R9' } };

describe('the hazardous transfer manifest, end to end', () => {
  it('runs from batch to receipt across producer, driver and receiver, and the regulator sees it closed', async () => {
    const batch = await storedBatch();
    expect(batch.batchNo).toMatch(/^HWCS\d{8}\d{3}$/);
    const created = await producer.post('/api/manifests', newManifest([batch.id]));
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json();
    expect(m.number).toMatch(/^20\d{2}3715\d{6}$/);
    expect(m.status).toBe('draft');
    expect((await producer.post(`/api/manifests/${m.id}/sign`, emission)).json().status).toBe('signed_by_producer');
    const picked = await driver.post(`/api/manifests/${m.id}/sign`, pickup);
    expect(picked.statusCode, picked.body).toBe(200);
    expect(picked.json().status).toBe('in_transit');
    const store = (await producer.get('/api/ledger/store?pageSize=100')).json();
    expect(store.items.find((i: { id: string }) => i.id === batch.id)).toBeUndefined();
    expect(store.total).toBe(store.items.length);
    const received = await receiver.post(`/api/manifests/${m.id}/sign`, reception);
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json().status).toBe('received');
    const seen = (await eco.get(`/api/manifests?status=received&q=${m.number}`)).json();
    expect(seen.items.map((i: { number: string }) => i.number)).toEqual([m.number]);
    const detail = (await eco.get(`/api/manifests/${m.id}`)).json();
    expect(detail.signatures.map((s: { step: string }) => s.step)).toEqual(['emission', 'transport', 'reception']);
    expect(detail.signatures[1].weightT).toBe(2.01);
    expect((await ecoGuanxian.get(`/api/manifests/${m.id}`)).statusCode).toBe(404);
    // Hazardous waste is the ecology-environment department's: the urban-management regulator does not see it.
    expect((await (await Client.login(t.app, 'urban.linqing')).get(`/api/manifests/${m.id}`)).statusCode).toBe(404);
    const printed = await receiver.get(`/print/manifests/${m.id}`);
    expect(printed.statusCode).toBe(200);
    expect(printed.body).toContain(m.number);
    expect(printed.body).toContain('临清市绿源环保科技有限公司');
    expect(printed.body).toContain('<svg');
    expect(printed.body).toContain('2.01 吨');
  });

  it('prints a label sized by container volume whose QR code opens the batch history for permitted users only', async () => {
    const small = (await producer.post('/api/ledger/batches', { wasteCode: '900-041-49', internalName: '<b>废抹布</b>', physicalForm: '固态', containerType: '塑料桶', containerVolumeL: 30, containerCount: 1, quantityT: 0.02 })).json();
    const label = await producer.get(`/print/labels/${small.id}`);
    expect(label.statusCode).toBe(200);
    expect(label.body).toContain('width:100mm;height:100mm');
    expect(label.body).toContain('900-041-49');
    const big = await storedBatch(1);
    expect((await producer.get(`/print/labels/${big.id}`)).body).toContain('width:150mm;height:150mm');
    expect((await producer.get(`/scan/${small.labelToken}`)).body).toContain(small.batchNo);
    expect((await ecoGuanxian.get(`/api/labels/${small.labelToken}`)).statusCode).toBe(404);
    expect((await eco.get(`/api/labels/${small.labelToken}`)).statusCode).toBe(200);
    const anonymous = await t.app.inject({ method: 'GET', url: `/scan/${small.labelToken}` });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(`/scan/${small.labelToken}`)}`);
  });

  it('records a partial refusal with its reason and reports the weight difference', async () => {
    const batch = await storedBatch(3);
    const m = (await producer.post('/api/manifests', newManifest([batch.id]))).json();
    await producer.post(`/api/manifests/${m.id}/sign`, emission);
    await driver.post(`/api/manifests/${m.id}/sign`, { ...pickup, data: { ...pickup.data, pickupWeightT: 3 } });
    const noReason = await receiver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'partially_refused', receivedWeightT: 2.4, treatmentMethod: 'R9' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('MANIFEST_MISSING_FIELDS');
    expect(noReason.json().path).toBe('refusalReason');
    const res = await receiver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'partially_refused', receivedWeightT: 2.4, treatmentMethod: 'R9', refusalReason: '两桶渗漏，拒收' } });
    expect(res.json().status).toBe('partially_refused');
    expect(res.json().discrepancies).toEqual([{ kind: 'weight', expected: 3, actual: 2.4, ratio: 0.2 }]);
  });

  it('corrects a signed field only through a revision the other signers approve', async () => {
    const batch = await storedBatch(1);
    const m = (await producer.post('/api/manifests', newManifest([batch.id]))).json();
    await producer.post(`/api/manifests/${m.id}/sign`, emission);
    await driver.post(`/api/manifests/${m.id}/sign`, { ...pickup, data: { ...pickup.data, pickupWeightT: 1 } });
    const edit = await producer.patch(`/api/manifests/${m.id}`, { data: { emergencyMeasures: '改' } });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('MANIFEST_SEALED_FIELD');
    const revision = (await producer.post(`/api/manifests/${m.id}/revisions`, { changes: { emergencyMeasures: '补充：配备防爆工具' }, reason: '防范措施漏填一项' })).json();
    expect(revision.status).toBe('pending');
    expect((await producer.post(`/api/manifests/${m.id}/revisions/${revision.id}/approve`)).statusCode).toBe(403);
    const approved = await transporter.post(`/api/manifests/${m.id}/revisions/${revision.id}/approve`);
    expect(approved.json().status).toBe('approved');
    expect((await producer.get(`/api/manifests/${m.id}`)).json().data.emergencyMeasures).toBe('补充：配备防爆工具');
  });
});

describe('what each person is offered on a manifest', () => {
  it('offers signing, cancelling and revising only to whom the rules allow, at the step they allow it', async () => {
    const actions = async (c: Client, id: string) => (await c.get(`/api/manifests/${id}`)).json().actions;
    const m = (await producer.post('/api/manifests', newManifest([(await storedBatch()).id]))).json();
    expect(await actions(producer, m.id)).toEqual({ sign: true, cancel: true, revise: false });
    expect(await actions(driver, m.id)).toEqual({ sign: false, cancel: false, revise: false });
    expect(await actions(eco, m.id)).toEqual({ sign: false, cancel: false, revise: false });
    await producer.post(`/api/manifests/${m.id}/sign`, emission);
    expect(await actions(producer, m.id)).toEqual({ sign: false, cancel: true, revise: true });
    // The driver signs the pickup; a correction is his office's to ask for.
    expect(await actions(driver, m.id)).toEqual({ sign: true, cancel: false, revise: false });
    expect((await driver.post(`/api/manifests/${m.id}/sign`, pickup)).statusCode).toBe(200);
    expect(await actions(producer, m.id)).toEqual({ sign: false, cancel: false, revise: true });
    expect(await actions(receiver, m.id)).toEqual({ sign: true, cancel: false, revise: true });
    // What was offered works: a second load cancelled by its producer before pickup.
    const other = (await producer.post('/api/manifests', newManifest([(await storedBatch()).id]))).json();
    const cancelled = await producer.post(`/api/manifests/${other.id}/sign`, { action: 'cancel' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await actions(producer, other.id)).toEqual({ sign: false, cancel: false, revise: false });
  });
});

describe('what the engine refuses', () => {
  it('refuses signing out of turn, twice, or for another company', async () => {
    const batch = await storedBatch(1);
    const m = (await producer.post('/api/manifests', newManifest([batch.id]))).json();
    const early = await receiver.post(`/api/manifests/${m.id}/sign`, reception);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('MANIFEST_OUT_OF_TURN');
    expect((await producer.post(`/api/manifests/${m.id}/sign`, emission)).statusCode).toBe(200);
    const twice = await producer.post(`/api/manifests/${m.id}/sign`, emission);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('MANIFEST_ALREADY_SIGNED');
    const outsider = await Client.login(t.app, 'admin');
    expect((await outsider.post(`/api/manifests/${m.id}/sign`, pickup)).statusCode).toBe(403);
  });

  it('refuses a receiver not licensed for 900-249-08, and a batch on a second manifest', async () => {
    const batch = await storedBatch(1);
    const unlicensed = await producer.post('/api/manifests', newManifest([batch.id], { receiverId: medReceiverId }));
    expect(unlicensed.statusCode).toBe(400);
    expect(unlicensed.json().code).toBe('RECEIVER_NOT_LICENSED');
    expect((await producer.post('/api/manifests', newManifest([batch.id]))).statusCode).toBe(201);
    const again = await producer.post('/api/manifests', newManifest([batch.id]));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('BATCH_ON_MANIFEST');
  });

  it('refuses a receiver over its licensed annual capacity', async () => {
    await t.database.db.execute(sql`UPDATE licences SET annual_capacity_t = 1 WHERE number = '鲁危证37158100012'`);
    const batch = await storedBatch(5);
    const res = await producer.post('/api/manifests', newManifest([batch.id]));
    await t.database.db.execute(sql`UPDATE licences SET annual_capacity_t = 30000 WHERE number = '鲁危证37158100012'`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RECEIVER_OVER_CAPACITY');
  });

  it('refuses unknown codes, absurd weights and waste not in store, writing nothing', async () => {
    const before = await count('waste_batches');
    const unknown = await producer.post('/api/ledger/batches', { wasteCode: '999-999-99', physicalForm: '固态', containerType: '吨袋', containerVolumeL: 1000, containerCount: 1, quantityT: 1 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('UNKNOWN_CODE');
    const negative = await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 1, quantityT: -2 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().path).toBe('quantityT');
    expect(await count('waste_batches')).toBe(before);
    const batch = await storedBatch(1);
    const inStore = (await producer.get('/api/ledger/store?pageSize=100')).json();
    expect(inStore.total).toBeGreaterThan(0);
    expect(inStore.total).toBe(inStore.items.length);
    expect((await producer.post(`/api/ledger/batches/${batch.id}/movements`, { kind: 'store_out', quantityT: 1 })).statusCode).toBe(201);
    const manifestsBefore = await count('manifests');
    const empty = await producer.post('/api/manifests', newManifest([batch.id]));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('NOT_IN_STORE');
    expect(await count('manifests')).toBe(manifestsBefore);
  });

  it('creates one manifest for a retried request with the same Idempotency-Key', async () => {
    const batch = await storedBatch(1);
    const key = crypto.randomUUID();
    const first = await producer.post('/api/manifests', newManifest([batch.id]), { 'idempotency-key': key });
    const second = await producer.post('/api/manifests', newManifest([batch.id]), { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers['idempotent-replayed']).toBe('true');
  });

  it('lets exactly one of many concurrent signatures of a step win', async () => {
    const batch = await storedBatch(1);
    const m = (await producer.post('/api/manifests', newManifest([batch.id]))).json();
    const results = await Promise.all(Array.from({ length: 8 }, () => producer.post(`/api/manifests/${m.id}/sign`, emission)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(7);
    const signatures = await t.database.db.execute(sql`SELECT count(*)::int AS n FROM manifest_signatures WHERE manifest_id = ${m.id}`);
    expect(signatures.rows[0].n).toBe(1);
  });

  it('signs several manifests at once, each answering for itself', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await producer.post('/api/manifests', newManifest([(await storedBatch(0.5)).id]))).json().id);
    await producer.post(`/api/manifests/${ids[0]}/sign`, emission);
    const res = (await producer.post('/api/manifests/sign-batch', { ids, action: 'sign_emission' })).json();
    expect(res.results.map((r: { ok: boolean }) => r.ok)).toEqual([false, true, true]);
  });
});
