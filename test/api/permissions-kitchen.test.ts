import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, expectCell, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of kitchen waste (餐厨垃圾): a collection contract is registered by the
// administrator of a verified restaurant, canteen, school or hotel, from a session; its collector,
// the plant, another company, the departments, the platform administrator, a resident and a machine
// token are refused (403). Pickups themselves go through POST /api/manifests (permissions-waste).

let t: TestApp;
let arena: Arena;
beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
}, 120_000);
afterAll(async () => { await t?.close(); });

const A = 'admin', OFFICE = 'office.linqing', URBAN = 'urban.linqing', HOUSING = 'housing.linqing', ECO = 'eco.linqing';
const RESTAURANT = 'restaurant.demo', COLLECTOR = 'kwcollector.demo', PLANT = 'kwplant.demo', PRODUCER = 'producer.demo', DRIVER = 'driver.demo';

const collector = once(async () => (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市洁源餐厨废弃物收运有限公司'`)).rows[0].id);

const M: Matrix = {
  targets: { '': () => ({}) },
  bodies: {
    'POST /api/kitchen/contracts': async () => ({ producerKind: 'restaurant', collectorId: await collector(), contractNo: `JYCC-矩阵-${Date.now()}`, validFrom: today(), validTo: '2030-12-31', dailyKg: 180 }),
  },
  rows: [
    ['POST /api/kitchen/contracts', '', {
      [RESTAURANT]: 201, [COLLECTOR]: 403, [PLANT]: 403, [PRODUCER]: 403, [DRIVER]: 403, [URBAN]: 403, [HOUSING]: 403, [ECO]: 403, [OFFICE]: 403, [A]: 403, [RESIDENT]: 403, [TOKEN.manifests]: 403 }],
  ],
};

describe('the permission matrix: kitchen waste (collection contracts)', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
