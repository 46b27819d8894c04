import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, consumedBy, expectCell, ok, once, sendCell, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of booked recycling pickups (再生资源预约回收): a resident books, cancels,
// confirms and rates his own (a neighbour is told it does not exist); the recycling company's
// administrator (the dispatcher) accepts, dispatches, registers collectors and publishes prices; the
// collector the booking was dispatched to records the visit. A station's administrator, the company's
// collector at the dispatcher's desk, the commerce bureau, the office, the platform administrator and
// a machine token are refused (403), from a session only.

let t: TestApp;
let arena: Arena;
const A = 'admin', OFFICE = 'office.linqing', COMMERCE = 'commerce.linqing';
const NEIGHBOUR = 'rrresident1.demo', DISPATCHER = 'recycler.demo', COLLECTOR = 'rrcollector.demo', STATION = 'rrstation.demo';
const ALL = [RESIDENT, NEIGHBOUR, DISPATCHER, COLLECTOR, STATION, COMMERCE, OFFICE, A, TOKEN.manifests];
const db = () => t.database.db;
const tomorrow = () => new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
  for (const username of [NEIGHBOUR, DISPATCHER, COLLECTOR, STATION, COMMERCE, OFFICE, A]) {
    if (!arena.callers.has(username)) arena.callers.set(username, { client: await Client.login(t.app, username), headers: {} });
  }
}, 240_000);
afterAll(async () => { await t?.close(); });

const home = once(async () => (await db().execute<{ id: string }>(sql`SELECT id FROM household_places WHERE name = '运河花园' AND kind = 'community'`)).rows[0].id);
const station1 = once(async () => (await db().execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市再生资源回收利用有限公司运河花园回收网点'`)).rows[0].id);
const collectorId = once(async () => (await db().execute<{ id: string }>(sql`SELECT c.id FROM recycling_collectors c JOIN users u ON u.id = c.user_id WHERE u.username = ${COLLECTOR}`)).rows[0].id);
const demoBooking = (status: string) => once(async () => (await db().execute<{ id: string }>(sql`SELECT b.id FROM recycling_bookings b JOIN users u ON u.id = b.resident_user_id
  WHERE u.username = ${RESIDENT} AND b.status = ${status} AND b.rated_at IS NULL ORDER BY b.created_at LIMIT 1`)).rows[0].id);
const awaiting = demoBooking('awaiting_confirmation'), doneUnrated = demoBooking('done');

const bookingBody = async () => ({ placeId: await home(), address: '运河花园5号楼1单元202', slotDate: tomorrow(), slot: 'afternoon', payment: 'cash', items: [{ category: 'paper', estimatedKg: 8 }] });

/** A booking of resident.demo, taken as far as `stage`. */
async function booking(stage: 'pending' | 'accepted' | 'dispatched') {
  const b = ok(await arena.as(RESIDENT).post('/api/recycling/bookings', await bookingBody()), 'booking');
  if (stage !== 'pending') ok(await arena.as(DISPATCHER).post(`/api/recycling/bookings/${b.id}/accept`), 'accept');
  if (stage === 'dispatched') ok(await arena.as(DISPATCHER).post(`/api/recycling/bookings/${b.id}/dispatch`, { collectorId: await collectorId() }), 'dispatch');
  return { id: b.id as string };
}
const shared = { pending: once(() => booking('pending')), accepted: once(() => booking('accepted')), dispatched: once(() => booking('dispatched')) };
let filing = 0;

const only = (allowed: string, status: number, refusals: Record<string, number> = {}) => Object.fromEntries(ALL.map((who) => [who, who === allowed ? status : refusals[who] ?? 403]));

const M: Matrix = {
  targets: {
    '': () => ({}),
    'a pending booking': consumedBy([RESIDENT, DISPATCHER], () => booking('pending'), shared.pending),
    'an accepted booking': consumedBy([DISPATCHER], () => booking('accepted'), shared.accepted),
    'a booking dispatched to rrcollector.demo': consumedBy([COLLECTOR], () => booking('dispatched'), shared.dispatched),
    'resident.demo’s booking awaiting his confirmation': async () => ({ id: await awaiting() }),
    'resident.demo’s done booking not yet rated': async () => ({ id: await doneUnrated() }),
  },
  bodies: {
    'POST /api/recycling/bookings': bookingBody,
    'POST /api/recycling/bookings/:id/cancel': () => ({ reason: '矩阵测试' }),
    'POST /api/recycling/bookings/:id/rate': () => ({ stars: 4 }),
    'POST /api/recycling/bookings/:id/dispatch': async () => ({ collectorId: await collectorId() }),
    'POST /api/recycling/bookings/:id/progress': () => ({ step: 'on_way' }),
    'POST /api/recycling/bookings/:id/record': async () => ({ stationId: await station1(), lines: [{ category: 'paper', weightKg: 6.5 }] }),
    'POST /api/recycling/collectors': () => ({ name: '矩阵测试', phone: '13800000000', idNo: '371581199001011234', filingNo: `LQSW-MATRIX-${(filing += 1)}` }),
    'POST /api/recycling/price-lists': () => ({ prices: [{ category: 'paper', unit: 'kg', priceYuan: 1.2 }] }),
  },
  rows: [
    ['POST /api/recycling/bookings', '', only(RESIDENT, 201, { [NEIGHBOUR]: 201 })],
    ['POST /api/recycling/bookings/:id/cancel', 'a pending booking', only(RESIDENT, 200, { [NEIGHBOUR]: 404 })],
    ['POST /api/recycling/bookings/:id/confirm', 'resident.demo’s booking awaiting his confirmation', only(RESIDENT, 200, { [NEIGHBOUR]: 404 })],
    ['POST /api/recycling/bookings/:id/rate', 'resident.demo’s done booking not yet rated', only(RESIDENT, 200, { [NEIGHBOUR]: 404 })],
    ['POST /api/recycling/bookings/:id/accept', 'a pending booking', only(DISPATCHER, 200)],
    ['POST /api/recycling/bookings/:id/dispatch', 'an accepted booking', only(DISPATCHER, 200)],
    ['POST /api/recycling/bookings/:id/progress', 'a booking dispatched to rrcollector.demo', only(COLLECTOR, 200)],
    ['POST /api/recycling/bookings/:id/record', 'a booking dispatched to rrcollector.demo', only(COLLECTOR, 200)],
    ['POST /api/recycling/collectors', '', only(DISPATCHER, 201)],
    ['POST /api/recycling/price-lists', '', only(DISPATCHER, 201)],
  ],
};

describe('the permission matrix: booked recycling pickups', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
