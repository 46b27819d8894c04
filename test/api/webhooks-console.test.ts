import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';

// The webhook console's endpoints, and the bad input the issue lists for webhooks and GPS ingest.
let t: TestApp;
let transporter: Client, producer: Client;
const db = () => t.database.db;
const count = async (table: string) => (await db().execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n;

beforeAll(async () => {
  t = await startTestApp();
  [transporter, producer] = await Promise.all(['transporter.demo', 'producer.demo'].map((u) => Client.login(t.app, u)));
});
afterAll(async () => { await t.close(); });

describe('webhook subscriptions', () => {
  it('refuses the platform itself, private and local addresses, other schemes and credentials, writing nothing', async () => {
    const before = await count('webhook_subscriptions');
    for (const [url, code] of [
      // The platform's own host: refused as itself or as a loopback address, whichever the guard sees first.
      ['http://localhost/hook', 'WEBHOOK_URL_(SELF|PRIVATE)'], ['http://127.0.0.1:3000/api/health', 'WEBHOOK_URL_(SELF|PRIVATE)'], ['http://[::1]/x', 'WEBHOOK_URL_(SELF|PRIVATE)'],
      ['https://10.1.2.3/x', 'WEBHOOK_URL_PRIVATE'], ['https://192.168.1.10/x', 'WEBHOOK_URL_PRIVATE'], ['https://172.16.0.5/x', 'WEBHOOK_URL_PRIVATE'], ['http://169.254.169.254/latest', 'WEBHOOK_URL_PRIVATE'],
      ['https://[fd00::1]/x', 'WEBHOOK_URL_PRIVATE'], ['ftp://93.184.216.34/x', 'WEBHOOK_URL_SCHEME'], ['https://user:pw@93.184.216.34/x', 'WEBHOOK_URL_CREDENTIALS'],
    ] as const) {
      const res = await transporter.post('/api/webhooks', { url, events: ['manifest.signed'] });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code, url).toMatch(new RegExp(`^${code}$`));
      expect(res.json().message.zh.length).toBeGreaterThan(4);
    }
    expect(await count('webhook_subscriptions')).toBe(before);
  });

  it('subscribes, pings, switches off and on again, for the organisation’s own endpoints only', async () => {
    const created = await transporter.post('/api/webhooks', { url: 'https://93.184.216.34/wufei', events: ['manifest.signed', 'alarm.raised'] });
    expect(created.statusCode).toBe(201);
    const sub = created.json();
    expect(sub.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await transporter.get('/api/webhooks')).json().items[0]).not.toHaveProperty('secret');
    expect((await transporter.post(`/api/webhooks/${sub.id}/ping`)).statusCode).toBe(201);
    expect((await transporter.get(`/api/webhooks/${sub.id}/deliveries`)).json().items[0]).toMatchObject({ event: 'ping', status: 'pending' });
    // Another company cannot touch it.
    const office = await Client.login(t.app, 'office.linqing');
    expect((await office.post(`/api/webhooks/${sub.id}/disable`)).statusCode).toBe(404);
    expect((await producer.post(`/api/webhooks/${sub.id}/disable`)).statusCode).toBe(404);
    expect((await transporter.post(`/api/webhooks/${sub.id}/disable`)).json()).toMatchObject({ active: false, disabledReason: '由本单位停用' });
    const refused = await transporter.post(`/api/webhooks/${sub.id}/ping`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('WEBHOOK_DISABLED');
    await db().execute(sql`UPDATE webhook_subscriptions SET consecutive_failures = 8 WHERE id = ${sub.id}::uuid`);
    expect((await transporter.post(`/api/webhooks/${sub.id}/enable`)).json()).toMatchObject({ active: true, disabledReason: null });
    expect((await transporter.get('/api/webhooks')).json().items[0].consecutiveFailures).toBe(0);
  });
});

describe('bad GPS input', () => {
  let token = '';
  const gps = (points: unknown[], bearer = token) => t.app.inject({ method: 'POST', url: '/api/telemetry/positions', headers: { authorization: `Bearer ${bearer}` }, payload: { points } });

  it('answers a batch of 100,000 points with a clear 413 asking to split it, and writes nothing', async () => {
    token = (await transporter.post('/api/tokens', { name: 'GPS', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json().secret;
    const before = await count('vehicle_positions');
    const now = Date.now();
    const res = await gps(Array.from({ length: 100_000 }, (_, i) => ({ plate: '鲁P3A721', at: new Date(now - i * 1000).toISOString(), longitude: 115.7, latitude: 36.8 })));
    expect(res.statusCode).toBe(413);
    expect(res.json().message.zh).toMatch(/过大|分批/);
    expect(res.json().message.en.length).toBeGreaterThan(10);
    expect(await count('vehicle_positions')).toBe(before);
  });

  it('refuses an expired token, a token without the telemetry scope, and a session cookie', async () => {
    const expired = (await transporter.post('/api/tokens', { name: 'GPS old', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json();
    await db().execute(sql`UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = ${expired.id}::uuid`);
    const point = { plate: '鲁P3A721', at: new Date().toISOString(), longitude: 115.7, latitude: 36.8 };
    expect((await gps([point], expired.secret)).statusCode).toBe(401);
    const readOnly = (await transporter.post('/api/tokens', { name: 'reader', scopes: ['manifests:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json().secret;
    expect((await gps([point], readOnly)).statusCode).toBe(403);
    const bySession = await transporter.post('/api/telemetry/positions', { points: [point] });
    expect(bySession.statusCode).toBe(403);
    expect(bySession.json().message.zh).toContain('telemetry:write');
  });
});
