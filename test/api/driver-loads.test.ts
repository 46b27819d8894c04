import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { upload } from '../support/matrix';

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

// Photos at pickup (issue 20): the driver uploads photos for his load, and the pickup's signature
// names them; a signature may carry only photos its signer uploaded for that manifest.
/** A 1×1 PNG, as a phone's camera would send a (much larger) one. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const photoOf = (c: Client, manifestId: string, content: Buffer, filename = 'pickup.png') => upload(c, `/api/manifests/${manifestId}/photos`, {}, { field: 'photo', filename, content, contentType: 'image/png' });

/** 恒通's new load of one batch for driver.demo's truck, signed by 恒通: the pickup is next. */
async function loadAwaitingPickup() {
  const producer = await Client.login(t.app, 'producer.demo');
  const batch = await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '固态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 1, quantityT: 0.1 });
  expect(batch.statusCode, batch.body).toBe(201);
  const fleet = (await producer.get(`/api/manifests/transporters?q=${encodeURIComponent('安运')}`)).json().items[0] as { id: string; vehicles: { id: string }[] };
  const [driver] = await rows<{ id: string }>(sql`SELECT d.id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.username = 'driver.demo'`);
  const [receiver] = await rows<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市绿源环保科技有限公司'`);
  const created = await producer.post('/api/manifests', { batchIds: [batch.json().id], receiverId: receiver.id, transporterIds: [fleet.id], vehicleId: fleet.vehicles[0].id, driverId: driver.id,
    plannedDate: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉、围堰' });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  expect((await producer.post(`/api/manifests/${id}/sign`, { action: 'sign_emission' })).statusCode).toBe(200);
  return id;
}
const pickup = (photos?: string[]) => ({ action: 'sign_transport', data: { pickupWeightT: 0.1, origin: '松林镇', destination: '唐园镇' }, ...(photos ? { photos } : {}) });

describe('photos at pickup', () => {
  it('takes the driver’s photo for his load, and the pickup signed with it shows it to whoever sees the manifest, as an image', async () => {
    const id = await loadAwaitingPickup();
    const driver = await Client.login(t.app, 'driver.demo');
    const uploaded = await photoOf(driver, id, PNG);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { name } = uploaded.json() as { name: string };
    expect(name).toMatch(/^[0-9a-f]{32}\.png$/);
    const key = 'outbox-photo-0001';
    const signed = await driver.post(`/api/manifests/${id}/sign`, pickup([name]), { 'idempotency-key': key });
    expect(signed.statusCode, signed.body).toBe(200);
    // Sent again under its key (the phone never heard the answer): answered, not signed twice.
    expect((await driver.post(`/api/manifests/${id}/sign`, pickup([name]), { 'idempotency-key': key })).headers['idempotent-replayed']).toBe('true');
    for (const username of ['producer.demo', 'eco.linqing', 'driver.demo']) {
      const c = await Client.login(t.app, username);
      const detail = (await c.get(`/api/manifests/${id}`)).json() as { signatures: { step: string; photos: string[] }[] };
      expect(detail.signatures.filter((s) => s.step === 'transport').map((s) => s.photos), username).toEqual([[name]]);
      const photo = await c.get(`/api/manifests/${id}/photos/${name}`);
      expect([photo.statusCode, photo.headers['content-type']], username).toEqual([200, 'image/png']);
      expect(photo.rawPayload.equals(PNG)).toBe(true);
    }
    // Another company, and an official of another county, do not see the manifest nor its photo.
    for (const username of ['power.demo', 'eco.guanxian']) {
      expect((await (await Client.login(t.app, username)).get(`/api/manifests/${id}/photos/${name}`)).statusCode, username).toBe(404);
    }
  });

  it('refuses a photo from another company’s user, and from a driver for a load that is not his', async () => {
    const id = await loadAwaitingPickup();
    for (const username of ['power.demo', 'tq.driver', 'driver.med']) {
      const res = await photoOf(await Client.login(t.app, username), id, PNG);
      expect(res.statusCode, `${username}: ${res.body}`).toBe(404);
      expect(res.json().message.zh).toMatch(/\p{Script=Han}/u);
    }
    // A load of his company that names another driver.
    const [other] = await rows<{ id: string }>(sql`SELECT d.id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.username = 'driver.demo'`);
    await t.database.db.execute(sql`UPDATE manifests SET data = data || jsonb_build_object('driverId', gen_random_uuid()::text) WHERE id = ${id}`);
    const res = await photoOf(await Client.login(t.app, 'driver.demo'), id, PNG);
    expect([res.statusCode, res.json().code], res.body).toEqual([403, 'FORBIDDEN']);
    await t.database.db.execute(sql`UPDATE manifests SET data = data || jsonb_build_object('driverId', ${other.id}::text) WHERE id = ${id}`);
    const [{ n }] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM manifest_photos WHERE manifest_id = ${id}`);
    expect(n).toBe(0);
  });

  it('refuses a file that is not an image, and a signature naming a photo not uploaded by its signer for this manifest, on the field, signing nothing', async () => {
    const id = await loadAwaitingPickup();
    const driver = await Client.login(t.app, 'driver.demo');
    const text = await photoOf(driver, id, Buffer.from('%PDF-1.4 not a photo'), 'pickup.jpg');
    expect([text.statusCode, text.json().code, text.json().path], text.body).toEqual([400, 'PHOTO_TYPE', 'photo']);
    // A photo stored for something else (a citizen's report) is no photo of this manifest.
    const stranger = await upload(new Client(t.app, '10.9.8.7'), '/api/complaints/photos', {}, { field: 'photo', filename: 'heap.png', content: PNG, contentType: 'image/png' });
    expect(stranger.statusCode, stranger.body).toBe(201);
    // Nor is a photo 安运's office uploaded for it: the driver signs with his own.
    const office = await photoOf(await Client.login(t.app, 'transporter.demo'), id, PNG);
    expect(office.statusCode, office.body).toBe(201);
    const mine = (await photoOf(driver, id, PNG)).json().name as string;
    for (const foreign of [stranger.json().name as string, office.json().name as string]) {
      const res = await driver.post(`/api/manifests/${id}/sign`, pickup([mine, foreign]));
      expect([res.statusCode, res.json().code, res.json().path], res.body).toEqual([400, 'UNKNOWN_PHOTO', 'photos.1']);
      expect(res.json().message.zh).toMatch(/\p{Script=Han}/u);
    }
    const bad = await driver.post(`/api/manifests/${id}/sign`, pickup(['../../etc/passwd']));
    expect([bad.statusCode, bad.json().path]).toEqual([400, 'photos.0']);
    const [{ n }] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM manifest_signatures WHERE manifest_id = ${id} AND step = 'transport'`);
    expect(n).toBe(0);
    // Unsigned, his photo is his own to see; the producer is not shown it yet.
    expect((await driver.get(`/api/manifests/${id}/photos/${mine}`)).statusCode).toBe(200);
    expect((await (await Client.login(t.app, 'producer.demo')).get(`/api/manifests/${id}/photos/${mine}`)).statusCode).toBe(404);
  });
});
