import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, Client, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, consumedBy, expectCell, once, sendCell, today, TOKEN, RESIDENT, type Arena, type AreaResolved, type Matrix } from '../support/matrix-areas';
import { insertOrganisation } from '../../src/server/platform/organisations/service';
import { cellApplications, cellApplicationSteps, cellObjections } from '../../src/server/cells/schema';
import { demoCreditCode } from '../../src/server/demo/seed';
import { cellKind } from '../../src/domain/cells';

// The permission matrix of zero-waste cells beyond the malls (issue 18): the office sets checklists; a
// company applies for its own factory; 临清's ecology department takes it up, puts it on notice, answers
// an objection, refuses and revokes (冠县's ecology does not see it: 404). Commerce (malls only), the
// office (agencies, schools, scenic areas), the company itself, the platform administrator, a resident
// and a machine token are refused (403), from a session only. The public routes need no login and are
// tested in cells-kinds.test.ts.

let t: TestApp;
let arena: Arena;
const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', GX = 'eco.guanxian', COMMERCE = 'commerce.linqing', PRODUCER = 'producer.demo';

beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
  for (const username of [COMMERCE, GX]) {
    if (!arena.callers.has(username)) arena.callers.set(username, { client: await Client.login(t.app, username), headers: {} });
  }
}, 180_000);
afterAll(async () => { await t?.close(); });

const factory = cellKind('factory')!;
const everyoneElse = (allowed: Record<string, number>, extra: Record<string, number> = {}) => ({
  ...Object.fromEntries([A, OFFICE, ECO, GX, COMMERCE, PRODUCER, RESIDENT, TOKEN.manifests].map((who) => [who, 403])), ...extra, ...allowed,
});

/** A factory of 临清 made for the table, at the step asked for (its steps written as the services would). */
let n = 0;
async function freshFactory(upTo: 'submit' | 'check' | 'notice' | 'approve'): Promise<AreaResolved & { noticeId?: string }> {
  const db = t.database.db;
  const org = await insertOrganisation(db, { actor: null, actorLabel: 'matrix' }, {
    kind: 'enterprise', name: `矩阵测试工厂${++n}`, creditCode: demoCreditCode('enterprise', '371581', 9700 + n), regionCode: '371581002', capabilities: ['producer'],
    address: '矩阵测试路2号', contactName: '测试', contactPhone: '0635-2000001', status: 'verified',
  });
  const [cell] = await db.insert(cellApplications).values({ kind: 'factory', name: org.name, organisationId: org.id, regionCode: org.regionCode }).returning();
  const t0 = Date.now() - 600_000;
  const step = async (s: 'submit' | 'check' | 'notice' | 'approve', data: object, k: number, decidedOn?: string) =>
    (await db.insert(cellApplicationSteps).values({ cellId: cell.id, step: s, data: data as never, decidedOn, organisationId: org.id, at: new Date(t0 + k * 60_000) }).returning())[0];
  await step('submit', { checklistVersion: 1, checklistId: null, criteria: factory.checklist.map((c) => ({ key: c.key, description: '已落实', evidence: [{ name: 'a.pdf' }] })) }, 0);
  if (upTo === 'submit') return { id: cell.id };
  await step('check', { checkedOn: today(), inspectors: ['李建国'], findings: factory.checklist.map((c) => ({ key: c.key, score: c.maxScore, note: '' })), total: 100, passScore: 80, passed: true }, 1);
  if (upTo === 'check') return { id: cell.id };
  const notice = await step('notice', { startOn: today(), endOn: today(), workingDays: 5 }, 2);
  const [objection] = await db.insert(cellObjections).values({ cellId: cell.id, noticeStepId: notice.id, reason: '矩阵测试异议', contact: null }).returning();
  if (upTo === 'notice') return { id: cell.id, params: { objectionId: objection.id } };
  await step('approve', { decisionNo: '矩阵', decidedOn: '2025-01-10' }, 3, '2025-01-10');
  return { id: cell.id };
}
const shared = {
  submitted: once(() => freshFactory('submit')), checked: once(() => freshFactory('check')), noticed: once(() => freshFactory('notice')), named: once(() => freshFactory('approve')),
};
const criteria = [{ key: 'sorting', zh: '分类设施', maxScore: 100, evidenceRequired: true }];

const M: Matrix = {
  targets: {
    '': () => ({}),
    submitted: consumedBy([ECO], () => freshFactory('submit'), shared.submitted),
    checked: consumedBy([ECO], () => freshFactory('check'), shared.checked),
    noticed: consumedBy([ECO], () => freshFactory('notice'), shared.noticed),
    named: consumedBy([ECO], () => freshFactory('approve'), shared.named),
  },
  bodies: {
    'POST /api/cells/checklists': () => ({ kind: 'agency', passScore: 60, noticeDays: 5, criteria }),
    'POST /api/cells/applications': () => ({ kind: 'factory', criteria: factory.checklist.map((c) => ({ key: c.key, description: '矩阵测试', evidence: [{ name: '证明.pdf' }] })) }),
    'POST /api/cells/:id/acceptance': () => ({ note: '矩阵测试受理' }),
    'POST /api/cells/:id/checks': () => ({ checkedOn: today(), inspectors: ['李建国'], findings: factory.checklist.map((c) => ({ key: c.key, score: c.maxScore, note: '' })) }),
    'POST /api/cells/:id/notice': () => ({ startOn: today() }),
    'POST /api/cells/:id/objections/:objectionId/answer': () => ({ outcome: 'dismissed', reply: '矩阵测试答复' }),
    'POST /api/cells/:id/refusal': () => ({ reasons: '矩阵测试不予命名' }),
    'POST /api/cells/:id/revocation': () => ({ reasons: '矩阵测试摘牌', endedOn: today() }),
  },
  rows: [
    ['POST /api/cells/checklists', '', everyoneElse({ [OFFICE]: 201 })],
    // the company applies for itself; a government department is no factory.
    ['POST /api/cells/applications', '', everyoneElse({ [PRODUCER]: 201 })],
    ['POST /api/cells/:id/acceptance', 'submitted', everyoneElse({ [ECO]: 201 }, { [GX]: 404 })],
    ['POST /api/cells/:id/checks', 'submitted', everyoneElse({ [ECO]: 201 }, { [GX]: 404 })],
    ['POST /api/cells/:id/notice', 'checked', everyoneElse({ [ECO]: 201 }, { [GX]: 404 })],
    ['POST /api/cells/:id/objections/:objectionId/answer', 'noticed', everyoneElse({ [ECO]: 201 }, { [GX]: 404 })],
    ['POST /api/cells/:id/refusal', 'submitted', everyoneElse({ [ECO]: 201 }, { [GX]: 404 })],
    ['POST /api/cells/:id/revocation', 'named', everyoneElse({ [ECO]: 201 }, { [GX]: 404 })],
  ],
};

describe('the permission matrix: zero-waste cells of every kind', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});

