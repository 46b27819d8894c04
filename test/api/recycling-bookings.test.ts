import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { passOnOverdue } from '../../src/server/recycling-bookings/service';
import { expectRefused } from '../support/refusals';

// 再生资源预约回收 (线上预约、线下回收) over HTTP against the demo: a resident books, the company accepts
// and dispatches, the collector records (into the station's ledger), the resident confirms (points
// credited) and rates; routing, the pass-on after the acceptance time and the bureau's alarm; the
// service level; and each bad input refused with its field, nothing written.
let t: TestApp;
let resident: Client, neighbour: Client, dispatcher: Client, collector: Client, otherCollector: Client, commerce: Client, urban: Client;
const db = () => t.database.db;
const DAY = 86_400_000;
const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const tomorrow = shanghai(Date.now() + DAY);
const yesterday = shanghai(Date.now() - DAY);
const one = async <T>(q: ReturnType<typeof sql>) => (await db().execute<T & Record<string, unknown>>(q)).rows[0] as T;

async function written() {
  return one<Record<string, number>>(sql`SELECT (SELECT count(*)::int FROM recycling_bookings) AS bookings, (SELECT count(*)::int FROM recycling_booking_items) AS items,
    (SELECT count(*)::int FROM recycling_booking_lines) AS lines, (SELECT count(*)::int FROM recycling_intake) AS intake, (SELECT count(*)::int FROM ewaste_units) AS units,
    (SELECT count(*)::int FROM green_points) AS points, (SELECT count(*)::int FROM recycling_price_lists) AS lists, (SELECT count(*)::int FROM audit_log) AS audit`);
}

const booking = (extra: Record<string, unknown> = {}) => ({
  slotDate: tomorrow, slot: 'morning', payment: 'points', photos: ['纸箱.jpg'],
  items: [{ category: 'paper', estimatedKg: 12 }, { category: 'ewaste', applianceType: 'tv', estimatedCount: 1 }], ...extra,
});

let collectorId = '', station1 = '', station2 = '';

beforeAll(async () => {
  t = await startTestApp();
  [resident, neighbour, dispatcher, collector, otherCollector, commerce, urban] = await Promise.all(
    ['resident.demo', 'rrresident1.demo', 'recycler.demo', 'rrcollector.demo', 'rrcollector2.demo', 'commerce.linqing', 'urban.linqing'].map((u) => Client.login(t.app, u)));
  const collectors = (await dispatcher.get('/api/recycling/collectors?pageSize=50')).json().items as { id: string; username: string | null }[];
  collectorId = collectors.find((c) => c.username === 'rrcollector.demo')!.id;
  station1 = (await one<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市再生资源回收利用有限公司运河花园回收网点'`)).id;
  station2 = (await one<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市再生资源回收利用有限公司钞关回收网点'`)).id;
}, 240_000);
afterAll(async () => { await t?.close(); });

describe('the demo', () => {
  it('gives resident.demo a done and rated booking, one awaiting his confirmation, and points from an older one in his green account', async () => {
    const mine = (await resident.get('/api/recycling/bookings?pageSize=50')).json().items as { status: string; stars: number | null; payment: string; points: number | null; confirmedAt: string | null }[];
    expect(mine.some((b) => b.status === 'done' && b.stars)).toBe(true);
    expect(mine.some((b) => b.status === 'awaiting_confirmation')).toBe(true);
    const paid = mine.find((b) => b.payment === 'points' && b.status === 'done')!;
    expect(paid.points).toBeGreaterThan(0);
    const earned = await one<{ points: number }>(sql`SELECT p.points FROM green_points p JOIN recycling_bookings b ON b.id = p.booking_id JOIN users u ON u.id = b.resident_user_id WHERE u.username = 'resident.demo'`);
    expect(earned.points).toBe(paid.points);
  });

  it('has bookings in every state, four filed collectors (ID numbers masked) and a price list in force over an older one', async () => {
    const states = (await db().execute<{ status: string }>(sql`SELECT DISTINCT status FROM recycling_bookings`)).rows.map((r) => r.status).sort();
    expect(states).toEqual(['accepted', 'awaiting_confirmation', 'cancelled', 'dispatched', 'done', 'escalated', 'pending', 'visiting']);
    const collectors = (await dispatcher.get('/api/recycling/collectors')).json();
    expect(collectors.total).toBe(4);
    expect(collectors.items[0].idNo).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    const lists = (await dispatcher.get('/api/recycling/price-lists')).json().items as { inForce: boolean; prices: { category: string; priceYuan: number }[] }[];
    expect(lists.map((l) => l.inForce)).toEqual([true, false]);
    expect(lists[0].prices.find((p) => p.category === 'paper')!.priceYuan).toBe(1.25);
    const alarms = (await commerce.get('/api/alarms?rule=recycling_booking_unaccepted')).json();
    expect(alarms.total).toBe(2);
  });
});

describe('a booked pickup from the phone to the station ledger', () => {
  let id = '';
  it('shows the resident the prices of the companies serving his community', async () => {
    const places = (await resident.get('/api/recycling/booking-places')).json();
    expect(places.items[0]).toMatchObject({ name: '运河花园', mine: true, served: true });
    const prices = (await resident.get(`/api/recycling/booking-prices?placeId=${places.items[0].id}`)).json();
    expect(prices.companies[0].companyName).toBe('临清市再生资源回收利用有限公司');
    expect(prices.companies[0].prices.find((p: { applianceType: string }) => p.applianceType === 'fridge')).toMatchObject({ unit: 'piece', priceYuan: 45 });
  });

  it('books to the company serving his community, at his household’s address', async () => {
    const res = await resident.post('/api/recycling/bookings', booking());
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json();
    id = b.id;
    expect(b).toMatchObject({ status: 'pending', placeName: '运河花园', address: '运河花园3号楼2单元401', companyName: '临清市再生资源回收利用有限公司', payment: 'points', photos: ['纸箱.jpg'] });
    expect(b.bookingNo).toMatch(/^YY\d{12}$/);
    expect(b.items).toHaveLength(2);
  });

  it('lets the dispatcher see it offered, accept and dispatch it to a collector', async () => {
    const offered = (await dispatcher.get('/api/recycling/bookings?status=pending&pageSize=100')).json().items as { id: string }[];
    expect(offered.map((b) => b.id)).toContain(id);
    expect((await dispatcher.post(`/api/recycling/bookings/${id}/accept`)).json().status).toBe('accepted');
    expectRefused(await dispatcher.post(`/api/recycling/bookings/${id}/accept`), 409, 'BOOKING_STATE', 'status');
    const res = await dispatcher.post(`/api/recycling/bookings/${id}/dispatch`, { collectorId });
    expect(res.json()).toMatchObject({ status: 'dispatched', collectorName: '孟凡军', collectorFilingNo: 'LQSW-HS-2024-0012' });
  });

  it('refuses another collector recording a booking not dispatched to him', async () => {
    const before = await written();
    expectRefused(await otherCollector.post(`/api/recycling/bookings/${id}/record`, { stationId: station1, lines: [{ category: 'paper', weightKg: 10 }] }), 403, 'NOT_DISPATCHED_TO_YOU', 'bookingId');
    expect(await written()).toEqual(before);
  });

  it('shows the collector his visit; he sets out and arrives', async () => {
    const visits = (await collector.get('/api/recycling/collector/visits')).json();
    const visit = visits.items.find((v: { id: string }) => v.id === id);
    expect(visit.stations.map((s: { id: string }) => s.id)).toEqual([station1]);
    expect(visits.prices.length).toBeGreaterThan(10);
    expect((await collector.post(`/api/recycling/bookings/${id}/progress`, { step: 'on_way' })).json().status).toBe('visiting');
    expect((await collector.post(`/api/recycling/bookings/${id}/progress`, { step: 'arrive' })).json().arrivedAt).toBeTruthy();
  });

  it('refuses a station of his company that does not serve the community, and an appliance already collected', async () => {
    const before = await written();
    expectRefused(await collector.post(`/api/recycling/bookings/${id}/record`, { stationId: station2, lines: [{ category: 'paper', weightKg: 10 }] }), 400, 'STATION_NOT_SERVING', 'stationId');
    const taken = await one<{ applianceType: string; brand: string; serial: string }>(sql`SELECT appliance_type AS "applianceType", brand, serial FROM ewaste_units WHERE serial <> '' LIMIT 1`);
    expectRefused(await collector.post(`/api/recycling/bookings/${id}/record`, {
      stationId: station1, lines: [{ category: 'paper', weightKg: 10 }, { category: 'ewaste', applianceType: taken.applianceType, weightKg: 18, units: [{ ...taken, weightKg: 18 }] }],
    }), 409, 'SERIAL_COLLECTED', 'units.0.serial');
    expect(await written()).toEqual(before);
    expect((await resident.get(`/api/recycling/bookings/${id}`)).json().status).toBe('visiting');
  });

  it('records the visit: each line enters the station’s ledger, priced from the list, the points worked out', async () => {
    const res = await collector.post(`/api/recycling/bookings/${id}/record`, {
      stationId: station1, lines: [{ category: 'paper', weightKg: 10 }, { category: 'ewaste', applianceType: 'tv', weightKg: 18, units: [{ applianceType: 'tv', brand: '长虹', serial: 'CH-TEST-0001', weightKg: 18 }] }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b).toMatchObject({ status: 'awaiting_confirmation', stationName: '临清市再生资源回收利用有限公司运河花园回收网点', amountYuan: 42.5, points: 425 });
    expect(b.lines.map((l: { unitPriceYuan: number; amountYuan: number }) => [l.unitPriceYuan, l.amountYuan])).toEqual([[1.25, 12.5], [30, 30]]);
    expect(b.lines[1].units[0]).toMatchObject({ brand: '长虹', serial: 'CH-TEST-0001' });
    const intake = (await db().execute<{ source: string; siteId: string; category: string }>(sql`SELECT source, site_id AS "siteId", category FROM recycling_intake WHERE booking_id = ${id} ORDER BY category`)).rows;
    expect(intake).toEqual([{ source: 'booking', siteId: station1, category: 'ewaste' }, { source: 'booking', siteId: station1, category: 'paper' }]);
  });

  it('lets the resident confirm once, crediting his green account, and rate once', async () => {
    const balance = async () => (await resident.get('/api/green/me')).json().balance as number;
    const was = await balance();
    expect((await resident.post(`/api/recycling/bookings/${id}/confirm`)).json().status).toBe('done');
    expect(await balance()).toBe(was + 425);
    const before = await written();
    expectRefused(await resident.post(`/api/recycling/bookings/${id}/confirm`), 409, 'ALREADY_CONFIRMED', 'confirmation');
    expect((await resident.post(`/api/recycling/bookings/${id}/rate`, { stars: 5, comment: '准时、称重透明' })).json().stars).toBe(5);
    expectRefused(await resident.post(`/api/recycling/bookings/${id}/rate`, { stars: 1 }), 409, 'ALREADY_RATED', 'stars');
    expect((await written()).points).toBe(before.points);
  });

  it('keeps another resident’s booking from a neighbour', async () => {
    expect((await neighbour.get(`/api/recycling/bookings/${id}`)).statusCode).toBe(404);
    expect((await neighbour.post(`/api/recycling/bookings/${id}/rate`, { stars: 1 })).statusCode).toBe(404);
  });
});

describe('bad input: a clear 4xx naming the field, nothing written', () => {
  it('refuses a slot in the past', async () => {
    const before = await written();
    expectRefused(await resident.post('/api/recycling/bookings', booking({ slotDate: yesterday })), 400, 'SLOT_IN_PAST', 'slotDate');
    expect(await written()).toEqual(before);
  });

  it('refuses a community no recycler serves', async () => {
    const outside = await one<{ id: string }>(sql`SELECT p.id FROM household_places p WHERE p.kind = 'community' AND p.region_code LIKE '371581%'
      AND NOT EXISTS (SELECT 1 FROM recycling_sites s WHERE s.kind = 'station' AND (p.id = ANY(s.served_place_ids) OR EXISTS (SELECT 1 FROM unnest(s.served_town_codes) c WHERE p.region_code LIKE c || '%'))) LIMIT 1`);
    const before = await written();
    expectRefused(await resident.post('/api/recycling/bookings', booking({ placeId: outside.id, address: '某小区1号楼' })), 400, 'OUTSIDE_SERVICE_AREA', 'placeId');
    expect(await written()).toEqual(before);
  });

  it('refuses an appliance without its type, and points without a green account', async () => {
    expectRefused(await resident.post('/api/recycling/bookings', booking({ items: [{ category: 'ewaste', estimatedCount: 1 }] })), 400, 'APPLIANCE_REQUIRED', 'items.0.applianceType');
    const place = (await resident.get('/api/recycling/booking-places')).json().items[0].id;
    expectRefused(await neighbour.post('/api/recycling/bookings', booking({ placeId: place, address: '运河花园1号楼' })), 400, 'NO_GREEN_ACCOUNT', 'payment');
  });

  it('refuses a price below zero', async () => {
    const before = await written();
    const res = await dispatcher.post('/api/recycling/price-lists', { prices: [{ category: 'paper', unit: 'kg', priceYuan: -0.5 }] });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toContain('prices.0.priceYuan');
    expect(await written()).toEqual(before);
  });

  it('refuses a cancel once the slot has begun, and lets him cancel before', async () => {
    const early = (await resident.post('/api/recycling/bookings', booking({ payment: 'cash' }))).json();
    await db().execute(sql`UPDATE recycling_bookings SET slot_start = now() - interval '10 minutes' WHERE id = ${early.id}`);
    const before = await written();
    expectRefused(await resident.post(`/api/recycling/bookings/${early.id}/cancel`, { reason: '改天' }), 409, 'SLOT_STARTED', 'slotDate');
    expect(await written()).toEqual(before);
    const later = (await resident.post('/api/recycling/bookings', booking({ payment: 'cash' }))).json();
    expect((await resident.post(`/api/recycling/bookings/${later.id}/cancel`, { reason: '改天' })).json().status).toBe('cancelled');
  });

  it('publishes a new price list that supersedes the last', async () => {
    const res = await dispatcher.post('/api/recycling/price-lists', { note: '测试', prices: [{ category: 'paper', unit: 'kg', priceYuan: 1.3 }, { category: 'ewaste', applianceType: 'fridge', unit: 'piece', priceYuan: 50 }] });
    expect(res.statusCode, res.body).toBe(201);
    const lists = (await dispatcher.get('/api/recycling/price-lists')).json();
    expect(lists.total).toBe(3);
    expect(lists.items[0]).toMatchObject({ inForce: true, note: '测试' });
  });
});

describe('routing and timeouts', () => {
  it('passes a booking not accepted in time to the next company serving the community, then escalates it to the bureau', async () => {
    // A second company serving 运河花园 (the paper mill, registered later than the recycler's stations).
    const mill = await one<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市运河纸业有限公司'`);
    const place = await one<{ id: string }>(sql`SELECT id FROM household_places WHERE name = '运河花园' AND kind = 'community'`);
    await db().execute(sql`INSERT INTO recycling_sites (organisation_id, operator_id, region_code, kind, served_place_ids) VALUES (${mill.id}, ${mill.id}, '371581112', 'station', ARRAY[${place.id}]::uuid[])`);
    const b = (await resident.post('/api/recycling/bookings', booking({ payment: 'cash', slot: 'evening' }))).json();
    expect(b.companyName).toBe('临清市再生资源回收利用有限公司');
    const offeredAt = new Date(b.offeredAt).getTime();
    await passOnOverdue(db(), new Date(offeredAt + 60 * 60_000));
    expect((await resident.get(`/api/recycling/bookings/${b.id}`)).json().passCount).toBe(0);
    await passOnOverdue(db(), new Date(offeredAt + 121 * 60_000));
    const passed = (await resident.get(`/api/recycling/bookings/${b.id}`)).json();
    expect(passed).toMatchObject({ status: 'pending', passCount: 1, companyName: '临清市运河纸业有限公司' });
    expect((await dispatcher.get(`/api/recycling/bookings/${b.id}`)).statusCode).toBe(404);
    await passOnOverdue(db(), new Date(offeredAt + 250 * 60_000));
    expect((await resident.get(`/api/recycling/bookings/${b.id}`)).json()).toMatchObject({ status: 'escalated', passCount: 2 });
    const alarms = (await commerce.get('/api/alarms?rule=recycling_booking_unaccepted&pageSize=50')).json().items as { subjectId: string; title: string }[];
    expect(alarms.find((a) => a.subjectId === b.id)?.title).toContain('超时无回收企业接单');
    await db().execute(sql`DELETE FROM recycling_sites WHERE organisation_id = ${mill.id}`);
  });
});

describe('the bureau', () => {
  it('sees the service level of its area', async () => {
    const res = await commerce.get('/api/recycling/bookings/service-level?regionCode=371581');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.acceptMinutes).toBe(120);
    expect(s.total.bookings).toBeGreaterThan(30);
    expect(s.total.escalated).toBeGreaterThanOrEqual(3);
    expect(s.total.acceptedInTimePct).toBeGreaterThan(50);
    expect(s.total.medianAcceptMinutes).toBeGreaterThan(0);
    expect(s.total.ratings).toBeGreaterThan(5);
    expect(s.companies[0].companyName).toBe('临清市再生资源回收利用有限公司');
    const area = (await commerce.get('/api/recycling/bookings?pageSize=5')).json();
    expect(area.total).toBeGreaterThanOrEqual(s.total.bookings);
  });

  it('refuses the service level to urban management and to a resident, and outside the bureau’s area', async () => {
    expect((await urban.get('/api/recycling/bookings/service-level')).statusCode).toBe(403);
    expect((await resident.get('/api/recycling/bookings/service-level')).statusCode).toBe(403);
    expect((await commerce.get('/api/recycling/bookings/service-level?regionCode=370102')).statusCode).toBe(403);
  });
});
