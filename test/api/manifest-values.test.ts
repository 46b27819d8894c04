import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

// What the outside test sealed into manifests: a declared weight of "NaN" beside a column of 0.5, a
// planned date of 2025-02-30, a random vehicle, a treatment method of {{7*7}}, a revision to "NaN".
// Each is now refused where it enters, naming the field, with nothing written.
let t: TestApp;
let producer: Client, driver: Client, receiver: Client;
let anyun: { id: string; vehicles: { id: string; plate: string }[]; drivers: { id: string }[] };
let receiverId = '';
const db = () => t.database.db;
const rowOf = async (id: string) => (await db().execute<{ version: number; data: Record<string, unknown>; planned_date: string; declared: number; revisions: number }>(sql`
  SELECT version, data, planned_date::text, declared_weight_t::float8 AS declared, (SELECT count(*)::int FROM manifest_revisions r WHERE r.manifest_id = m.id) AS revisions FROM manifests m WHERE id = ${id}::uuid`)).rows[0];

beforeAll(async () => {
  t = await startTestApp();
  [producer, driver, receiver] = await Promise.all(['producer.demo', 'driver.demo', 'receiver.demo'].map((u) => Client.login(t.app, u)));
  anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
  receiverId = (await producer.get('/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).json().items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司').id;
});
afterAll(async () => { await t.close(); });

async function draft(quantityT = 0.5) {
  const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 2, quantityT, storageFacility: '1号危废暂存间' })).json();
  const res = await producer.post('/api/manifests', { batchIds: [batch.id], receiverId, transporterIds: [anyun.id], vehicleId: anyun.vehicles.find((v) => v.plate === '鲁P3A721')!.id, driverId: anyun.drivers[0].id, plannedDate: '2026-11-25', dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '吸附棉' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

function refused(res: { statusCode: number; body: string; json: () => { code: string; path: string; message: { zh: string; en: string } } }, code: string, path: string) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json()).toMatchObject({ code, path });
  expect(res.json().message.zh).toMatch(/[\u4e00-\u9fff]/);
}

describe('manifest values are checked by the rule table', () => {
  it('refuses a declared weight of -1, "NaN", "１２３" or "12,345.6": the platform sets it from the batches, and the column and the data stay 0.5', async () => {
    const id = await draft();
    const before = await rowOf(id);
    for (const bad of [-1, 'NaN', '１２３', '12,345.6']) refused(await producer.patch(`/api/manifests/${id}`, { data: { declaredWeightT: bad } }), 'MANIFEST_BAD_VALUE', 'data.declaredWeightT');
    refused(await producer.post(`/api/manifests/${id}/sign`, { action: 'sign_emission', data: { declaredWeightT: 'NaN' } }), 'MANIFEST_BAD_VALUE', 'data.declaredWeightT');
    expect(await rowOf(id)).toEqual(before);
    // Sent back unchanged by a form that shows it, it is no change.
    expect((await producer.post(`/api/manifests/${id}/sign`, { action: 'sign_emission', data: { declaredWeightT: 0.5 } })).statusCode).toBe(200);
    const sealed = await rowOf(id);
    expect(sealed.data.declaredWeightT).toBe(0.5);
    expect(sealed.declared).toBe(0.5);
  });

  it('refuses planned dates that are not real days and moves the column with an accepted one', async () => {
    const id = await draft();
    for (const bad of ['not a date', '', '2025-02-30', '1900-01-01', '2099-01-01']) refused(await producer.patch(`/api/manifests/${id}`, { data: { plannedDate: bad } }), 'MANIFEST_BAD_VALUE', 'data.plannedDate');
    expect((await rowOf(id)).planned_date).toBe('2026-11-25');
    expect((await producer.patch(`/api/manifests/${id}`, { data: { plannedDate: '2026-11-27' } })).statusCode).toBe(200);
    const after = await rowOf(id);
    expect(after.planned_date).toBe('2026-11-27');
    expect(after.data.plannedDate).toBe('2026-11-27');
  });

  it('refuses a vehicle that is not an id or not the first transporter’s, and takes the plate of one that is', async () => {
    const id = await draft();
    refused(await producer.patch(`/api/manifests/${id}`, { data: { vehicleId: 'truck-1' } }), 'MANIFEST_BAD_VALUE', 'data.vehicleId');
    refused(await producer.patch(`/api/manifests/${id}`, { data: { vehicleId: crypto.randomUUID() } }), 'UNKNOWN_VEHICLE', 'data.vehicleId');
    refused(await producer.patch(`/api/manifests/${id}`, { data: { driverId: crypto.randomUUID() } }), 'UNKNOWN_DRIVER', 'data.driverId');
    const other = anyun.vehicles.find((v) => v.plate !== '鲁P3A721');
    if (other) {
      const res = await producer.patch(`/api/manifests/${id}`, { data: { vehicleId: other.id } });
      if (res.statusCode === 200) expect(res.json().data.vehiclePlate).toBe(other.plate);
      else expect(['VEHICLE_NO_PERMIT', 'OVERLOAD']).toContain(res.json().code);
    }
  });

  it('refuses a pickup weight of "１２３", a treatment method of {{7*7}} and a revision to "NaN", writing nothing', async () => {
    const id = await draft();
    expect((await producer.post(`/api/manifests/${id}/sign`, { action: 'sign_emission' })).statusCode).toBe(200);
    refused(await driver.post(`/api/manifests/${id}/sign`, { action: 'sign_transport', data: { pickupWeightT: '１２３', origin: '恒通', destination: '绿源' } }), 'MANIFEST_BAD_VALUE', 'data.pickupWeightT');
    expect((await driver.post(`/api/manifests/${id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.5, origin: '恒通', destination: '绿源' } })).statusCode).toBe(200);
    refused(await receiver.post(`/api/manifests/${id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.5, treatmentMethod: '{{7*7}}' } }), 'MANIFEST_BAD_VALUE', 'data.treatmentMethod');
    refused(await receiver.post(`/api/manifests/${id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'maybe', receivedWeightT: 0.5, treatmentMethod: 'R9' } }), 'MANIFEST_BAD_VALUE', 'data.receptionOutcome');
    const received = await receiver.post(`/api/manifests/${id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.5, treatmentMethod: 'R9' } });
    expect(received.statusCode, received.body).toBe(200);
    const before = await rowOf(id);
    refused(await receiver.post(`/api/manifests/${id}/revisions`, { changes: { receivedWeightT: 'NaN' }, reason: '地磅复核' }), 'MANIFEST_BAD_VALUE', 'changes.receivedWeightT');
    refused(await producer.post(`/api/manifests/${id}/revisions`, { changes: { declaredWeightT: 5 }, reason: '更正' }), 'MANIFEST_BAD_VALUE', 'changes.declaredWeightT');
    expect(await rowOf(id)).toEqual(before);
    // A correct revision is still possible, and moves the column with the data.
    const revision = await receiver.post(`/api/manifests/${id}/revisions`, { changes: { receivedWeightT: 0.48 }, reason: '地磅复核' });
    expect(revision.statusCode, revision.body).toBe(201);
    for (const approver of [producer, await Client.login(t.app, 'transporter.demo')]) {
      expect((await approver.post(`/api/manifests/${id}/revisions/${revision.json().id}/approve`)).statusCode).toBe(200);
    }
    expect(await db().execute(sql`SELECT received_weight_t::float8 AS w FROM manifests WHERE id = ${id}::uuid`).then((r) => r.rows[0].w)).toBe(0.48);
    // The receiver's ledger keeps what was entered at reception and gains a correction naming it.
    const ledger = (await db().execute<{ kind: string; quantity_t: number; corrects: string | null }>(sql`
      SELECT m.kind, m.quantity_t::float8 AS quantity_t, c.kind AS corrects FROM ledger_movements m LEFT JOIN ledger_movements c ON c.id = m.correction_of
      WHERE m.manifest_id = ${id}::uuid AND m.organisation_id = (SELECT receiver_id FROM manifests WHERE id = ${id}::uuid) ORDER BY m.id`)).rows;
    expect(ledger).toEqual([{ kind: 'receive', quantity_t: 0.5, corrects: null }, { kind: 'correction', quantity_t: -0.02, corrects: 'receive' }]);
  });
});
