import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, consumedBy, expectCell, once, ok, sendCell, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';
import { openDatasets } from '../../src/server/portal/schema';

// The permission matrix of 信息公开 (issue 18): an area's zero-waste office (and the administrator)
// writes, publishes and withdraws its articles and datasets; another area's office does not see them
// (404); every department, company, resident and machine token is refused (403), sessions only.

let t: TestApp;
let arena: Arena;
const A = 'admin', OFFICE = 'office.linqing', TQ = 'office.tianqiao', ECO = 'eco.linqing', PRODUCER = 'producer.demo';

beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
}, 180_000);
afterAll(async () => { await t?.close(); });

let n = 0;
async function draft() {
  const a = ok(await arena.as(OFFICE).post('/api/portal/articles', { kind: 'news', title: `矩阵测试稿件${++n}`, body: '矩阵测试正文' }), 'draft');
  return { id: a.id as string };
}
async function published() {
  const { id } = await draft();
  ok(await arena.as(OFFICE).post(`/api/portal/articles/${id}/publish`), 'publish');
  return { id };
}
async function dataset() {
  const [d] = await t.database.db.insert(openDatasets).values({
    regionCode: '371581', dataset: 'collection_points', slug: `371581-matrix-${++n}`, title: '矩阵测试数据集', publisher: '临清市无废办', licence: 'CC-BY-4.0', frequency: 'MONTHLY', publishedBy: crypto.randomUUID(),
  }).returning();
  return { id: d.id };
}
const WRITERS = [OFFICE, A];
const TOWN: Record<string, string> = { [OFFICE]: '371581001', [A]: '371581002', [TQ]: '370105001' };

const everyoneElse = (allowed: Record<string, number>) => ({
  ...Object.fromEntries([OFFICE, TQ, A, ECO, PRODUCER, RESIDENT, TOKEN.manifests].map((who) => [who, 403])), ...allowed,
});

const M: Matrix = {
  targets: {
    '': () => ({}),
    draft: consumedBy(WRITERS, draft, once(draft)),
    published: consumedBy(WRITERS, published, once(published)),
    dataset: consumedBy(WRITERS, dataset, once(dataset)),
  },
  bodies: {
    'POST /api/portal/articles': () => ({ kind: 'notice', title: '矩阵测试通知', body: '矩阵测试正文' }),
    'PATCH /api/portal/articles/:id': () => ({ summary: '矩阵测试摘要' }),
    'POST /api/portal/articles/:id/withdraw': () => ({ reason: '矩阵测试撤回' }),
    'POST /api/portal/datasets': (who) => ({ regionCode: TOWN[who] ?? '371581003', dataset: 'indicators', publisher: '矩阵测试发布单位', licence: 'CC-BY-4.0' }),
    'POST /api/portal/datasets/:id/withdraw': () => ({ reason: '矩阵测试撤回' }),
  },
  rows: [
    ['POST /api/portal/articles', '', everyoneElse({ [OFFICE]: 201, [A]: 201, [TQ]: 201 })],
    ['PATCH /api/portal/articles/:id', 'draft', everyoneElse({ [OFFICE]: 200, [A]: 200, [TQ]: 404 })],
    ['POST /api/portal/articles/:id/publish', 'draft', everyoneElse({ [OFFICE]: 200, [A]: 200, [TQ]: 404 })],
    ['POST /api/portal/articles/:id/withdraw', 'published', everyoneElse({ [OFFICE]: 200, [A]: 200, [TQ]: 404 })],
    ['POST /api/portal/datasets', '', everyoneElse({ [OFFICE]: 201, [A]: 201, [TQ]: 201 })],
    ['POST /api/portal/datasets/:id/withdraw', 'dataset', everyoneElse({ [OFFICE]: 200, [A]: 200, [TQ]: 404 })],
  ],
};

describe('the permission matrix: the public portal’s console', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
