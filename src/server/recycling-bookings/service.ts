import { sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { regulatesStream, type Actor } from '../platform/policy';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/errors';
import { settingFor } from '../settings/service';
import { awardPoints, rulesFor } from '../green/points';
import { evaluateFor } from '../alarms/engine';
import { recordIntake, type UnitInput } from '../recycling/intake';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { RECYCLABLES } from '../../domain/streams/recyclables';
import { applianceType, recyclableCategory } from '../../domain/recycling';
import {
  ACCEPT_MINUTES_SETTING, POINTS_PER_YUAN_SETTING, canMove, nextStatus, pointsForAmount, slotProblem, slotWindow, ID_CARD_NO,
  type BookingAction, type BookingStatus, type Payment, type Slot,
} from '../../domain/recycling-bookings';
import { eq } from 'drizzle-orm';

// 线上预约、线下回收 (seed 004 三(五)). Who does what: the resident books, follows, cancels before his
// slot, confirms once and rates once (his own bookings only, found by his login); the company's
// administrator (the dispatcher) registers collectors, publishes prices, accepts what is offered to
// it and dispatches; the collector records the visit, which enters the station's ledger through
// recordIntake in the same transaction; the commerce bureau (and the office) sees its area and the
// service level. A booking not accepted in time passes to the next company serving the community,
// and without one is reported to the bureau as an alarm.

type Ctx = AuditContext & { actor: Actor };
const SYSTEM: AuditContext = { actor: null, actorLabel: 'system:recycling-booking-timeout' };
const BOOKING = { zh: '预约回收单', en: 'Booking' };
const round2 = (n: number) => Math.round(n * 100) / 100;

// ---------------------------------------------------------------- who

const isResident = (a: Actor) => a.role === 'resident' && a.via === 'session' && !!a.userId;

function requireResident(a: Actor) {
  if (!isResident(a)) throw forbidden('仅居民本人可预约上门回收', 'Only a resident books a pickup, for himself');
}

/** The commerce bureau (or the office, a general department, the platform administrator): its area as SQL on a region column. */
export function officialArea(a: Actor, column: SQL): SQL {
  if (a.role === 'platform_admin') return sql`true`;
  if ((a.role === 'office' || a.role === 'regulator') && regulatesStream(a, RECYCLABLES.key)) return sql`${column} LIKE ${`${regionScopePrefix(a.regionCode)}%`}`;
  throw forbidden('再生资源回收由商务主管部门监管', 'Recycling is regulated by the commerce bureau');
}

/** The recycling company the actor administers: a verified enterprise that runs at least one station. */
async function companyOf(q: Queryable, a: Actor) {
  if (a.via !== 'session' || a.role !== 'enterprise_admin' || !a.organisationId || a.organisationStatus !== 'verified') {
    throw forbidden('仅再生资源回收企业的管理员（调度）可操作', 'Only a recycling company’s administrator (the dispatcher) may do this');
  }
  const [org] = (await q.execute<{ id: string; name: string; regionCode: string }>(sql`SELECT o.id, o.name, o.region_code AS "regionCode" FROM organisations o
    WHERE o.id = ${a.organisationId} AND EXISTS (SELECT 1 FROM recycling_sites s WHERE s.operator_id = o.id AND s.kind = 'station')`)).rows;
  if (!org) throw forbidden('本单位未运营再生资源回收网点', 'Your organisation runs no recycling station');
  return org;
}

/** The registered collector the actor logs in as. */
async function collectorOf(q: Queryable, a: Actor) {
  if (a.via !== 'session' || !a.userId) throw forbidden('此操作须由用户登录后完成', 'This needs a logged-in user, not an API token');
  const [c] = (await q.execute<{ id: string; companyId: string; name: string }>(sql`SELECT id, company_id AS "companyId", name FROM recycling_collectors WHERE user_id = ${a.userId} AND active`)).rows;
  if (!c) throw forbidden('您未登记为回收企业的流动回收人员', 'You are not registered as a recycling company’s collector');
  return c;
}

// ---------------------------------------------------------------- routing

/** The verified companies whose stations serve a community (by the community, or its town), first registered first. */
export async function servingCompanies(q: Queryable, placeId: string, townCode: string): Promise<string[]> {
  const rows = (await q.execute<{ id: string }>(sql`
    SELECT s.operator_id AS id FROM recycling_sites s JOIN organisations o ON o.id = s.operator_id
    WHERE s.kind = 'station' AND o.status = 'verified'
      AND (${placeId}::uuid = ANY(s.served_place_ids) OR EXISTS (SELECT 1 FROM unnest(s.served_town_codes) c WHERE ${townCode} LIKE c || '%'))
    GROUP BY s.operator_id ORDER BY min(s.registered_at), s.operator_id`)).rows;
  return rows.map((r) => r.id);
}

/** A station of the company serving the community. */
async function stationServing(q: Queryable, stationId: string, companyId: string, placeId: string, townCode: string) {
  const [s] = (await q.execute<{ id: string }>(sql`SELECT s.organisation_id AS id FROM recycling_sites s
    WHERE s.organisation_id = ${stationId} AND s.operator_id = ${companyId} AND s.kind = 'station'
      AND (${placeId}::uuid = ANY(s.served_place_ids) OR EXISTS (SELECT 1 FROM unnest(s.served_town_codes) c WHERE ${townCode} LIKE c || '%'))`)).rows;
  return s ?? null;
}

// ---------------------------------------------------------------- the resident

type Household = { id: string; placeId: string; address: string; regionCode: string; countyCode: string };

async function householdOf(q: Queryable, a: Actor): Promise<Household | null> {
  const [h] = (await q.execute<Household>(sql`SELECT id, place_id AS "placeId", address, region_code AS "regionCode", county_code AS "countyCode" FROM green_households WHERE user_id = ${a.userId}`)).rows;
  return h ?? null;
}

const countyOf = (a: Actor, h: Household | null) => (h ? h.countyCode : a.regionCode.slice(0, 6));

export interface ItemInput { category: string; applianceType?: string; estimatedKg?: number; estimatedCount?: number }
export interface BookingInput {
  placeId?: string; address?: string; contactPhone?: string; slotDate: string; slot: Slot; payment: Payment; photos?: string[]; note?: string; items: ItemInput[];
}

function checkItems(items: ItemInput[]) {
  items.forEach((item, i) => {
    const category = recyclableCategory(item.category);
    if (!category) throw badRequest('UNKNOWN_CATEGORY', `第 ${i + 1} 项的品类不在再生资源品类中`, `Item ${i + 1}: not a recyclables category`, `items.${i}.category`);
    if (category.value === 'ewaste' && !applianceType(item.applianceType ?? '')) {
      throw badRequest('APPLIANCE_REQUIRED', `第 ${i + 1} 项：请选择电器类型`, `Item ${i + 1}: choose the appliance type`, `items.${i}.applianceType`);
    }
    if (category.value !== 'ewaste' && item.applianceType) throw badRequest('APPLIANCE_NOT_EXPECTED', `第 ${i + 1} 项：只有废弃电器电子产品选择电器类型`, `Item ${i + 1}: only appliances have a type`, `items.${i}.applianceType`);
    if (category.measure === 'piece' && !item.estimatedCount) throw badRequest('COUNT_REQUIRED', `第 ${i + 1} 项按件计，请填写预计件数`, `Item ${i + 1} is counted: give the number of pieces`, `items.${i}.estimatedCount`);
    if (category.measure === 'weight' && !item.estimatedKg) throw badRequest('WEIGHT_REQUIRED', `第 ${i + 1} 项请填写预计重量（千克）`, `Item ${i + 1}: give the estimated weight (kg)`, `items.${i}.estimatedKg`);
  });
}

async function bookingNumber(tx: Queryable, now: Date) {
  const day = shanghaiDate(now).replace(/-/g, '');
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`recycling-booking:${day}`}))`);
  const [{ n }] = (await tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM recycling_bookings WHERE booking_no LIKE ${`YY${day}%`}`)).rows;
  return `YY${day}${String(n + 1).padStart(4, '0')}`;
}

async function addEvent(tx: Queryable, bookingId: string, action: string, status: BookingStatus, at: Date, userId: string | null, companyId: string | null = null, note = '') {
  await tx.execute(sql`INSERT INTO recycling_booking_events (booking_id, action, status, company_id, user_id, note, at) VALUES (${bookingId}, ${action}, ${status}, ${companyId}, ${userId}, ${note}, ${at.toISOString()}::timestamptz)`);
}

/** A resident books a pickup: routed to the first company serving the community; outside every company's area it is refused and nothing is written. */
export async function createBooking(db: Db, ctx: Ctx, input: BookingInput, now = new Date()) {
  requireResident(ctx.actor);
  const problem = slotProblem(input.slotDate, input.slot, now);
  if (problem === 'SLOT_IN_PAST') throw badRequest('SLOT_IN_PAST', '所选时段已开始或已过去，请选择之后的时段', 'That time slot has begun or passed: choose a later one', 'slotDate');
  if (problem === 'SLOT_TOO_FAR') throw badRequest('SLOT_TOO_FAR', '最多可预约14天内的时段', 'Book a slot within the next 14 days', 'slotDate');
  checkItems(input.items);
  return db.transaction(async (tx) => {
    const household = await householdOf(tx, ctx.actor);
    const placeId = input.placeId ?? household?.placeId;
    if (!placeId) throw badRequest('PLACE_REQUIRED', '请选择小区', 'Choose your community', 'placeId');
    const [place] = (await tx.execute<{ id: string; regionCode: string; name: string }>(sql`SELECT id, region_code AS "regionCode", name FROM household_places
      WHERE id = ${placeId} AND kind = 'community' AND region_code LIKE ${`${countyOf(ctx.actor, household)}%`}`)).rows;
    if (!place) throw badRequest('UNKNOWN_PLACE', '所选小区不在本县（市、区）的小区名录中', 'That community is not in your county’s register', 'placeId');
    const address = (input.address?.trim() || (household && household.placeId === place.id ? household.address : '')).trim();
    if (!address) throw badRequest('ADDRESS_REQUIRED', '请填写上门地址（楼栋、单元、门牌号）', 'Give the address to call at (building, entrance, door)', 'address');
    if (input.payment === 'points' && !household) throw badRequest('NO_GREEN_ACCOUNT', '您还没有绿色账户，请选择现金结算', 'You have no green account: choose cash', 'payment');
    const companies = await servingCompanies(tx, place.id, place.regionCode);
    if (!companies.length) throw badRequest('OUTSIDE_SERVICE_AREA', `${place.name}暂无回收企业提供上门回收服务`, `No recycling company serves ${place.name} yet`, 'placeId');
    const { start } = slotWindow(input.slotDate, input.slot);
    const bookingNo = await bookingNumber(tx, now);
    const [booking] = (await tx.execute<{ id: string }>(sql`INSERT INTO recycling_bookings
      (booking_no, region_code, resident_user_id, household_id, place_id, address, contact_phone, slot_date, slot, slot_start, payment, photos, note, status, company_id, offered_at, created_at)
      VALUES (${bookingNo}, ${place.regionCode}, ${ctx.actor.userId}, ${household?.id ?? null}, ${place.id}, ${address}, ${input.contactPhone?.trim() ?? ''}, ${input.slotDate}, ${input.slot},
        ${start.toISOString()}::timestamptz, ${input.payment}, ${sql.param(input.photos ?? [])}::text[], ${input.note?.trim() ?? ''}, 'pending', ${companies[0]}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
      RETURNING id`)).rows;
    for (const [i, item] of input.items.entries()) {
      await tx.execute(sql`INSERT INTO recycling_booking_items (booking_id, seq, category, appliance_type, estimated_kg, estimated_count)
        VALUES (${booking.id}, ${i + 1}, ${item.category}, ${item.applianceType ?? ''}, ${item.estimatedKg ?? null}, ${item.estimatedCount ?? null})`);
    }
    await addEvent(tx, booking.id, 'create', 'pending', now, ctx.actor.userId, companies[0]);
    await recordAudit(tx, ctx, { action: 'recycling_booking.create', entityType: 'recycling_booking', entityId: booking.id, regionCode: place.regionCode, organisationId: companies[0], after: { bookingNo, ...input, placeId: place.id, address, companyId: companies[0] } });
    return bookingById(tx, booking.id);
  });
}

// ---------------------------------------------------------------- reading

const bookingSelect = sql`
  SELECT b.id, b.booking_no AS "bookingNo", b.region_code AS "regionCode", rg.name AS "regionName", b.place_id AS "placeId", p.name AS "placeName", b.address, b.contact_phone AS "contactPhone",
    b.slot_date::text AS "slotDate", b.slot, b.slot_start AS "slotStart", b.payment, b.photos, b.note, b.status, b.company_id AS "companyId", co.name AS "companyName",
    b.offered_at AS "offeredAt", cardinality(b.passed_over)::int AS "passCount", b.accepted_at AS "acceptedAt", b.collector_id AS "collectorId", c.name AS "collectorName", c.phone AS "collectorPhone",
    c.filing_no AS "collectorFilingNo", b.dispatched_at AS "dispatchedAt", b.on_way_at AS "onWayAt", b.arrived_at AS "arrivedAt", b.recorded_at AS "recordedAt",
    b.station_id AS "stationId", st.name AS "stationName", b.amount_yuan::float8 AS "amountYuan", b.points, b.confirmed_at AS "confirmedAt", b.cancelled_at AS "cancelledAt",
    b.cancel_reason AS "cancelReason", b.escalated_at AS "escalatedAt", b.stars, b.rating_comment AS "ratingComment", b.rated_at AS "ratedAt", b.created_at AS "createdAt",
    b.resident_user_id AS "residentUserId",
    coalesce((SELECT json_agg(json_build_object('category', i.category, 'applianceType', i.appliance_type, 'estimatedKg', i.estimated_kg::float8, 'estimatedCount', i.estimated_count) ORDER BY i.seq)
      FROM recycling_booking_items i WHERE i.booking_id = b.id), '[]') AS items,
    coalesce((SELECT json_agg(json_build_object('category', l.category, 'weightKg', l.weight_kg::float8, 'itemCount', l.item_count, 'unit', l.unit, 'unitPriceYuan', l.unit_price_yuan::float8, 'amountYuan', l.amount_yuan::float8,
        'units', coalesce((SELECT json_agg(json_build_object('applianceType', u.appliance_type, 'brand', u.brand, 'serial', u.serial, 'weightKg', u.weight_kg::float8)) FROM ewaste_units u WHERE u.intake_id = l.intake_id), '[]')) ORDER BY l.recorded_at, (SELECT min(m.id) FROM ledger_movements m WHERE m.batch_id = li.batch_id))
      FROM recycling_booking_lines l JOIN recycling_intake li ON li.id = l.intake_id WHERE l.booking_id = b.id), '[]') AS lines
  FROM recycling_bookings b JOIN household_places p ON p.id = b.place_id LEFT JOIN regions rg ON rg.code = b.region_code
  LEFT JOIN organisations co ON co.id = b.company_id LEFT JOIN recycling_collectors c ON c.id = b.collector_id LEFT JOIN organisations st ON st.id = b.station_id`;

export type BookingRow = {
  id: string; bookingNo: string; regionCode: string; regionName: string | null; placeId: string; placeName: string; address: string; contactPhone: string; slotDate: string; slot: Slot;
  slotStart: Date; payment: Payment; photos: string[]; note: string; status: BookingStatus; companyId: string | null; companyName: string | null; offeredAt: Date; passCount: number;
  acceptedAt: Date | null; collectorId: string | null; collectorName: string | null; collectorPhone: string | null; collectorFilingNo: string | null; dispatchedAt: Date | null; onWayAt: Date | null;
  arrivedAt: Date | null; recordedAt: Date | null; stationId: string | null; stationName: string | null; amountYuan: number | null; points: number | null; confirmedAt: Date | null;
  cancelledAt: Date | null; cancelReason: string | null; escalatedAt: Date | null; stars: number | null; ratingComment: string | null; ratedAt: Date | null; createdAt: Date; residentUserId: string;
  items: { category: string; applianceType: string; estimatedKg: number | null; estimatedCount: number | null }[];
  lines: { category: string; weightKg: number; itemCount: number | null; unit: string; unitPriceYuan: number; amountYuan: number; units: { applianceType: string; brand: string; serial: string; weightKg: number }[] }[];
};

const DATES = ['slotStart', 'offeredAt', 'acceptedAt', 'dispatchedAt', 'onWayAt', 'arrivedAt', 'recordedAt', 'confirmedAt', 'cancelledAt', 'escalatedAt', 'ratedAt', 'createdAt'] as const;
const asDates = (r: BookingRow): BookingRow => {
  const out = { ...r } as Record<string, unknown>;
  for (const k of DATES) if (out[k]) out[k] = new Date(out[k] as string);
  return out as BookingRow;
};

async function bookingById(q: Queryable, id: string): Promise<BookingRow> {
  const [row] = (await q.execute<BookingRow>(sql`${bookingSelect} WHERE b.id = ${id}`)).rows;
  return asDates(row);
}

/** Who sees a booking: the resident who made it, the company it is offered to, its collector, the officials of its area. */
async function visibility(q: Queryable, a: Actor): Promise<SQL> {
  if (isResident(a)) return sql`b.resident_user_id = ${a.userId}`;
  if (a.role === 'platform_admin' || a.role === 'office' || a.role === 'regulator') return officialArea(a, sql`b.region_code`);
  if (a.via === 'session' && a.userId && a.organisationId && (a.role === 'enterprise_admin' || a.role === 'enterprise_member')) {
    const collector = (await q.execute<{ id: string }>(sql`SELECT id FROM recycling_collectors WHERE user_id = ${a.userId} AND active`)).rows[0];
    const own = a.role === 'enterprise_admin' ? sql`b.company_id = ${a.organisationId}` : sql`false`;
    return collector ? sql`(${own} OR b.collector_id = ${collector.id})` : own;
  }
  throw forbidden();
}

export interface BookingFilter { status?: BookingStatus; from?: string; to?: string; placeId?: string; companyId?: string }

/** A page of the bookings the actor sees, newest slot first (the filters narrow, never widen). */
export async function pageBookings(db: Db, a: Actor, filter: BookingFilter, page: number, pageSize: number) {
  const where = sql.join([
    await visibility(db, a),
    filter.status ? sql`b.status = ${filter.status}` : sql`true`,
    filter.from ? sql`b.slot_date >= ${filter.from}` : sql`true`,
    filter.to ? sql`b.slot_date <= ${filter.to}` : sql`true`,
    filter.placeId ? sql`b.place_id = ${filter.placeId}` : sql`true`,
    filter.companyId ? sql`b.company_id = ${filter.companyId}` : sql`true`,
  ], sql` AND `);
  const [items, [{ total }]] = await Promise.all([
    db.execute<BookingRow>(sql`${bookingSelect} WHERE ${where} ORDER BY b.slot_start DESC, b.booking_no DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`).then((r) => r.rows.map(asDates)),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM recycling_bookings b WHERE ${where}`).then((r) => r.rows),
  ]);
  return { items, total, page, pageSize };
}

export async function bookingFor(db: Db, a: Actor, id: string) {
  const [row] = (await db.execute<BookingRow>(sql`${bookingSelect} WHERE b.id = ${id} AND ${await visibility(db, a)}`)).rows;
  if (!row) throw notFound(BOOKING);
  return asDates(row);
}

/** The booking, locked, for a write. */
async function lockBooking(tx: Queryable, id: string) {
  const [row] = (await tx.execute<{ id: string; status: BookingStatus; residentUserId: string; companyId: string | null; collectorId: string | null; slotStart: Date; placeId: string; regionCode: string;
    payment: Payment; householdId: string | null; bookingNo: string; confirmedAt: Date | null; ratedAt: Date | null; amountYuan: number | null; points: number | null; address: string; passedOver: string[] }>(sql`
    SELECT id, status, resident_user_id AS "residentUserId", company_id AS "companyId", collector_id AS "collectorId", slot_start AS "slotStart", place_id AS "placeId", region_code AS "regionCode",
      payment, household_id AS "householdId", booking_no AS "bookingNo", confirmed_at AS "confirmedAt", rated_at AS "ratedAt", amount_yuan::float8 AS "amountYuan", points, address, passed_over AS "passedOver"
    FROM recycling_bookings WHERE id = ${id} FOR UPDATE`)).rows;
  if (!row) throw notFound(BOOKING);
  return { ...row, slotStart: new Date(row.slotStart) };
}

const STATUS_ZH: Record<BookingStatus, string> = { pending: '待接单', accepted: '已接单', dispatched: '已派单', visiting: '上门中', awaiting_confirmation: '待确认', done: '已完成', cancelled: '已取消', escalated: '超时未接单' };

function requireMove(action: BookingAction, status: BookingStatus) {
  if (!canMove(action, status)) throw conflict('BOOKING_STATE', `预约单当前状态为“${STATUS_ZH[status]}”，不能执行此操作`, `The booking is ${status}: this step does not apply`, 'status');
  return nextStatus(action, status)!;
}

async function residentBooking(tx: Queryable, a: Actor, id: string) {
  requireResident(a);
  const b = await lockBooking(tx, id);
  if (b.residentUserId !== a.userId) throw notFound(BOOKING);
  return b;
}

/** The resident cancels, until his slot begins. */
export async function cancelBooking(db: Db, ctx: Ctx, id: string, reason: string | undefined, now = new Date()) {
  return db.transaction(async (tx) => {
    const b = await residentBooking(tx, ctx.actor, id);
    if (now.getTime() >= b.slotStart.getTime() && canMove('cancel', b.status)) {
      throw conflict('SLOT_STARTED', '预约时段已开始，不能取消，请联系回收人员', 'Your slot has begun: it can no longer be cancelled; call the collector', 'slotDate');
    }
    const to = requireMove('cancel', b.status);
    await tx.execute(sql`UPDATE recycling_bookings SET status = ${to}, cancelled_at = ${now.toISOString()}::timestamptz, cancel_reason = ${reason?.trim() ?? ''} WHERE id = ${id}`);
    await addEvent(tx, id, 'cancel', to, now, ctx.actor.userId, null, reason?.trim() ?? '');
    await recordAudit(tx, ctx, { action: 'recycling_booking.cancel', entityType: 'recycling_booking', entityId: id, regionCode: b.regionCode, organisationId: b.companyId, before: { status: b.status }, after: { status: to, reason } });
    return bookingById(tx, id);
  });
}

/** The resident confirms what the collector recorded, once; paid in points, his green account is credited in the same transaction. */
export async function confirmBooking(db: Db, ctx: Ctx, id: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const b = await residentBooking(tx, ctx.actor, id);
    if (b.confirmedAt) throw conflict('ALREADY_CONFIRMED', '您已确认过本次回收的重量和金额，不能再次确认', 'You have confirmed this pickup’s weights and payment already', 'confirmation');
    const to = requireMove('confirm', b.status);
    let earnId: string | null = null;
    if (b.payment === 'points' && b.householdId && (b.points ?? 0) > 0) {
      const rules = await rulesFor(tx, b.regionCode);
      earnId = await awardPoints(tx, { householdId: b.householdId, regionCode: b.regionCode, points: b.points!, at: now, expiryMonths: rules.expiryMonths, bookingId: id, recordedBy: `booking:${b.bookingNo}` });
    }
    await tx.execute(sql`UPDATE recycling_bookings SET status = ${to}, confirmed_at = ${now.toISOString()}::timestamptz WHERE id = ${id}`);
    await addEvent(tx, id, 'confirm', to, now, ctx.actor.userId);
    await recordAudit(tx, ctx, { action: 'recycling_booking.confirm', entityType: 'recycling_booking', entityId: id, regionCode: b.regionCode, organisationId: b.companyId, after: { status: to, amountYuan: b.amountYuan, points: earnId ? b.points : null, greenPointsId: earnId } });
    return bookingById(tx, id);
  });
}

/** The resident rates the visit once it is done, once. */
export async function rateBooking(db: Db, ctx: Ctx, id: string, input: { stars: number; comment?: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const b = await residentBooking(tx, ctx.actor, id);
    if (b.ratedAt) throw conflict('ALREADY_RATED', '您已评价过本次上门回收', 'You have rated this visit already', 'stars');
    if (b.status !== 'done') throw conflict('NOT_DONE', '确认完成后才能评价', 'Rate the visit once you have confirmed it', 'status');
    await tx.execute(sql`UPDATE recycling_bookings SET stars = ${input.stars}, rating_comment = ${input.comment?.trim() ?? ''}, rated_at = ${now.toISOString()}::timestamptz WHERE id = ${id}`);
    await addEvent(tx, id, 'rate', b.status, now, ctx.actor.userId, null, `${input.stars}`);
    await recordAudit(tx, ctx, { action: 'recycling_booking.rate', entityType: 'recycling_booking', entityId: id, regionCode: b.regionCode, organisationId: b.companyId, after: input });
    return bookingById(tx, id);
  });
}

/** Communities of the resident's county for the booking form, his own first; with whether a company serves each. */
export async function placeChoices(db: Db, a: Actor, q: string | undefined, page: number, pageSize: number) {
  requireResident(a);
  const household = await householdOf(db, a);
  const where = sql`p.kind = 'community' AND p.region_code LIKE ${`${countyOf(a, household)}%`} ${q ? sql`AND p.name LIKE ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : sql``}`;
  const served = sql`EXISTS (SELECT 1 FROM recycling_sites s WHERE s.kind = 'station' AND (p.id = ANY(s.served_place_ids) OR EXISTS (SELECT 1 FROM unnest(s.served_town_codes) c WHERE p.region_code LIKE c || '%')))`;
  const [items, [{ total }]] = await Promise.all([
    db.execute<{ id: string; name: string; regionCode: string; regionName: string | null; served: boolean; mine: boolean }>(sql`
      SELECT p.id, p.name, p.region_code AS "regionCode", rg.name AS "regionName", ${served} AS served, (p.id = ${household?.placeId ?? null}::uuid) IS TRUE AS mine
      FROM household_places p LEFT JOIN regions rg ON rg.code = p.region_code WHERE ${where}
      ORDER BY (p.id = ${household?.placeId ?? null}::uuid) IS TRUE DESC, ${served} DESC, p.name, p.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`).then((r) => r.rows),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM household_places p WHERE ${where}`).then((r) => r.rows),
  ]);
  return { household: household ? { placeId: household.placeId, address: household.address } : null, items, total, page, pageSize };
}

/** The price lists in force of the companies serving a community (回收价格公开). */
export async function pricesForPlace(db: Db, a: Actor, placeId: string) {
  requireResident(a);
  const household = await householdOf(db, a);
  const [place] = (await db.execute<{ id: string; regionCode: string; name: string }>(sql`SELECT id, region_code AS "regionCode", name FROM household_places
    WHERE id = ${placeId} AND kind = 'community' AND region_code LIKE ${`${countyOf(a, household)}%`}`)).rows;
  if (!place) throw badRequest('UNKNOWN_PLACE', '所选小区不在本县（市、区）的小区名录中', 'That community is not in your county’s register', 'placeId');
  const companies = await servingCompanies(db, place.id, place.regionCode);
  const items = [];
  for (const id of companies) items.push(await currentList(db, id));
  return { placeId: place.id, placeName: place.name, companies: items };
}

// ---------------------------------------------------------------- prices

export interface PriceInput { category: string; applianceType?: string; unit: 'kg' | 'piece'; priceYuan: number }

async function currentList(q: Queryable, companyId: string) {
  const [company] = await q.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, companyId));
  const [list] = (await q.execute<{ id: string; effectiveFrom: string; publishedAt: Date; note: string }>(sql`SELECT id, effective_from::text AS "effectiveFrom", published_at AS "publishedAt", note
    FROM recycling_price_lists WHERE company_id = ${companyId} ORDER BY published_at DESC, id DESC LIMIT 1`)).rows;
  const prices = list ? (await q.execute<{ category: string; applianceType: string; unit: 'kg' | 'piece'; priceYuan: number }>(sql`SELECT category, appliance_type AS "applianceType", unit, price_yuan::float8 AS "priceYuan"
    FROM recycling_prices WHERE list_id = ${list.id} ORDER BY category, appliance_type`)).rows : [];
  return { companyId, companyName: company?.name ?? '', listId: list?.id ?? null, effectiveFrom: list?.effectiveFrom ?? null, publishedAt: list ? new Date(list.publishedAt) : null, prices };
}

/** The company publishes a new price list; it supersedes the last, which is kept. */
export async function publishPrices(db: Db, ctx: Ctx, input: { effectiveFrom?: string; note?: string; prices: PriceInput[] }, now = new Date()) {
  const seen = new Set<string>();
  input.prices.forEach((p, i) => {
    const category = recyclableCategory(p.category);
    if (!category) throw badRequest('UNKNOWN_CATEGORY', `第 ${i + 1} 行的品类不在再生资源品类中`, `Row ${i + 1}: not a recyclables category`, `prices.${i}.category`);
    if (p.priceYuan < 0) throw badRequest('NEGATIVE_PRICE', '回收价格不能为负数', 'A price cannot be below zero', `prices.${i}.priceYuan`);
    if (category.value === 'ewaste' && !applianceType(p.applianceType ?? '')) throw badRequest('APPLIANCE_REQUIRED', `第 ${i + 1} 行：电器按类型定价，请选择电器类型`, `Row ${i + 1}: appliances are priced by type`, `prices.${i}.applianceType`);
    if (category.value !== 'ewaste' && p.applianceType) throw badRequest('APPLIANCE_NOT_EXPECTED', `第 ${i + 1} 行：只有电器按类型定价`, `Row ${i + 1}: only appliances have a type`, `prices.${i}.applianceType`);
    if (category.measure === 'piece' && p.unit !== 'piece') throw badRequest('UNIT_MISMATCH', `第 ${i + 1} 行：${category.zh}按件计价（元/件）`, `Row ${i + 1}: ${category.en} are priced by the piece`, `prices.${i}.unit`);
    const key = `${p.category}|${p.applianceType ?? ''}`;
    if (seen.has(key)) throw badRequest('PRICE_REPEATED', `第 ${i + 1} 行与前面的品类重复`, `Row ${i + 1} repeats a category`, `prices.${i}.category`);
    seen.add(key);
  });
  return db.transaction(async (tx) => {
    const company = await companyOf(tx, ctx.actor);
    const [list] = (await tx.execute<{ id: string }>(sql`INSERT INTO recycling_price_lists (company_id, region_code, effective_from, note, published_by, published_at)
      VALUES (${company.id}, ${company.regionCode}, ${input.effectiveFrom ?? shanghaiDate(now)}, ${input.note?.trim() ?? ''}, ${ctx.actor.userId}, ${now.toISOString()}::timestamptz) RETURNING id`)).rows;
    for (const p of input.prices) {
      await tx.execute(sql`INSERT INTO recycling_prices (list_id, category, appliance_type, unit, price_yuan) VALUES (${list.id}, ${p.category}, ${p.applianceType ?? ''}, ${p.unit}, ${p.priceYuan})`);
    }
    await recordAudit(tx, ctx, { action: 'recycling_price_list.publish', entityType: 'recycling_price_list', entityId: list.id, regionCode: company.regionCode, organisationId: company.id, after: input });
    return currentList(tx, company.id);
  });
}

/** The company's lists, newest first (the first is in force). The bureau sees those of its area's companies. */
export async function pagePriceLists(db: Db, a: Actor, page: number, pageSize: number) {
  const where = a.role === 'enterprise_admin' ? sql`l.company_id = ${(await companyOf(db, a)).id}` : officialArea(a, sql`l.region_code`);
  const [lists, [{ total }]] = await Promise.all([
    db.execute<{ id: string; companyId: string; companyName: string; effectiveFrom: string; note: string; publishedAt: Date; inForce: boolean }>(sql`
      SELECT l.id, l.company_id AS "companyId", o.name AS "companyName", l.effective_from::text AS "effectiveFrom", l.note, l.published_at AS "publishedAt",
        NOT EXISTS (SELECT 1 FROM recycling_price_lists n WHERE n.company_id = l.company_id AND (n.published_at, n.id) > (l.published_at, l.id)) AS "inForce"
      FROM recycling_price_lists l JOIN organisations o ON o.id = l.company_id WHERE ${where} ORDER BY l.published_at DESC, l.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`).then((r) => r.rows),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM recycling_price_lists l WHERE ${where}`).then((r) => r.rows),
  ]);
  const prices = lists.length ? (await db.execute<{ listId: string; category: string; applianceType: string; unit: 'kg' | 'piece'; priceYuan: number }>(sql`
    SELECT list_id AS "listId", category, appliance_type AS "applianceType", unit, price_yuan::float8 AS "priceYuan" FROM recycling_prices WHERE list_id = ANY(${sql.param(lists.map((l) => l.id))}::uuid[]) ORDER BY category, appliance_type`)).rows : [];
  return { items: lists.map((l) => ({ ...l, publishedAt: new Date(l.publishedAt), prices: prices.filter((p) => p.listId === l.id).map(({ listId: _l, ...p }) => p) })), total, page, pageSize };
}

// ---------------------------------------------------------------- collectors

export interface CollectorInput { name: string; phone: string; idNo: string; filingNo: string; username?: string }

/** The company registers a mobile collector with his 备案 number; a login, if given, must be one of the company's. */
export async function registerCollector(db: Db, ctx: Ctx, input: CollectorInput) {
  if (!ID_CARD_NO.test(input.idNo)) throw badRequest('BAD_ID_NO', '身份证号码应为18位（末位可为X）', 'An ID card number has 18 characters (the last may be X)', 'idNo');
  return db.transaction(async (tx) => {
    const company = await companyOf(tx, ctx.actor);
    let userId: string | null = null;
    if (input.username) {
      const [u] = (await tx.execute<{ id: string }>(sql`SELECT id FROM users WHERE username = ${input.username} AND organisation_id = ${company.id}`)).rows;
      if (!u) throw badRequest('UNKNOWN_LOGIN', '该登录账号不是本单位的用户', 'That login is not a user of your company', 'username');
      userId = u.id;
      const [taken] = (await tx.execute<{ id: string }>(sql`SELECT id FROM recycling_collectors WHERE user_id = ${userId}`)).rows;
      if (taken) throw conflict('LOGIN_TAKEN', '该登录账号已登记为回收人员', 'That login is registered to a collector already', 'username');
    }
    const [dup] = (await tx.execute<{ id: string }>(sql`SELECT id FROM recycling_collectors WHERE filing_no = ${input.filingNo}`)).rows;
    if (dup) throw conflict('FILING_TAKEN', `备案编号 ${input.filingNo} 已登记`, `Filing number ${input.filingNo} is registered already`, 'filingNo');
    const [c] = (await tx.execute<{ id: string }>(sql`INSERT INTO recycling_collectors (company_id, region_code, name, phone, id_no, filing_no, user_id, registered_by)
      VALUES (${company.id}, ${company.regionCode}, ${input.name}, ${input.phone}, ${input.idNo}, ${input.filingNo}, ${userId}, ${ctx.actor.userId}) RETURNING id`)).rows;
    await recordAudit(tx, ctx, { action: 'recycling_collector.register', entityType: 'recycling_collector', entityId: c.id, regionCode: company.regionCode, organisationId: company.id,
      after: { ...input, idNo: `${input.idNo.slice(0, 4)}…${input.idNo.slice(-4)}` } });
    const [row] = (await tx.execute<CollectorRow>(sql`${collectorSelect} WHERE c.id = ${c.id}`)).rows;
    return { ...row, registeredAt: new Date(row.registeredAt) };
  });
}

const collectorSelect = sql`SELECT c.id, c.company_id AS "companyId", o.name AS "companyName", c.name, c.phone, c.id_no AS "idNo", c.filing_no AS "filingNo", u.username, c.active, c.registered_at AS "registeredAt",
  (SELECT count(*)::int FROM recycling_bookings b WHERE b.collector_id = c.id AND b.status = 'done') AS "doneCount",
  (SELECT round(avg(b.stars)::numeric, 1)::float8 FROM recycling_bookings b WHERE b.collector_id = c.id AND b.stars IS NOT NULL) AS "averageStars"
  FROM recycling_collectors c JOIN organisations o ON o.id = c.company_id LEFT JOIN users u ON u.id = c.user_id`;
export type CollectorRow = { id: string; companyId: string; companyName: string; name: string; phone: string; idNo: string; filingNo: string; username: string | null; active: boolean; registeredAt: Date; doneCount: number; averageStars: number | null };

/** The company's collectors; the bureau those of its area. */
export async function pageCollectors(db: Db, a: Actor, page: number, pageSize: number) {
  const where = a.role === 'enterprise_admin' ? sql`c.company_id = ${(await companyOf(db, a)).id}` : officialArea(a, sql`c.region_code`);
  const [items, [{ total }]] = await Promise.all([
    db.execute<CollectorRow>(sql`${collectorSelect} WHERE ${where} ORDER BY c.registered_at, c.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`).then((r) => r.rows.map((c) => ({ ...c, registeredAt: new Date(c.registeredAt) }))),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM recycling_collectors c WHERE ${where}`).then((r) => r.rows),
  ]);
  return { items, total, page, pageSize };
}

// ---------------------------------------------------------------- the company

/** The company accepts a booking offered to it (or, once escalated, one in its service area). */
export async function acceptBooking(db: Db, ctx: Ctx, id: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const company = await companyOf(tx, ctx.actor);
    const b = await lockBooking(tx, id);
    const serves = b.companyId === company.id || (b.status === 'escalated' && (await servingCompanies(tx, b.placeId, b.regionCode)).includes(company.id));
    if (!serves) throw notFound(BOOKING);
    const to = requireMove('accept', b.status);
    await tx.execute(sql`UPDATE recycling_bookings SET status = ${to}, company_id = ${company.id}, accepted_at = ${now.toISOString()}::timestamptz WHERE id = ${id}`);
    await addEvent(tx, id, 'accept', to, now, ctx.actor.userId, company.id);
    await recordAudit(tx, ctx, { action: 'recycling_booking.accept', entityType: 'recycling_booking', entityId: id, regionCode: b.regionCode, organisationId: company.id, before: { status: b.status }, after: { status: to } });
    return bookingById(tx, id);
  });
}

/** The company dispatches an accepted booking to one of its registered collectors (again, to another, until he sets out). */
export async function dispatchBooking(db: Db, ctx: Ctx, id: string, collectorId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const company = await companyOf(tx, ctx.actor);
    const b = await lockBooking(tx, id);
    if (b.companyId !== company.id) throw notFound(BOOKING);
    const to = requireMove('dispatch', b.status);
    const [collector] = (await tx.execute<{ id: string }>(sql`SELECT id FROM recycling_collectors WHERE id = ${collectorId} AND company_id = ${company.id} AND active`)).rows;
    if (!collector) throw badRequest('UNKNOWN_COLLECTOR', '请选择本单位已登记的回收人员', 'Choose a collector registered by your company', 'collectorId');
    await tx.execute(sql`UPDATE recycling_bookings SET status = ${to}, collector_id = ${collectorId}, dispatched_at = ${now.toISOString()}::timestamptz WHERE id = ${id}`);
    await addEvent(tx, id, 'dispatch', to, now, ctx.actor.userId, company.id, collectorId);
    await recordAudit(tx, ctx, { action: 'recycling_booking.dispatch', entityType: 'recycling_booking', entityId: id, regionCode: b.regionCode, organisationId: company.id, before: { status: b.status, collectorId: b.collectorId }, after: { status: to, collectorId } });
    return bookingById(tx, id);
  });
}

// ---------------------------------------------------------------- the collector

async function collectorBooking(tx: Queryable, a: Actor, id: string) {
  const collector = await collectorOf(tx, a);
  const b = await lockBooking(tx, id);
  if (b.collectorId !== collector.id) {
    throw new AppError(403, 'NOT_DISPATCHED_TO_YOU', { zh: '该预约单未派给您', en: 'This booking was not dispatched to you' }, 'bookingId', [{ path: 'bookingId', message: { zh: '该预约单未派给您', en: 'This booking was not dispatched to you' } }]);
  }
  return { collector, b };
}

/** The collector's visits: today's (or a day's) and any still open or awaiting the resident's confirmation, by slot. */
export async function myVisits(db: Db, a: Actor, day: string | undefined, page: number, pageSize: number) {
  const collector = await collectorOf(db, a);
  const d = day ?? shanghaiDate(new Date());
  // Any day's visit still his to make, or waiting for the resident's confirmation of what he recorded.
  const where = sql`b.collector_id = ${collector.id} AND (b.slot_date = ${d} OR b.status IN ('dispatched', 'visiting', 'awaiting_confirmation'))`;
  const [items, [{ total }]] = await Promise.all([
    db.execute<BookingRow>(sql`${bookingSelect} WHERE ${where} ORDER BY b.slot_start, b.booking_no LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`).then((r) => r.rows.map(asDates)),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM recycling_bookings b WHERE ${where}`).then((r) => r.rows),
  ]);
  const stations = (await db.execute<{ id: string; name: string; servedPlaceIds: string[]; servedTownCodes: string[] }>(sql`SELECT s.organisation_id AS id, o.name, s.served_place_ids AS "servedPlaceIds", s.served_town_codes AS "servedTownCodes"
    FROM recycling_sites s JOIN organisations o ON o.id = s.organisation_id WHERE s.operator_id = ${collector.companyId} AND s.kind = 'station' ORDER BY o.name`)).rows;
  const prices = await currentList(db, collector.companyId);
  return {
    collector: { id: collector.id, name: collector.name }, day: d, items: items.map(({ residentUserId: _r, ...b }) => ({
      ...b, stations: stations.filter((s) => s.servedPlaceIds.includes(b.placeId) || s.servedTownCodes.some((c) => b.regionCode.startsWith(c))).map((s) => ({ id: s.id, name: s.name })),
    })), total, page, pageSize, prices: prices.prices,
  };
}

/** He sets out, or arrives. */
export async function markProgress(db: Db, ctx: Ctx, id: string, step: 'on_way' | 'arrive', now = new Date()) {
  return db.transaction(async (tx) => {
    const { collector, b } = await collectorBooking(tx, ctx.actor, id);
    const to = requireMove(step, b.status);
    const column = step === 'on_way' ? sql`on_way_at` : sql`arrived_at`;
    await tx.execute(sql`UPDATE recycling_bookings SET status = ${to}, ${column} = coalesce(${column}, ${now.toISOString()}::timestamptz) WHERE id = ${id}`);
    await addEvent(tx, id, step, to, now, ctx.actor.userId, b.companyId, collector.id);
    await recordAudit(tx, ctx, { action: `recycling_booking.${step}`, entityType: 'recycling_booking', entityId: id, regionCode: b.regionCode, organisationId: b.companyId, after: { status: to } });
    return bookingById(tx, id);
  });
}

export interface LineInput { category: string; applianceType?: string; weightKg: number; itemCount?: number; unitPriceYuan?: number; units?: UnitInput[] }

/**
 * The collector records what he took at the door: each category's weight or count (appliances one
 * by one), the price from the company's list unless he gives one, and the station that takes the
 * goods. Each line enters that station's ledger through recordIntake, in this transaction.
 */
export async function recordVisit(db: Db, ctx: Ctx, id: string, input: { stationId: string; lines: LineInput[] }, now = new Date()) {
  return db.transaction(async (tx) => {
    const { collector, b } = await collectorBooking(tx, ctx.actor, id);
    const to = requireMove('record', b.status);
    const station = await stationServing(tx, input.stationId, b.companyId!, b.placeId, b.regionCode);
    if (!station) throw badRequest('STATION_NOT_SERVING', '请选择本公司服务该小区的回收网点', 'Choose a station of your company that serves this community', 'stationId');
    const [stationOrg] = await tx.select().from(organisations).where(eq(organisations.id, station.id));
    const list = await currentList(tx, b.companyId!);
    let total = 0;
    const day = shanghaiDate(now);
    for (const [i, line] of input.lines.entries()) {
      const category = recyclableCategory(line.category);
      if (!category) throw badRequest('UNKNOWN_CATEGORY', `第 ${i + 1} 项的品类不在再生资源品类中`, `Line ${i + 1}: not a recyclables category`, `lines.${i}.category`);
      const units = category.value === 'ewaste' ? (line.units ?? []).map((u) => ({ ...u, applianceType: u.applianceType || line.applianceType || '' })) : line.units;
      const priced = list.prices.find((p) => p.category === category.value && p.applianceType === (category.value === 'ewaste' ? line.applianceType ?? units?.[0]?.applianceType ?? '' : ''));
      const unitPrice = line.unitPriceYuan ?? priced?.priceYuan;
      if (unitPrice === undefined) throw badRequest('PRICE_REQUIRED', `第 ${i + 1} 项：公司价目表中没有该品类的价格，请填写单价`, `Line ${i + 1}: the price list has no price for it; give one`, `lines.${i}.unitPriceYuan`);
      const count = category.value === 'ewaste' ? units?.length ?? 0 : line.itemCount;
      const intake = await recordIntake(tx, ctx, stationOrg, {
        receivedOn: day, category: category.value, weightKg: line.weightKg, itemCount: count, source: 'booking', bookingId: id, unitPriceYuan: unitPrice, units,
        sellerAddress: b.address, note: `预约单 ${b.bookingNo}`,
      });
      const amount = intake.amountYuan ?? 0;
      total += amount;
      await tx.execute(sql`INSERT INTO recycling_booking_lines (booking_id, category, weight_kg, item_count, unit, unit_price_yuan, amount_yuan, intake_id, recorded_at)
        VALUES (${id}, ${category.value}, ${intake.weightKg}, ${intake.itemCount}, ${category.measure === 'piece' ? 'piece' : 'kg'}, ${unitPrice}, ${amount}, ${intake.id}, ${now.toISOString()}::timestamptz)`);
    }
    total = round2(total);
    const points = b.payment === 'points' ? pointsForAmount(total, await settingFor(tx, POINTS_PER_YUAN_SETTING, b.regionCode)) : null;
    await tx.execute(sql`UPDATE recycling_bookings SET status = ${to}, station_id = ${station.id}, amount_yuan = ${total}, points = ${points}, recorded_at = ${now.toISOString()}::timestamptz,
      arrived_at = coalesce(arrived_at, ${now.toISOString()}::timestamptz), on_way_at = coalesce(on_way_at, ${now.toISOString()}::timestamptz) WHERE id = ${id}`);
    await addEvent(tx, id, 'record', to, now, ctx.actor.userId, b.companyId, collector.id);
    await recordAudit(tx, ctx, { action: 'recycling_booking.record', entityType: 'recycling_booking', entityId: id, regionCode: b.regionCode, organisationId: b.companyId, after: { status: to, stationId: station.id, amountYuan: total, points, lines: input.lines } });
    return bookingById(tx, id);
  });
}

// ---------------------------------------------------------------- timeouts

/**
 * The periodic scan (src/server/platform.ts): each booking still pending past the region's
 * acceptance time passes to the next company serving the community; with none left it is escalated
 * and the commerce bureau gets an alarm (rule recycling_booking_unaccepted).
 */
export async function passOnOverdue(db: Db, now = new Date()) {
  const escalated: string[] = [];
  let passed = 0;
  await db.transaction(async (tx) => {
    const due = (await tx.execute<{ id: string }>(sql`SELECT b.id FROM recycling_bookings b
      WHERE b.status = 'pending' AND b.offered_at + make_interval(mins => (coalesce((SELECT (rs.value #>> '{}')::int FROM region_settings rs WHERE rs.key = ${ACCEPT_MINUTES_SETTING} AND b.region_code LIKE rs.region_code || '%' ORDER BY length(rs.region_code) DESC LIMIT 1), 120))) <= ${now.toISOString()}::timestamptz
      ORDER BY b.offered_at FOR UPDATE SKIP LOCKED`)).rows;
    for (const { id } of due) {
      const b = await lockBooking(tx, id);
      const tried = [...b.passedOver, ...(b.companyId ? [b.companyId] : [])];
      const next = (await servingCompanies(tx, b.placeId, b.regionCode)).find((c) => !tried.includes(c));
      if (next) {
        await tx.execute(sql`UPDATE recycling_bookings SET company_id = ${next}, offered_at = ${now.toISOString()}::timestamptz, passed_over = ${sql.param(tried)}::uuid[] WHERE id = ${id}`);
        await addEvent(tx, id, 'pass_on', 'pending', now, null, next);
        passed += 1;
      } else {
        await tx.execute(sql`UPDATE recycling_bookings SET status = 'escalated', escalated_at = ${now.toISOString()}::timestamptz, passed_over = ${sql.param(tried)}::uuid[] WHERE id = ${id}`);
        await addEvent(tx, id, 'escalate', 'escalated', now, null, b.companyId);
        escalated.push(id);
      }
      await recordAudit(tx, SYSTEM, { action: next ? 'recycling_booking.pass_on' : 'recycling_booking.escalate', entityType: 'recycling_booking', entityId: id, regionCode: b.regionCode, organisationId: next ?? b.companyId, before: { companyId: b.companyId }, after: { companyId: next ?? b.companyId, status: next ? 'pending' : 'escalated' } });
    }
  });
  for (const id of escalated) await evaluateFor(db, ['recycling_booking_unaccepted'], id, now);
  return { passed, escalated: escalated.length };
}

// ---------------------------------------------------------------- service level

/** The bureau's service-level figures for an area and a period of booking dates. */
export async function serviceLevel(db: Db, a: Actor, query: { regionCode?: string; from: string; to: string }) {
  const area = officialArea(a, sql`b.region_code`);
  const regionCode = query.regionCode ?? (a.role === 'platform_admin' ? '' : a.regionCode);
  if (query.regionCode && a.role !== 'platform_admin' && !regionWithin(query.regionCode, a.regionCode)) throw forbidden('只能查看本辖区的服务情况', 'You see your own area only');
  const where = sql`${area} AND b.region_code LIKE ${`${regionCode ? regionScopePrefix(regionCode) : ''}%`} AND b.created_at >= ${`${query.from}T00:00:00+08:00`}::timestamptz AND b.created_at < (${query.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
  const limit = sql`coalesce((SELECT (rs.value #>> '{}')::int FROM region_settings rs WHERE rs.key = ${ACCEPT_MINUTES_SETTING} AND b.region_code LIKE rs.region_code || '%' ORDER BY length(rs.region_code) DESC LIMIT 1), 120)`;
  const figures = sql`count(*)::int AS bookings,
    count(*) FILTER (WHERE b.status = 'done')::int AS done,
    count(*) FILTER (WHERE b.status = 'cancelled')::int AS cancelled,
    count(*) FILTER (WHERE b.accepted_at IS NOT NULL)::int AS accepted,
    count(*) FILTER (WHERE b.accepted_at IS NOT NULL AND cardinality(b.passed_over) = 0 AND b.accepted_at - b.created_at <= make_interval(mins => ${limit}))::int AS "acceptedInTime",
    count(*) FILTER (WHERE b.status <> 'cancelled' OR b.accepted_at IS NOT NULL)::int AS "offered",
    count(*) FILTER (WHERE cardinality(b.passed_over) > 0)::int AS "passedOn",
    count(*) FILTER (WHERE b.escalated_at IS NOT NULL)::int AS escalated,
    round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.accepted_at - b.created_at) / 60))::numeric, 1)::float8 AS "medianAcceptMinutes",
    round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.confirmed_at - b.created_at) / 3600))::numeric, 1)::float8 AS "medianCompleteHours",
    count(b.stars)::int AS ratings, round(avg(b.stars)::numeric, 2)::float8 AS "averageStars"`;
  type Figures = { bookings: number; done: number; cancelled: number; accepted: number; acceptedInTime: number; offered: number; passedOn: number; escalated: number; medianAcceptMinutes: number | null; medianCompleteHours: number | null; ratings: number; averageStars: number | null };
  const withShare = <T extends Figures>(f: T) => ({ ...f, acceptedInTimePct: f.offered ? Math.round((f.acceptedInTime / f.offered) * 1000) / 10 : null });
  const [total] = (await db.execute<Figures>(sql`SELECT ${figures} FROM recycling_bookings b WHERE ${where}`)).rows;
  const companies = (await db.execute<Figures & { companyId: string; companyName: string }>(sql`SELECT b.company_id AS "companyId", o.name AS "companyName", ${figures}
    FROM recycling_bookings b JOIN organisations o ON o.id = b.company_id WHERE ${where} GROUP BY b.company_id, o.name ORDER BY o.name`)).rows;
  const acceptMinutes = await settingFor(db, ACCEPT_MINUTES_SETTING, regionCode || '37');
  return { regionCode: regionCode || null, from: query.from, to: query.to, acceptMinutes, total: withShare(total), companies: companies.map(withShare) };
}
