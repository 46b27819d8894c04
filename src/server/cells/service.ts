import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { cellApplications as cells, cellApplicationSteps as steps, type CellFinding, type CellItem } from './schema';
import { organisations } from '../platform/organisations/schema';
import { zeroWasteCells } from '../registers/schema';
import { regions } from '../platform/regions/schema';
import { users } from '../platform/accounts/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { containsPattern } from '../http/pagination';
import { regionLevelOf, regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate, shanghaiYear } from '../../domain/labels';
import { CELL_STATES, MALL_TARGETS, STATE_AFTER, cellKind, cumulativeTarget, stepAllowed, type CellKind, type CellState, type CellStep } from '../../domain/cells';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';

type Ctx = AuditContext & { actor: Actor };
const CELL = { zh: '无废细胞申报', en: 'Zero-waste cell application' };

// Who does what: an organisation with the kind's capability (a mall) applies for itself; the kind's
// competent department (commerce for malls) of the area checks on site and names or returns; the
// office, general departments and the administrator read. Nothing else.
const isEnterpriseUser = (a: Actor) => (a.role === 'enterprise_admin' || a.role === 'enterprise_member') && a.organisationStatus === 'verified';
// Seed 004 三(六): the county's (or development zone's) commerce department names its malls; the city bureau follows the counts.
const isReviewer = (a: Actor, kind: CellKind) => a.role === 'regulator' && a.domain === kind.domain && regionLevelOf(a.regionCode) === 'county';
const isReader = (a: Actor) => a.role === 'platform_admin' || a.role === 'office' || (a.role === 'regulator' && (a.domain === 'commerce' || a.domain === 'general'));

function kindOf(value: string): CellKind {
  const kind = cellKind(value);
  if (!kind) throw badRequest('UNKNOWN_KIND', '无此无废细胞类型', 'No such kind of zero-waste cell', 'kind');
  return kind;
}

const stateSql = sql<CellState | null>`(SELECT CASE s.step WHEN 'submit' THEN 'submitted' WHEN 'check' THEN 'checked' WHEN 'approve' THEN 'approved' ELSE 'returned' END
  FROM ${steps} s WHERE s.cell_id = "cell_applications"."id" ORDER BY s.at DESC, s.id DESC LIMIT 1)`;

async function stateOf(q: Queryable, cellId: string): Promise<CellState | null> {
  const [last] = await q.select({ step: steps.step }).from(steps).where(eq(steps.cellId, cellId)).orderBy(desc(steps.at), desc(steps.id)).limit(1);
  return last ? STATE_AFTER[last.step as CellStep] : null;
}

/**
 * 申报: the organisation sends its checklist (every item of the kind, each with what it has done and
 * the names of its photos or files). A returned application is sent again the same way.
 */
export async function applyForCell(db: Db, ctx: Ctx, input: { kind: string; items: CellItem[] }) {
  const actor = ctx.actor;
  const kind = kindOf(input.kind);
  if (!isEnterpriseUser(actor) || actor.via !== 'session') throw forbidden(`${kind.zh}由经营单位自行申报`, `The ${kind.en.toLowerCase()} applies for itself`);
  const [org] = await db.select({ id: organisations.id, regionCode: organisations.regionCode, capabilities: organisations.capabilities, name: organisations.name }).from(organisations).where(eq(organisations.id, actor.organisationId!));
  if (!org?.capabilities.includes(kind.capability)) throw forbidden(`只有登记为“商场、超市”的单位可申报${kind.zh}`, `Only an organisation registered as a mall or supermarket applies for a ${kind.en.toLowerCase()}`);
  input.items.forEach((item, i) => {
    if (!kind.checklist.some((c) => c.key === item.key)) throw badRequest('UNKNOWN_ITEM', '清单中没有该项', 'Not an item of the checklist', `items.${i}.key`);
    if (input.items.findIndex((x) => x.key === item.key) !== i) throw badRequest('DUPLICATE_ITEM', '同一项只能填写一次', 'Each item once', `items.${i}.key`);
  });
  const missing = kind.checklist.filter((c) => !input.items.some((i) => i.key === c.key));
  if (missing.length) throw badRequest('MISSING_ITEM', `请填写：${missing.map((m) => m.zh).join('、')}`, `Fill in: ${missing.map((m) => m.en).join(', ')}`, 'items');
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(cells).where(and(eq(cells.organisationId, org.id), eq(cells.kind, kind.value))).for('update');
    const state = existing ? await stateOf(tx, existing.id) : null;
    if (!stepAllowed(state, 'submit')) throw conflict('ALREADY_APPLIED', `已申报（${CELL_STATES[state!].zh}），无需重复提交`, `Already applied (${CELL_STATES[state!].en})`);
    const cell = existing ?? (await tx.insert(cells).values({ kind: kind.value, organisationId: org.id, regionCode: org.regionCode }).returning())[0];
    const items = kind.checklist.map((c) => input.items.find((i) => i.key === c.key)!);
    const [step] = await tx.insert(steps).values({ cellId: cell.id, step: 'submit', data: { items }, organisationId: org.id, byUser: actor.userId }).returning();
    await recordAudit(tx, ctx, { action: existing ? 'cell.resubmit' : 'cell.apply', entityType: 'cell_application', entityId: cell.id, regionCode: cell.regionCode, organisationId: org.id, after: { cell, step } });
    return { ...cell, state: 'submitted' as CellState, step };
  });
}

/** The cell for a reviewer: 403 for a department that does not review its kind, 404 outside its area. */
async function cellForReview(q: Queryable, actor: Actor, id: string) {
  const [cell] = await q.select().from(cells).where(eq(cells.id, id)).for('update');
  const kind = cell ? cellKind(cell.kind) : undefined;
  if (!kind) throw notFound(CELL);
  if (!isReviewer(actor, kind) || actor.via !== 'session') throw forbidden(`${kind.zh}由商务主管部门核查、命名`, `The commerce department checks and names a ${kind.en.toLowerCase()}`);
  if (!regionWithin(cell.regionCode, actor.regionCode)) throw notFound(CELL);
  return { cell, kind, state: await stateOf(q, cell.id) };
}

async function appendStep(db: Db, ctx: Ctx, id: string, step: Exclude<CellStep, 'submit'>, make: (kind: CellKind, cellId: string) => Promise<{ data: CellItem[] | object; decidedOn?: string }> | { data: object; decidedOn?: string }) {
  const actor = ctx.actor;
  return db.transaction(async (tx) => {
    const { cell, kind, state } = await cellForReview(tx, actor, id);
    if (!stepAllowed(state, step)) {
      if (step === 'approve' && state === 'submitted') throw conflict('NO_CHECK', '尚未现场核查，不能命名', 'Not checked on site yet: it cannot be named', 'id');
      throw conflict('WRONG_STATE', `当前状态为“${state ? CELL_STATES[state].zh : '未申报'}”，不能执行此操作`, `In state “${state ? CELL_STATES[state].en : 'not applied'}” this step is not possible`, 'id');
    }
    const { data, decidedOn } = await make(kind, cell.id);
    const [row] = await tx.insert(steps).values({ cellId: cell.id, step, data: data as never, decidedOn: decidedOn ?? null, organisationId: actor.organisationId!, byUser: actor.userId }).returning();
    await recordAudit(tx, ctx, { action: `cell.${step}`, entityType: 'cell_application', entityId: cell.id, regionCode: cell.regionCode, organisationId: actor.organisationId, after: row });
    // A named cell enters the register of 无废城市细胞 (名录) the indicator 开展"无废细胞"建设的单位数量 counts.
    if (step === 'approve') await enterRegister(tx, ctx, cell, kind, row.decidedOn!, (data as { decisionNo: string }).decisionNo);
    return { ...cell, state: STATE_AFTER[step], step: row };
  });
}

async function enterRegister(tx: Queryable, ctx: Ctx, cell: typeof cells.$inferSelect, kind: CellKind, namedOn: string, decisionNo: string) {
  const [org] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, cell.organisationId));
  const [bureau] = ctx.actor.organisationId ? await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, ctx.actor.organisationId)) : [];
  const [named] = await tx.select({ id: zeroWasteCells.id }).from(zeroWasteCells).where(and(eq(zeroWasteCells.organisationId, cell.organisationId), eq(zeroWasteCells.kind, kind.value as 'mall'), sql`${zeroWasteCells.endedOn} IS NULL`));
  if (named) return;
  const [row] = await tx.insert(zeroWasteCells).values({
    regionCode: cell.regionCode, name: org.name, kind: kind.value as 'mall', organisationId: cell.organisationId, namedOn, namedBy: bureau?.name ?? '', evidence: [{ name: decisionNo, note: `${kind.zh}命名文件` }], recordedBy: ctx.actor.userId!,
  }).returning();
  await recordAudit(tx, ctx, { action: 'registers.cell_record', entityType: 'zero_waste_cell', entityId: row.id, regionCode: row.regionCode, organisationId: row.organisationId, after: row });
}

/** 现场核查: the day, the inspectors and a finding on every checklist item. */
export async function checkCell(db: Db, ctx: Ctx, id: string, input: { checkedOn: string; inspectors: string[]; findings: CellFinding[] }, now = new Date()) {
  return appendStep(db, ctx, id, 'check', (kind) => {
    if (input.checkedOn > shanghaiDate(now)) throw badRequest('FUTURE_DATE', '核查日期不能晚于今天', 'The check cannot be dated after today', 'checkedOn');
    input.findings.forEach((f, i) => {
      if (!kind.checklist.some((c) => c.key === f.key)) throw badRequest('UNKNOWN_ITEM', '清单中没有该项', 'Not an item of the checklist', `findings.${i}.key`);
      if (input.findings.findIndex((x) => x.key === f.key) !== i) throw badRequest('DUPLICATE_ITEM', '同一项只能核查一次', 'Each item once', `findings.${i}.key`);
    });
    const missing = kind.checklist.filter((c) => !input.findings.some((f) => f.key === c.key));
    if (missing.length) throw badRequest('MISSING_ITEM', `请逐项核查：${missing.map((m) => m.zh).join('、')}`, `Check every item: ${missing.map((m) => m.en).join(', ')}`, 'findings');
    return { data: { checkedOn: input.checkedOn, inspectors: input.inspectors, findings: kind.checklist.map((c) => input.findings.find((f) => f.key === c.key)!) } };
  });
}

/** 命名: after an on-site check that passed every item, with the decision's number and date. */
export async function approveCell(db: Db, ctx: Ctx, id: string, input: { decisionNo: string; decidedOn: string }, now = new Date()) {
  return appendStep(db, ctx, id, 'approve', async (_kind, cellId) => {
    if (input.decidedOn > shanghaiDate(now)) throw badRequest('FUTURE_DATE', '命名日期不能晚于今天', 'The decision cannot be dated after today', 'decidedOn');
    const [check] = await db.select({ data: steps.data }).from(steps).where(and(eq(steps.cellId, cellId), eq(steps.step, 'check'))).orderBy(desc(steps.at)).limit(1);
    const findings = (check?.data as { findings?: CellFinding[]; checkedOn?: string } | undefined);
    if (findings?.findings?.some((f) => !f.pass)) throw conflict('CHECK_FAILED', '现场核查有未通过项，请退回整改', 'The on-site check failed an item: return it for changes', 'id');
    if (findings?.checkedOn && input.decidedOn < findings.checkedOn) throw badRequest('BEFORE_CHECK', '命名日期不能早于现场核查日期', 'The decision cannot be dated before the check', 'decidedOn');
    return { data: { decisionNo: input.decisionNo, decidedOn: input.decidedOn }, decidedOn: input.decidedOn };
  });
}

/** 退回修改: with the reasons; the organisation changes and sends it again. */
export async function returnCell(db: Db, ctx: Ctx, id: string, input: { reasons: string }) {
  return appendStep(db, ctx, id, 'return', () => ({ data: { reasons: input.reasons } }));
}

function listScope(actor: Actor): SQL {
  if (actor.role === 'platform_admin') return sql`true`;
  if (isReader(actor)) return sql`${cells.regionCode} LIKE ${`${regionScopePrefix(actor.regionCode)}%`}`;
  if (isEnterpriseUser(actor) && actor.organisationId) return eq(cells.organisationId, actor.organisationId);
  throw forbidden('无废细胞由商务主管部门、无废办和申报单位查看', 'Zero-waste cells are for the competent departments, the office and the applicants');
}

export interface CellFilter { kind?: string; state?: CellState; regionCode?: string; q?: string; year?: number }

/** Applications with their state, paged on the server; a bureau its area, an organisation its own. */
export async function listCells(db: Db, actor: Actor, f: CellFilter, page: number, pageSize: number) {
  const parts: SQL[] = [listScope(actor)];
  if (f.kind) parts.push(eq(cells.kind, kindOf(f.kind).value));
  if (f.state) parts.push(sql`${stateSql} = ${f.state}`);
  if (f.regionCode) parts.push(sql`${cells.regionCode} LIKE ${`${regionScopePrefix(f.regionCode)}%`}`);
  if (f.q) parts.push(sql`${organisations.name} ILIKE ${containsPattern(f.q)}`);
  const named = sql<string | null>`(SELECT max(s.decided_on)::text FROM ${steps} s WHERE s.cell_id = "cell_applications"."id" AND s.step = 'approve')`;
  if (f.year) parts.push(sql`substr(${named}, 1, 4) = ${String(f.year)}`);
  const where = and(...parts)!;
  const lastAt = sql<Date | null>`(SELECT max(s.at) FROM ${steps} s WHERE s.cell_id = "cell_applications"."id")`.mapWith((v: string | null) => (v === null ? null : new Date(v)));
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: cells.id, kind: cells.kind, organisationId: cells.organisationId, organisationName: organisations.name, regionCode: cells.regionCode,
      regionName: sql<string>`coalesce(${regions.name}, ${cells.regionCode})`, state: stateSql, namedOn: named, updatedAt: lastAt })
      .from(cells).innerJoin(organisations, eq(organisations.id, cells.organisationId)).leftJoin(regions, eq(regions.code, cells.regionCode))
      .where(where).orderBy(desc(lastAt), asc(cells.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(cells).innerJoin(organisations, eq(organisations.id, cells.organisationId)).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** An application with every step (who, when, what), newest last; what the actor may do next. */
export async function cellDetail(db: Db, actor: Actor, id: string) {
  const [row] = await db.select({ cell: cells, organisationName: organisations.name, regionName: sql<string>`coalesce(${regions.name}, ${cells.regionCode})` })
    .from(cells).innerJoin(organisations, eq(organisations.id, cells.organisationId)).leftJoin(regions, eq(regions.code, cells.regionCode)).where(eq(cells.id, id));
  const kind = row ? cellKind(row.cell.kind) : undefined;
  const own = !!row && actor.organisationId === row.cell.organisationId && isEnterpriseUser(actor);
  const official = !!row && (actor.role === 'platform_admin' || (isReader(actor) && regionWithin(row.cell.regionCode, actor.regionCode)));
  if (!row || !kind || !(own || official)) throw notFound(CELL);
  const history = await db.select({ id: steps.id, step: steps.step, data: steps.data, decidedOn: steps.decidedOn, at: steps.at, byName: sql<string>`coalesce(${users.displayName}, '')`, organisationName: organisations.name })
    .from(steps).leftJoin(users, eq(users.id, steps.byUser)).innerJoin(organisations, eq(organisations.id, steps.organisationId))
    .where(eq(steps.cellId, id)).orderBy(asc(steps.at), asc(steps.id)).limit(500);
  const state = history.length ? STATE_AFTER[history[history.length - 1].step as CellStep] : null;
  const reviewer = isReviewer(actor, kind) && regionWithin(row.cell.regionCode, actor.regionCode);
  const may = { resubmit: own && stepAllowed(state, 'submit'), check: reviewer && stepAllowed(state, 'check'), approve: reviewer && stepAllowed(state, 'approve'), return: reviewer && stepAllowed(state, 'return') };
  return { ...row.cell, organisationName: row.organisationName, regionName: row.regionName, state, history, may };
}

/**
 * 无废商场 named against the targets (seed 004 四(二)): each county of the city, per year from 2023, how
 * many were named that year, the cumulative count and the cumulative target (2 by 2023, 3 by 2024;
 * development zones 1 and 2); and the city's total against 30 by the end of 2025.
 */
export async function cellTargets(db: Db, actor: Actor, kindValue: string, now = new Date()) {
  const kind = kindOf(kindValue);
  if (!isReader(actor) && actor.role !== 'platform_admin') throw forbidden();
  const city = actor.role === 'platform_admin' || regionLevelOf(actor.regionCode) === 'province' ? null : `${actor.regionCode.slice(0, 4)}00`;
  const lastYear = Math.max(2025, shanghaiYear(now));
  const years = Array.from({ length: lastYear - 2023 + 1 }, (_, i) => 2023 + i);
  const counties = await db.select({ code: regions.code, name: regions.name }).from(regions)
    .where(and(eq(regions.level, 'county'), actor.role === 'platform_admin' ? sql`true` : sql`${regions.code} LIKE ${`${regionScopePrefix(actor.regionCode)}%`}`)).orderBy(regions.code).limit(300);
  const named = await db.select({ county: sql<string>`substr(${cells.regionCode}, 1, 6)`, year: sql<number>`extract(year FROM ${steps.decidedOn})::int`, count: sql<number>`count(DISTINCT ${cells.id})::int` })
    .from(steps).innerJoin(cells, eq(cells.id, steps.cellId))
    .where(and(eq(steps.step, 'approve'), eq(cells.kind, kind.value), city ? sql`${cells.regionCode} LIKE ${`${city.slice(0, 4)}%`}` : sql`true`))
    .groupBy(sql`1`, sql`2`);
  const byYear = (match: (county: string) => boolean, targets: readonly { year: number; count: number }[]) => {
    let cumulative = named.filter((n) => match(n.county) && n.year < years[0]).reduce((t, n) => t + n.count, 0);
    return years.map((year) => {
      const that = named.filter((n) => match(n.county) && n.year === year).reduce((t, n) => t + n.count, 0);
      cumulative += that;
      return { year, named: that, cumulative, target: cumulativeTarget(targets, year) };
    });
  };
  const rows = counties.map((c) => ({ regionCode: c.code, name: c.name, zone: /开发区|高新|度假区/.test(c.name), years: byYear((x) => x === c.code, /开发区|高新|度假区/.test(c.name) ? MALL_TARGETS.zone : MALL_TARGETS.county) }));
  const [cityRow] = city ? await db.select({ name: regions.name }).from(regions).where(eq(regions.code, city)) : [];
  return { kind: kind.value, years, rows, city: city ? { regionCode: city, name: cityRow?.name ?? city, years: byYear(() => true, MALL_TARGETS.city) } : null };
}
