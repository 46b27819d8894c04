import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { recordDeliveries } from '../../src/server/green/service';
import { sweepExpired } from '../../src/server/green/points';
import { communityRates } from '../../src/server/green/rates';
import { loadActorByUserId } from '../../src/server/platform/accounts/service';

// 绿色账户: urban management registers households with cards; the community station's collector
// (station.demo) records deliveries at its collection points and grades them once; points follow the
// region's rules into an append-only ledger; redemptions draw from the earliest-expiring points; lapsed
// points become expire entries; a smart bin posts with a green:write token; communities get rates.
let t: TestApp;
let urban: Client, station: Client, eco: Client, resident: Client, hw: Client;
let pointId = '', stationOrg = '', placeId = '', binToken = '', wrongToken = '';
const db = () => t.database.db;
const count = async (table: string) => Number((await db().execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n);
const card = () => `T${crypto.randomInt(1e8, 1e9)}`;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const newHousehold = async (over: Record<string, unknown> = {}) => {
  const res = await urban.post('/api/green/households', { placeId, address: `测试楼${crypto.randomInt(1e6)}号`, cardNo: card(), ...over });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; cardNo: string; qrToken: string; balance: number };
};
const deliver = (cardNo: string, over: Record<string, unknown> = {}) => station.post('/api/green/deliveries', { facilityId: pointId, cardNo, wasteClass: 'kitchen', ...over });
const bin = (body: unknown, token = binToken) => new Client(t.app).request('POST', '/api/smart-bins/deliveries', body, { authorization: `Bearer ${token}` });
const setting = async (key: string, value: number) => expect((await urban.put(`/api/settings/${key}`, { value })).statusCode).toBe(200);

beforeAll(async () => {
  t = await startTestApp();
  [urban, station, eco, resident, hw] = await Promise.all(['urban.linqing', 'station.demo', 'eco.linqing', 'resident.demo', 'hw.demo'].map((u) => Client.login(t.app, u)));
  const [row] = (await db().execute<{ id: string; org: string }>(sql`SELECT id, organisation_id AS org FROM household_facilities WHERE name = '运河花园垃圾分类收集房'`)).rows;
  [pointId, stationOrg] = [row.id, row.org];
  // A community of its own, so the rates below count only what this file does.
  const place = await urban.post('/api/household/places', { regionCode: '371581001', kind: 'community', name: `绿色账户测试小区${crypto.randomInt(1e6)}`,
    status: { asOf: today, households: 4, sortedDeposit: true, sortedCollection: true, sortedTransport: true, sortedTreatment: true } });
  expect(place.statusCode, place.body).toBe(201);
  placeId = place.json().id;
  const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  binToken = (await station.post('/api/tokens', { name: '测试智能回收箱', scopes: ['green:write'], expiresAt })).json().secret;
  wrongToken = (await station.post('/api/tokens', { name: '测试地磅', scopes: ['weighbridge:write'], expiresAt })).json().secret;
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('households and cards', () => {
  it('registers a household with its card and an unguessable QR token; the card prints as a QR code', async () => {
    const h = await newHousehold();
    expect(h.qrToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(h.balance).toBe(0);
    const printed = await urban.get(`/api/green/households/${h.id}/card`);
    expect(printed.statusCode).toBe(200);
    expect(printed.json().qrSvg).toContain('<svg');
    const found = (await station.get(`/api/green/households?cardNo=${h.cardNo}`)).json();
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([h.id]);
  });

  it('refuses a card number in use in the county (409 on cardNo), a place of another area, and ecology', async () => {
    const h = await newHousehold();
    const again = await urban.post('/api/green/households', { placeId, address: '另一户', cardNo: h.cardNo });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CARD_EXISTS', path: 'cardNo' });
    expect(again.json().message.zh).toMatch(/卡号/);
    const [{ id: tianqiao }] = (await db().execute<{ id: string }>(sql`SELECT id FROM household_places WHERE region_code LIKE '370105%' LIMIT 1`)).rows;
    expect((await urban.post('/api/green/households', { placeId: tianqiao, address: '天桥一户', cardNo: card() })).json()).toMatchObject({ code: 'UNKNOWN_PLACE', path: 'placeId' });
    expect((await eco.post('/api/green/households', { placeId, address: '生态局', cardNo: card() })).statusCode).toBe(403);
    expect((await eco.get('/api/green/households')).statusCode).toBe(403);
    expect((await resident.get('/api/green/households')).statusCode).toBe(403);
  });
});

describe('deliveries and grades', () => {
  it('records a graded delivery by card and earns points by the rules: (1 + 1 × 1.5 kg) × 100 % = 2', async () => {
    const h = await newHousehold();
    const res = await deliver(h.cardNo, { weightKg: 1.5, grade: 'A' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ earned: 2, grade: 'A', delivery: { wasteClass: 'kitchen', weightKg: 1.5, points: 2, facilityName: '运河花园垃圾分类收集房' } });
    // By QR code too; 良 earns 80 %: (2 + 1 × 5) × 0.8 = 5.6, rounded down.
    const byQr = await station.post('/api/green/deliveries', { facilityId: pointId, qrToken: h.qrToken, wasteClass: 'recyclable', weightKg: 5, grade: 'B' });
    expect(byQr.json().earned).toBe(5);
    expect((await station.get(`/api/green/households?cardNo=${h.cardNo}`)).json().items[0].balance).toBe(7);
  });

  it('grades once: a second grade is 409 and writes nothing; 差 earns nothing', async () => {
    const h = await newHousehold();
    const d = (await deliver(h.cardNo, { weightKg: 2 })).json().delivery;
    expect(d.grade).toBeNull();
    const first = await station.post(`/api/green/deliveries/${d.id}/grade`, { grade: 'D' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().earned).toBe(0);
    const [grades, points, audit] = [await count('green_grades'), await count('green_points'), await count('audit_log')];
    const second = await station.post(`/api/green/deliveries/${d.id}/grade`, { grade: 'A' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'ALREADY_GRADED', path: 'grade' });
    expect([await count('green_grades'), await count('green_points'), await count('audit_log')]).toEqual([grades, points, audit]);
    // Another company cannot grade it: it does not exist for them.
    expect((await hw.post(`/api/green/deliveries/${d.id}/grade`, { grade: 'A' })).statusCode).toBe(404);
  });

  it('refuses an unknown card (400 on cardNo), a class the point does not take, and a point of another company, writing nothing', async () => {
    const before = await count('green_deliveries');
    const unknown = await deliver('NOSUCH99');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_CARD', path: 'cardNo' });
    expect(unknown.json().message.en).toMatch(/Unknown card/);
    const h = await newHousehold();
    expect((await deliver(h.cardNo, { wasteClass: 'bulky' })).json()).toMatchObject({ code: 'CLASS_NOT_TAKEN', path: 'wasteClass' });
    const [{ id: hwOrg }] = (await db().execute<{ id: string }>(sql`SELECT organisation_id AS id FROM users WHERE username = 'hw.demo'`)).rows;
    const other = await urban.post('/api/household/facilities', { regionCode: '371581001', kind: 'collection_point', name: `环卫收集点${crypto.randomInt(1e6)}`, classes: ['kitchen'], opensAt: '07:00', closesAt: '19:00', operatorId: hwOrg });
    expect(other.statusCode, other.body).toBe(201);
    const theirs = await deliver(h.cardNo, { facilityId: other.json().id });
    expect(theirs.statusCode).toBe(400);
    expect(theirs.json()).toMatchObject({ code: 'FACILITY_NOT_YOURS', path: 'facilityId' });
    // Urban management keeps the register; it does not record deliveries at a station.
    expect((await urban.post('/api/green/deliveries', { facilityId: pointId, cardNo: h.cardNo, wasteClass: 'kitchen' })).json().code).toBe('FACILITY_NOT_YOURS');
    expect(await count('green_deliveries')).toBe(before);
  });

  it('takes a smart bin’s batch with a green:write token, skips a resent record, and refuses a token without the scope', async () => {
    const h = await newHousehold();
    const ref = `BIN-${crypto.randomInt(1e9)}`;
    const body = { deliveries: [{ facilityId: pointId, cardNo: h.cardNo, wasteClass: 'recyclable', weightKg: 3.2, deliveredAt: new Date(Date.now() - 600_000).toISOString(), grade: 'A', binRef: ref }] };
    const first = await bin(body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ accepted: 1, duplicates: 0, earned: 5 });
    expect(first.json().items[0].delivery.recordedBy).toMatch(/^token:/);
    const again = await bin(body);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1, earned: 0 });
    const before = await count('green_deliveries');
    const refused = await bin({ deliveries: [{ ...body.deliveries[0], binRef: `${ref}-2` }] }, wrongToken);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message.en).toMatch(/green:write/);
    // A bad record anywhere in the batch refuses the whole batch, naming its index and field.
    const bad = await bin({ deliveries: [{ ...body.deliveries[0], binRef: `${ref}-3` }, { ...body.deliveries[0], binRef: `${ref}-4`, cardNo: 'NOSUCH77' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().path).toBe('deliveries.1.cardNo');
    expect(await count('green_deliveries')).toBe(before);
    // A session cannot post as a bin; another company's green:write token cannot post for 绿邻's point.
    expect((await station.post('/api/smart-bins/deliveries', body)).statusCode).toBe(403);
    const theirs = (await hw.post('/api/tokens', { name: '环卫回收箱', scopes: ['green:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json().secret;
    const foreign = await bin({ deliveries: [{ ...body.deliveries[0], binRef: `${ref}-5` }] }, theirs);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ code: 'FACILITY_NOT_YOURS', path: 'deliveries.0.facilityId' });
    expect(await count('green_deliveries')).toBe(before);
  });
});

describe('points: FIFO redemption, expiry, the append-only ledger', () => {
  it('draws a redemption from the earliest-expiring points first, across entries of different expiries', async () => {
    const h = await newHousehold();
    // Three awards of 12 points (recyclables, 10 kg, 优), earned under expiries of 24, 6 and 12 months.
    const awards: Record<string, string> = {};
    for (const months of [24, 6, 12]) {
      await setting('green.expiry_months', months);
      const res = await deliver(h.cardNo, { wasteClass: 'recyclable', weightKg: 10, grade: 'A' });
      expect(res.json().earned).toBe(12);
      awards[months] = (await db().execute<{ id: string }>(sql`SELECT id FROM green_points WHERE delivery_id = ${res.json().delivery.id}`)).rows[0].id;
    }
    await setting('green.expiry_months', 12);
    const redeemed = await station.post('/api/green/redemptions', { facilityId: pointId, cardNo: h.cardNo, goods: '洗衣液（1瓶）', quantity: 1, points: 20 });
    expect(redeemed.statusCode, redeemed.body).toBe(201);
    expect(redeemed.json()).toMatchObject({ balance: 16, draws: [{ earnId: awards[6], points: 12 }, { earnId: awards[12], points: 8 }] });
    const next = await station.post('/api/green/redemptions', { facilityId: pointId, qrToken: h.qrToken, goods: '垃圾袋（1卷）', quantity: 1, points: 10 });
    expect(next.json().draws).toEqual([{ earnId: awards[12], points: 4 }, { earnId: awards[24], points: 6 }]);
  });

  it('refuses a redemption over the balance on points, with nothing written', async () => {
    const h = await newHousehold();
    await deliver(h.cardNo, { wasteClass: 'recyclable', weightKg: 1, grade: 'A' });
    const [points, draws, audit] = [await count('green_points'), await count('green_point_draws'), await count('audit_log')];
    const res = await station.post('/api/green/redemptions', { facilityId: pointId, cardNo: h.cardNo, goods: '食用油', quantity: 1, points: 4 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'OVER_BALANCE', path: 'points' });
    expect(res.json().message.zh).toContain('可用 3 分');
    expect([await count('green_points'), await count('green_point_draws'), await count('audit_log')]).toEqual([points, draws, audit]);
  });

  it('turns lapsed points into an expire entry once, which the resident sees, and which no redemption can draw', async () => {
    // A resident who registers, and his household, which earned 12 points 13 months ago (the service run with that day's clock) and 2 today.
    const username = `resident${crypto.randomInt(1e8)}`;
    expect((await new Client(t.app).post('/api/register/resident', { username, password: 'a-long-password-1', displayName: '测试居民', regionCode: '371581001' })).statusCode).toBe(201);
    const h = await newHousehold({ residentUsername: username });
    const [{ id: stationUser }] = (await db().execute<{ id: string }>(sql`SELECT id FROM users WHERE username = 'station.demo'`)).rows;
    const ctx = { actor: await loadActorByUserId(db(), stationUser), actorLabel: 'test' };
    const then = new Date(Date.now() - 395 * 86_400_000);
    const [old] = await recordDeliveries(db(), ctx, [{ facilityId: pointId, cardNo: h.cardNo, wasteClass: 'recyclable', weightKg: 10, grade: 'A', deliveredAt: then }], then);
    expect(old.earned).toBe(12);
    await deliver(h.cardNo, { weightKg: 1, grade: 'A' });
    // Before any sweep, the balance already leaves the lapsed points out.
    expect((await urban.get(`/api/green/households?cardNo=${h.cardNo}`)).json().items[0].balance).toBe(2);
    const over = await station.post('/api/green/redemptions', { facilityId: pointId, cardNo: h.cardNo, goods: '肥皂', quantity: 1, points: 3 });
    expect(over.json().code).toBe('OVER_BALANCE');
    // The redemption attempt rolled back, sweep included; the resident's page sweeps and shows the expiry.
    const me = await Client.login(t.app, username, 'a-long-password-1');
    const account = (await me.get('/api/green/me')).json();
    expect(account).toMatchObject({ balance: 2, earned: 14, redeemed: 0, expired: 12 });
    const history = (await me.get('/api/green/me/history')).json();
    expect(history.items.map((i: { kind: string; points: number }) => `${i.kind} ${i.points}`).sort()).toEqual(['earn 12', 'earn 2', 'expire -12']);
    // Idempotent: a second sweep writes nothing.
    expect(await db().transaction((tx) => sweepExpired(tx, new Date(), [h.id]))).toBe(0);
    expect(await count(`green_points WHERE household_id = '${h.id}' AND kind = 'expire'`)).toBe(1);
  });

  it('refuses to change or delete a ledger entry (append-only)', async () => {
    const refusal = async (statement: ReturnType<typeof sql>) => {
      const error = await db().execute(statement).then(() => null, (e: Error & { cause?: Error }) => e);
      return error?.cause?.message ?? error?.message ?? 'no error';
    };
    expect(await refusal(sql`UPDATE green_points SET points = points + 1 WHERE id = (SELECT id FROM green_points LIMIT 1)`)).toMatch(/append-only/);
    expect(await refusal(sql`DELETE FROM green_point_draws WHERE entry_id = (SELECT entry_id FROM green_point_draws LIMIT 1)`)).toMatch(/append-only/);
    expect(await refusal(sql`UPDATE green_grades SET grade = 'A' WHERE grade = 'D'`)).toMatch(/append-only/);
  });
});

describe('community rates', () => {
  it('participation counts households with a delivery; accuracy counts 优 and 良 among graded deliveries', async () => {
    const hs = [await newHousehold(), await newHousehold(), await newHousehold(), await newHousehold()];
    const grades = ['A', 'B', 'C', 'D'];
    for (const [i, h] of hs.slice(0, 3).entries()) await deliver(h.cardNo, { grade: grades[i] });
    await deliver(hs[0].cardNo, { grade: 'D' });
    await deliver(hs[1].cardNo);
    const rates = (await urban.get('/api/green/rates?regionCode=371581001&pageSize=100')).json();
    const mine = rates.items.find((r: { placeId: string }) => r.placeId === placeId);
    // This file's other tests add households here too: count from the database what the rate should be.
    const [truth] = (await db().execute<{ households: number; participating: number; graded: number; accurate: number }>(sql`
      SELECT (SELECT count(*)::int FROM green_households WHERE place_id = ${placeId}) AS households,
        (SELECT count(DISTINCT household_id)::int FROM green_deliveries WHERE place_id = ${placeId} AND delivered_at > now() - interval '30 days') AS participating,
        (SELECT count(*)::int FROM green_grades WHERE place_id = ${placeId} AND delivered_at > now() - interval '30 days') AS graded,
        (SELECT count(*)::int FROM green_grades WHERE place_id = ${placeId} AND grade IN ('A', 'B') AND delivered_at > now() - interval '30 days') AS accurate`)).rows;
    expect(mine).toMatchObject(truth);
    expect(mine.participationPct).toBe(Math.round((truth.participating / truth.households) * 1000) / 10);
    expect(truth.households - truth.participating).toBeGreaterThanOrEqual(2);
    // The demo's communities have realistic rates: between a half and nine in ten.
    const demo = rates.items.filter((r: { name: string }) => ['运河花园', '大众小区', '青年里小区', '鳌头矶小区'].includes(r.name));
    expect(demo).toHaveLength(4);
    for (const r of demo) {
      expect(r.participationPct).toBeGreaterThan(40);
      expect(r.participationPct).toBeLessThan(95);
      expect(r.accuracyPct).toBeGreaterThan(50);
    }
    // The indicators read the same numbers.
    const computed = await communityRates(db(), '371581001', { from: rates.from, to: rates.to });
    expect(computed.places.find((p) => p.placeId === placeId)).toMatchObject({ participationPct: mine.participationPct, accuracyPct: mine.accuracyPct });
    expect(computed.summary.participationPct).toBe(rates.summary.participationPct);
    // Ecology does not read them.
    expect((await eco.get('/api/green/rates')).statusCode).toBe(403);
  });
});

describe('the resident’s pages (resident.demo)', () => {
  it('shows his own household, points with earned, redeemed and expired entries, the collection points near him, and his community', async () => {
    const account = (await resident.get('/api/green/me')).json();
    expect(account.household).toMatchObject({ placeName: '运河花园', cardNo: 'LQ10401' });
    expect(account.balance).toBeGreaterThan(0);
    expect(account.expired).toBeGreaterThan(0);
    expect(account.balance).toBe(account.earned - account.redeemed - account.expired);
    const kinds = new Set<string>();
    for (const kind of ['earn', 'redeem', 'expire']) if ((await resident.get(`/api/green/me/history?kind=${kind}`)).json().total > 0) kinds.add(kind);
    expect([...kinds]).toEqual(['earn', 'redeem', 'expire']);
    const near = (await resident.get('/api/green/me/collection-points')).json();
    expect(near.items[0]).toMatchObject({ name: '运河花园垃圾分类收集房', opensAt: '06:30', closesAt: '20:30' });
    expect(near.items[0].distanceM).toBeLessThan(near.items[near.items.length - 1].distanceM ?? Infinity);
    const community = (await resident.get('/api/green/me/community')).json();
    expect(community.mine.name).toBe('运河花园');
    expect(community.ranking.filter((r: { mine: boolean }) => r.mine)).toHaveLength(1);
    expect(community.places).toBeGreaterThanOrEqual(4);
    // Nobody else's: a collector has no account of his own; the resident cannot list households.
    expect((await station.get('/api/green/me')).statusCode).toBe(403);
    expect((await resident.get(`/api/green/households?cardNo=LQ10001`)).statusCode).toBe(403);
  });
});
