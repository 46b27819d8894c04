import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, expectCell, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of pesticide packaging and farm inputs (农药包装废弃物, 化肥农药): a verified
// dealer's administrator records its sales, take-backs and fertiliser sales; a town station's its
// receipts; the county agriculture bureau designates utilisers. A station, a farm, a driver, the
// town's agricultural station, ecology, the office, the platform administrator, a resident and a
// machine token are refused (403), from a session only. Loads go through POST /api/manifests.

let t: TestApp;
let arena: Arena;
const A = 'admin', OFFICE = 'office.linqing', AGRI = 'agri.linqing', SONGLIN = 'agri.songlin', ECO = 'eco.linqing';
const DEALER = 'dealer.demo', STATION = 'agstation.demo', FARM = 'farm.demo', DRIVER = 'driver.demo', RECYCLER = 'filmrecycler.demo';

beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
  // The agricultural logins are not in the isolation world: logged in here.
  for (const username of [DEALER, STATION, FARM, AGRI, SONGLIN, RECYCLER]) {
    if (!arena.callers.has(username)) arena.callers.set(username, { client: await Client.login(t.app, username), headers: {} });
  }
}, 120_000);
afterAll(async () => { await t?.close(); });

const utiliser = once(async () => (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市绿源环保科技有限公司'`)).rows[0].id);
const everyoneElse = (allowed: string, status: number) => Object.fromEntries(
  [DEALER, STATION, FARM, DRIVER, RECYCLER, AGRI, SONGLIN, ECO, OFFICE, A, RESIDENT, TOKEN.manifests].map((who) => [who, who === allowed ? status : 403]));

const M: Matrix = {
  targets: { '': () => ({}) },
  bodies: {
    'POST /api/pesticide/sales': () => ({ soldOn: today(), productName: '1.8%阿维菌素乳油', registrationNo: 'PD20080563', activeIngredient: '阿维菌素', contentPct: 1.8, packageType: 'bottle', packageMaterial: 'plastic', packageSize: '100毫升', packageCount: 20, productKg: 2, packageWeightG: 25 }),
    'POST /api/pesticide/returns': () => ({ returnedOn: today(), bottleCount: 2, bagCount: 0, drumCount: 0, weightKg: 0.05 }),
    'POST /api/pesticide/receipts': () => ({ receivedOn: today(), sourceKind: 'farmer', farmerName: '矩阵测试农户', bottleCount: 2, bagCount: 1, drumCount: 0, weightKg: 0.06 }),
    'POST /api/pesticide/utilisers': async () => ({ organisationId: await utiliser(), action: 'designate', decisionNo: '临农发〔2026〕矩阵测试' }),
    'POST /api/farm-inputs/fertiliser-sales': () => ({ soldOn: today(), productName: '尿素', nPct: 46, p2o5Pct: 0, k2oPct: 0, productKg: 1000 }),
  },
  rows: [
    ['POST /api/pesticide/sales', '', everyoneElse(DEALER, 201)],
    ['POST /api/pesticide/returns', '', everyoneElse(DEALER, 201)],
    ['POST /api/farm-inputs/fertiliser-sales', '', everyoneElse(DEALER, 201)],
    ['POST /api/pesticide/receipts', '', everyoneElse(STATION, 201)],
    ['POST /api/pesticide/utilisers', '', everyoneElse(AGRI, 201)],
  ],
};

describe('the permission matrix: pesticide packaging and farm inputs', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
