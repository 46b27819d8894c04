import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { anonymous, cellName } from '../support/matrix';
import { buildArena, cellsOf, consumedBy, expectCell, ok, once, sendCell, inDays, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of residents' green accounts (绿色账户): households are registered by the
// keepers of the household register (urban management, housing, the office, the admin) in their area;
// deliveries, grades and redemptions at a collection point by its operator, the community station
// 绿邻 (station.demo), whose smart bins post with a green:write token. Anyone else naming the point is
// refused on its field (400, nothing written); a delivery of another operator does not exist for the
// caller (404); a machine token without green:write, or where a person must act, is refused (403).

let t: TestApp;
let arena: Arena;
const STATION = 'station.demo', T_GREEN = '绿邻’s smart-bin token (green:write)';
beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
  const station = await Client.login(t.app, STATION);
  arena.callers.set(STATION, { client: station, headers: {} });
  const token = ok(await station.post('/api/tokens', { name: T_GREEN, scopes: ['green:write'], expiresAt: inDays(30) }), 'green token');
  arena.callers.set(T_GREEN, { client: anonymous(t.app), headers: { authorization: `Bearer ${token.secret}` } });
}, 120_000);
afterAll(async () => { await t?.close(); });

const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', URBAN = 'urban.linqing', HOUSING = 'housing.linqing', HEALTH = 'health.linqing', GX = 'eco.guanxian', TQ = 'office.tianqiao';
const PRODUCER = 'producer.demo', WTE = 'wte.demo';
const T_HOUSEHOLD = TOKEN.household, T_MANIFESTS = TOKEN.manifests;

const one = async <T>(query: ReturnType<typeof sql>) => (await t.database.db.execute(query)).rows[0] as T;
const point = once(async () => (await one<{ id: string }>(sql`SELECT id FROM household_facilities WHERE name = '运河花园垃圾分类收集房'`)).id);
const community = once(async () => (await one<{ id: string }>(sql`SELECT id FROM household_places WHERE name = '运河花园'`)).id);
/** A demo household with points to spare (a redemption of 1 point each time). */
const richCard = once(async () => (await one<{ card_no: string }>(sql`SELECT h.card_no FROM green_households h WHERE h.user_id IS NULL
  ORDER BY (SELECT coalesce(sum(points), 0) FROM green_points e WHERE e.household_id = h.id) DESC LIMIT 1`)).card_no);
const delivery = async () => ({ facilityId: await point(), cardNo: await richCard(), wasteClass: 'kitchen', weightKg: 1.2 });
/** An ungraded delivery of the station's point, fresh for each caller who grades it. */
const ungraded = async () => ({ id: ok(await arena.as(STATION).post('/api/green/deliveries', await delivery()), 'ungraded delivery').delivery.id as string });
const shared = once(ungraded);

const M: Matrix = {
  targets: {
    '': () => ({}),
    'an ungraded delivery at 绿邻’s collection point': consumedBy([STATION, T_GREEN], ungraded, shared),
  },
  bodies: {
    'POST /api/green/households': async () => ({ placeId: await community(), address: `矩阵测试${crypto.randomInt(1e6)}号`, cardNo: `M${crypto.randomInt(1e8, 1e9)}` }),
    'POST /api/green/deliveries': delivery,
    'POST /api/green/deliveries/:id/grade': () => ({ grade: 'B' }),
    'POST /api/green/redemptions': async () => ({ facilityId: await point(), cardNo: await richCard(), goods: '垃圾袋', quantity: 1, points: 1 }),
    'POST /api/smart-bins/deliveries': async () => ({ deliveries: [{ ...(await delivery()), grade: 'A', binRef: `M-${crypto.randomInt(1e9)}` }] }),
  },
  rows: [
    // Households: the keepers of 临清 (天桥区's office finds no such place: 400 on placeId); nobody else.
    ['POST /api/green/households', '', {
      [URBAN]: 201, [HOUSING]: 201, [OFFICE]: 201, [A]: 201, [TQ]: 400, [ECO]: 403, [HEALTH]: 403, [GX]: 403, [PRODUCER]: 403, [STATION]: 403, [RESIDENT]: 403, [T_GREEN]: 403, [T_HOUSEHOLD]: 403 }],
    // Deliveries typed in: the station's collector; anyone else naming its point is refused on facilityId.
    ['POST /api/green/deliveries', '', {
      [STATION]: 201, [URBAN]: 400, [OFFICE]: 400, [A]: 400, [ECO]: 400, [PRODUCER]: 400, [WTE]: 400, [RESIDENT]: 400, [T_GREEN]: 403, [T_HOUSEHOLD]: 403 }],
    ['POST /api/green/deliveries/:id/grade', 'an ungraded delivery at 绿邻’s collection point', {
      [STATION]: 201, [T_GREEN]: 201, [URBAN]: 404, [A]: 404, [ECO]: 404, [PRODUCER]: 404, [WTE]: 404, [RESIDENT]: 404, [T_HOUSEHOLD]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/green/redemptions', '', {
      [STATION]: 201, [URBAN]: 400, [A]: 400, [ECO]: 400, [PRODUCER]: 400, [RESIDENT]: 400, [T_GREEN]: 403, [T_HOUSEHOLD]: 403 }],
    // A smart bin: the operator's green:write token only.
    ['POST /api/smart-bins/deliveries', '', {
      [T_GREEN]: 200, [T_HOUSEHOLD]: 403, [T_MANIFESTS]: 403, [STATION]: 403, [URBAN]: 403, [A]: 403, [RESIDENT]: 403 }],
  ],
};

describe('the permission matrix: green accounts (households, deliveries, grades, redemptions, smart bins)', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
