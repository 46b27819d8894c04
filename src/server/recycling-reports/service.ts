import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { recyclingProgressReports as reports, recyclingProgressLines as lines, recyclingReportActions as actions } from './schema';
import { tasks, taskProgress, taskNotices, notifications } from '../tasks/schema';
import { organisations } from '../platform/organisations/schema';
import { regions } from '../platform/regions/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { settingFor } from '../settings/service';
import { regionLevelOf, regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { FIRST_REPORT_MONTH, RECYCLING_TASK_LIST, monthOpen, reportStatus, dueDate, type ReportStatus } from '../../domain/recycling-reports';
import { badRequest, forbidden, notFound } from '../http/errors';

type Ctx = AuditContext & { actor: Actor };
const REPORT = { zh: '工作进展报告', en: 'Progress report' };
const DUE_DAY = 'recycling.report_due_day';

// Who does what (seed 004 五(三)(四)): a county's commerce bureau files its own months; the city's
// commerce bureau (and the office, the administrator) reads its counties and reminds or notices them;
// a general department reads. Every answer is limited to the actor's own area.
const isCommerce = (a: Actor) => a.role === 'regulator' && a.domain === 'commerce';
export const mayReadReports = (a: Actor) => a.role === 'platform_admin' || a.role === 'office' || (a.role === 'regulator' && (a.domain === 'commerce' || a.domain === 'general'));
export const mayFile = (a: Actor) => isCommerce(a) && regionLevelOf(a.regionCode) === 'county' && !!a.organisationId && a.via === 'session';
export const mayDispatch = (a: Actor) => (isCommerce(a) || a.role === 'office') && regionLevelOf(a.regionCode) === 'city' && !!a.organisationId;

const cityOf = (code: string) => `${code.slice(0, 4)}00`;
const areaSql = (a: Actor, column: unknown): SQL => (a.role === 'platform_admin' ? sql`true` : sql`${column} LIKE ${`${regionScopePrefix(a.regionCode)}%`}`);

function requireReader(a: Actor) {
  if (!mayReadReports(a)) throw forbidden('工作进展报告由商务主管部门、无废办查看', 'Progress reports are for the commerce departments and the zero-waste office');
}

/** The ten key tasks of the city's recycling plan that the reports are about, in their order. */
export async function reportingTasks(db: Db, actor: Actor) {
  requireReader(actor);
  // A county's or a city's actor: its city's list; the administrator or a province: every city's list of its area.
  const level = regionLevelOf(actor.regionCode);
  const wide = actor.role === 'platform_admin' || level === 'province';
  const city = wide ? actor.regionCode : cityOf(actor.regionCode);
  const items = await db.select({ id: tasks.id, no: tasks.no, title: tasks.title, deadlineText: tasks.deadlineText, lead: tasks.lead })
    .from(tasks).where(and(wide ? areaSql(actor, tasks.regionCode) : eq(tasks.regionCode, city), eq(tasks.list, RECYCLING_TASK_LIST))).orderBy(asc(tasks.regionCode), asc(tasks.no)).limit(100);
  return { list: RECYCLING_TASK_LIST, regionCode: city, items };
}

export interface ReportInput {
  month: string; stationsBuilt: number; sortingCentre: string; mallsCreated: number; recoveredT?: number | null; note?: string;
  lines: { taskId: string; percent: number; text: string }[];
}

/**
 * 报送月度工作进展: one report per filing; a later filing of the same month supersedes the earlier
 * (both kept). Each line is also the task's progress (任务进展), attributed to the bureau, so that the
 * task pages show it. A month not yet over (before the 25th of the current month) is refused.
 */
export async function fileReport(db: Db, ctx: Ctx, input: ReportInput, now = new Date()) {
  const actor = ctx.actor;
  if (!mayFile(actor)) throw forbidden('月度工作进展由县（市、区）商务主管部门报送', 'A county’s commerce bureau files the monthly progress');
  const today = shanghaiDate(now);
  if (input.month < FIRST_REPORT_MONTH) throw badRequest('MONTH_BEFORE_PLAN', `实施方案自 ${FIRST_REPORT_MONTH} 起执行，此前的月份无需报送`, `The plan runs from ${FIRST_REPORT_MONTH}: no report for an earlier month`, 'month');
  if (!monthOpen(input.month, today)) throw badRequest('MONTH_NOT_OVER', `${input.month} 尚未结束（当月25日起可报送）`, `${input.month} is not over yet (a month may be filed from its 25th)`, 'month');
  const city = cityOf(actor.regionCode);
  const list = await db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.regionCode, city), eq(tasks.list, RECYCLING_TASK_LIST))).limit(100);
  if (!list.length) throw badRequest('NO_TASK_LIST', '本市尚未导入再生资源回收体系建设任务清单', 'The city has no recycling task list yet', 'lines');
  const known = new Set(list.map((t) => t.id));
  const seen = new Set<string>();
  input.lines.forEach((l, i) => {
    if (!known.has(l.taskId)) throw badRequest('UNKNOWN_TASK', '该任务不是本市再生资源回收体系建设任务', 'Not a task of the city’s recycling plan', `lines.${i}.taskId`);
    if (seen.has(l.taskId)) throw badRequest('DUPLICATE_TASK', '同一任务只能填写一行', 'One line per task', `lines.${i}.taskId`);
    seen.add(l.taskId);
  });
  return db.transaction(async (tx) => {
    const [previous] = await tx.select({ id: reports.id }).from(reports).where(and(eq(reports.regionCode, actor.regionCode), eq(reports.month, input.month)))
      .orderBy(desc(reports.filedAt)).limit(1).for('update');
    const [report] = await tx.insert(reports).values({
      regionCode: actor.regionCode, organisationId: actor.organisationId!, month: input.month, stationsBuilt: input.stationsBuilt, sortingCentre: input.sortingCentre,
      mallsCreated: input.mallsCreated, recoveredT: input.recoveredT ?? null, note: input.note ?? '', supersedes: previous?.id ?? null, filedBy: actor.userId!, filedAt: now,
    }).returning();
    const progress = await tx.insert(taskProgress).values(input.lines.map((l) => ({
      taskId: l.taskId, period: input.month, percent: l.percent, text: l.text, organisationId: actor.organisationId!, reportedBy: actor.userId!, reportedAt: now,
    }))).returning({ id: taskProgress.id });
    const written = await tx.insert(lines).values(input.lines.map((l, i) => ({ reportId: report.id, taskId: l.taskId, percent: l.percent, text: l.text, taskProgressId: progress[i].id }))).returning();
    await recordAudit(tx, ctx, { action: previous ? 'recycling_report.correct' : 'recycling_report.file', entityType: 'recycling_report', entityId: report.id, regionCode: report.regionCode, organisationId: actor.organisationId, after: { ...report, lines: written } });
    return { ...report, lines: written };
  });
}

/** The latest report of each county and month in the actor's area (a county bureau: its own). */
export async function listReports(db: Db, actor: Actor, f: { month?: string; year?: number; regionCode?: string }, page: number, pageSize: number) {
  requireReader(actor);
  if (f.regionCode && actor.role !== 'platform_admin' && !regionWithin(f.regionCode, actor.regionCode)) throw notFound({ zh: '地区', en: 'Region' });
  const parts: SQL[] = [areaSql(actor, reports.regionCode), sql`NOT EXISTS (SELECT 1 FROM ${reports} later WHERE later.supersedes = ${reports.id})`];
  if (f.regionCode) parts.push(sql`${reports.regionCode} LIKE ${`${regionScopePrefix(f.regionCode)}%`}`);
  if (f.month) parts.push(eq(reports.month, f.month));
  if (f.year) parts.push(sql`${reports.month} LIKE ${`${f.year}-%`}`);
  const where = and(...parts)!;
  const percent = sql<number | null>`(SELECT round(avg(l.percent))::int FROM ${lines} l WHERE l.report_id = ${reports.id})`;
  const versions = sql<number>`(SELECT count(*)::int FROM ${reports} v WHERE v.region_code = ${reports.regionCode} AND v.month = ${reports.month})`;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: reports.id, regionCode: reports.regionCode, regionName: sql<string>`coalesce(${regions.name}, ${reports.regionCode})`, organisationName: organisations.name, month: reports.month,
      stationsBuilt: reports.stationsBuilt, sortingCentre: reports.sortingCentre, mallsCreated: reports.mallsCreated, recoveredT: reports.recoveredT, averagePercent: percent, versions, filedAt: reports.filedAt })
      .from(reports).innerJoin(organisations, eq(organisations.id, reports.organisationId)).leftJoin(regions, eq(regions.code, reports.regionCode))
      .where(where).orderBy(desc(reports.month), asc(reports.regionCode)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(reports).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** A report with its lines, and every filing of the same county and month (newest first). */
export async function reportDetail(db: Db, actor: Actor, id: string) {
  requireReader(actor);
  const [row] = await db.select({ r: reports, organisationName: organisations.name, regionName: sql<string>`coalesce(${regions.name}, ${reports.regionCode})` })
    .from(reports).innerJoin(organisations, eq(organisations.id, reports.organisationId)).leftJoin(regions, eq(regions.code, reports.regionCode)).where(eq(reports.id, id));
  if (!row || (actor.role !== 'platform_admin' && !regionWithin(row.r.regionCode, actor.regionCode))) throw notFound(REPORT);
  const [its, history] = await Promise.all([
    db.select({ taskId: lines.taskId, no: tasks.no, title: tasks.title, percent: lines.percent, text: lines.text }).from(lines).innerJoin(tasks, eq(tasks.id, lines.taskId))
      .where(eq(lines.reportId, id)).orderBy(asc(tasks.no)),
    db.select({ id: reports.id, filedAt: reports.filedAt, supersedes: reports.supersedes }).from(reports)
      .where(and(eq(reports.regionCode, row.r.regionCode), eq(reports.month, row.r.month))).orderBy(desc(reports.filedAt)).limit(50),
  ]);
  return { ...row.r, organisationName: row.organisationName, regionName: row.regionName, current: history[0]?.id === id, lines: its, history };
}

/**
 * The city's grid: each county with a commerce bureau on the platform × the months of a year, filed on
 * time, late, missing, due or not yet open, by the due day set for the county's region (default the 5th
 * of the next month). A county bureau sees its own row.
 */
export async function reportGrid(db: Db, actor: Actor, year: number, now = new Date()) {
  requireReader(actor);
  const today = shanghaiDate(now);
  const bureaus = await db.selectDistinct({ regionCode: organisations.regionCode, name: sql<string>`coalesce(${regions.name}, ${organisations.regionCode})` })
    .from(organisations).leftJoin(regions, eq(regions.code, organisations.regionCode))
    .where(and(eq(organisations.kind, 'government'), eq(organisations.domain, 'commerce'), sql`${organisations.regionCode} ~ '^[0-9]{4}([0-9][1-9]|[1-9][0-9])$'`, areaSql(actor, organisations.regionCode)))
    .orderBy(organisations.regionCode).limit(200);
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).filter((m) => m >= FIRST_REPORT_MONTH);
  const codes = bureaus.map((b) => b.regionCode);
  const filed = codes.length ? await db.select({
    regionCode: reports.regionCode, month: reports.month,
    firstFiledOn: sql<string>`to_char(min(${reports.filedAt}) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`,
    latestId: sql<string>`(array_agg(${reports.id} ORDER BY ${reports.filedAt} DESC))[1]`, versions: sql<number>`count(*)::int`,
  }).from(reports).where(and(inArray(reports.regionCode, codes), sql`${reports.month} LIKE ${`${year}-%`}`)).groupBy(reports.regionCode, reports.month) : [];
  const sent = codes.length ? await db.select({ regionCode: actions.regionCode, kind: actions.kind, count: sql<number>`count(*)::int`, last: sql<Date>`max(${actions.sentAt})` })
    .from(actions).where(inArray(actions.regionCode, codes)).groupBy(actions.regionCode, actions.kind) : [];
  const rows = await Promise.all(bureaus.map(async (b) => {
    const dueDay = await settingFor(db, DUE_DAY, b.regionCode);
    const cells = months.map((month) => {
      const f = filed.find((x) => x.regionCode === b.regionCode && x.month === month);
      const status: ReportStatus = reportStatus(month, today, dueDay, f?.firstFiledOn ?? null);
      return { month, status, dueOn: dueDate(month, dueDay), reportId: f?.latestId ?? null, firstFiledOn: f?.firstFiledOn ?? null, versions: f?.versions ?? 0 };
    });
    const count = (kind: string) => sent.find((s) => s.regionCode === b.regionCode && s.kind === kind)?.count ?? 0;
    return { regionCode: b.regionCode, name: b.name, dueDay, cells, reminders: count('reminder'), notices: count('notice'),
      late: cells.filter((c) => c.status === 'late').length, missing: cells.filter((c) => c.status === 'missing').length };
  }));
  return { year, months, today, rows };
}

interface ActionInput { regionCode: string; months: string[]; title?: string; body: string }

async function countyBureaus(db: Db, actor: Actor, regionCode: string) {
  if (!mayDispatch(actor)) throw forbidden('提醒、通报由市商务主管部门或市无废办发出', 'The city’s commerce bureau or zero-waste office reminds and issues notices');
  if (regionLevelOf(regionCode) !== 'county' || !regionWithin(regionCode, actor.regionCode)) throw badRequest('NOT_A_COUNTY', '请选择本市所辖县（市、区）', 'Choose a county of your city', 'regionCode');
  const targets = await db.select({ id: organisations.id, name: organisations.name }).from(organisations)
    .where(and(eq(organisations.kind, 'government'), eq(organisations.domain, 'commerce'), eq(organisations.regionCode, regionCode))).limit(20);
  if (!targets.length) throw badRequest('NO_BUREAU', '该县（市、区）商务主管部门尚未入驻平台', 'The county’s commerce bureau is not on the platform', 'regionCode');
  return targets;
}

/** 提醒 (五(三) 对进展缓慢的予以提醒): a notification to the county bureau, recorded. */
export async function sendReminder(db: Db, ctx: Ctx, input: ActionInput) {
  const actor = ctx.actor;
  const targets = await countyBureaus(db, actor, input.regionCode);
  const title = input.title ?? `再生资源回收体系建设工作进展提醒（${input.months.join('、')}）`;
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(actions).values({ kind: 'reminder', cityCode: actor.regionCode, regionCode: input.regionCode, months: input.months, title, body: input.body, organisationId: actor.organisationId!, sentBy: actor.userId! }).returning();
    await tx.insert(notifications).values(targets.map((t) => ({ organisationId: t.id, kind: 'recycling_reminder', dedupeKey: `recycling-action:${row.id}`, title, link: '/recycling/reports' }))).onConflictDoNothing();
    await recordAudit(tx, ctx, { action: 'recycling_report.remind', entityType: 'recycling_report_action', entityId: row.id, regionCode: input.regionCode, organisationId: actor.organisationId, after: { ...row, notified: targets.map((t) => t.name) } });
    return { ...row, notified: targets.map((t) => t.name) };
  });
}

/**
 * 通报 (五(三) 对工作严重滞后的进行通报): recorded as a task notice (任务通报) of the city naming the plan's
 * tasks, so that it stands with the task list's notices, and sent to the county bureau.
 */
export async function issueReportNotice(db: Db, ctx: Ctx, input: ActionInput & { title: string }) {
  const actor = ctx.actor;
  const targets = await countyBureaus(db, actor, input.regionCode);
  const list = await db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.regionCode, actor.regionCode), eq(tasks.list, RECYCLING_TASK_LIST))).limit(100);
  if (!list.length) throw badRequest('NO_TASK_LIST', '本市尚未导入再生资源回收体系建设任务清单', 'The city has no recycling task list yet', 'regionCode');
  return db.transaction(async (tx) => {
    const [notice] = await tx.insert(taskNotices).values({ regionCode: actor.regionCode, title: input.title, body: input.body, taskIds: list.map((t) => t.id), issuedBy: actor.userId! }).returning();
    const [row] = await tx.insert(actions).values({ kind: 'notice', cityCode: actor.regionCode, regionCode: input.regionCode, months: input.months, title: input.title, body: input.body, noticeId: notice.id, organisationId: actor.organisationId!, sentBy: actor.userId! }).returning();
    await tx.insert(notifications).values(targets.map((t) => ({ organisationId: t.id, kind: 'task_notice', dedupeKey: `notice:${notice.id}`, title: input.title, link: `/tasks/notices/${notice.id}` }))).onConflictDoNothing();
    await recordAudit(tx, ctx, { action: 'task.notice', entityType: 'task_notice', entityId: notice.id, regionCode: actor.regionCode, organisationId: actor.organisationId, after: { ...notice, notified: targets.map((t) => t.name), county: input.regionCode, months: input.months } });
    return { ...row, notified: targets.map((t) => t.name) };
  });
}

/** Reminders and notices about the counties of the actor's area (a county bureau: those it received). */
export async function listActions(db: Db, actor: Actor, page: number, pageSize: number) {
  requireReader(actor);
  const where = areaSql(actor, actions.regionCode);
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: actions.id, kind: actions.kind, regionCode: actions.regionCode, regionName: sql<string>`coalesce(${regions.name}, ${actions.regionCode})`, months: actions.months, title: actions.title, body: actions.body, noticeId: actions.noticeId, sentAt: actions.sentAt })
      .from(actions).leftJoin(regions, eq(regions.code, actions.regionCode)).where(where).orderBy(desc(actions.sentAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(actions).where(where),
  ]);
  return { items, total, page, pageSize };
}
