import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { managementPlans } from './schema';
import { organisations, licences } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { scopeCondition } from '../platform/organisations/service';
import { organisationScope, regulatesStream, type Actor } from '../platform/policy';
import { ledgerOrganisation } from '../ledger/service';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/errors';
import { currentEntry } from '../catalogues/service';
import { managementClass, TABLES_BY_CLASS, PLAN_TABLES, planDeadline, type PlanTable } from '../../domain/hazardous/plan';
import { shanghaiYear } from '../../domain/labels';

type Ctx = AuditContext & { actor: Actor };
const PLAN = { zh: '管理计划', en: 'Management plan' };

export interface GenerationRow { wasteCode: string; internalName?: string; expectedT: number; physicalForm?: string; hazardousComponents?: string; facility?: string }
export interface PlanInput { ownFacility: boolean; tables: Partial<Record<PlanTable, unknown>> & { A3: GenerationRow[] } }

/** A plan may be written for this year or the next; earlier years are closed. */
function assertOpenYear(year: number) {
  const now = shanghaiYear();
  if (year < now) throw badRequest('PLAN_YEAR_CLOSED', `${year} 年度已结束，不能再填报管理计划`, `The year ${year} is closed: its plan can no longer be filed`, 'year');
  if (year > now + 1) throw badRequest('PLAN_YEAR_TOO_FAR', `只能填报 ${now} 或 ${now + 1} 年度的计划`, `Plans are filed for ${now} or ${now + 1} only`, 'year');
}

async function classify(db: Db, organisationId: string, input: PlanInput) {
  for (const [i, row] of input.tables.A3.entries()) {
    if (!(await currentEntry(db, 'hazardous', row.wasteCode))) throw badRequest('UNKNOWN_CODE', `A.3 第${i + 1}行：废物代码 ${row.wasteCode} 不在现行名录中`, `A.3 row ${i + 1}: ${row.wasteCode} is not in the current list`, `tables.A3.${i}.wasteCode`);
  }
  const expectedT = Math.round(input.tables.A3.reduce((s, r) => s + r.expectedT, 0) * 10_000) / 10_000;
  const [licence] = await db.select({ id: licences.id }).from(licences).where(and(eq(licences.organisationId, organisationId), eq(licences.active, true))).limit(1);
  return { expectedT, ...managementClass({ annualTonnes: expectedT, ownFacility: input.ownFacility, holdsLicence: !!licence }) };
}

export async function savePlan(db: Db, ctx: Ctx, year: number, input: PlanInput) {
  assertOpenYear(year);
  const org = await ledgerOrganisation(db, ctx.actor);
  const { expectedT, cls, reason } = await classify(db, org.id, input);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(managementPlans).where(and(eq(managementPlans.organisationId, org.id), eq(managementPlans.year, year))).for('update');
    if (existing && (existing.status === 'submitted' || existing.status === 'approved')) {
      throw conflict('PLAN_LOCKED', '计划已提交，审核退回后才能修改', 'The plan is submitted: it can be changed once the regulator returns it');
    }
    const values = { managementClass: cls, expectedT, ownFacility: input.ownFacility, tables: { ...input.tables, A1: input.tables.A1 ?? a1From(org) }, updatedAt: new Date() };
    const [plan] = existing
      ? await tx.update(managementPlans).set({ ...values, status: existing.status === 'returned' ? 'returned' : 'draft' }).where(eq(managementPlans.id, existing.id)).returning()
      : await tx.insert(managementPlans).values({ ...values, regionCode: org.regionCode, organisationId: org.id, year }).returning();
    await recordAudit(tx, ctx, { action: 'plan.save', entityType: 'management_plan', entityId: plan.id, regionCode: org.regionCode, organisationId: org.id, before: existing ?? null, after: plan });
    return { ...plan, classReason: reason, requiredTables: TABLES_BY_CLASS[cls] };
  });
}

const a1From = (org: typeof organisations.$inferSelect) => ({
  name: org.name, creditCode: org.creditCode, regionCode: org.regionCode, address: org.address, industry: org.industry, longitude: org.longitude, latitude: org.latitude, contactName: org.contactName, contactPhone: org.contactPhone,
});

/** 提交: every table the management class asks for must be filled. */
export async function submitPlan(db: Db, ctx: Ctx, year: number) {
  assertOpenYear(year);
  const org = await ledgerOrganisation(db, ctx.actor);
  return db.transaction(async (tx) => {
    const [plan] = await tx.select().from(managementPlans).where(and(eq(managementPlans.organisationId, org.id), eq(managementPlans.year, year))).for('update');
    if (!plan) throw notFound(PLAN);
    if (plan.status === 'submitted' || plan.status === 'approved') throw conflict('PLAN_ALREADY_SUBMITTED', '计划已提交', 'The plan is already submitted');
    const missing = TABLES_BY_CLASS[plan.managementClass].filter((t) => {
      const v = (plan.tables as Record<string, unknown>)[t];
      return v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
    });
    if (missing.length) {
      throw new AppError(400, 'PLAN_TABLES_MISSING', { zh: `请先填写：${missing.map((t) => `${t.replace('A', 'A.')} ${PLAN_TABLES[t].zh}`).join('、')}`, en: `Fill in first: ${missing.map((t) => `${t.replace('A', 'A.')} ${PLAN_TABLES[t].en}`).join(', ')}` }, `tables.${missing[0]}`);
    }
    const [after] = await tx.update(managementPlans).set({ status: 'submitted', submittedAt: new Date(), updatedAt: new Date() }).where(eq(managementPlans.id, plan.id)).returning();
    await recordAudit(tx, ctx, { action: 'plan.submit', entityType: 'management_plan', entityId: plan.id, regionCode: plan.regionCode, organisationId: org.id, before: { status: plan.status }, after: { status: 'submitted' } });
    return after;
  });
}

export async function myPlan(db: Db, actor: Actor, year: number) {
  const org = await ledgerOrganisation(db, actor);
  const [plan] = await db.select().from(managementPlans).where(and(eq(managementPlans.organisationId, org.id), eq(managementPlans.year, year)));
  if (!plan) return { year, status: 'not_filed', organisation: a1From(org), deadline: planDeadline(year) };
  return { ...plan, requiredTables: TABLES_BY_CLASS[plan.managementClass], deadline: planDeadline(year) };
}

export async function reviewPlan(db: Db, ctx: Ctx, id: string, verdict: 'approved' | 'returned', comment: string | undefined) {
  const actor = ctx.actor;
  if (actor.role !== 'platform_admin' && !(actor.role === 'regulator' && actor.domain === 'ecology') && actor.role !== 'office') throw forbidden('由生态环境部门审核管理计划', 'Management plans are reviewed by the ecology-environment department');
  return db.transaction(async (tx) => {
    const [plan] = await tx.select().from(managementPlans).where(and(eq(managementPlans.id, id), scopeCondition(organisationScope(actor), managementPlans.regionCode, managementPlans.organisationId))).for('update');
    if (!plan) throw notFound(PLAN);
    if (plan.status !== 'submitted') throw conflict('PLAN_NOT_SUBMITTED', '只能审核已提交的计划', 'Only a submitted plan can be reviewed');
    if (verdict === 'returned' && !comment) throw badRequest('COMMENT_REQUIRED', '退回时请写明修改意见', 'Say what to change when returning a plan', 'comment');
    const [after] = await tx.update(managementPlans).set({ status: verdict, reviewComment: comment ?? null, reviewedBy: actor.userId, reviewedAt: new Date() }).where(eq(managementPlans.id, id)).returning();
    await recordAudit(tx, ctx, { action: `plan.${verdict === 'approved' ? 'approve' : 'return'}`, entityType: 'management_plan', entityId: id, regionCode: plan.regionCode, organisationId: plan.organisationId, before: { status: plan.status }, after: { status: verdict, comment } });
    return after;
  });
}

/** Management plans are hazardous waste's: the officials who regulate all of it read them (not health, housing or urban management). */
function requirePlanRegulator(actor: Actor) {
  if (!regulatesStream(actor, 'hazardous')) throw forbidden('贵部门不负责危险废物管理计划', 'Your department does not regulate hazardous-waste management plans');
}

/** The regulator's list: every verified producer in scope with its plan for the year, or "not filed" (overdue after 31 March); plans to review first. */
export async function planOverview(db: Db, actor: Actor, year: number, status: string | undefined, page: number, pageSize: number) {
  requirePlanRegulator(actor);
  const planStatus = sql<string>`coalesce(${managementPlans.status}, 'not_filed')`;
  const conditions: SQL[] = [
    scopeCondition(organisationScope(actor), organisations.regionCode, organisations.id), eq(organisations.kind, 'enterprise'), eq(organisations.status, 'verified'),
    sql`${organisations.capabilities} @> ARRAY['producer']::text[]`,
  ];
  if (status) conditions.push(sql`${planStatus} = ${status}`);
  const where = and(...conditions)!;
  const from = db.select({
    organisationId: organisations.id, organisationName: organisations.name, regionCode: organisations.regionCode, planId: managementPlans.id, status: planStatus,
    managementClass: managementPlans.managementClass, expectedT: managementPlans.expectedT, submittedAt: managementPlans.submittedAt,
  }).from(organisations).leftJoin(managementPlans, and(eq(managementPlans.organisationId, organisations.id), eq(managementPlans.year, year)));
  const [items, [{ total }]] = await Promise.all([
    // What waits for the regulator first (plans to review), then who has filed nothing, then the rest.
    from.where(where).orderBy(sql`CASE ${planStatus} WHEN 'submitted' THEN 0 WHEN 'not_filed' THEN 1 ELSE 2 END`, organisations.name, organisations.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)` }).from(organisations).leftJoin(managementPlans, and(eq(managementPlans.organisationId, organisations.id), eq(managementPlans.year, year))).where(where),
  ]);
  const overdue = Date.now() >= planDeadline(year).getTime();
  return { items: items.map((i) => ({ ...i, overdue: overdue && (i.status === 'not_filed' || i.status === 'draft' || i.status === 'returned') })), total, page, pageSize, deadline: planDeadline(year) };
}

export async function planDetail(db: Db, actor: Actor, id: string) {
  requirePlanRegulator(actor);
  const [plan] = await db.select().from(managementPlans).where(and(eq(managementPlans.id, id), scopeCondition(organisationScope(actor), managementPlans.regionCode, managementPlans.organisationId)));
  if (!plan) throw notFound(PLAN);
  return { ...plan, requiredTables: TABLES_BY_CLASS[plan.managementClass] };
}
