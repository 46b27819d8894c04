import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { deliverDue, DISABLE_AFTER } from '../../src/server/webhooks/service';
import { isPrivateAddress } from '../../src/server/webhooks/url-guard';
import { runRule } from '../../src/server/alarms/engine';
import { ruleByKey } from '../../src/server/alarms/rules';

let t: TestApp;
let producer: Client, driver: Client, transporter: Client, receiver: Client;
let receiverServer: http.Server;
let base = '';
const received: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
let failing = false;
const db = () => t.database.db;
const eventsAt = (path: string) => received.filter((r) => r.path === path).map((r) => JSON.parse(r.body) as { event: string; data: Record<string, unknown> });

beforeAll(async () => {
  t = await startTestApp();
  [producer, driver, transporter, receiver] = await Promise.all(['producer.demo', 'driver.demo', 'transporter.demo', 'receiver.demo'].map((u) => Client.login(t.app, u)));
  // A subscriber's endpoint, on this machine: explicitly allowed, as an operator would for a trusted host.
  receiverServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { received.push({ path: req.url ?? '', headers: req.headers, body }); res.writeHead(failing ? 500 : 204).end(); });
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

async function manifest() {
  const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 1, quantityT: 0.2 })).json();
  const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
  const rec = (await producer.get('/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).json().items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
  const m = (await producer.post('/api/manifests', { batchIds: [batch.id], receiverId: rec.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721').id,
    driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id, plannedDate: '2026-11-25', dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' })).json();
  return m as { id: string; number: string };
}

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
    for (const a of ['192.168.1.1', '172.20.0.1', '100.64.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1', 'fd00::1', '::7f00:1', '0.0.0.0']) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '172.32.0.1', '2001:db8::1', '2400:3200::1']) expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('webhook deliveries', () => {
  let subscriptionId = '';
  let secret = '';

  it('signs each delivery with HMAC-SHA256 and logs it', async () => {
    const sub = await producer.post('/api/webhooks', { url: `${base}/producer`, events: ['manifest.created', 'manifest.signed'] });
    expect(sub.statusCode, sub.body).toBe(201);
    subscriptionId = sub.json().id;
    secret = sub.json().secret;
    const m = await manifest();
    await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
    expect(await deliverDue(db())).toEqual({ delivered: 2, failed: 0 });
    // Deliveries are sent several at a time, so they may arrive in any order.
    const first = received.find((r) => r.headers['x-wufei-event'] === 'manifest.created')!;
    const [tPart, vPart] = String(first.headers['x-wufei-signature']).split(',');
    const expected = crypto.createHmac('sha256', secret).update(`${tPart.slice(2)}.${first.body}`).digest('hex');
    expect(vPart.slice(3)).toBe(expected);
    expect(first.headers['x-wufei-event']).toBe('manifest.created');
    expect(JSON.parse(first.body)).toMatchObject({ event: 'manifest.created', data: { number: m.number } });
    const log = (await producer.get(`/api/webhooks/${subscriptionId}/deliveries`)).json();
    expect(log.items.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered']);
    expect(log.items[0]).toMatchObject({ attempts: 1, lastStatusCode: 204, lastError: null });
  });

  it('retries a failing endpoint with back-off and disables it after repeated failures, with a notice', async () => {
    failing = true;
    await db().execute(sql`INSERT INTO webhook_deliveries (subscription_id, event, payload) SELECT ${subscriptionId}::uuid, 'manifest.signed', '{}'::jsonb FROM generate_series(1, ${DISABLE_AFTER})`);
    const result = await deliverDue(db());
    expect(result.failed).toBe(DISABLE_AFTER);
    const pending = (await db().execute(sql`SELECT status, attempts, last_status_code, last_error, next_attempt_at > now() + interval '50 seconds' AS later FROM webhook_deliveries WHERE subscription_id = ${subscriptionId} AND status <> 'delivered' LIMIT 1`)).rows[0];
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500, last_error: 'HTTP 500', later: true });
    const [sub] = (await producer.get('/api/webhooks')).json().items;
    expect(sub).toMatchObject({ active: false, consecutiveFailures: DISABLE_AFTER });
    expect(sub.disabledNotice.zh).toBe(`连续 ${DISABLE_AFTER} 次推送失败，已自动停用（最近一次：HTTP 500）。请检查接收地址后重新启用。`);
    expect(sub.disabledNotice.en).toContain(`Switched off after ${DISABLE_AFTER} failed deliveries in a row (last: HTTP 500)`);
    const inbox = (await producer.get('/api/notifications')).json();
    expect(inbox.items.filter((n: { kind: string }) => n.kind === 'webhook_disabled')).toHaveLength(1);
    failing = false;
  });

  it('gives up what was queued for an endpoint while it is switched off, and sends again once it is back on', async () => {
    // The retries queued above come due: the endpoint is off, so they are given up without a request.
    await db().execute(sql`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE subscription_id = ${subscriptionId} AND status = 'pending'`);
    const before = received.length;
    expect(await deliverDue(db())).toEqual({ delivered: 0, failed: DISABLE_AFTER });
    expect(received.length).toBe(before);
    expect((await producer.post(`/api/webhooks/${subscriptionId}/enable`)).json()).toMatchObject({ active: true, consecutiveFailures: 0, disabledNotice: null });
    expect((await producer.post(`/api/webhooks/${subscriptionId}/ping`)).statusCode).toBe(201);
    expect(await deliverDue(db())).toEqual({ delivered: 1, failed: 0 });
    expect(eventsAt('/producer').at(-1)).toMatchObject({ event: 'ping', data: { subscriptionId } });
  });
});

describe('the events the issue names reach the parties’ endpoints', () => {
  it('sends each signing step as manifest.signed and the refusal as manifest.refused', async () => {
    const sub = (await transporter.post('/api/webhooks', { url: `${base}/transporter`, events: ['manifest.signed', 'manifest.refused'] })).json();
    const m = await manifest();
    await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
    await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.2, origin: '松林镇', destination: '唐园镇' } });
    const refused = await receiver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'refused', receivedWeightT: 0, refusalReason: '包装破损渗漏' } });
    expect(refused.json().status, refused.body).toBe('refused');
    await deliverDue(db());
    const steps = ['sign_emission', 'sign_transport', 'sign_reception'];
    expect(eventsAt('/transporter').filter((e) => e.data.number === m.number).map((e) => [e.event, e.data.action]).sort((a, b) => steps.indexOf(String(a[1])) - steps.indexOf(String(b[1])))).toEqual([
      ['manifest.signed', 'sign_emission'], ['manifest.signed', 'sign_transport'], ['manifest.refused', 'sign_reception'],
    ]);
    // manifest.created was not chosen: none was sent.
    expect(eventsAt('/transporter').some((e) => e.event === 'manifest.created')).toBe(false);
    expect((await transporter.get(`/api/webhooks/${sub.id}/deliveries`)).json().total).toBe(3);
  });

  it('sends an alarm to the organisation it belongs to, and to no one else', async () => {
    const own = (await transporter.post('/api/webhooks', { url: `${base}/transporter-alarms`, events: ['alarm.raised'] })).json();
    const other = (await producer.post('/api/webhooks', { url: `${base}/producer-alarms`, events: ['alarm.raised'] })).json();
    // A load picked up three hours ago with no position since: no_track, the first transporter's alarm.
    const m = await manifest();
    await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
    await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.2, origin: '松林镇', destination: '唐园镇' } });
    await db().execute(sql`UPDATE manifest_signatures SET at = now() - interval '3 hours' WHERE manifest_id = ${m.id} AND step = 'transport'`);
    const [alarm] = await runRule(db(), ruleByKey('no_track')!, new Date(), m.id);
    expect(alarm).toBeDefined();
    await deliverDue(db());
    expect(eventsAt('/transporter-alarms')).toEqual([expect.objectContaining({ event: 'alarm.raised', data: expect.objectContaining({ id: alarm.id, rule: 'no_track', title: expect.stringContaining(m.number) }) })]);
    expect(eventsAt('/producer-alarms')).toEqual([]);
    expect((await producer.get(`/api/webhooks/${other.id}/deliveries`)).json().total).toBe(0);
    expect((await transporter.get(`/api/webhooks/${own.id}/deliveries`)).json().total).toBe(1);
  });
});

describe('the console’s endpoints', () => {
  it('are for the organisation’s enterprise administrator, from a logged-in session', async () => {
    const body = { url: 'https://93.184.216.34/wufei', events: ['manifest.signed'] };
    for (const username of ['driver.demo', 'eco.linqing', 'office.linqing']) {
      const other = await Client.login(t.app, username);
      expect((await other.get('/api/webhooks')).statusCode, username).toBe(403);
      expect((await other.post('/api/webhooks', body)).statusCode, username).toBe(403);
    }
    const token = (await transporter.post('/api/tokens', { name: 'ERP', scopes: ['manifests:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json().secret;
    const byToken = await t.app.inject({ method: 'POST', url: '/api/webhooks', headers: { authorization: `Bearer ${token}` }, payload: body });
    expect(byToken.statusCode).toBe(403);
    expect(byToken.json().message.zh).toContain('登录');
  });

  it('keep each organisation to its own subscriptions', async () => {
    const sub = (await transporter.post('/api/webhooks', { url: `${base}/own`, events: ['manifest.signed'] })).json();
    expect((await receiver.get('/api/webhooks')).json().items.some((s: { id: string }) => s.id === sub.id)).toBe(false);
    for (const [method, path] of [['GET', 'deliveries'], ['POST', 'enable'], ['POST', 'disable'], ['POST', 'ping']] as const) {
      const res = await receiver.request(method, `/api/webhooks/${sub.id}/${path}`, method === 'POST' ? {} : undefined);
      expect(res.statusCode, path).toBe(404);
    }
    expect((await receiver.request('DELETE', `/api/webhooks/${sub.id}`)).statusCode).toBe(404);
    expect((await transporter.get(`/api/webhooks/${sub.id}/deliveries`)).statusCode).toBe(200);
  });

  it('delete a subscription with its delivery log, and audit every change', async () => {
    const sub = (await transporter.post('/api/webhooks', { url: `${base}/to-delete`, events: ['manifest.signed'] })).json();
    await transporter.post(`/api/webhooks/${sub.id}/ping`);
    await transporter.post(`/api/webhooks/${sub.id}/disable`);
    await transporter.post(`/api/webhooks/${sub.id}/enable`);
    const deleted = await transporter.request('DELETE', `/api/webhooks/${sub.id}`);
    expect(deleted.json()).toEqual({ id: sub.id, deletedDeliveries: 1 });
    expect((await transporter.get(`/api/webhooks/${sub.id}/deliveries`)).statusCode).toBe(404);
    expect(Number((await db().execute(sql`SELECT count(*) AS n FROM webhook_deliveries WHERE subscription_id = ${sub.id}`)).rows[0].n)).toBe(0);
    const audit = await db().execute<{ action: string }>(sql`SELECT action FROM audit_log WHERE entity_type = 'webhook' AND entity_id = ${sub.id} ORDER BY id`);
    expect(audit.rows.map((r) => r.action)).toEqual(['webhook.subscribe', 'webhook.ping', 'webhook.disable', 'webhook.enable', 'webhook.delete']);
  });

  it('page the subscriptions on the server', async () => {
    const all = (await transporter.get('/api/webhooks?pageSize=100')).json();
    const second = (await transporter.get('/api/webhooks?page=2&pageSize=1')).json();
    expect(second).toMatchObject({ total: all.total, page: 2, pageSize: 1 });
    expect(second.items).toEqual([all.items[1]]);
  });
});
