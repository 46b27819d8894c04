import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { bulkStorageRectifications, bulkStorageSites, bulkStorageStock } from './schema';
import { organisations } from '../platform/organisations/schema';
import { regions } from '../platform/regions/schema';
import { users } from '../platform/accounts/schema';
import { auditLog } from '../platform/audit/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { requireStreamCode } from '../ledger/service';
import { regulatedBy } from '../../domain/streams';

// 大宗工业固体废物堆存场所 (seed 000 三(一)3, seed 002/003 "全面摸清堆存场所底数，逐步解决历史遗留问题"):
// the register of ash yards, slag heaps and gypsum stacks, their stock as dated readings, and the
// rectifications (整改) the ecology bureau opens on inspection and signs off when done.

type Ctx = AuditContext & { actor: Actor };
type Site = typeof bulkStorageSites.$inferSelect;
type Rectification = typeof bulkStorageRectifications.$inferSelect;
const SITE = { zh: '堆存场所', en: 'Storage site' };
const RECTIFICATION = { zh: '整改事项', en: 'Rectification' };

// ---- who may do what ---------------------------------------------------------------------------

export type SiteAction = 'read' | 'record_stock' | 'open_rectification' | 'report' | 'verify' | 'close';

/** The ecology bureau supervises general industrial solid waste (regulatedBy); the zero-waste office oversees all. */
const supervisor = (a: Actor) => a.role === 'platform_admin' || a.role === 'office' || (a.role === 'regulator' && regulatedBy(a.domain, 'industrial', ''));
const inArea = (a: Actor, regionCode: string) => a.role === 'platform_admin' || regionWithin(regionCode, a.regionCode);
const companyUser = (a: Actor) => a.organisationKind === 'enterprise' && a.organisationStatus === 'verified' && (a.role === 'enterprise_admin' || a.role === 'enterprise_member');
const operates = (a: Actor, site: Pick<Site, 'organisationId'>) => companyUser(a) && site.organisationId !== null && site.organisationId === a.organisationId;

/** Access to one site; the site's state (closed, a rectification's step) is the service's 409, not a 403. */
export function canSite(a: Actor, action: SiteAction, site: Pick<Site, 'regionCode' | 'organisationId'>): boolean {
  const official = supervisor(a) && inArea(a, site.regionCode);
  switch (action) {
    case 'read':
    case 'record_stock':
      return official || operates(a, site);
    case 'open_rectification':
    case 'verify':
    case 'close':
      return official;
    case 'report':
      // The operator reports what it did; for a legacy site nobody runs, the regulator records it.
      return operates(a, site) || (official && site.organisationId === null);
  }
}

/** What the console may offer on a site, sent with it so the page hides what the server would refuse. */
function actionsOn(a: Actor, site: Pick<Site, 'regionCode' | 'organisationId' | 'status'>) {
  const inUse = site.status === 'in_use';
  return {
    recordStock: inUse && canSite(a, 'record_stock', site),
    openRectification: inUse && canSite(a, 'open_rectification', site),
    report: canSite(a, 'report', site),
    verify: canSite(a, 'verify', site),
    close: inUse && canSite(a, 'close', site),
  };
}

function visibleSites(a: Actor): SQL {
  if (a.role === 'platform_admin') return sql`true`;
  if (supervisor(a)) return sql`b.region_code LIKE ${`${regionScopePrefix(a.regionCode)}%`}`;
  if (companyUser(a) && a.organisationId) return sql`b.organisation_id = ${a.organisationId}`;
  return sql`false`;
}

const DENIED: Record<Exclude<SiteAction, 'read'>, [string, string]> = {
  record_stock: ['只有运营单位或监管部门可以登记库存', 'Only the operator or the regulator records stock'],
  open_rectification: ['整改事项由生态环境部门下达', 'Rectifications are opened by the ecology bureau'],
  report: ['整改情况由运营单位报告', 'The operator reports what was done'],
  verify: ['整改由生态环境部门验收', 'Rectifications are signed off by the ecology bureau'],
  close: ['堆场关闭由生态环境部门办理', 'Sites are closed by the ecology bureau'],
};

/** The site, locked when the caller writes; 404 when the actor may not see it, 403 when it may see but not act. */
async function loadSite(q: Queryable, actor: Actor, id: string, action: SiteAction, lock = false): Promise<Site> {
  const query = q.select().from(bulkStorageSites).where(eq(bulkStorageSites.id, id));
  const [site] = lock ? await query.for('update') : await query;
  if (!site || !canSite(actor, 'read', site)) throw notFound(SITE);
  if (action !== 'read' && !canSite(actor, action, site)) throw forbidden(...DENIED[action]);
  return site;
}

// ---- numbers shown with every site ---------------------------------------------------------------

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
export const fillPercent = (stockT: number | null, capacityT: number) => (stockT === null || !(capacityT > 0) ? null : round((stockT / capacityT) * 100, 1));
const today = () => shanghaiDate(new Date());

type SiteRow = {
  id: string; name: string; kind: 'storage' | 'landfill'; wasteClasses: string[]; regionCode: string; regionName: string | null; organisationId: string | null; operator: string | null;
  address: string; longitude: number | null; latitude: number | null; areaM2: number | null; designCapacityT: number; builtYear: number | null; controls: string;
  legacy: 'no' | 'yes'; status: 'in_use' | 'closed'; createdAt: string; stockT: number | null; stockAsOf: string | null; openRectifications: number; overdueRectifications: number;
};

// The newest reading wins: the latest date, and on the same date the one recorded last (a correction).
const LATEST_STOCK = sql`LEFT JOIN LATERAL (SELECT s.stock_t, s.as_of FROM bulk_storage_stock s WHERE s.site_id = b.id ORDER BY s.as_of DESC, s.created_at DESC LIMIT 1) st ON true`;

const SITE_ROWS = (on: string) => sql`
  SELECT b.id, b.name, b.kind, b.waste_classes AS "wasteClasses", b.region_code AS "regionCode", r.name AS "regionName", b.organisation_id AS "organisationId", o.name AS operator,
    b.address, b.longitude, b.latitude, b.area_m2::float8 AS "areaM2", b.design_capacity_t::float8 AS "designCapacityT", b.built_year AS "builtYear", b.controls, b.legacy, b.status, b.created_at AS "createdAt",
    st.stock_t::float8 AS "stockT", st.as_of::text AS "stockAsOf",
    (SELECT count(*) FROM bulk_storage_rectifications x WHERE x.site_id = b.id AND x.status <> 'verified')::int AS "openRectifications",
    (SELECT count(*) FROM bulk_storage_rectifications x WHERE x.site_id = b.id AND x.status <> 'verified' AND x.deadline < ${on}::date)::int AS "overdueRectifications"
  FROM bulk_storage_sites b
  LEFT JOIN organisations o ON o.id = b.organisation_id
  LEFT JOIN regions r ON r.code = b.region_code
  ${LATEST_STOCK}`;

const present = (row: SiteRow, actor: Actor) => ({
  ...row,
  fillPct: fillPercent(row.stockT, row.designCapacityT),
  overCapacity: row.stockT !== null && row.stockT > row.designCapacityT,
  overdue: row.overdueRectifications > 0,
  actions: actionsOn(actor, row),
});

// ---- register -----------------------------------------------------------------------------------

export interface NewSite {
  name: string; kind: 'storage' | 'landfill'; wasteClasses: string[]; address?: string; longitude?: number; latitude?: number; areaM2?: number;
  designCapacityT: number; builtYear?: number; controls?: string; legacy?: boolean; regionCode?: string; organisationId?: string;
}

/**
 * A company registers its own site (in its own county); the ecology bureau or the office registers
 * one in its area for an operator there, or a legacy site nobody runs any more (历史遗留).
 */
export async function registerSite(db: Db, ctx: Ctx, input: NewSite) {
  const { actor } = ctx;
  if ((input.longitude === undefined) !== (input.latitude === undefined)) throw badRequest('COORDINATES_PAIR', '经度和纬度须同时填写', 'Give both longitude and latitude, or neither', input.longitude === undefined ? 'longitude' : 'latitude');
  const classes = [...new Set(input.wasteClasses)];
  for (const code of classes) await requireStreamCode(db, 'industrial', code, `wasteClasses.${input.wasteClasses.indexOf(code)}`);
  return db.transaction(async (tx) => {
    let operator: typeof organisations.$inferSelect | null = null;
    let regionCode: string;
    if (supervisor(actor)) {
      if (input.organisationId) {
        [operator] = await tx.select().from(organisations).where(eq(organisations.id, input.organisationId));
        if (!operator || operator.kind !== 'enterprise' || !inArea(actor, operator.regionCode)) {
          throw badRequest('UNKNOWN_OPERATOR', '运营单位须为本辖区内登记的企业', 'The operator must be a company registered in your area', 'organisationId');
        }
      } else if (!input.legacy) {
        throw badRequest('OPERATOR_REQUIRED', '没有运营单位的堆场只能作为历史遗留堆场登记', 'A site without an operator can only be registered as a legacy site', 'organisationId');
      }
      if (!input.regionCode && !operator) throw badRequest('REGION_REQUIRED', '请填写堆场所在的行政区划', 'Give the region the site lies in', 'regionCode');
      regionCode = input.regionCode ?? operator!.regionCode;
      if (!inArea(actor, regionCode)) throw forbidden('只能登记本辖区内的堆场', 'You can only register sites in your own area');
    } else if (companyUser(actor) && actor.organisationId) {
      if (input.organisationId && input.organisationId !== actor.organisationId) throw forbidden('企业只能登记本单位的堆场', 'A company registers only its own sites');
      [operator] = await tx.select().from(organisations).where(eq(organisations.id, actor.organisationId));
      if (!operator.capabilities.some((c) => c === 'producer' || c === 'receiver')) throw forbidden('本单位未登记为产废或利用处置单位', 'Your company is registered neither as a producer nor as a receiver');
      regionCode = input.regionCode ?? operator.regionCode;
      // A company's yard may lie in another town of its county, not in another county.
      const county = operator.regionCode.length === 9 ? operator.regionCode.slice(0, 6) : operator.regionCode;
      if (!regionWithin(regionCode, county)) throw badRequest('REGION_OUTSIDE', '堆场须位于本单位所在的县（市、区）内', 'The site must lie in your company’s county', 'regionCode');
    } else {
      throw forbidden('堆存场所由运营企业或生态环境部门登记', 'Storage sites are registered by their operator or by the ecology bureau');
    }
    const [known] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, regionCode));
    if (!known) throw badRequest('UNKNOWN_REGION', `行政区划代码 ${regionCode} 不存在`, `Region ${regionCode} is not known`, 'regionCode');
    const [site] = await tx.insert(bulkStorageSites).values({
      regionCode, organisationId: operator?.id ?? null, name: input.name, kind: input.kind, wasteClasses: classes, address: input.address ?? operator?.address ?? '',
      longitude: input.longitude ?? operator?.longitude ?? null, latitude: input.latitude ?? operator?.latitude ?? null, areaM2: input.areaM2 ?? null,
      designCapacityT: input.designCapacityT, builtYear: input.builtYear ?? null, controls: input.controls ?? '', legacy: input.legacy ? 'yes' : 'no', createdBy: actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'bulk_storage.site_register', entityType: 'bulk_storage_site', entityId: site.id, regionCode, organisationId: site.organisationId, after: site });
    return site;
  });
}

// ---- list, detail, totals --------------------------------------------------------------------------

export interface SiteFilter { status?: 'in_use' | 'closed'; kind?: 'storage' | 'landfill'; openRectification?: boolean; regionCode?: string; q?: string; page: number; pageSize: number }

/** The sites the actor may see, newest figures first-class: latest stock, fill, outstanding and overdue rectifications. */
export async function pageSites(db: Db, actor: Actor, f: SiteFilter) {
  const conditions: SQL[] = [visibleSites(actor)];
  if (f.regionCode) conditions.push(sql`b.region_code LIKE ${`${regionScopePrefix(f.regionCode)}%`}`);
  if (f.status) conditions.push(sql`b.status = ${f.status}`);
  if (f.kind) conditions.push(sql`b.kind = ${f.kind}`);
  if (f.q) conditions.push(sql`(b.name ILIKE ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`);
  if (f.openRectification !== undefined) {
    const exists = sql`EXISTS (SELECT 1 FROM bulk_storage_rectifications x WHERE x.site_id = b.id AND x.status IN ('open', 'reported'))`;
    conditions.push(f.openRectification ? exists : sql`NOT ${exists}`);
  }
  const where = sql.join(conditions, sql` AND `);
  const [rows, count] = await Promise.all([
    db.execute<SiteRow>(sql`${SITE_ROWS(today())} WHERE ${where} ORDER BY b.name, b.id LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM bulk_storage_sites b WHERE ${where}`),
  ]);
  return { items: rows.rows.map((r) => present(r, actor)), total: count.rows[0].total, page: f.page, pageSize: f.pageSize };
}

export interface DetailPages { stockPage: number; stockPageSize: number; rectPage: number; rectPageSize: number }

/** One site with a page of its stock history (newest first) and a page of its rectifications with their history. */
export async function siteDetail(db: Db, actor: Actor, id: string, p: DetailPages) {
  const on = today();
  const { rows: [row] } = await db.execute<SiteRow>(sql`${SITE_ROWS(on)} WHERE b.id = ${id}`);
  if (!row || !canSite(actor, 'read', row)) throw notFound(SITE);
  const [readings, [{ readingCount }], rects, [{ rectCount }]] = await Promise.all([
    db.select({ id: bulkStorageStock.id, asOf: bulkStorageStock.asOf, stockT: bulkStorageStock.stockT, inT: bulkStorageStock.inT, outT: bulkStorageStock.outT, note: bulkStorageStock.note,
      createdAt: bulkStorageStock.createdAt, recordedBy: users.displayName })
      .from(bulkStorageStock).leftJoin(users, eq(users.id, bulkStorageStock.recordedBy)).where(eq(bulkStorageStock.siteId, id))
      .orderBy(desc(bulkStorageStock.asOf), desc(bulkStorageStock.createdAt)).limit(p.stockPageSize).offset((p.stockPage - 1) * p.stockPageSize),
    db.select({ readingCount: sql<number>`count(*)`.mapWith(Number) }).from(bulkStorageStock).where(eq(bulkStorageStock.siteId, id)),
    db.select().from(bulkStorageRectifications).where(eq(bulkStorageRectifications.siteId, id))
      .orderBy(sql`CASE ${bulkStorageRectifications.status} WHEN 'verified' THEN 1 ELSE 0 END`, desc(bulkStorageRectifications.foundOn), desc(bulkStorageRectifications.createdAt))
      .limit(p.rectPageSize).offset((p.rectPage - 1) * p.rectPageSize),
    db.select({ rectCount: sql<number>`count(*)`.mapWith(Number) }).from(bulkStorageRectifications).where(eq(bulkStorageRectifications.siteId, id)),
  ]);
  const history = await rectificationHistory(db, rects.map((r) => r.id));
  return {
    ...present(row, actor),
    stock: { items: readings.map((r) => ({ ...r, fillPct: fillPercent(r.stockT, row.designCapacityT), overCapacity: r.stockT > row.designCapacityT })), total: readingCount, page: p.stockPage, pageSize: p.stockPageSize },
    rectifications: { items: rects.map((r) => ({ ...presentRectification(r, on), history: history.get(r.id) ?? [] })), total: rectCount, page: p.rectPage, pageSize: p.rectPageSize },
  };
}

const presentRectification = (r: Rectification, on: string) => ({ ...r, overdue: r.status !== 'verified' && r.deadline < on });

/** Each step of a rectification as the audit log recorded it: who, when, and the note given (a return says why). */
async function rectificationHistory(q: Queryable, ids: string[]) {
  const byId = new Map<string, { action: string; at: Date; by: string; note: string }[]>();
  if (!ids.length) return byId;
  const rows = await q.select({ entityId: auditLog.entityId, action: auditLog.action, at: auditLog.at, by: sql<string>`coalesce(${users.displayName}, ${auditLog.actorLabel})`, after: auditLog.after })
    .from(auditLog).leftJoin(users, eq(users.id, auditLog.actorUserId)).where(and(eq(auditLog.entityType, 'bulk_storage_rectification'), inArray(auditLog.entityId, ids))).orderBy(auditLog.id);
  for (const r of rows) {
    const after = (r.after ?? {}) as { note?: string; action?: string; problem?: string };
    const note = r.action === 'bulk_storage.rectification_report' ? after.action : r.action === 'bulk_storage.rectification_open' ? after.problem : after.note;
    byId.set(r.entityId, [...(byId.get(r.entityId) ?? []), { action: r.action.replace('bulk_storage.rectification_', ''), at: r.at, by: r.by, note: note ?? '' }]);
  }
  return byId;
}

/** 辖区汇总 for the regulator: sites, capacity and stock of the sites in use, rectifications outstanding and overdue. */
export async function areaTotals(db: Db, actor: Actor, regionCode?: string) {
  if (!supervisor(actor)) throw forbidden('辖区汇总供生态环境部门和无废办使用', 'Area totals are for the ecology bureau and the zero-waste office');
  if (regionCode && !inArea(actor, regionCode)) throw forbidden('只能查看本辖区的汇总', 'You can only see totals for your own area');
  const scope = regionCode ?? (actor.role === 'platform_admin' ? null : actor.regionCode);
  const where = scope ? sql`b.region_code LIKE ${`${regionScopePrefix(scope)}%`}` : sql`true`;
  const on = today();
  const { rows: [sites] } = await db.execute<{ sites: number; inUse: number; closed: number; legacy: number; designCapacityT: number; stockT: number; overCapacity: number }>(sql`
    SELECT count(*)::int AS sites, count(*) FILTER (WHERE b.status = 'in_use')::int AS "inUse", count(*) FILTER (WHERE b.status = 'closed')::int AS closed,
      count(*) FILTER (WHERE b.legacy = 'yes')::int AS legacy,
      coalesce(sum(b.design_capacity_t) FILTER (WHERE b.status = 'in_use'), 0)::float8 AS "designCapacityT",
      coalesce(sum(st.stock_t) FILTER (WHERE b.status = 'in_use'), 0)::float8 AS "stockT",
      count(*) FILTER (WHERE b.status = 'in_use' AND st.stock_t > b.design_capacity_t)::int AS "overCapacity"
    FROM bulk_storage_sites b
    ${LATEST_STOCK}
    WHERE ${where}`);
  const { rows: [rects] } = await db.execute<{ open: number; reported: number; overdue: number; verified: number; sitesWithRectification: number; sitesRectified: number }>(sql`
    SELECT count(*) FILTER (WHERE x.status = 'open')::int AS open, count(*) FILTER (WHERE x.status = 'reported')::int AS reported,
      count(*) FILTER (WHERE x.status <> 'verified' AND x.deadline < ${on}::date)::int AS overdue, count(*) FILTER (WHERE x.status = 'verified')::int AS verified,
      count(DISTINCT x.site_id)::int AS "sitesWithRectification",
      (count(DISTINCT x.site_id) - count(DISTINCT x.site_id) FILTER (WHERE x.status <> 'verified'))::int AS "sitesRectified"
    FROM bulk_storage_rectifications x JOIN bulk_storage_sites b ON b.id = x.site_id
    WHERE ${where}`);
  return {
    regionCode: scope, ...sites, fillPct: fillPercent(sites.stockT, sites.designCapacityT),
    rectifications: { open: rects.open, reported: rects.reported, outstanding: rects.open + rects.reported, overdue: rects.overdue, verified: rects.verified },
    // 完成综合整治的堆场数量占比: of the sites that had problems, those whose every rectification is signed off.
    sitesWithRectification: rects.sitesWithRectification, sitesRectified: rects.sitesRectified,
  };
}

// ---- writes ---------------------------------------------------------------------------------------

export interface NewReading { asOf: string; stockT: number; inT?: number; outT?: number; note?: string }

/**
 * 库存盘点: a dated reading by the operator or the regulator. Readings are never changed: a
 * correction is a new reading for the same date, and the newest one counts. A stock above the design
 * capacity is recorded (it is what lies there) and flagged.
 */
export async function recordStock(db: Db, ctx: Ctx, siteId: string, input: NewReading) {
  if (input.asOf > today()) throw badRequest('FUTURE_DATE', '盘存日期不能晚于今天', 'The reading cannot be dated in the future', 'asOf');
  return db.transaction(async (tx) => {
    const site = await loadSite(tx, ctx.actor, siteId, 'record_stock', true);
    if (site.status === 'closed') throw conflict('SITE_CLOSED', '该堆场已关闭，不再登记库存', 'This site is closed: no more readings');
    const [reading] = await tx.insert(bulkStorageStock).values({ siteId, asOf: input.asOf, stockT: input.stockT, inT: input.inT ?? 0, outT: input.outT ?? 0, note: input.note ?? '', recordedBy: ctx.actor.userId! }).returning();
    const overCapacity = reading.stockT > site.designCapacityT;
    await recordAudit(tx, ctx, { action: 'bulk_storage.stock', entityType: 'bulk_storage_site', entityId: siteId, regionCode: site.regionCode, organisationId: site.organisationId, after: { ...reading, overCapacity } });
    return { ...reading, fillPct: fillPercent(reading.stockT, site.designCapacityT), overCapacity };
  });
}

export interface NewRectification { problem: string; foundOn: string; deadline: string }

/** 下达整改: the ecology bureau records a problem found on inspection and the deadline to fix it. */
export async function openRectification(db: Db, ctx: Ctx, siteId: string, input: NewRectification) {
  if (input.foundOn > today()) throw badRequest('FUTURE_DATE', '发现日期不能晚于今天', 'The date found cannot be in the future', 'foundOn');
  if (input.deadline < input.foundOn) throw badRequest('BAD_DEADLINE', '整改期限不能早于发现日期', 'The deadline cannot come before the date found', 'deadline');
  return db.transaction(async (tx) => {
    const site = await loadSite(tx, ctx.actor, siteId, 'open_rectification', true);
    if (site.status === 'closed') throw conflict('SITE_CLOSED', '该堆场已关闭', 'This site is closed');
    const [rect] = await tx.insert(bulkStorageRectifications).values({ siteId, problem: input.problem, foundOn: input.foundOn, deadline: input.deadline, createdBy: ctx.actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'bulk_storage.rectification_open', entityType: 'bulk_storage_rectification', entityId: rect.id, regionCode: site.regionCode, organisationId: site.organisationId, after: rect });
    return presentRectification(rect, today());
  });
}

const STEP_NAMES: Record<Rectification['status'], [string, string]> = { open: ['待整改', 'open'], reported: ['已报告待验收', 'reported and awaiting sign-off'], verified: ['已验收', 'verified'] };

async function loadRectification(tx: Queryable, actor: Actor, id: string, action: 'report' | 'verify') {
  const [rect] = await tx.select().from(bulkStorageRectifications).where(eq(bulkStorageRectifications.id, id)).for('update');
  if (!rect) throw notFound(RECTIFICATION);
  const site = await loadSite(tx, actor, rect.siteId, 'read');
  if (!canSite(actor, action, site)) throw forbidden(...DENIED[action]);
  return { rect, site };
}

/** 整改报告: the operator says what it did; only an open rectification takes a report. */
export async function reportRectification(db: Db, ctx: Ctx, id: string, action: string) {
  return db.transaction(async (tx) => {
    const { rect, site } = await loadRectification(tx, ctx.actor, id, 'report');
    if (rect.status !== 'open') {
      throw conflict('WRONG_STEP', `该整改事项${STEP_NAMES[rect.status][0]}，不能再报告`, `This rectification is ${STEP_NAMES[rect.status][1]}: it takes no report now`);
    }
    const [after] = await tx.update(bulkStorageRectifications).set({ status: 'reported', action, reportedAt: new Date() }).where(eq(bulkStorageRectifications.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'bulk_storage.rectification_report', entityType: 'bulk_storage_rectification', entityId: id, regionCode: site.regionCode, organisationId: site.organisationId, before: { status: rect.status }, after: { status: after.status, action } });
    return presentRectification(after, today());
  });
}

/** 验收: the ecology bureau signs a reported rectification off, or sends it back to open with a note saying why. */
export async function verifyRectification(db: Db, ctx: Ctx, id: string, verdict: 'verify' | 'return', note: string) {
  if (verdict === 'return' && !note.trim()) throw badRequest('NOTE_REQUIRED', '退回须说明理由', 'Say why it is sent back', 'note');
  return db.transaction(async (tx) => {
    const { rect, site } = await loadRectification(tx, ctx.actor, id, 'verify');
    if (rect.status !== 'reported') {
      throw conflict('WRONG_STEP', `该整改事项${STEP_NAMES[rect.status][0]}，只有已报告的整改才能验收或退回`, `This rectification is ${STEP_NAMES[rect.status][1]}: only a reported one can be signed off or sent back`);
    }
    const change = verdict === 'verify'
      ? { status: 'verified' as const, verifiedBy: ctx.actor.userId, verifiedAt: new Date() }
      : { status: 'open' as const, reportedAt: null };
    const [after] = await tx.update(bulkStorageRectifications).set(change).where(eq(bulkStorageRectifications.id, id)).returning();
    await recordAudit(tx, ctx, { action: verdict === 'verify' ? 'bulk_storage.rectification_verify' : 'bulk_storage.rectification_return', entityType: 'bulk_storage_rectification', entityId: id,
      regionCode: site.regionCode, organisationId: site.organisationId, before: { status: rect.status }, after: { status: after.status, note } });
    return presentRectification(after, today());
  });
}

/** 封场/关闭: the ecology bureau closes a site once every rectification on it is signed off. */
export async function closeSite(db: Db, ctx: Ctx, id: string, note: string) {
  return db.transaction(async (tx) => {
    const site = await loadSite(tx, ctx.actor, id, 'close', true);
    if (site.status === 'closed') throw conflict('SITE_CLOSED', '该堆场已关闭', 'This site is closed already');
    const [{ outstanding }] = await tx.select({ outstanding: sql<number>`count(*)`.mapWith(Number) }).from(bulkStorageRectifications)
      .where(and(eq(bulkStorageRectifications.siteId, id), inArray(bulkStorageRectifications.status, ['open', 'reported'])));
    if (outstanding > 0) throw conflict('RECTIFICATIONS_OUTSTANDING', `还有 ${outstanding} 项整改未验收，验收后方可关闭`, `${outstanding} rectification(s) are not signed off yet: sign them off before closing`);
    const [after] = await tx.update(bulkStorageSites).set({ status: 'closed' }).where(eq(bulkStorageSites.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'bulk_storage.site_close', entityType: 'bulk_storage_site', entityId: id, regionCode: site.regionCode, organisationId: site.organisationId, before: { status: site.status }, after: { status: after.status, note } });
    return after;
  });
}
