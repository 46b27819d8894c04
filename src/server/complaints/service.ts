import crypto from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { keepsRegionTables, type Actor } from '../platform/policy';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { settingFor, settingInForce } from '../settings/service';
import { photoExists } from '../files/photos';
import { regionLineage, regionScopePrefix } from '../../domain/region-code';
import { addWorkingDays } from '../../domain/working-days';
import { calendarFor } from '../platform/calendar/service';
import { DOMAINS, type Domain } from '../../domain/enums';
import {
  COMPLAINT_ACTIONS, COMPLAINT_CATEGORIES, DUPLICATE_RADIUS_M, OPEN_STATUSES, actionsFrom, calendarDaysAfter, complaintCategory, complaintNumber,
  type ComplaintAction, type ComplaintCategory, type ComplaintStatus,
} from '../../domain/complaints';

// 信访投诉举报 (issue 18). A citizen reports (without a login, as a logged-in resident, or through an
// Open311 app with an API token); the report is routed by category × region to a department (the
// office's routing table; no row: the office itself) with its deadlines in working days; the
// department accepts, passes on, answers or refuses it with a reason; the citizen follows it with
// his number and private code, rates the answer once and may reopen it for a set time. Every step is
// a new row of complaint_steps (append-only) with the report's state kept beside it, in one
// transaction with its audit row. Contact details leave the server only to the handling department.

type Ctx = AuditContext & { actor: Actor | null };
type OfficialCtx = AuditContext & { actor: Actor };
const SYSTEM: AuditContext = { actor: null, actorLabel: 'system:complaint-reopen-window' };
const REPORT = { zh: '投诉举报', en: 'Report' };

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
/** Eight characters without 0/O, 1/I/L: read over the phone without confusion. */
const FOLLOW_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const followCode = () => Array.from(crypto.randomBytes(8), (b) => FOLLOW_ALPHABET[b % FOLLOW_ALPHABET.length]).join('');

// ---------------------------------------------------------------- who

/** The office (its area), a department (its area, reports routed to its domain) or the platform administrator: as SQL on the report's alias c. */
export function handlerArea(a: Actor): SQL {
  if (a.via !== 'session') throw forbidden('此操作须由用户登录后完成', 'This needs a logged-in user, not an API token');
  if (a.role === 'platform_admin') return sql`true`;
  const area = sql`c.region_code LIKE ${`${regionScopePrefix(a.regionCode)}%`}`;
  if (a.role === 'office' && a.organisationKind === 'government') return area;
  if (a.role === 'regulator' && a.domain) return sql`${area} AND c.domain = ${a.domain}`;
  throw forbidden('投诉举报由无废办和负责的行业主管部门办理', 'Reports are handled by the zero-waste office and the department responsible');
}

const handlerLabel = (a: Actor) => (a.role === 'regulator' && a.domain ? a.domain : a.role === 'platform_admin' ? 'admin' : 'office');

// ---------------------------------------------------------------- tables the office sets

/** The department a category of report goes to in a region: the most specific row of the routing table; none: the office (null). */
export async function routeFor(q: Queryable, category: string, regionCode: string): Promise<Domain | null> {
  const lineage = regionLineage(regionCode);
  const rows = (await q.execute<{ regionCode: string; domain: Domain | null }>(sql`SELECT region_code AS "regionCode", domain FROM complaint_routes
    WHERE category = ${category} AND region_code IN (${sql.join(lineage.map((c) => sql`${c}`), sql`, `)})`)).rows;
  rows.sort((a, b) => lineage.indexOf(a.regionCode) - lineage.indexOf(b.regionCode));
  return rows[0]?.domain ?? null;
}

export interface RouteRow { category: ComplaintCategory; domain: Domain | null }

/** The routing table of the actor's region, one row per category (a category without a row goes to the office). */
export async function routingTable(db: Db, actor: Actor) {
  if (!keepsRegionTables(actor) && !(actor.via === 'session' && actor.role === 'regulator')) throw forbidden('投诉举报分派表由无废办维护', 'The zero-waste office keeps the routing table');
  const rows = (await db.execute<{ category: string; domain: Domain | null; updatedAt: Date }>(sql`SELECT category, domain, updated_at AS "updatedAt" FROM complaint_routes WHERE region_code = ${actor.regionCode}`)).rows;
  return {
    regionCode: actor.regionCode,
    editable: keepsRegionTables(actor),
    items: COMPLAINT_CATEGORIES.map((c) => {
      const row = rows.find((r) => r.category === c.value);
      return { category: c.value, domain: row ? row.domain : null, set: !!row, updatedAt: row ? new Date(row.updatedAt) : null };
    }),
  };
}

/** The office sets its region's routing table: the rows given replace the region's rows. */
export async function setRoutingTable(db: Db, ctx: OfficialCtx, rows: RouteRow[]) {
  if (!keepsRegionTables(ctx.actor)) throw forbidden('投诉举报分派表由无废办维护', 'The zero-waste office keeps the routing table');
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.category)) throw badRequest('DUPLICATE_CATEGORY', '同一类别只能有一行', 'One row per category', `items.${i}.category`);
    seen.add(r.category);
  });
  const regionCode = ctx.actor.regionCode;
  await db.transaction(async (tx) => {
    const before = (await tx.execute(sql`SELECT category, domain FROM complaint_routes WHERE region_code = ${regionCode} ORDER BY category`)).rows;
    await tx.execute(sql`DELETE FROM complaint_routes WHERE region_code = ${regionCode}`);
    for (const r of rows) {
      await tx.execute(sql`INSERT INTO complaint_routes (region_code, category, domain, updated_by) VALUES (${regionCode}, ${r.category}, ${r.domain}, ${ctx.actor.userId})`);
    }
    await recordAudit(tx, ctx, { action: 'complaint_routes.set', entityType: 'complaint_routes', entityId: regionCode, regionCode, before, after: rows });
  });
  return routingTable(db, ctx.actor);
}

// ---------------------------------------------------------------- a citizen reports

export interface ComplaintInput {
  category: ComplaintCategory;
  regionCode: string;
  /** The point picked on the map; without it, the typed address must say where. */
  location?: { lon: number; lat: number };
  address?: string;
  description: string;
  photos?: string[];
  contactName?: string;
  contactPhone?: string;
  /** The number of an open report of the same category within 50 m that this one is the same as. */
  sameAs?: string;
}

export interface ReportOptions { dataDir: string; source: 'web' | 'open311' | 'hotline'; apiTokenId?: string | null }

async function complaintNo(tx: Queryable, now: Date) {
  const day = complaintNumber(now, 0).slice(0, 10);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`complaint:${day}`}))`);
  const [{ n }] = (await tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM complaints WHERE complaint_no LIKE ${`${day}%`}`)).rows;
  return complaintNumber(now, n + 1);
}

async function addStep(tx: Queryable, complaintId: string, action: string, status: ComplaintStatus, at: Date, by: string, userId: string | null, note = '', domain: string | null = null) {
  await tx.execute(sql`INSERT INTO complaint_steps (complaint_id, action, status, note, domain, user_id, by_label, at)
    VALUES (${complaintId}, ${action}, ${status}, ${note}, ${domain}, ${userId}, ${by}, ${at.toISOString()}::timestamptz)`);
}

/** Open reports of a category within 50 m of a point (public fields), nearest first. */
export async function nearbyOpen(q: Queryable, category: string, at: { lon: number; lat: number }, radiusM = DUPLICATE_RADIUS_M) {
  // A box first (on the place index), then the great-circle distance.
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.max(0.01, Math.cos((at.lat * Math.PI) / 180)));
  const rows = (await q.execute<PublicRow & { distanceM: number }>(sql`SELECT * FROM (${publicSelect},
      2 * 6371000 * asin(least(1, sqrt(power(sin(radians(c.lat - ${at.lat}) / 2), 2) + cos(radians(${at.lat})) * cos(radians(c.lat)) * power(sin(radians(c.lon - ${at.lon}) / 2), 2)))) AS "distanceM"
    ${publicFrom}
    WHERE c.category = ${category} AND c.status IN (${sql.join(OPEN_STATUSES.map((s) => sql`${s}`), sql`, `)})
      AND c.lat BETWEEN ${at.lat - dLat} AND ${at.lat + dLat} AND c.lon BETWEEN ${at.lon - dLon} AND ${at.lon + dLon}) x
    WHERE "distanceM" <= ${radiusM} ORDER BY "distanceM" LIMIT 10`)).rows;
  return rows.map((r) => ({ ...asPublic(r), distanceM: Math.round(r.distanceM) }));
}

/** A citizen's report: checked, routed, given its deadlines, written with its first step and audit row; its number and private follow code. */
export async function createComplaint(db: Db, ctx: Ctx, input: ComplaintInput, options: ReportOptions, now = new Date()) {
  const actor = ctx.actor;
  if (actor && actor.via === 'token' && options.source !== 'open311') throw forbidden('接口令牌请通过 Open311 接口提交', 'API tokens report through the Open311 endpoint');
  if (!input.location && !input.address?.trim()) throw badRequest('LOCATION_REQUIRED', '请在地图上选择问题地点或填写地址', 'Pick the place on the map or type its address', 'location');
  if (input.sameAs && !input.location) throw badRequest('LOCATION_REQUIRED', '请在地图上选择问题地点', 'Pick the place on the map', 'location');
  if (!complaintCategory(input.category)) throw badRequest('UNKNOWN_CATEGORY', '投诉类别不在目录中', 'Not a report category', 'category');
  const description = input.description.trim();
  if (description.length < 5) throw badRequest('DESCRIPTION_REQUIRED', '请描述问题（至少5个字）', 'Describe the problem (5 characters at least)', 'description');
  for (const [i, name] of (input.photos ?? []).entries()) {
    if (!(await photoExists(options.dataDir, name))) throw badRequest('UNKNOWN_PHOTO', `第 ${i + 1} 张照片未上传或已失效，请重新上传`, `Photo ${i + 1} was not uploaded or has expired: upload it again`, `photos.${i}`);
  }
  const resident = actor && actor.via === 'session' && actor.role === 'resident' ? actor.userId : null;
  const code = followCode();
  const created = await db.transaction(async (tx) => {
    const [region] = (await tx.execute<{ code: string }>(sql`SELECT code FROM regions WHERE code = ${input.regionCode}`)).rows;
    if (!region) throw badRequest('UNKNOWN_REGION', '所选区域不存在', 'No such region', 'regionCode');
    let original: { id: string; complaintNo: string } | null = null;
    if (input.sameAs) {
      const near = await nearbyOpen(tx, input.category, input.location!);
      const hit = near.find((n) => n.complaintNo === input.sameAs);
      if (!hit) throw badRequest('NOT_NEARBY', `${input.sameAs} 不是附近${DUPLICATE_RADIUS_M}米内同类且未办结的投诉`, `${input.sameAs} is not an open report of the same kind within ${DUPLICATE_RADIUS_M} m`, 'sameAs');
      original = { id: hit.id, complaintNo: hit.complaintNo };
    }
    const domain = await routeFor(tx, input.category, region.code);
    const acceptDue = addWorkingDays(now, await settingFor(tx, 'complaints.accept_working_days', region.code), await calendarFor(tx, region.code));
    const closeDue = calendarDaysAfter(now, await settingFor(tx, 'complaints.close_days', region.code));
    const no = await complaintNo(tx, now);
    const status: ComplaintStatus = original ? 'duplicate' : 'submitted';
    const token = crypto.randomBytes(12).toString('hex');
    const [row] = (await tx.execute<{ id: string }>(sql`INSERT INTO complaints
      (complaint_no, follow_code_hash, public_token, category, region_code, lon, lat, address, description, photos, contact_name, contact_phone, reporter_user_id, source, api_token_id,
       status, domain, duplicate_of, accept_due, close_due, created_at, updated_at)
      VALUES (${no}, ${sha256(code)}, ${token}, ${input.category}, ${region.code}, ${input.location?.lon ?? null}, ${input.location?.lat ?? null}, ${input.address?.trim() ?? ''}, ${description},
        ${sql.param(input.photos ?? [])}::text[], ${input.contactName?.trim() ?? ''}, ${input.contactPhone?.trim() ?? ''}, ${resident}, ${options.source}, ${options.apiTokenId ?? null},
        ${status}, ${domain}, ${original?.id ?? null}, ${acceptDue.toISOString()}::timestamptz, ${closeDue.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
      RETURNING id`)).rows;
    await addStep(tx, row.id, 'submit', 'submitted', now, 'citizen', resident, '', domain);
    if (original) await addStep(tx, row.id, 'same_as', 'duplicate', now, 'citizen', resident, original.complaintNo, domain);
    // The contact stays out of the audit trail too: it is for the handling department only.
    await recordAudit(tx, ctx, {
      action: 'complaint.create', entityType: 'complaint', entityId: row.id, regionCode: region.code,
      after: { complaintNo: no, category: input.category, location: input.location ?? null, address: input.address ?? '', photos: input.photos ?? [], domain, source: options.source, sameAs: original?.complaintNo ?? null, contactGiven: !!(input.contactName || input.contactPhone) },
    });
    return { id: row.id, complaintNo: no, publicToken: token };
  });
  return { ...created, followCode: code };
}

// ---------------------------------------------------------------- reading

const publicSelect = sql`SELECT c.id, c.complaint_no AS "complaintNo", c.public_token AS "publicToken", c.category, c.region_code AS "regionCode", rg.name AS "regionName", c.lon, c.lat, c.address,
  c.description, c.photos, c.status, c.domain, c.duplicate_of AS "duplicateOfId", o.complaint_no AS "duplicateOf", c.accept_due AS "acceptDue", c.close_due AS "closeDue",
  c.accepted_at AS "acceptedAt", c.resolved_at AS "resolvedAt", c.answer, c.stars, c.rating_comment AS "ratingComment", c.rated_at AS "ratedAt", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  c.source, c.assigned_region AS "assignedRegion", ar.name AS "assignedRegionName"`;
const publicFrom = sql`FROM complaints c LEFT JOIN regions rg ON rg.code = c.region_code LEFT JOIN complaints o ON o.id = c.duplicate_of LEFT JOIN regions ar ON ar.code = c.assigned_region`;

export type PublicRow = {
  id: string; complaintNo: string; publicToken: string; category: ComplaintCategory; regionCode: string; regionName: string | null; lon: number | null; lat: number | null; address: string;
  description: string; photos: string[]; status: ComplaintStatus; domain: Domain | null; duplicateOfId: string | null; duplicateOf: string | null; acceptDue: Date; closeDue: Date;
  acceptedAt: Date | null; resolvedAt: Date | null; answer: string | null; stars: number | null; ratingComment: string | null; ratedAt: Date | null; createdAt: Date; updatedAt: Date;
  source: string; assignedRegion: string | null; assignedRegionName: string | null;
};
const DATES = ['acceptDue', 'closeDue', 'acceptedAt', 'resolvedAt', 'ratedAt', 'createdAt', 'updatedAt'] as const;
function asPublic<T extends PublicRow>(r: T): T {
  const out = { ...r } as Record<string, unknown>;
  for (const k of DATES) if (out[k]) out[k] = new Date(out[k] as string);
  return out as T;
}

/** Overdue: not accepted by its acceptance deadline, or still open after its closing deadline. */
export function overdueOf(r: { status: ComplaintStatus; acceptDue: Date; closeDue: Date; acceptedAt: Date | null }, now = new Date()): 'accept' | 'close' | null {
  if (r.status === 'submitted' && now > r.acceptDue) return 'accept';
  if (OPEN_STATUSES.includes(r.status) && now > r.closeDue) return 'close';
  return null;
}
const overdueSql = sql`((c.status = 'submitted' AND c.accept_due < now()) OR (c.status IN ('submitted', 'accepted', 'assigned', 'in_progress') AND c.close_due < now()))`;

export type StepRow = { action: string; status: ComplaintStatus; note: string; domain: string | null; byLabel: string; at: Date };
async function stepsOf(q: Queryable, id: string): Promise<StepRow[]> {
  const rows = (await q.execute<StepRow>(sql`SELECT action, status, note, domain, by_label AS "byLabel", at FROM complaint_steps WHERE complaint_id = ${id} ORDER BY id`)).rows;
  return rows.map((s) => ({ ...s, at: new Date(s.at) }));
}

async function reopenUntil(q: Queryable, r: PublicRow): Promise<Date | null> {
  if (!r.resolvedAt) return null;
  const days = await settingFor(q, 'complaints.reopen_days', r.regionCode);
  return new Date(r.resolvedAt.getTime() + days * 86_400_000);
}

/** What the citizen following a report sees: the report (no contact), its steps, what he may still do, and the original of a duplicate. */
async function followView(q: Queryable, r: PublicRow, now = new Date()) {
  const until = await reopenUntil(q, r);
  const original = r.duplicateOfId ? await publicById(q, r.duplicateOfId) : null;
  return {
    ...r,
    steps: await stepsOf(q, r.id),
    reopenUntil: until,
    canRate: (r.status === 'resolved' || r.status === 'closed') && !!r.resolvedAt && !r.ratedAt,
    canReopen: r.status === 'resolved' && !r.ratedAt && !!until && now <= until,
    original: original ? { ...original, steps: await stepsOf(q, original.id) } : null,
  };
}

async function publicById(q: Queryable, id: string): Promise<PublicRow | null> {
  const [row] = (await q.execute<PublicRow>(sql`${publicSelect} ${publicFrom} WHERE c.id = ${id}`)).rows;
  return row ? asPublic(row) : null;
}

/** The report a citizen follows: by number and private code, or (a logged-in resident) by number alone if it is his. */
async function followed(q: Queryable, actor: Actor | null, no: string, code: string | undefined, forUpdate = false): Promise<PublicRow> {
  const [row] = (await q.execute<PublicRow & { followCodeHash: string; reporterUserId: string | null }>(sql`${publicSelect}, c.follow_code_hash AS "followCodeHash", c.reporter_user_id AS "reporterUserId"
    ${publicFrom} WHERE c.complaint_no = ${no} ${forUpdate ? sql`FOR UPDATE OF c` : sql``}`)).rows;
  const own = !!row && !!actor && actor.via === 'session' && actor.role === 'resident' && !!row.reporterUserId && row.reporterUserId === actor.userId;
  const codeOk = !!row && !!code && crypto.timingSafeEqual(Buffer.from(sha256(code.trim().toUpperCase())), Buffer.from(row.followCodeHash));
  // One answer for a wrong number and a wrong code: the number alone tells nothing.
  if (!row || !(own || codeOk)) throw notFound({ zh: '投诉举报（请核对编号和查询码）', en: 'Report (check the number and the follow code)' });
  const { followCodeHash: _h, reporterUserId: _u, ...rest } = row;
  return asPublic(rest as PublicRow);
}

export async function followComplaint(db: Db, actor: Actor | null, no: string, code?: string) {
  return followView(db, await followed(db, actor, no, code));
}

/** A resident's own reports, newest first. */
export async function myComplaints(db: Db, actor: Actor, page: number, pageSize: number) {
  if (actor.via !== 'session' || actor.role !== 'resident' || !actor.userId) throw forbidden('仅居民本人可查看自己的投诉举报', 'Only a resident sees his own reports');
  const rows = (await db.execute<PublicRow & { total: number }>(sql`${publicSelect}, count(*) OVER ()::int AS total ${publicFrom}
    WHERE c.reporter_user_id = ${actor.userId} ORDER BY c.created_at DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`)).rows;
  return { items: rows.map(({ total: _t, ...r }) => asPublic(r as PublicRow)), total: rows[0]?.total ?? 0, page, pageSize };
}

/** The citizen rates the answer once (1–5 and a comment); a resolved report is closed by it. */
export async function rateComplaint(db: Db, ctx: Ctx, no: string, code: string | undefined, rating: { stars: number; comment?: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const r = await followed(tx, ctx.actor, no, code, true);
    if (r.ratedAt) throw conflict('ALREADY_RATED', '该投诉已评价过', 'This report has been rated already', 'stars');
    if (!(r.status === 'resolved' || r.status === 'closed') || !r.resolvedAt) throw conflict('NOT_ANSWERED', '尚未办结答复，暂不能评价', 'There is no answer to rate yet', 'stars');
    const comment = rating.comment?.trim() ?? '';
    await tx.execute(sql`UPDATE complaints SET stars = ${rating.stars}, rating_comment = ${comment}, rated_at = ${now.toISOString()}::timestamptz, status = 'closed', updated_at = ${now.toISOString()}::timestamptz WHERE id = ${r.id}`);
    await addStep(tx, r.id, 'rate', 'closed', now, 'citizen', null, `${rating.stars}★ ${comment}`.trim(), r.domain);
    await recordAudit(tx, ctx, { action: 'complaint.rate', entityType: 'complaint', entityId: r.id, regionCode: r.regionCode, after: { stars: rating.stars, comment } });
    return followView(tx, (await publicById(tx, r.id))!, now);
  });
}

/** The citizen, not satisfied, reopens an answered report within the set days: it goes back to the department, in progress. */
export async function reopenComplaint(db: Db, ctx: Ctx, no: string, code: string | undefined, reason: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const r = await followed(tx, ctx.actor, no, code, true);
    if (r.status !== 'resolved' || r.ratedAt) throw conflict('NOT_REOPENABLE', '只有已办结且未评价的投诉可以重新提起', 'Only an answered report not yet rated can be reopened', 'reason');
    const until = await reopenUntil(tx, r);
    if (!until || now > until) throw conflict('REOPEN_WINDOW_PASSED', '已超过可重新提起的期限', 'The time to reopen it has passed', 'reason');
    await tx.execute(sql`UPDATE complaints SET status = 'in_progress', updated_at = ${now.toISOString()}::timestamptz WHERE id = ${r.id}`);
    await addStep(tx, r.id, 'reopen', 'in_progress', now, 'citizen', null, reason.trim(), r.domain);
    await recordAudit(tx, ctx, { action: 'complaint.reopen', entityType: 'complaint', entityId: r.id, regionCode: r.regionCode, after: { reason } });
    return followView(tx, (await publicById(tx, r.id))!, now);
  });
}

/** Answered reports whose reopen window has passed are closed (the periodic scan). */
export async function closeLapsed(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = (await tx.execute<{ id: string; regionCode: string; domain: string | null }>(sql`SELECT c.id, c.region_code AS "regionCode", c.domain FROM complaints c
      WHERE c.status = 'resolved' AND c.resolved_at + make_interval(days => (${settingInForce('complaints.reopen_days', sql`c.region_code`)})::int) < ${now.toISOString()}::timestamptz
      FOR UPDATE SKIP LOCKED`)).rows;
    for (const c of due) {
      await tx.execute(sql`UPDATE complaints SET status = 'closed', updated_at = ${now.toISOString()}::timestamptz WHERE id = ${c.id}`);
      await addStep(tx, c.id, 'close', 'closed', now, 'system', null, '', c.domain);
      await recordAudit(tx, SYSTEM, { action: 'complaint.close', entityType: 'complaint', entityId: c.id, regionCode: c.regionCode, after: { reason: 'reopen window passed' } });
    }
    return due.length;
  });
}

// ---------------------------------------------------------------- the department's console

export interface QueueFilter { status?: ComplaintStatus; category?: ComplaintCategory; regionCode?: string; overdue?: boolean; q?: string }

export async function complaintQueue(db: Db, actor: Actor, f: QueueFilter, page: number, pageSize: number) {
  const where = [handlerArea(actor)];
  if (f.status) where.push(sql`c.status = ${f.status}`);
  if (f.category) where.push(sql`c.category = ${f.category}`);
  if (f.regionCode) where.push(sql`c.region_code LIKE ${`${regionScopePrefix(f.regionCode)}%`}`);
  if (f.overdue !== undefined) where.push(f.overdue ? overdueSql : sql`NOT ${overdueSql}`);
  if (f.q) where.push(sql`(c.complaint_no = ${f.q.trim()} OR c.address ILIKE ${`%${f.q.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`})`);
  const rows = (await db.execute<PublicRow & { total: number; contactGiven: boolean }>(sql`${publicSelect}, (c.contact_name <> '' OR c.contact_phone <> '') AS "contactGiven", count(*) OVER ()::int AS total
    ${publicFrom} WHERE ${sql.join(where, sql` AND `)}
    ORDER BY (c.status IN ('submitted', 'accepted', 'assigned', 'in_progress')) DESC, ${overdueSql} DESC, c.created_at DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`)).rows;
  const now = new Date();
  return {
    items: rows.map(({ total: _t, ...r }) => { const p = asPublic(r as PublicRow & { contactGiven: boolean }); return { ...p, overdue: overdueOf(p, now) }; }),
    total: rows[0]?.total ?? 0, page, pageSize,
  };
}

async function officialRow(q: Queryable, actor: Actor, id: string, forUpdate = false) {
  const [row] = (await q.execute<PublicRow & { contactName: string; contactPhone: string }>(sql`${publicSelect}, c.contact_name AS "contactName", c.contact_phone AS "contactPhone"
    ${publicFrom} WHERE c.id = ${id} AND ${handlerArea(actor)} ${forUpdate ? sql`FOR UPDATE OF c` : sql``}`)).rows;
  if (!row) throw notFound(REPORT);
  return asPublic(row);
}

/** The handling department's view: the report with the contact, its steps, what may be done next. */
export async function complaintForOfficial(db: Queryable, actor: Actor, id: string) {
  const r = await officialRow(db, actor, id);
  return { ...r, overdue: overdueOf(r), steps: await stepsOf(db, r.id), actions: actionsFrom(r.status), reopenUntil: await reopenUntil(db, r) };
}

export interface ActionInput { action: ComplaintAction; note?: string; domain?: Domain | null; townCode?: string; original?: string }

/** A department's step on a report, with what the step needs (a reason, an answer, where to go, the original). */
export async function actOnComplaint(db: Db, ctx: OfficialCtx, id: string, input: ActionInput, now = new Date()) {
  const def = COMPLAINT_ACTIONS[input.action];
  const note = input.note?.trim() ?? '';
  return db.transaction(async (tx) => {
    const r = await officialRow(tx, ctx.actor, id, true);
    if (!(def.from as readonly string[]).includes(r.status)) {
      throw conflict('WRONG_STATE', `当前状态为“${r.status}”，不能${def.zh}`, `A report ${r.status} cannot be given “${def.en}”`, 'action');
    }
    let domain = r.domain;
    let assignedRegion = r.assignedRegion;
    let duplicateOf: string | null = null;
    if (def.needs === 'reason' && note.length < 2) throw badRequest('REASON_REQUIRED', '请填写不予受理的理由', 'Give the reason for rejecting it', 'note');
    if (def.needs === 'answer' && note.length < 5) throw badRequest('ANSWER_REQUIRED', '请填写办理结果答复（至少5个字）', 'Write the answer to the citizen (5 characters at least)', 'note');
    if (def.needs === 'referTo' && note.length < 2) throw badRequest('REFER_TO_REQUIRED', '请告知应向哪个部门反映', 'Say where the citizen should turn', 'note');
    if (def.needs === 'target') {
      if (input.domain === undefined && !input.townCode) throw badRequest('TARGET_REQUIRED', '请选择转办的部门或乡镇', 'Choose the department or town to pass it to', 'domain');
      if (input.domain !== undefined) {
        if (input.domain !== null && !(DOMAINS.values as readonly string[]).includes(input.domain)) throw badRequest('UNKNOWN_DOMAIN', '部门不在目录中', 'Not a department', 'domain');
        domain = input.domain;
      }
      if (input.townCode) {
        const [town] = (await tx.execute<{ code: string }>(sql`SELECT code FROM regions WHERE code = ${input.townCode} AND length(code) = 9 AND code LIKE ${`${r.regionCode.slice(0, 6)}%`}`)).rows;
        if (!town) throw badRequest('UNKNOWN_TOWN', '乡镇（街道）不在本县（市、区）', 'That town is not in the report’s county', 'townCode');
        assignedRegion = town.code;
      }
    }
    if (def.needs === 'original') {
      if (!input.original) throw badRequest('ORIGINAL_REQUIRED', '请填写原投诉编号', 'Give the number of the original report', 'original');
      const [o] = (await tx.execute<{ id: string }>(sql`SELECT id FROM complaints WHERE complaint_no = ${input.original} AND id <> ${r.id} AND category = ${r.category} AND region_code LIKE ${`${r.regionCode.slice(0, 6)}%`}`)).rows;
      if (!o) throw badRequest('UNKNOWN_ORIGINAL', '原投诉编号不存在或不是同一县（市、区）同类投诉', 'No report of that number and kind in the county', 'original');
      duplicateOf = o.id;
    }
    const to: ComplaintStatus = def.to;
    const at = now.toISOString();
    await tx.execute(sql`UPDATE complaints SET status = ${to}, domain = ${domain}, assigned_region = ${assignedRegion}, updated_at = ${at}::timestamptz
      ${duplicateOf ? sql`, duplicate_of = ${duplicateOf}` : sql``}
      ${input.action === 'accept' || (!r.acceptedAt && ['assign', 'start', 'resolve'].includes(input.action)) ? sql`, accepted_at = ${at}::timestamptz` : sql``}
      ${input.action === 'resolve' ? sql`, resolved_at = ${at}::timestamptz, answer = ${note}` : sql``}
      WHERE id = ${r.id}`);
    const stepNote = input.action === 'duplicate' ? `${input.original}${note ? `：${note}` : ''}` : input.action === 'assign' && assignedRegion && assignedRegion !== r.assignedRegion ? `${assignedRegion}${note ? `：${note}` : ''}` : note;
    await addStep(tx, r.id, input.action, to, now, handlerLabel(ctx.actor), ctx.actor.userId, stepNote, domain);
    await recordAudit(tx, ctx, { action: `complaint.${input.action}`, entityType: 'complaint', entityId: r.id, regionCode: r.regionCode, before: { status: r.status, domain: r.domain }, after: { status: to, domain, assignedRegion, note, original: input.original ?? null } });
    return complaintForOfficial(tx, ctx.actor, r.id);
  });
}

// ---------------------------------------------------------------- figures without personal data

/** Reports of a region and year by category and state: for the public portal (no personal data, no places). */
export async function complaintCounts(db: Queryable, regionCode: string, year: number) {
  const rows = (await db.execute<{ category: ComplaintCategory; status: ComplaintStatus; n: number }>(sql`SELECT category, status, count(*)::int AS n FROM complaints
    WHERE region_code LIKE ${`${regionScopePrefix(regionCode)}%`} AND created_at >= make_timestamptz(${year}, 1, 1, 0, 0, 0, 'Asia/Shanghai') AND created_at < make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, 'Asia/Shanghai')
    GROUP BY category, status ORDER BY category, status`)).rows;
  return { regionCode, year, total: rows.reduce((s, r) => s + r.n, 0), items: rows };
}

// ---------------------------------------------------------------- Open311

export interface Open311Filter { serviceCode?: string; status?: 'open' | 'closed'; start?: Date; end?: Date; ids?: string[]; jurisdiction?: string }

/** Public requests for Open311 (no contact), newest first; at most 1000 as the specification allows, 90 days by default. */
export async function open311Requests(db: Db, f: Open311Filter, limit = 1000) {
  const where: SQL[] = [];
  if (f.ids?.length) where.push(sql`c.complaint_no IN (${sql.join(f.ids.map((i) => sql`${i}`), sql`, `)})`);
  else {
    const end = f.end ?? new Date();
    const start = f.start ?? new Date(end.getTime() - 90 * 86_400_000);
    where.push(sql`c.created_at >= ${start.toISOString()}::timestamptz AND c.created_at <= ${end.toISOString()}::timestamptz`);
  }
  if (f.serviceCode) where.push(sql`c.category = ${f.serviceCode}`);
  if (f.status) where.push(f.status === 'open' ? sql`c.status IN (${sql.join(OPEN_STATUSES.map((s) => sql`${s}`), sql`, `)})` : sql`c.status NOT IN (${sql.join(OPEN_STATUSES.map((s) => sql`${s}`), sql`, `)})`);
  if (f.jurisdiction) where.push(sql`c.region_code LIKE ${`${regionScopePrefix(f.jurisdiction)}%`}`);
  const rows = (await db.execute<PublicRow>(sql`${publicSelect} ${publicFrom} WHERE ${sql.join(where, sql` AND `)} ORDER BY c.created_at DESC LIMIT ${limit}`)).rows;
  return rows.map(asPublic);
}

export async function open311Token(db: Db, token: string) {
  const [row] = (await db.execute<{ complaintNo: string }>(sql`SELECT complaint_no AS "complaintNo" FROM complaints WHERE public_token = ${token}`)).rows;
  return row ?? null;
}
