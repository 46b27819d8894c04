import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

// 我的运输 (issue 20): the driver's phone reads his loads from GET /api/driver/loads, scoped on the
// server to the driver record linked to his account, and signs a pickup with an Idempotency-Key so
// that the phone's outbox, resending after the network returns, never signs twice.
let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

interface Load { id: string; number: string; status: string; wasteCode: string; wasteName: string; declaredWeightT: number; origin: { name: string; address: string }; destination: { name: string; address: string };
  batches: { batchNo: string; labelToken: string; containerCount: number }[]; next: { action: string; fields: { field: string; value: string | number }[] } | null }
interface LoadPage { driver: { id: string; name: string } | null; items: Load[]; total: number; page: number; pageSize: number }

const rows = async <T>(query: ReturnType<typeof sql>) => (await t.database.db.execute(query)).rows as T[];
const loadsOf = async (c: Client, query = '') => { const res = await c.get(`/api/driver/loads${query}`); expect(res.statusCode, res.body).toBe(200); return res.json() as LoadPage; };

describe('GET /api/driver/loads', () => {
  it('gives driver.demo the loads that name him, with both ends, the waste’s code and name, the containers and what he signs next', async () => {
    const driver = await Client.login(t.app, 'driver.demo');
    const page = await loadsOf(driver, '?pageSize=100');
    const [me] = await rows<{ id: string }>(sql`SELECT d.id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.username = 'driver.demo'`);
    expect(page.driver?.id).toBe(me.id);
    expect(page.total).toBeGreaterThan(0);
    const named = await rows<{ id: string }>(sql`SELECT id FROM manifests WHERE data->>'driverId' = ${me.id} AND status IN ('draft', 'signed_by_producer', 'in_transit')`);
    // Every open load naming him, and nothing that does not name him.
    expect(page.items.filter((l) => ['draft', 'signed_by_producer', 'in_transit'].includes(l.status)).map((l) => l.id).sort()).toEqual(named.map((r) => r.id).sort());
    // 宏达轴承's oily rags wait for his truck: his to sign, prefilled from the manifest.
    const hongda = page.items.find((l) => l.origin.name.includes('宏达'));
    expect(hongda, JSON.stringify(page.items.map((l) => l.origin.name))).toBeDefined();
    expect(hongda!.status).toBe('signed_by_producer');
    expect(hongda!.wasteCode).toBe('900-041-49');
    expect(hongda!.wasteName).not.toBe('');
    expect(hongda!.destination.name).toBe('临清市绿源环保科技有限公司');
    expect(hongda!.origin.address).not.toBe('');
    expect(hongda!.batches.length).toBeGreaterThan(0);
    expect(hongda!.batches[0].labelToken).toMatch(/^[A-Za-z0-9_-]{10,40}$/);
    expect(hongda!.next?.action).toBe('sign_transport');
    const value = (field: string) => hongda!.next!.fields.find((f) => f.field === field)?.value;
    expect(value('pickupWeightT')).toBe(hongda!.declaredWeightT);
    expect(value('origin')).toBe(hongda!.origin.address);
    expect(value('destination')).toBe(hongda!.destination.address);
  });

  it('pages through them', async () => {
    const driver = await Client.login(t.app, 'driver.demo');
    const all = await loadsOf(driver, '?pageSize=100');
    expect(all.total).toBeGreaterThanOrEqual(2);
    const first = await loadsOf(driver, '?page=1&pageSize=1');
    const second = await loadsOf(driver, '?page=2&pageSize=1');
    expect([first.items.length, second.items.length, first.total]).toEqual([1, 1, all.total]);
    expect(first.items[0].id).not.toBe(second.items[0].id);
    expect((await driver.get('/api/driver/loads?pageSize=1000')).statusCode).toBe(400);
  });

  it('gives another company’s driver none of them', async () => {
    const mine = new Set((await loadsOf(await Client.login(t.app, 'driver.demo'), '?pageSize=100')).items.map((l) => l.id));
    for (const username of ['tq.driver', 'driver.muck', 'driver.med']) {
      const theirs = await loadsOf(await Client.login(t.app, username), '?pageSize=100');
      expect(theirs.items.filter((l) => mine.has(l.id)), username).toEqual([]);
    }
  });

  it('answers a driver account without a driver record with no loads, and says so', async () => {
    const admin = await Client.login(t.app, 'transporter.demo');
    const created = await admin.post('/api/users', { username: 'driver.unlinked', displayName: '未关联司机', password: 'unlinked-driver-2026', role: 'driver' });
    expect(created.statusCode, created.body).toBe(201);
    const page = await loadsOf(await Client.login(t.app, 'driver.unlinked', 'unlinked-driver-2026'));
    expect(page).toMatchObject({ driver: null, items: [], total: 0 });
  });

  it('is the drivers’ page: the company’s desk and the officials are refused, and the menu offers it to drivers only', async () => {
    for (const username of ['transporter.demo', 'producer.demo', 'eco.linqing']) {
      expect((await (await Client.login(t.app, username)).get('/api/driver/loads')).statusCode, username).toBe(403);
    }
    const pages = async (username: string) => ((await (await Client.login(t.app, username)).get('/api/auth/me')).json() as { pages: { key: string }[] }).pages.map((p) => p.key);
    expect(await pages('driver.demo')).toContain('/driver');
    expect(await pages('transporter.demo')).not.toContain('/driver');
  });

  it('signs a pickup sent twice with one Idempotency-Key once, and the load then waits for the receiver', async () => {
    const driver = await Client.login(t.app, 'driver.demo');
    const hongda = (await loadsOf(driver, '?pageSize=100')).items.find((l) => l.origin.name.includes('宏达'))!;
    const data = Object.fromEntries(hongda.next!.fields.map((f) => [f.field, f.value]));
    const body = { action: 'sign_transport', data, place: hongda.origin.address };
    const key = 'outbox-test-0001-hongda';
    const first = await driver.post(`/api/manifests/${hongda.id}/sign`, body, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(200);
    const again = await driver.post(`/api/manifests/${hongda.id}/sign`, body, { 'idempotency-key': key });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const [{ n }] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM manifest_signatures WHERE manifest_id = ${hongda.id} AND step = 'transport'`);
    expect(n).toBe(1);
    const after = (await loadsOf(driver, '?pageSize=100')).items.find((l) => l.id === hongda.id)!;
    expect([after.status, after.next]).toEqual(['in_transit', null]);
    // A second phone's signature of the same pickup, under another key: a conflict the outbox shows in words.
    const late = await driver.post(`/api/manifests/${hongda.id}/sign`, body, { 'idempotency-key': 'outbox-test-0002-hongda' });
    expect(late.statusCode).toBe(409);
    expect(late.json().message.zh).not.toBe('');
  });
});
