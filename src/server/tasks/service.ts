import { and, eq, sql, desc, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { tasks, taskProgress, taskNotices, notifications } from './schema';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { isOfficeOf, seesArea, type Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { unitMatches, taskState, TASK_STATE_LABELS, type TaskState } from '../../domain/tasks/units';
import type { ExcelColumn } from '../http/excel';
import { badRequest, forbidden, notFound } from '../http/errors';

type Ctx = AuditContext & { actor: Actor };
const TASK = { zh: '任务', en: 'Task' };

export interface TaskInput { list: string; section: string; no: number; title: string; content: string; lead: string[]; responsible: string[]; cooperating: string[]; deadlineText: string; deadline: string | null }

// Who may do what with tasks: asked by the writes below and sent with the list and the detail, so the
// console offers only the buttons that will be answered.
const issuesNotices = (actor: Actor) => actor.role === 'office' || actor.role === 'platform_admin';
/** A unit named on the task reports its progress; the office may report for anyone. */
const reportsOn = (actor: Actor, task: Pick<TaskInput, 'lead' | 'responsible' | 'cooperating'>, orgName: string) =>
  issuesNotices(actor) || [...task.lead, ...task.responsible, ...task.cooperating].some((u) => unitMatches(u, orgName));

export async function importTasks(db: Db, ctx: Ctx, regionCode: string, rows: TaskInput[]) {
  if (!isOfficeOf(ctx.actor, regionCode)) throw forbidden('由本辖区无废办导入任务清单', 'The zero-waste office imports its task list');
  if (!rows.length) throw badRequest('NO_ROWS', '没有可导入的任务', 'No tasks to import', 'rows');
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(tasks).values(rows.map((r) => ({ ...r, regionCode }))).onConflictDoNothing().returning({ id: tasks.id });
    await recordAudit(tx, ctx, { action: 'tasks.import', entityType: 'tasks', entityId: regionCode, regionCode, after: { count: inserted.length } });
    return { inserted: inserted.length, skipped: rows.length - inserted.length };
  });
}


async function actorOrgName(db: Db, actor: Actor) {
  if (!actor.organisationId) return '';
  const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, actor.organisationId));
  return org?.name ?? '';
}

export interface TaskFilter {
  regionCode?: string; list?: string; state?: TaskState; mine?: boolean; q?: string;
  /** a department named as lead or responsible unit */
  unit?: string;
  sort?: 'no' | 'state' | 'deadline' | 'percent'; order?: 'asc' | 'desc';
}

// Most pressing first when sorting by state: overdue, due soon, not started … done.
const STATE_RANK: TaskState[] = ['overdue', 'due_soon', 'not_started', 'in_progress', 'ongoing', 'done'];

/** Tasks with their latest progress and state; `mine` keeps those naming the actor's department, `unit` those naming a given one. */
export async function listTasks(db: Db, actor: Actor, f: TaskFilter, page: number, pageSize: number, now = new Date()) {
  const region = f.regionCode ?? actor.regionCode;
  if (!seesArea(actor, region)) throw forbidden();
  const parts: SQL[] = [sql`${tasks.regionCode} LIKE ${`${regionScopePrefix(region)}%`}`];
  if (f.list) parts.push(eq(tasks.list, f.list));
  if (f.q) parts.push(sql`(${tasks.title} ILIKE ${`%${f.q.replace(/[\\%_]/g, '')}%`} OR ${tasks.content} ILIKE ${`%${f.q.replace(/[\\%_]/g, '')}%`})`);
  const latest = sql<number | null>`(SELECT p.percent FROM ${taskProgress} p WHERE p.task_id = "tasks"."id" ORDER BY p.reported_at DESC LIMIT 1)`;
  // State depends on today; it is computed in SQL so that filtering and paging stay on the server.
  const state = sql<TaskState>`CASE
    WHEN ${latest} >= 100 THEN 'done'
    WHEN ${tasks.deadline} IS NULL THEN CASE WHEN ${latest} IS NULL THEN 'not_started' ELSE 'ongoing' END
    WHEN ${tasks.deadline} < (${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date THEN 'overdue'
    WHEN ${tasks.deadline} <= (${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date + 14 THEN 'due_soon'
    WHEN coalesce(${latest}, 0) = 0 THEN 'not_started' ELSE 'in_progress' END`;
  if (f.state) parts.push(sql`${state} = ${f.state}`);
  // A region's list holds at most a few hundred tasks: match unit names with the same rule everywhere.
  const naming = async (unit: string, withCooperating: boolean) => {
    const units = withCooperating ? sql<string[]>`${tasks.lead} || ${tasks.responsible} || ${tasks.cooperating}` : sql<string[]>`${tasks.lead} || ${tasks.responsible}`;
    const candidates = await db.select({ id: tasks.id, units }).from(tasks).where(and(...parts)).limit(5000);
    const ids = candidates.filter((c) => c.units.some((u) => u === unit || unitMatches(u, unit))).map((c) => c.id);
    parts.push(ids.length ? inArray(tasks.id, ids) : sql`false`);
  };
  if (f.mine) await naming(await actorOrgName(db, actor), true);
  if (f.unit) await naming(f.unit, false);
  const where = and(...parts)!;
  const direction = f.order === 'desc' ? sql`DESC` : sql`ASC`;
  // The chosen order, then the plan's own (清单, 序号) between ties.
  const orderBy: SQL[] = {
    no: [sql`${tasks.list} ${direction}`, sql`${tasks.no} ${direction}`],
    state: [sql`array_position(${`{${STATE_RANK.join(',')}}`}::text[], ${state}) ${direction}`, tasks.list, tasks.no] as SQL[],
    deadline: [sql`${tasks.deadline} ${direction} NULLS LAST`, tasks.list, tasks.no] as SQL[],
    percent: [sql`${latest} ${direction} NULLS LAST`, tasks.list, tasks.no] as SQL[],
  }[f.sort ?? 'no'];
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: tasks.id, list: tasks.list, section: tasks.section, no: tasks.no, title: tasks.title, lead: tasks.lead, responsible: tasks.responsible, cooperating: tasks.cooperating,
      deadlineText: tasks.deadlineText, deadline: tasks.deadline, percent: latest, state }).from(tasks).where(where)
      .orderBy(...orderBy).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)` }).from(tasks).where(where),
  ]);
  return { items, total, page, pageSize, may: { import: isOfficeOf(actor, region), notice: issuesNotices(actor) } };
}

/** The departments a region's tasks name as lead or responsible unit, most often named first (the task page's filter). */
export async function taskUnits(db: Db, actor: Actor, regionCode?: string) {
  const region = regionCode ?? actor.regionCode;
  if (!seesArea(actor, region)) throw forbidden();
  const rows = await db.execute<{ name: string; count: number }>(sql`
    SELECT u.name, count(DISTINCT t.id)::int AS count
    FROM ${tasks} t, unnest(t.lead || t.responsible) AS u(name)
    WHERE t.region_code LIKE ${`${regionScopePrefix(region)}%`} AND btrim(u.name) <> ''
    GROUP BY u.name ORDER BY count DESC, u.name LIMIT 500`);
  return { items: rows.rows };
}

export type TaskListItem = Awaited<ReturnType<typeof listTasks>>['items'][number];

/** The task progress table's columns, in the export and in the assessment report. */
export const TASK_COLUMNS: ExcelColumn<TaskListItem>[] = [
  { header: '清单', width: 16, value: (t) => t.list }, { header: '序号', width: 6, value: (t) => t.no }, { header: '任务', width: 40, value: (t) => t.title },
  { header: '牵头单位', width: 24, value: (t) => t.lead.join('、') }, { header: '责任单位', width: 30, value: (t) => t.responsible.join('、') },
  { header: '完成时限', width: 14, value: (t) => t.deadlineText }, { header: '进度', width: 8, value: (t) => (t.percent === null ? '' : `${t.percent}%`) },
  { header: '状态', width: 10, value: (t) => TASK_STATE_LABELS[t.state].zh },
];

export async function taskDetail(db: Db, actor: Actor, id: string) {
  const [task] = await db.select().from(tasks).where(eq(tasks.id, id));
  if (!task || !seesArea(actor, task.regionCode)) throw notFound(TASK);
  const progress = await db.select({ p: taskProgress, organisationName: organisations.name }).from(taskProgress).innerJoin(organisations, eq(organisations.id, taskProgress.organisationId))
    .where(eq(taskProgress.taskId, id)).orderBy(desc(taskProgress.reportedAt)).limit(200);
  const last = progress[0]?.p.percent ?? null;
  const actions = { reportProgress: reportsOn(actor, task, await actorOrgName(db, actor)) };
  return { ...task, state: taskState(task.deadline, last), progress: progress.map((r) => ({ ...r.p, organisationName: r.organisationName })), actions };
}

/** 月度进展: a unit named on the task reports; the office may report for anyone. */
export async function reportProgress(db: Db, ctx: Ctx, id: string, input: { period: string; percent: number; text: string; attachments?: { name: string }[] }) {
  const actor = ctx.actor;
  const [task] = await db.select().from(tasks).where(eq(tasks.id, id));
  if (!task || !seesArea(actor, task.regionCode)) throw notFound(TASK);
  if (!reportsOn(actor, task, await actorOrgName(db, actor))) throw forbidden('贵单位不是该任务的牵头、责任或配合单位', 'Your department is not named on this task');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(taskProgress).values({ taskId: id, period: input.period, percent: input.percent, text: input.text, attachments: input.attachments ?? [], organisationId: actor.organisationId!, reportedBy: actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'task.progress', entityType: 'task', entityId: id, regionCode: task.regionCode, organisationId: actor.organisationId, after: row });
    return row;
  });
}

/** 通报: the office names seriously late tasks; each named department is notified. */
export async function issueNotice(db: Db, ctx: Ctx, input: { title: string; body: string; taskIds: string[] }) {
  const actor = ctx.actor;
  if (!issuesNotices(actor)) throw forbidden('通报由无废办发布', 'Notices are issued by the zero-waste office');
  const named = await db.select().from(tasks).where(inArray(tasks.id, input.taskIds));
  if (named.length !== new Set(input.taskIds).size || named.some((t) => !seesArea(actor, t.regionCode))) throw badRequest('UNKNOWN_TASK', '所选任务不存在或不在本辖区', 'A chosen task does not exist or is outside your area', 'taskIds');
  const departments = await db.select({ id: organisations.id, name: organisations.name }).from(organisations)
    .where(and(eq(organisations.kind, 'government'), sql`${organisations.regionCode} LIKE ${`${regionScopePrefix(actor.regionCode).slice(0, 4)}%`}`)).limit(500);
  return db.transaction(async (tx) => {
    const [notice] = await tx.insert(taskNotices).values({ regionCode: actor.regionCode, title: input.title, body: input.body, taskIds: input.taskIds, issuedBy: actor.userId! }).returning();
    const targets = departments.filter((d) => named.some((t) => [...t.lead, ...t.responsible].some((u) => unitMatches(u, d.name))));
    if (targets.length) await tx.insert(notifications).values(targets.map((d) => ({ organisationId: d.id, kind: 'task_notice', dedupeKey: `notice:${notice.id}`, title: input.title, link: `/tasks/notices/${notice.id}` }))).onConflictDoNothing();
    await recordAudit(tx, ctx, { action: 'task.notice', entityType: 'task_notice', entityId: notice.id, regionCode: actor.regionCode, after: { ...notice, notified: targets.map((d) => d.name) } });
    return { ...notice, notified: targets.map((d) => d.name) };
  });
}

/**
 * The periodic scan: remind each named department of tasks due within 14 days, and tell the office
 * of overdue ones. Idempotent per task, kind and day.
 */
export async function scanTaskDeadlines(db: Db, now = new Date()) {
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const open = await db.select().from(tasks).where(sql`${tasks.deadline} IS NOT NULL AND ${tasks.deadline} <= ${day}::date + 14
    AND NOT EXISTS (SELECT 1 FROM ${taskProgress} p WHERE p.task_id = "tasks"."id" AND p.percent >= 100)`).limit(5000);
  if (!open.length) return { reminders: 0, escalations: 0 };
  const departments = await db.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode }).from(organisations).where(eq(organisations.kind, 'government')).limit(5000);
  const rows: (typeof notifications.$inferInsert)[] = [];
  for (const t of open) {
    const overdue = t.deadline! < day;
    const local = departments.filter((d) => t.regionCode.startsWith(d.regionCode.slice(0, 4)));
    for (const d of local) {
      const isNamed = [...t.lead, ...t.responsible].some((u) => unitMatches(u, d.name));
      const isOffice = /无废城市建设工作领导小组办公室|无废办/.test(d.name) && regionWithin(t.regionCode, d.regionCode);
      if (overdue && (isNamed || isOffice)) rows.push({ organisationId: d.id, kind: 'task_overdue', dedupeKey: `overdue:${t.id}:${day.slice(0, 7)}`, title: `任务逾期：${t.title}（时限 ${t.deadlineText}）`, link: `/tasks/${t.id}` });
      else if (!overdue && isNamed) rows.push({ organisationId: d.id, kind: 'task_due', dedupeKey: `due:${t.id}`, title: `任务即将到期：${t.title}（时限 ${t.deadlineText}）`, link: `/tasks/${t.id}` });
    }
  }
  const inserted = rows.length ? await db.insert(notifications).values(rows).onConflictDoNothing().returning({ kind: notifications.kind }) : [];
  return { reminders: inserted.filter((r) => r.kind === 'task_due').length, escalations: inserted.filter((r) => r.kind === 'task_overdue').length };
}

export async function myNotifications(db: Db, actor: Actor, page: number, pageSize: number) {
  if (!actor.organisationId) return { items: [], total: 0, page, pageSize, unread: 0 };
  const where = eq(notifications.organisationId, actor.organisationId);
  const [items, [{ total, unread }]] = await Promise.all([
    db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number), unread: sql<number>`count(*) FILTER (WHERE ${notifications.readAt} IS NULL)`.mapWith(Number) }).from(notifications).where(where),
  ]);
  return { items, total, unread, page, pageSize };
}

/** Marks a notification to the actor's organisation read; another's, or one read already, is left as it is. */
export async function markNotificationRead(db: Db, actor: Actor, id: string): Promise<void> {
  await db.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.id, id), eq(notifications.organisationId, actor.organisationId ?? '00000000-0000-0000-0000-000000000000'), isNull(notifications.readAt)));
}

/** 年度工作总结 (seed 001: due 10 November): each task naming the unit, with its year's progress reports. */
export async function annualSummary(db: Db, actor: Actor, year: number, unitName?: string) {
  const name = unitName ?? (await actorOrgName(db, actor));
  const region = actor.regionCode;
  const list = await db.select().from(tasks).where(sql`${tasks.regionCode} LIKE ${`${regionScopePrefix(region).slice(0, 4)}%`}`).limit(5000);
  const mine = list.filter((t) => [...t.lead, ...t.responsible, ...t.cooperating].some((u) => unitMatches(u, name)) && seesArea(actor, t.regionCode));
  const reports = mine.length ? await db.select().from(taskProgress).where(and(inArray(taskProgress.taskId, mine.map((t) => t.id)), eq(sql`substr(${taskProgress.period}, 1, 4)`, String(year)))).orderBy(taskProgress.reportedAt) : [];
  const items = mine.map((t) => {
    const its = reports.filter((r) => r.taskId === t.id);
    const last = its.at(-1)?.percent ?? null;
    return { id: t.id, list: t.list, no: t.no, title: t.title, role: t.lead.some((u) => unitMatches(u, name)) ? 'lead' : t.responsible.some((u) => unitMatches(u, name)) ? 'responsible' : 'cooperating',
      deadlineText: t.deadlineText, percent: last, state: taskState(t.deadline, last), reports: its.map((r) => ({ period: r.period, percent: r.percent, text: r.text })) };
  });
  return { unit: name, year, total: items.length, done: items.filter((i) => i.state === 'done').length, overdue: items.filter((i) => i.state === 'overdue').length, items };
}

