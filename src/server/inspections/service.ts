import { randomBytes } from 'node:crypto';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { inspectionDraws as draws, inspectionPools as pools, inspectionRiskListings as listings, inspections } from './schema';
import { complianceChecks } from '../registers/schema';
import { organisations } from '../platform/organisations/schema';
import { recordAudits, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import {
  MEDICAL_TRADE, assess, checklistProblem, findingsSummary, maskName, runDraw, sameDraw,
  type DrawMember, type ItemFinding, type PoolRisk, type PoolUnitKind, type RiskLevel,
} from '../../domain/inspections';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { canSee, mayManage, mayRead, mayReadArea } from './policy';

// 双随机、一公开: the lists (名录库), the draws and the checks. A check is written with its row of the
// compliance-check register (compliance_checks) in one transaction, so that row 39's formula
// (registers/formulas.ts: compliance_check_pass_rate) counts it with the checks recorded directly.

type Ctx = AuditContext & { actor: Actor };
const POOL = { zh: '名录库', en: 'Pool' };
const DRAW = { zh: '抽取记录', en: 'Draw' };
const INSPECTION = { zh: '检查记录', en: 'Inspection' };
const today = () => shanghaiDate(new Date());
const area = (code: string) => `${regionScopePrefix(code)}%`;
const areaSql = (a: Actor, column: unknown): SQL => (a.role === 'platform_admin' ? sql`true` : sql`${typeof column === 'string' ? sql.raw(column) : column} LIKE ${area(a.regionCode)}`);

function requireManager(a: Actor) {
  if (!mayManage(a)) throw forbidden('双随机抽查由本辖区生态环境部门组织', 'Random inspections are run by the ecology bureau of the area');
}
function requireReader(a: Actor) {
  if (!mayRead(a)) throw forbidden('双随机抽查供生态环境部门、无废办及被检查企业查阅', 'Random inspections are for the ecology bureau, the zero-waste office and the companies checked');
}
function notFuture(day: string, path: string, zh: string, en: string) {
  if (day > today()) throw badRequest('FUTURE_DATE', `${zh}不能晚于今天`, `${en} cannot be in the future`, path);
}

// ---- 重点监管单位清单 (risk levels) ------------------------------------------------------------------------

/** The risk level of each unit: its latest listing, 一般 when never listed. */
const riskOf = (o: string) => sql`coalesce((SELECT r.level FROM inspection_risk_listings r WHERE r.organisation_id = ${sql.raw(o)}.id ORDER BY r.recorded_at DESC LIMIT 1), 'general')`;

export interface RiskInput { organisationId: string; level: RiskLevel; reason: string; listedOn: string }

/** 列入/调出重点监管单位清单: a new listing of a verified company of the area; the latest holds. */
export async function recordRiskListing(db: Db, ctx: Ctx, input: RiskInput) {
  requireManager(ctx.actor);
  notFuture(input.listedOn, 'listedOn', '列入日期', 'The day listed');
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, input.organisationId));
    if (!org || org.kind !== 'enterprise' || org.status !== 'verified' || !regionWithin(org.regionCode, ctx.actor.regionCode)) {
      throw badRequest('UNKNOWN_ORGANISATION', '须为本辖区内已审核的企业', 'It must be a verified company of your area', 'organisationId');
    }
    const [row] = await tx.insert(listings).values({ organisationId: org.id, regionCode: org.regionCode, level: input.level, reason: input.reason, listedOn: input.listedOn, recordedBy: ctx.actor.userId! }).returning();
    await recordAudits(tx, ctx, [{ action: 'inspection.risk_list', entityType: 'inspection_risk_listing', entityId: row.id, regionCode: row.regionCode, organisationId: org.id, after: row }]);
    return { ...row, organisationName: org.name };
  });
}

/** The units of the area listed 重点监管 now (their latest listing), a page at a time. */
export async function pageRiskListings(db: Db, actor: Actor, f: { level?: RiskLevel; page: number; pageSize: number }) {
  if (!mayReadArea(actor)) throw forbidden('重点监管单位清单供生态环境部门和无废办查阅', 'The key-supervision list is for the ecology bureau and the zero-waste office');
  const latest = sql`SELECT DISTINCT ON (r.organisation_id) r.id, r.organisation_id, r.region_code, r.level, r.reason, r.listed_on::text AS listed_on, r.recorded_at
    FROM inspection_risk_listings r WHERE ${areaSql(actor, 'r.region_code')} ORDER BY r.organisation_id, r.recorded_at DESC`;
  const filter = f.level ? sql`l.level = ${f.level}` : sql`true`;
  const [rows, count] = await Promise.all([
    db.execute<{ id: string; organisationId: string; organisationName: string; regionCode: string; level: RiskLevel; reason: string; listedOn: string }>(sql`
      SELECT l.id, l.organisation_id AS "organisationId", o.name AS "organisationName", l.region_code AS "regionCode", l.level, l.reason, l.listed_on AS "listedOn"
      FROM (${latest}) l JOIN organisations o ON o.id = l.organisation_id WHERE ${filter} ORDER BY l.listed_on DESC, o.name LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM (${latest}) l WHERE ${filter}`),
  ]);
  return { items: rows.rows, total: count.rows[0].total, page: f.page, pageSize: f.pageSize };
}

// ---- 名录库 (pools) ----------------------------------------------------------------------------------------

export type PoolInput =
  | { kind: 'enterprise'; name: string; unitKinds: PoolUnitKind[]; risk: PoolRisk }
  | { kind: 'inspector'; name: string; includeUsers: boolean; officers: { name: string; badgeNo: string }[] };

/** A pool of the bureau's area: which units (by kind and risk), or which officers. Never changed: a new list is a new pool. */
export async function createPool(db: Db, ctx: Ctx, input: PoolInput) {
  requireManager(ctx.actor);
  if (input.kind === 'inspector') {
    if (!input.includeUsers && input.officers.length === 0) throw badRequest('EMPTY_POOL', '执法人员名录库不能为空：请勾选本局执法人员或录入人员', 'An inspector pool cannot be empty: include the bureau’s officials or enter officers', 'officers');
    const badges = new Set<string>();
    input.officers.forEach((o, i) => {
      if (badges.has(o.badgeNo)) throw badRequest('DUPLICATE_OFFICER', '执法证号重复', 'The badge number is given twice', `officers.${i}.badgeNo`);
      badges.add(o.badgeNo);
    });
  }
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(pools).values(input.kind === 'enterprise'
      ? { kind: 'enterprise', regionCode: ctx.actor.regionCode, organisationId: ctx.actor.organisationId!, name: input.name, unitKinds: [...new Set(input.unitKinds)], risk: input.risk, createdBy: ctx.actor.userId! }
      : { kind: 'inspector', regionCode: ctx.actor.regionCode, organisationId: ctx.actor.organisationId!, name: input.name, includeUsers: input.includeUsers,
        officers: input.officers.map((o) => ({ id: `officer-${randomBytes(6).toString('hex')}`, name: o.name, badgeNo: o.badgeNo })), createdBy: ctx.actor.userId! }).returning();
    await recordAudits(tx, ctx, [{ action: 'inspection.pool_create', entityType: 'inspection_pool', entityId: row.id, regionCode: row.regionCode, organisationId: row.organisationId, after: row }]);
    return presentPool(row, await poolMembers(tx, row));
  });
}

type PoolRow = typeof pools.$inferSelect;

function unitKindSql(kind: PoolUnitKind, day: string): SQL {
  switch (kind) {
    case 'hazardous_producer': return sql`('producer' = ANY(o.capabilities) AND coalesce(o.industry, '') !~ ${MEDICAL_TRADE})`;
    case 'medical': return sql`('producer' = ANY(o.capabilities) AND coalesce(o.industry, '') ~ ${MEDICAL_TRADE})`;
    case 'collector': return sql`('collector' = ANY(o.capabilities))`;
    // 持证经营: a hazardous-waste licence in force on the day, not the capability alone (which builders' recyclers share).
    case 'licensed_receiver': return sql`EXISTS (SELECT 1 FROM licences l WHERE l.organisation_id = o.id AND l.valid_from <= ${day}::date AND l.valid_to >= ${day}::date AND (l.ended_on IS NULL OR l.ended_on > ${day}::date))`;
  }
}

/** The members of a pool as they are now: what a draw takes and publishes (sorted by id; the order does not change the draw). */
export async function poolMembers(q: Queryable, pool: PoolRow, day = today()): Promise<(DrawMember & { risk?: RiskLevel; badgeNo?: string })[]> {
  if (pool.kind === 'enterprise') {
    if (!pool.unitKinds.length) return [];
    const kinds = sql.join(pool.unitKinds.map((k) => unitKindSql(k, day)), sql` OR `);
    const risk = pool.risk === 'any' ? sql`true` : sql`${riskOf('o')} = ${pool.risk}`;
    const rows = await q.execute<{ id: string; name: string; risk: RiskLevel }>(sql`
      SELECT o.id, o.name, ${riskOf('o')} AS risk FROM organisations o
      WHERE o.kind = 'enterprise' AND o.status = 'verified' AND o.region_code LIKE ${area(pool.regionCode)} AND (${kinds}) AND ${risk} ORDER BY o.id LIMIT 5000`);
    return rows.rows;
  }
  const officials = pool.includeUsers ? (await q.execute<{ id: string; name: string }>(sql`
    SELECT u.id, u.display_name AS name FROM users u WHERE u.role = 'regulator' AND u.domain = 'ecology' AND u.status = 'active' AND u.kind = 'person'
      AND u.region_code LIKE ${area(pool.regionCode)} ORDER BY u.id LIMIT 1000`)).rows : [];
  return [...officials, ...pool.officers.map((o) => ({ id: o.id, name: o.name, badgeNo: o.badgeNo }))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const presentPool = (row: PoolRow, members: { id: string }[]) => ({ ...row, officers: row.officers, members: members.length });

export async function pagePools(db: Db, actor: Actor, f: { kind?: 'enterprise' | 'inspector'; page: number; pageSize: number }) {
  if (!mayReadArea(actor)) throw forbidden('名录库供生态环境部门和无废办查阅', 'The pools are for the ecology bureau and the zero-waste office');
  const where = and(areaSql(actor, pools.regionCode), f.kind ? eq(pools.kind, f.kind) : undefined)!;
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(pools).where(where).orderBy(desc(pools.createdAt)).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(pools).where(where),
  ]);
  const items = await Promise.all(rows.map(async (p) => presentPool(p, await poolMembers(db, p))));
  return { items, total, page: f.page, pageSize: f.pageSize };
}

/** A pool with its members now (units with their risk level; officers with their badge numbers). */
export async function poolDetail(db: Db, actor: Actor, id: string) {
  if (!mayReadArea(actor)) throw forbidden('名录库供生态环境部门和无废办查阅', 'The pools are for the ecology bureau and the zero-waste office');
  const [row] = await db.select().from(pools).where(eq(pools.id, id));
  if (!row || !canSee(actor, { regionCode: row.regionCode, organisationId: null })) throw notFound(POOL);
  const members = await poolMembers(db, row);
  return { ...presentPool(row, members), memberList: members.map((m) => ({ id: m.id, name: m.name, risk: m.risk ?? null, badgeNo: m.badgeNo ?? null })) };
}

// ---- 抽取 (draws) ----------------------------------------------------------------------------------------

export interface DrawInput { title: string; enterprisePoolId: string; inspectorPoolId: string; enterpriseCount: number; inspectorsPerEnterprise: number; seed?: string; drawnOn?: string }

/**
 * 随机抽取: the members of both pools are read now and kept with the draw, the seed is the one given
 * (a public lottery number, say) or 128 random bits, and the result is runDraw's. An empty pool, or
 * one smaller than asked, is refused naming the field.
 */
export async function makeDraw(db: Db, ctx: Ctx, input: DrawInput) {
  requireManager(ctx.actor);
  const drawnOn = input.drawnOn ?? today();
  notFuture(drawnOn, 'drawnOn', '抽取日期', 'The day of the draw');
  return db.transaction(async (tx) => {
    const pool = async (id: string, kind: 'enterprise' | 'inspector', path: string) => {
      const [row] = await tx.select().from(pools).where(eq(pools.id, id));
      if (!row || row.kind !== kind || !regionWithin(row.regionCode, ctx.actor.regionCode)) {
        throw badRequest('UNKNOWN_POOL', kind === 'enterprise' ? '须为本辖区的检查对象名录库' : '须为本辖区的执法检查人员名录库', kind === 'enterprise' ? 'It must be an enterprise pool of your area' : 'It must be an inspector pool of your area', path);
      }
      return row;
    };
    const ePool = await pool(input.enterprisePoolId, 'enterprise', 'enterprisePoolId');
    const iPool = await pool(input.inspectorPoolId, 'inspector', 'inspectorPoolId');
    const enterprises = (await poolMembers(tx, ePool, drawnOn)).map((m) => ({ id: m.id, name: m.name }));
    const inspectors = (await poolMembers(tx, iPool, drawnOn)).map((m) => ({ id: m.id, name: m.name }));
    if (!enterprises.length) throw badRequest('EMPTY_POOL', `检查对象名录库“${ePool.name}”中没有符合条件的企业`, `The enterprise pool “${ePool.name}” has no member`, 'enterprisePoolId');
    if (!inspectors.length) throw badRequest('EMPTY_POOL', `执法检查人员名录库“${iPool.name}”中没有人员`, `The inspector pool “${iPool.name}” has no member`, 'inspectorPoolId');
    if (input.enterpriseCount > enterprises.length) throw badRequest('COUNT_ABOVE_POOL', `名录库只有 ${enterprises.length} 家企业，不能抽取 ${input.enterpriseCount} 家`, `The pool holds ${enterprises.length} enterprises: ${input.enterpriseCount} cannot be drawn`, 'enterpriseCount');
    if (input.inspectorsPerEnterprise > inspectors.length) throw badRequest('TOO_FEW_INSPECTORS', `人员名录库只有 ${inspectors.length} 人，不能每家派 ${input.inspectorsPerEnterprise} 人`, `The inspector pool holds ${inspectors.length}: ${input.inspectorsPerEnterprise} per enterprise cannot be sent`, 'inspectorsPerEnterprise');
    const seed = input.seed ?? randomBytes(16).toString('hex');
    const result = runDraw({ seed, enterprises, inspectors, enterpriseCount: input.enterpriseCount, inspectorsPerEnterprise: input.inspectorsPerEnterprise });
    const [row] = await tx.insert(draws).values({
      regionCode: ctx.actor.regionCode, organisationId: ctx.actor.organisationId!, title: input.title, enterprisePoolId: ePool.id, inspectorPoolId: iPool.id,
      enterpriseCount: input.enterpriseCount, inspectorsPerEnterprise: input.inspectorsPerEnterprise, seed, enterpriseMembers: enterprises, inspectorMembers: inspectors, result, drawnOn, drawnBy: ctx.actor.userId!,
    }).returning();
    await recordAudits(tx, ctx, [{ action: 'inspection.draw', entityType: 'inspection_draw', entityId: row.id, regionCode: row.regionCode, organisationId: row.organisationId, after: row }]);
    return row;
  });
}

const drawSummary = sql`(SELECT count(*)::int FROM inspections i WHERE i.draw_id = d.id)`;
const drawPassed = sql`(SELECT count(*)::int FROM inspections i WHERE i.draw_id = d.id AND i.passed)`;

export async function pageDraws(db: Db, actor: Actor, f: { year?: number; page: number; pageSize: number }) {
  if (!mayReadArea(actor)) throw forbidden('抽取记录供生态环境部门和无废办查阅', 'Draws are for the ecology bureau and the zero-waste office');
  const where = sql`${areaSql(actor, 'd.region_code')} ${f.year ? sql`AND d.drawn_on >= make_date(${f.year}, 1, 1) AND d.drawn_on < make_date(${f.year + 1}, 1, 1)` : sql``}`;
  return drawPage(db, where, f.page, f.pageSize);
}

async function drawPage(db: Queryable, where: SQL, page: number, pageSize: number) {
  const [rows, count] = await Promise.all([
    db.execute<{ id: string; title: string; regionCode: string; regionName: string; drawnOn: string; enterprisePoolName: string; enterpriseCount: number; inspectorsPerEnterprise: number; members: number; seed: string; inspected: number; passed: number }>(sql`
      SELECT d.id, d.title, d.region_code AS "regionCode", coalesce(r.name, d.region_code) AS "regionName", d.drawn_on::text AS "drawnOn", p.name AS "enterprisePoolName",
        d.enterprise_count AS "enterpriseCount", d.inspectors_per_enterprise AS "inspectorsPerEnterprise", jsonb_array_length(d.enterprise_members) AS members, d.seed,
        ${drawSummary} AS inspected, ${drawPassed} AS passed
      FROM inspection_draws d JOIN inspection_pools p ON p.id = d.enterprise_pool_id LEFT JOIN regions r ON r.code = d.region_code
      WHERE ${where} ORDER BY d.drawn_on DESC, d.drawn_at DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM inspection_draws d WHERE ${where}`),
  ]);
  return { items: rows.rows, total: count.rows[0].total, page, pageSize };
}

type DrawRow = typeof draws.$inferSelect;

/** A draw with the check of each unit drawn (or none yet), and whether it re-runs to the same result. */
export async function drawDetail(db: Db, actor: Actor, id: string) {
  if (!mayReadArea(actor)) throw forbidden('抽取记录供生态环境部门和无废办查阅', 'Draws are for the ecology bureau and the zero-waste office');
  const [row] = await db.select().from(draws).where(eq(draws.id, id));
  if (!row || !canSee(actor, { regionCode: row.regionCode, organisationId: null })) throw notFound(DRAW);
  const checks = await db.select({ id: inspections.id, organisationId: inspections.organisationId, inspectedOn: inspections.inspectedOn, passed: inspections.passed, score: inspections.score, findings: inspections.findings })
    .from(inspections).where(eq(inspections.drawId, id)).limit(500);
  const [pools_] = await Promise.all([db.select({ id: pools.id, name: pools.name }).from(pools).where(sql`${pools.id} IN (${row.enterprisePoolId}, ${row.inspectorPoolId})`)]);
  return {
    ...row, enterprisePoolName: pools_.find((p) => p.id === row.enterprisePoolId)?.name ?? '', inspectorPoolName: pools_.find((p) => p.id === row.inspectorPoolId)?.name ?? '',
    verified: sameDraw(rerun(row), row.result),
    result: row.result.map((r) => ({ ...r, inspection: checks.find((c) => c.organisationId === r.organisationId) ?? null })),
    may: { inspect: mayManage(actor) && regionWithin(row.regionCode, actor.regionCode) },
  };
}

const rerun = (row: DrawRow) => runDraw({ seed: row.seed, enterprises: row.enterpriseMembers, inspectors: row.inspectorMembers, enterpriseCount: row.enterpriseCount, inspectorsPerEnterprise: row.inspectorsPerEnterprise });

// ---- 检查 (inspections) ---------------------------------------------------------------------------------

export interface InspectionInput { drawId: string; organisationId: string; inspectedOn: string; items: ItemFinding[] }

/**
 * 检查记录: the check of a unit drawn, by the officers drawn for it, every checklist item answered.
 * Written with its compliance-check register row and both audit rows in one transaction.
 */
export async function recordInspection(db: Db, ctx: Ctx, input: InspectionInput) {
  requireManager(ctx.actor);
  notFuture(input.inspectedOn, 'inspectedOn', '检查日期', 'The day checked');
  const problem = checklistProblem(input.items);
  if (problem) throw badRequest(problem.code, problem.zh, problem.en, problem.path);
  return db.transaction(async (tx) => {
    const [draw] = await tx.select().from(draws).where(eq(draws.id, input.drawId)).for('update');
    if (!draw || !regionWithin(draw.regionCode, ctx.actor.regionCode)) throw badRequest('UNKNOWN_DRAW', '须为本辖区的抽取记录', 'It must be a draw of your area', 'drawId');
    const drawn = draw.result.find((r) => r.organisationId === input.organisationId);
    if (!drawn) throw badRequest('NOT_DRAWN', '该企业不在本次抽取结果中', 'This company was not drawn in this draw', 'organisationId');
    if (input.inspectedOn < draw.drawnOn) throw badRequest('BEFORE_DRAW', `检查日期不能早于抽取日期 ${draw.drawnOn}`, `The check cannot be before the draw (${draw.drawnOn})`, 'inspectedOn');
    const [done] = await tx.select({ id: inspections.id }).from(inspections).where(and(eq(inspections.drawId, draw.id), eq(inspections.organisationId, input.organisationId)));
    if (done) throw conflict('ALREADY_INSPECTED', '本次抽取中该企业的检查已登记', 'This company’s check of this draw is recorded already', 'organisationId');
    const [org] = await tx.select({ id: organisations.id, regionCode: organisations.regionCode, name: organisations.name }).from(organisations).where(eq(organisations.id, input.organisationId));
    const verdict = assess(input.items);
    const findings = findingsSummary(input.items);
    const items = input.items.map((i) => ({ key: i.key, result: i.result, note: i.note ?? '' }));
    const [check] = await tx.insert(complianceChecks).values({
      organisationId: org.id, regionCode: org.regionCode, checkedOn: input.inspectedOn, passed: verdict.passed, score: verdict.score,
      findings: findings ? `双随机抽查（${draw.title}）：${findings}` : `双随机抽查（${draw.title}）`, checkedBy: ctx.actor.userId!,
    }).returning();
    const [row] = await tx.insert(inspections).values({
      drawId: draw.id, organisationId: org.id, regionCode: org.regionCode, inspectedOn: input.inspectedOn, inspectors: drawn.inspectors, items,
      score: verdict.score, passed: verdict.passed, findings, complianceCheckId: check.id, recordedBy: ctx.actor.userId!,
    }).returning();
    await recordAudits(tx, ctx, [
      { action: 'inspection.record', entityType: 'inspection', entityId: row.id, regionCode: row.regionCode, organisationId: org.id, after: row },
      { action: 'registers.check_record', entityType: 'compliance_check', entityId: check.id, regionCode: check.regionCode, organisationId: org.id, after: check },
    ]);
    return { ...row, organisationName: org.name, vetoed: verdict.vetoed };
  });
}

export async function pageInspections(db: Db, actor: Actor, f: { year?: number; passed?: boolean; drawId?: string; organisationId?: string; page: number; pageSize: number }) {
  requireReader(actor);
  const parts: SQL[] = [mayReadArea(actor) ? areaSql(actor, 'i.region_code') : sql`i.organisation_id = ${actor.organisationId}::uuid`];
  if (f.year) parts.push(sql`i.inspected_on >= make_date(${f.year}, 1, 1) AND i.inspected_on < make_date(${f.year + 1}, 1, 1)`);
  if (f.passed !== undefined) parts.push(sql`i.passed = ${f.passed}`);
  if (f.drawId) parts.push(sql`i.draw_id = ${f.drawId}::uuid`);
  if (f.organisationId) parts.push(sql`i.organisation_id = ${f.organisationId}::uuid`);
  const where = sql.join(parts, sql` AND `);
  const [rows, count] = await Promise.all([
    db.execute<{ id: string; drawId: string; drawTitle: string; organisationId: string; organisationName: string; regionCode: string; inspectedOn: string; score: number; passed: boolean; findings: string; caseId: string | null }>(sql`
      SELECT i.id, i.draw_id AS "drawId", d.title AS "drawTitle", i.organisation_id AS "organisationId", o.name AS "organisationName", i.region_code AS "regionCode",
        i.inspected_on::text AS "inspectedOn", i.score::float8 AS score, i.passed, i.findings,
        (SELECT c.id FROM enforcement_cases c WHERE c.source_kind = 'inspection' AND c.source_id = i.id::text LIMIT 1) AS "caseId"
      FROM inspections i JOIN inspection_draws d ON d.id = i.draw_id JOIN organisations o ON o.id = i.organisation_id
      WHERE ${where} ORDER BY i.inspected_on DESC, i.recorded_at DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM inspections i WHERE ${where}`),
  ]);
  return { items: rows.rows, total: count.rows[0].total, page: f.page, pageSize: f.pageSize };
}

export async function inspectionDetail(db: Db, actor: Actor, id: string) {
  requireReader(actor);
  const [row] = await db.select({ i: inspections, organisationName: organisations.name, drawTitle: draws.title }).from(inspections)
    .innerJoin(organisations, eq(organisations.id, inspections.organisationId)).innerJoin(draws, eq(draws.id, inspections.drawId)).where(eq(inspections.id, id));
  if (!row || !canSee(actor, { regionCode: row.i.regionCode, organisationId: row.i.organisationId })) throw notFound(INSPECTION);
  const cases = await db.execute<{ id: string; caseNo: string }>(sql`SELECT id, case_no AS "caseNo" FROM enforcement_cases WHERE source_kind = 'inspection' AND source_id = ${id} ORDER BY opened_at LIMIT 10`);
  return {
    ...row.i, organisationName: row.organisationName, drawTitle: row.drawTitle, cases: cases.rows,
    may: { openCase: mayManage(actor) && regionWithin(row.i.regionCode, actor.regionCode) && !row.i.passed && cases.rows.length === 0 },
  };
}

// ---- 一公开 (what anyone may read) -------------------------------------------------------------------------

/** The draws made public: every draw of the platform, newest first. */
export const publicDraws = (db: Db, f: { regionCode?: string; page: number; pageSize: number }) =>
  drawPage(db, f.regionCode ? sql`d.region_code LIKE ${area(f.regionCode)}` : sql`true`, f.page, f.pageSize);

/**
 * A draw as published: the seed, the method, the member lists (units by name; officers by id and a
 * masked name, no badge number) and the result with each unit's verdict and findings.
 */
export async function publicDraw(db: Db, id: string) {
  const [row] = await db.select().from(draws).where(eq(draws.id, id));
  if (!row) throw notFound(DRAW);
  const checks = await db.select({ organisationId: inspections.organisationId, inspectedOn: inspections.inspectedOn, passed: inspections.passed, findings: inspections.findings })
    .from(inspections).where(eq(inspections.drawId, id)).limit(500);
  const [region] = (await db.execute<{ name: string }>(sql`SELECT name FROM regions WHERE code = ${row.regionCode}`)).rows;
  const mask = (m: DrawMember) => ({ id: m.id, name: maskName(m.name) });
  return {
    id: row.id, title: row.title, regionCode: row.regionCode, regionName: region?.name ?? row.regionCode, drawnOn: row.drawnOn, seed: row.seed,
    enterpriseCount: row.enterpriseCount, inspectorsPerEnterprise: row.inspectorsPerEnterprise,
    enterpriseMembers: row.enterpriseMembers, inspectorMembers: row.inspectorMembers.map(mask),
    result: row.result.map((r) => {
      const c = checks.find((x) => x.organisationId === r.organisationId);
      return { organisationId: r.organisationId, name: r.name, rank: r.rank, inspectors: r.inspectors.map(mask), inspectedOn: c?.inspectedOn ?? null, passed: c ? c.passed : null, findings: c?.findings ?? null };
    }),
  };
}

/** 复核: the draw run again from its published seed and lists, and whether it gives what was published. */
export async function verifyDraw(db: Db, id: string) {
  const [row] = await db.select().from(draws).where(eq(draws.id, id));
  if (!row) throw notFound(DRAW);
  const again = rerun(row);
  return {
    id: row.id, seed: row.seed, matches: sameDraw(again, row.result),
    published: row.result.map((r) => ({ organisationId: r.organisationId, name: r.name, inspectorIds: r.inspectors.map((i) => i.id) })),
    recomputed: again.map((r) => ({ organisationId: r.organisationId, name: r.name, rank: r.rank, inspectorIds: r.inspectors.map((i) => i.id) })),
  };
}

/** The results by unit: who was checked when, passed or not, what was found. No officer's name, no personal data. */
export async function publicResults(db: Db, f: { regionCode?: string; q?: string; page: number; pageSize: number }) {
  const parts: SQL[] = [sql`true`];
  if (f.regionCode) parts.push(sql`i.region_code LIKE ${area(f.regionCode)}`);
  if (f.q) parts.push(sql`o.name ILIKE ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const where = sql.join(parts, sql` AND `);
  const [rows, count] = await Promise.all([
    db.execute<{ id: string; drawId: string; drawTitle: string; organisationName: string; regionName: string; inspectedOn: string; passed: boolean; findings: string }>(sql`
      SELECT i.id, i.draw_id AS "drawId", d.title AS "drawTitle", o.name AS "organisationName", coalesce(r.name, i.region_code) AS "regionName", i.inspected_on::text AS "inspectedOn", i.passed, i.findings
      FROM inspections i JOIN inspection_draws d ON d.id = i.draw_id JOIN organisations o ON o.id = i.organisation_id LEFT JOIN regions r ON r.code = i.region_code
      WHERE ${where} ORDER BY i.inspected_on DESC, o.name LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM inspections i JOIN organisations o ON o.id = i.organisation_id WHERE ${where}`),
  ]);
  return { items: rows.rows, total: count.rows[0].total, page: f.page, pageSize: f.pageSize };
}
