import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, Client, type TestApp } from '../support/app';
import { MAX_POINTS } from '../../src/server/telemetry/routes';

// Bad input on the GPS endpoint (issue 5): each batch is refused whole with a 4xx and a message in both
// languages that tells the sender what to fix, and not one position of it is stored.
let t: TestApp;
let transporter: Client, collector: Client;
let token = '';
const db = () => t.database.db;
const PLATE = '鲁P3A721'; // 安运's truck (transporter.demo)
const positions = async () => Number((await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM vehicle_positions`)).rows[0].n);
const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();
const newToken = async (client: Client, scopes: string[], name = 'GPS') => (await client.post('/api/tokens', { name, scopes, expiresAt: inAYear() })).json() as { id: string; secret: string };
const gps = (points: unknown[], bearer = token) => t.app.inject({ method: 'POST', url: '/api/telemetry/positions', headers: { authorization: `Bearer ${bearer}` }, payload: { points } });

// Distinct seconds for each test, so that a good point in one test is never a resent point of another.
let clock = Date.now() - 60_000;
const point = (overrides: Record<string, unknown> = {}) => ({ plate: PLATE, at: new Date((clock -= 1000)).toISOString(), longitude: 115.71, latitude: 36.82, speedKmh: 42, ...overrides });

/** The answer is a refusal with this status and code, its message says `zh` and `en`, and nothing was stored. */
async function expectRefused(send: () => Promise<LightMyRequestResponse>, status: number, code: string, zh: RegExp, en: RegExp) {
  const before = await positions();
  const res = await send();
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.message.zh).toMatch(zh);
  expect(body.message.en).toMatch(en);
  expect(await positions()).toBe(before);
  return body as { code: string; message: { zh: string; en: string }; path: string | null; issues: { path: string }[] };
}

beforeAll(async () => {
  t = await startTestApp();
  [transporter, collector] = await Promise.all(['transporter.demo', 'collector.demo'].map((u) => Client.login(t.app, u)));
  token = (await newToken(transporter, ['telemetry:write'])).secret;
  // The endpoint works: the refusals below are about the input, not a broken set-up.
  expect((await gps([point()])).json()).toEqual({ accepted: 1, duplicates: 0 });
});
afterAll(async () => { await t.close(); });

describe('coordinates', () => {
  it('refuses a longitude outside China, naming the point', async () => {
    const body = await expectRefused(() => gps([point(), point({ longitude: 200 })]), 400, 'VALIDATION', /经度超出中国范围（73–136）/, /Longitude outside China/);
    expect(body.path).toBe('points.1.longitude');
  });

  it('refuses a latitude outside China', async () => {
    const body = await expectRefused(() => gps([point({ latitude: -91 })]), 400, 'VALIDATION', /纬度超出中国范围（3–54）/, /Latitude outside China/);
    expect(body.path).toBe('points.0.latitude');
  });

  it('refuses coordinates that are not numbers', async () => {
    await expectRefused(() => gps([point(), point({ longitude: '115.7' })]), 400, 'VALIDATION', /经度须为数字/, /Longitude must be a number/);
    await expectRefused(() => gps([point({ latitude: null })]), 400, 'VALIDATION', /纬度须为数字/, /Latitude must be a number/);
  });
});

describe('times', () => {
  it('refuses a position timestamped in the future', async () => {
    const body = await expectRefused(() => gps([point(), point({ at: new Date(Date.now() + 3_600_000).toISOString() })]), 400, 'BAD_POINTS', /整批未写入.*第2点 定位时间晚于当前时间/, /nothing written.*point 2: .*future/);
    expect(body.issues.map((i) => i.path)).toEqual(['points.1']);
  });

  it('refuses a position years old', async () => {
    await expectRefused(() => gps([point({ at: '2019-06-01T08:00:00+08:00' })]), 400, 'BAD_POINTS', /早于 30 天前/, /older than 30 days/);
  });

  it('refuses a time that is not a time', async () => {
    await expectRefused(() => gps([point({ at: 'yesterday' })]), 400, 'VALIDATION', /ISO 8601/, /ISO 8601/);
  });
});

describe('duplicates', () => {
  it('refuses a batch that holds the same point twice', async () => {
    const twice = point();
    await expectRefused(() => gps([twice, point(), twice]), 400, 'BAD_POINTS', /第3点 同一批次中重复的定位点/, /point 3: The same point appears twice/);
  });

  it('takes a resent batch as already stored: nothing doubled', async () => {
    const batch = [point(), point(), point()];
    const before = await positions();
    expect((await gps(batch)).json()).toEqual({ accepted: 3, duplicates: 0 });
    const resent = await gps(batch);
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toEqual({ accepted: 0, duplicates: 3 });
    expect(await positions()).toBe(before + 3);
  });
});

describe('batch size', () => {
  const huge = () => Array.from({ length: 100_000 }, () => point());

  it('answers 100,000 points with a 413 that says to split the batch', async () => {
    const body = await expectRefused(() => gps(huge()), 413, 'FST_ERR_CTP_BODY_TOO_LARGE', /请求体过大（本接口上限 3 MB）.*每批最多 10000 个定位点.*分批上传/, /too large.*at most 10000 points per batch: split/);
    expect(body.path).toBeNull();
  });

  it('gives the same 413 over a real connection rather than dropping it mid-upload', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const before = await positions();
    const res = await fetch(`http://127.0.0.1:${port}/api/telemetry/positions`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ points: huge() }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).message.zh).toContain('分批上传');
    expect(await positions()).toBe(before);
  });

  it(`refuses a batch over ${MAX_POINTS} points that fits the size limit, asking to split it`, async () => {
    const compact = Array.from({ length: MAX_POINTS + 1 }, () => ({ plate: PLATE, at: new Date((clock -= 1000)).toISOString(), longitude: 115.7, latitude: 36.8 }));
    await expectRefused(() => gps(compact), 400, 'VALIDATION', /每批最多 10000 个定位点，请分批上传/, /split the upload/);
  });
});

describe('tokens', () => {
  it('refuses another company’s token posting plates it does not own', async () => {
    const theirs = (await newToken(collector, ['telemetry:write'], '医废车载GPS')).secret;
    await expectRefused(() => gps([point()], theirs), 400, 'BAD_POINTS', new RegExp(`车牌 ${PLATE} 未在本单位登记`), new RegExp(`Plate ${PLATE} is not registered to your organisation`));
  });

  it('refuses an expired token', async () => {
    // The API gives no token an expiry in the past, so one is made to lapse in the database.
    const pastExpiry = await transporter.post('/api/tokens', { name: 'old', scopes: ['telemetry:write'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(pastExpiry.statusCode).toBe(400);
    const lapsed = await newToken(transporter, ['telemetry:write'], 'lapsed');
    await db().execute(sql`UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = ${lapsed.id}::uuid`);
    await expectRefused(() => gps([point()], lapsed.secret), 401, 'BAD_TOKEN', /接口令牌无效、已过期或已撤销/, /invalid, expired or revoked/);
  });

  it('refuses a revoked token', async () => {
    const revoked = await newToken(transporter, ['telemetry:write'], 'revoked');
    expect((await gps([point()], revoked.secret)).statusCode).toBe(200);
    expect((await transporter.post(`/api/tokens/${revoked.id}/revoke`)).statusCode).toBe(200);
    await expectRefused(() => gps([point()], revoked.secret), 401, 'BAD_TOKEN', /已撤销/, /revoked/);
  });

  it('refuses a token without the telemetry:write scope', async () => {
    const reader = (await newToken(transporter, ['manifests:read'], 'reader')).secret;
    await expectRefused(() => gps([point()], reader), 403, 'FORBIDDEN', /telemetry:write/, /telemetry:write/);
  });

  it('refuses a session cookie: GPS terminals use tokens', async () => {
    await expectRefused(() => transporter.post('/api/telemetry/positions', { points: [point()] }), 403, 'FORBIDDEN', /请使用具有 telemetry:write 权限的接口令牌/, /API token with the telemetry:write scope/);
  });
});
