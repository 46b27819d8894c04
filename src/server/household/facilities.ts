import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { householdFacilities, householdRoutes, householdVehicles } from './schema';
import { vehicles, organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { requireRegion } from '../platform/regions/service';
import { FACILITY_KINDS, type FacilityKind, type HouseholdClass, type TicketClass } from '../../domain/household';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { areaSql, inArea, narrowSql, requireKeeper } from './access';

// The household chain's facilities (collection points, transfer stations, plants, landfills, with
// their capacity in t/d), its collection trucks (a company's registered vehicle, with the class it
// carries and its registered tare) and its routes (stops in order, trucks, the facilities loads go
// to). Kept by the departments that regulate household waste, in their own area (ADR 0006).

type Ctx = AuditContext & { actor: Actor };
const FACILITY = { zh: '设施', en: 'Facility' };

type FacilityRow = {
  id: string; regionCode: string; regionName: string | null; kind: string; name: string; address: string; longitude: number | null; latitude: number | null; capacityTPerDay: number | null;
  classes: string[]; opensAt: string | null; closesAt: string | null; status: string; operatorId: string | null; operatorName: string | null; periodT: number; lastDayT: number; tickets: number; total: number;
};

export interface NewFacility {
  regionCode: string; kind: FacilityKind; name: string; address?: string; longitude?: number; latitude?: number;
  capacityTPerDay?: number; classes: HouseholdClass[]; opensAt?: string; closesAt?: string; operatorId?: string;
}

async function requireAreaRegion(db: Db, actor: Actor, regionCode: string) {
  await requireRegion(db, regionCode, 'regionCode');
  if (!inArea(actor, regionCode)) throw forbidden('只能登记本辖区的设施和线路', 'You register facilities and routes of your own area only');
}

/** Registers a facility in the keeper's area; the operator (a verified company of the area) is whose weighbridge token may post its tickets. */
export async function registerFacility(db: Db, ctx: Ctx, input: NewFacility) {
  const actor = requireKeeper(ctx.actor);
  await requireAreaRegion(db, actor, input.regionCode);
  if (FACILITY_KINDS[input.kind].treats && !input.capacityTPerDay) throw badRequest('CAPACITY_REQUIRED', '处理设施须填写设计处理能力（吨/日）', 'A treatment facility needs its design capacity (t/d)', 'capacityTPerDay');
  if (input.operatorId) {
    const [operator] = await db.select({ regionCode: organisations.regionCode, status: organisations.status }).from(organisations).where(eq(organisations.id, input.operatorId));
    if (!operator || !inArea(actor, operator.regionCode)) throw badRequest('UNKNOWN_OPERATOR', '运营单位不存在或不在本辖区', 'The operator is not a company of your area', 'operatorId');
  }
  return db.transaction(async (tx) => {
    const [same] = await tx.select({ id: householdFacilities.id }).from(householdFacilities).where(and(eq(householdFacilities.regionCode, input.regionCode), eq(householdFacilities.name, input.name)));
    if (same) throw conflict('FACILITY_EXISTS', `本区域已登记“${input.name}”`, `"${input.name}" is registered in this area already`, 'name');
    const { operatorId, ...rest } = input;
    const [row] = await tx.insert(householdFacilities).values({ ...rest, address: input.address ?? '', organisationId: operatorId ?? null, createdBy: actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'household.facility.register', entityType: 'household_facility', entityId: row.id, regionCode: row.regionCode, after: row });
    return row;
  });
}

/**
 * The facilities of the keeper's area (a facility's operator: its own), each with its load: tonnes
 * weighed on the day asked for and the average per day over the period, against its capacity.
 */
export async function pageFacilities(db: Db, actor: Actor, query: { regionCode?: string; kind?: FacilityKind; from: string; to: string; page: number; pageSize: number }) {
  const visible = actor.role === 'platform_admin' || actor.role === 'office' || actor.role === 'regulator'
    ? (requireKeeper(actor), areaSql(actor, sql`f.region_code`))
    : actor.organisationId ? sql`f.organisation_id = ${actor.organisationId}` : sql`false`;
  const where = sql.join([visible, narrowSql(actor, sql`f.region_code`, query.regionCode) ?? sql`true`, query.kind ? sql`f.kind = ${query.kind}` : sql`true`], sql` AND `);
  const days = Math.max(1, Math.round((Date.parse(query.to) - Date.parse(query.from)) / 86_400_000) + 1);
  const rows = await db.execute<FacilityRow>(sql`
    SELECT f.id, f.region_code AS "regionCode", rg.name AS "regionName", f.kind, f.name, f.address, f.longitude, f.latitude, f.capacity_t_per_day::float8 AS "capacityTPerDay",
      f.classes, f.opens_at AS "opensAt", f.closes_at AS "closesAt", f.status, f.organisation_id AS "operatorId", o.name AS "operatorName",
      coalesce(l.net_t, 0)::float8 AS "periodT", coalesce(l.last_day_t, 0)::float8 AS "lastDayT", coalesce(l.tickets, 0)::int AS tickets,
      count(*) OVER ()::int AS total
    FROM household_facilities f
    LEFT JOIN regions rg ON rg.code = f.region_code
    LEFT JOIN organisations o ON o.id = f.organisation_id
    LEFT JOIN LATERAL (SELECT sum(d.net_t) AS net_t, sum(d.net_t) FILTER (WHERE d.day = ${query.to}::date) AS last_day_t, sum(d.tickets) AS tickets
      FROM weighbridge_daily d WHERE d.facility_id = f.id AND d.day BETWEEN ${query.from}::date AND ${query.to}::date) l ON true
    WHERE ${where}
    ORDER BY f.region_code, f.kind, f.name, f.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`);
  const items = rows.rows.map(({ total: _total, ...r }) => {
    const capacity = r.capacityTPerDay;
    const perDay = Math.round((r.periodT / days) * 1000) / 1000;
    return { ...r, averagePerDayT: perDay, loadPct: capacity ? Math.round((perDay / capacity) * 1000) / 10 : null, lastDayLoadPct: capacity ? Math.round((r.lastDayT / capacity) * 1000) / 10 : null };
  });
  return { items, total: rows.rows[0]?.total ?? 0, page: query.page, pageSize: query.pageSize, days };
}

/** Registers a company's vehicle as a household collection truck: the class it carries and its tare as weighed empty. */
export async function registerCollectionVehicle(db: Db, ctx: Ctx, input: { plate: string; wasteClass: TicketClass; tareT: number }) {
  const actor = requireKeeper(ctx.actor);
  const [vehicle] = await db.select({ id: vehicles.id, loadT: vehicles.loadT, active: vehicles.active, regionCode: organisations.regionCode, owner: organisations.name })
    .from(vehicles).innerJoin(organisations, eq(organisations.id, vehicles.organisationId)).where(eq(vehicles.plate, input.plate));
  if (!vehicle || !inArea(actor, vehicle.regionCode)) throw badRequest('UNKNOWN_PLATE', `车牌 ${input.plate} 未由本辖区的单位登记：请收运单位先在“车辆”中登记`, `Plate ${input.plate} is not registered by a company of your area: the collector registers it under Vehicles first`, 'plate');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(householdVehicles).values({ vehicleId: vehicle.id, regionCode: vehicle.regionCode, wasteClass: input.wasteClass, tareT: input.tareT, createdBy: actor.userId! })
      .onConflictDoNothing().returning();
    if (!row) throw conflict('VEHICLE_EXISTS', `车辆 ${input.plate} 已登记为生活垃圾收运车辆`, `${input.plate} is a registered collection truck already`, 'plate');
    await recordAudit(tx, ctx, { action: 'household.vehicle.register', entityType: 'household_vehicle', entityId: vehicle.id, regionCode: row.regionCode, after: { ...row, plate: input.plate } });
    return { ...row, plate: input.plate, loadT: vehicle.loadT, owner: vehicle.owner };
  });
}

export async function pageCollectionVehicles(db: Db, actor: Actor, query: { regionCode?: string; page: number; pageSize: number }) {
  requireKeeper(actor);
  const where = sql.join([areaSql(actor, sql`hv.region_code`), narrowSql(actor, sql`hv.region_code`, query.regionCode) ?? sql`true`], sql` AND `);
  const rows = await db.execute<{ vehicleId: string; plate: string; wasteClass: string; tareT: number; loadT: number; active: boolean; owner: string; regionCode: string; routes: number; total: number }>(sql`
    SELECT hv.vehicle_id AS "vehicleId", v.plate, hv.waste_class AS "wasteClass", hv.tare_t::float8 AS "tareT", v.load_t::float8 AS "loadT", v.active, o.name AS owner, hv.region_code AS "regionCode",
      (SELECT count(*)::int FROM household_routes r WHERE hv.vehicle_id = ANY(r.vehicle_ids) AND r.active) AS routes, count(*) OVER ()::int AS total
    FROM household_vehicles hv JOIN vehicles v ON v.id = hv.vehicle_id JOIN organisations o ON o.id = v.organisation_id
    WHERE ${where} ORDER BY v.plate LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`);
  return { items: rows.rows.map(({ total: _t, ...r }) => r), total: rows.rows[0]?.total ?? 0, page: query.page, pageSize: query.pageSize };
}

export interface NewRoute { regionCode: string; name: string; kind: 'urban' | 'village'; wasteClass: HouseholdClass; plates: string[]; facilityIds: string[]; stops: { name: string; placeId?: string }[] }

/** A collection route of the keeper's area: its trucks must be registered collection trucks, its facilities facilities of the area. */
export async function registerRoute(db: Db, ctx: Ctx, input: NewRoute) {
  const actor = requireKeeper(ctx.actor);
  await requireAreaRegion(db, actor, input.regionCode);
  const trucks = input.plates.length ? await db.select({ id: vehicles.id, plate: vehicles.plate }).from(householdVehicles).innerJoin(vehicles, eq(vehicles.id, householdVehicles.vehicleId))
    .where(and(sql`${vehicles.plate} = ANY(${sql.param(input.plates)}::text[])`, areaSql(actor, sql`${householdVehicles.regionCode}`))) : [];
  const unknown = input.plates.find((p) => !trucks.some((t) => t.plate === p));
  if (unknown) throw badRequest('UNKNOWN_PLATE', `${unknown} 不是本辖区登记的生活垃圾收运车辆`, `${unknown} is not a registered collection truck of your area`, `plates.${input.plates.indexOf(unknown)}`);
  const facilities = await db.select({ id: householdFacilities.id }).from(householdFacilities)
    .where(and(sql`${householdFacilities.id} = ANY(${sql.param(input.facilityIds)}::uuid[])`, areaSql(actor, sql`${householdFacilities.regionCode}`)));
  const missing = input.facilityIds.findIndex((id) => !facilities.some((f) => f.id === id));
  if (missing >= 0) throw badRequest('UNKNOWN_FACILITY', '线路的去向设施不在本辖区的名录中', 'A facility of the route is not in your area’s register', `facilityIds.${missing}`);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(householdRoutes).values({ regionCode: input.regionCode, name: input.name, kind: input.kind, wasteClass: input.wasteClass,
      vehicleIds: input.plates.map((p) => trucks.find((t) => t.plate === p)!.id), facilityIds: input.facilityIds, stops: input.stops, createdBy: actor.userId! }).onConflictDoNothing().returning();
    if (!row) throw conflict('ROUTE_EXISTS', `本区域已有线路“${input.name}”`, `A route "${input.name}" exists in this area already`, 'name');
    await recordAudit(tx, ctx, { action: 'household.route.register', entityType: 'household_route', entityId: row.id, regionCode: row.regionCode, after: row });
    return { ...row, plates: input.plates };
  });
}

export async function pageRoutes(db: Db, actor: Actor, query: { regionCode?: string; page: number; pageSize: number }) {
  requireKeeper(actor);
  const where = sql.join([areaSql(actor, sql`r.region_code`), narrowSql(actor, sql`r.region_code`, query.regionCode) ?? sql`true`], sql` AND `);
  const rows = await db.execute<{ id: string; regionCode: string; regionName: string | null; name: string; kind: string; wasteClass: string; stops: { name: string; placeId?: string }[]; active: boolean; plates: string[]; facilities: { id: string; name: string; kind: string }[]; total: number }>(sql`
    SELECT r.id, r.region_code AS "regionCode", rg.name AS "regionName", r.name, r.kind, r.waste_class AS "wasteClass", r.stops, r.active,
      coalesce((SELECT array_agg(v.plate ORDER BY v.plate) FROM vehicles v WHERE v.id = ANY(r.vehicle_ids)), '{}') AS plates,
      coalesce((SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'kind', f.kind) ORDER BY array_position(r.facility_ids, f.id)) FROM household_facilities f WHERE f.id = ANY(r.facility_ids)), '[]') AS facilities,
      count(*) OVER ()::int AS total
    FROM household_routes r LEFT JOIN regions rg ON rg.code = r.region_code
    WHERE ${where} ORDER BY r.region_code, r.name LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`);
  return { items: rows.rows.map(({ total: _t, ...r }) => r), total: rows.rows[0]?.total ?? 0, page: query.page, pageSize: query.pageSize };
}

/** A facility the actor may post tickets for or read: its operator, or a keeper of its area. */
export async function facilityFor(db: Db, actor: Actor, facilityId: string) {
  const [f] = await db.select().from(householdFacilities).where(eq(householdFacilities.id, facilityId));
  const mine = !!f && !!actor.organisationId && f.organisationId === actor.organisationId;
  const keeps = !!f && (actor.role === 'platform_admin' || ((actor.role === 'office' || actor.role === 'regulator') && inArea(actor, f.regionCode)));
  if (!f || !(mine || (keeps && (requireKeeper(actor), true)))) throw notFound(FACILITY);
  return f;
}
