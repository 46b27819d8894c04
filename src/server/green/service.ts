import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { keepsHousehold, inArea, operates, visibleHouseholds, visibleDeliveries } from './access';
import { awardPoints, rulesFor, sweepExpired, balanceSql } from './points';
import { drawPlan, pointsFor, type Grade } from '../../domain/green';
import { HOUSEHOLD_CLASSES, type HouseholdClass } from '../../domain/household';

// 绿色账户 (ADR 0006): households with their cards, deliveries at collection points and their grades,
// the points they earn, and redemptions for goods at a station. Every write is one transaction with
// its audit record; a refusal writes nothing.

export type Ctx = AuditContext & { actor: Actor };
const HOUSEHOLD = { zh: '绿色账户（住户）', en: 'Green account (household)' };
const DELIVERY = { zh: '投放记录', en: 'Delivery' };

/** The household a card or QR code names: either is enough. */
export interface HouseholdKey { cardNo?: string; qrToken?: string }

/** An unguessable token printed as the card's QR code (144 bits, URL-safe). */
export const newQrToken = () => randomBytes(18).toString('base64url');

// ---- households ----------------------------------------------------------------------------------

export interface NewHousehold { placeId: string; address: string; cardNo: string; residentUsername?: string }

/** Registers a household of a place of the keeper's area, with its card and a fresh QR token; optionally linked to a resident's login of the area. */
export async function registerHousehold(db: Db, ctx: Ctx, input: NewHousehold) {
  const actor = ctx.actor;
  if (!keepsHousehold(actor)) throw forbidden('绿色账户由城市管理、住房城乡建设部门登记', 'Green accounts are registered by urban management and housing');
  return db.transaction(async (tx) => insertHousehold(tx, ctx, input));
}

/** The writing part of registerHousehold, inside the caller's transaction (the demo writes many). */
export async function insertHousehold(tx: Queryable, ctx: Ctx, input: NewHousehold) {
  const actor = ctx.actor;
  const [place] = (await tx.execute<{ id: string; region_code: string; name: string }>(sql`SELECT id, region_code, name FROM household_places WHERE id = ${input.placeId}`)).rows;
  if (!place || !inArea(actor, place.region_code)) throw badRequest('UNKNOWN_PLACE', '小区或村不存在，或不在本辖区', 'No such community or village in your area', 'placeId');
  let userId: string | null = null;
  if (input.residentUsername) {
    const [user] = (await tx.execute<{ id: string; region_code: string }>(sql`SELECT id, region_code FROM users WHERE username = ${input.residentUsername} AND role = 'resident'`)).rows;
    if (!user || !inArea(actor, user.region_code)) throw badRequest('UNKNOWN_RESIDENT', `没有本辖区的居民账号“${input.residentUsername}”`, `No resident login "${input.residentUsername}" in your area`, 'residentUsername');
    const [linked] = (await tx.execute(sql`SELECT 1 FROM green_households WHERE user_id = ${user.id}`)).rows;
    if (linked) throw conflict('RESIDENT_LINKED', '该居民账号已关联一个绿色账户', 'This resident login is linked to a green account already', 'residentUsername');
    userId = user.id;
  }
  const county = place.region_code.slice(0, 6);
  const [same] = (await tx.execute(sql`SELECT 1 FROM green_households WHERE county_code = ${county} AND card_no = ${input.cardNo}`)).rows;
  if (same) throw conflict('CARD_EXISTS', `卡号 ${input.cardNo} 已在本县（市、区）使用`, `Card ${input.cardNo} is in use in this county already`, 'cardNo');
  const [row] = (await tx.execute<{ id: string; created_at: Date }>(sql`
    INSERT INTO green_households (region_code, county_code, place_id, address, card_no, qr_token, user_id, created_by)
    VALUES (${place.region_code}, ${county}, ${place.id}, ${input.address}, ${input.cardNo}, ${newQrToken()}, ${userId}, ${actor.userId})
    ON CONFLICT DO NOTHING RETURNING id, created_at`)).rows;
  if (!row) throw conflict('CARD_EXISTS', `卡号 ${input.cardNo} 已在本县（市、区）使用`, `Card ${input.cardNo} is in use in this county already`, 'cardNo');
  await recordAudit(tx, ctx, { action: 'green.household.register', entityType: 'green_household', entityId: row.id, regionCode: place.region_code, after: { placeId: place.id, address: input.address, cardNo: input.cardNo, userId } });
  return householdById(tx, actor, row.id);
}

export type HouseholdRow = {
  id: string; regionCode: string; regionName: string | null; placeId: string; placeName: string; placeKind: string; address: string; cardNo: string; qrToken: string;
  resident: string | null; balance: number; deliveries: number; lastDeliveryAt: Date | null; createdAt: Date;
};

const householdSelect = (now: Date) => sql`
  SELECT h.id, h.region_code AS "regionCode", rg.name AS "regionName", h.place_id AS "placeId", p.name AS "placeName", p.kind AS "placeKind", h.address, h.card_no AS "cardNo", h.qr_token AS "qrToken",
    u.display_name AS resident, ${balanceSql(sql`h.id`, now)} AS balance,
    (SELECT count(*)::int FROM green_deliveries d WHERE d.household_id = h.id) AS deliveries, (SELECT max(d.delivered_at) FROM green_deliveries d WHERE d.household_id = h.id) AS "lastDeliveryAt", h.created_at AS "createdAt"
  FROM green_households h JOIN household_places p ON p.id = h.place_id LEFT JOIN regions rg ON rg.code = h.region_code LEFT JOIN users u ON u.id = h.user_id`;

const fixDates = (r: HouseholdRow): HouseholdRow => ({ ...r, createdAt: new Date(r.createdAt), lastDeliveryAt: r.lastDeliveryAt ? new Date(r.lastDeliveryAt) : null });

export async function householdById(q: Queryable, actor: Actor, id: string, now = new Date()) {
  const [row] = (await q.execute<HouseholdRow>(sql`${householdSelect(now)} WHERE h.id = ${id} AND ${visibleHouseholds(actor)}`)).rows;
  if (!row) throw notFound(HOUSEHOLD);
  return fixDates(row);
}

/** Households the actor may read, a page at a time; by place, town, or a card or QR code (a collector's lookup). */
export async function pageHouseholds(db: Db, actor: Actor, query: { placeId?: string; regionCode?: string; cardNo?: string; qrToken?: string; page: number; pageSize: number }, now = new Date()) {
  const where = sql.join([
    visibleHouseholds(actor),
    query.placeId ? sql`h.place_id = ${query.placeId}` : sql`true`,
    query.regionCode ? sql`h.region_code LIKE ${`${query.regionCode}%`}` : sql`true`,
    query.cardNo ? sql`h.card_no = ${query.cardNo}` : sql`true`,
    query.qrToken ? sql`h.qr_token = ${query.qrToken}` : sql`true`,
  ], sql` AND `);
  const [items, [{ total }]] = await Promise.all([
    db.execute<HouseholdRow>(sql`${householdSelect(now)} WHERE ${where} ORDER BY h.region_code, p.name, h.address, h.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`).then((r) => r.rows),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM green_households h WHERE ${where}`).then((r) => r.rows),
  ]);
  return { items: items.map(fixDates), total, page: query.page, pageSize: query.pageSize };
}

// ---- deliveries and grades ----------------------------------------------------------------------

type Facility = { id: string; region_code: string; organisation_id: string | null; kind: string; name: string; classes: string[]; status: string };

/** A collection point the actor operates; anything else is refused on the field, as a ticket for another facility is. */
async function operatedPoint(q: Queryable, actor: Actor, facilityId: string, path = 'facilityId'): Promise<Facility> {
  const [f] = (await q.execute<Facility>(sql`SELECT id, region_code, organisation_id, kind, name, classes, status FROM household_facilities WHERE id = ${facilityId}`)).rows;
  if (!f || f.kind !== 'collection_point' || !operates(actor, { organisationId: f.organisation_id })) {
    throw badRequest('FACILITY_NOT_YOURS', '该收集点不存在，或不是本单位运营的收集点', 'No such collection point, or not one your organisation operates', path);
  }
  if (f.status !== 'in_use') throw badRequest('FACILITY_CLOSED', `收集点“${f.name}”已停用`, `Collection point ${f.name} is closed`, path);
  return f;
}

/** The household a card or QR code names, in the county of the collection point (locked when asked: a redemption). */
async function householdAt(q: Queryable, county: string, key: HouseholdKey, { lock = false, prefix = '' } = {}) {
  if (!key.cardNo && !key.qrToken) throw badRequest('HOUSEHOLD_REQUIRED', '请刷卡或扫码：填写卡号或二维码', 'Give the card number or the QR code', `${prefix}cardNo`);
  const by = key.qrToken ? sql`qr_token = ${key.qrToken}` : sql`county_code = ${county} AND card_no = ${key.cardNo}`;
  const [h] = (await q.execute<{ id: string; region_code: string; place_id: string; county_code: string; card_no: string }>(sql`
    SELECT id, region_code, place_id, county_code, card_no FROM green_households WHERE ${by} ${lock ? sql`FOR UPDATE` : sql``}`)).rows;
  if (!h || h.county_code !== county) {
    throw key.qrToken ? badRequest('UNKNOWN_CARD', '二维码无效：本县（市、区）没有这个绿色账户', 'Unknown QR code: no such green account in this county', `${prefix}qrToken`)
      : badRequest('UNKNOWN_CARD', `卡号 ${key.cardNo} 不存在：本县（市、区）没有这张卡`, `Unknown card ${key.cardNo}: no such card in this county`, `${prefix}cardNo`);
  }
  return h;
}

export interface NewDelivery extends HouseholdKey { facilityId: string; wasteClass: HouseholdClass; weightKg?: number; deliveredAt?: Date; grade?: Grade; binRef?: string }

/** The latest a delivery may be dated (a clock a little ahead), and the earliest (a bin's backlog). */
const MAX_AGE_DAYS = 90;
function checkMoment(at: Date, now: Date, path: string) {
  if (at.getTime() > now.getTime() + 10 * 60_000) throw badRequest('IN_THE_FUTURE', '投放时间晚于当前时间', 'The delivery time is in the future', path);
  if (at.getTime() < now.getTime() - MAX_AGE_DAYS * 86_400_000) throw badRequest('TOO_OLD', `投放时间早于 ${MAX_AGE_DAYS} 天前`, `The delivery is more than ${MAX_AGE_DAYS} days old`, path);
}

/**
 * Records deliveries at collection points the actor operates (a collector typing one in, a smart bin
 * posting a batch), each with its grade if given; a grade earns points at once. A bad one refuses the
 * whole batch, naming its field; a bin's resent record (same point and bin_ref) is skipped.
 */
export async function recordDeliveries(db: Db, ctx: Ctx, inputs: NewDelivery[], now = new Date(), prefixOf = (i: number) => (inputs.length > 1 ? `deliveries.${i}.` : '')) {
  const actor = ctx.actor;
  return db.transaction(async (tx) => {
    const results: { delivery: DeliveryOut; grade: Grade | null; earned: number; duplicate: boolean }[] = [];
    const rulesByRegion = new Map<string, Awaited<ReturnType<typeof rulesFor>>>();
    for (const [i, input] of inputs.entries()) {
      const prefix = prefixOf(i);
      const point = await operatedPoint(tx, actor, input.facilityId, `${prefix}facilityId`);
      if (!point.classes.includes(input.wasteClass)) {
        throw badRequest('CLASS_NOT_TAKEN', `收集点“${point.name}”不收${HOUSEHOLD_CLASSES[input.wasteClass].zh}`, `${point.name} does not take ${HOUSEHOLD_CLASSES[input.wasteClass].en.toLowerCase()}`, `${prefix}wasteClass`);
      }
      const at = input.deliveredAt ?? now;
      checkMoment(at, now, `${prefix}deliveredAt`);
      const household = await householdAt(tx, point.region_code.slice(0, 6), input, { prefix });
      const recordedBy = actor.via === 'token' ? actor.username : `user:${actor.username}`;
      const [row] = (await tx.execute<{ id: string }>(sql`
        INSERT INTO green_deliveries (region_code, household_id, place_id, facility_id, waste_class, weight_kg, delivered_at, bin_ref, recorded_by)
        VALUES (${household.region_code}, ${household.id}, ${household.place_id}, ${point.id}, ${input.wasteClass}, ${input.weightKg ?? null}, ${at.toISOString()}::timestamptz, ${input.binRef ?? null}, ${recordedBy})
        ON CONFLICT (facility_id, bin_ref) WHERE bin_ref IS NOT NULL DO NOTHING RETURNING id`)).rows;
      if (!row) {
        const [stored] = (await tx.execute<{ id: string; household_id: string }>(sql`SELECT id, household_id FROM green_deliveries WHERE facility_id = ${point.id} AND bin_ref = ${input.binRef!}`)).rows;
        if (stored.household_id !== household.id) {
          throw conflict('BIN_REF_REUSED', `回收箱记录号 ${input.binRef} 已用于另一户`, `Bin record ${input.binRef} was posted for another household`, `${prefix}binRef`);
        }
        const out = await deliveryById(tx, actor, stored.id);
        results.push({ delivery: out, grade: (out.grade as Grade | null), earned: out.points ?? 0, duplicate: true });
        continue;
      }
      await recordAudit(tx, ctx, { action: 'green.delivery.record', entityType: 'green_delivery', entityId: row.id, regionCode: household.region_code, organisationId: point.organisation_id,
        after: { householdId: household.id, facilityId: point.id, wasteClass: input.wasteClass, weightKg: input.weightKg ?? null, deliveredAt: at, binRef: input.binRef ?? null } });
      let earned = 0;
      if (input.grade) {
        if (!rulesByRegion.has(household.region_code)) rulesByRegion.set(household.region_code, await rulesFor(tx, household.region_code));
        earned = await insertGrade(tx, ctx, { id: row.id, householdId: household.id, regionCode: household.region_code, placeId: household.place_id, wasteClass: input.wasteClass, weightKg: input.weightKg ?? null, deliveredAt: at }, input.grade, rulesByRegion.get(household.region_code)!, now);
      }
      results.push({ delivery: await deliveryById(tx, actor, row.id), grade: input.grade ?? null, earned, duplicate: false });
    }
    return results;
  });
}

type GradedDelivery = { id: string; householdId: string; regionCode: string; placeId: string; wasteClass: HouseholdClass; weightKg: number | null; deliveredAt: Date };

/** The grade, once (the primary key refuses a second), and the points it earns, in the caller's transaction. */
async function insertGrade(tx: Queryable, ctx: Ctx, d: GradedDelivery, grade: Grade, rules: Awaited<ReturnType<typeof rulesFor>>, now: Date) {
  const by = ctx.actor.via === 'token' ? ctx.actor.username : `user:${ctx.actor.username}`;
  const [graded] = (await tx.execute(sql`INSERT INTO green_grades (delivery_id, place_id, grade, delivered_at, graded_by) VALUES (${d.id}, ${d.placeId}, ${grade}, ${d.deliveredAt.toISOString()}::timestamptz, ${by})
    ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id`)).rows;
  if (!graded) throw conflict('ALREADY_GRADED', '该投放已评定分类质量，不能再次评定', 'This delivery has been graded already; a grade is given once', 'grade');
  const points = pointsFor(rules, { wasteClass: d.wasteClass, weightKg: d.weightKg, grade });
  if (points > 0) {
    // Points count from the grading, and lapse `expiryMonths` later.
    await awardPoints(tx, { householdId: d.householdId, regionCode: d.regionCode, points, at: now, expiryMonths: rules.expiryMonths, deliveryId: d.id, recordedBy: by });
  }
  await recordAudit(tx, ctx, { action: 'green.delivery.grade', entityType: 'green_delivery', entityId: d.id, regionCode: d.regionCode, after: { grade, points } });
  return points;
}

/** Grades a delivery at a collection point the actor operates: once; a second grade is a 409 and writes nothing. */
export async function gradeDelivery(db: Db, ctx: Ctx, deliveryId: string, grade: Grade, now = new Date()) {
  const actor = ctx.actor;
  return db.transaction(async (tx) => {
    const [d] = (await tx.execute<{ id: string; household_id: string; region_code: string; place_id: string; facility_id: string; waste_class: HouseholdClass; weight_kg: string | null; delivered_at: Date; organisation_id: string | null }>(sql`
      SELECT d.id, d.household_id, d.region_code, d.place_id, d.facility_id, d.waste_class, d.weight_kg, d.delivered_at, f.organisation_id
      FROM green_deliveries d JOIN household_facilities f ON f.id = d.facility_id WHERE d.id = ${deliveryId} FOR UPDATE OF d`)).rows;
    if (!d || !operates(actor, { organisationId: d.organisation_id })) throw notFound(DELIVERY);
    const earned = await insertGrade(tx, ctx, { id: d.id, householdId: d.household_id, regionCode: d.region_code, placeId: d.place_id, wasteClass: d.waste_class,
      weightKg: d.weight_kg === null ? null : Number(d.weight_kg), deliveredAt: new Date(d.delivered_at) }, grade, await rulesFor(tx, d.region_code), now);
    return { delivery: await deliveryById(tx, actor, d.id), grade, earned };
  });
}

export type DeliveryOut = {
  id: string; householdId: string; cardNo: string; address: string; placeId: string; placeName: string; facilityId: string; facilityName: string; wasteClass: string; weightKg: number | null;
  deliveredAt: Date; recordedBy: string; grade: string | null; gradedAt: Date | null; points: number | null; binRef: string | null;
};
const deliverySelect = sql`
  SELECT d.id, d.household_id AS "householdId", h.card_no AS "cardNo", h.address, d.place_id AS "placeId", p.name AS "placeName", d.facility_id AS "facilityId", f.name AS "facilityName",
    d.waste_class AS "wasteClass", d.weight_kg::float8 AS "weightKg", d.delivered_at AS "deliveredAt", d.recorded_by AS "recordedBy", g.grade, g.graded_at AS "gradedAt",
    (SELECT e.points FROM green_points e WHERE e.kind = 'earn' AND e.delivery_id = d.id) AS points, d.bin_ref AS "binRef"
  FROM green_deliveries d JOIN green_households h ON h.id = d.household_id JOIN household_places p ON p.id = d.place_id JOIN household_facilities f ON f.id = d.facility_id
  LEFT JOIN green_grades g ON g.delivery_id = d.id`;
const deliveryDates = (r: DeliveryOut): DeliveryOut => ({ ...r, deliveredAt: new Date(r.deliveredAt), gradedAt: r.gradedAt ? new Date(r.gradedAt) : null, points: r.points ?? (r.grade ? 0 : null) });

async function deliveryById(q: Queryable, actor: Actor, id: string) {
  const [row] = (await q.execute<DeliveryOut>(sql`${deliverySelect} WHERE d.id = ${id} AND ${visibleDeliveries(actor)}`)).rows;
  if (!row) throw notFound(DELIVERY);
  return deliveryDates(row);
}

/** Deliveries the actor may read, newest first; by household, collection point, place, period, or ungraded only. */
export async function pageDeliveries(db: Db, actor: Actor, query: { householdId?: string; facilityId?: string; placeId?: string; ungraded?: boolean; from: string; to: string; page: number; pageSize: number }) {
  const where = sql.join([
    visibleDeliveries(actor),
    sql`d.delivered_at >= (${query.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`, sql`d.delivered_at < (${query.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`,
    query.householdId ? sql`d.household_id = ${query.householdId}` : sql`true`,
    query.facilityId ? sql`d.facility_id = ${query.facilityId}` : sql`true`,
    query.placeId ? sql`d.place_id = ${query.placeId}` : sql`true`,
    query.ungraded ? sql`NOT EXISTS (SELECT 1 FROM green_grades gg WHERE gg.delivery_id = d.id)` : sql`true`,
  ], sql` AND `);
  const [items, [{ total }]] = await Promise.all([
    db.execute<DeliveryOut>(sql`${deliverySelect} WHERE ${where} ORDER BY d.delivered_at DESC, d.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`).then((r) => r.rows),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM green_deliveries d WHERE ${where}`).then((r) => r.rows),
  ]);
  return { items: items.map(deliveryDates), total, page: query.page, pageSize: query.pageSize };
}

// ---- redemptions ---------------------------------------------------------------------------------

export interface NewRedemption extends HouseholdKey { facilityId: string; goods: string; quantity: number; points: number }

/**
 * A station hands over goods for points: the household's lapsed points are swept first, then the
 * redemption draws from its earn entries still valid, earliest-expiring first. More than the balance
 * is refused on `points`, with nothing written.
 */
export async function redeemPoints(db: Db, ctx: Ctx, input: NewRedemption, now = new Date()) {
  const actor = ctx.actor;
  if (actor.via !== 'session') throw forbidden('兑换须由站点工作人员登录后办理', 'A redemption is made by a logged-in station worker');
  return db.transaction(async (tx) => {
    const point = await operatedPoint(tx, actor, input.facilityId);
    const household = await householdAt(tx, point.region_code.slice(0, 6), input, { lock: true });
    await sweepExpired(tx, now, [household.id]);
    const open = (await tx.execute<{ id: string; remaining: number; expires_at: Date; at: Date }>(sql`
      SELECT e.id, (e.points - coalesce((SELECT sum(dr.points) FROM green_point_draws dr WHERE dr.earn_id = e.id), 0))::int AS remaining, e.expires_at, e.at
      FROM green_points e WHERE e.household_id = ${household.id} AND e.kind = 'earn' AND e.expires_at > ${now.toISOString()}::timestamptz`)).rows
      .map((r) => ({ id: r.id, remaining: r.remaining, expiresAt: new Date(r.expires_at), at: new Date(r.at) }));
    const balance = open.reduce((s, e) => s + Math.max(0, e.remaining), 0);
    const draws = drawPlan(open, input.points, now);
    if (!draws) throw badRequest('OVER_BALANCE', `积分不足：可用 ${balance} 分，兑换需 ${input.points} 分`, `Not enough points: ${balance} available, ${input.points} asked`, 'points');
    const [entry] = (await tx.execute<{ id: string }>(sql`INSERT INTO green_points (household_id, region_code, kind, points, at, goods, quantity, facility_id, recorded_by)
      VALUES (${household.id}, ${household.region_code}, 'redeem', ${-input.points}, ${now.toISOString()}::timestamptz, ${input.goods}, ${input.quantity}, ${point.id}, ${`user:${actor.username}`}) RETURNING id`)).rows;
    await tx.execute(sql`INSERT INTO green_point_draws (entry_id, earn_id, points)
      SELECT ${entry.id}, earn_id, points FROM unnest(${sql.param(draws.map((d) => d.earnId))}::uuid[], ${sql.param(draws.map((d) => d.points))}::int[]) AS x(earn_id, points)`);
    await recordAudit(tx, ctx, { action: 'green.points.redeem', entityType: 'green_points', entityId: entry.id, regionCode: household.region_code, organisationId: point.organisation_id,
      after: { householdId: household.id, facilityId: point.id, goods: input.goods, quantity: input.quantity, points: input.points, draws } });
    return { id: entry.id, householdId: household.id, cardNo: household.card_no, goods: input.goods, quantity: input.quantity, points: input.points, balance: balance - input.points, draws, at: now };
  });
}
