import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { creditEvents as events, creditEventEnds as ends, creditBlacklist as blacklist, creditBlacklistLifts as lifts, creditRepairs as repairs, creditRepairDecisions as decisions, creditRatingRuns as runs, creditRatings as ratings } from './schema';
import { organisations } from '../platform/organisations/schema';
import { regions } from '../platform/regions/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { settingFor, settingInForce } from '../settings/service';
import { containsPattern } from '../http/pagination';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import {
  CREDIT_BASE_SETTING, CREDIT_CAPABILITIES, CREDIT_SCHEME_SETTING, GRADE_SCHEMES, addMonths, creditEventKind, creditScore, gradeOf, inForce, listedOn, schemeOf,
  type OfficialKind, type RepairStatus,
} from '../../domain/credit';
import { CREDIT_SOURCES, type CreditSource } from './sources';

type Ctx = AuditContext & { actor: Actor };
const ENTERPRISE = { zh: '企业', en: 'Enterprise' };
const EVENT = { zh: '信用事件', en: 'Credit event' };
const ENTRY = { zh: '黑名单记录', en: 'Blacklist entry' };
const REPAIR = { zh: '信用修复申请', en: 'Credit repair request' };

// Who does what (seed 000 三(七)2(2), lead: 生态环境局): the ecology bureau of an area sweeps, records
// penalties, blacklists, decides repairs and runs the annual rating in its area; the office and the other
// departments read their area; an enterprise reads its own score and events and asks for repair. Nobody
// sees another enterprise's record unless an official of its area.
const isEcology = (a: Actor) => a.role === 'regulator' && a.domain === 'ecology';
export const mayManageCredit = (a: Actor) => (isEcology(a) && !!a.organisationId) || a.role === 'platform_admin';
const isOfficialReader = (a: Actor) => a.role === 'platform_admin' || a.role === 'office' || a.role === 'regulator';
const isEnterpriseUser = (a: Actor) => (a.role === 'enterprise_admin' || a.role === 'enterprise_member') && a.organisationStatus === 'verified' && !!a.organisationId;
const inScope = (a: Actor, regionCode: string) => a.role === 'platform_admin' || regionWithin(regionCode, a.regionCode);
const areaSql = (a: Actor, column: unknown): SQL => (a.role === 'platform_admin' ? sql`true` : sql`${column} LIKE ${`${regionScopePrefix(a.regionCode)}%`}`);

function requireManager(a: Actor) {
  if (!mayManageCredit(a) || a.via !== 'session') throw forbidden('企业环境信用评价由生态环境部门管理', 'The ecology bureau manages enterprise environmental credit');
}
function requireOfficialReader(a: Actor) {
  if (!isOfficialReader(a)) throw forbidden('仅政府部门可查看企业环境信用名单', 'Only government departments read the credit lists');
}

/** 固体废物相关企业 of an area (domain/credit.ts CREDIT_CAPABILITIES): the population rated and counted by row 36. */
export const solidWasteEnterpriseSql = (alias: string) => sql`${sql.raw(alias)}.kind = 'enterprise' AND ${sql.raw(alias)}.status = 'verified'
  AND ${sql.raw(alias)}.capabilities && ARRAY[${sql.join(CREDIT_CAPABILITIES.map((c) => sql`${c}`), sql`, `)}]::text[]`;

/** The score of organisation `org` (an SQL id) on `day`, the base of its region plus its events in force; mirrors domain creditScore(). */
const scoreSql = (org: SQL, regionCode: SQL, day: string) => sql`greatest(0, ${settingInForce(CREDIT_BASE_SETTING, regionCode)} + coalesce((
  SELECT sum(e.points) FROM credit_events e LEFT JOIN credit_event_ends x ON x.event_id = e.id
  WHERE e.organisation_id = ${org} AND e.valid_from <= ${day}::date AND ${day}::date < least(e.valid_until, coalesce(x.ended_on, e.valid_until))), 0))::int`;
/** On the blacklist on `day`: mirrors domain listedOn(). */
const listedSql = (org: SQL, day: string) => sql`EXISTS (SELECT 1 FROM credit_blacklist b LEFT JOIN credit_blacklist_lifts l ON l.entry_id = b.id
  WHERE b.organisation_id = ${org} AND b.listed_from <= ${day}::date AND (b.listed_until IS NULL OR ${day}::date < b.listed_until) AND (l.lifted_on IS NULL OR ${day}::date < l.lifted_on))`;
/** The grade by the region's scheme; mirrors domain gradeOf(). */
function gradeSql(regionCode: SQL, score: SQL, listed: SQL) {
  const scheme = settingInForce(CREDIT_SCHEME_SETTING, regionCode);
  const cases = (s: 1 | 2) => {
    const g = GRADE_SCHEMES[s].grades;
    return sql`CASE WHEN ${listed} THEN ${g[g.length - 1].value} ${sql.join(g.slice(0, -1).map((x) => sql`WHEN ${score} >= ${x.min} THEN ${x.value}`), sql` `)} ELSE ${g[g.length - 1].value} END`;
  };
  return sql<string>`(CASE WHEN ${scheme} = 2 THEN ${cases(2)} ELSE ${cases(1)} END)`;
}

// ---------------------------------------------------------------- the sweep

/**
 * 信用事件扫描: every source's new events in the area since `since` (by default 13 months back, past
 * the longest validity), each inserted once by its source key; one audit row per sweep that added any.
 * Run by the periodic scan (no actor: the whole platform) and on demand by the bureau for its area.
 */
export async function sweepCredit(db: Db, ctx: AuditContext | null, regionCode = '', now = new Date(), sources: CreditSource[] = CREDIT_SOURCES, since = new Date(now.getTime() - 396 * 86_400_000)) {
  const byKind: Record<string, number> = {};
  let found = 0;
  const added = await db.transaction(async (tx) => {
    const inserted: { id: string; kind: string; organisationId: string }[] = [];
    for (const source of sources) {
      const kind = creditEventKind(source.kind)!;
      const rows = await source.find(tx, regionCode, since, now);
      found += rows.length;
      for (let i = 0; i < rows.length; i += 500) {
        const part = rows.slice(i, i + 500);
        const written = await tx.insert(events).values(part.map((r) => ({
          organisationId: r.organisationId, regionCode: r.regionCode, kind: kind.value, points: kind.points, reason: r.reason.zh, reasonEn: r.reason.en,
          sourceType: r.sourceType, sourceId: r.sourceId, link: r.link, sourceKey: r.key, occurredOn: r.occurredOn, validFrom: r.occurredOn,
          validUntil: addMonths(r.occurredOn, kind.validityMonths), recordedAt: now,
        }))).onConflictDoNothing({ target: events.sourceKey }).returning({ id: events.id, kind: events.kind, organisationId: events.organisationId });
        inserted.push(...written);
      }
      byKind[kind.value] = inserted.filter((e) => e.kind === kind.value).length;
    }
    if (inserted.length) {
      await recordAudit(tx, ctx ?? { actor: null, actorLabel: 'credit-sweep' }, {
        action: 'credit.sweep', entityType: 'credit_sweep', entityId: regionCode || 'all', regionCode: regionCode || null,
        organisationId: ctx && 'actor' in ctx ? ctx.actor?.organisationId ?? null : null, after: { byKind, events: inserted.map((e) => e.id) },
      });
    }
    return inserted.length;
  });
  return { regionCode, found, added, byKind };
}

/** The bureau's sweep of its own area, on demand. */
export async function sweepArea(db: Db, ctx: Ctx, now = new Date()) {
  requireManager(ctx.actor);
  return sweepCredit(db, ctx, ctx.actor.role === 'platform_admin' ? '' : ctx.actor.regionCode, now);
}

// ---------------------------------------------------------------- officials' events

async function enterpriseInScope(q: Queryable, actor: Actor, organisationId: string, field = 'organisationId') {
  const [org] = await q.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode, kind: organisations.kind }).from(organisations).where(eq(organisations.id, organisationId));
  if (!org || !inScope(actor, org.regionCode)) throw notFound(ENTERPRISE);
  if (org.kind !== 'enterprise') throw badRequest('NOT_AN_ENTERPRISE', '信用评价只针对企业', 'Credit is rated for enterprises only', field);
  return org;
}

export interface OfficialEventInput {
  organisationId: string; kind: OfficialKind; points: number; reason: string; occurredOn: string;
  decisionNo?: string | null; legalBasis?: string | null; validUntil?: string | null;
}

/**
 * 行政处罚 (or 表彰): recorded by the bureau. A penalty names its 决定书文号 and 法律依据 (环境信用评价办法:
 * a penalty enters the record on the decision), lowers the score, and a commendation raises it.
 */
export async function recordOfficialEvent(db: Db, ctx: Ctx, input: OfficialEventInput, now = new Date()) {
  const actor = ctx.actor;
  requireManager(actor);
  const kind = creditEventKind(input.kind)!;
  if (input.kind === 'penalty') {
    if (!input.decisionNo) throw badRequest('DECISION_NO_REQUIRED', '行政处罚须填写处罚决定书文号', 'A penalty needs the decision number (决定书文号)', 'decisionNo');
    if (!input.legalBasis) throw badRequest('LEGAL_BASIS_REQUIRED', '行政处罚须填写法律依据', 'A penalty needs its legal basis (法律依据)', 'legalBasis');
    if (input.points >= 0) throw badRequest('PENALTY_POINTS', '行政处罚应扣分（负数）', 'A penalty takes points off (a negative number)', 'points');
  }
  if (input.kind === 'commendation' && input.points <= 0) throw badRequest('COMMENDATION_POINTS', '表彰奖励应加分（正数）', 'A commendation adds points (a positive number)', 'points');
  if (input.occurredOn > shanghaiDate(now)) throw badRequest('FUTURE_DATE', '日期不能晚于今天', 'The day cannot be after today', 'occurredOn');
  const validUntil = input.validUntil ?? addMonths(input.occurredOn, kind.validityMonths);
  if (validUntil <= input.occurredOn) throw badRequest('BAD_VALIDITY', '有效期截止日应晚于发生日期', 'The validity must end after the day it happened', 'validUntil');
  const org = await enterpriseInScope(db, actor, input.organisationId);
  return db.transaction(async (tx) => {
    if (input.decisionNo) {
      const [same] = await tx.select({ id: events.id }).from(events).where(and(eq(events.kind, input.kind), eq(events.decisionNo, input.decisionNo), eq(events.organisationId, org.id))).limit(1);
      if (same) throw conflict('DECISION_RECORDED', '该决定书已记入该企业的信用记录', 'This decision is already on the enterprise’s record', 'decisionNo');
    }
    const [row] = await tx.insert(events).values({
      organisationId: org.id, regionCode: org.regionCode, kind: input.kind, points: input.points, reason: input.reason, reasonEn: '',
      sourceType: input.kind, sourceId: input.decisionNo ?? '', link: null, sourceKey: null, decisionNo: input.decisionNo ?? null, legalBasis: input.legalBasis ?? null,
      occurredOn: input.occurredOn, validFrom: input.occurredOn, validUntil, recordedBy: actor.userId, recordedAt: now,
    }).returning();
    await recordAudit(tx, ctx, { action: `credit.${input.kind}`, entityType: 'credit_event', entityId: row.id, regionCode: org.regionCode, organisationId: org.id, after: row });
    return row;
  });
}

/** 更正: the bureau withdraws an event recorded in error: a row that ends it on its first day, so it never counted; the event stays on the record. */
export async function correctEvent(db: Db, ctx: Ctx, eventId: string, reason: string, now = new Date()) {
  requireManager(ctx.actor);
  return db.transaction(async (tx) => {
    const [event] = await tx.select().from(events).where(eq(events.id, eventId)).for('update');
    if (!event || !inScope(ctx.actor, event.regionCode)) throw notFound(EVENT);
    const [ended] = await tx.select({ id: ends.id }).from(ends).where(eq(ends.eventId, eventId));
    if (ended) throw conflict('EVENT_ENDED', '该信用事件已终止', 'This event has already ended', 'eventId');
    const [row] = await tx.insert(ends).values({ eventId, cause: 'correction', endedOn: event.validFrom, reason, endedBy: ctx.actor.userId!, endedAt: now }).returning();
    await recordAudit(tx, ctx, { action: 'credit.correct', entityType: 'credit_event', entityId: eventId, regionCode: event.regionCode, organisationId: event.organisationId, after: row });
    return row;
  });
}

// ---------------------------------------------------------------- the blacklist

export interface BlacklistInput { organisationId: string; reason: string; decisionNo: string; listedFrom: string; listedUntil?: string | null }

/** 黑名单: an enterprise listed from a day (until a day, or until lifted), with the decision; it takes the lowest grade while listed. */
export async function addToBlacklist(db: Db, ctx: Ctx, input: BlacklistInput) {
  requireManager(ctx.actor);
  if (input.listedUntil && input.listedUntil <= input.listedFrom) throw badRequest('BAD_PERIOD', '截止日应晚于起始日', 'The end must come after the start', 'listedUntil');
  const org = await enterpriseInScope(db, ctx.actor, input.organisationId);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(blacklist).values({ organisationId: org.id, regionCode: org.regionCode, reason: input.reason, decisionNo: input.decisionNo, listedFrom: input.listedFrom, listedUntil: input.listedUntil ?? null, listedBy: ctx.actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'credit.blacklist', entityType: 'credit_blacklist', entityId: row.id, regionCode: org.regionCode, organisationId: org.id, after: row });
    return row;
  });
}

/** 移出黑名单: a row that lifts an entry from a day, with the reason. */
export async function liftBlacklist(db: Db, ctx: Ctx, entryId: string, input: { liftedOn: string; reason: string }) {
  requireManager(ctx.actor);
  return db.transaction(async (tx) => {
    const [entry] = await tx.select().from(blacklist).where(eq(blacklist.id, entryId)).for('update');
    if (!entry || !inScope(ctx.actor, entry.regionCode)) throw notFound(ENTRY);
    const [lifted] = await tx.select({ id: lifts.id }).from(lifts).where(eq(lifts.entryId, entryId));
    if (lifted) throw conflict('ALREADY_LIFTED', '该记录已移出黑名单', 'This entry has already been lifted', 'entryId');
    if (input.liftedOn < entry.listedFrom) throw badRequest('BAD_DATE', '移出日期不能早于列入日期', 'It cannot be lifted before it was listed', 'liftedOn');
    const [row] = await tx.insert(lifts).values({ entryId, liftedOn: input.liftedOn, reason: input.reason, liftedBy: ctx.actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'credit.blacklist_lift', entityType: 'credit_blacklist', entityId: entryId, regionCode: entry.regionCode, organisationId: entry.organisationId, after: row });
    return row;
  });
}

export async function listBlacklist(db: Db, actor: Actor, f: { current?: boolean; regionCode?: string }, page: number, pageSize: number, now = new Date()) {
  requireOfficialReader(actor);
  const today = shanghaiDate(now);
  const parts: SQL[] = [areaSql(actor, blacklist.regionCode)];
  if (f.regionCode) parts.push(sql`${blacklist.regionCode} LIKE ${`${regionScopePrefix(f.regionCode)}%`}`);
  if (f.current) parts.push(sql`${blacklist.listedFrom} <= ${today}::date AND (${blacklist.listedUntil} IS NULL OR ${today}::date < ${blacklist.listedUntil}) AND (${lifts.liftedOn} IS NULL OR ${today}::date < ${lifts.liftedOn})`);
  const where = and(...parts)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: blacklist.id, organisationId: blacklist.organisationId, organisationName: organisations.name, regionCode: blacklist.regionCode, regionName: sql<string>`coalesce(${regions.name}, ${blacklist.regionCode})`,
      reason: blacklist.reason, decisionNo: blacklist.decisionNo, listedFrom: blacklist.listedFrom, listedUntil: blacklist.listedUntil, listedAt: blacklist.listedAt,
      liftedOn: lifts.liftedOn, liftReason: lifts.reason })
      .from(blacklist).innerJoin(organisations, eq(organisations.id, blacklist.organisationId)).leftJoin(lifts, eq(lifts.entryId, blacklist.id)).leftJoin(regions, eq(regions.code, blacklist.regionCode))
      .where(where).orderBy(desc(blacklist.listedFrom), asc(organisations.name)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(blacklist).leftJoin(lifts, eq(lifts.entryId, blacklist.id)).where(where),
  ]);
  return { items: items.map((i) => ({ ...i, current: listedOn(i, today) })), total, page, pageSize };
}

// ---------------------------------------------------------------- credit repair

/** 信用修复申请: the enterprise asks that one of its events in force end, having put it right, with its evidence. */
export async function requestRepair(db: Db, ctx: Ctx, input: { eventId: string; rectification: string; evidence: string }, now = new Date()) {
  const actor = ctx.actor;
  if (!isEnterpriseUser(actor) || actor.via !== 'session') throw forbidden('信用修复由企业本身申请', 'An enterprise asks for repair of its own record');
  return db.transaction(async (tx) => {
    const [event] = await tx.select().from(events).where(eq(events.id, input.eventId)).for('update');
    if (!event || event.organisationId !== actor.organisationId) throw notFound(EVENT);
    const [ended] = await tx.select({ endedOn: ends.endedOn }).from(ends).where(eq(ends.eventId, event.id));
    if (event.points >= 0) throw badRequest('NOTHING_TO_REPAIR', '加分事件无需修复', 'A commendation needs no repair', 'eventId');
    if (ended || !inForce(event, shanghaiDate(now))) throw conflict('EVENT_NOT_IN_FORCE', '该信用事件已不在有效期内', 'This event no longer counts', 'eventId');
    const [pending] = await tx.select({ id: repairs.id }).from(repairs).leftJoin(decisions, eq(decisions.repairId, repairs.id)).where(and(eq(repairs.eventId, event.id), sql`${decisions.id} IS NULL`));
    if (pending) throw conflict('REPAIR_PENDING', '该事件已有待审核的修复申请', 'A repair request for this event is awaiting review', 'eventId');
    const [row] = await tx.insert(repairs).values({ eventId: event.id, organisationId: event.organisationId, regionCode: event.regionCode, rectification: input.rectification, evidence: input.evidence, requestedBy: actor.userId!, requestedAt: now }).returning();
    await recordAudit(tx, ctx, { action: 'credit.repair_request', entityType: 'credit_repair', entityId: row.id, regionCode: event.regionCode, organisationId: event.organisationId, after: row });
    return { ...row, status: 'pending' as RepairStatus };
  });
}

/** The bureau approves (the event ends on the day of the decision) or rejects with its reason. */
export async function decideRepair(db: Db, ctx: Ctx, repairId: string, input: { decision: 'approved' | 'rejected'; reason: string }, now = new Date()) {
  requireManager(ctx.actor);
  return db.transaction(async (tx) => {
    const [repair] = await tx.select().from(repairs).where(eq(repairs.id, repairId)).for('update');
    if (!repair || !inScope(ctx.actor, repair.regionCode)) throw notFound(REPAIR);
    const [decided] = await tx.select({ id: decisions.id }).from(decisions).where(eq(decisions.repairId, repairId));
    if (decided) throw conflict('REPAIR_DECIDED', '该修复申请已审核', 'This repair request has already been decided', 'repairId');
    const [row] = await tx.insert(decisions).values({ repairId, decision: input.decision, reason: input.reason, decidedBy: ctx.actor.userId!, decidedAt: now }).returning();
    if (input.decision === 'approved') {
      const [event] = await tx.select().from(events).where(eq(events.id, repair.eventId)).for('update');
      const today = shanghaiDate(now);
      await tx.insert(ends).values({ eventId: repair.eventId, cause: 'repair', endedOn: today < event.validFrom ? event.validFrom : today, reason: input.reason, repairId, endedBy: ctx.actor.userId!, endedAt: now }).onConflictDoNothing({ target: ends.eventId });
    }
    await recordAudit(tx, ctx, { action: `credit.repair_${input.decision === 'approved' ? 'approve' : 'reject'}`, entityType: 'credit_repair', entityId: repairId, regionCode: repair.regionCode, organisationId: repair.organisationId, after: row });
    return { ...repair, status: input.decision as RepairStatus, decision: row };
  });
}

const repairStatusSql = sql<RepairStatus>`coalesce(${decisions.decision}, 'pending')`;

/** Repair requests: the bureau's area (pending first), or an enterprise's own. */
export async function listRepairs(db: Db, actor: Actor, f: { status?: RepairStatus }, page: number, pageSize: number) {
  const parts: SQL[] = [];
  if (isEnterpriseUser(actor)) parts.push(eq(repairs.organisationId, actor.organisationId!));
  else if (isOfficialReader(actor)) parts.push(areaSql(actor, repairs.regionCode));
  else throw forbidden();
  if (f.status) parts.push(sql`${repairStatusSql} = ${f.status}`);
  const where = and(...parts)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: repairs.id, eventId: repairs.eventId, organisationId: repairs.organisationId, organisationName: organisations.name, regionCode: repairs.regionCode,
      kind: events.kind, points: events.points, eventReason: events.reason, occurredOn: events.occurredOn, rectification: repairs.rectification, evidence: repairs.evidence,
      requestedAt: repairs.requestedAt, status: repairStatusSql, decisionReason: decisions.reason, decidedAt: decisions.decidedAt })
      .from(repairs).innerJoin(events, eq(events.id, repairs.eventId)).innerJoin(organisations, eq(organisations.id, repairs.organisationId)).leftJoin(decisions, eq(decisions.repairId, repairs.id))
      .where(where).orderBy(sql`${decisions.id} IS NOT NULL`, desc(repairs.requestedAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(repairs).leftJoin(decisions, eq(decisions.repairId, repairs.id)).where(where),
  ]);
  return { items, total, page, pageSize };
}

// ---------------------------------------------------------------- reading scores

export interface EnterpriseFilter { grade?: string; blacklisted?: boolean; regionCode?: string; q?: string }

/** The solid-waste enterprises of the official's area with today's score and grade, filtered by grade, blacklist, region, name. */
export async function listEnterprises(db: Db, actor: Actor, f: EnterpriseFilter, page: number, pageSize: number, now = new Date()) {
  requireOfficialReader(actor);
  if (f.regionCode && !inScope(actor, f.regionCode)) throw notFound({ zh: '地区', en: 'Region' });
  const today = shanghaiDate(now);
  const score = scoreSql(sql`o.id`, sql`o.region_code`, today);
  const listed = listedSql(sql`o.id`, today);
  const parts: SQL[] = [solidWasteEnterpriseSql('o'), actor.role === 'platform_admin' ? sql`true` : sql`o.region_code LIKE ${`${regionScopePrefix(actor.regionCode)}%`}`];
  if (f.regionCode) parts.push(sql`o.region_code LIKE ${`${regionScopePrefix(f.regionCode)}%`}`);
  if (f.q) parts.push(sql`o.name ILIKE ${containsPattern(f.q)}`);
  const inner = sql`SELECT o.id, o.name, o.credit_code, o.region_code, coalesce(rg.name, o.region_code) AS region_name, o.capabilities, ${score} AS score, ${listed} AS blacklisted,
      (SELECT count(*)::int FROM credit_events e LEFT JOIN credit_event_ends x ON x.event_id = e.id WHERE e.organisation_id = o.id AND e.valid_from <= ${today}::date AND ${today}::date < least(e.valid_until, coalesce(x.ended_on, e.valid_until))) AS events,
      (SELECT count(*)::int FROM credit_repairs r WHERE r.organisation_id = o.id AND NOT EXISTS (SELECT 1 FROM credit_repair_decisions d WHERE d.repair_id = r.id)) AS pending_repairs
    FROM organisations o LEFT JOIN regions rg ON rg.code = o.region_code WHERE ${and(...parts)}`;
  const outer: SQL[] = [sql`true`];
  if (f.grade) outer.push(sql`s.grade = ${f.grade}`);
  if (f.blacklisted !== undefined) outer.push(sql`s.blacklisted = ${f.blacklisted}`);
  const result = await db.execute<{ id: string; name: string; credit_code: string; region_code: string; region_name: string; capabilities: string[]; score: number; blacklisted: boolean; grade: string; events: number; pending_repairs: number; total: number }>(sql`
    SELECT s.*, count(*) OVER ()::int AS total FROM (SELECT i.*, ${gradeSql(sql`i.region_code`, sql`i.score`, sql`i.blacklisted`)} AS grade FROM (${inner}) i) s
    WHERE ${and(...outer)} ORDER BY s.score ASC, s.name LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
  let total = result.rows[0]?.total ?? 0;
  if (!result.rows.length && page > 1) {
    const [row] = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM (SELECT i.*, ${gradeSql(sql`i.region_code`, sql`i.score`, sql`i.blacklisted`)} AS grade FROM (${inner}) i) s WHERE ${and(...outer)}`)).rows;
    total = row.n;
  }
  return {
    items: result.rows.map((r) => ({ organisationId: r.id, name: r.name, creditCode: r.credit_code, regionCode: r.region_code, regionName: r.region_name, capabilities: r.capabilities,
      score: r.score, grade: r.grade, blacklisted: r.blacklisted, eventsInForce: r.events, pendingRepairs: r.pending_repairs })),
    total, page, pageSize,
  };
}

/**
 * One enterprise's credit: today's score and grade by its region's scheme, every event with its reason,
 * validity, early end and repair, its blacklist entries and its annual ratings. An official of its area
 * or the enterprise itself; anyone else gets 404 (its existence is not revealed).
 */
export async function creditProfile(db: Db, actor: Actor, organisationId: string, now = new Date()) {
  const own = actor.organisationId === organisationId && isEnterpriseUser(actor);
  const [org] = await db.select({ id: organisations.id, name: organisations.name, creditCode: organisations.creditCode, regionCode: organisations.regionCode, kind: organisations.kind, capabilities: organisations.capabilities })
    .from(organisations).where(eq(organisations.id, organisationId));
  if (!org || org.kind !== 'enterprise' || !(own || (isOfficialReader(actor) && inScope(actor, org.regionCode)))) throw notFound(ENTERPRISE);
  const today = shanghaiDate(now);
  const [scheme, base] = await Promise.all([settingFor(db, CREDIT_SCHEME_SETTING, org.regionCode), settingFor(db, CREDIT_BASE_SETTING, org.regionCode)]);
  const [eventRows, entries, rated, repairRows] = await Promise.all([
    db.select({ e: events, endedOn: ends.endedOn, endCause: ends.cause, endReason: ends.reason }).from(events).leftJoin(ends, eq(ends.eventId, events.id))
      .where(eq(events.organisationId, org.id)).orderBy(desc(events.occurredOn), desc(events.recordedAt)).limit(500),
    db.select({ b: blacklist, liftedOn: lifts.liftedOn, liftReason: lifts.reason }).from(blacklist).leftJoin(lifts, eq(lifts.entryId, blacklist.id))
      .where(eq(blacklist.organisationId, org.id)).orderBy(desc(blacklist.listedFrom)).limit(50),
    db.select({ year: ratings.year, score: ratings.score, grade: ratings.grade, blacklisted: ratings.blacklisted, ratedAt: runs.ratedAt, scheme: runs.scheme })
      .from(ratings).innerJoin(runs, eq(runs.id, ratings.runId)).where(eq(ratings.organisationId, org.id)).orderBy(desc(ratings.year), desc(runs.ratedAt)).limit(50),
    db.select({ id: repairs.id, eventId: repairs.eventId, status: repairStatusSql, rectification: repairs.rectification, evidence: repairs.evidence, requestedAt: repairs.requestedAt, decisionReason: decisions.reason, decidedAt: decisions.decidedAt })
      .from(repairs).leftJoin(decisions, eq(decisions.repairId, repairs.id)).where(eq(repairs.organisationId, org.id)).orderBy(desc(repairs.requestedAt)).limit(200),
  ]);
  const scored = eventRows.map((r) => ({ ...r.e, endedOn: r.endedOn, endCause: r.endCause, endReason: r.endReason }));
  const blacklisted = entries.some((x) => listedOn({ ...x.b, liftedOn: x.liftedOn }, today));
  const score = creditScore(base, scored, today);
  const s = schemeOf(scheme);
  const grade = gradeOf(s, score, blacklisted);
  const latestYear = new Map<number, (typeof rated)[number]>();
  for (const r of rated) if (!latestYear.has(r.year)) latestYear.set(r.year, r);
  return {
    organisationId: org.id, name: org.name, creditCode: org.creditCode, regionCode: org.regionCode, asOf: today,
    solidWaste: org.capabilities.some((c) => (CREDIT_CAPABILITIES as string[]).includes(c)),
    scheme: s, schemeLabel: GRADE_SCHEMES[s].label, baseScore: base, score, grade: { value: grade.value, zh: grade.zh, en: grade.en, colour: grade.colour, label: grade.label }, blacklisted,
    events: scored.map((e) => ({
      id: e.id, kind: e.kind, points: e.points, reason: e.reason, reasonEn: e.reasonEn, sourceType: e.sourceType, link: e.link, decisionNo: e.decisionNo, legalBasis: e.legalBasis,
      occurredOn: e.occurredOn, validFrom: e.validFrom, validUntil: e.validUntil, endedOn: e.endedOn, endCause: e.endCause, endReason: e.endReason, inForce: inForce(e, today), recordedAt: e.recordedAt,
      repair: repairRows.find((r) => r.eventId === e.id) ?? null,
    })),
    blacklist: entries.map((x) => ({ id: x.b.id, reason: x.b.reason, decisionNo: x.b.decisionNo, listedFrom: x.b.listedFrom, listedUntil: x.b.listedUntil, liftedOn: x.liftedOn, liftReason: x.liftReason, current: listedOn({ ...x.b, liftedOn: x.liftedOn }, today) })),
    ratings: [...latestYear.values()].map((r) => ({ year: r.year, score: r.score, grade: r.grade, blacklisted: r.blacklisted, ratedAt: r.ratedAt })),
    mayRequestRepair: own && actor.via === 'session',
  };
}

export async function listEvents(db: Db, actor: Actor, f: { kind?: string; regionCode?: string; organisationId?: string }, page: number, pageSize: number) {
  requireOfficialReader(actor);
  if (f.regionCode && !inScope(actor, f.regionCode)) throw notFound({ zh: '地区', en: 'Region' });
  const parts: SQL[] = [areaSql(actor, events.regionCode)];
  if (f.kind) parts.push(eq(events.kind, f.kind));
  if (f.regionCode) parts.push(sql`${events.regionCode} LIKE ${`${regionScopePrefix(f.regionCode)}%`}`);
  if (f.organisationId) parts.push(eq(events.organisationId, f.organisationId));
  const where = and(...parts)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: events.id, organisationId: events.organisationId, organisationName: organisations.name, regionCode: events.regionCode, kind: events.kind, points: events.points,
      reason: events.reason, reasonEn: events.reasonEn, link: events.link, decisionNo: events.decisionNo, legalBasis: events.legalBasis, occurredOn: events.occurredOn,
      validUntil: events.validUntil, endedOn: ends.endedOn, recordedAt: events.recordedAt })
      .from(events).innerJoin(organisations, eq(organisations.id, events.organisationId)).leftJoin(ends, eq(ends.eventId, events.id))
      .where(where).orderBy(desc(events.recordedAt), desc(events.occurredOn)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(events).where(where),
  ]);
  return { items, total, page, pageSize };
}

// ---------------------------------------------------------------- the annual rating

/**
 * 年度评价: the bureau rates its area for a year: each solid-waste enterprise's score and grade on the
 * year's last day (or today, for the year running) is frozen as a rating of the run. A later run of the
 * same year supersedes the earlier for the enterprises it rates; both stay.
 */
export async function runRating(db: Db, ctx: Ctx, input: { year: number; regionCode?: string }, now = new Date()) {
  const actor = ctx.actor;
  requireManager(actor);
  const regionCode = input.regionCode ?? actor.regionCode;
  if (actor.role !== 'platform_admin' && !regionWithin(regionCode, actor.regionCode)) throw badRequest('REGION_OUT_OF_AREA', '只能评价本辖区的企业', 'Rate enterprises of your own area', 'regionCode');
  const today = shanghaiDate(now);
  if (`${input.year}-01-01` > today) throw badRequest('YEAR_NOT_BEGUN', '该年度尚未开始', 'That year has not begun', 'year');
  const scoredOn = `${input.year}-12-31` < today ? `${input.year}-12-31` : today;
  const [scheme, base] = await Promise.all([settingFor(db, CREDIT_SCHEME_SETTING, regionCode), settingFor(db, CREDIT_BASE_SETTING, regionCode)]);
  const score = scoreSql(sql`o.id`, sql`o.region_code`, scoredOn);
  const listed = listedSql(sql`o.id`, scoredOn);
  const rows = (await db.execute<{ id: string; region_code: string; score: number; blacklisted: boolean; grade: string; events: number }>(sql`
    SELECT i.*, ${gradeSql(sql`i.region_code`, sql`i.score`, sql`i.blacklisted`)} AS grade FROM (
      SELECT o.id, o.region_code, ${score} AS score, ${listed} AS blacklisted,
        (SELECT count(*)::int FROM credit_events e LEFT JOIN credit_event_ends x ON x.event_id = e.id WHERE e.organisation_id = o.id AND e.valid_from <= ${scoredOn}::date AND ${scoredOn}::date < least(e.valid_until, coalesce(x.ended_on, e.valid_until))) AS events
      FROM organisations o WHERE ${solidWasteEnterpriseSql('o')} AND o.region_code LIKE ${`${regionScopePrefix(regionCode)}%`}) i`)).rows;
  if (!rows.length) throw badRequest('NO_ENTERPRISES', '本辖区没有纳入评价范围的固体废物相关企业', 'No solid-waste enterprises in the area to rate', 'regionCode');
  return db.transaction(async (tx) => {
    const [run] = await tx.insert(runs).values({ year: input.year, regionCode, scheme: schemeOf(scheme), baseScore: base, scoredOn, enterprises: rows.length, ratedBy: actor.userId!, ratedAt: now }).returning();
    for (let i = 0; i < rows.length; i += 500) {
      await tx.insert(ratings).values(rows.slice(i, i + 500).map((r) => ({ runId: run.id, year: input.year, organisationId: r.id, regionCode: r.region_code, score: r.score, grade: r.grade, blacklisted: r.blacklisted, events: r.events })));
    }
    const byGrade: Record<string, number> = {};
    for (const r of rows) byGrade[r.grade] = (byGrade[r.grade] ?? 0) + 1;
    await recordAudit(tx, ctx, { action: 'credit.rate', entityType: 'credit_rating_run', entityId: run.id, regionCode, organisationId: actor.organisationId, after: { ...run, byGrade } });
    return { ...run, byGrade };
  });
}

/** The rating runs of the area (newest first) and, for a year, the frozen grades of its latest run per enterprise. */
export async function listRatings(db: Db, actor: Actor, f: { year: number; grade?: string; regionCode?: string }, page: number, pageSize: number) {
  requireOfficialReader(actor);
  if (f.regionCode && !inScope(actor, f.regionCode)) throw notFound({ zh: '地区', en: 'Region' });
  const parts: SQL[] = [areaSql(actor, ratings.regionCode), eq(ratings.year, f.year),
    sql`${ratings.runId} = (SELECT r2.run_id FROM credit_ratings r2 JOIN credit_rating_runs u2 ON u2.id = r2.run_id WHERE r2.organisation_id = ${ratings.organisationId} AND r2.year = ${f.year} ORDER BY u2.rated_at DESC LIMIT 1)`];
  if (f.grade) parts.push(eq(ratings.grade, f.grade));
  if (f.regionCode) parts.push(sql`${ratings.regionCode} LIKE ${`${regionScopePrefix(f.regionCode)}%`}`);
  const where = and(...parts)!;
  const [items, [{ total }], runList] = await Promise.all([
    db.select({ organisationId: ratings.organisationId, organisationName: organisations.name, regionCode: ratings.regionCode, score: ratings.score, grade: ratings.grade, blacklisted: ratings.blacklisted, events: ratings.events, ratedAt: runs.ratedAt })
      .from(ratings).innerJoin(runs, eq(runs.id, ratings.runId)).innerJoin(organisations, eq(organisations.id, ratings.organisationId))
      .where(where).orderBy(asc(ratings.score), asc(organisations.name)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(ratings).where(where),
    db.select({ id: runs.id, year: runs.year, regionCode: runs.regionCode, scheme: runs.scheme, scoredOn: runs.scoredOn, enterprises: runs.enterprises, ratedAt: runs.ratedAt })
      .from(runs).where(and(areaSql(actor, runs.regionCode), eq(runs.year, f.year))).orderBy(desc(runs.ratedAt)).limit(20),
  ]);
  return { year: f.year, runs: runList, items, total, page, pageSize };
}

/** The periodic scan's sweep of the whole platform. */
export const sweepAll = (db: Db, now = new Date()) => sweepCredit(db, null, '', now);
