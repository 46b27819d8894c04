import { afterAll, beforeAll, describe, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/app';
import { cellName, multipart } from '../support/matrix';
import { shanghaiYear } from '../../src/domain/labels';
import { buildArena, cellsOf, consumedBy, expectCell, inDays, ok, once, sendCell, today, TOKEN, RESIDENT, type Arena, type Matrix } from '../support/matrix-areas';

// The permission matrix of what companies file and officials review: hazardous-waste management
// plans and declarations (with the receivers' report and the Excel declaration of general
// industrial waste), construction projects, plans and sites, the storage-site register with its
// rectifications, and the exchange board. A record outside one's region, department or company is
// 404; a record one sees but may not act on is 403; no session is 401; a caller who may act gets the
// 2xx or the domain's own 4xx/409 on that target. The world is the isolation suite's.

let t: TestApp;
let arena: Arena;
beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
  // Last month's general industrial declarations stay open whatever today's date (15 days by default).
  ok(await arena.as(ECO).put('/api/settings/industrial.declaration_days', { value: 60 }), 'declaration days');
}, 120_000);
afterAll(async () => { await t?.close(); });

const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', URBAN = 'urban.linqing', HOUSING = 'housing.linqing', HEALTH = 'health.linqing', GX = 'eco.guanxian', TQ = 'office.tianqiao';
const PRODUCER = 'producer.demo', TRANSPORTER = 'transporter.demo', DRIVER = 'driver.demo', RECEIVER = 'receiver.demo', CLINIC = 'clinic.kangzhuang';
const SITE = 'site.demo', MUCK = 'muck.demo', DRIVER_MUCK = 'driver.muck', CWSITE = 'cwsite.demo', POWER = 'power.demo', ASHUSE = 'ashuse.demo', SITE_TQ = 'site.tianqiao', CW_TQ = 'cw.tianqiao';
const T_MANIFESTS = TOKEN.manifests, T_LEDGER = TOKEN.ledger, T_TELEMETRY = TOKEN.telemetry, T_SITE = TOKEN.site;

// ---- fixtures ----------------------------------------------------------------------------------------

const as = (username: string) => arena.as(username);
const id = (key: string) => arena.w.id[key];
const one = async <T>(query: ReturnType<typeof sql>) => (await t.database.db.execute(query)).rows[0] as T;
const orgId = (name: string) => once(async () => (await one<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).id);
const powerId = orgId('华能临清热电有限公司'), ashuseId = orgId('临清市建材新型墙材有限公司'), muckId = orgId('临清市渣土运输有限公司');

const YEAR = shanghaiYear();
const lastMonth = () => {
  const [y, m] = today().split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

// Management plans (HJ 1259): what a producer files, the tables its class asks for filled in.
const planBody = (wasteCode: string) => ({
  ownFacility: false,
  tables: { A2: [{ name: '1号危废暂存间', area: 60 }], A3: [{ wasteCode, expectedT: 30, physicalForm: '液态' }], A4: [{ facility: '1号危废暂存间', capacityT: 50 }],
    A5: [{ note: '无自行利用处置' }], A6: { measures: '源头减量' }, A7: [{ wasteCode, expectedT: 30, receiver: '临清市绿源环保科技有限公司' }] },
});
const CODE_OF: Record<string, string> = { [PRODUCER]: '900-249-08', [POWER]: '900-249-08', [CLINIC]: '841-001-01' };
const planStatus = async (company: string, year: number) => ok(await as(company).get(`/api/plans/mine/${year}`), 'my plan') as { id?: string; status: string };
/** The company's plan for the year, open for changes: a submitted one is returned by the ecology bureau first. */
async function draftPlan(company: string, year: number) {
  const plan = await planStatus(company, year);
  if (plan.status === 'submitted') ok(await as(ECO).post(`/api/plans/${plan.id}/return`, { comment: '矩阵测试：退回再报' }), 'return the plan');
  if (plan.status === 'approved') throw new Error(`${company}'s plan for ${year} is approved: it can no longer change`);
  return ok(await as(company).put(`/api/plans/mine/${year}`, planBody(CODE_OF[company])), 'save the plan').id as string;
}
/** The company's plan for the year, submitted for review. */
async function submittedPlan(company: string, year: number) {
  const plan = await planStatus(company, year);
  if (plan.status === 'submitted') return plan.id!;
  const planId = await draftPlan(company, year);
  ok(await as(company).post(`/api/plans/mine/${year}/submit`), 'submit the plan');
  return planId;
}
// An approval is final: each approving cell takes a plan of its own.
const approvable: [string, number][] = [[POWER, YEAR], [CLINIC, YEAR], [POWER, YEAR + 1]];
const nextApprovable = async () => {
  const next = approvable.shift();
  if (!next) throw new Error('no plan left to approve');
  return submittedPlan(...next);
};

// The Excel declaration: the month's sheet as the company downloads it (华能's for anyone who cannot download one).
const sheetOf = async (company: string) => {
  const res = await as(company).get(`/api/declarations/industrial/template.xlsx?period=${lastMonth()}`);
  if (res.statusCode !== 200) throw new Error(`template: ${res.statusCode} ${res.body}`);
  return res.rawPayload;
};
const powerSheet = once(() => sheetOf(POWER));
const ownSheet = async (who: string) => multipart({ period: lastMonth() }, { filename: '申报表.xlsx', content: [POWER, PRODUCER].includes(who) ? await sheetOf(who) : await powerSheet() });

// Construction: a project of 城建 registered for the matrix, its plans filed afresh for each decision.
const projectBody = () => ({ name: `矩阵测试项目${Math.floor(Math.random() * 1e6)}`, kind: 'new', floorAreaM2: 12000, startDate: today() });
const newProject = once(async () => ok(await as(SITE).post('/api/construction/projects', projectBody()), 'project').id as string);
const constructionPlanBody = async () => ({ items: [{ code: 'CW01', expectedT: 1000 }], reductionTargetPct: 10, transporterIds: [await muckId()], siteIds: [id('lqSite')] });
const freshConstructionPlan = async () => ok(await as(SITE).post(`/api/construction/projects/${await newProject()}/plans`, await constructionPlanBody()), 'construction plan').id as string;
const sharedConstructionPlan = once(freshConstructionPlan);

// Storage sites: 华能's ash yard and 冠县's legacy pile (the world's); rectifications opened by their bureau.
const rectification = async (by: string, siteId: string) =>
  ok(await as(by).post(`/api/bulk-storage/sites/${siteId}/rectifications`, { problem: '围挡破损，扬尘未控制', foundOn: today(), deadline: inDays(30).slice(0, 10) }), 'rectification').id as string;
const openAshYardRectification = once(() => rectification(ECO, id('lqBulk')));
const reportedRectification = async () => {
  const rect = await rectification(ECO, id('lqBulk'));
  ok(await as(POWER).post(`/api/bulk-storage/rectifications/${rect}/report`, { action: '已更换围挡并覆盖抑尘网' }), 'report');
  return rect;
};
const sharedReportedRectification = once(reportedRectification);
const legacySite = async () => ok(await as(ECO).post('/api/bulk-storage/sites', siteBody(ECO)), 'legacy site').id as string;
const siteBody = (who: string) => ({
  name: `矩阵测试堆场${Math.floor(Math.random() * 1e6)}`, kind: 'storage', wasteClasses: ['SW02'], designCapacityT: 50_000,
  ...([POWER, PRODUCER, TRANSPORTER, DRIVER].includes(who) ? {} : { legacy: true, regionCode: '371581101' }),
});

// The exchange board: 华能's fly-ash offer (the world's), and listings and messages made for the matrix.
const freshListing = async () => ok(await as(POWER).post('/api/exchange/listings', listingBody()), 'listing').id as string;
const listingBody = () => ({ kind: 'offer', category: 'waste', wasteClass: 'SW02', quantity: 500, title: '粉煤灰（矩阵测试）' });
const freshContact = async () => ok(await as(ASHUSE).post(`/api/exchange/listings/${id('lqWasteListing')}/contacts`, { message: '我厂需要粉煤灰，请联系' }), 'contact').id as string;
const sharedContact = once(freshContact);

// ---- the table ----------------------------------------------------------------------------------------

const M: Matrix = {
  targets: {
    '': () => ({}),
    // Plans and declarations.
    'their own plan for this year': () => ({ params: { year: String(YEAR) } }),
    'their own plan for next year': () => ({ params: { year: String(YEAR + 1) } }),
    'their own plan for next year, filled in': consumedBy([PRODUCER, T_LEDGER], async () => { await draftPlan(PRODUCER, YEAR + 1); return { params: { year: String(YEAR + 1) } }; },
      () => ({ params: { year: String(YEAR + 1) } })),
    'their own plan for this year, already submitted': async () => { await submittedPlan(PRODUCER, YEAR); return { params: { year: String(YEAR) } }; },
    '恒通’s plan, submitted for review': consumedBy([A, OFFICE, ECO], async () => ({ id: await submittedPlan(PRODUCER, YEAR) }), () => ({ id: id('hazPlan') })),
    'a plan submitted for review': consumedBy([A, OFFICE, ECO], async () => ({ id: await nextApprovable() }), () => ({ id: id('hazPlan') })),
    '恒通’s plan': () => ({ id: id('hazPlan') }),
    '绿源 (a licensed receiver in 临清)': () => ({ id: id('lvyuan'), params: { year: String(YEAR) } }),
    'their own sheet for last month (华能’s for those who have none)': async (who) => ({ body: await ownSheet(who) }),
    // Construction.
    '城建’s project registered for the matrix (临清)': async () => ({ id: await newProject() }),
    '城建’s plan awaiting review': consumedBy([A, OFFICE, HOUSING], async () => ({ id: await freshConstructionPlan() }), async () => ({ id: await sharedConstructionPlan() })),
    '城建’s project with its approved plan (临清)': () => ({ id: id('conProject') }),
    // Storage sites.
    '华能’s ash yard (临清)': () => ({ id: id('lqBulk') }),
    '冠县’s legacy steel-slag pile': () => ({ id: id('gxBulk') }),
    '华能’s ash yard (临清), a rectification outstanding': () => ({ id: id('lqBulk') }),
    'a new legacy site in 临清 with nothing outstanding': consumedBy([A, OFFICE, ECO], async () => ({ id: await legacySite() }), () => ({ id: id('lqBulk') })),
    'an open rectification of 华能’s ash yard': consumedBy([POWER], async () => ({ id: await rectification(ECO, id('lqBulk')) }), async () => ({ id: await openAshYardRectification() })),
    'an open rectification of 冠县’s legacy pile (nobody runs it)': consumedBy([GX], async () => ({ id: await rectification(GX, id('gxBulk')) }), async () => ({ id: await openAshYardRectification() })),
    'a reported rectification of 华能’s ash yard': consumedBy([A, OFFICE, ECO], async () => ({ id: await reportedRectification() }), async () => ({ id: await sharedReportedRectification() })),
    // Exchange.
    '华能’s fly-ash offer (open on the board)': consumedBy([POWER], async () => ({ id: await freshListing() }), () => ({ id: id('lqWasteListing') })),
    '华能’s fly-ash offer': () => ({ id: id('lqWasteListing') }),
    'a message to 华能 about its fly-ash offer': consumedBy([POWER], async () => ({ id: await freshContact() }), async () => ({ id: await sharedContact() })),
  },
  bodies: {
    'PUT /api/plans/mine/:year': (who) => planBody(CODE_OF[who] ?? '900-249-08'),
    'POST /api/plans/:id/return': () => ({ comment: '请补充 A.4 贮存设施的容量' }),
    'POST /api/declarations': () => ({ periodType: 'month', period: lastMonth(), stream: 'hazardous' }),
    'POST /api/construction/projects': () => projectBody(),
    'POST /api/construction/projects/:id/plans': () => constructionPlanBody(),
    'POST /api/construction/plans/:id/return': () => ({ comment: '请补充运输路线' }),
    'POST /api/construction/sites': () => ({ name: `矩阵测试消纳场${Math.floor(Math.random() * 1e6)}`, kind: 'consumption', capacityT: 100_000, accepts: ['CW01'] }),
    'POST /api/bulk-storage/sites': (who) => siteBody(who),
    'POST /api/bulk-storage/sites/:id/stock': () => ({ asOf: today(), stockT: 42_000 }),
    'POST /api/bulk-storage/sites/:id/rectifications': () => ({ problem: '渗滤液收集池未防渗', foundOn: today(), deadline: inDays(30).slice(0, 10) }),
    'POST /api/bulk-storage/rectifications/:id/report': () => ({ action: '已完成防渗改造并验收' }),
    'POST /api/bulk-storage/rectifications/:id/verify': () => ({ verdict: 'verify', note: '现场核查合格' }),
    'POST /api/exchange/listings': () => listingBody(),
    'POST /api/exchange/listings/:id/contacts': () => ({ message: '贵司粉煤灰可否长期供应？' }),
    'POST /api/exchange/contacts/:id/reply': () => ({ reply: '可以，请来电洽谈' }),
    'POST /api/exchange/deals': async () => ({ supplierId: await powerId(), buyerId: await ashuseId(), wasteClass: 'SW02', quantity: 120, agreedOn: today() }),
  },
  rows: [
    // ---- Management plans: a producer files its own (ledger:write; a session or a token); the
    // ecology bureau or the office of its area reviews. The health commission, housing and urban
    // management do not regulate hazardous-waste plans (403, which says nothing of the plan); another
    // county's bureau or office is told the plan does not exist (404).
    ['PUT /api/plans/mine/:year', 'their own plan for this year', {
      [PRODUCER]: 409, [T_LEDGER]: 409, [POWER]: 200, [CLINIC]: 200, [A]: 403, [OFFICE]: 403, [ECO]: 403, [GX]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['PUT /api/plans/mine/:year', 'their own plan for next year', { [PRODUCER]: 200, [T_LEDGER]: 200 }],
    ['POST /api/plans/mine/:year/submit', 'their own plan for next year, filled in', {
      [PRODUCER]: 200, [T_LEDGER]: 200, [A]: 403, [OFFICE]: 403, [ECO]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/plans/mine/:year/submit', 'their own plan for this year, already submitted', { [PRODUCER]: 409 }],
    ['POST /api/plans/:id/return', '恒通’s plan, submitted for review', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [HEALTH]: 403, [URBAN]: 403, [HOUSING]: 403, [GX]: 404, [TQ]: 404, [PRODUCER]: 403, [POWER]: 403, [RESIDENT]: 403, [T_LEDGER]: 403 }],
    ['POST /api/plans/:id/approve', 'a plan submitted for review', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [HEALTH]: 403, [URBAN]: 403, [GX]: 404, [TQ]: 404, [PRODUCER]: 403, [RESIDENT]: 403, [T_LEDGER]: 403 }],
    ['GET /api/plans/:id', '恒通’s plan', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [HEALTH]: 403, [HOUSING]: 403, [URBAN]: 403, [GX]: 404, [TQ]: 404, [PRODUCER]: 403, [RESIDENT]: 403, [T_LEDGER]: 403 }],

    // ---- Declarations: a company declares its own period (figures from its own ledger).
    ['POST /api/declarations', '', {
      [PRODUCER]: 201, [POWER]: 201, [CLINIC]: 201, [T_LEDGER]: 201, [T_MANIFESTS]: 403, [A]: 403, [OFFICE]: 403, [ECO]: 403, [GX]: 403, [DRIVER]: 403, [RESIDENT]: 403 }],
    // A receiver reads its own report whatever it names (恒通 is no receiver: 400); another company's
    // is for the officials who regulate all hazardous waste in its area.
    ['GET /api/receivers/report?year=:year&organisationId=:id', '绿源 (a licensed receiver in 临清)', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [RECEIVER]: 200, [HEALTH]: 403, [HOUSING]: 403, [GX]: 404, [TQ]: 404, [PRODUCER]: 400, [RESIDENT]: 403 }],
    // The Excel declaration of general industrial waste: a producer's clerk, in a session, for its own company.
    ['POST /api/declarations/industrial/preview', 'their own sheet for last month (华能’s for those who have none)', {
      [POWER]: 200, [PRODUCER]: 200, [ECO]: 403, [OFFICE]: 403, [A]: 403, [TRANSPORTER]: 403, [DRIVER_MUCK]: 403, [RESIDENT]: 403, [T_LEDGER]: 403 }],
    ['POST /api/declarations/industrial/confirm', 'their own sheet for last month (华能’s for those who have none)', {
      [POWER]: 201, [PRODUCER]: 201, [ECO]: 403, [OFFICE]: 403, [A]: 403, [TRANSPORTER]: 403, [DRIVER_MUCK]: 403, [RESIDENT]: 403, [T_LEDGER]: 403 }],

    // ---- Construction: a construction company registers its projects and files their plans; the
    // housing bureau (or the office) of the area reviews them; a site operator registers its sites.
    ['POST /api/construction/projects', '', {
      [SITE]: 201, [SITE_TQ]: 201, [T_SITE]: 201, [PRODUCER]: 403, [HOUSING]: 403, [OFFICE]: 403, [A]: 403, [MUCK]: 403, [DRIVER_MUCK]: 403, [CWSITE]: 403, [RESIDENT]: 403,
      [T_MANIFESTS]: 403, [T_LEDGER]: 403 }],
    // Officials who see the project (the office, housing, urban management, the admin) may not file
    // its plan: 403. Who cannot see it is told it does not exist.
    ['POST /api/construction/projects/:id/plans', '城建’s project registered for the matrix (临清)', {
      [SITE]: 201, [T_SITE]: 201, [A]: 403, [OFFICE]: 403, [HOUSING]: 403, [URBAN]: 403, [ECO]: 404, [HEALTH]: 404, [TQ]: 404, [SITE_TQ]: 404, [MUCK]: 404, [DRIVER_MUCK]: 404,
      [RESIDENT]: 403, [T_MANIFESTS]: 404, [T_LEDGER]: 403 }],
    // Only the housing bureau (or the office) reviews plans: anyone else is refused before the plan is
    // looked up (403, which says nothing of it); 天桥区's office is told it does not exist.
    ['POST /api/construction/plans/:id/approve', '城建’s plan awaiting review', {
      [A]: 200, [OFFICE]: 200, [HOUSING]: 200, [URBAN]: 403, [ECO]: 403, [HEALTH]: 403, [GX]: 403, [TQ]: 404, [SITE]: 403, [SITE_TQ]: 403, [MUCK]: 403, [RESIDENT]: 403,
      [T_SITE]: 403, [T_LEDGER]: 403 }],
    ['POST /api/construction/plans/:id/return', '城建’s plan awaiting review', { [HOUSING]: 200, [URBAN]: 403, [TQ]: 404, [SITE]: 403 }],
    ['POST /api/construction/sites', '', {
      [CWSITE]: 201, [CW_TQ]: 201, [SITE]: 403, [MUCK]: 403, [HOUSING]: 403, [A]: 403, [OFFICE]: 403, [PRODUCER]: 403, [RESIDENT]: 403, [T_SITE]: 403 }],
    ['GET /api/construction/projects/:id', '城建’s project with its approved plan (临清)', {
      [A]: 200, [OFFICE]: 200, [HOUSING]: 200, [URBAN]: 200, [SITE]: 200, [ECO]: 404, [HEALTH]: 404, [GX]: 404, [TQ]: 404, [SITE_TQ]: 404, [MUCK]: 404, [PRODUCER]: 404,
      [RESIDENT]: 403, [T_SITE]: 403 }],

    // ---- Storage sites: its operator and the ecology bureau or office of its area; people only (no token).
    // An official registers a legacy site in its own area only (冠县 and 天桥区 naming a 临清 town: 403).
    ['POST /api/bulk-storage/sites', '', {
      [POWER]: 201, [PRODUCER]: 201, [ECO]: 201, [OFFICE]: 201, [A]: 201, [GX]: 403, [TQ]: 403, [HOUSING]: 403, [HEALTH]: 403, [TRANSPORTER]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_LEDGER]: 403 }],
    ['POST /api/bulk-storage/sites/:id/stock', '华能’s ash yard (临清)', {
      [POWER]: 201, [ECO]: 201, [OFFICE]: 201, [A]: 201, [GX]: 404, [TQ]: 404, [HOUSING]: 404, [HEALTH]: 404, [PRODUCER]: 404, [ASHUSE]: 404, [RESIDENT]: 403, [T_LEDGER]: 403 }],
    ['POST /api/bulk-storage/sites/:id/stock', '冠县’s legacy steel-slag pile', { [GX]: 201, [ECO]: 404, [OFFICE]: 404, [POWER]: 404 }],
    ['POST /api/bulk-storage/sites/:id/rectifications', '华能’s ash yard (临清)', {
      [ECO]: 201, [OFFICE]: 201, [A]: 201, [POWER]: 403, [GX]: 404, [TQ]: 404, [HOUSING]: 404, [HEALTH]: 404, [PRODUCER]: 404, [RESIDENT]: 403, [T_LEDGER]: 403 }],
    ['POST /api/bulk-storage/sites/:id/close', '华能’s ash yard (临清), a rectification outstanding', {
      [ECO]: 409, [OFFICE]: 409, [A]: 409, [POWER]: 403, [GX]: 404, [HOUSING]: 404, [PRODUCER]: 404, [RESIDENT]: 403 }],
    ['POST /api/bulk-storage/sites/:id/close', 'a new legacy site in 临清 with nothing outstanding', { [ECO]: 200, [OFFICE]: 200, [A]: 200 }],
    ['POST /api/bulk-storage/rectifications/:id/report', 'an open rectification of 华能’s ash yard', {
      [POWER]: 200, [ECO]: 403, [OFFICE]: 403, [A]: 403, [GX]: 404, [HOUSING]: 404, [PRODUCER]: 404, [RESIDENT]: 403, [T_LEDGER]: 403 }],
    // For a legacy site nobody runs, the bureau records what was done.
    ['POST /api/bulk-storage/rectifications/:id/report', 'an open rectification of 冠县’s legacy pile (nobody runs it)', { [GX]: 200 }],
    ['POST /api/bulk-storage/rectifications/:id/verify', 'a reported rectification of 华能’s ash yard', {
      [ECO]: 200, [OFFICE]: 200, [A]: 200, [POWER]: 403, [GX]: 404, [HOUSING]: 404, [PRODUCER]: 404, [RESIDENT]: 403 }],
    ['GET /api/bulk-storage/sites/:id', '华能’s ash yard (临清)', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [POWER]: 200, [HOUSING]: 404, [HEALTH]: 404, [GX]: 404, [TQ]: 404, [PRODUCER]: 404, [RESIDENT]: 403, [T_TELEMETRY]: 403 }],

    // ---- The exchange board: companies post, write, reply and record deals, in a session; officials
    // read their area's listings of the category they supervise (ecology: waste; housing: products).
    ['POST /api/exchange/listings', '', {
      [POWER]: 201, [ASHUSE]: 201, [PRODUCER]: 201, [SITE_TQ]: 201, [DRIVER]: 403, [ECO]: 403, [OFFICE]: 403, [A]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    // An open listing is on the board for every company: the others see it and may not close it (403).
    ['POST /api/exchange/listings/:id/close', '华能’s fly-ash offer (open on the board)', {
      [POWER]: 200, [ASHUSE]: 403, [PRODUCER]: 403, [SITE_TQ]: 403, [ECO]: 403, [OFFICE]: 403, [A]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/exchange/listings/:id/contacts', '华能’s fly-ash offer', {
      [ASHUSE]: 201, [PRODUCER]: 201, [SITE_TQ]: 201, [POWER]: 400, [ECO]: 403, [A]: 403, [DRIVER]: 403, [RESIDENT]: 403 }],
    // The owner of the listing answers; the writer sees its message but does not answer it (403); anyone else is not told of it.
    ['POST /api/exchange/contacts/:id/reply', 'a message to 华能 about its fly-ash offer', {
      [POWER]: 200, [ASHUSE]: 403, [PRODUCER]: 404, [SITE_TQ]: 404, [ECO]: 403, [A]: 403, [DRIVER]: 403, [RESIDENT]: 403 }],
    // A deal names its parties: a company records only deals it is one of (403 whoever the others are).
    ['POST /api/exchange/deals', '', {
      [POWER]: 201, [ASHUSE]: 201, [PRODUCER]: 403, [SITE_TQ]: 403, [ECO]: 403, [A]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['GET /api/exchange/listings/:id', '华能’s fly-ash offer', {
      [POWER]: 200, [ASHUSE]: 200, [PRODUCER]: 200, [SITE_TQ]: 200, [ECO]: 200, [OFFICE]: 200, [A]: 200, [HOUSING]: 404, [HEALTH]: 403, [GX]: 404, [TQ]: 404, [DRIVER]: 403,
      [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
  ],
};

describe('the permission matrix: plans and declarations, construction, storage sites, exchange', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
  });
});
