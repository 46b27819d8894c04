import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { cellName, multipart } from '../support/matrix';
import { buildArena, cellsOf, expectCell, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of straw and farm film (issue 16). Straw seasons and coefficients are filed
// by the agriculture departments from a session: the bureau for any town of 临清, a town station for
// its own town (another town is a 400 naming regionCode; the county's coefficients are not its to set);
// the office, other departments, companies, a resident and machine tokens are refused. A film row is
// recorded by a verified company in the ledger of its capability (dealer, user, collection point,
// recycler), never by an official, a company of another kind, a resident or a token.

let t: TestApp;
let arena: Arena;
const AGRI = 'agri.linqing', SONGLIN = 'agri.songlin', DEALER = 'dealer.demo', FILMUSER = 'filmuser.demo', STATION = 'agstation.demo', RECYCLER = 'filmrecycler.demo', STRAWFEED = 'strawfeed.demo';
const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', TQ = 'office.tianqiao', PRODUCER = 'producer.demo';

beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
  for (const username of [AGRI, SONGLIN, DEALER, FILMUSER, STATION, RECYCLER, STRAWFEED]) arena.callers.set(username, { client: await Client.login(t.app, username), headers: {} });
}, 120_000);
afterAll(async () => { await t?.close(); });

const year = () => Number(today().slice(0, 4)) - 1;
const sheet = once(async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('秸秆利用');
  ws.addRow(['镇街', '作物', '播种面积（亩）', '总产量（吨）', '单产（公斤/亩）', '直接还田（吨）', '其他肥料化（吨）', '饲料化（吨）', '燃料化（吨）', '基料化（吨）', '原料化（吨）', '收储主体（名称:吨，多个用；分隔）', '备注']);
  ws.addRow(['松林镇', '大豆', 100, 20, null, 10, 0, 0, 0, 0, 0, '', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
});
const stationId = once(async () => (await t.database.db.execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市松林镇农药包装废弃物及废旧农膜收储站'`)).rows[0].id);
const uses = { fieldReturnT: 10, fertiliserT: 0, feedT: 0, fuelT: 0, substrateT: 0, materialT: 0 };

const M: Matrix = {
  targets: { '': () => ({}) },
  bodies: {
    'POST /api/straw/seasons': () => ({ regionCode: '371581101', year: year(), harvest: 'autumn', crop: 'soybean', sownMu: 100, yieldT: 20, uses }),
    'POST /api/straw/coefficients': () => ({ regionCode: '371581', crop: 'peanut', grainRatio: 0.8, collectableShare: 0.85, source: '矩阵测试：参考值' }),
    'POST /api/straw/import?year=2025&harvest=autumn': async () => multipart({}, { filename: '秸秆.xlsx', content: await sheet() }),
    'POST /api/film/records': async (who) => ({ day: today(), filmType: 'pe_mulch', thicknessMm: 0.012, tonnes: 1, ...(who === STATION ? { counterpartName: '矩阵测试农户' } : {}),
      ...(who === RECYCLER ? { counterpartId: await stationId() } : {}) }),
  },
  rows: [
    ['POST /api/straw/seasons', '', {
      [AGRI]: 201, [SONGLIN]: 201, [OFFICE]: 403, [ECO]: 403, [TQ]: 403, [A]: 403, [STRAWFEED]: 403, [DEALER]: 403, [PRODUCER]: 403, [RESIDENT]: 403, [TOKEN.ledger]: 403 }],
    ['POST /api/straw/coefficients', '', {
      [AGRI]: 201, [SONGLIN]: 403, [OFFICE]: 403, [ECO]: 403, [A]: 403, [STRAWFEED]: 403, [RESIDENT]: 403, [TOKEN.ledger]: 403 }],
    ['POST /api/straw/import?year=2025&harvest=autumn', '', {
      [SONGLIN]: 200, [AGRI]: 200, [OFFICE]: 403, [ECO]: 403, [A]: 403, [STRAWFEED]: 403, [RESIDENT]: 403, [TOKEN.ledger]: 403 }],
    ['POST /api/film/records', '', {
      [DEALER]: 201, [FILMUSER]: 201, [STATION]: 201, [RECYCLER]: 201, [AGRI]: 403, [SONGLIN]: 403, [OFFICE]: 403, [ECO]: 403, [A]: 403, [STRAWFEED]: 403, [PRODUCER]: 403, [RESIDENT]: 403, [TOKEN.ledger]: 403 }],
  ],
};

describe('the permission matrix: straw and farm film', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
