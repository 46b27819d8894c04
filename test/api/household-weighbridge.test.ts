import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { runRule } from '../../src/server/alarms/engine';
import { ruleByKey } from '../../src/server/alarms/rules';
import { ingestTickets, type TicketInput } from '../../src/server/household/weighbridge';
import { loadActorByUserId } from '../../src/server/platform/accounts/service';

// 生活垃圾 weighbridges: the urban-management bureau registers a plant, a truck and a route; the plant's
// weighbridge posts tickets with its token; a resend, a correction and a cancellation change the
// day's tonnes as they should; bad tickets are refused whole, naming the field.
let t: TestApp;
let urban: Client, wte: Client, eco: Client;
let plantId = '', otherPlantId = '', routeId = '', token = '', truckPlate = '';
const db = () => t.database.db;
// Yesterday in Shanghai: its morning is in the past whatever the hour of the run (today's 08:10 is not, before 08:10).
const day = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
const at = (hh: string) => `${day}T${hh}:00+08:00`;
const ticketNo = () => `WB${crypto.randomInt(1e8, 1e9)}`;
const bearer = (body: unknown) => new Client(t.app).request('POST', '/api/weighbridge/tickets', body, { authorization: `Bearer ${token}` });
const tonnes = async (by = 'class') => (await urban.get(`/api/household/tonnage?from=${day}&to=${day}&by=${by}`)).json();
const ticket = (over: Record<string, unknown> = {}) => ({ facilityId: plantId, ticketNo: ticketNo(), plate: truckPlate, wasteClass: 'other', grossT: 18.4, tareT: 10.2, netT: 8.2, inAt: at('08:10'), outAt: at('08:22'), routeId, ...over });

beforeAll(async () => {
  t = await startTestApp();
  [urban, wte, eco] = await Promise.all(['urban.linqing', 'wte.demo', 'eco.linqing'].map((u) => Client.login(t.app, u)));
  const [{ id: wteOrg }] = (await db().execute<{ id: string }>(sql`SELECT organisation_id AS id FROM users WHERE username = 'wte.demo'`)).rows;
  const plant = await urban.post('/api/household/facilities', { regionCode: '371581', kind: 'incineration', name: `测试焚烧厂${crypto.randomInt(1e6)}`, capacityTPerDay: 600, classes: ['other'], operatorId: wteOrg });
  expect(plant.statusCode, plant.body).toBe(201);
  plantId = plant.json().id;
  otherPlantId = (await urban.post('/api/household/facilities', { regionCode: '371581', kind: 'transfer_station', name: `测试转运站${crypto.randomInt(1e6)}`, classes: ['other'] })).json().id;
  // A truck a company registered, made a collection truck by urban management.
  const [{ plate }] = (await db().execute<{ plate: string }>(sql`SELECT v.plate FROM vehicles v WHERE NOT EXISTS (SELECT 1 FROM household_vehicles h WHERE h.vehicle_id = v.id) AND v.organisation_id IN (SELECT id FROM organisations WHERE region_code LIKE '371581%') ORDER BY v.plate LIMIT 1`)).rows;
  truckPlate = plate;
  const truck = await urban.post('/api/household/vehicles', { plate, wasteClass: 'other', tareT: 10.2 });
  expect(truck.statusCode, truck.body).toBe(201);
  const route = await urban.post('/api/household/routes', { regionCode: '371581', name: `测试线路${crypto.randomInt(1e6)}`, kind: 'urban', wasteClass: 'other', plates: [plate], facilityIds: [plantId], stops: [{ name: '运河小区' }] });
  expect(route.statusCode, route.body).toBe(201);
  routeId = route.json().id;
  const made = await wte.post('/api/tokens', { name: '焚烧厂地磅', scopes: ['weighbridge:write'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
  expect(made.statusCode, made.body).toBe(201);
  token = made.json().secret;
});
afterAll(async () => { await t.close(); });

describe('weighbridge tickets', () => {
  it('counts a ticket once however often it is resent, and moves the day’s tonnes with a correction and a cancellation', async () => {
    const before = (await tonnes()).totals.other ?? 0;
    const first = ticket();
    expect((await bearer({ tickets: [first] })).json()).toEqual({ accepted: 1, duplicates: 0, corrections: 0, cancellations: 0 });
    expect((await bearer({ tickets: [first] })).json()).toEqual({ accepted: 0, duplicates: 1, corrections: 0, cancellations: 0 });
    expect((await tonnes()).totals.other).toBeCloseTo(before + 8.2, 3);

    // A reason with what an array literal must quote comes back as it was written.
    const reason = '司机误报皮重, 复磅 {"二次"} \\ NULL';
    const fix = await bearer({ tickets: [ticket({ ticketNo: `${first.ticketNo}-1`, kind: 'correction', corrects: first.ticketNo, reason, tareT: 10.4, netT: 8.0 })] });
    expect(fix.json()).toMatchObject({ corrections: 1 });
    expect((await db().execute<{ reason: string }>(sql`SELECT reason FROM weighbridge_tickets WHERE ticket_no = ${`${first.ticketNo}-1`}`)).rows).toEqual([{ reason }]);
    expect((await tonnes()).totals.other).toBeCloseTo(before + 8.0, 3);

    const cancel = await bearer({ tickets: [{ facilityId: plantId, ticketNo: `${first.ticketNo}-2`, kind: 'cancellation', corrects: first.ticketNo, reason: '重复过磅' }] });
    expect(cancel.json()).toMatchObject({ cancellations: 1 });
    expect((await tonnes()).totals.other ?? 0).toBeCloseTo(before, 3);
    const again = await bearer({ tickets: [{ facilityId: plantId, ticketNo: `${first.ticketNo}-3`, kind: 'correction', corrects: first.ticketNo, reason: '再改', plate: truckPlate, wasteClass: 'other', grossT: 18, tareT: 10, netT: 8, inAt: at('08:10'), outAt: at('08:22') }] });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'TICKET_CANCELLED', path: 'tickets.0.corrects' });

    const list = (await urban.get(`/api/weighbridge/tickets?facilityId=${plantId}&from=${day}&to=${day}`)).json();
    const states = Object.fromEntries(list.items.map((i: { ticketNo: string; state: string }) => [i.ticketNo, i.state]));
    // The original and its correction were both replaced by the cancellation.
    expect(states).toMatchObject({ [first.ticketNo]: 'cancelled', [`${first.ticketNo}-1`]: 'cancelled', [`${first.ticketNo}-2`]: 'cancellation' });
  });

  it('refuses a bad ticket whole, naming the field, and writes nothing', async () => {
    const count = async () => Number((await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM weighbridge_tickets`)).rows[0].n);
    const n = await count();
    for (const [bad, code, path] of [
      [{ netT: 9.9 }, 'NET_MISMATCH', 'netT'], [{ grossT: 80, netT: 69.8 }, 'VALIDATION_FAILED', ''], [{ tareT: -1 }, 'VALIDATION_FAILED', ''],
      [{ outAt: at('07:00') }, 'OUT_BEFORE_IN', 'outAt'], [{ facilityId: otherPlantId }, 'FACILITY_NOT_YOURS', 'facilityId'],
    ] as const) {
      const res = await bearer({ tickets: [ticket(), ticket(bad)] });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      if (code !== 'VALIDATION_FAILED') expect(res.json()).toMatchObject({ code, path: `tickets.1.${path}` });
      expect(res.json().message.zh).toBeTruthy();
    }
    expect(await count()).toBe(n);
    // A token without the scope, and a session on the token route.
    const gps = await wte.post('/api/tokens', { name: 'GPS', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    const noScope = await new Client(t.app).request('POST', '/api/weighbridge/tickets', { tickets: [ticket()] }, { authorization: `Bearer ${gps.json().secret}` });
    expect(noScope.statusCode).toBe(403);
    expect((await wte.post('/api/weighbridge/tickets', { tickets: [ticket()] })).statusCode).toBe(403);
    expect(await count()).toBe(n);
  });

  it('raises an alarm for mixed waste on a sorted route and for a truck over its rated load, seen by urban management and not by ecology', async () => {
    const [{ load }] = (await db().execute<{ load: number }>(sql`SELECT load_t::float8 AS load FROM vehicles WHERE plate = ${truckPlate}`)).rows;
    const mixed = ticket({ wasteClass: 'mixed' });
    const heavy = ticket({ grossT: Math.min(59, 10.2 + load + 1), netT: Math.round((Math.min(59, 10.2 + load + 1) - 10.2) * 1000) / 1000 });
    expect((await bearer({ tickets: [mixed, heavy] })).json()).toMatchObject({ accepted: 2 });
    await runRule(db(), ruleByKey('weighbridge_mixed')!);
    await runRule(db(), ruleByKey('weighbridge_overload')!);
    const seen = (await urban.get('/api/alarms?pageSize=100')).json().items.map((a: { title: string }) => a.title).join('\n');
    expect(seen).toContain(mixed.ticketNo);
    expect(seen).toContain(heavy.ticketNo);
    const ecology = (await eco.get('/api/alarms?pageSize=100')).json().items.map((a: { title: string }) => a.title).join('\n');
    expect(ecology).not.toContain(mixed.ticketNo);
  });

  it('after an ingest, the rules look at the tickets just written, not at the other recent ones', async () => {
    // Written without the route, so that no scan runs after them but the ones below.
    const [{ id: userId }] = (await db().execute<{ id: string }>(sql`SELECT id FROM users WHERE username = 'wte.demo'`)).rows;
    const operator = await loadActorByUserId(db(), userId);
    const mixed = (): TicketInput => ({ ...ticket(), wasteClass: 'mixed', inAt: new Date(at('09:10')), outAt: new Date(at('09:20')) });
    const [first, second] = [mixed(), mixed()];
    const before = await ingestTickets(db(), operator, [first], 'user:wte.demo');
    const after = await ingestTickets(db(), operator, [second], 'user:wte.demo');
    expect(after.written).toHaveLength(1);
    const raised = await runRule(db(), ruleByKey('weighbridge_mixed')!, new Date(), undefined, after.written);
    expect(raised.map((a) => a.subjectId)).toEqual(after.written);
    // The earlier one waits for the next scan over all recent tickets.
    expect((await runRule(db(), ruleByKey('weighbridge_mixed')!)).map((a) => a.subjectId)).toContain(before.written[0]);
  });

  it('keeps monthly sums that agree with the daily ones, and a view over whole months reads them to the same tonnes', async () => {
    // Every facility, month, class and source town of the demo and of the tickets above, corrections and cancellations included.
    const differ = await db().execute(sql`
      SELECT * FROM (SELECT facility_id, date_trunc('month', day)::date AS month, waste_class, coalesce(nullif(origin_region_code, ''), region_code) AS source, sum(tickets)::int AS tickets, sum(net_t) AS net_t
        FROM weighbridge_daily GROUP BY 1, 2, 3, 4) d
      FULL JOIN weighbridge_monthly m USING (facility_id, month, waste_class, source)
      WHERE d.net_t IS DISTINCT FROM m.net_t OR d.tickets IS DISTINCT FROM m.tickets`);
    expect(differ.rows).toEqual([]);
    const [{ months }] = (await db().execute<{ months: number }>(sql`SELECT count(*)::int AS months FROM weighbridge_monthly`)).rows;
    expect(months).toBeGreaterThan(0);
    // From the 10th of two months ago to today: a whole month from the monthly sums, the days around it from the daily ones.
    const from = new Date(`${day.slice(0, 7)}-10T00:00:00Z`);
    from.setUTCMonth(from.getUTCMonth() - 2);
    const start = from.toISOString().slice(0, 10);
    for (const by of ['town', 'facility', 'class']) {
      const view = (await urban.get(`/api/household/tonnage?from=${start}&to=${day}&by=${by}`)).json();
      const [{ t }] = (await db().execute<{ t: number }>(sql`
        SELECT coalesce(sum(net_t), 0)::float8 AS t FROM weighbridge_daily
        WHERE day BETWEEN ${start}::date AND ${day}::date AND (origin_region_code LIKE '371581%' OR region_code LIKE '371581%')`)).rows;
      expect(view.totalT, by).toBeCloseTo(t, 2);
    }
  });

  it('keeps the register’s changes in the audit log, read by urban management and not by ecology', async () => {
    const entries = async (who: Client) => (await who.get(`/api/audit?entityId=${plantId}&pageSize=20`)).json().items.map((i: { action: string }) => i.action);
    expect(await entries(urban)).toContain('household.facility.register');
    expect(await entries(eco)).not.toContain('household.facility.register');
  });
});

