import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, consumedBy, expectCell, once, sendCell, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';
import { bindQuestion, createSurvey, moveSurvey } from '../../src/server/surveys/service';
import { demoActors } from '../../src/server/demo/actors';

// The permission matrix of 问卷调查: a county's zero-waste office builds, publishes, closes, copies and
// binds the surveys of its own region, from a session; another county's office does not find them
// (404); departments, companies, a resident, the platform administrator and a machine token are
// refused (403). Answering is public by design (test/api/surveys.test.ts: one answer per device and
// phone, quotas, the rate limit).

let t: TestApp;
let arena: Arena;
const A = 'admin', OFFICE = 'office.linqing', TQ = 'office.tianqiao', ECO = 'eco.linqing', PRODUCER = 'producer.demo';

beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
  for (const username of [OFFICE, TQ]) {
    if (!arena.callers.has(username)) arena.callers.set(username, { client: await Client.login(t.app, username), headers: {} });
  }
}, 180_000);
afterAll(async () => { await t?.close(); });

const QUESTIONS = [{ kind: 'scale' as const, title: '满意程度', required: true }];
const row45 = once(async () => (await t.database.db.execute<{ id: string }>(sql`SELECT i.id FROM indicators i JOIN indicator_plans p ON p.id = i.plan_id
  WHERE p.region_code = '371581' AND p.superseded_at IS NULL AND i.no = 45`)).rows[0].id);

/** A survey of 临清 made for the table: a draft, published, or published with its scale bound to row 45. */
let n = 0;
async function freshSurvey(state: 'draft' | 'published' | 'bound') {
  const office = await demoActors(t.database.db)(OFFICE);
  const s = await createSurvey(t.database.db, office, { title: `矩阵测试问卷${++n}`, questions: QUESTIONS });
  if (state !== 'draft') await moveSurvey(t.database.db, office, s.id, 'published');
  if (state === 'bound') {
    const b = await bindQuestion(t.database.db, office, s.id, { questionKey: 'q1', indicatorId: await row45(), rule: { kind: 'scale_at_least', min: 4 } });
    return { id: s.id, params: { bindingId: b.id } };
  }
  return { id: s.id };
}
const sharedDraft = once(() => freshSurvey('draft'));
const sharedPublished = once(() => freshSurvey('published'));
const sharedBound = once(() => freshSurvey('bound'));

const everyoneElse = (allowed: Record<string, number>) => ({
  ...Object.fromEntries([OFFICE, TQ, ECO, PRODUCER, A, RESIDENT, TOKEN.manifests].map((who) => [who, 403])), ...allowed,
});

const M: Matrix = {
  targets: {
    '': () => ({}),
    draft: sharedDraft,
    'draft to publish': consumedBy([OFFICE], () => freshSurvey('draft'), sharedDraft),
    published: sharedPublished,
    'published to close': consumedBy([OFFICE], () => freshSurvey('published'), sharedPublished),
    bound: consumedBy([OFFICE], () => freshSurvey('bound'), sharedBound),
  },
  bodies: {
    'POST /api/surveys': () => ({ title: '矩阵测试问卷', questions: QUESTIONS }),
    'PUT /api/surveys/:id': () => ({ title: '矩阵测试草稿', questions: QUESTIONS }),
    'POST /api/surveys/:id/bindings': async () => ({ questionKey: 'q1', indicatorId: await row45(), rule: { kind: 'scale_at_least', min: 4 } }),
  },
  rows: [
    ['POST /api/surveys', '', everyoneElse({ [OFFICE]: 201, [TQ]: 201 })],
    ['PUT /api/surveys/:id', 'draft', everyoneElse({ [OFFICE]: 200, [TQ]: 404 })],
    ['POST /api/surveys/:id/publish', 'draft to publish', everyoneElse({ [OFFICE]: 200, [TQ]: 404 })],
    ['POST /api/surveys/:id/close', 'published to close', everyoneElse({ [OFFICE]: 200, [TQ]: 404 })],
    ['POST /api/surveys/:id/copy', 'published', everyoneElse({ [OFFICE]: 201, [TQ]: 404 })],
    ['POST /api/surveys/:id/bindings', 'published', everyoneElse({ [OFFICE]: 201, [TQ]: 404 })],
    ['POST /api/surveys/:id/bindings/:bindingId/end', 'bound', everyoneElse({ [OFFICE]: 200, [TQ]: 404 })],
  ],
};

describe('the permission matrix: surveys', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
