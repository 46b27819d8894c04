import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { complianceChecks, industrialParks, organisationCredentials, zeroWasteCells } from './schema';
import { organisations } from '../platform/organisations/schema';
import { users } from '../platform/accounts/schema';
import { auditLog } from '../platform/audit/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { requireRegion } from '../platform/regions/service';
import type { Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { containsPattern } from '../http/pagination';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import {
  LEVEL_RULE, VALID_UNTIL_REQUIRED, CREDENTIAL_KINDS, labelOf,
  type CellKind, type CircularStatus, type CredentialKind, type CredentialLevel, type ParkLevel,
} from '../../domain/registers';
import { canRegister, readsRegister, recordsRegister, visibleSql, type RegisterKind } from './policy';

// The registers the indicator formulas count (名录): each write checks the policy in its area, keeps
// the rules of the record, and writes its audit row in the same transaction. Nothing is deleted: a
// credential or a cell ends with a day and a reason; a park's 循环化改造 status changes, and each
// change is an audit row its page shows as history.

type Ctx = AuditContext & { actor: Actor };
type Evidence = { name: string; note?: string }[];
const CREDENTIAL = { zh: '资质认证记录', en: 'Credential' };
const PARK = { zh: '工业园区', en: 'Industrial park' };
const CELL = { zh: '无废城市细胞', en: 'Zero-waste cell' };

const today = () => shanghaiDate(new Date());

function notFuture(day: string, path: string, zh: string, en: string) {
  if (day > today()) throw badRequest('FUTURE_DATE', `${zh}不能晚于今天`, `${en} cannot be in the future`, path);
}

function mayRead(actor: Actor, register: RegisterKind) {
  if (!readsRegister(actor, register)) throw forbidden('名录供本辖区各部门及相关企业查阅', 'The registers are for the area’s departments and the companies they concern');
}

const RECORDERS: Record<RegisterKind, [string, string]> = {
  credential: ['企业资质与认证由本辖区生态环境部门或无废办登记', 'Credentials are recorded by the ecology bureau or the zero-waste office of the area'],
  park: ['工业园区由本辖区无废办或生态环境部门登记', 'Parks are recorded by the zero-waste office or the ecology bureau of the area'],
  cell: ['无废城市细胞由本辖区无废办命名登记', 'Zero-waste cells are recorded by the zero-waste office of the area'],
  check: ['规范化管理抽查由本辖区生态环境部门登记', 'Checks are recorded by the ecology bureau of the area'],
};
/** A caller who records none of this register anywhere is refused before any record is looked up (403 says nothing of it). */
function mayRecord(actor: Actor, register: RegisterKind) {
  if (!recordsRegister(actor, register)) throw forbidden(...RECORDERS[register]);
}

/** An enterprise of the actor's area the record is about; one outside the area is not named (the same answer as an unknown id). */
async function enterpriseInArea(q: Queryable, actor: Actor, id: string, path: string) {
  const [org] = await q.select().from(organisations).where(eq(organisations.id, id)).for('update');
  if (!org || org.kind !== 'enterprise' || org.status !== 'verified' || !(actor.role === 'platform_admin' || regionWithin(org.regionCode, actor.regionCode))) {
    throw badRequest('UNKNOWN_ORGANISATION', '须为本辖区内已审核的企业', 'It must be a verified company of your area', path);
  }
  return org;
}

/** A filter on region narrows within what the actor sees (another area simply has nothing to show). */
const regionFilter = (alias: string, regionCode?: string) => (regionCode ? sql`${sql.raw(alias)}.region_code LIKE ${`${regionScopePrefix(regionCode)}%`}` : null);
const where = (parts: (SQL | null | undefined | false | '' | 0)[]) => sql.join(parts.filter((p): p is SQL => !!p), sql` AND `);
const pageOf = (page: number, pageSize: number) => sql`LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;

/** Each change of a record as the audit log holds it: who, when, what it was after. */
export async function historyOf(q: Queryable, entityType: string, entityId: string) {
  return q.select({ action: auditLog.action, at: auditLog.at, by: sql<string>`coalesce(${users.displayName}, ${auditLog.actorLabel})`, after: auditLog.after })
    .from(auditLog).leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId))).orderBy(auditLog.id).limit(100);
}

// ---- 企业资质与认证 (credentials) -------------------------------------------------------------------

export interface NewCredential {
  organisationId: string; kind: CredentialKind; level?: CredentialLevel; reference: string; issuedOn: string; validUntil?: string; evidence?: Evidence; note?: string;
}

/** The state of a credential today: in force, past its term, or ended. */
export const credentialStatus = (c: { validUntil: string | null; endedOn: string | null }, on = today()) =>
  (c.endedOn !== null && c.endedOn <= on ? 'ended' : c.validUntil !== null && c.validUntil < on ? 'expired' : 'in_force') as 'in_force' | 'expired' | 'ended';

/**
 * 登记: the department of the area records what a company holds (an audit passed, a green-factory
 * title, a zero-waste factory, an insurance policy) with its certificate or policy number, the day
 * it was issued, its term and evidence. The same certificate of the same company twice is refused.
 */
export async function recordCredential(db: Db, ctx: Ctx, input: NewCredential) {
  const { actor } = ctx;
  const kindLabel = labelOf(CREDENTIAL_KINDS, input.kind);
  const kindLabelEn = labelOf(CREDENTIAL_KINDS, input.kind, 'en');
  if (LEVEL_RULE[input.kind] === 'required' && !input.level) throw badRequest('LEVEL_REQUIRED', `${kindLabel}须注明级别（国家级、省级或市级）`, `A ${kindLabelEn.toLowerCase()} is named at a level: national, provincial or municipal`, 'level');
  if (LEVEL_RULE[input.kind] === 'none' && input.level) throw badRequest('LEVEL_NOT_ALLOWED', `${kindLabel}不分级别`, `A ${kindLabelEn.toLowerCase()} has no level`, 'level');
  if (VALID_UNTIL_REQUIRED[input.kind] && !input.validUntil) throw badRequest('VALID_UNTIL_REQUIRED', '保险须填写保险期间的截止日期', 'An insurance policy needs the last day of its term', 'validUntil');
  notFuture(input.issuedOn, 'issuedOn', '发证（评估通过、生效）日期', 'The day issued');
  if (input.validUntil && input.validUntil < input.issuedOn) throw badRequest('BAD_DATES', '有效期截止日期不能早于发证日期', 'The term cannot end before the day issued', 'validUntil');
  mayRecord(actor, 'credential');
  return db.transaction(async (tx) => {
    const org = await enterpriseInArea(tx, actor, input.organisationId, 'organisationId');
    if (!canRegister(actor, 'record', 'credential', { regionCode: org.regionCode })) {
      throw forbidden(`${kindLabel}由本辖区主管部门登记`, `A ${kindLabelEn.toLowerCase()} is recorded by the department in charge of the area`);
    }
    const [dup] = await tx.select({ id: organisationCredentials.id }).from(organisationCredentials)
      .where(and(eq(organisationCredentials.organisationId, org.id), eq(organisationCredentials.kind, input.kind), eq(organisationCredentials.reference, input.reference), sql`${organisationCredentials.endedOn} IS NULL`));
    if (dup) throw conflict('DUPLICATE_CREDENTIAL', `该企业的${kindLabel}“${input.reference}”已登记`, `This company’s ${kindLabelEn.toLowerCase()} "${input.reference}" is recorded already`, 'reference');
    const [row] = await tx.insert(organisationCredentials).values({
      organisationId: org.id, regionCode: org.regionCode, kind: input.kind, level: input.level ?? null, reference: input.reference, issuedOn: input.issuedOn,
      validUntil: input.validUntil ?? null, evidence: input.evidence ?? [], note: input.note ?? '', recordedBy: actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'registers.credential_record', entityType: 'organisation_credential', entityId: row.id, regionCode: row.regionCode, organisationId: org.id, after: row });
    return { ...row, status: credentialStatus(row) };
  });
}

/** 注销/撤销: a credential stops counting from a day (not ahead of today), with the reason. */
export async function endCredential(db: Db, ctx: Ctx, id: string, input: { endedOn: string; reason: string }) {
  mayRead(ctx.actor, 'credential');
  notFuture(input.endedOn, 'endedOn', '终止日期', 'The end day');
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(organisationCredentials).where(eq(organisationCredentials.id, id)).for('update');
    if (!row || !canRegister(ctx.actor, 'read', 'credential', row)) throw notFound(CREDENTIAL);
    if (!canRegister(ctx.actor, 'end', 'credential', row)) throw forbidden('由本辖区主管部门办理', 'The department in charge of the area does this');
    if (row.endedOn !== null) throw conflict('ALREADY_ENDED', `该记录已于 ${row.endedOn} 终止`, `This record ended on ${row.endedOn}`);
    if (input.endedOn < row.issuedOn) throw badRequest('BAD_DATES', '终止日期不能早于发证日期', 'It cannot end before it was issued', 'endedOn');
    const [after] = await tx.update(organisationCredentials).set({ endedOn: input.endedOn, endReason: input.reason }).where(eq(organisationCredentials.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'registers.credential_end', entityType: 'organisation_credential', entityId: id, regionCode: row.regionCode, organisationId: row.organisationId,
      before: { endedOn: null }, after: { endedOn: input.endedOn, endReason: input.reason } });
    return { ...after, status: credentialStatus(after) };
  });
}

export interface CredentialFilter {
  kind?: CredentialKind; organisationId?: string; status?: 'in_force' | 'expired' | 'ended'; regionCode?: string; q?: string; page: number; pageSize: number;
}

type CredentialRow = typeof organisationCredentials.$inferSelect & { organisationName: string; industry: string | null; regionName: string | null; recordedByName: string | null };

/** The credentials the actor reads, newest first, with the company's name and whether each is in force today. */
export async function pageCredentials(db: Db, actor: Actor, f: CredentialFilter) {
  mayRead(actor, 'credential');
  const on = today();
  const status = f.status === 'ended' ? sql`c.ended_on <= ${on}::date`
    : f.status === 'expired' ? sql`(c.ended_on IS NULL OR c.ended_on > ${on}::date) AND c.valid_until < ${on}::date`
      : f.status === 'in_force' ? sql`(c.ended_on IS NULL OR c.ended_on > ${on}::date) AND (c.valid_until IS NULL OR c.valid_until >= ${on}::date)` : null;
  const filter = where([visibleSql(actor, 'credential', 'c'), regionFilter('c', f.regionCode), f.kind && sql`c.kind = ${f.kind}`,
    f.organisationId && sql`c.organisation_id = ${f.organisationId}::uuid`, status, f.q && sql`o.name ILIKE ${containsPattern(f.q)}`]);
  const [rows, count] = await Promise.all([
    db.execute<CredentialRow>(sql`
      SELECT c.id, c.organisation_id AS "organisationId", c.region_code AS "regionCode", c.kind, c.level, c.reference, c.issued_on::text AS "issuedOn", c.valid_until::text AS "validUntil",
        c.evidence, c.note, c.ended_on::text AS "endedOn", c.end_reason AS "endReason", c.recorded_by AS "recordedBy", to_json(c.recorded_at)#>>'{}' AS "recordedAt",
        o.name AS "organisationName", o.industry, r.name AS "regionName", u.display_name AS "recordedByName"
      FROM organisation_credentials c JOIN organisations o ON o.id = c.organisation_id LEFT JOIN regions r ON r.code = c.region_code LEFT JOIN users u ON u.id = c.recorded_by
      WHERE ${filter} ORDER BY c.issued_on DESC, c.recorded_at DESC, c.id ${pageOf(f.page, f.pageSize)}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM organisation_credentials c JOIN organisations o ON o.id = c.organisation_id WHERE ${filter}`),
  ]);
  return {
    items: rows.rows.map((c) => ({ ...c, recordedAt: new Date(c.recordedAt), status: credentialStatus(c, on), actions: { end: c.endedOn === null && canRegister(actor, 'end', 'credential', c) } })),
    total: count.rows[0].total, page: f.page, pageSize: f.pageSize,
  };
}

// ---- 工业园区 (industrial parks) ------------------------------------------------------------------------

export interface CircularState { circularStatus: CircularStatus; circularStartedOn?: string; circularDoneOn?: string; ecoPark?: boolean }
export interface NewPark extends Partial<CircularState> { name: string; level: ParkLevel; regionCode: string; note?: string }

/**
 * 循环化改造 as it stands: not started (no days), under way since a day, or finished on a day (its
 * start, when known, not after its end). Days do not lie ahead.
 */
function checkCircular(s: CircularState) {
  if (s.circularStatus === 'none') {
    for (const field of ['circularStartedOn', 'circularDoneOn'] as const) {
      if (s[field]) throw badRequest('CIRCULAR_DATES', '未开展循环化改造的园区不填开始或完成日期', 'A park that has not started has no start or end day', field);
    }
  }
  if (s.circularStatus === 'in_progress') {
    if (!s.circularStartedOn) throw badRequest('CIRCULAR_STARTED_REQUIRED', '改造中的园区须填写开始日期', 'A park under way needs the day it started', 'circularStartedOn');
    if (s.circularDoneOn) throw badRequest('CIRCULAR_DATES', '改造中的园区不填完成日期；完成后请将状态改为“已完成”', 'A park under way has no end day: set the status to done once finished', 'circularDoneOn');
  }
  if (s.circularStatus === 'done' && !s.circularDoneOn) throw badRequest('CIRCULAR_DONE_REQUIRED', '已完成改造的园区须填写完成（验收）日期', 'A finished park needs the day it was finished (accepted)', 'circularDoneOn');
  if (s.circularStartedOn) notFuture(s.circularStartedOn, 'circularStartedOn', '开始日期', 'The start day');
  if (s.circularDoneOn) notFuture(s.circularDoneOn, 'circularDoneOn', '完成日期', 'The end day');
  if (s.circularStartedOn && s.circularDoneOn && s.circularDoneOn < s.circularStartedOn) throw badRequest('BAD_DATES', '完成日期不能早于开始日期', 'It cannot finish before it started', 'circularDoneOn');
}

/** 登记园区: the office or the ecology bureau records a park of its area with where its 循环化改造 stands. */
export async function recordPark(db: Db, ctx: Ctx, input: NewPark) {
  const state: CircularState = { circularStatus: input.circularStatus ?? 'none', circularStartedOn: input.circularStartedOn, circularDoneOn: input.circularDoneOn, ecoPark: input.ecoPark };
  mayRecord(ctx.actor, 'park');
  checkCircular(state);
  if (!canRegister(ctx.actor, 'record', 'park', { regionCode: input.regionCode })) throw forbidden(...RECORDERS.park);
  return db.transaction(async (tx) => {
    await requireRegion(tx, input.regionCode, 'regionCode');
    const [dup] = await tx.select({ id: industrialParks.id }).from(industrialParks).where(and(eq(industrialParks.regionCode, input.regionCode), eq(industrialParks.name, input.name)));
    if (dup) throw conflict('DUPLICATE_PARK', `“${input.name}”已登记`, `"${input.name}" is recorded already`, 'name');
    const [row] = await tx.insert(industrialParks).values({
      regionCode: input.regionCode, name: input.name, level: input.level, circularStatus: state.circularStatus, circularStartedOn: state.circularStartedOn ?? null,
      circularDoneOn: state.circularDoneOn ?? null, ecoPark: state.ecoPark ?? false, note: input.note ?? '', recordedBy: ctx.actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'registers.park_record', entityType: 'industrial_park', entityId: row.id, regionCode: row.regionCode, after: row });
    return row;
  });
}

/**
 * 更新改造状态: the park's 循环化改造 (and whether it is an eco-industrial park) as it now stands. The
 * days given are the whole state: a day left out is cleared. Each change is an audit row with the
 * state before and after, which the park's page shows as its history.
 */
export async function updateParkStatus(db: Db, ctx: Ctx, id: string, input: CircularState & { note?: string }) {
  mayRead(ctx.actor, 'park');
  checkCircular(input);
  return db.transaction(async (tx) => {
    const [park] = await tx.select().from(industrialParks).where(eq(industrialParks.id, id)).for('update');
    if (!park || !canRegister(ctx.actor, 'read', 'park', park)) throw notFound(PARK);
    if (!canRegister(ctx.actor, 'update', 'park', park)) throw forbidden('由本辖区无废办或生态环境部门更新', 'The zero-waste office or the ecology bureau of the area updates it');
    const next = { circularStatus: input.circularStatus, circularStartedOn: input.circularStartedOn ?? null, circularDoneOn: input.circularDoneOn ?? null, ecoPark: input.ecoPark ?? park.ecoPark };
    const before = { circularStatus: park.circularStatus, circularStartedOn: park.circularStartedOn, circularDoneOn: park.circularDoneOn, ecoPark: park.ecoPark };
    if (JSON.stringify(next) === JSON.stringify(before)) throw conflict('NO_CHANGE', '状态与日期均未改变', 'Neither the status nor the days changed', 'circularStatus');
    const [after] = await tx.update(industrialParks).set({ ...next, updatedAt: new Date() }).where(eq(industrialParks.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'registers.park_status', entityType: 'industrial_park', entityId: id, regionCode: park.regionCode, before, after: { ...next, note: input.note ?? '' } });
    return after;
  });
}

type ParkRow = typeof industrialParks.$inferSelect & { regionName: string | null };
const PARK_COLUMNS = sql`p.id, p.region_code AS "regionCode", p.name, p.level, p.circular_status AS "circularStatus", p.circular_started_on::text AS "circularStartedOn",
  p.circular_done_on::text AS "circularDoneOn", p.eco_park AS "ecoPark", p.note, p.recorded_by AS "recordedBy", to_json(p.recorded_at)#>>'{}' AS "recordedAt", to_json(p.updated_at)#>>'{}' AS "updatedAt", r.name AS "regionName"`;
const presentPark = (actor: Actor, p: ParkRow) => ({ ...p, recordedAt: new Date(p.recordedAt), updatedAt: new Date(p.updatedAt), actions: { update: canRegister(actor, 'update', 'park', p) } });

export async function pageParks(db: Db, actor: Actor, f: { circularStatus?: CircularStatus; regionCode?: string; q?: string; page: number; pageSize: number }) {
  mayRead(actor, 'park');
  const filter = where([visibleSql(actor, 'park', 'p'), regionFilter('p', f.regionCode), f.circularStatus && sql`p.circular_status = ${f.circularStatus}`, f.q && sql`p.name ILIKE ${containsPattern(f.q)}`]);
  const [rows, count] = await Promise.all([
    db.execute<ParkRow>(sql`SELECT ${PARK_COLUMNS} FROM industrial_parks p LEFT JOIN regions r ON r.code = p.region_code WHERE ${filter} ORDER BY p.region_code, p.name, p.id ${pageOf(f.page, f.pageSize)}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM industrial_parks p WHERE ${filter}`),
  ]);
  return { items: rows.rows.map((p) => presentPark(actor, p)), total: count.rows[0].total, page: f.page, pageSize: f.pageSize };
}

/** One park with each change of its status: who, when, from what to what. */
export async function parkDetail(db: Db, actor: Actor, id: string) {
  mayRead(actor, 'park');
  const { rows: [park] } = await db.execute<ParkRow>(sql`SELECT ${PARK_COLUMNS} FROM industrial_parks p LEFT JOIN regions r ON r.code = p.region_code WHERE p.id = ${id}::uuid`);
  if (!park || !canRegister(actor, 'read', 'park', park)) throw notFound(PARK);
  const history = (await historyOf(db, 'industrial_park', id)).map((h) => {
    const after = (h.after ?? {}) as { circularStatus?: string; circularStartedOn?: string | null; circularDoneOn?: string | null; ecoPark?: boolean; note?: string };
    return { action: h.action.replace('registers.park_', ''), at: h.at, by: h.by, circularStatus: after.circularStatus ?? null, circularStartedOn: after.circularStartedOn ?? null,
      circularDoneOn: after.circularDoneOn ?? null, ecoPark: after.ecoPark ?? null, note: after.note ?? '' };
  });
  return { ...presentPark(actor, park), history };
}

// ---- 无废城市细胞 (zero-waste cells) ------------------------------------------------------------------------

export interface NewCell { name: string; kind: CellKind; regionCode?: string; organisationId?: string; namedOn: string; namedBy?: string; evidence?: Evidence }

/** 命名: the office records a unit named a zero-waste cell on a day, by whom, with evidence. */
export async function recordCell(db: Db, ctx: Ctx, input: NewCell) {
  mayRecord(ctx.actor, 'cell');
  notFuture(input.namedOn, 'namedOn', '命名日期', 'The day named');
  return db.transaction(async (tx) => {
    const org = input.organisationId ? await enterpriseOrAgency(tx, ctx.actor, input.organisationId) : null;
    const regionCode = input.regionCode ?? org?.regionCode;
    if (!regionCode) throw badRequest('REGION_REQUIRED', '请填写细胞所在的行政区划', 'Give the region the cell lies in', 'regionCode');
    if (!canRegister(ctx.actor, 'record', 'cell', { regionCode })) throw forbidden(...RECORDERS.cell);
    await requireRegion(tx, regionCode, 'regionCode');
    const [dup] = await tx.select({ id: zeroWasteCells.id }).from(zeroWasteCells)
      .where(and(sql`${zeroWasteCells.regionCode} LIKE ${`${regionScopePrefix(regionCode).slice(0, 6)}%`}`, eq(zeroWasteCells.name, input.name), sql`${zeroWasteCells.endedOn} IS NULL`));
    if (dup) throw conflict('DUPLICATE_CELL', `“${input.name}”已是无废城市细胞`, `"${input.name}" is a zero-waste cell already`, 'name');
    const [row] = await tx.insert(zeroWasteCells).values({
      regionCode, name: input.name, kind: input.kind, organisationId: org?.id ?? null, namedOn: input.namedOn, namedBy: input.namedBy ?? '', evidence: input.evidence ?? [], recordedBy: ctx.actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'registers.cell_record', entityType: 'zero_waste_cell', entityId: row.id, regionCode, organisationId: row.organisationId, after: row });
    return row;
  });
}

/** A cell may be a unit of the organisation register (a company, a hospital, a department) of the area. */
async function enterpriseOrAgency(q: Queryable, actor: Actor, id: string) {
  const [org] = await q.select().from(organisations).where(eq(organisations.id, id));
  if (!org || org.status !== 'verified' || !(actor.role === 'platform_admin' || regionWithin(org.regionCode, actor.regionCode))) {
    throw badRequest('UNKNOWN_ORGANISATION', '须为本辖区内已登记的单位', 'It must be a registered unit of your area', 'organisationId');
  }
  return org;
}

/** 摘牌: a cell loses its name from a day (not ahead of today), with the reason. */
export async function endCell(db: Db, ctx: Ctx, id: string, input: { endedOn: string; reason: string }) {
  mayRead(ctx.actor, 'cell');
  notFuture(input.endedOn, 'endedOn', '摘牌日期', 'The end day');
  return db.transaction(async (tx) => {
    const [cell] = await tx.select().from(zeroWasteCells).where(eq(zeroWasteCells.id, id)).for('update');
    if (!cell || !canRegister(ctx.actor, 'read', 'cell', cell)) throw notFound(CELL);
    if (!canRegister(ctx.actor, 'end', 'cell', cell)) throw forbidden('由本辖区无废办办理', 'The zero-waste office of the area does this');
    if (cell.endedOn !== null) throw conflict('ALREADY_ENDED', `该细胞已于 ${cell.endedOn} 摘牌`, `This cell ended on ${cell.endedOn}`);
    if (input.endedOn < cell.namedOn) throw badRequest('BAD_DATES', '摘牌日期不能早于命名日期', 'It cannot end before it was named', 'endedOn');
    const [after] = await tx.update(zeroWasteCells).set({ endedOn: input.endedOn, endReason: input.reason }).where(eq(zeroWasteCells.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'registers.cell_end', entityType: 'zero_waste_cell', entityId: id, regionCode: cell.regionCode, organisationId: cell.organisationId,
      before: { endedOn: null }, after: { endedOn: input.endedOn, endReason: input.reason } });
    return after;
  });
}

type CellRow = typeof zeroWasteCells.$inferSelect & { regionName: string | null; organisationName: string | null };

export async function pageCells(db: Db, actor: Actor, f: { kind?: CellKind; active?: boolean; regionCode?: string; q?: string; page: number; pageSize: number }) {
  mayRead(actor, 'cell');
  const on = today();
  const active = f.active === undefined ? null : f.active ? sql`(z.ended_on IS NULL OR z.ended_on > ${on}::date)` : sql`z.ended_on <= ${on}::date`;
  const filter = where([visibleSql(actor, 'cell', 'z'), regionFilter('z', f.regionCode), f.kind && sql`z.kind = ${f.kind}`, active, f.q && sql`z.name ILIKE ${containsPattern(f.q)}`]);
  const [rows, count] = await Promise.all([
    db.execute<CellRow>(sql`
      SELECT z.id, z.region_code AS "regionCode", z.name, z.kind, z.organisation_id AS "organisationId", z.named_on::text AS "namedOn", z.named_by AS "namedBy", z.evidence,
        z.ended_on::text AS "endedOn", z.end_reason AS "endReason", z.recorded_by AS "recordedBy", to_json(z.recorded_at)#>>'{}' AS "recordedAt", r.name AS "regionName", o.name AS "organisationName"
      FROM zero_waste_cells z LEFT JOIN regions r ON r.code = z.region_code LEFT JOIN organisations o ON o.id = z.organisation_id
      WHERE ${filter} ORDER BY z.named_on DESC, z.name, z.id ${pageOf(f.page, f.pageSize)}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM zero_waste_cells z WHERE ${filter}`),
  ]);
  return {
    items: rows.rows.map((z) => ({ ...z, recordedAt: new Date(z.recordedAt), active: z.endedOn === null || z.endedOn > on, actions: { end: z.endedOn === null && canRegister(actor, 'end', 'cell', z) } })),
    total: count.rows[0].total, page: f.page, pageSize: f.pageSize,
  };
}

// ---- 危险废物规范化环境管理抽查 (compliance checks) ------------------------------------------------------

export interface NewCheck { organisationId: string; checkedOn: string; passed: boolean; score?: number; findings?: string }

/**
 * 抽查: the ecology bureau records a check of a unit that produces, collects or treats hazardous
 * waste in its area: the day (not ahead of today), passed or not, the score (0–100) and what was
 * found, which a failed check must say. A check is never changed; a re-check is a new check.
 */
export async function recordCheck(db: Db, ctx: Ctx, input: NewCheck) {
  mayRecord(ctx.actor, 'check');
  notFuture(input.checkedOn, 'checkedOn', '抽查日期', 'The day checked');
  if (!input.passed && (input.findings ?? '').trim().length < 4) throw badRequest('FINDINGS_REQUIRED', '不合格须写明发现的问题（至少4个字）', 'A failed check must say what was found (4 characters or more)', 'findings');
  return db.transaction(async (tx) => {
    const org = await enterpriseInArea(tx, ctx.actor, input.organisationId, 'organisationId');
    if (!canRegister(ctx.actor, 'record', 'check', { regionCode: org.regionCode })) throw forbidden(...RECORDERS.check);
    if (!org.capabilities.some((c) => c === 'producer' || c === 'receiver' || c === 'collector')) {
      throw badRequest('NOT_HAZARDOUS_UNIT', '抽查对象须为危险废物产生、收集或利用处置单位', 'The unit checked must produce, collect or treat hazardous waste', 'organisationId');
    }
    const [row] = await tx.insert(complianceChecks).values({
      organisationId: org.id, regionCode: org.regionCode, checkedOn: input.checkedOn, passed: input.passed, score: input.score ?? null, findings: input.findings ?? '', checkedBy: ctx.actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'registers.check_record', entityType: 'compliance_check', entityId: row.id, regionCode: row.regionCode, organisationId: org.id, after: row });
    return row;
  });
}

type CheckRow = typeof complianceChecks.$inferSelect & { organisationName: string; regionName: string | null; checkedByName: string | null };

export async function pageChecks(db: Db, actor: Actor, f: { year?: number; passed?: boolean; organisationId?: string; regionCode?: string; q?: string; page: number; pageSize: number }) {
  mayRead(actor, 'check');
  const filter = where([visibleSql(actor, 'check', 'k'), regionFilter('k', f.regionCode), f.year && sql`k.checked_on >= make_date(${f.year}, 1, 1) AND k.checked_on < make_date(${f.year + 1}, 1, 1)`,
    f.passed !== undefined && sql`k.passed = ${f.passed}`, f.organisationId && sql`k.organisation_id = ${f.organisationId}::uuid`, f.q && sql`o.name ILIKE ${containsPattern(f.q)}`]);
  const [rows, count] = await Promise.all([
    db.execute<CheckRow>(sql`
      SELECT k.id, k.organisation_id AS "organisationId", k.region_code AS "regionCode", k.checked_on::text AS "checkedOn", k.passed, k.score::float8 AS score, k.findings,
        k.checked_by AS "checkedBy", to_json(k.recorded_at)#>>'{}' AS "recordedAt", o.name AS "organisationName", r.name AS "regionName", u.display_name AS "checkedByName"
      FROM compliance_checks k JOIN organisations o ON o.id = k.organisation_id LEFT JOIN regions r ON r.code = k.region_code LEFT JOIN users u ON u.id = k.checked_by
      WHERE ${filter} ORDER BY k.checked_on DESC, k.recorded_at DESC, k.id ${pageOf(f.page, f.pageSize)}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM compliance_checks k JOIN organisations o ON o.id = k.organisation_id WHERE ${filter}`),
  ]);
  return { items: rows.rows.map((k) => ({ ...k, recordedAt: new Date(k.recordedAt) })), total: count.rows[0].total, page: f.page, pageSize: f.pageSize };
}

// ---- the console's overview ------------------------------------------------------------------------------

/** What the register page shows above its tabs: credentials in force by kind, parks, cells and the year's checks, in the actor's area; and what the actor may record. */
export async function registerSummary(db: Db, actor: Actor, year: number) {
  mayRead(actor, 'credential');
  const on = today();
  const official = readsRegister(actor, 'park');
  const { rows: [s] } = await db.execute<Record<string, number>>(sql`
    SELECT
      (SELECT count(*) FROM organisation_credentials c WHERE ${visibleSql(actor, 'credential', 'c')} AND c.kind = 'clean_production_audit' AND (c.ended_on IS NULL OR c.ended_on > ${on}::date) AND (c.valid_until IS NULL OR c.valid_until >= ${on}::date))::int AS "cleanProduction",
      (SELECT count(*) FROM organisation_credentials c WHERE ${visibleSql(actor, 'credential', 'c')} AND c.kind = 'green_factory' AND (c.ended_on IS NULL OR c.ended_on > ${on}::date) AND (c.valid_until IS NULL OR c.valid_until >= ${on}::date))::int AS "greenFactories",
      (SELECT count(*) FROM organisation_credentials c WHERE ${visibleSql(actor, 'credential', 'c')} AND c.kind = 'zero_waste_factory' AND (c.ended_on IS NULL OR c.ended_on > ${on}::date) AND (c.valid_until IS NULL OR c.valid_until >= ${on}::date))::int AS "zeroWasteFactories",
      (SELECT count(*) FROM organisation_credentials c WHERE ${visibleSql(actor, 'credential', 'c')} AND c.kind = 'pollution_insurance' AND (c.ended_on IS NULL OR c.ended_on > ${on}::date) AND (c.valid_until IS NULL OR c.valid_until >= ${on}::date))::int AS "insured",
      (SELECT count(*) FROM industrial_parks p WHERE ${official ? visibleSql(actor, 'park', 'p') : sql`false`})::int AS parks,
      (SELECT count(*) FROM industrial_parks p WHERE ${official ? visibleSql(actor, 'park', 'p') : sql`false`} AND (p.circular_status <> 'none' OR p.eco_park))::int AS "circularParks",
      (SELECT count(*) FROM zero_waste_cells z WHERE ${official ? visibleSql(actor, 'cell', 'z') : sql`false`} AND (z.ended_on IS NULL OR z.ended_on > ${on}::date))::int AS cells,
      (SELECT count(*) FROM compliance_checks k WHERE ${visibleSql(actor, 'check', 'k')} AND k.checked_on >= make_date(${year}, 1, 1) AND k.checked_on < make_date(${year + 1}, 1, 1))::int AS checks,
      (SELECT count(*) FROM compliance_checks k WHERE ${visibleSql(actor, 'check', 'k')} AND k.passed AND k.checked_on >= make_date(${year}, 1, 1) AND k.checked_on < make_date(${year + 1}, 1, 1))::int AS "checksPassed"`);
  return {
    year, credentials: { cleanProduction: s.cleanProduction, greenFactories: s.greenFactories, zeroWasteFactories: s.zeroWasteFactories, insured: s.insured },
    parks: s.parks, circularParks: s.circularParks, cells: s.cells, checks: s.checks, checksPassed: s.checksPassed,
    may: { credential: recordsRegister(actor, 'credential'), park: recordsRegister(actor, 'park'), cell: recordsRegister(actor, 'cell'), check: recordsRegister(actor, 'check') },
  };
}
