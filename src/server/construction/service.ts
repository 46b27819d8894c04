import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { constructionProjects, constructionPlans, disposalSites, type PlanItem } from './schema';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { regulatedWaste, regulates, type Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { ledgerOrganisation } from '../ledger/service';
import { siteLoad } from './manifest-hooks';

type Ctx = AuditContext & { actor: Actor };
type Project = typeof constructionProjects.$inferSelect;
const PROJECT = { zh: '工程项目', en: 'Project' };

// Officials who deal with construction waste: the office, the housing bureau (plans) and urban
// management (transport enforcement).
const constructionOfficial = (a: Actor) => a.role === 'platform_admin' || a.role === 'office' || (a.role === 'regulator' && (a.domain === 'housing' || a.domain === 'urban' || a.domain === 'general'));
const approver = (a: Actor) => a.role === 'platform_admin' || a.role === 'office' || (a.role === 'regulator' && a.domain === 'housing');
/** The project's own company (its driver carries loads, he does not file for it). */
const ownsProject = (a: Actor, p: Pick<Project, 'organisationId'>) => p.organisationId === a.organisationId && a.role !== 'driver';
/** What the caller may do with a project it sees: asked by the writes below, sent with the project. */
const projectActions = (a: Actor, p: Project) => ({
  editBuilding: p.kind !== 'demolition' && (ownsProject(a, p) || approver(a)),
  submitPlan: ownsProject(a, p),
  reviewPlan: approver(a),
});

function canSeeProject(actor: Actor, p: Project) {
  if (actor.role === 'platform_admin') return true;
  if (constructionOfficial(actor)) return regionWithin(p.regionCode, actor.regionCode);
  return p.organisationId === actor.organisationId;
}

function projectVisibility(actor: Actor): SQL {
  if (actor.role === 'platform_admin') return sql`true`;
  if (constructionOfficial(actor)) return sql`${constructionProjects.regionCode} LIKE ${`${regionScopePrefix(actor.regionCode)}%`}`;
  return actor.organisationId ? eq(constructionProjects.organisationId, actor.organisationId) : sql`false`;
}

/** 绿色建筑 (with its GB/T 50378 star, 1–3, if rated) and 装配式建筑; left out (null) where the project has not said. */
export interface BuildingAttributes { greenBuilding?: boolean | null; greenStar?: number | null; prefabricated?: boolean | null }

export interface NewProject extends BuildingAttributes { name: string; address?: string; longitude?: number; latitude?: number; kind: 'new' | 'demolition' | 'renovation'; floorAreaM2: number; startDate: string; endDate?: string }

/** A star needs a green building; a demolition builds nothing, so it is neither green nor prefabricated. */
function checkAttributes(kind: Project['kind'], a: BuildingAttributes) {
  if (a.greenStar != null && a.greenBuilding !== true) throw badRequest('STAR_WITHOUT_GREEN', '只有绿色建筑才有星级', 'Only a green building has a star rating', 'greenStar');
  if (kind === 'demolition' && (a.greenBuilding != null || a.prefabricated != null)) {
    throw badRequest('NOT_A_BUILDING', '拆除工程不填绿色建筑、装配式建筑', 'A demolition has no green-building or prefabrication attribute', a.greenBuilding != null ? 'greenBuilding' : 'prefabricated');
  }
}

/** A construction or demolition project registers under its construction company (a construction site). */
export async function registerProject(db: Db, ctx: Ctx, input: NewProject) {
  return db.transaction(async (tx) => {
    const org = await ledgerOrganisation(tx, ctx.actor);
    if (!org.capabilities.includes('construction_site')) throw forbidden('本单位未登记为建设/施工单位', 'Your organisation is not registered as a construction company');
    if (input.endDate && input.endDate < input.startDate) throw badRequest('BAD_DATES', '竣工日期不能早于开工日期', 'The end date cannot come before the start', 'endDate');
    checkAttributes(input.kind, input);
    const [project] = await tx.insert(constructionProjects).values({
      regionCode: org.regionCode, organisationId: org.id, name: input.name, address: input.address ?? '', longitude: input.longitude ?? org.longitude, latitude: input.latitude ?? org.latitude,
      kind: input.kind, floorAreaM2: input.floorAreaM2, startDate: input.startDate, endDate: input.endDate ?? null, createdBy: ctx.actor.userId!,
      greenBuilding: input.greenBuilding ?? null, greenStar: input.greenStar ?? null, prefabricated: input.prefabricated ?? null,
    }).returning();
    await recordAudit(tx, ctx, { action: 'construction.project', entityType: 'construction_project', entityId: project.id, regionCode: project.regionCode, organisationId: org.id, after: project });
    return project;
  });
}

/**
 * 绿色建筑、装配式建筑 of a project: its company, or the housing bureau (or the office) of its area,
 * which checks the drawings, says or corrects what the building is. The three values given are the
 * whole state (null: not said); the change is an audit row with the state before and after.
 */
export async function updateBuildingAttributes(db: Db, ctx: Ctx, id: string, input: BuildingAttributes) {
  return db.transaction(async (tx) => {
    const [project] = await tx.select().from(constructionProjects).where(eq(constructionProjects.id, id)).for('update');
    if (!project || !canSeeProject(ctx.actor, project)) throw notFound(PROJECT);
    if (!ownsProject(ctx.actor, project) && !approver(ctx.actor)) throw forbidden('由项目建设单位或住房城乡建设部门填写', 'The project’s company or the housing bureau says this');
    checkAttributes(project.kind, input);
    const next = { greenBuilding: input.greenBuilding ?? null, greenStar: input.greenStar ?? null, prefabricated: input.prefabricated ?? null };
    const [after] = await tx.update(constructionProjects).set(next).where(eq(constructionProjects.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'construction.project_attributes', entityType: 'construction_project', entityId: id, regionCode: project.regionCode, organisationId: project.organisationId,
      before: { greenBuilding: project.greenBuilding, greenStar: project.greenStar, prefabricated: project.prefabricated }, after: next });
    return after;
  });
}

export async function pageProjects(db: Db, actor: Actor, page: number, pageSize: number) {
  const where = projectVisibility(actor);
  // The outer row named in full: drizzle writes a column of a one-table select unqualified, which inside the subquery would name the plan's own id.
  const planStatus = sql<string | null>`(SELECT p.status FROM ${constructionPlans} p WHERE p.project_id = "construction_projects"."id" ORDER BY p.version DESC LIMIT 1)`;
  const owner = sql<string>`(SELECT o.name FROM ${organisations} o WHERE o.id = "construction_projects"."organisation_id")`;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: constructionProjects.id, name: constructionProjects.name, kind: constructionProjects.kind, floorAreaM2: constructionProjects.floorAreaM2, startDate: constructionProjects.startDate, status: constructionProjects.status,
      greenBuilding: constructionProjects.greenBuilding, greenStar: constructionProjects.greenStar, prefabricated: constructionProjects.prefabricated, owner, planStatus })
      .from(constructionProjects).where(where).orderBy(desc(constructionProjects.createdAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(constructionProjects).where(where),
  ]);
  return { items, total, page, pageSize };
}

export async function projectDetail(db: Db, actor: Actor, id: string) {
  const [project] = await db.select().from(constructionProjects).where(eq(constructionProjects.id, id));
  if (!project || !canSeeProject(actor, project)) throw notFound(PROJECT);
  const plans = await db.select().from(constructionPlans).where(eq(constructionPlans.projectId, id)).orderBy(desc(constructionPlans.version)).limit(20);
  const outflow = await db.execute<{ code: string; loads: number; t: number }>(sql`
    SELECT waste_code AS code, count(*)::int AS loads, coalesce(sum(coalesce(received_weight_t, (data->>'pickupWeightT')::numeric, declared_weight_t)), 0)::float8 AS t
    FROM manifests WHERE stream = 'construction' AND data->>'projectId' = ${id} AND status NOT IN ('cancelled') GROUP BY waste_code ORDER BY waste_code`);
  return { ...project, plans, outflow: outflow.rows, actions: projectActions(actor, project) };
}

export interface NewPlan { items: PlanItem[]; reductionTargetPct: number; measures?: string; transporterIds: string[]; siteIds: string[]; route?: [number, number][] }

/** 处理方案: filed by the project's company before work starts; each filing is a new version. */
export async function submitPlan(db: Db, ctx: Ctx, projectId: string, input: NewPlan) {
  const bad = input.items.findIndex((i) => !(i.expectedT >= 0) || !(i.reuseOnSiteT >= 0) || i.reuseOnSiteT > i.expectedT);
  if (bad >= 0) throw badRequest('BAD_QUANTITY', `第${bad + 1}类：数量不能为负，现场回用量不能超过产生量`, `Category ${bad + 1}: quantities cannot be negative, and on-site reuse cannot exceed generation`, `items.${bad}`);
  if (new Set(input.items.map((i) => i.code)).size !== input.items.length) throw badRequest('DUPLICATE_CODE', '同一类别出现两次', 'A category appears twice', 'items');
  return db.transaction(async (tx) => {
    const [project] = await tx.select().from(constructionProjects).where(eq(constructionProjects.id, projectId)).for('update');
    if (!project || !canSeeProject(ctx.actor, project)) throw notFound(PROJECT);
    // The builder files its own project's plan; an official who sees the project reviews it, and does not file it.
    if (!ownsProject(ctx.actor, project)) throw forbidden('由工程所属单位填报处理方案', 'The project’s own company files its disposal plan');
    const transporters = input.transporterIds.length ? await tx.select().from(organisations).where(inArray(organisations.id, input.transporterIds)) : [];
    if (transporters.length !== new Set(input.transporterIds).size || transporters.some((t) => t.status !== 'verified' || !t.capabilities.includes('transporter'))) {
      throw badRequest('NOT_A_TRANSPORTER', '运输单位须为已审核的运输企业', 'Every transport company must be verified', 'transporterIds');
    }
    const sites = input.siteIds.length ? await tx.select().from(disposalSites).where(inArray(disposalSites.id, input.siteIds)) : [];
    if (sites.length !== new Set(input.siteIds).size || sites.some((s) => !s.active)) throw badRequest('UNKNOWN_SITE', '去向须为在用的消纳场或资源化利用厂', 'Every destination must be an open consumption site or recycling plant', 'siteIds');
    const [{ last }] = await tx.select({ last: sql<number>`coalesce(max(${constructionPlans.version}), 0)`.mapWith(Number) }).from(constructionPlans).where(eq(constructionPlans.projectId, projectId));
    const [plan] = await tx.insert(constructionPlans).values({
      projectId, version: last + 1, items: input.items, reductionTargetPct: input.reductionTargetPct, measures: input.measures ?? '', transporterIds: [...new Set(input.transporterIds)],
      siteIds: [...new Set(input.siteIds)], route: input.route ?? [], submittedBy: ctx.actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'construction.plan_submit', entityType: 'construction_plan', entityId: plan.id, regionCode: project.regionCode, organisationId: project.organisationId, after: plan });
    return plan;
  });
}

/** The housing bureau (or the office) approves or returns the latest version. */
export async function decidePlan(db: Db, ctx: Ctx, planId: string, approve: boolean, comment: string) {
  if (!approver(ctx.actor)) throw forbidden('处理方案由住房城乡建设部门审核', 'The housing bureau reviews disposal plans');
  return db.transaction(async (tx) => {
    const [plan] = await tx.select().from(constructionPlans).where(eq(constructionPlans.id, planId)).for('update');
    const [project] = plan ? await tx.select().from(constructionProjects).where(eq(constructionProjects.id, plan.projectId)) : [];
    if (!plan || !project || !canSeeProject(ctx.actor, project)) throw notFound({ zh: '处理方案', en: 'Disposal plan' });
    if (plan.status !== 'submitted') throw conflict('PLAN_DECIDED', '该方案已审核', 'This plan has been decided already');
    if (!approve && !comment.trim()) throw badRequest('COMMENT_REQUIRED', '退回须说明理由', 'Say why the plan is returned', 'comment');
    const [after] = await tx.update(constructionPlans).set({ status: approve ? 'approved' : 'returned', decidedBy: ctx.actor.userId, decidedAt: new Date(), comment }).where(eq(constructionPlans.id, planId)).returning();
    if (approve && project.status === 'registered') await tx.update(constructionProjects).set({ status: 'active' }).where(eq(constructionProjects.id, project.id));
    await recordAudit(tx, ctx, { action: approve ? 'construction.plan_approve' : 'construction.plan_return', entityType: 'construction_plan', entityId: planId, regionCode: project.regionCode, organisationId: project.organisationId, before: { status: plan.status }, after: { status: after.status, comment } });
    return after;
  });
}

export interface NewSite { name: string; kind: 'consumption' | 'recycling'; longitude?: number; latitude?: number; capacityT: number; openingFillT?: number; accepts: string[] }

/** A consumption site or recycling plant is registered by the company that runs it. */
export async function registerSite(db: Db, ctx: Ctx, input: NewSite) {
  if ((input.openingFillT ?? 0) > input.capacityT) throw badRequest('OVER_CAPACITY', '现有存量不能超过设计库容', 'What the site holds cannot exceed its capacity', 'openingFillT');
  return db.transaction(async (tx) => {
    const org = await ledgerOrganisation(tx, ctx.actor);
    if (!org.capabilities.includes('receiver')) throw forbidden('本单位不是消纳/利用单位', 'Your organisation runs no consumption site or recycling plant');
    const [site] = await tx.insert(disposalSites).values({ organisationId: org.id, regionCode: org.regionCode, name: input.name, kind: input.kind, longitude: input.longitude ?? org.longitude, latitude: input.latitude ?? org.latitude,
      capacityT: input.capacityT, openingFillT: input.openingFillT ?? 0, accepts: [...new Set(input.accepts)] }).returning();
    await recordAudit(tx, ctx, { action: 'construction.site', entityType: 'disposal_site', entityId: site.id, regionCode: site.regionCode, organisationId: org.id, after: site });
    return site;
  });
}

/**
 * 消纳场 and 资源化利用厂 as a directory and as a register. What is public to every company (it must
 * pick destinations when it files a disposal plan): a site's name, kind, region, place, the
 * categories it takes and whether it has room left. Its exact capacity, fill, tonnes received and
 * on the way are for its own operator and for the officials of its area who supervise construction
 * waste (the office, housing, urban management) and the platform admin. Officials list their own
 * area only: a region outside it answers 404; companies may narrow the directory to any region.
 */
export async function listSites(db: Db, actor: Actor, regionCode: string | undefined, page: number, pageSize: number) {
  const official = actor.role === 'office' || actor.role === 'regulator';
  if (official && regionCode && !regionWithin(regionCode, actor.regionCode)) throw notFound({ zh: '区划', en: 'Region' });
  const where = and(eq(disposalSites.active, true), official ? sql`${disposalSites.regionCode} LIKE ${`${regionScopePrefix(actor.regionCode)}%`}` : undefined,
    regionCode ? sql`${disposalSites.regionCode} LIKE ${`${regionScopePrefix(regionCode)}%`}` : undefined)!;
  const supervises = actor.role === 'platform_admin' || (official && regulates(regulatedWaste(actor), 'construction', ''));
  const [rows, [{ total }]] = await Promise.all([
    db.select().from(disposalSites).where(where).orderBy(disposalSites.name).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(disposalSites).where(where),
  ]);
  const items = await Promise.all(rows.map(async (s) => {
    const { fillT, onTheWayT } = await siteLoad(db, s.id);
    const roomT = Math.max(0, Math.round((s.capacityT - fillT - onTheWayT) * 100) / 100);
    const directory = { id: s.id, organisationId: s.organisationId, regionCode: s.regionCode, name: s.name, kind: s.kind, longitude: s.longitude, latitude: s.latitude, accepts: s.accepts, active: s.active, hasRoom: roomT > 0 };
    if (!supervises && s.organisationId !== actor.organisationId) return { ...directory, figures: false };
    return { ...s, ...directory, figures: true, fillT, onTheWayT, roomT, fillPct: s.capacityT > 0 ? Math.round((fillT / s.capacityT) * 1000) / 10 : null };
  }));
  return { items, total, page, pageSize };
}

// 预警评估: each alarm of the last 90 days weighs by its severity, double while it is still open.
const RISK_SQL = sql`sum(CASE a.severity WHEN 'high' THEN 5 WHEN 'medium' THEN 3 ELSE 1 END * CASE WHEN a.status IN ('open', 'assigned', 'handled') THEN 2 ELSE 1 END)::int`;
export const riskBand = (score: number) => (score >= 15 ? 'high' : score >= 6 ? 'medium' : 'low');

/** Risk scores of the area's projects and transport companies from the construction alarms raised about them. */
export async function riskScores(db: Db, actor: Actor) {
  if (!constructionOfficial(actor)) throw forbidden('风险评估供监管部门使用', 'Risk scores are for regulators');
  const like = `${regionScopePrefix(actor.regionCode)}%`;
  const since = sql`now() - interval '90 days'`;
  const [projects, companies] = await Promise.all([
    db.execute<{ id: string; name: string; score: number; alarms: number; open: number }>(sql`
      SELECT p.id, p.name, ${RISK_SQL} AS score, count(*)::int AS alarms, count(*) FILTER (WHERE a.status IN ('open', 'assigned', 'handled'))::int AS open
      FROM alarms a JOIN construction_projects p ON p.id::text = coalesce(a.details->>'projectId', split_part(a.subject_id, ':', 1))
      WHERE a.rule LIKE 'construction_%' AND a.raised_at > ${since} AND p.region_code LIKE ${like}
      GROUP BY p.id, p.name ORDER BY score DESC LIMIT 50`),
    db.execute<{ id: string; name: string; score: number; alarms: number; open: number }>(sql`
      SELECT o.id, o.name, ${RISK_SQL} AS score, count(*)::int AS alarms, count(*) FILTER (WHERE a.status IN ('open', 'assigned', 'handled'))::int AS open
      FROM alarms a JOIN manifests m ON m.id::text = a.subject_id AND a.subject_type = 'manifest' JOIN organisations o ON o.id = m.transporter_ids[1]
      WHERE m.stream = 'construction' AND a.raised_at > ${since} AND (m.region_code LIKE ${like} OR m.receiver_region_code LIKE ${like})
      GROUP BY o.id, o.name ORDER BY score DESC LIMIT 50`),
  ]);
  const band = <T extends { score: number }>(rows: T[]) => rows.map((r) => ({ ...r, band: riskBand(r.score) }));
  return { projects: band(projects.rows), transporters: band(companies.rows) };
}
