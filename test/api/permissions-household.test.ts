import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/app';
import { cellName, multipart } from '../support/matrix';
import { buildArena, cellsOf, expectCell, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of household waste (生活垃圾): the register (places, facilities, trucks,
// routes, the Excel import) is kept by the departments that regulate household waste (urban
// management, housing), the office and the platform admin, in their own area; another department of
// the area is refused (403); another area is refused on the body's region (403) or does not find the
// record (404). Tickets: typed in by a keeper of the facility's area or a user of its operator (绿能,
// wte.demo); posted in batches only by a weighbridge:write token of the operator. A ticket for a
// facility the caller may not post for is refused on its field (400, nothing written).

let t: TestApp;
let arena: Arena;
beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
}, 120_000);
afterAll(async () => { await t?.close(); });

const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', URBAN = 'urban.linqing', HOUSING = 'housing.linqing', HEALTH = 'health.linqing', GX = 'eco.guanxian', TQ = 'office.tianqiao';
const PRODUCER = 'producer.demo', WTE = 'wte.demo';
const T_MANIFESTS = TOKEN.manifests, T_HOUSEHOLD = TOKEN.household, T_GPS = TOKEN.gps;

// ---- fixtures ----------------------------------------------------------------------------------------

const one = async <T>(query: ReturnType<typeof sql>) => (await t.database.db.execute(query)).rows[0] as T;
const next = () => `${Date.now()}${crypto.randomInt(1e6)}`;
const plant = once(async () => (await one<{ id: string }>(sql`SELECT id FROM household_facilities WHERE name = '临清市生活垃圾焚烧发电厂'`)).id);
const community = once(async () => (await one<{ id: string }>(sql`SELECT id FROM household_places WHERE name = '运河花园'`)).id);
const status = () => ({ asOf: today(), households: 860, sortedDeposit: true, sortedCollection: true, sortedTransport: true, sortedTreatment: true, collectionRooms: 3 });
/** A vehicle of a 临清 company, not yet a collection truck: each keeper who may register one gets its own. */
const freshVehicle = async () => {
  const plate = `鲁P${crypto.randomInt(10_000, 99_999)}X`.slice(0, 8);
  await t.database.db.execute(sql`INSERT INTO vehicles (organisation_id, plate, vehicle_type, load_t)
    SELECT id, ${plate}, '压缩式垃圾车', 12 FROM organisations WHERE name = '临清市城乡环卫一体化服务有限公司'`);
  return plate;
};
const ticket = async () => {
  const out = new Date(Date.now() - 30 * 60_000);
  return { facilityId: await plant(), ticketNo: `JZ${next()}`, plate: '鲁PH1101', wasteClass: 'other', grossT: 18, tareT: 11.6, netT: 6.4, inAt: new Date(out.getTime() - 12 * 60_000).toISOString(), outAt: out.toISOString() };
};
/** The register's template as 临清's urban-management bureau downloads it, uploaded back unchanged (a preview). */
const template = once(async () => Buffer.from((await arena.as(URBAN).get('/api/household/places/template.xlsx')).rawPayload));
/** A weighbridge export of one ticket at 临清's plant. */
const ticketSheet = async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('磅单');
  const x = await ticket();
  ws.addRow(['磅单号', '车牌号', '货物名称', '毛重(吨)', '皮重(吨)', '净重(吨)', '进场时间', '出场时间']);
  ws.addRow([x.ticketNo, x.plate, '其他垃圾', x.grossT, x.tareT, x.netT, x.inAt.slice(0, 19).replace('T', ' '), x.outAt.slice(0, 19).replace('T', ' ')]);
  return Buffer.from(await wb.xlsx.writeBuffer());
};

const M: Matrix = {
  targets: {
    '': () => ({}),
    '运河花园 (a community of 临清)': async () => ({ id: await community() }),
    '临清’s incineration plant (run by 绿能)': async () => ({ id: await plant() }),
  },
  bodies: {
    'POST /api/household/places': () => ({ regionCode: '371581001', kind: 'community', name: `矩阵测试小区${next()}`, status: status() }),
    'POST /api/household/places/:id/status': status,
    'POST /api/household/facilities': () => ({ regionCode: '371581', kind: 'transfer_station', name: `矩阵测试转运站${next()}`, classes: ['other'] }),
    'POST /api/household/vehicles': async () => ({ plate: await freshVehicle(), wasteClass: 'other', tareT: 10.8 }),
    'POST /api/household/routes': async () => ({ regionCode: '371581', name: `矩阵测试线路${next()}`, kind: 'urban', wasteClass: 'other', plates: [], facilityIds: [await plant()], stops: [{ name: '运河花园' }] }),
    'POST /api/household/tickets': ticket,
    'POST /api/weighbridge/tickets': async () => ({ tickets: [await ticket()] }),
    'POST /api/household/places/import': async () => multipart({}, { filename: '小区和村名录.xlsx', content: await template() }),
    'POST /api/household/facilities/:id/tickets/import': async () => multipart({}, { filename: '磅单导出.xlsx', content: await ticketSheet() }),
  },
  rows: [
    // ---- The register: the keepers of 临清; the region is in the body, so another area is refused (403).
    ['POST /api/household/places', '', {
      [URBAN]: 201, [HOUSING]: 201, [OFFICE]: 201, [A]: 201, [ECO]: 403, [HEALTH]: 403, [GX]: 403, [TQ]: 403, [PRODUCER]: 403, [WTE]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403, [T_HOUSEHOLD]: 403 }],
    // A place of another area, or of a register one does not keep, does not exist for the caller.
    ['POST /api/household/places/:id/status', '运河花园 (a community of 临清)', {
      [URBAN]: 201, [HOUSING]: 201, [OFFICE]: 201, [A]: 201, [ECO]: 404, [HEALTH]: 404, [GX]: 404, [TQ]: 404, [PRODUCER]: 403, [WTE]: 403, [RESIDENT]: 403, [T_HOUSEHOLD]: 403 }],
    ['POST /api/household/facilities', '', {
      [URBAN]: 201, [HOUSING]: 201, [OFFICE]: 201, [A]: 201, [ECO]: 403, [GX]: 403, [TQ]: 403, [PRODUCER]: 403, [WTE]: 403, [RESIDENT]: 403, [T_HOUSEHOLD]: 403 }],
    // A truck of 临清 is not one 天桥区 can find (400 on the plate).
    ['POST /api/household/vehicles', '', {
      [URBAN]: 201, [HOUSING]: 201, [OFFICE]: 201, [A]: 201, [ECO]: 403, [GX]: 403, [TQ]: 400, [PRODUCER]: 403, [WTE]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/household/routes', '', {
      [URBAN]: 201, [HOUSING]: 201, [OFFICE]: 201, [A]: 201, [ECO]: 403, [GX]: 403, [TQ]: 403, [PRODUCER]: 403, [WTE]: 403, [RESIDENT]: 403, [T_HOUSEHOLD]: 403 }],
    ['POST /api/household/places/import', '', {
      [URBAN]: 200, [HOUSING]: 200, [OFFICE]: 200, [A]: 200, [ECO]: 403, [HEALTH]: 403, [PRODUCER]: 403, [RESIDENT]: 403, [T_HOUSEHOLD]: 403 }],

    // ---- Tickets: a keeper of the facility's area or its operator types one in; a batch comes only
    // with the operator's weighbridge:write token. A facility the caller may not post for is refused on its field.
    ['POST /api/household/tickets', '', {
      [URBAN]: 200, [HOUSING]: 200, [OFFICE]: 200, [A]: 200, [WTE]: 200, [ECO]: 400, [GX]: 400, [TQ]: 400, [PRODUCER]: 400, [T_HOUSEHOLD]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/weighbridge/tickets', '', {
      [T_HOUSEHOLD]: 200, [T_MANIFESTS]: 403, [T_GPS]: 403, [WTE]: 403, [URBAN]: 403, [A]: 403, [PRODUCER]: 403, [RESIDENT]: 403 }],
    ['POST /api/household/facilities/:id/tickets/import', '临清’s incineration plant (run by 绿能)', {
      [URBAN]: 200, [OFFICE]: 200, [WTE]: 200, [ECO]: 403, [TQ]: 404, [GX]: 403, [PRODUCER]: 404, [RESIDENT]: 404, [T_HOUSEHOLD]: 403 }],
  ],
};

describe('the permission matrix: household waste (register, tickets, imports)', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
