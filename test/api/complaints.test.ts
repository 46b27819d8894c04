import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { multipart } from '../support/matrix';
import { loadConfig } from '../../src/server/config';
import { cleanPhoto } from '../../src/server/files/photos';
import { complaintFormulas } from '../../src/server/complaints/formulas';

// 信访投诉举报 (issue 18), told as a citizen and a department live it: a passer-by without a login
// reports dumping with a photo (its location metadata gone before anyone sees it), is offered the
// open report 40 m away but not one 60 m away, follows his report by number and code, the ecology
// bureau accepts and answers it, he rates it and it closes; another report is reopened; bad input is
// refused naming the field with nothing written; contact details appear only in the department's view.

let t: TestApp;
let citizen: Client;
let eco: Client;
let urban: Client;
let office: Client;
const dataDir = loadConfig().dataDir;
const photoDir = path.join(dataDir, 'photos');
const photoCount = () => (fs.existsSync(photoDir) ? fs.readdirSync(photoDir).length : 0);

beforeAll(async () => {
  t = await startTestApp();
  citizen = new Client(t.app, '10.9.8.7');
  eco = await Client.login(t.app, 'eco.linqing');
  urban = await Client.login(t.app, 'urban.linqing');
  office = await Client.login(t.app, 'office.linqing');
}, 180_000);
afterAll(async () => { await t?.close(); });

/** A JPEG whose Exif segment names a GPS position, as a phone writes it. */
function jpegWithGps(): Buffer {
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.from('MM\0*GPSLatitude 36.8318 N GPSLongitude 115.7231 E', 'latin1')]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([(exif.length + 2) >> 8, (exif.length + 2) & 0xff]), exif]);
  const jfif = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const scan = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0x34, 0x56, 0xff, 0xd9]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, app1, scan]);
}

async function upload(client: Client, content: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg') {
  const body = multipart({}, { field: 'photo', filename, content, contentType });
  return t.app.inject({ method: 'POST', url: '/api/complaints/photos', payload: body.payload, headers: { ...body.headers, ...(client.cookie ? { cookie: client.cookie, 'x-csrf-token': client.csrf } : {}) }, remoteAddress: '10.9.8.7' });
}

const count = async () => Number((await t.database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM complaints`)).rows[0].n);
// 新华路街道, by the canal; 40 m and 60 m to the east.
const HERE = { lon: 115.72512, lat: 36.83344 };
const east = (m: number) => ({ lon: HERE.lon + m / (111_320 * Math.cos((HERE.lat * Math.PI) / 180)), lat: HERE.lat });
const report = (extra: Record<string, unknown> = {}) => ({
  category: 'illegal_dumping', regionCode: '371581002', location: HERE, address: '运河西岸步道', description: '步道旁倒了十几袋装修垃圾和油漆桶', contactName: '王先生', contactPhone: '13912345678', ...extra,
});

describe('a citizen reports, the department answers, the citizen rates', () => {
  let photo: string;
  let first: { complaintNo: string; followCode: string; id: string };

  it('stores an uploaded photo without its location metadata', async () => {
    const original = jpegWithGps();
    expect(original.toString('latin1')).toContain('GPSLatitude');
    const res = await upload(citizen, original);
    expect(res.statusCode, res.body).toBe(201);
    photo = res.json().name;
    expect(photo).toMatch(/^[0-9a-f]{32}\.jpg$/);
    const shown = await t.app.inject({ method: 'GET', url: `/api/complaints/photos/${photo}` });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
    expect(shown.rawPayload.toString('latin1')).not.toContain('GPSLatitude');
    expect(shown.rawPayload.toString('latin1')).not.toContain('Exif');
    expect(shown.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('takes a report without a login and answers its number and private follow code', async () => {
    const res = await citizen.post('/api/complaints/reports', report({ photos: [photo] }));
    expect(res.statusCode, res.body).toBe(201);
    first = res.json();
    expect(first.complaintNo).toMatch(/^TS\d{13}$/);
    expect(first.followCode).toMatch(/^[A-Z2-9]{8}$/);
  });

  it('lets him follow it by number and code, routed to the ecology bureau, with no contact details', async () => {
    const res = await citizen.get(`/api/complaints/follow?no=${first.complaintNo}&code=${first.followCode}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'submitted', domain: 'ecology', category: 'illegal_dumping', photos: [photo] });
    expect(body.steps.map((s: { action: string }) => s.action)).toEqual(['submit']);
    expect(res.body).not.toContain('13912345678');
    expect(res.body).not.toContain('王先生');
    expect((await citizen.get(`/api/complaints/follow?no=${first.complaintNo}&code=AAAAAAAA`)).statusCode).toBe(404);
  });

  it('suggests the open report 40 m away, not at 60 m', async () => {
    const near = await citizen.get(`/api/complaints/nearby?category=illegal_dumping&lon=${east(40).lon}&lat=${east(40).lat}`);
    expect(near.statusCode).toBe(200);
    const hit = near.json().items.find((i: { complaintNo: string }) => i.complaintNo === first.complaintNo);
    expect(hit.distanceM).toBeGreaterThanOrEqual(39);
    expect(hit.distanceM).toBeLessThanOrEqual(41);
    expect(near.body).not.toContain('13912345678');
    const far = await citizen.get(`/api/complaints/nearby?category=illegal_dumping&lon=${east(60).lon}&lat=${east(60).lat}`);
    expect(far.json().items.map((i: { complaintNo: string }) => i.complaintNo)).not.toContain(first.complaintNo);
    const otherKind = await citizen.get(`/api/complaints/nearby?category=burning&lon=${east(40).lon}&lat=${east(40).lat}`);
    expect(otherKind.json().items.map((i: { complaintNo: string }) => i.complaintNo)).not.toContain(first.complaintNo);
  });

  it('links a “same as this one” report to the original, which its reporter then follows', async () => {
    const res = await citizen.post('/api/complaints/reports', report({ location: east(40), sameAs: first.complaintNo, contactPhone: '' }));
    expect(res.statusCode, res.body).toBe(201);
    const dup = await citizen.get(`/api/complaints/follow?no=${res.json().complaintNo}&code=${res.json().followCode}`);
    expect(dup.json()).toMatchObject({ status: 'duplicate', duplicateOf: first.complaintNo, original: { complaintNo: first.complaintNo, status: 'submitted' } });
    const tooFar = await citizen.post('/api/complaints/reports', report({ location: east(60), sameAs: first.complaintNo }));
    expect(tooFar.statusCode).toBe(400);
    expect(tooFar.json().path).toBe('sameAs');
  });

  it('shows the ecology bureau the report with the contact; the urban bureau does not see it', async () => {
    const queue = await eco.get('/api/complaints?status=submitted&category=illegal_dumping&pageSize=100');
    expect(queue.statusCode, queue.body).toBe(200);
    const row = queue.json().items.find((i: { complaintNo: string }) => i.complaintNo === first.complaintNo);
    expect(row).toMatchObject({ contactGiven: true, overdue: null });
    expect(queue.body).not.toContain('13912345678');
    const detail = await eco.get(`/api/complaints/${first.id}`);
    expect(detail.json()).toMatchObject({ contactName: '王先生', contactPhone: '13912345678', actions: expect.arrayContaining(['accept', 'reject']) });
    expect((await urban.get(`/api/complaints/${first.id}`)).statusCode).toBe(404);
    expect((await urban.get('/api/complaints?pageSize=100')).body).not.toContain(first.complaintNo);
    expect((await office.get('/api/complaints?pageSize=100&q=' + first.complaintNo)).json().total).toBe(1);
  });

  it('accepts, refuses an answer without text (nothing written), resolves with an answer', async () => {
    expect((await eco.post(`/api/complaints/${first.id}/actions`, { action: 'accept' })).json().status).toBe('accepted');
    const empty = await eco.post(`/api/complaints/${first.id}/actions`, { action: 'resolve', note: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'ANSWER_REQUIRED', path: 'note' });
    expect((await eco.get(`/api/complaints/${first.id}`)).json().status).toBe('accepted');
    const done = await eco.post(`/api/complaints/${first.id}/actions`, { action: 'resolve', note: '已责令清运，倾倒车辆已查实并立案' });
    expect(done.json()).toMatchObject({ status: 'resolved', answer: '已责令清运，倾倒车辆已查实并立案' });
    expect((await eco.post(`/api/complaints/${first.id}/actions`, { action: 'accept' })).statusCode).toBe(409);
  });

  it('lets the citizen rate the answer once, which closes the report', async () => {
    const rated = await citizen.post('/api/complaints/follow/rate', { no: first.complaintNo, code: first.followCode, stars: 5, comment: '处理很快' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ status: 'closed', stars: 5, canRate: false, canReopen: false });
    expect(rated.json().steps.map((s: { action: string }) => s.action)).toEqual(['submit', 'accept', 'resolve', 'rate']);
    const again = await citizen.post('/api/complaints/follow/rate', { no: first.complaintNo, code: first.followCode, stars: 1 });
    expect(again.statusCode).toBe(409);
  });
});

describe('reopening, refusing and routing', () => {
  it('reopens an answered report within the window: back in progress, then answered again', async () => {
    const made = (await citizen.post('/api/complaints/reports', report({ category: 'burning', location: east(500) }))).json();
    await eco.post(`/api/complaints/${made.id}/actions`, { action: 'accept' });
    await eco.post(`/api/complaints/${made.id}/actions`, { action: 'resolve', note: '火点已扑灭，已批评教育' });
    const reopened = await citizen.post('/api/complaints/follow/reopen', { no: made.complaintNo, code: made.followCode, reason: '第二天又在烧' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'in_progress' });
    const again = await eco.post(`/api/complaints/${made.id}/actions`, { action: 'resolve', note: '已没收焚烧物并罚款' });
    expect(again.json().steps.map((s: { action: string }) => s.action)).toEqual(['submit', 'accept', 'resolve', 'reopen', 'resolve']);
  });

  it('rejects only with a reason, and sends “not ours” with where to go', async () => {
    const made = (await citizen.post('/api/complaints/reports', report({ category: 'polluting_site', location: east(900) }))).json();
    const bare = await eco.post(`/api/complaints/${made.id}/actions`, { action: 'reject' });
    expect(bare.json()).toMatchObject({ code: 'REASON_REQUIRED', path: 'note' });
    const sent = await eco.post(`/api/complaints/${made.id}/actions`, { action: 'not_ours', note: '请向市水利局反映' });
    expect(sent.json().status).toBe('not_ours');
  });

  it('routes by the office’s table: missed collection to housing once the office says so', async () => {
    const table = (await office.get('/api/complaints/routes')).json();
    expect(table.items.find((i: { category: string }) => i.category === 'missed_collection').domain).toBe('urban');
    const items = table.items.map((i: { category: string; domain: string | null }) => ({ category: i.category, domain: i.category === 'missed_collection' ? 'housing' : i.domain }));
    expect((await office.put('/api/complaints/routes', { items })).statusCode).toBe(200);
    expect((await eco.put('/api/complaints/routes', { items })).statusCode).toBe(403);
    const made = (await citizen.post('/api/complaints/reports', report({ category: 'missed_collection', location: east(1500) }))).json();
    expect((await citizen.get(`/api/complaints/follow?no=${made.complaintNo}&code=${made.followCode}`)).json().domain).toBe('housing');
    const other = (await citizen.post('/api/complaints/reports', report({ category: 'other', location: east(1600) }))).json();
    expect((await citizen.get(`/api/complaints/follow?no=${other.complaintNo}&code=${other.followCode}`)).json().domain).toBeNull();
  });

  it('gives a logged-in resident his reports without the code', async () => {
    const resident = await Client.login(t.app, 'resident.demo');
    const made = (await resident.post('/api/complaints/reports', report({ location: east(2500) }))).json();
    const mine = await resident.get('/api/complaints/mine');
    expect(mine.json().items.map((i: { complaintNo: string }) => i.complaintNo)).toContain(made.complaintNo);
    expect((await resident.get(`/api/complaints/follow?no=${made.complaintNo}`)).statusCode).toBe(200);
    expect((await citizen.get(`/api/complaints/follow?no=${made.complaintNo}`)).statusCode).toBe(404);
  });
});

describe('bad input: a 4xx naming the field, nothing written', () => {
  it('refuses a report with no place', async () => {
    const before = await count();
    const res = await citizen.post('/api/complaints/reports', report({ location: undefined, address: undefined }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'LOCATION_REQUIRED', path: 'location' });
    expect(res.json().message.zh).toContain('地点');
    expect(await count()).toBe(before);
  });

  it('refuses a point outside China (a swapped or mistyped pair), naming the coordinate', async () => {
    const before = await count();
    const res = await citizen.post('/api/complaints/reports', report({ location: { lon: 36.84, lat: 115.72 } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['location.lon', 'location.lat']));
    expect(res.json().message.zh).toContain('中国境内');
    expect(await count()).toBe(before);
  });

  it('refuses a file that is not an image, and one over the size limit', async () => {
    const files = photoCount();
    const text = await upload(citizen, Buffer.from('<html><script>alert(1)</script></html>'), 'photo.jpg', 'image/jpeg');
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ code: 'PHOTO_TYPE', path: 'photo' });
    const big = Buffer.concat([jpegWithGps().subarray(0, 20), Buffer.alloc(6 * 1024 * 1024, 1)]);
    const large = await upload(citizen, big);
    expect(large.statusCode).toBe(400);
    expect(large.json()).toMatchObject({ code: 'PHOTO_TOO_LARGE', path: 'photo' });
    expect(photoCount()).toBe(files);
  });

  it('refuses a report naming a photo that was never uploaded', async () => {
    const before = await count();
    const res = await citizen.post('/api/complaints/reports', report({ photos: [`${'a'.repeat(32)}.jpg`] }));
    expect(res.json()).toMatchObject({ code: 'UNKNOWN_PHOTO', path: 'photos.0' });
    expect(await count()).toBe(before);
  });

  it('keeps an HTML description verbatim as data', async () => {
    const description = '<img src=x onerror="alert(1)"><script>document.cookie</script> 倒垃圾';
    const made = (await citizen.post('/api/complaints/reports', report({ description, location: east(3000) }))).json();
    const res = await citizen.get(`/api/complaints/follow?no=${made.complaintNo}&code=${made.followCode}`);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json().description).toBe(description);
  });

  it('strips PNG text chunks and refuses a truncated PNG', () => {
    const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunk = (type: string, data: Buffer) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]); };
    const png = Buffer.concat([sig, chunk('IHDR', Buffer.alloc(13)), chunk('tEXt', Buffer.from('GPS\x0036.8 N', 'latin1')), chunk('eXIf', Buffer.from('MM', 'latin1')), chunk('IDAT', Buffer.alloc(8)), chunk('IEND', Buffer.alloc(0))]);
    const clean = cleanPhoto(png).bytes.toString('latin1');
    expect(clean).not.toContain('tEXt');
    expect(clean).not.toContain('eXIf');
    expect(clean).toContain('IDAT');
    expect(() => cleanPhoto(png.subarray(0, 30))).toThrow();
  });
});

describe('the demo year and row 41', () => {
  it('has 临清’s year of reports with most answered, a duplicate and overdue ones', async () => {
    const rows = (await t.database.db.execute<{ status: string; n: number }>(sql`SELECT status, count(*)::int AS n FROM complaints WHERE region_code LIKE '371581%' GROUP BY status`)).rows;
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect((by.closed ?? 0) + (by.resolved ?? 0)).toBeGreaterThan(100);
    expect(by.duplicate).toBeGreaterThanOrEqual(1);
    const overdue = await office.get('/api/complaints?overdue=true&pageSize=100');
    expect(overdue.json().items.map((i: { overdue: string }) => i.overdue)).toEqual(expect.arrayContaining(['accept', 'close']));
  });

  it('computes row 41 for 临清 this year at a realistic 96–99.5 %, duplicates and refusals left out', async () => {
    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const computed = await complaintFormulas[0].compute(t.database.db, { regionCode: '371581', year, unit: '%', baselineYear: 2020, baselineValue: null, baselineText: '' });
    expect(computed.value).toBeGreaterThanOrEqual(96);
    expect(computed.value).toBeLessThanOrEqual(99.5);
    expect(computed.inputs?.find((i) => i.key === 'excluded')?.value).toBeGreaterThanOrEqual(3);
  });
});
