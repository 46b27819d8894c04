import { and, eq, sql, desc, inArray, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { alarms, alarmEvents } from './schema';
import { users } from '../platform/accounts/schema';
import { regions } from '../platform/regions/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { regulatedWaste, regulates, type Actor, type RegulatedWaste } from '../platform/policy';
import { regulatedSql } from '../platform/scope-sql';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { notifyAlarms } from './live';
import { enqueueAlarmEvents } from '../webhooks/service';
import { RULES } from './rules';

type Ctx = AuditContext & { actor: Actor };
const ALARM = { zh: '预警', en: 'Alarm' };
const isOfficial = (a: Actor) => a.role === 'office' || a.role === 'regulator' || a.role === 'platform_admin';

/**
 * Alarms about the waste a department regulates, as a condition on the alias of an alarms row: an
 * alarm about a manifest or a batch follows that record's stream and code; any other (about an
 * organisation, a project) follows the stream its rule names.
 */
export function alarmDomainSql(waste: RegulatedWaste, alias: string): SQL {
  if (waste === 'all') return sql`true`;
  const a = sql.raw(alias);
  const regulated = (stream: SQL, code: SQL) => regulatedSql(waste, stream, code);
  const ruleKeys = RULES.filter((r) => r.stream && regulates(waste, r.stream, '')).map((r) => r.key);
  return sql`(CASE ${a}.subject_type
    WHEN 'manifest' THEN EXISTS (SELECT 1 FROM manifests dm WHERE dm.id = (CASE WHEN ${a}.subject_type = 'manifest' THEN ${a}.subject_id END)::uuid AND ${regulated(sql`dm.stream`, sql`dm.waste_code`)})
    WHEN 'waste_batch' THEN EXISTS (SELECT 1 FROM waste_batches db WHERE db.id = (CASE WHEN ${a}.subject_type = 'waste_batch' THEN ${a}.subject_id END)::uuid AND ${regulated(sql`db.stream`, sql`db.waste_code`)})
    ELSE ${ruleKeys.length ? sql`${a}.rule IN (${sql.join(ruleKeys.map((r) => sql`${r}`), sql`, `)})` : sql`false`} END)`;
}

/** Which alarms an actor sees: officials those of their area about the waste they regulate; a company those about itself; anyone those they own. */
export function alarmVisibility(actor: Actor): SQL {
  if (actor.role === 'platform_admin') return sql`true`;
  if (actor.role === 'office' || actor.role === 'regulator') {
    return sql`(${alarms.regionCode} LIKE ${`${regionScopePrefix(actor.regionCode)}%`} AND ${alarmDomainSql(regulatedWaste(actor), 'alarms')})`;
  }
  // A company sees the alarms about itself, and anyone the alarms they were made owner of.
  if (actor.organisationId && actor.userId) return sql`(${alarms.organisationId} = ${actor.organisationId} OR ${alarms.ownerUserId} = ${actor.userId})`;
  if (actor.userId) return eq(alarms.ownerUserId, actor.userId);
  return sql`false`;
}

/** The region and party half of alarmVisibility, for a record in hand; the domain half needs the subject (canSeeAlarmNow). */
const canSeeAlarmArea = (actor: Actor, a: { regionCode: string; organisationId: string | null; ownerUserId?: string | null }) =>
  actor.role === 'platform_admin' || ((actor.role === 'office' || actor.role === 'regulator') && regionWithin(a.regionCode, actor.regionCode))
  || (!!actor.organisationId && a.organisationId === actor.organisationId) || (!!actor.userId && a.ownerUserId === actor.userId);

/**
 * Whether the actor sees this alarm: the same rule as alarmVisibility. A department regulator's
 * answer depends on the alarm's subject, so it asks the database; everyone else is answered here.
 */
export async function canSeeAlarm(db: Queryable, actor: Actor, a: { id: string; regionCode: string; organisationId: string | null; ownerUserId?: string | null }): Promise<boolean> {
  if (!canSeeAlarmArea(actor, a)) return false;
  if (actor.role !== 'regulator' || regulatedWaste(actor) === 'all') return true;
  if ((!!actor.organisationId && a.organisationId === actor.organisationId) || (!!actor.userId && a.ownerUserId === actor.userId)) return true;
  const [row] = await db.select({ id: alarms.id }).from(alarms).where(and(eq(alarms.id, a.id), alarmVisibility(actor)));
  return !!row;
}

export interface AlarmFilter { status?: string; rule?: string; severity?: string; open?: boolean }

export async function pageAlarms(db: Db, actor: Actor, f: AlarmFilter, page: number, pageSize: number) {
  const parts: SQL[] = [alarmVisibility(actor)];
  if (f.status) parts.push(eq(alarms.status, f.status as never));
  if (f.open) parts.push(sql`${alarms.status} IN ('open', 'assigned', 'handled')`);
  if (f.rule) parts.push(eq(alarms.rule, f.rule));
  if (f.severity) parts.push(eq(alarms.severity, f.severity as never));
  const where = and(...parts)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ a: alarms, ownerName: users.displayName }).from(alarms).leftJoin(users, eq(users.id, alarms.ownerUserId)).where(where).orderBy(desc(alarms.raisedAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)` }).from(alarms).where(where),
  ]);
  return { items: items.map((r) => ({ ...r.a, ownerName: r.ownerName, overdue: r.a.deadline < new Date() && ['open', 'assigned', 'handled'].includes(r.a.status) })), total, page, pageSize };
}

/** Counts per region (one level down from the actor's: cities, counties or towns) and rule, open and closed. */
export async function alarmStats(db: Db, actor: Actor) {
  const scope = actor.role === 'platform_admin' ? '' : regionScopePrefix(actor.regionCode);
  const width = scope.length <= 2 ? 4 : scope.length <= 4 ? 6 : 9;
  const rows = await db.select({ regionCode: sql<string>`left(${alarms.regionCode}, ${width})`, rule: alarms.rule,
    open: sql<number>`count(*) FILTER (WHERE ${alarms.status} IN ('open', 'assigned', 'handled'))`.mapWith(Number), closed: sql<number>`count(*) FILTER (WHERE ${alarms.status} IN ('verified', 'dismissed'))`.mapWith(Number) })
    .from(alarms).where(alarmVisibility(actor)).groupBy(sql`1`, alarms.rule).orderBy(sql`1`, alarms.rule).limit(2000);
  // A city is filed as 3715 + 00; counties and towns under their own codes.
  const codes = [...new Set(rows.map((r) => (r.regionCode.length === 4 ? `${r.regionCode}00` : r.regionCode)))];
  const names = codes.length ? await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes)) : [];
  const nameOf = (code: string) => names.find((n) => n.code === (code.length === 4 ? `${code}00` : code))?.name ?? code;
  return { rules: RULES.map((r) => ({ key: r.key, label: r.label, severity: r.severity })), rows: rows.map((r) => ({ ...r, regionName: nameOf(r.regionCode) })) };
}

export async function alarmDetail(db: Db, actor: Actor, id: string) {
  const [row] = await db.select({ a: alarms, ownerName: users.displayName }).from(alarms).leftJoin(users, eq(users.id, alarms.ownerUserId)).where(eq(alarms.id, id));
  const a = row ? { ...row.a, ownerName: row.ownerName, overdue: row.a.deadline < new Date() && ['open', 'assigned', 'handled'].includes(row.a.status) } : null;
  if (!a || !(await canSeeAlarm(db, actor, a))) throw notFound(ALARM);
  const events = await db.select({ e: alarmEvents, userName: users.displayName }).from(alarmEvents).leftJoin(users, eq(users.id, alarmEvents.userId)).where(eq(alarmEvents.alarmId, id)).orderBy(alarmEvents.id).limit(200);
  return { ...a, events: events.map((r) => ({ ...r.e, userName: r.userName })), actions: alarmActions(actor, a) };
}

type Action = 'assign' | 'handle' | 'verify' | 'dismiss' | 'reopen';
// The closed loop. Who may move an alarm from which status.
const TRANSITIONS: Record<Action, { from: string[]; to: string; official: boolean }> = {
  assign: { from: ['open', 'assigned'], to: 'assigned', official: true },
  handle: { from: ['open', 'assigned'], to: 'handled', official: false },
  verify: { from: ['handled'], to: 'verified', official: true },
  dismiss: { from: ['open', 'assigned', 'handled'], to: 'dismissed', official: true },
  reopen: { from: ['handled'], to: 'assigned', official: true },
};
const ACTIONS = Object.keys(TRANSITIONS) as Action[];

type AlarmParty = { status: string; ownerUserId: string | null; organisationId: string | null };
/** Whether the actor's role lets them take this step on an alarm they can see (its status aside). */
function mayTake(actor: Actor, a: AlarmParty, action: Action): boolean {
  if (isOfficial(actor)) return true;
  return !TRANSITIONS[action].official && (a.ownerUserId === actor.userId || (!!a.organisationId && a.organisationId === actor.organisationId));
}
/** The steps the actor may take now: sent with the alarm so the console offers only these (the same rule moveAlarm enforces). */
export function alarmActions(actor: Actor, a: AlarmParty): Record<Action, boolean> {
  return Object.fromEntries(ACTIONS.map((x) => [x, TRANSITIONS[x].from.includes(a.status) && mayTake(actor, a, x)])) as Record<Action, boolean>;
}

export async function moveAlarm(db: Db, ctx: Ctx, id: string, action: Action, input: { note?: string; ownerUserId?: string }) {
  const actor = ctx.actor;
  const rule = TRANSITIONS[action];
  return db.transaction(async (tx) => {
    const [a] = await tx.select().from(alarms).where(eq(alarms.id, id)).for('update');
    if (!a || !(await canSeeAlarm(tx, actor, a))) throw notFound(ALARM);
    if (!mayTake(actor, a, action)) throw rule.official ? forbidden('由监管部门办理', 'Only the regulator does this') : forbidden('仅涉事单位、责任人或监管部门可办理', 'Only the organisation concerned, the owner or the regulator does this');
    if (!rule.from.includes(a.status)) throw conflict('ALARM_STATE', `预警当前为“${a.status}”，不能执行该操作`, `The alarm is ${a.status}: this step does not apply`);
    if ((action === 'dismiss' || action === 'handle') && !input.note?.trim()) throw badRequest('NOTE_REQUIRED', action === 'dismiss' ? '撤销预警须说明理由' : '请说明处置情况', action === 'dismiss' ? 'Give the reason for dismissing' : 'Say how it was handled', 'note');
    let ownerUserId = a.ownerUserId;
    if (action === 'assign') {
      if (!input.ownerUserId) throw badRequest('OWNER_REQUIRED', '请指定责任人', 'Choose the owner', 'ownerUserId');
      const [owner] = await tx.select().from(users).where(eq(users.id, input.ownerUserId));
      const ownerVisible = owner && (regionWithin(owner.regionCode, actor.regionCode) || actor.role === 'platform_admin' || owner.organisationId === a.organisationId);
      if (!owner || !ownerVisible || owner.status !== 'active') throw badRequest('BAD_OWNER', '责任人须为本辖区的在用账号或涉事单位人员', 'The owner must be an active user of your area or of the organisation concerned', 'ownerUserId');
      ownerUserId = owner.id;
    }
    const [after] = await tx.update(alarms).set({ status: rule.to as never, ownerUserId, closedAt: ['verified', 'dismissed'].includes(rule.to) ? new Date() : null }).where(eq(alarms.id, id)).returning();
    await tx.insert(alarmEvents).values({ alarmId: id, action, userId: actor.userId, note: input.note ?? '' });
    await recordAudit(tx, ctx, { action: `alarm.${action}`, entityType: 'alarm', entityId: id, regionCode: a.regionCode, organisationId: a.organisationId, before: { status: a.status, ownerUserId: a.ownerUserId }, after: { status: after.status, ownerUserId, note: input.note ?? '' } });
    await enqueueAlarmEvents(tx, 'changed', [{ id, rule: a.rule, severity: a.severity, regionCode: a.regionCode, organisationId: a.organisationId, title: a.title, titleEn: a.titleEn, subjectType: a.subjectType, subjectId: a.subjectId, status: after.status }]);
    await notifyAlarms(tx, 'changed', [id]);
    return after;
  });
}
