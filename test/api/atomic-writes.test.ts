import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { shanghaiYear } from '../../src/domain/labels';

// Issue 12, point 5: a write, its Idempotency-Key and the webhook deliveries it queues commit together.
// A crash part-way is played by a trigger that makes one insert fail, as a lost connection would.

let t: TestApp;
let producer: Client;
let producerRegion = '', receiverId = '', transporterId = '', vehicleId = '', driverId = '';
const db = () => t.database.db;

const count = async (query: SQL) => Number((await db().execute<{ n: number }>(query)).rows[0].n);
const manifestCount = () => count(sql`SELECT count(*) AS n FROM manifests`);
const keysStored = (key: string) => count(sql`SELECT count(*) AS n FROM idempotency_keys WHERE key = ${key}`);
const deliveriesOf = (manifestId: string, event: string) => count(sql`SELECT count(*) AS n FROM webhook_deliveries WHERE event = ${event} AND payload->'data'->>'id' = ${manifestId}`);
const allDeliveries = () => count(sql`SELECT count(*) AS n FROM webhook_deliveries`);

const FAULTY = ['idempotency_keys', 'webhook_deliveries'] as const;
const failInsertsInto = (table: (typeof FAULTY)[number]) => db().execute(sql.raw(`CREATE TRIGGER atomic_writes_fault BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION atomic_writes_fault()`));
const clearFaults = async () => { for (const table of FAULTY) await db().execute(sql.raw(`DROP TRIGGER IF EXISTS atomic_writes_fault ON ${table}`)); };

beforeAll(async () => {
  t = await startTestApp();
  producer = await Client.login(t.app, 'producer.demo');
  const me = (await producer.get('/api/auth/me')).json();
  producerRegion = me.organisation.regionCode;
  const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
  transporterId = anyun.id;
  vehicleId = anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721').id;
  driverId = anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id;
  receiverId = (await producer.get('/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).json().items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司').id;
  await db().execute(sql.raw(`CREATE FUNCTION atomic_writes_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault on %', TG_TABLE_NAME; END $$`));
  // The producer's ERP hears of its manifests being created and signed (inserted directly: the URL check is not under test here).
  await db().execute(sql`INSERT INTO webhook_subscriptions (organisation_id, url, events, secret, created_by)
    VALUES (${me.organisation.id}, 'https://erp.example.com/wufei', ARRAY['manifest.created', 'manifest.signed']::text[], 'secret', ${me.user.id})`);
});
afterEach(clearFaults);
afterAll(async () => { await t.close(); });

async function storedBatch() {
  const res = await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 2, quantityT: 0.5, storageFacility: '1号危废暂存间' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const newManifest = (batchIds: string[]) => ({
  batchIds, receiverId, transporterIds: [transporterId], vehicleId, driverId, plannedDate: '2026-11-25',
  dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '车载吸附棉、灭火器；泄漏时围堵并报告',
});
const create = (batchId: string, key?: string) => producer.post('/api/manifests', newManifest([batchId]), key ? { 'idempotency-key': key } : {});
const created = async () => { const res = await create((await storedBatch()).id); expect(res.statusCode, res.body).toBe(201); return res.json() as { id: string; number: string }; };

describe('a manifest, its Idempotency-Key and its events commit together', () => {
  // First in the file: the server must not have seen this city's sequence yet.
  it('makes a city’s serial-number sequence inside the key’s transaction, and again after that transaction rolled back', async () => {
    const name = `manifest_serial_${producerRegion.slice(0, 4)}_${shanghaiYear(new Date())}`;
    const exists = async () => (await db().execute<{ found: boolean }>(sql`SELECT to_regclass(${name}) IS NOT NULL AS found`)).rows[0].found;
    await db().execute(sql.raw(`ALTER SEQUENCE ${name} RENAME TO ${name}_aside`));
    try {
      // A keyed create refused for its batch rolls back, with the sequence it made.
      const keyed = await create(crypto.randomUUID(), crypto.randomUUID());
      expect(keyed.json().code).toBe('UNKNOWN_BATCH');
      expect(await exists()).toBe(false);
      // Not remembered as made: the next create makes it (and is then refused for its batch too).
      const plain = await create(crypto.randomUUID());
      expect(plain.json().code).toBe('UNKNOWN_BATCH');
      expect(await exists()).toBe(true);
    } finally {
      await db().execute(sql.raw(`DROP SEQUENCE IF EXISTS ${name}`));
      await db().execute(sql.raw(`ALTER SEQUENCE ${name}_aside RENAME TO ${name}`));
    }
  });

  it('leaves no manifest, no key and no delivery when the key cannot be stored, and the retry creates the manifest once', async () => {
    const batch = await storedBatch();
    const key = crypto.randomUUID();
    const [manifestsBefore, deliveriesBefore] = [await manifestCount(), await allDeliveries()];
    await failInsertsInto('idempotency_keys');
    const crashed = await create(batch.id, key);
    expect(crashed.statusCode).toBe(500);
    expect(await manifestCount()).toBe(manifestsBefore);
    expect(await keysStored(key)).toBe(0);
    expect(await allDeliveries()).toBe(deliveriesBefore);
    expect(await count(sql`SELECT count(*) AS n FROM manifest_batches WHERE batch_id = ${batch.id}`)).toBe(0);

    await clearFaults();
    const retried = await create(batch.id, key);
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    const again = await create(batch.id, key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(retried.json().id);
    expect(await manifestCount()).toBe(manifestsBefore + 1);
    expect(await keysStored(key)).toBe(1);
    expect(await deliveriesOf(retried.json().id, 'manifest.created')).toBe(1);
  });

  it('has queued manifest.created for the subscribed producer when the create answers, and drops the manifest with it when the delivery cannot be written', async () => {
    const m = await created();
    const [queued] = (await db().execute<{ status: string; number: string }>(sql`SELECT status, payload->'data'->>'number' AS number FROM webhook_deliveries WHERE event = 'manifest.created' AND payload->'data'->>'id' = ${m.id}`)).rows;
    expect(queued).toEqual({ status: 'pending', number: m.number });

    const manifestsBefore = await manifestCount();
    const key = crypto.randomUUID();
    await failInsertsInto('webhook_deliveries');
    expect((await create((await storedBatch()).id)).statusCode).toBe(500);
    expect((await create((await storedBatch()).id, key)).statusCode).toBe(500);
    expect(await manifestCount()).toBe(manifestsBefore);
    expect(await keysStored(key)).toBe(0);
  });

  it('signs once with its event: a signature whose key cannot be stored leaves the manifest unsigned and nothing queued', async () => {
    const m = await created();
    const key = crypto.randomUUID();
    const signatures = () => count(sql`SELECT count(*) AS n FROM manifest_signatures WHERE manifest_id = ${m.id}`);
    await failInsertsInto('idempotency_keys');
    expect((await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' }, { 'idempotency-key': key })).statusCode).toBe(500);
    expect((await producer.get(`/api/manifests/${m.id}`)).json().status).toBe('draft');
    expect(await signatures()).toBe(0);
    expect(await deliveriesOf(m.id, 'manifest.signed')).toBe(0);

    await clearFaults();
    const signed = await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' }, { 'idempotency-key': key });
    expect(signed.json().status, signed.body).toBe('signed_by_producer');
    expect((await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' }, { 'idempotency-key': key })).headers['idempotent-replayed']).toBe('true');
    expect(await signatures()).toBe(1);
    expect(await deliveriesOf(m.id, 'manifest.signed')).toBe(1);
  });

  it('queues nothing for a cancellation', async () => {
    const m = await created();
    expect((await producer.post(`/api/manifests/${m.id}/sign`, { action: 'cancel' })).json().status).toBe('cancelled');
    expect(await count(sql`SELECT count(*) AS n FROM webhook_deliveries WHERE event <> 'manifest.created' AND payload->'data'->>'id' = ${m.id}`)).toBe(0);
  });

  it('creates one manifest for concurrent duplicates of a request with the same key', async () => {
    const batch = await storedBatch();
    const key = crypto.randomUUID();
    const manifestsBefore = await manifestCount();
    const answers = await Promise.all(Array.from({ length: 6 }, () => create(batch.id, key)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    expect(await manifestCount()).toBe(manifestsBefore + 1);
    expect(await deliveriesOf(answers[0].json().id, 'manifest.created')).toBe(1);
  });
});
