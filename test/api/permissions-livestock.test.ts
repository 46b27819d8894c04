import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, expectCell, once, sendCell, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of livestock farms and manure (畜禽养殖场, 畜禽粪污台账): a farm's own staff record
// for their farm; the agriculture bureau for a farm of its city, 松林镇's station for a farm of its town;
// the fertiliser plant, another company, a driver, the office, other departments, the platform
// administrator, a resident and a machine token are refused (403). Hand-overs go through
// POST /api/manifests (permissions-waste).

let t: TestApp;
let arena: Arena;
beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
}, 120_000);
afterAll(async () => { await t?.close(); });

const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', PRODUCER = 'producer.demo', DRIVER = 'driver.demo';
const FARM = 'farm.demo', PLANT = 'fertplant.demo', BUREAU = 'agri.linqing', STATION = 'agri.songlin';

const orgNamed = (name: string) => once(async () => (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0].id);
const farm10 = orgNamed('临清市刘垓子镇金牧生猪养殖有限公司');
const farm02 = orgNamed('临清市松林镇丰泽蛋鸡养殖专业合作社');
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4)), month = Number(today.slice(5, 7));

/** Each official writes for a farm of his own area (the bureau a farm of 刘垓子镇, the station one of 松林镇); anyone else names none. */
const farmFor = async (who: string) => (who === BUREAU ? { farmId: await farm10() } : who === STATION ? { farmId: await farm02() } : {});

const M: Matrix = {
  targets: { '': () => ({}) },
  bodies: {
    'POST /api/livestock/manure': async (who) => ({ ...(await farmFor(who)), year, month, basis: 'coefficient', fieldT: 12.5, fieldAreaMu: 5, biogasT: 0, soldT: 0 }),
    'POST /api/livestock/farm-years': async (who) => ({ ...(await farmFor(who)), year: year + 1, species: 'pig', stockHead: 2400, soldHead: 4800, storageM3: 5200, dryYardM2: 800, covered: true, rainSeparated: true, facilityKind: 'biogas' }),
  },
  rows: [
    ['POST /api/livestock/manure', '', {
      [FARM]: 201, [BUREAU]: 201, [STATION]: 201, [PLANT]: 403, [PRODUCER]: 403, [DRIVER]: 403, [ECO]: 403, [OFFICE]: 403, [A]: 403, [RESIDENT]: 403, [TOKEN.manifests]: 403 }],
    ['POST /api/livestock/farm-years', '', {
      [FARM]: 201, [BUREAU]: 201, [STATION]: 201, [PLANT]: 403, [PRODUCER]: 403, [DRIVER]: 403, [ECO]: 403, [OFFICE]: 403, [A]: 403, [RESIDENT]: 403, [TOKEN.manifests]: 403 }],
  ],
};

describe('the permission matrix: livestock farms and manure', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
