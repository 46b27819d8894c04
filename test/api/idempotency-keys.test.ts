import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/http/app';
import { loadConfig } from '../../src/server/config';
import { connect, type Database } from '../../src/server/db/database';
import { cloneTemplate } from '../support/database';
import { Client, DEMO_PASSWORD } from '../support/app';

// Issue 19, finding 3. An Idempotency-Key stands for one request: a resend with another body or for
// another manifest is refused (422), not answered with the first request's answer. And keyed requests
// at twice the pool's size at once all get their answer while /api/health keeps answering: the key's
// transaction holds one pooled connection and the write runs in it, never on a second one.
// The app runs here on a pool of 20 connections, as the server does (src/server/platform.ts).

let clone: Awaited<ReturnType<typeof cloneTemplate>>;
let database: Database;
let app: FastifyInstance;
let producer: Client;
let receiverId = '', transporterId = '', vehicleId = '', driverId = '';
const db = () => database.db;
const count = async (query: ReturnType<typeof sql>) => Number((await db().execute<{ n: number }>(query)).rows[0].n);

beforeAll(async () => {
  clone = await cloneTemplate();
  database = connect(clone.url, 20);
  app = await buildApp({ db: database.db, config: { ...loadConfig(), demoPassword: DEMO_PASSWORD }, ping: async () => { await database.db.execute(sql`SELECT 1`); } });
  await app.ready();
  producer = await Client.login(app, 'producer.demo');
  const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
  transporterId = anyun.id;
  vehicleId = anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721').id;
  driverId = anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id;
  receiverId = (await producer.get('/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).json().items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司').id;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
  await clone?.drop();
});

async function storedBatch() {
  const res = await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 2, quantityT: 0.5, storageFacility: '1号危废暂存间' });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}
const newManifest = (batchId: string) => ({
  batchIds: [batchId], receiverId, transporterIds: [transporterId], vehicleId, driverId, plannedDate: '2026-11-25',
  dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '车载吸附棉、灭火器；泄漏时围堵并报告',
});
const create = (batchId: string, key: string) => producer.post('/api/manifests', newManifest(batchId), { 'idempotency-key': key });
const onManifest = (batchId: string) => count(sql`SELECT count(*) AS n FROM manifest_batches WHERE batch_id = ${batchId}::uuid`);

function expectKeyReused(res: Awaited<ReturnType<typeof create>>) {
  expect(res.statusCode, res.body).toBe(422);
  const body = res.json();
  expect(body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  expect(body.path).toBe('Idempotency-Key');
  expect(body.message.zh).toMatch(/Idempotency-Key/);
  expect(body.message.en).toMatch(/different request/);
  expect(res.body).not.toMatch(/undefined/);
}

describe('an Idempotency-Key stands for one request', () => {
  it('refuses a create with another body under a key already used, writes nothing, and still replays the first', async () => {
    const [first, second] = [await storedBatch(), await storedBatch()];
    const key = `create-${crypto.randomUUID()}`;
    const made = await create(first, key);
    expect(made.statusCode, made.body).toBe(201);
    const manifests = await count(sql`SELECT count(*) AS n FROM manifests`);

    expectKeyReused(await create(second, key));
    expect(await count(sql`SELECT count(*) AS n FROM manifests`)).toBe(manifests);
    expect(await onManifest(second)).toBe(0);

    const again = await create(first, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(made.json().id);
  });

  it('refuses a signature of another manifest under the key of the first', async () => {
    const [a, b] = [(await create(await storedBatch(), crypto.randomUUID())).json(), (await create(await storedBatch(), crypto.randomUUID())).json()];
    const key = `sign-${crypto.randomUUID()}`;
    const signed = await producer.post(`/api/manifests/${a.id}/sign`, { action: 'sign_emission' }, { 'idempotency-key': key });
    expect(signed.statusCode, signed.body).toBe(200);
    expectKeyReused(await producer.post(`/api/manifests/${b.id}/sign`, { action: 'sign_emission' }, { 'idempotency-key': key }));
    expect((await producer.get(`/api/manifests/${b.id}`)).json().status).toBe('draft');
  });
});

describe('keyed requests at twice the pool size', () => {
  it('answers 40 creates with their own keys and 40 with one key, while /api/health answers throughout', async () => {
    const batches: string[] = [];
    for (let i = 0; i < 41; i++) batches.push(await storedBatch());
    const shared = batches.pop()!;
    const sharedKey = `same-${crypto.randomUUID()}`;

    let done = false;
    const healthTimes: number[] = [];
    const poll = (async () => {
      while (!done) {
        const started = Date.now();
        const res = await app.inject({ method: 'GET', url: '/api/health' });
        expect(res.statusCode).toBe(200);
        healthTimes.push(Date.now() - started);
      }
    })();

    const all = Promise.all([
      ...batches.map((batch) => create(batch, `own-${crypto.randomUUID()}`)),
      ...Array.from({ length: 40 }, () => create(shared, sharedKey)),
    ]);
    // Bounded: a hang fails the test with what was missing instead of blocking the run.
    let timer: NodeJS.Timeout | undefined;
    const answers = await Promise.race([all, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('keyed requests still unanswered after 120 s')), 120_000); })])
      .finally(() => { clearTimeout(timer); done = true; });
    await poll;

    const own = answers.slice(0, 40);
    const same = answers.slice(40);
    expect(own.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
    expect(new Set(own.map((r) => r.json().id)).size).toBe(40);
    expect(same.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
    // One write under the shared key; every other answer is its replay, byte for byte.
    expect(new Set(same.map((r) => r.body)).size).toBe(1);
    expect(same.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    expect(await onManifest(shared)).toBe(1);
    expect(await count(sql`SELECT count(*) AS n FROM idempotency_keys WHERE key = ${sharedKey}`)).toBe(1);
    // Health was asked throughout and never waited long for a connection.
    expect(healthTimes.length).toBeGreaterThan(0);
    expect(Math.max(...healthTimes)).toBeLessThan(15_000);
  }, 240_000);
});
