import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { cellName, multipart, registerCompany } from '../support/matrix';
import { freshUsername } from '../support/factories';
import { shanghaiYear } from '../../src/domain/labels';
import {
  buildArena, cellsOf, consumedBy, expectCell, matrixRows, ok, once, rowMatches, sendCell, today, workbook, writeRoutes, TOKEN, RESIDENT, type Arena, type Matrix,
} from '../support/matrix-areas';

// The permission matrix of the area's own plan (indicators and their values, tasks and notices,
// projects), its settings, the notifications, and the platform routes the first matrix
// (permissions.test.ts) leaves out: a registration's resubmission, a licence's end and correction,
// a password reset, a token's revocation. Last, the check that every write route of the app has a
// row in one of the matrix files (test/api/permissions*.test.ts) or a stated reason to be left out.

let t: TestApp;
let arena: Arena;
let rejected: { organisationId: string; client: Client };
const REJECTED_ADMIN = 'the admin of a rejected registration';
beforeAll(async () => {
  t = await startTestApp();
  arena = await buildArena(t);
  const company = await registerCompany(t.app);
  rejected = { organisationId: company.organisationId, client: company.client };
  arena.callers.set(REJECTED_ADMIN, { client: company.client, headers: {} });
}, 120_000);
afterAll(async () => { await t?.close(); });

const A = 'admin', OFFICE = 'office.linqing', ECO = 'eco.linqing', URBAN = 'urban.linqing', HOUSING = 'housing.linqing', HEALTH = 'health.linqing', GX = 'eco.guanxian', TQ = 'office.tianqiao';
const PRODUCER = 'producer.demo', TRANSPORTER = 'transporter.demo', DRIVER = 'driver.demo', RECEIVER = 'receiver.demo', CLINIC = 'clinic.kangzhuang', SITE_TQ = 'site.tianqiao';
const STATS = 'stats.linqing';
const T_MANIFESTS = TOKEN.manifests, T_TELEMETRY = TOKEN.telemetry, T_WEIGHBRIDGE = TOKEN.weighbridge;

// ---- fixtures ----------------------------------------------------------------------------------------

const as = (username: string) => arena.as(username);
const id = (key: string) => arena.w.id[key];
const one = async <T>(query: ReturnType<typeof sql>) => (await t.database.db.execute(query)).rows[0] as T;
const YEAR = shanghaiYear();
const MONTH = () => today().slice(0, 7);
const upload = (filename: string, content: Buffer, fields: Record<string, string> = {}) => multipart(fields, { filename, content });

// Indicators: 临清's plan; its no. 12 (快递绿色包装使用率) is reported by the departments, not computed.
const reportedRow = once(async () => (await one<{ id: string }>(sql`SELECT id FROM indicators WHERE plan_id = ${id('lqIndicators')} AND no = 12`)).id);
let valueMonth = 0;
const nextPeriod = () => { valueMonth += 1; return { year: 2020 + Math.floor(valueMonth / 12), month: (valueMonth % 12) + 1 }; };
const valueBody = (regionCode: string) => ({ regionCode, year: nextPeriod().year, value: 61 });
const reportedValue = async () => ok(await as(ECO).post(`/api/indicators/${await reportedRow()}/values`, valueBody('371581')), 'reported value').id as string;
const sharedValue = once(reportedValue);
const INDICATOR_HEADERS = ['序号', '一级指标', '二级指标', '三级指标', '单位', '2020年', '2025年'];
const INDICATOR_ROWS = [['1', '制度体系', '', '矩阵测试指标', '%', '60%', '≥90%']];
const INDICATOR_MAPPING = [{ index: 0, header: '序号', role: 'no' }, { index: 1, header: '一级指标', role: 'level1' }, { index: 2, header: '二级指标', role: 'level2' },
  { index: 3, header: '三级指标', role: 'name' }, { index: 4, header: '单位', role: 'unit' }, { index: 5, header: '2020年', role: 'baseline' }, { index: 6, header: '2025年', role: 'target', year: 2025 }];
let planYear = 2030;
const AREA_OF: Record<string, string> = { [GX]: '371525', [TQ]: '370105' };

// Tasks: one of 临清's, led by the ecology bureau and naming neither health nor housing.
const ecologyTask = once(async () => (await one<{ id: string }>(sql`SELECT id FROM tasks WHERE region_code LIKE '371581%'
  AND array_to_string(lead, ',') LIKE '%生态环境%' AND array_to_string(lead || responsible || cooperating, ',') !~ '卫生|住房|住建|城乡建设' ORDER BY list, no LIMIT 1`)).id);
let sheetNo = 900;
const PROJECT_HEADERS = ['序号', '项目名称', '建设单位', '建设内容', '建设地点', '建设期限', '总投资（万元）', '资金来源'];

// Notifications: a notice to 临清's ecology bureau, unread.
const notice = async () => {
  ok(await as(OFFICE).post('/api/tasks/notices', { title: `矩阵测试通报${crypto.randomInt(1e6)}`, body: '请加快推进。', taskIds: [await ecologyTask()] }), 'notice');
  return (await one<{ id: string }>(sql`SELECT n.id FROM notifications n JOIN users u ON u.organisation_id = n.organisation_id WHERE u.username = ${ECO} AND n.read_at IS NULL ORDER BY n.created_at DESC LIMIT 1`)).id;
};
const sharedNotice = once(notice);
const unread = async (notificationId: string) => (await one<{ read: boolean }>(sql`SELECT read_at IS NOT NULL AS read FROM notifications WHERE id = ${notificationId}`)).read === false;

// The platform's remaining routes.
const rejectedRegistration = async () => {
  const { status } = await one<{ status: string }>(sql`SELECT status FROM organisations WHERE id = ${rejected.organisationId}`);
  if (status === 'pending') ok(await as(A).post(`/api/organisations/${rejected.organisationId}/reject`, { reason: '营业执照照片不清晰' }), 'reject');
  return { id: rejected.organisationId };
};
const licenceBody = () => ({ number: `鲁危证矩阵${crypto.randomInt(1e9)}`, validFrom: '2025-01-01', validTo: '2029-12-31', wasteCodes: ['HW49'], annualCapacityT: 100 });
const freshLicence = async () => ok(await as(RECEIVER).post(`/api/organisations/${id('lvyuan')}/licences`, licenceBody()), 'licence').id as string;
const sharedLicence = once(freshLicence);
const member = once(async () => ok(await as(PRODUCER).post('/api/users', { username: freshUsername('matrix'), displayName: '恒通经办人', password: 'member-password-1', role: 'enterprise_member' }), 'member').id as string);
const freshToken = async () => ok(await as(PRODUCER).post('/api/tokens', { name: '矩阵测试令牌', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() }), 'token').id as string;
const sharedToken = once(freshToken);

// 统计数据: each cell's figure for a year and livestock statistic of its own (the demo has none for 松林镇
// and none before 2020), so that no cell finds one in force.
let statisticSlot = 0;
const STATISTIC_SLOT_KEYS = ['cattle_stock', 'pigs_slaughtered', 'poultry_stock'];
const nextSlot = () => { const n = statisticSlot++; return { year: 1990 + Math.floor(n / STATISTIC_SLOT_KEYS.length), key: STATISTIC_SLOT_KEYS[n % STATISTIC_SLOT_KEYS.length] }; };
const SONGLIN = '371581101';
const statisticBody = (regionCode: string) => ({ regionCode, ...nextSlot(), value: 30_000, source: '矩阵测试统计年鉴' });
const STATISTIC_HEADERS = ['行政区划代码', '行政区划名称', '指标代码', '指标名称', '单位', '数值', '来源', '备注'];
const statisticSheet = async (regionCode: string) => {
  const { year, key } = nextSlot();
  return upload('统计数据.xlsx', await workbook('统计数据', [['年份', year], STATISTIC_HEADERS, [regionCode, '', key, '', '', 30_000, '矩阵测试统计年鉴']]), { year: String(year) });
};
const figureToRevise = async () => {
  const body = statisticBody(SONGLIN);
  const first = ok(await as(STATS).post('/api/statistics', body), 'figure');
  return { body: { ...body, value: 30_500, revises: first.id } };
};
const sharedFigure = once(figureToRevise);

// ---- the table ----------------------------------------------------------------------------------------

const M: Matrix = {
  targets: {
    '': () => ({}),
    '临清’s indicator plan': () => ({ id: id('lqIndicators') }),
    '临清’s no. 12 (a reported indicator), for 临清': async () => ({ id: await reportedRow(), body: valueBody('371581') }),
    '临清’s no. 12, for the caller’s own area': async (who) => ({ id: await reportedRow(), body: valueBody(AREA_OF[who] ?? '371581') }),
    'a value eco.linqing reported for 临清': consumedBy([A, OFFICE], async () => ({ id: await reportedValue() }), async () => ({ id: await sharedValue() })),
    'a 临清 task led by the ecology bureau': async () => ({ id: await ecologyTask() }),
    '天桥区’s first listed project': () => ({ id: id('tqProjectList') }),
    'a notice to 临清’s ecology bureau': consumedBy([ECO], async () => ({ id: await notice() }), async () => ({ id: await sharedNotice() })),
    'their own rejected registration (临清)': rejectedRegistration,
    '绿源’s licence in force': consumedBy([RECEIVER, A, ECO, OFFICE], async () => ({ id: id('lvyuan'), params: { licenceId: await freshLicence() } }),
      async () => ({ id: id('lvyuan'), params: { licenceId: await sharedLicence() } })),
    '绿源’s licence in force, to correct': consumedBy([RECEIVER, A], async () => ({ id: id('lvyuan'), params: { licenceId: await freshLicence() } }),
      async () => ({ id: id('lvyuan'), params: { licenceId: await sharedLicence() } })),
    'a member of 恒通 (made by its admin)': async () => ({ id: await member() }),
    '恒通’s token': consumedBy([PRODUCER], async () => ({ id: await freshToken() }), async () => ({ id: await sharedToken() })),
    'a figure for 临清 (松林镇)': () => ({ body: statisticBody(SONGLIN) }),
    'a figure for the caller’s own area': (who) => ({ body: statisticBody(AREA_OF[who] ?? SONGLIN) }),
    'a revision of a 临清 figure in force': consumedBy([STATS, OFFICE, A], figureToRevise, sharedFigure),
    'a sheet of figures for 临清 (松林镇)': async () => ({ body: await statisticSheet(SONGLIN) }),
    'a sheet of figures for the caller’s own area': async (who) => ({ body: await statisticSheet(AREA_OF[who] ?? SONGLIN) }),
  },
  bodies: {
    'POST /api/indicators/preview': async () => upload('指标体系.xlsx', await workbook('指标', [INDICATOR_HEADERS, ...INDICATOR_ROWS])),
    // Each plan for a target year of its own: a second current plan of 临清 for years it shares is refused (PLAN_EXISTS).
    'POST /api/indicators/plans': () => {
      const year = planYear++;
      return { regionCode: '371581', title: `矩阵测试指标体系${crypto.randomInt(1e9)}`, baselineYear: 2020, headers: [...INDICATOR_HEADERS.slice(0, 6), `${year}年`], rows: INDICATOR_ROWS,
        mapping: [...INDICATOR_MAPPING.slice(0, 6), { index: 6, header: `${year}年`, role: 'target', year }] };
    },
    'POST /api/indicators/plans/:id/values/import': async () => {
      const { year, month } = nextPeriod();
      return upload('指标数据.xlsx', await workbook('指标数据', [['序号', '指标名称', '区划代码', '年份', '月份', '数值', '分子', '分母', '说明'], [12, '', '371581101', year, month, 60, 60, 100, '矩阵测试']]));
    },
    'POST /api/indicator-values/:id/return': () => ({ note: '请补充佐证材料' }),
    'POST /api/tasks/:id/progress': () => ({ period: MONTH(), percent: 50, text: '已完成年度目标的一半' }),
    'POST /api/tasks/notices': async () => ({ title: '矩阵测试通报', body: '请加快推进。', taskIds: [await ecologyTask()] }),
    'POST /api/tasks/import': async () => upload('任务清单.xlsx', await workbook('任务清单', [['序号', '任务名称', '牵头单位', '完成时限'], [sheetNo++, '矩阵测试任务', '生态环境分局', `${YEAR}年12月`]]), { list: '矩阵测试清单' }),
    'POST /api/projects/import': async () => upload('项目清单.xlsx', await workbook('项目清单', [PROJECT_HEADERS, [sheetNo++, '矩阵测试项目', '某单位', '', '', '', '100', '']])),
    'POST /api/projects/:id/progress': () => ({ period: MONTH(), text: '主体工程完工', investedWanYuan: 1 }),
    'PUT /api/settings/medical.storage_hours': () => ({ value: 36 }),
    'PUT /api/settings/industrial.declaration_days': () => ({ value: 30 }),
    'PUT /api/settings/no.such.setting': () => ({ value: 1 }),
    'POST /api/organisations/:id/resubmit': () => ({ contactPhone: '0635-2888888' }),
    'POST /api/organisations/:id/licences/:licenceId/end': () => ({ endedOn: today(), reason: '许可证已注销' }),
    'POST /api/organisations/:id/licences/:licenceId/corrections': () => ({ ...licenceBody(), reason: '许可能力登记有误' }),
    'POST /api/users/:id/reset-password': () => ({ password: 'reset-password-123' }),
  },
  checks: {
    // Marking read is kept to the caller's own notifications by the update itself: another's stays unread.
    'POST /api/notifications/:id/read': (res, who) => { if (who !== ECO) pendingChecks.push(sharedNotice().then(unread).then((still) => expect(still, `${who} marked 临清 ecology's notice read`).toBe(true))); },
  },
  rows: [
    // ---- Indicators: the office imports its area's plan; any department of the area reports values
    // (for its own area only); the office approves them. Another area's plan does not exist for the caller.
    ['POST /api/indicators/preview', '', { [OFFICE]: 200, [A]: 200, [TQ]: 200, [ECO]: 403, [GX]: 403, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    // The region is in the body: another area's office is refused importing for 临清 (403, before any lookup).
    ['POST /api/indicators/plans', '', { [OFFICE]: 201, [A]: 201, [TQ]: 403, [ECO]: 403, [GX]: 403, [PRODUCER]: 403, [RESIDENT]: 403 }],
    ['POST /api/indicators/plans/:id/values/import', '临清’s indicator plan', {
      [OFFICE]: 201, [A]: 201, [ECO]: 201, [HEALTH]: 201, [HOUSING]: 201, [GX]: 404, [TQ]: 404, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    // Reporting for a region outside one's area is refused on the body's region (403, before the
    // indicator is looked up); for one's own area, another area's indicator does not exist (404).
    ['POST /api/indicators/:id/values', '临清’s no. 12 (a reported indicator), for 临清', {
      [OFFICE]: 201, [A]: 201, [ECO]: 201, [HEALTH]: 201, [HOUSING]: 201, [URBAN]: 201, [GX]: 403, [TQ]: 403, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/indicators/:id/values', '临清’s no. 12, for the caller’s own area', { [GX]: 404, [TQ]: 404 }],
    // A reported value is the office's to decide; no department reads or lists values awaiting a
    // decision (the plan shows approved ones), so to anyone else it does not exist (404).
    ['POST /api/indicator-values/:id/approve', 'a value eco.linqing reported for 临清', {
      [OFFICE]: 200, [A]: 200, [ECO]: 404, [HEALTH]: 404, [GX]: 404, [TQ]: 404, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/indicator-values/:id/return', 'a value eco.linqing reported for 临清', { [OFFICE]: 200, [ECO]: 404, [TQ]: 404 }],
    ['GET /api/indicators/plans/:id', '临清’s indicator plan', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [HEALTH]: 200, [HOUSING]: 200, [GX]: 404, [TQ]: 404, [PRODUCER]: 404, [RESIDENT]: 404, [T_TELEMETRY]: 403 }],

    // ---- Tasks and projects: the officials of the area; a unit named on a task reports its progress,
    // the office for anyone; the office issues notices and imports the lists.
    ['POST /api/tasks/:id/progress', 'a 临清 task led by the ecology bureau', {
      [ECO]: 201, [OFFICE]: 201, [A]: 201, [HEALTH]: 403, [HOUSING]: 403, [GX]: 404, [TQ]: 404, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    // A notice names tasks in the body: another area's task is "does not exist or is outside your area" (400, on the field).
    ['POST /api/tasks/notices', '', { [OFFICE]: 201, [A]: 201, [ECO]: 403, [HEALTH]: 403, [GX]: 403, [TQ]: 400, [PRODUCER]: 403, [RESIDENT]: 403 }],
    ['POST /api/tasks/import', '', { [OFFICE]: 201, [A]: 201, [TQ]: 201, [ECO]: 403, [GX]: 403, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['GET /api/tasks/:id', 'a 临清 task led by the ecology bureau', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [HEALTH]: 200, [HOUSING]: 200, [GX]: 404, [TQ]: 404, [PRODUCER]: 403, [RESIDENT]: 403 }],
    ['POST /api/projects/import', '', { [OFFICE]: 201, [A]: 201, [TQ]: 201, [ECO]: 403, [GX]: 403, [PRODUCER]: 403, [RESIDENT]: 403 }],
    ['POST /api/projects/:id/progress', '天桥区’s first listed project', {
      [TQ]: 201, [A]: 201, [OFFICE]: 404, [ECO]: 404, [GX]: 404, [SITE_TQ]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['GET /api/projects/:id', '天桥区’s first listed project', { [A]: 200, [TQ]: 200, [OFFICE]: 404, [ECO]: 404, [GX]: 404, [SITE_TQ]: 403, [RESIDENT]: 403 }],

    // ---- Settings: always the caller's own region's value (the region is never sent), by the office
    // or the department the setting names (medical storage: health and ecology; declaration days: ecology).
    ['PUT /api/settings/medical.storage_hours', '', {
      [A]: 200, [OFFICE]: 200, [ECO]: 200, [HEALTH]: 200, [GX]: 200, [TQ]: 200, [HOUSING]: 403, [URBAN]: 403, [PRODUCER]: 403, [CLINIC]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['PUT /api/settings/industrial.declaration_days', '', { [ECO]: 200, [OFFICE]: 200, [GX]: 200, [HEALTH]: 403, [HOUSING]: 403, [PRODUCER]: 403 }],
    ['PUT /api/settings/no.such.setting', '', { [OFFICE]: 404, [ECO]: 404, [PRODUCER]: 403 }],
    // The signed head of the audit chain is exported by the platform administrator alone (ADR 0010).
    ['POST /api/audit/export', '', { [A]: 200, [OFFICE]: 403, [ECO]: 403, [TQ]: 403, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],

    // ---- Notifications: marking one read touches only the caller's own organisation's (checked
    // above); anyone else's is left as it was, with the same 204, which tells nothing of it.
    ['POST /api/notifications/:id/read', 'a notice to 临清’s ecology bureau', {
      [ECO]: 204, [HEALTH]: 204, [GX]: 204, [A]: 204, [PRODUCER]: 204, [RESIDENT]: 204, [T_MANIFESTS]: 204 }],

    // ---- 统计数据: the statistics bureau and the office enter figures for their own area (the platform
    // admin anywhere); other departments read them only; a figure for another area is refused on the
    // body's region (403), a sheet with one is refused on its cell (400, nothing written).
    ['POST /api/statistics', 'a figure for 临清 (松林镇)', {
      [STATS]: 201, [OFFICE]: 201, [A]: 201, [ECO]: 403, [HEALTH]: 403, [HOUSING]: 403, [GX]: 403, [TQ]: 403, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/statistics', 'a figure for the caller’s own area', { [TQ]: 201, [GX]: 403 }],
    ['POST /api/statistics', 'a revision of a 临清 figure in force', { [STATS]: 201, [OFFICE]: 201, [A]: 201, [ECO]: 403, [TQ]: 403, [PRODUCER]: 403 }],
    ['POST /api/statistics/preview', 'a sheet of figures for 临清 (松林镇)', {
      [STATS]: 200, [OFFICE]: 200, [A]: 200, [ECO]: 403, [HEALTH]: 403, [GX]: 403, [TQ]: 400, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/statistics/confirm', 'a sheet of figures for 临清 (松林镇)', {
      [STATS]: 201, [OFFICE]: 201, [A]: 201, [ECO]: 403, [HEALTH]: 403, [GX]: 403, [TQ]: 400, [PRODUCER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    ['POST /api/statistics/confirm', 'a sheet of figures for the caller’s own area', { [TQ]: 201 }],

    // ---- The platform's remaining routes.
    // A rejected company corrects and resubmits its own registration; the officials who see it may not.
    ['POST /api/organisations/:id/resubmit', 'their own rejected registration (临清)', {
      [REJECTED_ADMIN]: 200, [A]: 403, [OFFICE]: 403, [ECO]: 403, [GX]: 404, [PRODUCER]: 404, [RESIDENT]: 404, [T_MANIFESTS]: 404 }],
    // A licence: its holder and the platform admin end and correct it; the ecology bureau or the office
    // of the area may end one (吊销), not correct it; other departments see the company but may not.
    ['POST /api/organisations/:id/licences/:licenceId/end', '绿源’s licence in force', {
      [RECEIVER]: 200, [A]: 200, [ECO]: 200, [OFFICE]: 200, [HEALTH]: 403, [URBAN]: 403, [GX]: 404, [TQ]: 404, [PRODUCER]: 404, [TRANSPORTER]: 404, [DRIVER]: 404,
      [RESIDENT]: 404, [T_WEIGHBRIDGE]: 403 }],
    ['POST /api/organisations/:id/licences/:licenceId/corrections', '绿源’s licence in force, to correct', {
      [RECEIVER]: 201, [A]: 201, [ECO]: 403, [OFFICE]: 403, [HEALTH]: 403, [GX]: 404, [PRODUCER]: 404, [T_WEIGHBRIDGE]: 403 }],
    // A company's admin resets its own staff's passwords; the office reads the user but manages government users only.
    ['POST /api/users/:id/reset-password', 'a member of 恒通 (made by its admin)', {
      [PRODUCER]: 204, [A]: 204, [OFFICE]: 403, [TQ]: 404, [TRANSPORTER]: 404, [ECO]: 403, [GX]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
    // Tokens are kept to the organisation that made them: anyone else's is not found, the platform admin's included.
    ['POST /api/tokens/:id/revoke', '恒通’s token', {
      [PRODUCER]: 200, [A]: 404, [OFFICE]: 404, [TRANSPORTER]: 404, [ECO]: 403, [DRIVER]: 403, [RESIDENT]: 403, [T_MANIFESTS]: 403 }],
  ],
};
const pendingChecks: Promise<void>[] = [];

describe('the permission matrix: indicators, tasks, projects, settings, notifications, the platform’s remaining routes', () => {
  const cells = cellsOf(M);
  it.each(cells.map((c) => [cellName(c), c] as const))('%s', async (_name, cell) => {
    expectCell(await sendCell(arena, M, cell), cell, M);
    await Promise.all(pendingChecks.splice(0));
  });
});

/**
 * Write routes without a row, and why: none of them acts on a record that a caller could reach
 * outside its scope. The caller's own session and password, and the public registration forms
 * (test/api/auth.test.ts covers them: rate limits, lockout, the CSRF check).
 */
const EXCLUDED: Record<string, string> = {
  'POST /api/auth/login': 'the caller proves who it is: no session yet, no record to reach',
  'POST /api/auth/logout': 'ends the caller’s own session',
  'POST /api/auth/password': 'changes the caller’s own password, with the old one',
  'POST /api/register/enterprise': 'public by design: a company registers itself and waits for its county to verify it',
  'POST /api/register/resident': 'public by design: a resident opens an account of their own',
  'POST /api/complaints/photos': 'public by design: anyone attaches a photo to a report (test/api/complaints.test.ts: type from the bytes, size, metadata removed; the fuzz test sends it bad files)',
  'POST /api/complaints/follow/rate': 'public by design: the reporter rates with the number and the private follow code (test/api/complaints.test.ts)',
  'POST /api/complaints/follow/reopen': 'public by design: the reporter reopens with the number and the private follow code, within the window (test/api/complaints.test.ts)',
  'POST /api/public/cells/:id/objections': 'public by design: anyone objects to a cell in public notice (test/api/cells-kinds.test.ts: the contact kept private, the rate limit)',
  'POST /api/public/surveys/:id/answers': 'public by design: anyone answers a published survey (test/api/surveys.test.ts: one answer per device and phone, quotas, the rate limit)',
};

describe('every write route has a row in a permission matrix file', () => {
  it('covers each POST, PUT, PATCH and DELETE route the app serves, or names why it is left out', async () => {
    const served = await writeRoutes(t.app);
    const rows = matrixRows();
    expect(served.length).toBeGreaterThan(50);
    expect(served.filter((r) => !rows.some((row) => rowMatches(r, row)) && !EXCLUDED[r]), 'write routes with neither a matrix row nor a reason to leave them out').toEqual([]);
    expect(rows.filter((row) => !served.some((r) => rowMatches(r, row))), 'rows for routes the app no longer serves').toEqual([]);
    expect(Object.keys(EXCLUDED).filter((r) => !served.includes(r) || rows.some((row) => rowMatches(r, row))), 'exclusions for routes gone or covered after all').toEqual([]);
  });
});
