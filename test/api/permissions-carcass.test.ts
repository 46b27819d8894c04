import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, consumedBy, expectCell, ok, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of dead livestock (病死畜禽): a farm reports its own dead animals and a town's
// agricultural station a household's (201); whoever filed a report cancels it (200), anyone else who
// sees it is refused (403), whoever does not see it finds nothing (404); the treatment plant plans the
// rounds, its driver (or its office) signs a pickup, its office (never the driver) records the
// treatment; everyone else is refused, a machine token and a resident too.

let t: TestApp;
let arena: Arena;
const FARM = 'farm.demo', FARM3 = 'farm03.carcass', PLANT = 'carcass.demo', DRIVER = 'driver.carcass', BUREAU = 'agri.linqing', TOWN = 'agri.songlin';
const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing';
beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
  for (const who of [FARM, FARM3, PLANT, DRIVER, BUREAU, TOWN]) arena.callers.set(who, { client: await Client.login(t.app, who), headers: {} });
}, 120_000);
afterAll(async () => { await t?.close(); });

const report = (extra: Record<string, unknown> = {}) => ({ species: 'pig', head: 2, weightKg: 150, cause: 'non_disease', diedOn: today(), location: `矩阵测试暂存间${crypto.randomInt(1e6)}`, ...extra });
const fleet = once(async () => (await t.database.db.execute<{ vehicle: string; driver: string }>(sql`SELECT v.id AS vehicle, d.id AS driver FROM vehicles v JOIN drivers d ON d.organisation_id = v.organisation_id
  JOIN users u ON u.id = d.user_id WHERE u.username = 'driver.carcass' AND v.plate = '鲁PB7361'`)).rows[0]);
const manifestOf = async (reportId: string) => (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM manifests WHERE stream = 'carcass' AND data->>'reportId' = ${reportId} AND status <> 'cancelled'`)).rows[0].id;
/** A fresh report of 鑫旺 (farm.demo), waiting for a round. */
const freshReport = async () => ok(await arena.as(FARM).post('/api/carcass/reports', report()), 'report').id as string;
const roundBody = async () => { const { vehicle, driver } = await fleet(); return { roundDate: today(), vehicleId: vehicle, driverId: driver, reportIds: [await freshReport()] }; };
/** A fresh stop of a round: its manifest, signed out by the farm, waiting for the driver. */
const freshStop = async () => {
  const body = await roundBody();
  ok(await arena.as(PLANT).post('/api/carcass/rounds', body), 'round');
  return manifestOf(body.reportIds[0]);
};
const pickup = (manifestId: string) => ({ manifestId, head: 2, weightKg: 148.5, handedOverBy: '张建国' });
const freshLoad = async () => { const id = await freshStop(); ok(await arena.as(DRIVER).post('/api/carcass/pickups', pickup(id)), 'pickup'); return id; };
const treatment = (manifestId: string) => ({ manifestId, receivedWeightKg: 146, receivedHead: 2, method: 'rendering', treatedOn: today() });

const sharedReport = once(freshReport), sharedStop = once(freshStop), sharedLoad = once(freshLoad);

const M: Matrix = {
  targets: {
    '': () => ({}),
    'a waiting report of 鑫旺': consumedBy([FARM], async () => ({ id: await freshReport() }), async () => ({ id: await sharedReport() })),
    'a stop waiting for the driver': consumedBy([DRIVER, PLANT], async () => ({ body: pickup(await freshStop()) }), async () => ({ body: pickup(await sharedStop()) })),
    'a load on the road': consumedBy([PLANT], async () => ({ body: treatment(await freshLoad()) }), async () => ({ body: treatment(await sharedLoad()) })),
  },
  bodies: {
    'POST /api/carcass/reports': (who) => (who === TOWN ? report({ householdName: '矩阵户', village: '东街村', head: 1, weightKg: 80 }) : report()),
    'POST /api/carcass/reports/:id/cancel': () => ({ reason: '矩阵测试：误报' }),
    'POST /api/carcass/rounds': roundBody,
  },
  rows: [
    ['POST /api/carcass/reports', '', {
      [FARM]: 201, [FARM3]: 201, [TOWN]: 201, [BUREAU]: 403, [PLANT]: 403, [DRIVER]: 403, [ECO]: 403, [OFFICE]: 403, [A]: 403, [RESIDENT]: 403, [TOKEN.manifests]: 403 }],
    ['POST /api/carcass/reports/:id/cancel', 'a waiting report of 鑫旺', {
      [FARM]: 200, [FARM3]: 404, [PLANT]: 403, [DRIVER]: 403, [BUREAU]: 403, [TOWN]: 403, [OFFICE]: 403, [ECO]: 403, [A]: 404, [RESIDENT]: 403, [TOKEN.manifests]: 403 }],
    ['POST /api/carcass/rounds', '', {
      [PLANT]: 201, [DRIVER]: 403, [FARM]: 403, [BUREAU]: 403, [TOWN]: 403, [ECO]: 403, [OFFICE]: 403, [A]: 403, [RESIDENT]: 403, [TOKEN.manifests]: 403 }],
    ['POST /api/carcass/pickups', 'a stop waiting for the driver', {
      [DRIVER]: 200, [PLANT]: 200, [FARM]: 404, [FARM3]: 404, [BUREAU]: 404, [ECO]: 404, [A]: 404, [RESIDENT]: 403, [TOKEN.manifests]: 404 }],
    ['POST /api/carcass/treatments', 'a load on the road', {
      [PLANT]: 200, [DRIVER]: 403, [FARM]: 404, [BUREAU]: 404, [TOWN]: 404, [ECO]: 404, [A]: 404, [RESIDENT]: 403, [TOKEN.manifests]: 404 }],
  ],
};

describe('the permission matrix: dead livestock (reports, rounds, pickups, treatments)', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
