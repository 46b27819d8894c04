import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { deliverDue, DISABLE_AFTER } from '../../src/server/webhooks/service';
import { isPrivateAddress } from '../../src/server/webhooks/url-guard';

let t: TestApp;
let producer: Client, driver: Client;
let receiverServer: http.Server;
let base = '';
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let failing = false;

beforeAll(async () => {
  t = await startTestApp();
  [producer, driver] = await Promise.all(['producer.demo', 'driver.demo'].map((u) => Client.login(t.app, u)));
  // A subscriber's endpoint, on this machine: explicitly allowed, as an operator would for a trusted host.
  receiverServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(failing ? 500 : 204).end(); });
  });
  await new Promise<void>((r) => receiverServer.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(receiverServer.address() as AddressInfo).port}`;
  process.env.WUFEI_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${(receiverServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  delete process.env.WUFEI_WEBHOOK_ALLOW_HOSTS;
  receiverServer.close();
  await t.close();
});

describe('webhook subscriptions refuse dangerous addresses', () => {
  it.each([
    ['http://127.0.0.1:9/hook', 'WEBHOOK_URL_PRIVATE'],
    ['http://10.1.2.3/hook', 'WEBHOOK_URL_PRIVATE'],
    ['http://169.254.169.254/latest/meta-data', 'WEBHOOK_URL_PRIVATE'],
    ['http://[::1]/hook', 'WEBHOOK_URL_PRIVATE'],
    ['http://localhost/hook', 'WEBHOOK_URL_SELF'],
    ['http://localhost:80/api/health', 'WEBHOOK_URL_SELF'],
    ['ftp://example.com/hook', 'WEBHOOK_URL_SCHEME'],
    ['http://user:pw@example.com/hook', 'WEBHOOK_URL_CREDENTIALS'],
    ['not a url', 'WEBHOOK_URL_SCHEME'],
  ])('refuses %s', async (url, code) => {
    const res = await producer.post('/api/webhooks', { url, events: ['manifest.signed'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
  });

  it('knows private ranges', () => {
    for (const a of ['192.168.1.1', '172.20.0.1', '100.64.0.1', '::ffff:127.0.0.1', 'fd00::1']) expect(isPrivateAddress(a)).toBe(true);
    for (const a of ['8.8.8.8', '172.32.0.1', '2001:db8::1']) expect(isPrivateAddress(a)).toBe(false);
  });
});

describe('webhook deliveries', () => {
  let subscriptionId = '';
  let secret = '';

  it('signs each delivery with HMAC-SHA256 and logs it', async () => {
    const sub = await producer.post('/api/webhooks', { url: `${base}/wufei`, events: ['manifest.created', 'manifest.signed'] });
    expect(sub.statusCode, sub.body).toBe(201);
    subscriptionId = sub.json().id;
    secret = sub.json().secret;
    const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 1, quantityT: 0.2 })).json();
    const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
    const rec = (await producer.get('/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).json().items[0];
    const m = (await producer.post('/api/manifests', { batchIds: [batch.id], receiverId: rec.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles[0].id, driverId: anyun.drivers[0].id, plannedDate: '2026-11-25', dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' })).json();
    await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
    expect(await deliverDue(t.database.db)).toEqual({ delivered: 2, failed: 0 });
    const [first] = received;
    const [tPart, vPart] = String(first.headers['x-wufei-signature']).split(',');
    const expected = crypto.createHmac('sha256', secret).update(`${tPart.slice(2)}.${first.body}`).digest('hex');
    expect(vPart.slice(3)).toBe(expected);
    expect(JSON.parse(first.body)).toMatchObject({ event: 'manifest.created', data: { number: m.number } });
    const log = (await producer.get(`/api/webhooks/${subscriptionId}/deliveries`)).json();
    expect(log.items.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered']);
  });

  it('retries a failing endpoint with back-off and disables it after repeated failures, with a notice', async () => {
    failing = true;
    await t.database.db.execute(sql`INSERT INTO webhook_deliveries (subscription_id, event, payload) SELECT ${subscriptionId}::uuid, 'manifest.signed', '{}'::jsonb FROM generate_series(1, ${DISABLE_AFTER})`);
    const result = await deliverDue(t.database.db);
    expect(result.failed).toBe(DISABLE_AFTER);
    const pending = (await t.database.db.execute(sql`SELECT status, attempts, next_attempt_at > now() + interval '50 seconds' AS later FROM webhook_deliveries WHERE subscription_id = ${subscriptionId} AND status <> 'delivered' LIMIT 1`)).rows[0];
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, later: true });
    const subs = (await producer.get('/api/webhooks')).json().items;
    expect(subs[0]).toMatchObject({ active: false });
    expect(subs[0].disabledReason).toContain('连续');
    const inbox = (await producer.get('/api/notifications')).json();
    expect(inbox.items.map((n: { kind: string }) => n.kind)).toContain('webhook_disabled');
    failing = false;
  });
});
