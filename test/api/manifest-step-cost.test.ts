import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { sealAudit } from '../../src/server/platform/audit/service';
import { startTestApp, Client, type TestApp } from '../support/app';

// What a manifest step costs in round trips to PostgreSQL (issue 19): every statement the server sends
// while it answers one request, counted on the pg client the app's pool hands out. Nothing is mocked:
// each statement still runs on the real database; the count is only read on the way. Unlike time, this
// figure does not move with the load of the machine, so a budget per step can be asserted.

let t: TestApp;
let producer: Client, driver: Client, receiver: Client;
let receiverId: string, transporterId: string, vehicleId: string, driverId: string;

/** The text of every statement sent while recording (BEGIN, SAVEPOINT and COMMIT included). */
let sent: string[] | null = null;
const originalQuery = pg.Client.prototype.query;

beforeAll(async () => {
  t = await startTestApp();
  [producer, driver, receiver] = await Promise.all(['producer.demo', 'driver.demo', 'receiver.demo'].map((u) => Client.login(t.app, u)));
  const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
  transporterId = anyun.id;
  vehicleId = anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721').id;
  driverId = anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id;
  const receivers = (await producer.get('/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).json();
  receiverId = receivers.items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司').id;
  pg.Client.prototype.query = function recording(this: pg.Client, ...args: unknown[]) {
    const [first] = args;
    if (sent) sent.push(typeof first === 'string' ? first : String((first as { text?: string })?.text ?? ''));
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterEach(() => { sent = null; });
afterAll(async () => {
  pg.Client.prototype.query = originalQuery;
  await t.close();
});

/** Runs one request and answers with it and the statements the server sent for it. */
async function counted<T>(request: () => Promise<T>): Promise<{ res: T; statements: string[] }> {
  sent = [];
  try {
    const res = await request();
    return { res, statements: sent };
  } finally {
    sent = null;
  }
}

const brief = (statements: string[]) => statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 90));

// The budget each step must keep, the session's lookup included. Before issue 19's change a flow sent
// batch 11, create 25, emission 10, transport 13, reception 14: a signature was BEGIN, the manifest FOR
// UPDATE, its signatures, the signature, the manifest's update, its batches (and at reception the
// receiver's capabilities), the ledger, the event, the audit row, the webhook subscriptions and COMMIT.
// Now the reads are one statement, the signature goes in with the manifest's update, and the event,
// audit row and webhook deliveries are one statement; a hazardous create reads each licensed
// receiver's committed tonnes in the statement that finds the receivers, not one query per receiver. (The first create of a process also makes the
// year's number sequence, three statements; the first transport reads the work calendar, one.)
// The batch is the ledger's route, not the manifest engine's: held at today's count.
const BUDGET = { batch: 11, create: 19, emission: 6, transport: 8, reception: 8 };

describe('what a hazardous manifest step costs in statements', () => {
  it('keeps each step of the flow within its budget of round trips to PostgreSQL', async () => {
    const counts: Record<string, number> = {};
    const listed: Record<string, string[]> = {};
    const step = async (name: keyof typeof BUDGET, request: () => Promise<{ statusCode: number; body: string; json: () => any }>, status: number) => {
      const { res, statements } = await counted(request);
      expect(res.statusCode, res.body).toBe(status);
      counts[name] = statements.length;
      listed[name] = brief(statements);
      return res.json();
    };
    const batch = await step('batch', () => producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 10, quantityT: 2, storageFacility: '1号危废暂存间' }), 201);
    const m = await step('create', () => producer.post('/api/manifests', {
      batchIds: [batch.id], receiverId, transporterIds: [transporterId], vehicleId, driverId, plannedDate: '2026-11-25',
      dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '车载吸附棉、灭火器；泄漏时围堵并报告',
    }), 201);
    await step('emission', () => producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' }), 200);
    await step('transport', () => driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 2.01, origin: '临清市松林镇恒通轴承', destination: '临清市唐园镇绿源环保' } }), 200);
    const received = await step('reception', () => receiver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 2.0, treatmentMethod: 'R9' } }), 200);
    expect(received.status).toBe('received');
    console.log(`statements per step: ${JSON.stringify(counts)}\n${JSON.stringify(listed, null, 1)}`);
    for (const [name, budget] of Object.entries(BUDGET)) expect({ step: name, statements: counts[name] }).toEqual({ step: name, statements: Math.min(counts[name], budget) });
    // The rows the steps wrote in one statement each are what they were: an event and an audit row per
    // step, the audit rows sealed by the sealer as the application's (their MACs hold).
    await sealAudit(t.database.db);
    const audit = (await t.database.db.execute<{ action: string; origin: string }>(sql`SELECT action, origin FROM audit_log WHERE entity_id = ${m.id} ORDER BY id`)).rows;
    expect(audit).toEqual(['create', 'sign_emission', 'sign_transport', 'sign_reception'].map((a) => ({ action: `manifest.${a}`, origin: 'application' })));
    const events = (await t.database.db.execute<{ kind: string }>(sql`SELECT kind FROM manifest_events WHERE manifest_id = ${m.id} ORDER BY id`)).rows;
    expect(events.map((e) => e.kind)).toEqual(['created', 'sign_emission', 'sign_transport', 'sign_reception']);
  }, 120_000);
});
