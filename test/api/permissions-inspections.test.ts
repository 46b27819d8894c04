import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, consumedBy, expectCell, ok, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';
import { CHECKLIST } from '../../src/domain/inspections';

// The permission matrix of 双随机、一公开 and enforcement cases: 临清's ecology bureau lists units,
// makes pools, draws, records checks, opens cases and appends their steps; 冠县's bureau works in its
// own county only (临清's draws, cases and companies are unknown to it: 400 naming the field, or 404);
// the zero-waste office, other departments, companies, residents and machine tokens are refused (403).

let t: TestApp;
let arena: Arena;
const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', GX = 'eco.guanxian', HEALTH = 'health.linqing', PRODUCER = 'producer.demo';

beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
}, 180_000);
afterAll(async () => { await t?.close(); });

const pools = once(async () => {
  const items = ok(await arena.as(ECO).get('/api/inspections/pools?pageSize=100'), 'pools').items as { id: string; name: string; kind: string }[];
  return { key: items.find((p) => p.name === '危险废物重点监管单位名录库')!.id, officers: items.find((p) => p.kind === 'inspector')!.id };
});
let n = 0;
async function freshDraw() {
  const p = await pools();
  const draw = ok(await arena.as(ECO).post('/api/inspections/draws', { title: `矩阵测试抽取${++n}`, enterprisePoolId: p.key, inspectorPoolId: p.officers, enterpriseCount: 1, inspectorsPerEnterprise: 2 }), 'draw');
  return { body: { drawId: draw.id, organisationId: draw.result[0].organisationId, inspectedOn: today(), items: CHECKLIST.map((c) => ({ key: c.key, result: 'conform' })) } };
}
const sharedDraw = once(freshDraw);
const sharedCase = once(async () => ({ id: ok(await arena.as(ECO).post('/api/cases', { caseNo: `矩阵测试案件${Date.now()}`, title: '矩阵测试案件', facts: '矩阵测试事实', source: { kind: 'other' }, partyName: '矩阵测试当事人', openedOn: today() }), 'case').id }));
const hengtong = once(async () => ok(await arena.as(PRODUCER).get('/api/auth/me'), 'me').organisation.id as string);

const everyoneElse = (allowed: Record<string, number>) => ({
  ...Object.fromEntries([A, OFFICE, ECO, GX, HEALTH, PRODUCER, RESIDENT, TOKEN.manifests].map((who) => [who, 403])), ...allowed,
});

const M: Matrix = {
  targets: {
    '': () => ({}),
    draw: consumedBy([ECO], freshDraw, sharedDraw),
    case: () => sharedCase(),
  },
  bodies: {
    'POST /api/inspections/risk-listings': async () => ({ organisationId: await hengtong(), level: 'key', reason: '矩阵测试列入', listedOn: today() }),
    'POST /api/inspections/pools': () => ({ kind: 'inspector', name: '矩阵测试人员库', includeUsers: true, officers: [{ name: '矩阵测试', badgeNo: 'JZ0001' }] }),
    'POST /api/inspections/draws': async () => { const p = await pools(); return { title: '矩阵测试抽取', enterprisePoolId: p.key, inspectorPoolId: p.officers, enterpriseCount: 1, inspectorsPerEnterprise: 2 }; },
    'POST /api/cases': () => ({ caseNo: `矩阵测试立案${++n}`, title: '矩阵测试案件', facts: '矩阵测试事实', source: { kind: 'other' }, partyName: '矩阵测试当事人', openedOn: today() }),
    'POST /api/cases/:id/steps': () => ({ kind: 'investigation', on: today(), note: '矩阵测试调查' }),
  },
  rows: [
    // 冠县's bureau may list only its own companies (恒通 is 临清's): refused naming the field.
    ['POST /api/inspections/risk-listings', '', everyoneElse({ [ECO]: 201, [GX]: 400 })],
    ['POST /api/inspections/pools', '', everyoneElse({ [ECO]: 201, [GX]: 201 })],
    ['POST /api/inspections/draws', '', everyoneElse({ [ECO]: 201, [GX]: 400 })],
    ['POST /api/inspections', 'draw', everyoneElse({ [ECO]: 201, [GX]: 400 })],
    ['POST /api/cases', '', everyoneElse({ [ECO]: 201, [GX]: 201 })],
    ['POST /api/cases/:id/steps', 'case', everyoneElse({ [ECO]: 201, [GX]: 404 })],
  ],
};

describe('the permission matrix: random inspections and enforcement cases', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
