import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import type { Actor } from '../platform/policy';
import { forbidden, notFound } from '../http/errors';
import { balanceSql, remainingSql, rulesFor, sweepExpired } from './points';
import { placeRates } from './rates';

// The resident's phone pages (ADR 0006): his own household only (found by his login, never by an id
// the client sends), his points and their history, the collection points near him and when they
// open, and how his community compares with the others of his town.

const ACCOUNT = { zh: '您的绿色账户', en: 'Your green account' };

type Mine = { id: string; regionCode: string; regionName: string | null; placeId: string; placeName: string; placeKind: string; address: string; cardNo: string; qrToken: string; longitude: number | null; latitude: number | null };

async function myHousehold(db: Db, actor: Actor): Promise<Mine> {
  if (actor.role !== 'resident' || actor.via !== 'session' || !actor.userId) throw forbidden('仅居民本人可查看自己的绿色账户', 'Only the resident sees his own green account');
  const [h] = (await db.execute<Mine>(sql`
    SELECT h.id, h.region_code AS "regionCode", rg.name AS "regionName", h.place_id AS "placeId", p.name AS "placeName", p.kind AS "placeKind", h.address, h.card_no AS "cardNo", h.qr_token AS "qrToken", p.longitude, p.latitude
    FROM green_households h JOIN household_places p ON p.id = h.place_id LEFT JOIN regions rg ON rg.code = h.region_code WHERE h.user_id = ${actor.userId}`)).rows;
  if (!h) throw notFound(ACCOUNT);
  return h;
}

/** His account: the balance (lapsed points swept into expire entries first), the totals, what lapses within 30 days, the rules in force. */
export async function myAccount(db: Db, actor: Actor, now = new Date()) {
  const h = await myHousehold(db, actor);
  await db.transaction((tx) => sweepExpired(tx, now, [h.id]));
  const soon = new Date(now.getTime() + 30 * 86_400_000);
  const [totals] = (await db.execute<{ balance: number; earned: number; redeemed: number; expired: number; expiringSoon: number; nextExpiry: Date | null }>(sql`
    SELECT ${balanceSql(sql`${h.id}::uuid`, now)} AS balance,
      coalesce(sum(points) FILTER (WHERE kind = 'earn'), 0)::int AS earned, coalesce(-sum(points) FILTER (WHERE kind = 'redeem'), 0)::int AS redeemed,
      coalesce(-sum(points) FILTER (WHERE kind = 'expire'), 0)::int AS expired,
      (SELECT coalesce(sum(${remainingSql()}), 0)::int FROM green_points e WHERE e.household_id = ${h.id} AND e.kind = 'earn' AND e.expires_at > ${now.toISOString()}::timestamptz AND e.expires_at <= ${soon.toISOString()}::timestamptz) AS "expiringSoon",
      (SELECT min(e.expires_at) FROM green_points e WHERE e.household_id = ${h.id} AND e.kind = 'earn' AND e.expires_at > ${now.toISOString()}::timestamptz AND ${remainingSql()} > 0) AS "nextExpiry"
    FROM green_points WHERE household_id = ${h.id}`)).rows;
  const { longitude: _lng, latitude: _lat, ...household } = h;
  return { household, ...totals, nextExpiry: totals.nextExpiry ? new Date(totals.nextExpiry) : null, rules: await rulesFor(db, h.regionCode) };
}

/** His ledger, newest first: earned (with the delivery's class, grade and weight, or the booked pickup it paid for), redeemed (goods), expired. */
export async function myHistory(db: Db, actor: Actor, query: { kind?: 'earn' | 'redeem' | 'expire'; page: number; pageSize: number }) {
  const h = await myHousehold(db, actor);
  const where = sql`e.household_id = ${h.id} ${query.kind ? sql`AND e.kind = ${query.kind}` : sql``}`;
  const [items, [{ total }]] = await Promise.all([
    db.execute<{ id: string; kind: string; points: number; at: Date; expiresAt: Date | null; wasteClass: string | null; weightKg: number | null; grade: string | null; facilityName: string | null; goods: string | null; quantity: number | null; bookingNo: string | null }>(sql`
      SELECT e.id, e.kind, e.points, e.at, e.expires_at AS "expiresAt", d.waste_class AS "wasteClass", d.weight_kg::float8 AS "weightKg", g.grade,
        coalesce(f.name, fd.name) AS "facilityName", e.goods, e.quantity, b.booking_no AS "bookingNo"
      FROM green_points e LEFT JOIN green_deliveries d ON d.id = e.delivery_id LEFT JOIN green_grades g ON g.delivery_id = e.delivery_id
      LEFT JOIN household_facilities f ON f.id = e.facility_id LEFT JOIN household_facilities fd ON fd.id = d.facility_id
      LEFT JOIN recycling_bookings b ON b.id = e.booking_id
      WHERE ${where} ORDER BY e.at DESC, e.seq DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`).then((r) => r.rows),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM green_points e WHERE ${where}`).then((r) => r.rows),
  ]);
  return { items: items.map((i) => ({ ...i, at: new Date(i.at), expiresAt: i.expiresAt ? new Date(i.expiresAt) : null })), total, page: query.page, pageSize: query.pageSize };
}

/** Minutes since midnight in Asia/Shanghai. */
const shanghaiMinutes = (now: Date) => { const t = new Date(now.getTime() + 8 * 3_600_000); return t.getUTCHours() * 60 + t.getUTCMinutes(); };
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The collection points of his county in use, nearest his community first, with their hours and whether they are open now. */
export async function nearbyPoints(db: Db, actor: Actor, query: { page: number; pageSize: number }, now = new Date()) {
  const h = await myHousehold(db, actor);
  const where = sql`f.kind = 'collection_point' AND f.status = 'in_use' AND f.region_code LIKE ${`${h.regionCode.slice(0, 6)}%`}`;
  // Metres on a sphere; places without coordinates sort last.
  const distance = h.longitude === null || h.latitude === null ? sql`NULL::float8` : sql`(6371000 * 2 * asin(sqrt(power(sin(radians(f.latitude - ${h.latitude}) / 2), 2)
    + cos(radians(${h.latitude})) * cos(radians(f.latitude)) * power(sin(radians(f.longitude - ${h.longitude}) / 2), 2))))`;
  const [items, [{ total }]] = await Promise.all([
    db.execute<{ id: string; name: string; address: string; regionName: string | null; classes: string[]; opensAt: string | null; closesAt: string | null; longitude: number | null; latitude: number | null; distanceM: number | null; operatorName: string | null }>(sql`
      SELECT f.id, f.name, f.address, rg.name AS "regionName", f.classes, f.opens_at AS "opensAt", f.closes_at AS "closesAt", f.longitude, f.latitude, round(${distance})::float8 AS "distanceM", o.name AS "operatorName"
      FROM household_facilities f LEFT JOIN regions rg ON rg.code = f.region_code LEFT JOIN organisations o ON o.id = f.organisation_id
      WHERE ${where} ORDER BY ${distance} NULLS LAST, f.name, f.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`).then((r) => r.rows),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM household_facilities f WHERE ${where}`).then((r) => r.rows),
  ]);
  const minute = shanghaiMinutes(now);
  return {
    items: items.map((f) => ({ ...f, openNow: f.opensAt && f.closesAt ? minute >= minutesOf(f.opensAt) && minute < minutesOf(f.closesAt) : null })),
    total, page: query.page, pageSize: query.pageSize,
  };
}

/** His community's rates over the period against the other places of his town with green accounts, ranked by participation. */
export async function myCommunity(db: Db, actor: Actor, period: { from: string; to: string }) {
  const h = await myHousehold(db, actor);
  const town = await placeRates(db, sql`p.region_code = ${h.regionCode}`, period);
  const ranked = [...town].sort((a, b) => (b.participationPct ?? -1) - (a.participationPct ?? -1) || (b.accuracyPct ?? -1) - (a.accuracyPct ?? -1));
  const mine = town.find((r) => r.placeId === h.placeId)!;
  const others = town.filter((r) => r.placeId !== h.placeId);
  const mean = (k: 'participationPct' | 'accuracyPct') => {
    const values = others.map((r) => r[k]).filter((v): v is number => v !== null);
    return values.length ? Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 10) / 10 : null;
  };
  return {
    ...period, townCode: h.regionCode, townName: h.regionName, mine, rank: ranked.findIndex((r) => r.placeId === h.placeId) + 1, places: town.length,
    townParticipationPct: mean('participationPct'), townAccuracyPct: mean('accuracyPct'),
    // The town's places, a few dozen at most: the ranking is the list.
    ranking: ranked.map((r) => ({ placeId: r.placeId, name: r.name, participationPct: r.participationPct, accuracyPct: r.accuracyPct, households: r.households, mine: r.placeId === h.placeId })),
  };
}
