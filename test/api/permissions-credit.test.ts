import { afterAll, beforeAll, describe, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, consumedBy, expectCell, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';
import { organisations } from '../../src/server/platform/organisations/schema';
import { users } from '../../src/server/platform/accounts/schema';
import { creditBlacklist, creditEvents, creditRepairs } from '../../src/server/credit/schema';
import { addMonths } from '../../src/domain/credit';

// The permission matrix of enterprise environmental credit (issue 18): 临清's ecology bureau (and the
// administrator) records penalties, corrects, sweeps, blacklists, lifts, decides repairs and rates;
// 冠县's bureau manages its own area only (临清's records: 404); an enterprise asks repair of its own
// events only (another's: 404); the office, other departments, residents and tokens are refused (403).

let t: TestApp;
let arena: Arena;
const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', GX = 'eco.guanxian', URBAN = 'urban.linqing', PRODUCER = 'producer.demo', RECEIVER = 'receiver.demo';

beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
}, 180_000);
afterAll(async () => { await t?.close(); });

const hengtong = once(async () => (await t.database.db.select({ id: organisations.id, regionCode: organisations.regionCode }).from(organisations).where(eq(organisations.name, '临清市恒通轴承制造有限公司')))[0]);
const ecoUser = once(async () => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, ECO)))[0].id);

/** An event of 恒通 in force, written as the sweep writes one. */
let n = 0;
async function freshEvent() {
  const org = await hengtong();
  const [row] = await t.database.db.insert(creditEvents).values({
    organisationId: org.id, regionCode: org.regionCode, kind: 'alarm_overdue', points: -2, reason: `矩阵测试事件${++n}`, sourceType: 'alarm', sourceId: `matrix-${n}`, sourceKey: `matrix:${n}:${Date.now()}`,
    occurredOn: today(), validFrom: today(), validUntil: addMonths(today(), 12),
  }).returning({ id: creditEvents.id });
  return row;
}
async function freshEntry() {
  const org = await hengtong();
  const [row] = await t.database.db.insert(creditBlacklist).values({ organisationId: org.id, regionCode: org.regionCode, reason: '矩阵测试', decisionNo: `矩阵〔${++n}〕`, listedFrom: today(), listedBy: await ecoUser() }).returning({ id: creditBlacklist.id });
  return row;
}
async function freshRepair() {
  const event = await freshEvent();
  const org = await hengtong();
  const [row] = await t.database.db.insert(creditRepairs).values({ eventId: event.id, organisationId: org.id, regionCode: org.regionCode, rectification: '矩阵测试整改', evidence: '矩阵测试材料', requestedBy: await ecoUser() }).returning({ id: creditRepairs.id });
  return row;
}
const repairable = async () => ({ body: { eventId: (await freshEvent()).id, rectification: '已整改到位', evidence: '整改报告' } });
const sharedEvent = once(freshEvent), sharedEntry = once(freshEntry), sharedRepair = once(freshRepair), sharedRepairable = once(repairable);

const everyoneElse = (allowed: Record<string, number>) => ({
  ...Object.fromEntries([ECO, GX, OFFICE, A, URBAN, PRODUCER, RECEIVER, RESIDENT, TOKEN.manifests].map((who) => [who, 403])), ...allowed,
});

const M: Matrix = {
  targets: {
    '': () => ({}),
    event: consumedBy([ECO, A], freshEvent, sharedEvent),
    entry: consumedBy([ECO, A], freshEntry, sharedEntry),
    repair: consumedBy([ECO, A], freshRepair, sharedRepair),
    repairable: consumedBy([PRODUCER], repairable, sharedRepairable),
  },
  bodies: {
    'POST /api/credit/events': async () => ({ organisationId: (await hengtong()).id, kind: 'penalty', points: -5, reason: '矩阵测试处罚', occurredOn: today(), decisionNo: `矩阵罚〔${++n}〕号`, legalBasis: '矩阵测试法律依据' }),
    'POST /api/credit/events/:id/correction': () => ({ reason: '矩阵测试更正' }),
    'POST /api/credit/blacklist': async () => ({ organisationId: (await hengtong()).id, reason: '矩阵测试列入', decisionNo: `矩阵信〔${++n}〕号`, listedFrom: today() }),
    'POST /api/credit/blacklist/:id/lift': () => ({ liftedOn: today(), reason: '矩阵测试移出' }),
    'POST /api/credit/repairs/:id/decision': () => ({ decision: 'rejected', reason: '矩阵测试意见' }),
    'POST /api/credit/ratings': () => ({ year: Number(today().slice(0, 4)) - 1, regionCode: '371581' }),
  },
  rows: [
    ['POST /api/credit/events', '', everyoneElse({ [ECO]: 201, [A]: 201, [GX]: 404 })],
    ['POST /api/credit/events/:id/correction', 'event', everyoneElse({ [ECO]: 201, [A]: 201, [GX]: 404 })],
    ['POST /api/credit/sweep', '', everyoneElse({ [ECO]: 200, [A]: 200, [GX]: 200 })],
    ['POST /api/credit/blacklist', '', everyoneElse({ [ECO]: 201, [A]: 201, [GX]: 404 })],
    ['POST /api/credit/blacklist/:id/lift', 'entry', everyoneElse({ [ECO]: 201, [A]: 201, [GX]: 404 })],
    ['POST /api/credit/repairs', 'repairable', everyoneElse({ [PRODUCER]: 201, [RECEIVER]: 404 })],
    ['POST /api/credit/repairs/:id/decision', 'repair', everyoneElse({ [ECO]: 201, [A]: 201, [GX]: 404 })],
    ['POST /api/credit/ratings', '', everyoneElse({ [ECO]: 201, [A]: 201, [GX]: 400 })],
  ],
};

describe('the permission matrix: enterprise environmental credit', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
