import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { householdPlaces, householdPlaceStatus } from './schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { requireRegion } from '../platform/regions/service';
import { regionLevelOf, regionScopePrefix } from '../../domain/region-code';
import { keepsHousehold, inArea, areaSql, narrowSql } from './access';
import type { PlaceKind } from '../../domain/household';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';

// The household register's places (居民小区, 行政村) and their dated status (ADR 0006). Kept by the
// urban-management bureau (domain `urban`) and the housing bureau; the zero-waste office reads and keeps
// them too. Companies and residents do not see the register.

export type Ctx = AuditContext & { actor: Actor };
const PLACE = { zh: '小区或村', en: 'Community or village' };

const keeper = keepsHousehold;

function visiblePlaces(a: Actor): SQL {
  return keeper(a) ? areaSql(a, sql`${householdPlaces.regionCode}`) : sql`false`;
}

type PlaceRow = {
  id: string; regionCode: string; regionName: string | null; kind: PlaceKind; name: string; address: string; longitude: number | null; latitude: number | null; createdAt: string;
  status: (Omit<PlaceStatus, 'note' | 'collectionRooms'> & { collectionRooms: number }) | null; covered: boolean;
};

export interface NewPlace { regionCode: string; kind: PlaceKind; name: string; address?: string; longitude?: number; latitude?: number }
export interface PlaceStatus { asOf: string; households: number; sortedDeposit: boolean; sortedCollection: boolean; sortedTransport: boolean; sortedTreatment: boolean; collectionRooms?: number; note?: string }

/** A status is what a place is from a day that has come: one dated ahead (a typo of 2052) would also bar every later status. */
function refuseFutureStatus(status: PlaceStatus, path: string, now = new Date()) {
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  if (status.asOf > today) throw badRequest('STATUS_IN_FUTURE', `状态日期不能晚于今天（${today}）`, `A status cannot be dated after today (${today})`, path);
}

/** Registers a community or village in a town of the keeper's area, with its first status. */
export async function registerPlace(db: Db, ctx: Ctx, input: NewPlace, status: PlaceStatus) {
  const actor = ctx.actor;
  if (!keeper(actor)) throw forbidden('小区和村的名录由城市管理、住房城乡建设部门维护', 'The register of communities and villages is kept by urban management and housing');
  refuseFutureStatus(status, 'status.asOf');
  if (regionLevelOf(input.regionCode) !== 'town') throw badRequest('TOWN_REQUIRED', '请选择小区或村所在的镇（街道）', 'Give the town (9-digit code) the place lies in', 'regionCode');
  await requireRegion(db, input.regionCode, 'regionCode');
  if (!inArea(actor, input.regionCode)) throw forbidden('只能登记本辖区的小区和村', 'You register places of your own area only');
  return db.transaction((tx) => insertPlace(tx, ctx, input, status));
}

/** The writing part of registerPlace, inside the caller's transaction (an import writes many places in one). */
export async function insertPlace(tx: Queryable, ctx: Ctx, input: NewPlace, status: PlaceStatus) {
  const [same] = await tx.select({ id: householdPlaces.id }).from(householdPlaces)
    .where(and(eq(householdPlaces.regionCode, input.regionCode), eq(householdPlaces.kind, input.kind), eq(householdPlaces.name, input.name)));
  if (same) throw conflict('PLACE_EXISTS', `本镇（街道）已登记“${input.name}”`, `"${input.name}" is registered in this town already`, 'name');
  const [place] = await tx.insert(householdPlaces).values({ ...input, address: input.address ?? '', createdBy: ctx.actor.userId! }).returning();
  const [first] = await tx.insert(householdPlaceStatus).values({ placeId: place.id, ...status, collectionRooms: status.collectionRooms ?? 0, note: status.note ?? '', recordedBy: ctx.actor.userId! }).returning();
  await recordAudit(tx, ctx, { action: 'household.place.register', entityType: 'household_place', entityId: place.id, regionCode: place.regionCode, after: { place, status: first } });
  return { ...place, status: first };
}

/** A new status of a place from a day on (households, sorting stages); the earlier ones stay. */
export async function recordPlaceStatus(db: Db, ctx: Ctx, placeId: string, status: PlaceStatus) {
  const actor = ctx.actor;
  refuseFutureStatus(status, 'asOf');
  return db.transaction(async (tx) => {
    const [place] = await tx.select().from(householdPlaces).where(and(eq(householdPlaces.id, placeId), visiblePlaces(actor))).for('update');
    if (!place) throw notFound(PLACE);
    return insertPlaceStatus(tx, ctx, place, status);
  });
}

/** The writing part of recordPlaceStatus, inside the caller's transaction, for a place it has locked. */
export async function insertPlaceStatus(tx: Queryable, ctx: Ctx, place: { id: string; regionCode: string }, status: PlaceStatus) {
  // The whole latest status, so the audit row shows what changed from it (before → after).
  const [latest] = await tx.select().from(householdPlaceStatus).where(eq(householdPlaceStatus.placeId, place.id)).orderBy(desc(householdPlaceStatus.asOf)).limit(1);
  if (latest && status.asOf < latest.asOf) throw badRequest('STATUS_BEFORE_LATEST', `该小区（村）已有 ${latest.asOf} 的状态，新状态不能早于它`, `The place has a status of ${latest.asOf}; a new one cannot be dated before it`, 'asOf');
  const [row] = await tx.insert(householdPlaceStatus).values({ placeId: place.id, ...status, collectionRooms: status.collectionRooms ?? 0, note: status.note ?? '', recordedBy: ctx.actor.userId! }).returning();
  await recordAudit(tx, ctx, { action: 'household.place.status', entityType: 'household_place', entityId: place.id, regionCode: place.regionCode, before: latest ?? null, after: row });
  return row;
}

/**
 * The places of the keeper's area with their status on a day (the latest dated on or before it), a
 * page at a time, and the coverage over every place the query matches: households in places sorted
 * at all four stages over all households.
 */
export async function pagePlaces(db: Db, actor: Actor, query: { regionCode?: string; kind?: PlaceKind; on: string; page: number; pageSize: number }) {
  if (!keeper(actor)) throw forbidden('小区和村的名录由城市管理、住房城乡建设部门维护', 'The register of communities and villages is kept by urban management and housing');
  // The query names the table `p`: the area is matched on that alias, not on the table's own name.
  const where = sql.join([areaSql(actor, sql`p.region_code`), narrowSql(actor, sql`p.region_code`, query.regionCode) ?? sql`true`, query.kind ? sql`p.kind = ${query.kind}` : sql`true`], sql` AND `);
  const latest = sql`LEFT JOIN LATERAL (SELECT s.as_of, s.households, s.sorted_deposit, s.sorted_collection, s.sorted_transport, s.sorted_treatment, s.collection_rooms
    FROM household_place_status s WHERE s.place_id = p.id AND s.as_of <= ${query.on}::date ORDER BY s.as_of DESC, s.created_at DESC LIMIT 1) s ON true`;
  const covered = sql`(s.sorted_deposit AND s.sorted_collection AND s.sorted_transport AND s.sorted_treatment)`;
  const [items, [summary]] = await Promise.all([
    db.execute<PlaceRow>(sql`
      SELECT p.id, p.region_code AS "regionCode", rg.name AS "regionName", p.kind, p.name, p.address, p.longitude, p.latitude, p.created_at AS "createdAt",
        CASE WHEN s.as_of IS NULL THEN NULL ELSE json_build_object('asOf', s.as_of, 'households', s.households, 'sortedDeposit', s.sorted_deposit, 'sortedCollection', s.sorted_collection,
          'sortedTransport', s.sorted_transport, 'sortedTreatment', s.sorted_treatment, 'collectionRooms', s.collection_rooms) END AS status,
        coalesce(${covered}, false) AS covered
      FROM household_places p LEFT JOIN regions rg ON rg.code = p.region_code ${latest}
      WHERE ${where} ORDER BY p.region_code, p.kind, p.name, p.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`).then((r) => r.rows),
    db.execute<{ places: number; households: number; covered: number }>(sql`
      SELECT count(*)::int AS places, coalesce(sum(s.households), 0)::int AS households, coalesce(sum(s.households) FILTER (WHERE ${covered}), 0)::int AS covered
      FROM household_places p ${latest} WHERE ${where}`).then((r) => r.rows),
  ]);
  return {
    items: items.map((i) => ({ ...i, createdAt: new Date(i.createdAt) })), total: summary.places, page: query.page, pageSize: query.pageSize,
    summary: { places: summary.places, households: summary.households, coveredHouseholds: summary.covered, coveragePct: summary.households ? Math.round((summary.covered / summary.households) * 1000) / 10 : null },
  };
}
