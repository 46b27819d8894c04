import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, expectCell, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of renewable resources (再生资源): a station's or the sorting centre's clerk
// records intake; a licensed dismantler records a received unit's dismantling; the recycling company
// registers its network (another recycler, the centre's or the paper mill's company, gets 409: the station is not its own). A factory, a driver, the commerce bureau, ecology,
// the office, the platform administrator, a resident and a machine token are refused (403), from a
// session only. Loads go through POST /api/manifests, declarations through /api/declarations.

let t: TestApp;
let arena: Arena;
const A = 'admin', OFFICE = 'office.linqing', COMMERCE = 'commerce.linqing', ECO = 'eco.linqing';
const STATION = 'rrstation.demo', CENTRE = 'sorting.demo', RECYCLER = 'recycler.demo', DISMANTLER = 'dismantler.demo', PAPERMILL = 'papermill.demo', PRODUCER = 'producer.demo', DRIVER = 'driver.demo';

beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
  for (const username of [STATION, CENTRE, RECYCLER, DISMANTLER, PAPERMILL, COMMERCE]) {
    if (!arena.callers.has(username)) arena.callers.set(username, { client: await Client.login(t.app, username), headers: {} });
  }
}, 180_000);
afterAll(async () => { await t?.close(); });

const one = async (query: ReturnType<typeof sql>) => (await t.database.db.execute<{ id: string }>(query)).rows[0].id;
const stationOrg = once(() => one(sql`SELECT organisation_id AS id FROM users WHERE username = ${STATION}`));
/** A unit the dismantler received and has not dismantled: each cell that may dismantle takes the next one. */
const undismantled = async () => one(sql`SELECT e.unit_id AS id FROM ewaste_unit_events e WHERE e.kind = 'received'
  AND NOT EXISTS (SELECT 1 FROM ewaste_unit_events d WHERE d.unit_id = e.unit_id AND d.kind = 'dismantled') ORDER BY e.happened_on, e.unit_id LIMIT 1`);
const allowed = (who: Record<string, number>) => Object.fromEntries(
  [STATION, CENTRE, RECYCLER, DISMANTLER, PAPERMILL, PRODUCER, DRIVER, COMMERCE, ECO, OFFICE, A, RESIDENT, TOKEN.manifests].map((x) => [x, who[x] ?? 403]));

const M: Matrix = {
  targets: { '': () => ({}) },
  bodies: {
    'POST /api/recycling/intake': () => ({ receivedOn: today(), category: 'paper', weightKg: 12.5, source: 'walk_in' }),
    'POST /api/recycling/ewaste/dismantling': async () => ({ unitId: await undismantled(), dismantledOn: today(), line: '矩阵测试拆解线' }),
    'POST /api/recycling/sites': async () => ({ organisationId: await stationOrg(), kind: 'station', servedPlaceIds: [], servedTownCodes: ['371581001'] }),
  },
  rows: [
    ['POST /api/recycling/intake', '', allowed({ [STATION]: 201, [CENTRE]: 201 })],
    ['POST /api/recycling/ewaste/dismantling', '', allowed({ [DISMANTLER]: 201 })],
    ['POST /api/recycling/sites', '', allowed({ [RECYCLER]: 200, [CENTRE]: 409, [PAPERMILL]: 409 })],
  ],
};

describe('the permission matrix: renewable resources', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
