import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { regulatesStream, type Actor } from '../platform/policy';
import { ledgerOrganisation } from '../ledger/service';
import { householdPlaces } from '../household/schema';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { regionScopePrefix } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { RECYCLABLES } from '../../domain/streams/recyclables';
import { EWASTE } from '../../domain/streams/ewaste';
import { RECYCLABLE_CATEGORIES, applianceType } from '../../domain/recycling';
import { recordIntake, type IntakeInput } from './intake';
import { recyclingIntake, recyclingSites, ewasteUnits, ewasteUnitEvents } from './schema';
import { MEDICAL_INDUSTRY_PG } from '../../domain/indicators/populations';

// 再生资源: a station's or the sorting centre's electronic ledger (电子统计台账, seed 004 三(五)(七)),
// the network register and its coverage of communities and towns (三(二)(三)), and the e-waste units
// traced from intake to their dismantling. Who sees what: a site its own; the recycling company its
// sites; the commerce bureau (ecology too for e-waste) and the office their area; a dismantler the
// units it received.

type Ctx = AuditContext & { actor: Actor };

const isOfficial = (a: Actor) => a.role === 'office' || a.role === 'regulator';
const like = (regionCode: string) => `${regionScopePrefix(regionCode)}%`;
const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;
/** The site the actor keeps the ledger of: a verified station or sorting centre. */
async function siteOf(q: Queryable, a: Actor) {
  const org = await ledgerOrganisation(q, a);
  if (!org.capabilities.some((c) => c === 'recycling_station' || c === 'sorting_centre')) {
    throw forbidden('本单位未登记为再生资源回收网点或分拣中心', 'Your organisation is not registered as a recycling station or sorting centre');
  }
  return org;
}

/** Rows of sites the actor may list: its area's as an official of the stream, its own, or its company's sites. */
function siteScope(a: Actor, regionColumn: SQL | typeof recyclingIntake.regionCode, siteColumn: SQL | typeof recyclingIntake.siteId, stream = RECYCLABLES.key): SQL {
  if (a.role === 'platform_admin') return sql`true`;
  if (isOfficial(a)) {
    if (!regulatesStream(a, stream)) throw forbidden('再生资源回收由商务部门监管', 'Renewable-resource collection is regulated by the commerce bureau');
    return sql`${regionColumn} LIKE ${like(a.regionCode)}`;
  }
  if (!a.organisationId) throw forbidden();
  return sql`(${siteColumn} = ${a.organisationId} OR ${siteColumn} IN (SELECT organisation_id FROM recycling_sites WHERE operator_id = ${a.organisationId}))`;
}

export type StationIntake = Omit<IntakeInput, 'source' | 'bookingId' | 'manifestId'> & { source: 'walk_in' | 'collector' | 'enterprise' | 'institution' };

/** A clerk's intake at the counter: a resident, a mobile collector, a company, a medical institution. */
export async function recordStationIntake(db: Db, ctx: Ctx, input: StationIntake) {
  return db.transaction(async (tx) => recordIntake(tx, ctx, await siteOf(tx, ctx.actor), input));
}

export interface IntakeFilter { month?: string; category?: string; source?: string; siteId?: string }

function intakeWhere(a: Actor, f: IntakeFilter): SQL {
  const parts: SQL[] = [siteScope(a, recyclingIntake.regionCode, recyclingIntake.siteId)];
  if (f.month) parts.push(sql`${recyclingIntake.receivedOn} >= ${`${f.month}-01`}::date AND ${recyclingIntake.receivedOn} < (${`${f.month}-01`}::date + interval '1 month')`);
  if (f.category) parts.push(eq(recyclingIntake.category, f.category));
  if (f.source) parts.push(eq(recyclingIntake.source, f.source));
  if (f.siteId) parts.push(eq(recyclingIntake.siteId, f.siteId));
  return and(...parts)!;
}

/** The ledger, newest first, with its seller's and site's names. */
export async function pageIntake(db: Db, a: Actor, f: IntakeFilter, page: number, pageSize: number) {
  const where = intakeWhere(a, f);
  const [items, [{ total }]] = await Promise.all([
    db.select({
      id: recyclingIntake.id, siteId: recyclingIntake.siteId, siteName: sql<string>`(SELECT name FROM organisations o WHERE o.id = ${recyclingIntake.siteId})`,
      receivedOn: recyclingIntake.receivedOn, category: recyclingIntake.category, wasteCode: recyclingIntake.wasteCode, weightKg: recyclingIntake.weightKg, itemCount: recyclingIntake.itemCount,
      source: recyclingIntake.source, manifestId: recyclingIntake.manifestId, bookingId: recyclingIntake.bookingId, sellerOrgId: recyclingIntake.sellerOrgId,
      sellerOrgName: sql<string | null>`(SELECT name FROM organisations o WHERE o.id = ${recyclingIntake.sellerOrgId})`,
      sellerName: recyclingIntake.sellerName, sellerCertificate: recyclingIntake.sellerCertificate, unitPriceYuan: recyclingIntake.unitPriceYuan, amountYuan: recyclingIntake.amountYuan,
      note: recyclingIntake.note, recordedAt: recyclingIntake.recordedAt,
    }).from(recyclingIntake).where(where).orderBy(desc(recyclingIntake.receivedOn), desc(recyclingIntake.recordedAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(recyclingIntake).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** A month's totals by category (what the monthly declaration is prefilled from). */
export async function monthTotals(db: Db, a: Actor, month: string, siteId?: string) {
  const rows = await db.select({ category: recyclingIntake.category, weightKg: sql<number>`sum(${recyclingIntake.weightKg})`.mapWith(Number), itemCount: sql<number>`coalesce(sum(${recyclingIntake.itemCount}), 0)`.mapWith(Number), lines: sql<number>`count(*)`.mapWith(Number) })
    .from(recyclingIntake).where(intakeWhere(a, { month, siteId })).groupBy(recyclingIntake.category);
  const items = RECYCLABLE_CATEGORIES.map((c) => {
    const r = rows.find((x) => x.category === c.value);
    return { category: c.value, wasteCode: c.code, weightT: round((r?.weightKg ?? 0) / 1000), itemCount: r?.itemCount ?? 0, lines: r?.lines ?? 0 };
  });
  return { month, items, totalT: round(items.reduce((n, i) => n + i.weightT, 0)) };
}

// ── E-waste units ─────────────────────────────────────────────────────────────────────────────

const latestKind = sql<string>`coalesce((SELECT e.kind FROM ewaste_unit_events e WHERE e.unit_id = ${ewasteUnits.id} ORDER BY e.recorded_at DESC, (e.kind = 'dismantled') DESC LIMIT 1), 'collected')`;
const atDismantler = (orgId: string) => sql`EXISTS (SELECT 1 FROM ewaste_unit_events e WHERE e.unit_id = ${ewasteUnits.id} AND e.organisation_id = ${orgId} AND e.kind = 'received')`;

function unitScope(a: Actor): SQL {
  if (a.role === 'platform_admin') return sql`true`;
  if (isOfficial(a)) {
    if (!regulatesStream(a, EWASTE.key)) throw forbidden('废弃电器电子产品由商务、生态环境部门监管', 'E-waste is regulated by the commerce and ecology bureaus');
    return sql`${ewasteUnits.regionCode} LIKE ${like(a.regionCode)}`;
  }
  if (!a.organisationId) throw forbidden();
  return sql`(${ewasteUnits.siteId} = ${a.organisationId} OR ${ewasteUnits.siteId} IN (SELECT organisation_id FROM recycling_sites WHERE operator_id = ${a.organisationId}) OR ${atDismantler(a.organisationId)})`;
}

export interface UnitFilter { state?: string; siteId?: string; serial?: string }

export async function pageUnits(db: Db, a: Actor, f: UnitFilter, page: number, pageSize: number) {
  const parts = [unitScope(a)];
  if (f.state) parts.push(sql`${latestKind} = ${f.state}`);
  if (f.siteId) parts.push(eq(ewasteUnits.siteId, f.siteId));
  if (f.serial) parts.push(sql`${ewasteUnits.serial} ILIKE ${`${f.serial.replace(/[\\%_]/g, '')}%`}`);
  const where = and(...parts)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: ewasteUnits.id, siteId: ewasteUnits.siteId, siteName: sql<string>`(SELECT name FROM organisations o WHERE o.id = ${ewasteUnits.siteId})`,
      applianceType: ewasteUnits.applianceType, brand: ewasteUnits.brand, model: ewasteUnits.model, serial: ewasteUnits.serial, weightKg: ewasteUnits.weightKg,
      collectedOn: sql<string>`(SELECT received_on FROM recycling_intake i WHERE i.id = ${ewasteUnits.intakeId})`, state: latestKind })
      .from(ewasteUnits).where(where).orderBy(desc(ewasteUnits.createdAt), ewasteUnits.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(ewasteUnits).where(where),
  ]);
  return { items: items.map((u) => ({ ...u, collectedOn: String(u.collectedOn) })), total, page, pageSize };
}

export interface Dismantling { unitId: string; dismantledOn: string; line: string; outputs?: string }

/**
 * A licensed dismantler records a unit's dismantling: only a unit it has received, once. A second
 * record of the same unit is a conflict naming its serial (the subsidy pays a unit once).
 */
export async function recordDismantling(db: Db, ctx: Ctx, input: Dismantling) {
  if (input.dismantledOn > shanghaiDate(new Date())) throw badRequest('FUTURE_DATE', '拆解日期不能晚于今天', 'The dismantling date cannot be after today', 'dismantledOn');
  return db.transaction(async (tx) => {
    const org = await ledgerOrganisation(tx, ctx.actor);
    if (!org.capabilities.includes('ewaste_dismantler')) throw forbidden('本单位未取得废弃电器电子产品处理资格', 'Your organisation holds no e-waste treatment qualification');
    const [unit] = await tx.select().from(ewasteUnits).where(eq(ewasteUnits.id, input.unitId)).for('update');
    const events = unit ? await tx.select().from(ewasteUnitEvents).where(eq(ewasteUnitEvents.unitId, unit.id)) : [];
    const received = events.find((e) => e.kind === 'received' && e.organisationId === org.id);
    if (!unit || !received) throw notFound({ zh: '本厂已接收的电器', en: 'Unit received by your plant' });
    const label = `${applianceType(unit.applianceType)?.zh ?? '电器'}${unit.serial ? `（编号 ${unit.serial}）` : ''}`;
    if (events.some((e) => e.kind === 'dismantled')) throw conflict('ALREADY_DISMANTLED', `${label}已登记拆解，不能重复登记`, `This unit${unit.serial ? ` (serial ${unit.serial})` : ''} is already recorded as dismantled`, 'unitId');
    if (input.dismantledOn < received.happenedOn) throw badRequest('BEFORE_RECEPTION', `拆解日期不能早于接收日期 ${received.happenedOn}`, `Dismantling cannot precede reception on ${received.happenedOn}`, 'dismantledOn');
    const [row] = await tx.insert(ewasteUnitEvents).values({ unitId: unit.id, regionCode: unit.regionCode, kind: 'dismantled', organisationId: org.id, manifestId: received.manifestId, happenedOn: input.dismantledOn, line: input.line.trim(), outputs: input.outputs?.trim() ?? '', recordedBy: ctx.actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'ewaste_unit.dismantle', entityType: 'ewaste_unit', entityId: unit.id, regionCode: unit.regionCode, organisationId: org.id, after: row });
    return { ...row, serial: unit.serial, applianceType: unit.applianceType };
  });
}

/** A unit's trace: its intake (booking or counter), the loads it went on, its dismantling. */
export async function unitTrace(db: Db, a: Actor, unitId: string) {
  const [unit] = await db.select().from(ewasteUnits).where(and(eq(ewasteUnits.id, unitId), unitScope(a)));
  if (!unit) throw notFound({ zh: '电器', en: 'Unit' });
  const [intake] = await db.select({ receivedOn: recyclingIntake.receivedOn, source: recyclingIntake.source, bookingId: recyclingIntake.bookingId }).from(recyclingIntake).where(eq(recyclingIntake.id, unit.intakeId));
  const events = await db.select({ kind: ewasteUnitEvents.kind, happenedOn: ewasteUnitEvents.happenedOn, organisationId: ewasteUnitEvents.organisationId, organisationName: organisations.name,
    manifestId: ewasteUnitEvents.manifestId, manifestNumber: sql<string | null>`(SELECT number FROM manifests m WHERE m.id = ${ewasteUnitEvents.manifestId})`, line: ewasteUnitEvents.line, outputs: ewasteUnitEvents.outputs })
    .from(ewasteUnitEvents).innerJoin(organisations, eq(organisations.id, ewasteUnitEvents.organisationId)).where(eq(ewasteUnitEvents.unitId, unit.id)).orderBy(ewasteUnitEvents.recordedAt).limit(20);
  const [site] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, unit.siteId));
  return {
    id: unit.id, applianceType: unit.applianceType, brand: unit.brand, model: unit.model, serial: unit.serial, weightKg: unit.weightKg,
    siteId: unit.siteId, siteName: site?.name ?? '', collectedOn: intake.receivedOn, source: intake.source, bookingId: intake.bookingId,
    state: events.at(-1)?.kind ?? 'collected', events,
  };
}

/** Collected against dismantled: per station (where units were taken in) and per dismantler (what it received). */
export async function ewasteSummary(db: Db, a: Actor, year: number) {
  const scope = unitScope(a);
  const from = `${year}-01-01`, to = `${year + 1}-01-01`;
  const inYear = sql`(SELECT received_on FROM recycling_intake i WHERE i.id = ${ewasteUnits.intakeId}) >= ${from}::date AND (SELECT received_on FROM recycling_intake i WHERE i.id = ${ewasteUnits.intakeId}) < ${to}::date`;
  const has = (kind: string) => sql`EXISTS (SELECT 1 FROM ewaste_unit_events e WHERE e.unit_id = ${ewasteUnits.id} AND e.kind = ${kind})`;
  const bySite = await db.select({ siteId: ewasteUnits.siteId, siteName: organisations.name, collected: sql<number>`count(*)`.mapWith(Number),
    shipped: sql<number>`count(*) FILTER (WHERE ${has('shipped')})`.mapWith(Number), dismantled: sql<number>`count(*) FILTER (WHERE ${has('dismantled')})`.mapWith(Number) })
    .from(ewasteUnits).innerJoin(organisations, eq(organisations.id, ewasteUnits.siteId)).where(and(scope, inYear)).groupBy(ewasteUnits.siteId, organisations.name).orderBy(organisations.name).limit(500);
  const byDismantler = await db.select({ organisationId: ewasteUnitEvents.organisationId, organisationName: organisations.name,
    received: sql<number>`count(*) FILTER (WHERE ${ewasteUnitEvents.kind} = 'received')`.mapWith(Number), dismantled: sql<number>`count(*) FILTER (WHERE ${ewasteUnitEvents.kind} = 'dismantled')`.mapWith(Number) })
    .from(ewasteUnitEvents).innerJoin(ewasteUnits, eq(ewasteUnits.id, ewasteUnitEvents.unitId)).innerJoin(organisations, eq(organisations.id, ewasteUnitEvents.organisationId))
    .where(and(scope, inYear, inArray(ewasteUnitEvents.kind, ['received', 'dismantled']))).groupBy(ewasteUnitEvents.organisationId, organisations.name).orderBy(organisations.name).limit(500);
  const collected = bySite.reduce((n, s) => n + s.collected, 0), dismantled = bySite.reduce((n, s) => n + s.dismantled, 0);
  return { year, collected, dismantled, dismantledPct: collected ? Math.round((dismantled / collected) * 1000) / 10 : null, bySite, byDismantler };
}

// ── The network ──────────────────────────────────────────────────────────────────────────────

export interface SiteInput { organisationId: string; kind: 'station' | 'sorting_centre'; servedPlaceIds: string[]; servedTownCodes: string[]; openedOn?: string }

/** The recycling company registers one of its stations or its sorting centre, or changes the area it serves. */
export async function registerSite(db: Db, ctx: Ctx, input: SiteInput) {
  return db.transaction(async (tx) => {
    const company = await ledgerOrganisation(tx, ctx.actor);
    if (!company.capabilities.includes('recycler')) throw forbidden('只有再生资源回收企业可以登记回收网点和分拣中心', 'Only a recycling company registers stations and sorting centres');
    const [site] = await tx.select().from(organisations).where(eq(organisations.id, input.organisationId));
    const needs = input.kind === 'station' ? 'recycling_station' : 'sorting_centre';
    if (!site || site.status !== 'verified' || site.kind !== 'enterprise' || !site.capabilities.includes(needs)) {
      throw badRequest('NOT_A_SITE', input.kind === 'station' ? '该单位未登记为再生资源回收网点' : '该单位未登记为再生资源分拣中心', input.kind === 'station' ? 'The organisation is not registered as a recycling station' : 'The organisation is not registered as a sorting centre', 'organisationId');
    }
    const [existing] = await tx.select().from(recyclingSites).where(eq(recyclingSites.organisationId, site.id)).for('update');
    if (existing && existing.operatorId !== company.id) throw conflict('SITE_OF_ANOTHER', '该网点由另一家回收企业经营', 'Another company runs this site', 'organisationId');
    const places = [...new Set(input.servedPlaceIds)];
    if (places.length) {
      const found = await tx.select({ id: householdPlaces.id, regionCode: householdPlaces.regionCode }).from(householdPlaces).where(inArray(householdPlaces.id, places));
      if (found.length !== places.length || found.some((p) => !p.regionCode.startsWith(site.regionCode.slice(0, 6)))) throw badRequest('UNKNOWN_PLACE', '所服务的小区须为本县（市、区）户籍登记中的小区', 'The communities served must be in the county’s household register', 'servedPlaceIds');
    }
    const towns = [...new Set(input.servedTownCodes)];
    if (towns.some((t) => !t.startsWith(site.regionCode.slice(0, 6)))) throw badRequest('TOWN_OUTSIDE', '服务的镇街须在网点所在县（市、区）内', 'The towns served must lie in the site’s county', 'servedTownCodes');
    const values = { operatorId: company.id, regionCode: site.regionCode, kind: input.kind, servedPlaceIds: places, servedTownCodes: towns, openedOn: input.openedOn ?? null };
    const [row] = existing
      ? await tx.update(recyclingSites).set(values).where(eq(recyclingSites.organisationId, site.id)).returning()
      : await tx.insert(recyclingSites).values({ organisationId: site.id, ...values }).returning();
    await recordAudit(tx, ctx, { action: existing ? 'recycling_site.update' : 'recycling_site.register', entityType: 'recycling_site', entityId: site.id, regionCode: site.regionCode, organisationId: company.id, before: existing ?? null, after: row });
    return { ...row, name: site.name, created: !existing };
  });
}

export async function pageSites(db: Db, a: Actor, kind: string | undefined, page: number, pageSize: number) {
  const where = and(siteScope(a, recyclingSites.regionCode as never, sql`${recyclingSites.organisationId}`), kind ? eq(recyclingSites.kind, kind as 'station') : sql`true`)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ organisationId: recyclingSites.organisationId, name: organisations.name, regionCode: recyclingSites.regionCode, kind: recyclingSites.kind, operatorId: recyclingSites.operatorId,
      operatorName: sql<string>`(SELECT name FROM organisations o WHERE o.id = ${recyclingSites.operatorId})`, servedPlaceIds: recyclingSites.servedPlaceIds, servedTownCodes: recyclingSites.servedTownCodes,
      servedPlaceNames: sql<string[]>`coalesce((SELECT array_agg(p.name ORDER BY p.name) FROM household_places p WHERE p.id = ANY(${recyclingSites.servedPlaceIds})), '{}')`,
      openedOn: recyclingSites.openedOn, longitude: organisations.longitude, latitude: organisations.latitude })
      .from(recyclingSites).innerJoin(organisations, eq(organisations.id, recyclingSites.organisationId)).where(where).orderBy(recyclingSites.kind, organisations.name).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(recyclingSites).where(where),
  ]);
  return { items, total, page, pageSize };
}

/**
 * 覆盖情况 for the commerce bureau: per town, its communities with and without a station serving
 * them (a station serving a whole town covers all its communities), and per county its sorting centres
 * (seed 004 三(三): one each).
 */
export async function coverage(db: Db, a: Actor) {
  if (a.role !== 'platform_admin' && !(isOfficial(a) && regulatesStream(a, RECYCLABLES.key))) throw forbidden('网点覆盖情况由商务部门和“无废城市”办公室查看', 'Coverage is for the commerce bureau and the zero-waste office');
  const area = a.role === 'platform_admin' ? '%' : like(a.regionCode);
  const covered = sql`EXISTS (SELECT 1 FROM recycling_sites s WHERE s.kind = 'station' AND (p.id = ANY(s.served_place_ids) OR left(p.region_code, 9) = ANY(s.served_town_codes)))`;
  const towns = (await db.execute<{ town_code: string; town_name: string | null; communities: number; covered: number; stations: number }>(sql`
    SELECT t.town_code, (SELECT r.name FROM regions r WHERE r.code = t.town_code) AS town_name, t.communities, t.covered,
           (SELECT count(*)::int FROM recycling_sites s WHERE s.kind = 'station' AND s.region_code LIKE t.town_code || '%') AS stations
    FROM (SELECT left(p.region_code, 9) AS town_code, count(*)::int AS communities, count(*) FILTER (WHERE ${covered})::int AS covered
          FROM household_places p WHERE p.kind = 'community' AND p.region_code LIKE ${area} GROUP BY 1) t
    ORDER BY 1 LIMIT 1000`)).rows;
  const uncovered = (await db.execute<{ id: string; name: string; region_code: string; longitude: number | null; latitude: number | null }>(sql`
    SELECT p.id, p.name, p.region_code, p.longitude, p.latitude FROM household_places p WHERE p.kind = 'community' AND p.region_code LIKE ${area} AND NOT ${covered} ORDER BY p.region_code, p.name LIMIT 500`)).rows;
  const counties = (await db.execute<{ county_code: string; county_name: string | null; sorting_centres: number; stations: number }>(sql`
    SELECT c.county_code, (SELECT r.name FROM regions r WHERE r.code = c.county_code) AS county_name, c.sorting_centres, c.stations
    FROM (SELECT left(s.region_code, 6) AS county_code, count(*) FILTER (WHERE s.kind = 'sorting_centre')::int AS sorting_centres, count(*) FILTER (WHERE s.kind = 'station')::int AS stations
          FROM recycling_sites s WHERE s.region_code LIKE ${area} GROUP BY 1) c ORDER BY 1 LIMIT 200`)).rows;
  const communities = towns.reduce((n, t) => n + t.communities, 0), coveredCount = towns.reduce((n, t) => n + t.covered, 0);
  return {
    communities, covered: coveredCount, coveredPct: communities ? Math.round((coveredCount / communities) * 1000) / 10 : null,
    towns: towns.map((t) => ({ townCode: t.town_code, townName: t.town_name ?? t.town_code, communities: t.communities, covered: t.covered, stations: t.stations })),
    counties: counties.map((c) => ({ countyCode: c.county_code, countyName: c.county_name ?? c.county_code, sortingCentres: c.sorting_centres, stations: c.stations, meetsOnePerCounty: c.sorting_centres >= 1 })),
    uncovered: uncovered.map((p) => ({ id: p.id, name: p.name, regionCode: p.region_code, longitude: p.longitude, latitude: p.latitude })),
  };
}

/** Verified organisations a clerk may name as a seller: medical institutions, or companies, by name. */
export async function sellerChoices(db: Db, a: Actor, kind: 'institution' | 'enterprise', q: string | undefined, page: number, pageSize: number) {
  const site = await siteOf(db, a);
  const where = and(eq(organisations.status, 'verified'), eq(organisations.kind, 'enterprise'), sql`${organisations.id} <> ${site.id}`,
    sql`${organisations.regionCode} LIKE ${`${site.regionCode.slice(0, 6)}%`}`,
    kind === 'institution' ? sql`coalesce(${organisations.industry}, '') ~ ${MEDICAL_INDUSTRY_PG}` : sql`coalesce(${organisations.industry}, '') !~ ${MEDICAL_INDUSTRY_PG}`,
    q ? sql`${organisations.name} ILIKE ${`%${q.replace(/[\\%_]/g, '')}%`}` : sql`true`)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, industry: organisations.industry }).from(organisations).where(where).orderBy(organisations.name).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(organisations).where(where),
  ]);
  return { items, total, page, pageSize };
}
