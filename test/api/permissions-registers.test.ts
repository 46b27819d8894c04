import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/app';
import { cellName } from '../support/matrix';
import { buildArena, cellsOf, consumedBy, expectCell, ok, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of the registers (名录) and of a construction project's green and
// prefabricated attributes. The ecology bureau and the zero-waste office record credentials of their
// area's companies; parks are the office's and the ecology bureau's; cells the office's; checks the
// ecology bureau's. Another department of the area reads but does not record (403); a company reads
// its own credentials and checks and records none (403); another area is told a record does not exist
// (404), or that the company named is not one of its own (400); no session is 401; a machine token
// records nothing (403). The world is the isolation suite's.

let t: TestApp;
let arena: Arena;
beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
}, 120_000);
afterAll(async () => { await t?.close(); });

const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', URBAN = 'urban.linqing', HOUSING = 'housing.linqing', HEALTH = 'health.linqing', GX = 'eco.guanxian', TQ = 'office.tianqiao';
const PRODUCER = 'producer.demo', DRIVER = 'driver.demo', POWER = 'power.demo', SITE = 'site.demo', SITE_TQ = 'site.tianqiao';
const T_MANIFESTS = TOKEN.manifests, T_SITE = TOKEN.site;

// ---- fixtures ----------------------------------------------------------------------------------------

const as = (username: string) => arena.as(username);
const one = async <T>(query: ReturnType<typeof sql>) => (await t.database.db.execute(query)).rows[0] as T;
const orgId = (name: string) => once(async () => (await one<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).id);
const jinding = orgId('临清市金鼎铸造有限公司'), hengtong = orgId('临清市恒通轴承制造有限公司');
let serial = 0;
const next = () => `${Date.now()}-${++serial}`;

const credentialBody = async () => ({ organisationId: await jinding(), kind: 'clean_production_audit', reference: `矩阵测试〔${next()}〕`, issuedOn: today() });
const freshCredential = async () => ok(await as(ECO).post('/api/registers/credentials', await credentialBody()), 'credential').id as string;
const sharedCredential = once(freshCredential);
const hengtongCredential = once(async () => (await one<{ id: string }>(sql`SELECT id FROM organisation_credentials WHERE organisation_id = ${await hengtong()} AND ended_on IS NULL LIMIT 1`)).id);
const parkBody = () => ({ name: `矩阵测试园区${next()}`, level: 'county', regionCode: '371581' });
const freshPark = async () => ok(await as(OFFICE).post('/api/registers/parks', parkBody()), 'park').id as string;
const kaifaqu = once(async () => (await one<{ id: string }>(sql`SELECT id FROM industrial_parks WHERE name = '临清经济开发区'`)).id);
const cellBody = () => ({ name: `矩阵测试细胞${next()}`, kind: 'community', regionCode: '371581001', namedOn: today() });
const freshCell = async () => ok(await as(OFFICE).post('/api/registers/cells', cellBody()), 'cell').id as string;
const sharedCell = once(freshCell);
const conProject = () => ({ id: arena.w.id.conProject });

const M: Matrix = {
  targets: {
    '': () => ({}),
    'a credential of 金鼎铸造 (临清)': consumedBy([A, OFFICE, ECO], async () => ({ id: await freshCredential() }), async () => ({ id: await sharedCredential() })),
    '恒通’s own credential': async () => ({ id: await hengtongCredential() }),
    'a park of 临清': consumedBy([A, OFFICE, ECO], async () => ({ id: await freshPark() }), async () => ({ id: await kaifaqu() })),
    '临清经济开发区': async () => ({ id: await kaifaqu() }),
    'a zero-waste cell of 临清': consumedBy([A, OFFICE], async () => ({ id: await freshCell() }), async () => ({ id: await sharedCell() })),
    '城建’s project with its approved plan (临清)': conProject,
  },
  bodies: {
    'POST /api/registers/credentials': credentialBody,
    'POST /api/registers/credentials/:id/end': () => ({ endedOn: today(), reason: '矩阵测试终止' }),
    'POST /api/registers/parks': parkBody,
    'POST /api/registers/parks/:id/status': () => ({ circularStatus: 'in_progress', circularStartedOn: today() }),
    'POST /api/registers/cells': cellBody,
    'POST /api/registers/cells/:id/end': () => ({ endedOn: today(), reason: '矩阵测试摘牌' }),
    'POST /api/registers/checks': async () => ({ organisationId: await hengtong(), checkedOn: today(), passed: true, score: 90 }),
    'PATCH /api/construction/projects/:id': () => ({ greenBuilding: true, greenStar: 2, prefabricated: null }),
  },
  rows: [
    // ---- Credentials: the ecology bureau or the office of the company's area.
    ['POST /api/registers/credentials', '', {
      [ECO]: 201, [OFFICE]: 201, [A]: 201, [HEALTH]: 403, [HOUSING]: 403, [URBAN]: 403, [GX]: 400, [TQ]: 400, [PRODUCER]: 403, [POWER]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/registers/credentials/:id/end', 'a credential of 金鼎铸造 (临清)', {
      [ECO]: 200, [OFFICE]: 200, [A]: 200, [HEALTH]: 403, [HOUSING]: 403, [GX]: 404, [TQ]: 404, [PRODUCER]: 404, [POWER]: 404, [DRIVER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    // A company sees its own credential and does not end it.
    ['POST /api/registers/credentials/:id/end', '恒通’s own credential', { [PRODUCER]: 403, [POWER]: 404, [GX]: 404 }],

    // ---- Parks: the office or the ecology bureau of the area.
    ['POST /api/registers/parks', '', {
      [OFFICE]: 201, [ECO]: 201, [A]: 201, [HEALTH]: 403, [URBAN]: 403, [GX]: 403, [TQ]: 403, [PRODUCER]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/registers/parks/:id/status', 'a park of 临清', {
      [OFFICE]: 200, [ECO]: 200, [A]: 200, [HEALTH]: 403, [URBAN]: 403, [GX]: 404, [TQ]: 404, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['GET /api/registers/parks/:id', '临清经济开发区', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [HEALTH]: 200, [GX]: 404, [TQ]: 404, [PRODUCER]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],

    // ---- Zero-waste cells: the office of the area.
    ['POST /api/registers/cells', '', {
      [OFFICE]: 201, [A]: 201, [ECO]: 403, [HEALTH]: 403, [GX]: 403, [TQ]: 403, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/registers/cells/:id/end', 'a zero-waste cell of 临清', {
      [OFFICE]: 200, [A]: 200, [ECO]: 403, [HEALTH]: 403, [GX]: 404, [TQ]: 404, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],

    // ---- Compliance checks: the ecology bureau of the company's area (another county's names a company not its own: 400).
    ['POST /api/registers/checks', '', {
      [ECO]: 201, [A]: 201, [OFFICE]: 403, [HEALTH]: 403, [HOUSING]: 403, [GX]: 400, [TQ]: 403, [PRODUCER]: 403, [POWER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],

    // ---- A project's green and prefabricated attributes: its company, or the housing bureau (or the office) of its area; people only.
    ['PATCH /api/construction/projects/:id', '城建’s project with its approved plan (临清)', {
      [SITE]: 200, [HOUSING]: 200, [OFFICE]: 200, [A]: 200, [URBAN]: 403, [ECO]: 404, [HEALTH]: 404, [TQ]: 404, [SITE_TQ]: 404, [PRODUCER]: 404, [RESIDENT]: 403, [T_SITE]: 403 }],
  ],
};

describe('the permission matrix: the registers, and a project’s building attributes', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
