import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations, licences, vehicles } from '../platform/organisations/schema';
import { regions } from '../platform/regions/schema';
import { managementPlans } from '../hazardous/schema';
import { declarations } from '../declarations/schema';
import { manifests } from '../manifests/schema';
import { alarms } from '../alarms/schema';
import { auditLog } from '../platform/audit/schema';
import { ledgerSums } from '../ledger/monthly';
import { RULES } from '../alarms/rules';
import { regulatedWaste, regulates, type Actor } from '../platform/policy';
import { regulatedSql, streamOfCodeSql } from '../platform/scope-sql';
import { auditScopeSql } from '../platform/audit/scope';
import { alarmDomainSql } from '../alarms/service';
import { notFound } from '../http/errors';
import { regionScopePrefix } from '../../domain/region-code';
import { licensedStreams } from '../../domain/streams';
import {
  FREQUENT_ALARMS, KEY_UNIT_WINDOW_MONTHS, LONG_STORAGE_DAYS, STORAGE_LIMIT_DAYS,
  capacityStatus, type AgeBand, type CapacityStatus, type KeyUnitReason,
} from '../../domain/supervision';
import { settingInForce } from '../settings/service';
import { historyAccess, type SupervisionScope, type WasteScope } from './policy';

// 监管视图: the key-supervision list, waste in store, capacity matching, the map and one enterprise's
// history. Everything is computed from the current records on each request, so it is never stale.

const ORG = { zh: '单位', en: 'Organisation' };
const round = (n: number) => Math.round(n * 10_000) / 10_000;
const prefixOf = (regionCode: string) => `${regionScopePrefix(regionCode)}%`;
const rowsOf = async <T>(db: Db, query: SQL) => (await db.execute(query)).rows as T[];

/** The codes a scope shows, as a condition on a waste-code column (mirrors regulatedBy()). */
function wasteCondition(waste: WasteScope, code: SQL): SQL {
  if (waste === 'all') return sql`true`;
  if (waste === 'medical') return sql`${code} LIKE '841-%'`;
  return sql`false`;
}

/** Alarms about the scope's waste: for medical waste, those whose manifest or batch carries an 841 code. */
function alarmWasteCondition(waste: WasteScope, a: string): SQL {
  if (waste !== 'medical') return wasteCondition(waste, sql`''`);
  const alarm = sql.raw(a);
  return sql`(EXISTS (SELECT 1 FROM manifests am WHERE am.id = CASE WHEN ${alarm}.subject_type = 'manifest' THEN ${alarm}.subject_id::uuid END AND am.waste_code LIKE '841-%')
    OR EXISTS (SELECT 1 FROM waste_batches ab WHERE ab.id = CASE WHEN ${alarm}.subject_type = 'waste_batch' THEN ${alarm}.subject_id::uuid END AND ab.waste_code LIKE '841-%'))`;
}

/** A licence covering the scope's waste: for medical waste, one naming an 841 code or HW01. */
function licenceWasteCondition(waste: WasteScope, l: string): SQL {
  if (waste !== 'medical') return wasteCondition(waste, sql`''`);
  return sql`EXISTS (SELECT 1 FROM unnest(${sql.raw(l)}.waste_codes) lc WHERE lc LIKE '841-%' OR lc = 'HW01')`;
}

/**
 * The age band as SQL, the same rule as ageBand() in domain/supervision.ts, with the medical-waste
 * limit the batch's region has set (the storage alarm and the ledger's store view use the same).
 */
const bandOf = (code: SQL, hours: SQL, region: SQL) => sql`CASE
  WHEN ${code} LIKE '841-%' THEN CASE WHEN ${hours} > ${settingInForce('medical.storage_hours', region)} THEN 'overdue' ELSE 'recent' END
  WHEN ${hours} > ${STORAGE_LIMIT_DAYS * 24}::numeric THEN 'overdue'
  WHEN ${hours} >= ${LONG_STORAGE_DAYS * 24}::numeric THEN 'long' ELSE 'recent' END`;

/**
 * Batches with something left in store: what each holds, for how many hours, and its band. A
 * collector's batch keeps the time its waste was generated, so its age runs on from the producer's.
 */
function heldBatches(where: SQL) {
  const hours = sql`extract(epoch FROM now() - b.generated_at) / 3600`;
  return sql`SELECT b.id, b.organisation_id, b.waste_code, b.batch_no, b.generated_at, s.held, ${hours} AS age_hours, ${bandOf(sql`b.waste_code`, hours, sql`b.region_code`)} AS band
    FROM waste_batches b
    JOIN LATERAL (SELECT sum(m.quantity_t * m.store_effect) AS held FROM ledger_movements m WHERE m.batch_id = b.id AND m.store_effect <> 0) s ON s.held > 0
    WHERE ${where}`;
}

/** The band of a group of batches: its worst. */
const worstBand = sql`CASE WHEN bool_or(band = 'overdue') THEN 'overdue' WHEN bool_or(band = 'long') THEN 'long' ELSE 'recent' END`;

// ---- 贮存情况 ------------------------------------------------------------------------------------

export interface StoreFilter { wasteCode?: string; band?: AgeBand; sort: 'age_desc' | 'age_asc' | 'tonnes_desc' }

export interface StoreRow {
  organisationId: string; organisationName: string; regionCode: string; regionName: string | null; wasteCode: string;
  heldT: number; batches: number; oldestAt: string; ageDays: number; ageHours: number; band: AgeBand;
}
export interface BandTotal { band: AgeBand; heldT: number; batches: number; organisations: number }

const STORE_ORDER: Record<StoreFilter['sort'], SQL> = {
  age_desc: sql`f.age_hours DESC, f.held_t DESC`,
  age_asc: sql`f.age_hours ASC, f.held_t DESC`,
  tonnes_desc: sql`f.held_t DESC, f.age_hours DESC`,
};

/** Waste in store across all producers of the area, per organisation and code, with the oldest batch's age and band; totals per band. */
export async function storeOverview(db: Db, scope: SupervisionScope, filter: StoreFilter, page: number, pageSize: number) {
  const where = and(sql`b.region_code LIKE ${prefixOf(scope.regionCode)}`, wasteCondition(scope.waste, sql`b.waste_code`), filter.wasteCode ? sql`b.waste_code = ${filter.wasteCode}` : undefined)!;
  const [row] = await rowsOf<{ items: StoreRow[]; total: number; totals: BandTotal[]; medicalLimitHours: number }>(db, sql`
    WITH held AS MATERIALIZED (${heldBatches(where)}),
    grouped AS (
      SELECT organisation_id, waste_code, sum(held) AS held_t, count(*) AS batches, min(generated_at) AS oldest_at, max(age_hours) AS age_hours, ${worstBand} AS band
      FROM held GROUP BY organisation_id, waste_code),
    filtered AS MATERIALIZED (SELECT * FROM grouped),
    page AS (
      SELECT row_number() OVER (ORDER BY ${STORE_ORDER[filter.sort]}, o.name, f.waste_code) AS n,
        f.organisation_id AS "organisationId", o.name AS "organisationName", o.region_code AS "regionCode", r.name AS "regionName", f.waste_code AS "wasteCode",
        round(f.held_t, 4)::float8 AS "heldT", f.batches::int AS batches, f.oldest_at AS "oldestAt", floor(f.age_hours / 24)::int AS "ageDays",
        floor(f.age_hours)::int AS "ageHours", f.band
      FROM filtered f JOIN organisations o ON o.id = f.organisation_id LEFT JOIN regions r ON r.code = o.region_code
      ${filter.band ? sql`WHERE f.band = ${filter.band}` : sql``}
      ORDER BY ${STORE_ORDER[filter.sort]}, o.name, f.waste_code LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize})
    SELECT (SELECT coalesce(json_agg(page ORDER BY n), '[]'::json) FROM page) AS items,
      (SELECT count(*) FROM filtered ${filter.band ? sql`WHERE band = ${filter.band}` : sql``})::int AS total,
      (SELECT coalesce(json_agg(t), '[]'::json) FROM (
        SELECT band, round(sum(held), 4)::float8 AS "heldT", count(*)::int AS batches, count(DISTINCT organisation_id)::int AS organisations
        FROM held GROUP BY 1) t) AS totals,
      ${settingInForce('medical.storage_hours', scope.regionCode)}::int AS "medicalLimitHours"`);
  const items = row.items.map(({ n: _n, ...item }: StoreRow & { n?: number }) => item);
  const totals = (['recent', 'long', 'overdue'] as AgeBand[]).map((band) => row.totals.find((t) => t.band === band) ?? { band, heldT: 0, batches: 0, organisations: 0 });
  return { items, total: row.total, page, pageSize, totals, medicalLimitHours: row.medicalLimitHours };
}

// ---- 重点监管单位名录 ------------------------------------------------------------------------------

export interface KeyUnitFilter { reason?: KeyUnitReason; organisationId?: string }
export interface KeyUnit {
  id: string; name: string; creditCode: string; regionCode: string; regionName: string | null; capabilities: string[]; industry: string | null;
  reasons: { reason: KeyUnitReason; detail: Record<string, unknown> }[];
}

/**
 * 重点监管单位名录, computed from the records as they stand: the management class of the latest
 * approved plan, a valid operating licence, alarms and refused manifests in the last twelve months,
 * and waste held past its limit. Each unit carries every reason it is listed for.
 */
export async function keyUnits(db: Db, scope: SupervisionScope, filter: KeyUnitFilter, offset: number, limit: number) {
  const like = prefixOf(scope.regionCode);
  const waste = scope.waste;
  const window = sql`now() - make_interval(months => ${KEY_UNIT_WINDOW_MONTHS})`;
  const today = sql`(now() AT TIME ZONE 'Asia/Shanghai')::date`;
  const orgFilter = filter.organisationId ? sql`AND id = ${filter.organisationId}::uuid` : sql``;
  const batchOrg = filter.organisationId ? sql`b.organisation_id = ${filter.organisationId}::uuid` : undefined;
  const [row] = await rowsOf<{ items: KeyUnit[]; total: number; byReason: Record<string, number> | null }>(db, sql`
    WITH area_orgs AS MATERIALIZED (
      SELECT id FROM organisations WHERE region_code LIKE ${like} AND kind = 'enterprise' AND status = 'verified' ${orgFilter}),
    held AS MATERIALIZED (${heldBatches(and(sql`b.region_code LIKE ${like}`, wasteCondition(waste, sql`b.waste_code`), batchOrg)!)}),
    latest_plans AS (
      SELECT DISTINCT ON (p.organisation_id) p.organisation_id, p.year, p.expected_t, p.management_class, p.tables
      FROM management_plans p WHERE p.region_code LIKE ${like} AND p.status = 'approved' AND p.organisation_id IN (SELECT id FROM area_orgs)
      ORDER BY p.organisation_id, p.year DESC),
    recent_alarms AS (
      SELECT a.organisation_id, a.rule, a.severity FROM alarms a
      WHERE a.organisation_id IN (SELECT id FROM area_orgs) AND a.raised_at >= ${window} AND a.status <> 'dismissed' AND ${alarmWasteCondition(waste, 'a')}),
    reasons AS (
      SELECT organisation_id, 'key_class' AS reason, jsonb_build_object('year', year, 'expectedT', expected_t) AS detail
      FROM latest_plans lp WHERE management_class = 'key'
        ${waste === 'medical' ? sql`AND EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(lp.tables->'A3', '[]'::jsonb)) r WHERE r->>'wasteCode' LIKE '841-%')` : sql``}
      UNION ALL
      SELECT l.organisation_id, 'licensed', jsonb_build_object('licences', jsonb_agg(l.number ORDER BY l.number), 'capacityT', sum(l.annual_capacity_t))
      FROM licences l
      WHERE l.organisation_id IN (SELECT id FROM area_orgs) AND l.active AND l.valid_from <= ${today} AND l.valid_to >= ${today} AND ${licenceWasteCondition(waste, 'l')}
      GROUP BY l.organisation_id
      UNION ALL
      SELECT organisation_id, 'high_alarm', jsonb_build_object('count', count(*), 'rules', jsonb_agg(DISTINCT rule))
      FROM recent_alarms WHERE severity = 'high' GROUP BY organisation_id
      UNION ALL
      SELECT organisation_id, 'frequent_alarms', jsonb_build_object('count', count(*))
      FROM recent_alarms GROUP BY organisation_id HAVING count(*) >= ${FREQUENT_ALARMS}
      UNION ALL
      SELECT m.producer_id, 'refused_manifest', jsonb_build_object('count', count(*), 'numbers', to_jsonb((array_agg(m.number ORDER BY m.updated_at DESC))[1:5]))
      FROM manifests m
      WHERE m.producer_id IN (SELECT id FROM area_orgs) AND m.status IN ('refused', 'partially_refused') AND m.updated_at >= ${window} AND ${wasteCondition(waste, sql`m.waste_code`)}
      GROUP BY m.producer_id
      UNION ALL
      SELECT organisation_id, 'overdue_store', jsonb_build_object('batches', count(*), 'heldT', round(sum(held), 4))
      FROM held WHERE band = 'overdue' AND organisation_id IN (SELECT id FROM area_orgs) GROUP BY organisation_id),
    units AS MATERIALIZED (
      SELECT x.organisation_id, count(*) AS n, array_agg(x.reason) AS keys,
        jsonb_agg(jsonb_build_object('reason', x.reason, 'detail', x.detail) ORDER BY x.reason) AS reasons
      FROM reasons x GROUP BY x.organisation_id),
    listed AS MATERIALIZED (
      SELECT u.*, o.name, o.credit_code, o.region_code, o.capabilities, o.industry, r.name AS region_name
      FROM units u JOIN organisations o ON o.id = u.organisation_id LEFT JOIN regions r ON r.code = o.region_code
      ${filter.reason ? sql`WHERE ${filter.reason} = ANY (u.keys)` : sql``}),
    page AS (
      SELECT row_number() OVER (ORDER BY n DESC, name, organisation_id) AS ord, organisation_id AS id, name, credit_code AS "creditCode", region_code AS "regionCode",
        region_name AS "regionName", capabilities, industry, reasons
      FROM listed ORDER BY n DESC, name, organisation_id LIMIT ${limit} OFFSET ${offset})
    SELECT (SELECT coalesce(json_agg(page ORDER BY ord), '[]'::json) FROM page) AS items,
      (SELECT count(*) FROM listed)::int AS total,
      (SELECT json_object_agg(reason, n) FROM (SELECT reason, count(DISTINCT organisation_id)::int AS n FROM reasons GROUP BY reason) c) AS "byReason"`);
  const items = row.items.map(({ ord: _ord, ...unit }: KeyUnit & { ord?: number }) => unit);
  return { items, total: row.total, byReason: row.byReason ?? {} };
}

// ---- 产能匹配 --------------------------------------------------------------------------------------

export interface CapacityRow {
  category: string; categoryName: string; generatedT: number; plannedT: number; demandT: number; receivedT: number;
  capacityT: number; gapT: number; share: number | null; status: CapacityStatus;
  receivers: { organisationId: string; name: string; licenceNo: string; capacityT: number }[];
}

const STATUS_ORDER: Record<CapacityStatus, number> = { insufficient: 0, tight: 1, sufficient: 2 };

/**
 * 危险废物产生量与处置能力匹配情况评估 (seed 000 三(五)3(1)): per HW category, this year's generation in
 * the area (the ledger, and the yearly amounts of the submitted and approved plans) against the annual
 * capacity of the receivers' licences in the area that cover the category. A collector's licence
 * (收集经营许可证) is left out: it moves waste on and treats none. A licence covering several
 * categories counts its whole capacity in each, as the licence states it: the figure is an upper bound.
 */
export async function capacityMatching(db: Db, scope: SupervisionScope, year: number) {
  const like = prefixOf(scope.regionCode);
  const yearStart = `${year}-01-01`, yearEnd = `${year}-12-31`;
  const [ledger, planned, capacity, names] = await Promise.all([
    ledgerSums(db, { regionCode: scope.regionCode, year, by: ['category', 'kind'], kinds: ['generate', 'receive'], categoryPrefix: scope.waste === 'medical' ? 'HW01' : 'HW' }),
    rowsOf<{ category: string; t: number }>(db, sql`
      SELECT waste_category(r->>'wasteCode') AS category, sum((r->>'expectedT')::numeric)::float8 AS t
      FROM management_plans p CROSS JOIN LATERAL jsonb_array_elements(coalesce(p.tables->'A3', '[]'::jsonb)) r
      WHERE p.region_code LIKE ${like} AND p.year = ${year} AND p.status IN ('submitted', 'approved') AND ${wasteCondition(scope.waste, sql`(r->>'wasteCode')`)}
      GROUP BY 1`),
    rowsOf<{ category: string; t: number; receivers: CapacityRow['receivers'] }>(db, sql`
      SELECT c.category, sum(l.annual_capacity_t)::float8 AS t,
        jsonb_agg(jsonb_build_object('organisationId', o.id, 'name', o.name, 'licenceNo', l.number, 'capacityT', l.annual_capacity_t) ORDER BY l.annual_capacity_t DESC) AS receivers
      FROM licences l JOIN organisations o ON o.id = l.organisation_id
      CROSS JOIN LATERAL (SELECT DISTINCT CASE WHEN lc ~ '^HW\\d{2}$' THEN lc ELSE waste_category(lc) END AS category FROM unnest(l.waste_codes) lc) c
      WHERE o.region_code LIKE ${like} AND o.status = 'verified' AND 'receiver' = ANY (o.capabilities)
        AND l.active AND l.valid_from <= ${yearEnd}::date AND l.valid_to >= ${yearStart}::date
        AND c.category LIKE 'HW%' ${scope.waste === 'medical' ? sql`AND c.category = 'HW01'` : sql``}
      GROUP BY c.category`),
    rowsOf<{ category: string; name: string }>(db, sql`
      SELECT e.category, min(e.category_name) AS name FROM catalogue_entries e JOIN catalogue_versions v ON v.id = e.version_id
      WHERE v.catalogue IN (${sql.join(licensedStreams().map((d) => sql`${d.catalogue}`), sql`, `)}) AND v.is_current AND e.category <> '' GROUP BY e.category`),
  ]);
  const categories = new Set([...ledger.map((l) => l.category), ...planned.map((p) => p.category), ...capacity.map((c) => c.category)].filter((c) => /^HW\d{2}$/.test(c)));
  const rows: CapacityRow[] = [...categories].map((category) => {
    const generatedT = round(ledger.filter((l) => l.category === category && l.kind === 'generate').reduce((s, l) => s + l.quantityT, 0));
    const receivedT = round(ledger.filter((l) => l.category === category && l.kind === 'receive').reduce((s, l) => s + l.quantityT, 0));
    const plannedT = round(planned.find((p) => p.category === category)?.t ?? 0);
    const cap = capacity.find((c) => c.category === category);
    const capacityT = round(cap?.t ?? 0);
    const demandT = Math.max(generatedT, plannedT);
    return {
      category, categoryName: names.find((n) => n.category === category)?.name ?? '', generatedT, plannedT, demandT, receivedT, capacityT,
      gapT: round(capacityT - demandT), share: capacityT > 0 ? Math.round((demandT / capacityT) * 10_000) / 10_000 : null,
      status: capacityStatus(demandT, capacityT), receivers: cap?.receivers ?? [],
    };
  }).filter((r) => r.demandT > 0 || r.capacityT > 0);
  rows.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.category.localeCompare(b.category));
  return { year, regionCode: scope.regionCode, rows };
}

// ---- 设施地图 ----------------------------------------------------------------------------------------

export const MAP_MAX_POINTS = 5000;
export type MapKind = 'producer' | 'store' | 'receiver' | 'collector';
export interface MapFacility {
  id: string; name: string; kind: MapKind; longitude: number; latitude: number; regionCode: string; capabilities: string[];
  heldT: number | null; oldestDays: number | null; overdueBatches: number; licensedCapacityT: number | null; licensedCodes: string[];
}

/**
 * Producers, stores (whoever holds waste in store now) and licensed receivers and collectors of the
 * area, with what they hold or may take. Bounded: at most MAP_MAX_POINTS, the rest counted.
 */
export async function facilityMap(db: Db, scope: SupervisionScope) {
  const like = prefixOf(scope.regionCode);
  const waste = scope.waste;
  const today = sql`(now() AT TIME ZONE 'Asia/Shanghai')::date`;
  const rows = await rowsOf<MapFacility & { located: boolean }>(db, sql`
    WITH held AS MATERIALIZED (${heldBatches(and(sql`b.region_code LIKE ${like}`, wasteCondition(waste, sql`b.waste_code`))!)}),
    stores AS (
      SELECT organisation_id, sum(held) AS held_t, max(age_hours) AS age_hours,
        count(*) FILTER (WHERE band = 'overdue') AS overdue
      FROM held GROUP BY organisation_id),
    valid_licences AS (
      SELECT l.organisation_id, l.annual_capacity_t, l.waste_codes FROM licences l
      WHERE l.active AND l.valid_from <= ${today} AND l.valid_to >= ${today} AND ${licenceWasteCondition(waste, 'l')}
        AND l.organisation_id IN (SELECT id FROM organisations WHERE region_code LIKE ${like})),
    licensed AS (
      SELECT organisation_id, sum(annual_capacity_t) AS capacity,
        (SELECT array_agg(DISTINCT lc ORDER BY lc) FROM valid_licences v CROSS JOIN LATERAL unnest(v.waste_codes) lc WHERE v.organisation_id = vl.organisation_id) AS codes
      FROM valid_licences vl GROUP BY organisation_id),
    facilities AS (
      SELECT o.id, o.name, o.longitude, o.latitude, o.region_code, o.capabilities, s.held_t, s.age_hours, coalesce(s.overdue, 0) AS overdue, lic.capacity, lic.codes,
        CASE WHEN lic.organisation_id IS NOT NULL AND 'collector' = ANY (o.capabilities) THEN 'collector'
             WHEN lic.organisation_id IS NOT NULL THEN 'receiver'
             WHEN s.organisation_id IS NOT NULL THEN 'store' ELSE 'producer' END AS kind
      FROM organisations o LEFT JOIN stores s ON s.organisation_id = o.id LEFT JOIN licensed lic ON lic.organisation_id = o.id
      WHERE o.region_code LIKE ${like} AND o.kind = 'enterprise' AND o.status = 'verified'
        AND (s.organisation_id IS NOT NULL OR lic.organisation_id IS NOT NULL
          OR ('producer' = ANY (o.capabilities) ${waste === 'medical' ? sql`AND EXISTS (SELECT 1 FROM waste_batches mb WHERE mb.organisation_id = o.id AND mb.waste_code LIKE '841-%')` : sql``})))
    SELECT id, name, kind, longitude, latitude, region_code AS "regionCode", capabilities, round(held_t, 4)::float8 AS "heldT",
      floor(age_hours / 24)::int AS "oldestDays", overdue::int AS "overdueBatches", capacity::float8 AS "licensedCapacityT", coalesce(codes, '{}') AS "licensedCodes",
      (longitude IS NOT NULL AND latitude IS NOT NULL) AS located
    FROM facilities ORDER BY (longitude IS NOT NULL AND latitude IS NOT NULL) DESC, kind, name LIMIT ${MAP_MAX_POINTS + 1}`);
  const located = rows.filter((r) => r.located).slice(0, MAP_MAX_POINTS).map(({ located: _l, ...f }) => f);
  const counts = { producer: 0, store: 0, receiver: 0, collector: 0 } as Record<MapKind, number>;
  for (const f of located) counts[f.kind] += 1;
  return { regionCode: scope.regionCode, points: located, counts, withoutCoordinates: rows.filter((r) => !r.located).map((r) => ({ id: r.id, name: r.name, kind: r.kind })), truncated: rows.length > MAP_MAX_POINTS };
}

// ---- 企业档案 ----------------------------------------------------------------------------------------

export const HISTORY_LATEST = 20;

/** One enterprise on one page: what it is, what it may do, what it filed, moved, holds, and what was raised or recorded about it. */
export async function enterpriseHistory(db: Db, actor: Actor, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound(ORG);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
  if (!org) throw notFound(ORG);
  const access = historyAccess(actor, org);
  if (!access) throw notFound(ORG);
  const waste = access.waste;
  // The file shows an official what the department regulates of every stream (housing a builder's
  // loads, ecology a producer's hazardous and industrial waste, health its medical waste); the
  // company itself all of it.
  const regulated = access.own ? 'all' : regulatedWaste(actor);
  const mine = sql`(${manifests.producerId} = ${id} OR ${manifests.receiverId} = ${id} OR ${manifests.transporterIds} @> ARRAY[${id}]::uuid[])`;
  const manifestWhere = and(mine, regulatedSql(regulated, sql`${manifests.stream}`, sql`${manifests.wasteCode}`))!;
  const alarmWhere = and(eq(alarms.organisationId, id), alarmDomainSql(regulated, 'alarms'))!;
  const [
    [region], lic, veh, plans, decls, latestManifests, manifestCounts, ledgerYears, inStore, alarmCounts, latestAlarms, audit, listed,
  ] = await Promise.all([
    db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.code, org.regionCode)),
    db.select().from(licences).where(eq(licences.organisationId, id)).orderBy(desc(licences.validTo)),
    db.select({ id: vehicles.id, plate: vehicles.plate, vehicleType: vehicles.vehicleType, loadT: vehicles.loadT, dgPermitNo: vehicles.dgPermitNo, active: vehicles.active })
      .from(vehicles).where(eq(vehicles.organisationId, id)).orderBy(vehicles.plate).limit(200),
    db.select({ id: managementPlans.id, year: managementPlans.year, status: managementPlans.status, managementClass: managementPlans.managementClass, expectedT: managementPlans.expectedT,
      submittedAt: managementPlans.submittedAt, reviewedAt: managementPlans.reviewedAt, reviewComment: managementPlans.reviewComment })
      .from(managementPlans).where(and(eq(managementPlans.organisationId, id), licensedStreams().some((d) => regulates(regulated, d.key, '')) ? undefined : sql`false`)).orderBy(desc(managementPlans.year)).limit(HISTORY_LATEST),
    db.select({ id: declarations.id, stream: declarations.stream, periodType: declarations.periodType, period: declarations.period, version: declarations.version, submittedAt: declarations.submittedAt })
      .from(declarations).where(and(eq(declarations.organisationId, id), regulatedSql(regulated, sql`${declarations.stream}`, sql`''`))).orderBy(desc(declarations.submittedAt)).limit(HISTORY_LATEST),
    db.select({ id: manifests.id, number: manifests.number, status: manifests.status, wasteCode: manifests.wasteCode, wasteName: sql<string>`${manifests.data}->>'wasteName'`,
      declaredWeightT: manifests.declaredWeightT, receivedWeightT: manifests.receivedWeightT, plannedDate: manifests.plannedDate, createdAt: manifests.createdAt,
      role: sql<string>`CASE WHEN ${manifests.producerId} = ${id} THEN 'producer' WHEN ${manifests.receiverId} = ${id} THEN 'receiver' ELSE 'transporter' END`,
      producerName: sql<string>`(SELECT name FROM organisations po WHERE po.id = ${manifests.producerId})`,
      receiverName: sql<string>`(SELECT name FROM organisations ro WHERE ro.id = ${manifests.receiverId})` })
      .from(manifests).where(manifestWhere).orderBy(desc(manifests.createdAt), manifests.id).limit(HISTORY_LATEST),
    db.select({ status: manifests.status, count: sql<number>`count(*)`.mapWith(Number), weightT: sql<number>`coalesce(sum(${manifests.declaredWeightT}), 0)`.mapWith(Number) })
      .from(manifests).where(manifestWhere).groupBy(manifests.status),
    rowsOf<{ year: number; wasteCode: string; kind: string; quantityT: number }>(db, sql`
      SELECT extract(year FROM at AT TIME ZONE 'Asia/Shanghai')::int AS year, waste_code AS "wasteCode", kind, sum(quantity_t)::float8 AS "quantityT"
      FROM ledger_movements WHERE organisation_id = ${id} AND ${regulatedSql(regulated, streamOfCodeSql(sql`waste_code`), sql`waste_code`)} GROUP BY 1, 2, 3`),
    rowsOf<{ id: string; batchNo: string; wasteCode: string; generatedAt: string; heldT: number; ageDays: number; band: AgeBand }>(db, sql`
      SELECT h.id, h.batch_no AS "batchNo", h.waste_code AS "wasteCode", h.generated_at AS "generatedAt", round(h.held, 4)::float8 AS "heldT",
        floor(h.age_hours / 24)::int AS "ageDays", h.band
      FROM (${heldBatches(and(sql`b.organisation_id = ${id}`, regulatedSql(regulated, sql`b.stream`, sql`b.waste_code`))!)}) h ORDER BY h.generated_at LIMIT 200`),
    db.select({ rule: alarms.rule, status: alarms.status, count: sql<number>`count(*)`.mapWith(Number) }).from(alarms).where(alarmWhere).groupBy(alarms.rule, alarms.status),
    db.select({ id: alarms.id, rule: alarms.rule, severity: alarms.severity, status: alarms.status, title: alarms.title, titleEn: alarms.titleEn, raisedAt: alarms.raisedAt })
      .from(alarms).where(alarmWhere).orderBy(desc(alarms.raisedAt)).limit(10),
    access.audit
      ? db.select({ id: auditLog.id, at: auditLog.at, actorLabel: auditLog.actorLabel, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId })
        .from(auditLog).where(and(eq(auditLog.organisationId, id), auditScopeSql(actor))).orderBy(desc(auditLog.id)).limit(HISTORY_LATEST)
      : Promise.resolve(null),
    waste === 'none' || org.kind !== 'enterprise' ? Promise.resolve(null) : keyUnits(db, { regionCode: org.regionCode, waste }, { organisationId: id }, 0, 1),
  ]);

  // One line per year and code, a column per ledger kind.
  const ledger = new Map<string, { year: number; wasteCode: string; byKind: Record<string, number> }>();
  for (const r of ledgerYears) {
    const key = `${r.year}|${r.wasteCode}`;
    const line = ledger.get(key) ?? { year: r.year, wasteCode: r.wasteCode, byKind: {} };
    line.byKind[r.kind] = round(r.quantityT);
    ledger.set(key, line);
  }
  const storeByCode = new Map<string, { wasteCode: string; heldT: number; batches: number; oldestDays: number }>();
  for (const b of inStore) {
    const s = storeByCode.get(b.wasteCode) ?? { wasteCode: b.wasteCode, heldT: 0, batches: 0, oldestDays: 0 };
    storeByCode.set(b.wasteCode, { wasteCode: b.wasteCode, heldT: round(s.heldT + b.heldT), batches: s.batches + 1, oldestDays: Math.max(s.oldestDays, b.ageDays) });
  }
  return {
    organisation: { ...org, regionName: region?.name ?? '' },
    access: { waste, audit: access.audit, own: access.own },
    keyUnit: listed ? { listed: listed.items.length > 0, reasons: listed.items[0]?.reasons ?? [] } : null,
    licences: lic,
    vehicles: veh,
    plans,
    declarations: decls,
    manifests: {
      latest: latestManifests,
      byStatus: manifestCounts.map((c) => ({ ...c, weightT: round(c.weightT) })),
      total: manifestCounts.reduce((s, c) => s + c.count, 0),
    },
    ledger: [...ledger.values()].sort((a, b) => b.year - a.year || a.wasteCode.localeCompare(b.wasteCode)),
    inStore: { batches: inStore, byCode: [...storeByCode.values()], totalT: round(inStore.reduce((s, b) => s + b.heldT, 0)) },
    alarms: {
      rules: RULES.map((r) => ({ key: r.key, label: r.label, severity: r.severity })),
      counts: alarmCounts,
      latest: latestAlarms,
    },
    audit,
  };
}
