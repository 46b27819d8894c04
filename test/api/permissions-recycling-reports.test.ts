import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, consumedBy, expectCell, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';
import { insertOrganisation } from '../../src/server/platform/organisations/service';
import { cellApplications, cellApplicationSteps } from '../../src/server/cells/schema';
import { demoCreditCode } from '../../src/server/demo/seed';
import { CELL_KINDS } from '../../src/domain/cells';

// The permission matrix of issue 17's county reports and zero-waste cells: a county's commerce bureau
// files its monthly progress; 聊城's commerce bureau reminds and issues notices; a mall applies for
// itself; the county's commerce bureau checks, names and returns (another county's bureau does not
// see the mall: 404). Everyone else is refused (403), from a session only.

let t: TestApp;
let arena: Arena;
const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing';
const GUANXIAN = 'commerce.guanxian', LINQING = 'commerce.linqing', CITY = 'commerce.liaocheng', MALL = 'mall.demo', YINZUO = 'mall.yinzuo', PRODUCER = 'producer.demo';

beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
  for (const username of [GUANXIAN, LINQING, CITY, MALL, YINZUO]) {
    if (!arena.callers.has(username)) arena.callers.set(username, { client: await Client.login(t.app, username), headers: {} });
  }
}, 180_000);
afterAll(async () => { await t?.close(); });

const checklist = CELL_KINDS[0].checklist;
const pastMonth = (() => { const [y, m] = today().slice(0, 7).split('-').map(Number); return m <= 2 ? `${y - 1}-${String(m + 10).padStart(2, '0')}` : `${y}-${String(m - 2).padStart(2, '0')}`; })();
const taskIds = once(async () => (await arena.as(GUANXIAN).get('/api/recycling/reports/tasks')).json().items.map((i: { id: string }) => i.id) as string[]);

/** A mall of 临清 made for the table, with its application submitted (and checked when asked). */
let n = 0;
async function freshCell(checked: boolean) {
  const db = t.database.db;
  const org = await insertOrganisation(db, { actor: null, actorLabel: 'matrix' }, {
    kind: 'enterprise', name: `矩阵测试商场${++n}`, creditCode: demoCreditCode('enterprise', '371581', 9900 + n), regionCode: '371581002', capabilities: ['mall'],
    address: '矩阵测试路1号', contactName: '测试', contactPhone: '0635-2000000', status: 'verified',
  });
  const [cell] = await db.insert(cellApplications).values({ kind: 'mall', organisationId: org.id, regionCode: org.regionCode }).returning();
  await db.insert(cellApplicationSteps).values({ cellId: cell.id, step: 'submit', data: { items: checklist.map((c) => ({ key: c.key, description: '已落实', attachments: [] })) }, organisationId: org.id, at: new Date(Date.now() - 60_000) });
  if (checked) await db.insert(cellApplicationSteps).values({ cellId: cell.id, step: 'check', data: { checkedOn: today(), inspectors: ['周文'], findings: checklist.map((c) => ({ key: c.key, pass: true, note: '' })) }, organisationId: org.id, at: new Date(Date.now() - 30_000) });
  return { id: cell.id };
}
const sharedSubmitted = once(() => freshCell(false));
const sharedChecked = once(() => freshCell(true));

const everyoneElse = (allowed: Record<string, number>, extra: Record<string, number> = {}) => ({
  ...Object.fromEntries([GUANXIAN, LINQING, CITY, MALL, YINZUO, PRODUCER, ECO, OFFICE, A, RESIDENT, TOKEN.manifests].map((who) => [who, 403])), ...extra, ...allowed,
});

const M: Matrix = {
  targets: {
    '': () => ({}),
    submitted: consumedBy([LINQING], () => freshCell(false), sharedSubmitted),
    checked: consumedBy([LINQING], () => freshCell(true), sharedChecked),
  },
  bodies: {
    'POST /api/recycling/reports': async () => ({ month: pastMonth, stationsBuilt: 1, sortingCentre: '分拣中心试运行', mallsCreated: 0, lines: (await taskIds()).map((taskId) => ({ taskId, percent: 50, text: '矩阵测试进展' })) }),
    'POST /api/recycling/reports/reminders': () => ({ regionCode: '371525', months: [pastMonth], body: '矩阵测试提醒' }),
    'POST /api/recycling/reports/notices': () => ({ regionCode: '371525', months: [pastMonth], title: '矩阵测试通报', body: '矩阵测试通报内容' }),
    'POST /api/cells/applications': () => ({ kind: 'mall', criteria: checklist.map((c) => ({ key: c.key, description: '矩阵测试整改', evidence: [{ name: '整改照片.jpg' }] })) }),
    'POST /api/cells/:id/checks': () => ({ checkedOn: today(), inspectors: ['周文'], findings: checklist.map((c) => ({ key: c.key, pass: true, note: '' })) }),
    'POST /api/cells/:id/approval': () => ({ decisionNo: '临商投字〔2026〕矩阵', decidedOn: today() }),
    'POST /api/cells/:id/return': () => ({ reasons: '矩阵测试退回' }),
  },
  rows: [
    ['POST /api/recycling/reports', '', everyoneElse({ [GUANXIAN]: 201, [LINQING]: 201 })],
    ['POST /api/recycling/reports/reminders', '', everyoneElse({ [CITY]: 201 })],
    ['POST /api/recycling/reports/notices', '', everyoneElse({ [CITY]: 201 })],
    // mall.demo's application was returned in the demo: it sends it again.
    ['POST /api/cells/applications', '', everyoneElse({ [MALL]: 201 }, { [YINZUO]: 409 })],
    ['POST /api/cells/:id/checks', 'submitted', everyoneElse({ [LINQING]: 201 }, { [GUANXIAN]: 404 })],
    ['POST /api/cells/:id/approval', 'checked', everyoneElse({ [LINQING]: 201 }, { [GUANXIAN]: 404 })],
    ['POST /api/cells/:id/return', 'checked', everyoneElse({ [LINQING]: 201 }, { [GUANXIAN]: 404 })],
  ],
};

describe('the permission matrix: county reports and zero-waste cells', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
