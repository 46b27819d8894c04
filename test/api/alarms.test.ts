import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { openStream } from '../support/feeds';
import { scanAll, runRule } from '../../src/server/alarms/engine';
import { ruleByKey } from '../../src/server/alarms/rules';

let t: TestApp;
let producer: Client, driver: Client, receiver: Client, transporter: Client, eco: Client, ecoGuanxian: Client;
let token = '';
const db = () => t.database.db;

beforeAll(async () => {
  t = await startTestApp();
  [producer, driver, receiver, transporter, eco, ecoGuanxian] = await Promise.all(['producer.demo', 'driver.demo', 'receiver.demo', 'transporter.demo', 'eco.linqing', 'eco.guanxian'].map((u) => Client.login(t.app, u)));
  const created = await transporter.post('/api/tokens', { name: '车载GPS平台', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
  token = created.json().secret;
});
afterAll(async () => { await t.close(); });

async function manifestInTransit(quantityT = 1, pickupWeightT = quantityT, plate = '鲁P3A721') {
  const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 2, quantityT })).json();
  const anyun = (await producer.get('/api/manifests/transporters?q=安运')).json().items[0];
  const rec = (await producer.get('/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).json().items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
  const m = (await producer.post('/api/manifests', { batchIds: [batch.id], receiverId: rec.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles.find((v: { plate: string }) => v.plate === plate).id,
    driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id, plannedDate: '2026-11-25', dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' })).json();
  await producer.post(`/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
  await driver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT, origin: '松林镇', destination: '唐园镇' } });
  return m as { id: string; number: string };
}

const gps = (points: unknown[], bearer = token) => t.app.inject({ method: 'POST', url: '/api/telemetry/positions', headers: { authorization: `Bearer ${bearer}` }, payload: { points } });
const alarmsOf = async (client: Client, rule: string) => (await client.get(`/api/alarms?rule=${rule}&pageSize=100`)).json().items as { id: string; subjectId: string; status: string; title: string }[];

describe('the alarm engine', () => {
  it('raises a weight mismatch at reception and takes it through assign → handle → verify', async () => {
    const m = await manifestInTransit(2, 2);
    await receiver.post(`/api/manifests/${m.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 1.6, treatmentMethod: 'R9' } });
    const [alarm] = (await alarmsOf(eco, 'weight_mismatch')).filter((a) => a.subjectId === m.id);
    expect(alarm.title).toContain(m.number);
    expect(alarm.status).toBe('open');
    expect((await alarmsOf(ecoGuanxian, 'weight_mismatch')).some((a) => a.subjectId === m.id)).toBe(false);
    // The steps offered with the alarm are the ones the server takes from each.
    const stepsOf = async (c: Client) => (await c.get(`/api/alarms/${alarm.id}`)).json().actions;
    expect(await stepsOf(eco)).toEqual({ assign: true, handle: true, verify: false, dismiss: true, reopen: false });
    expect(await stepsOf(producer)).toEqual({ assign: false, handle: true, verify: false, dismiss: false, reopen: false });
    expect((await producer.post(`/api/alarms/${alarm.id}/dismiss`, { note: '不是我们的问题' })).statusCode).toBe(403);
    const me = (await eco.get('/api/auth/me')).json();
    expect((await eco.post(`/api/alarms/${alarm.id}/assign`, { ownerUserId: me.user.id })).json().status).toBe('assigned');
    expect((await producer.post(`/api/alarms/${alarm.id}/verify`, {})).statusCode).toBe(403);
    expect((await producer.post(`/api/alarms/${alarm.id}/handle`, {})).statusCode).toBe(400);
    expect((await producer.post(`/api/alarms/${alarm.id}/handle`, { note: '复核为计量误差，已与接受单位确认' })).json().status).toBe('handled');
    expect(await stepsOf(producer)).toEqual({ assign: false, handle: false, verify: false, dismiss: false, reopen: false });
    expect(await stepsOf(eco)).toEqual({ assign: false, handle: false, verify: true, dismiss: true, reopen: true });
    const verified = await eco.post(`/api/alarms/${alarm.id}/verify`, { note: '情况属实' });
    expect(verified.json().status).toBe('verified');
    const detail = (await eco.get(`/api/alarms/${alarm.id}`)).json();
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(['assign', 'handle', 'verify']);
  });

  it('raises receipt-overdue once however often it scans, and counts per region and rule', async () => {
    const m = await manifestInTransit(0.5);
    await db().execute(sql`UPDATE manifests SET receipt_due_at = now() - interval '1 hour' WHERE id = ${m.id}`);
    const first = await runRule(db(), ruleByKey('receipt_overdue')!);
    expect(first.map((a) => a.subjectId)).toContain(m.id);
    expect(await runRule(db(), ruleByKey('receipt_overdue')!)).toEqual([]);
    const stats = (await eco.get('/api/alarms/stats')).json();
    expect(stats.rows.find((r: { rule: string }) => r.rule === 'receipt_overdue').open).toBeGreaterThanOrEqual(1);
  });

  it('dismisses only with a reason', async () => {
    const [alarm] = await alarmsOf(eco, 'receipt_overdue');
    expect((await eco.post(`/api/alarms/${alarm.id}/dismiss`, {})).statusCode).toBe(400);
    expect((await eco.post(`/api/alarms/${alarm.id}/dismiss`, { note: '接受单位系统故障，已线下确认' })).json().status).toBe('dismissed');
  });

  it('raises storage past one year, and two days for medical waste', async () => {
    const old = new Date(Date.now() - 400 * 86_400_000).toISOString();
    const batch = (await producer.post('/api/ledger/batches', { wasteCode: '900-041-49', physicalForm: '固态', containerType: '袋', containerVolumeL: 50, containerCount: 1, quantityT: 0.05, generatedAt: old })).json();
    const raised = await runRule(db(), ruleByKey('storage_overdue')!);
    expect(raised.map((a) => a.subjectId)).toContain(batch.id);
  });

  it('raises a licence problem when the receiver’s licence stops covering an open manifest', async () => {
    const m = await manifestInTransit(0.3);
    await db().execute(sql`UPDATE licences SET valid_to = '2020-12-31' WHERE number = '鲁危证37158100012'`);
    const raised = await runRule(db(), ruleByKey('licence_invalid')!);
    await db().execute(sql`UPDATE licences SET valid_to = '2028-12-31' WHERE number = '鲁危证37158100012'`);
    expect(raised.map((a) => a.subjectId)).toContain(m.id);
  });

  it('raises ledger-silent for a producer whose plan expects waste but records none', async () => {
    // A verified producer whose ledger has no generation at all (临清's factories all record theirs in the demo year; 冠县's plate mill does not).
    const [org] = (await db().execute(sql`SELECT o.id, o.region_code FROM organisations o WHERE o.status = 'verified' AND 'producer' = ANY(o.capabilities)
      AND NOT EXISTS (SELECT 1 FROM ledger_movements m WHERE m.organisation_id = o.id AND m.kind = 'generate') ORDER BY o.name LIMIT 1`)).rows as { id: string; region_code: string }[];
    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    await db().execute(sql`INSERT INTO management_plans (region_code, organisation_id, year, status, management_class, expected_t, tables, submitted_at) VALUES (${org.region_code}, ${org.id}, ${year}, 'approved', 'simplified', 40, '{}', now() - interval '90 days')`);
    expect((await runRule(db(), ruleByKey('ledger_silent')!)).map((a) => a.subjectId)).toEqual([org.id]);
  });
});

describe('vehicle tracks', () => {
  it('takes a batch of positions, skips a resent batch, and draws the manifest’s route', async () => {
    const m = await manifestInTransit(0.4);
    await db().execute(sql`UPDATE manifest_signatures SET at = now() - interval '10 minutes' WHERE manifest_id = ${m.id} AND step = 'transport'`);
    const now = Date.now();
    const points = Array.from({ length: 5 }, (_, i) => ({ plate: '鲁P3A721', at: new Date(now - (5 - i) * 60_000).toISOString(), longitude: 115.70 + i * 0.01, latitude: 36.80 + i * 0.002, speedKmh: 40 }));
    expect((await gps(points)).json()).toEqual({ accepted: 5, duplicates: 0 });
    expect((await gps(points)).json()).toEqual({ accepted: 0, duplicates: 5 });
    const track = (await eco.get(`/api/manifests/${m.id}/track`)).json();
    expect(track.points).toHaveLength(5);
    const live = (await eco.get('/api/telemetry/live')).json();
    expect(live.items.find((v: { manifestId: string }) => v.manifestId === m.id)).toMatchObject({ plate: '鲁P3A721', wasteCode: '900-249-08' });
  });

  it('refuses bad batches whole: coordinates, future or old times, duplicates inside, oversize, other companies’ plates, bad tokens', async () => {
    const before = Number((await db().execute(sql`SELECT count(*)::int AS n FROM vehicle_positions`)).rows[0].n);
    const at = new Date().toISOString();
    const ok = { plate: '鲁P3A721', at, longitude: 115.7, latitude: 36.8 };
    expect((await gps([ok, { ...ok, at: new Date(Date.now() - 1000).toISOString(), longitude: 200 }])).statusCode).toBe(400);
    expect((await gps([{ ...ok, at: new Date(Date.now() + 3_600_000).toISOString() }])).json().code).toBe('BAD_POINTS');
    expect((await gps([{ ...ok, at: '2019-01-01T00:00:00Z' }])).json().code).toBe('BAD_POINTS');
    expect((await gps([ok, ok])).json().message.en).toContain('twice');
    expect((await gps([{ ...ok, plate: '鲁A99999' }])).json().message.zh).toContain('未在本单位登记');
    const big = await gps(Array.from({ length: 10_001 }, (_, i) => ({ ...ok, at: new Date(Date.now() - i * 1000).toISOString() })));
    expect(big.statusCode).toBe(400);
    expect(big.json().message.zh).toContain('每批最多');
    expect((await gps([ok], 'wf_nosuchxx_' + 'x'.repeat(40))).statusCode).toBe(401);
    const tokenId = (await transporter.get('/api/tokens')).json().items[0].id;
    await transporter.post(`/api/tokens/${tokenId}/revoke`);
    expect((await gps([ok])).statusCode).toBe(401);
    expect(Number((await db().execute(sql`SELECT count(*)::int AS n FROM vehicle_positions`)).rows[0].n)).toBe(before);
    token = (await transporter.post('/api/tokens', { name: 'GPS 2', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json().secret;
  });

  it('raises no-track, long-stop and off-corridor for a load on the road', async () => {
    const quiet = await manifestInTransit(0.2, 0.2, '鲁P5D208');
    await db().execute(sql`UPDATE manifest_signatures SET at = now() - interval '3 hours' WHERE manifest_id = ${quiet.id} AND step = 'transport'`);
    const raised = await scanAll(db());
    expect(raised.find((r) => r.rule === 'no_track')!.raised).toBeGreaterThanOrEqual(1);
    expect((await alarmsOf(eco, 'no_track')).map((a) => a.subjectId)).toContain(quiet.id);

    // Its own truck, so that positions posted for the other loads do not mix in.
    const strayed = await manifestInTransit(0.2, 0.2, '鲁P5D208');
    await db().execute(sql`UPDATE manifest_signatures SET at = now() - interval '2 hours' WHERE manifest_id = ${strayed.id} AND step = 'transport'`);
    const stopAt = (minutesAgo: number) => ({ plate: '鲁P5D208', at: new Date(Date.now() - minutesAgo * 60_000).toISOString(), longitude: 116.2, latitude: 37.3 });
    expect((await gps([stopAt(70), stopAt(40), stopAt(10), stopAt(1)])).statusCode).toBe(200);
    // Raised as the positions arrive or by this run, whichever comes first; once either way.
    await runRule(db(), ruleByKey('off_corridor')!, new Date(), strayed.id);
    await runRule(db(), ruleByKey('long_stop')!, new Date(), strayed.id);
    expect((await alarmsOf(eco, 'off_corridor')).filter((a) => a.subjectId === strayed.id)).toHaveLength(1);
    expect((await alarmsOf(eco, 'long_stop')).filter((a) => a.subjectId === strayed.id)).toHaveLength(1);
  });
});

describe('the live alarm feed', () => {
  it('pushes a raised alarm to a regulator of the area as a server-sent event, and not to another county', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const open = async (client: Client) => {
      const stream = await openStream(address, client, '/api/alarms/stream');
      expect(stream.contentType).toContain('text/event-stream');
      return stream;
    };
    const [local, other] = await Promise.all([open(eco), open(ecoGuanxian)]);
    const m = await manifestInTransit(0.3);
    await db().execute(sql`UPDATE manifests SET receipt_due_at = now() - interval '1 hour' WHERE id = ${m.id}`);
    await runRule(db(), ruleByKey('receipt_overdue')!, new Date(), m.id);
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all([local.stop(), other.stop()]);
    expect(local.text).toContain('event: raised');
    expect(local.text).toContain(m.number);
    expect(other.text).not.toContain(m.number);
  });
});
