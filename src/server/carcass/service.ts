import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { organisations, vehicles, drivers } from '../platform/organisations/schema';
import { regions } from '../platform/regions/schema';
import { manifests } from '../manifests/schema';
import { vehiclePositions } from '../telemetry/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { regulatesStream, type Actor } from '../platform/policy';
import { createManifest, signManifest } from '../manifests/service';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/errors';
import { containsPattern } from '../http/pagination';
import { settingInForce } from '../settings/service';
import { COLLECT_HOURS_SETTING, centralRate, CENTRAL_METHODS, reportProblems, type ReportState } from '../../domain/agri/carcass';
import { CARCASS } from '../../domain/streams/carcass';
import { carcassReports, carcassReportCancellations, carcassRounds, carcassRoundStops } from './schema';
import { reportInForce, reportManifest, reportStateSql } from './queries';

// 病死畜禽 (issue 16): death reports from farms and, for scattered households, from the town's
// agricultural station; the plant's collection rounds; the driver's pickups and the plant's treatment,
// both signatures of the stream's manifests. Who sees what: the agriculture bureau its county, a town
// station its town, the office everything of its area; a farm its own reports; the plant the reports
// of its county (it must collect them) and its rounds.

type Ctx = AuditContext & { actor: Actor };
const REPORT = { zh: '死亡报告', en: 'Death report' };
const ROUND = { zh: '收集路线', en: 'Collection round' };
const MANIFEST = { zh: '联单', en: 'Manifest' };
type Org = typeof organisations.$inferSelect;

const isOfficial = (a: Actor) => a.role === 'office' || a.role === 'regulator';

async function organisationOf(q: Queryable, actor: Actor): Promise<Org | null> {
  if (!actor.organisationId) return null;
  const [org] = await q.select().from(organisations).where(eq(organisations.id, actor.organisationId));
  return org ?? null;
}

const isPlant = (org: Org | null) => !!org && org.status === 'verified' && org.capabilities.includes('carcass_plant') && org.capabilities.includes('transporter');

/** The reports (alias r) the actor may see; officials of another department are refused. */
async function reportScope(q: Queryable, a: Actor): Promise<SQL> {
  if (a.role === 'platform_admin') return sql`true`;
  if (isOfficial(a)) {
    if (!regulatesStream(a, CARCASS.key)) throw forbidden('病死畜禽由农业农村部门监管', 'Dead livestock is regulated by agriculture and rural affairs');
    return sql`r.region_code LIKE ${`${regionScopePrefix(a.regionCode)}%`}`;
  }
  const org = await organisationOf(q, a);
  if (!org || org.status !== 'verified') throw forbidden();
  // The plant sees the reports of its county: it plans the rounds that collect them.
  if (isPlant(org)) return sql`(r.farm_id = ${org.id} OR r.region_code LIKE ${`${org.regionCode.slice(0, 6)}%`})`;
  return sql`(r.farm_id = ${org.id} OR r.filed_by_org_id = ${org.id})`;
}

export interface NewReport {
  species: string; head: number; weightKg: number; cause: string; suspectedNotifiable?: boolean; diedOn: string; location: string; longitude?: number; latitude?: number; contact?: string;
  /** A scattered household's report, filed by the town station: the household, its village and town. */
  householdName?: string; village?: string; regionCode?: string;
  /** A correction: the report it supersedes, and why. */
  supersedesId?: string; reason?: string;
}

function requireSane(input: NewReport, today: string) {
  const [problem] = reportProblems(input);
  if (problem) throw badRequest('BAD_REPORT', problem.zh, problem.en, problem.field);
  if (input.diedOn > today) throw badRequest('DIED_IN_FUTURE', '死亡日期不能晚于今天', 'The animals cannot have died after today', 'diedOn');
  const monthAgo = shanghaiDate(new Date(Date.parse(`${today}T12:00:00+08:00`) - 30 * 86_400_000));
  if (input.diedOn < monthAgo) throw badRequest('DIED_TOO_LONG_AGO', '死亡日期早于30天前：请联系农业农村部门补录', 'The animals died more than 30 days ago: ask the agriculture bureau to enter it', 'diedOn');
}

/** A report the actor filed (or the farm's own), locked, with its live manifest and round stop. */
async function ownReport(tx: Queryable, a: Actor, id: string, field: string) {
  const [report] = await tx.select().from(carcassReports).where(eq(carcassReports.id, id)).for('update');
  if (!report || !a.organisationId || (report.filedByOrgId !== a.organisationId && report.farmId !== a.organisationId)) {
    if (report && a.role !== 'platform_admin') {
      const visible = (await tx.execute(sql`SELECT 1 FROM carcass_reports r WHERE r.id = ${id}::uuid AND ${await reportScope(tx, a)}`)).rows.length > 0;
      if (visible) throw forbidden('只有报告单位可以更正或撤销报告', 'Only whoever filed the report corrects or cancels it');
    }
    throw notFound(REPORT);
  }
  const [cancelled] = await tx.select().from(carcassReportCancellations).where(eq(carcassReportCancellations.reportId, id));
  const [successor] = await tx.select({ id: carcassReports.id }).from(carcassReports).where(eq(carcassReports.supersedesId, id));
  if (cancelled || successor) throw conflict('REPORT_NOT_IN_FORCE', '该报告已撤销或已被更正', 'The report has been cancelled or corrected already', field);
  const [stop] = await tx.select().from(carcassRoundStops).where(eq(carcassRoundStops.reportId, id));
  if (stop) throw conflict('REPORT_ON_ROUND', '该报告已排入收集路线：请联系处理厂', 'The report is on a collection round already: call the plant', field);
  const [manifest] = await tx.select().from(manifests).where(and(eq(manifests.stream, CARCASS.key), sql`${manifests.data}->>'reportId' = ${id}`, sql`${manifests.status} <> 'cancelled'`));
  return { report, manifest };
}

/**
 * A farm reports its dead animals, or a town station a scattered household's. A farm's report is its
 * manifest too: made and signed out by the farm in the same transaction (its 交接单 is ready for the
 * driver). A household's manifest is made by the plant when a round takes it.
 */
export async function fileReport(db: Queryable, ctx: Ctx, input: NewReport, at = new Date()) {
  const a = ctx.actor;
  const today = shanghaiDate(at);
  const household = input.householdName !== undefined;
  return db.transaction(async (tx) => {
    let regionCode: string, farmId: string | null = null;
    const org = await organisationOf(tx, a);
    if (household) {
      // 散户: the town's agricultural station (an agriculture regulator) files on the household's behalf.
      if (a.role !== 'regulator' || !regulatesStream(a, CARCASS.key) || a.domain === 'general' || !org) throw forbidden('散户的死亡报告由乡镇畜牧兽医站（农业农村部门）代报', 'A scattered household’s report is filed by the town’s agricultural station');
      if (!input.village) throw badRequest('VILLAGE_REQUIRED', '请填写散户所在村', 'Give the household’s village', 'village');
      regionCode = input.regionCode ?? a.regionCode;
      if (regionCode.length !== 9 || !regionWithin(regionCode, a.regionCode)) throw badRequest('NOT_YOUR_TOWN', '请选择本辖区内的乡镇（9位区划代码）', 'Choose a town of your area (a 9-digit code)', 'regionCode');
      const [town] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, regionCode));
      if (!town) throw badRequest('UNKNOWN_TOWN', `区划代码 ${regionCode} 不存在`, `There is no region ${regionCode}`, 'regionCode');
    } else {
      if (!org || org.kind !== 'enterprise' || org.status !== 'verified' || a.role === 'driver' || !org.capabilities.includes('farm')) {
        throw forbidden('只有已审核的养殖场可以报告本场的病死畜禽', 'Only a verified farm reports its own dead livestock');
      }
      if (input.regionCode !== undefined || input.village !== undefined) throw badRequest('FARM_HAS_PLACE', '养殖场的报告按本场登记的位置，不另填乡镇和村', 'A farm’s report is placed where the farm is registered', input.regionCode !== undefined ? 'regionCode' : 'village');
      regionCode = org.regionCode;
      farmId = org.id;
    }
    requireSane(input, today);
    let replaced: typeof carcassReports.$inferSelect | null = null;
    if (input.supersedesId) {
      if (!input.reason?.trim()) throw badRequest('REASON_REQUIRED', '更正报告须说明原因', 'A correction needs its reason', 'reason');
      const { report, manifest } = await ownReport(tx, a, input.supersedesId, 'supersedesId');
      if (!!report.farmId !== !household) throw badRequest('OTHER_KIND', '更正须与原报告同为养殖场报告或散户报告', 'A correction is of the same kind as the report it corrects', 'supersedesId');
      if (manifest) await signManifest(tx, ctx, manifest.id, { action: 'cancel', at });
      replaced = report;
    }
    const [row] = await tx.insert(carcassReports).values({
      regionCode, farmId, filedByOrgId: org!.id, householdName: household ? input.householdName! : null, village: household ? input.village! : null,
      species: input.species, head: input.head, weightKg: input.weightKg, cause: input.cause, suspectedNotifiable: !!input.suspectedNotifiable, diedOn: input.diedOn,
      location: input.location, longitude: input.longitude ?? (household ? null : org!.longitude), latitude: input.latitude ?? (household ? null : org!.latitude), contact: input.contact ?? '',
      supersedesId: replaced?.id ?? null, reason: input.reason ?? null, reportedBy: a.userId!, reportedAt: at,
    }).returning();
    await recordAudit(tx, ctx, { action: replaced ? 'carcass_report.correct' : 'carcass_report.file', entityType: 'carcass_report', entityId: row.id, regionCode, organisationId: farmId ?? org!.id, before: replaced, after: row });
    if (farmId) {
      const m = await createManifest(tx, ctx, { reportId: row.id, batchIds: [], transporterIds: [], plannedDate: today }, CARCASS.key);
      await signManifest(tx, ctx, m.id, { action: 'sign_emission', at });
    }
    return row;
  });
}

/** The filer withdraws a report before a round takes it, with the reason; its manifest is cancelled with it. */
export async function cancelReport(db: Db, ctx: Ctx, id: string, reason: string) {
  return db.transaction(async (tx) => {
    const { report, manifest } = await ownReport(tx, ctx.actor, id, 'id');
    if (manifest) await signManifest(tx, ctx, manifest.id, { action: 'cancel' });
    const [row] = await tx.insert(carcassReportCancellations).values({ reportId: id, reason, cancelledBy: ctx.actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'carcass_report.cancel', entityType: 'carcass_report', entityId: id, regionCode: report.regionCode, organisationId: report.farmId ?? report.filedByOrgId, before: report, after: row });
    return { id, state: 'cancelled' as ReportState, reason };
  });
}

export interface ReportFilter { state?: ReportState; q?: string; from?: string; to?: string; late?: boolean; suspected?: boolean }

const reportColumns = sql`r.id, r.region_code AS "regionCode", coalesce(rg.name, r.region_code) AS "townName", r.farm_id AS "farmId", f.name AS "farmName",
  r.household_name AS "householdName", r.village, fo.name AS "filedBy", r.species, r.head, r.weight_kg::float8 AS "weightKg", r.cause, r.suspected_notifiable AS "suspectedNotifiable",
  r.died_on::text AS "diedOn", r.location, r.longitude, r.latitude, r.contact, r.supersedes_id AS "supersedesId", r.reason, r.reported_at AS "reportedAt",
  m.id AS "manifestId", m.number AS "manifestNumber", m.status AS "manifestStatus", (m.data->>'pickupHead')::int AS "pickupHead", (m.data->>'pickupWeightT')::float8 AS "pickupWeightT",
  (m.data->>'receivedHead')::int AS "receivedHead", m.received_weight_t::float8 AS "receivedWeightT", m.data->>'treatmentMethod' AS "treatmentMethod", m.data->>'treatedOn' AS "treatedOn",
  (SELECT s.round_id FROM carcass_round_stops s WHERE s.report_id = r.id) AS "roundId",
  (SELECT c.reason FROM carcass_report_cancellations c WHERE c.report_id = r.id) AS "cancelReason",
  ${settingInForce(COLLECT_HOURS_SETTING, sql`r.region_code`)}::int AS "collectHours"`;
const reportFrom = sql`carcass_reports r ${reportManifest('r')} LEFT JOIN organisations f ON f.id = r.farm_id LEFT JOIN organisations fo ON fo.id = r.filed_by_org_id LEFT JOIN regions rg ON rg.code = r.region_code`;

export type ReportRow = {
  id: string; regionCode: string; townName: string; farmId: string | null; farmName: string | null; householdName: string | null; village: string | null; filedBy: string;
  species: string; head: number; weightKg: number; cause: string; suspectedNotifiable: boolean; diedOn: string; location: string; longitude: number | null; latitude: number | null; contact: string;
  supersedesId: string | null; reason: string | null; reportedAt: Date; manifestId: string | null; manifestNumber: string | null; manifestStatus: string | null;
  pickupHead: number | null; pickupWeightT: number | null; receivedHead: number | null; receivedWeightT: number | null; treatmentMethod: string | null; treatedOn: string | null;
  roundId: string | null; cancelReason: string | null; collectHours: number; state: ReportState;
};

const present = (r: ReportRow, now: Date) => {
  const waiting = r.state === 'waiting' || r.state === 'scheduled';
  const hours = (now.getTime() - new Date(r.reportedAt).getTime()) / 3_600_000;
  return { ...r, reportedAt: new Date(r.reportedAt), hoursWaiting: waiting ? Math.round(hours * 10) / 10 : null, late: waiting && hours > r.collectHours };
};

/** Reports the actor may see, newest first, with their state; `late`: waiting past the region's hours. */
export async function pageReports(db: Db, actor: Actor, f: ReportFilter, page: number, pageSize: number, now = new Date()) {
  const state = reportStateSql('r');
  const where = and(await reportScope(db, actor),
    f.state ? sql`${state} = ${f.state}` : undefined,
    f.q ? sql`(f.name LIKE ${containsPattern(f.q)} OR r.household_name LIKE ${containsPattern(f.q)} OR r.village LIKE ${containsPattern(f.q)} OR m.number LIKE ${containsPattern(f.q)})` : undefined,
    f.from ? sql`r.died_on >= ${f.from}::date` : undefined, f.to ? sql`r.died_on <= ${f.to}::date` : undefined,
    f.suspected ? sql`r.suspected_notifiable` : undefined,
    f.late ? sql`${state} IN ('waiting', 'scheduled') AND r.reported_at < ${now}::timestamptz - make_interval(hours => ${settingInForce(COLLECT_HOURS_SETTING, sql`r.region_code`)}::int)` : undefined)!;
  const [items, counted] = await Promise.all([
    db.execute<ReportRow>(sql`SELECT ${reportColumns}, ${state} AS state FROM ${reportFrom} WHERE ${where} ORDER BY r.reported_at DESC, r.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<{ total: number; head: number }>(sql`SELECT count(*)::int AS total, coalesce(sum(r.head), 0)::int AS head FROM ${reportFrom} WHERE ${where}`),
  ]);
  return { items: items.rows.map((r) => present(r, now)), total: counted.rows[0].total, head: counted.rows[0].head, page, pageSize };
}

/** The bureau's (and anyone's) overview of the year in the reports they see: head by state, late and suspected reports, the rate. */
export async function carcassSummary(db: Db, actor: Actor, year: number, now = new Date()) {
  const scope = await reportScope(db, actor);
  const central = sql.raw(CENTRAL_METHODS.map((m) => `'${m}'`).join(', '));
  const [row] = (await db.execute<{ reports: number; reported: number; reportedKg: number; treated: number; treatedT: number; waiting: number; onRoad: number; late: number; suspected: number }>(sql`
    SELECT count(*) FILTER (WHERE ${reportInForce('r')})::int AS reports, coalesce(sum(r.head) FILTER (WHERE ${reportInForce('r')}), 0)::int AS reported,
      coalesce(sum(r.weight_kg) FILTER (WHERE ${reportInForce('r')}), 0)::float8 AS "reportedKg",
      coalesce(sum((m.data->>'receivedHead')::int) FILTER (WHERE ${reportInForce('r')} AND m.status IN ('received', 'partially_refused') AND m.data->>'treatmentMethod' IN (${central})), 0)::int AS treated,
      coalesce(sum(m.received_weight_t) FILTER (WHERE ${reportInForce('r')} AND m.status IN ('received', 'partially_refused') AND m.data->>'treatmentMethod' IN (${central})), 0)::float8 AS "treatedT",
      count(*) FILTER (WHERE ${reportInForce('r')} AND (m.status IS NULL OR m.status IN ('draft', 'signed_by_producer')))::int AS waiting,
      count(*) FILTER (WHERE ${reportInForce('r')} AND m.status = 'in_transit')::int AS "onRoad",
      count(*) FILTER (WHERE ${reportInForce('r')} AND (m.status IS NULL OR m.status IN ('draft', 'signed_by_producer'))
        AND r.reported_at < ${now}::timestamptz - make_interval(hours => ${settingInForce(COLLECT_HOURS_SETTING, sql`r.region_code`)}::int))::int AS late,
      count(*) FILTER (WHERE ${reportInForce('r')} AND r.suspected_notifiable AND (m.status IS NULL OR m.status NOT IN ('received', 'partially_refused', 'refused')))::int AS suspected
    FROM carcass_reports r ${reportManifest('r')}
    WHERE ${scope} AND r.died_on >= make_date(${year}, 1, 1) AND r.died_on < make_date(${year + 1}, 1, 1)`)).rows;
  return { year, ...row, reportedT: Math.round(row.reportedKg) / 1000, treatedT: Math.round(row.treatedT * 1000) / 1000, rate: centralRate(row.treated, row.reported) };
}

export interface NewRound { roundDate: string; vehicleId: string; driverId: string; reportIds: string[]; note?: string }

/**
 * The plant plans a round: its vehicle and driver and the reports it collects, in order. Each stop's
 * manifest is the farm's (signed out when it reported); a household's is made here by the plant on its
 * behalf. The manifests learn the round, the vehicle (whose GPS the alarms follow) and the driver.
 */
export async function planRound(db: Queryable, ctx: Ctx, input: NewRound, at = new Date()) {
  const a = ctx.actor;
  return db.transaction(async (tx) => {
    const plant = await organisationOf(tx, a);
    if (!isPlant(plant) || a.role === 'driver' || plant!.kind !== 'enterprise') throw forbidden('收集路线由病死畜禽无害化处理厂安排', 'The dead-livestock treatment plant plans the rounds');
    const [vehicle] = await tx.select().from(vehicles).where(and(eq(vehicles.id, input.vehicleId), eq(vehicles.organisationId, plant!.id), eq(vehicles.active, true)));
    if (!vehicle) throw badRequest('UNKNOWN_VEHICLE', '车辆不属于本厂或已停用', 'The vehicle is not one of the plant’s, or is out of service', 'vehicleId');
    const [driver] = await tx.select().from(drivers).where(and(eq(drivers.id, input.driverId), eq(drivers.organisationId, plant!.id), eq(drivers.active, true)));
    if (!driver) throw badRequest('UNKNOWN_DRIVER', '驾驶员不属于本厂', 'The driver is not one of the plant’s', 'driverId');
    const ids = input.reportIds;
    if (new Set(ids).size !== ids.length) throw badRequest('DUPLICATE_STOP', '同一报告在路线中出现两次', 'A report appears twice on the round', 'reportIds');
    const reports = await tx.select().from(carcassReports).where(inArray(carcassReports.id, ids)).for('update');
    const county = plant!.regionCode.slice(0, 6);
    for (const [i, id] of ids.entries()) {
      const report = reports.find((r) => r.id === id);
      if (!report || !report.regionCode.startsWith(county)) throw badRequest('UNKNOWN_REPORT', '路线中有报告不存在或不在本厂服务的县（市、区）', 'A report on the round does not exist or lies outside the plant’s county', `reportIds.${i}`);
      const state = (await tx.execute<{ state: ReportState }>(sql`SELECT ${reportStateSql('r')} AS state FROM carcass_reports r ${reportManifest('r')} WHERE r.id = ${id}::uuid`)).rows[0].state;
      if (state !== 'waiting') throw conflict('REPORT_NOT_WAITING', `第 ${i + 1} 站的报告不在待收集状态（${state}）`, `The report of stop ${i + 1} is not waiting for a pickup (${state})`, `reportIds.${i}`);
    }
    const [round] = await tx.insert(carcassRounds).values({
      regionCode: plant!.regionCode, plantId: plant!.id, vehicleId: vehicle.id, driverId: driver.id, roundDate: input.roundDate, note: input.note ?? '', createdBy: a.userId!, createdAt: at,
    }).returning();
    const stops = [];
    for (const [i, id] of ids.entries()) {
      const report = reports.find((r) => r.id === id)!;
      let [m] = await tx.select().from(manifests).where(and(eq(manifests.stream, CARCASS.key), sql`${manifests.data}->>'reportId' = ${id}`, sql`${manifests.status} <> 'cancelled'`));
      if (!m) {
        if (report.farmId) throw conflict('REPORT_WITHOUT_MANIFEST', '养殖场报告缺少联单', 'The farm’s report has no manifest', `reportIds.${i}`);
        m = await createManifest(tx, ctx, { reportId: id, batchIds: [], transporterIds: [], plannedDate: input.roundDate }, CARCASS.key);
        m = await signManifest(tx, ctx, m.id, { action: 'sign_emission', at });
      }
      // The round's vehicle and driver on the manifest before pickup, as a round's join does: the GPS rules follow data.vehicleId.
      await tx.update(manifests).set({ data: sql`${manifests.data} || ${JSON.stringify({ roundId: round.id, vehicleId: vehicle.id, driverName: driver.name })}::jsonb`, plannedDate: input.roundDate })
        .where(eq(manifests.id, m.id));
      stops.push({ roundId: round.id, seq: i + 1, reportId: id, manifestId: m.id });
    }
    await tx.insert(carcassRoundStops).values(stops);
    await recordAudit(tx, ctx, { action: 'carcass_round.plan', entityType: 'carcass_round', entityId: round.id, regionCode: round.regionCode, organisationId: plant!.id, after: { ...round, stops } });
    return { ...round, plate: vehicle.plate, driverName: driver.name, stops: stops.length };
  });
}

/** The rounds (alias k) the actor may see: the plant's, the officials' where a stop lies in their area, a farm's with a stop of its. */
async function roundScope(q: Queryable, a: Actor): Promise<SQL> {
  if (a.role === 'platform_admin') return sql`true`;
  if (isOfficial(a)) {
    if (!regulatesStream(a, CARCASS.key)) throw forbidden('病死畜禽由农业农村部门监管', 'Dead livestock is regulated by agriculture and rural affairs');
    const prefix = `${regionScopePrefix(a.regionCode)}%`;
    return sql`(k.region_code LIKE ${prefix} OR EXISTS (SELECT 1 FROM carcass_round_stops s JOIN carcass_reports r ON r.id = s.report_id WHERE s.round_id = k.id AND r.region_code LIKE ${prefix}))`;
  }
  if (!a.organisationId) throw forbidden();
  return sql`(k.plant_id = ${a.organisationId} OR EXISTS (SELECT 1 FROM carcass_round_stops s JOIN carcass_reports r ON r.id = s.report_id WHERE s.round_id = k.id AND r.farm_id = ${a.organisationId}))`;
}

const roundProgress = sql`(SELECT json_build_object('stops', count(*), 'pickedUp', count(*) FILTER (WHERE m.status IN ('in_transit', 'received', 'partially_refused', 'refused')),
  'received', count(*) FILTER (WHERE m.status IN ('received', 'partially_refused', 'refused')), 'head', coalesce(sum((m.data->>'pickupHead')::int), 0))
  FROM carcass_round_stops s JOIN manifests m ON m.id = s.manifest_id WHERE s.round_id = k.id)`;

/** Rounds, newest first; `mine`: the driver's own. */
export async function pageRounds(db: Db, actor: Actor, f: { mine?: boolean; date?: string }, page: number, pageSize: number) {
  const where = and(await roundScope(db, actor),
    f.mine ? sql`EXISTS (SELECT 1 FROM drivers d WHERE d.id = k.driver_id AND d.user_id = ${actor.userId})` : undefined,
    f.date ? sql`k.round_date = ${f.date}::date` : undefined)!;
  const [items, counted] = await Promise.all([
    db.execute<{ id: string; roundDate: string; plantName: string; plate: string; driverName: string; note: string; progress: { stops: number; pickedUp: number; received: number; head: number } }>(sql`
      SELECT k.id, k.round_date::text AS "roundDate", p.name AS "plantName", v.plate, d.name AS "driverName", k.note, ${roundProgress} AS progress
      FROM carcass_rounds k JOIN organisations p ON p.id = k.plant_id JOIN vehicles v ON v.id = k.vehicle_id JOIN drivers d ON d.id = k.driver_id
      WHERE ${where} ORDER BY k.round_date DESC, k.created_at DESC, k.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM carcass_rounds k WHERE ${where}`),
  ]);
  return { items: items.rows.map((r) => ({ ...r, status: roundStatus(r.progress) })), total: counted.rows[0].total, page, pageSize };
}

const roundStatus = (p: { stops: number; pickedUp: number; received: number }): 'done' | 'on_road' | 'planned' => (p.received === p.stops ? 'done' : p.pickedUp > 0 ? 'on_road' : 'planned');

/** A round with its stops in order, its planned route (plant → stops → plant) and the vehicle's track on the day. */
export async function roundDetail(db: Db, actor: Actor, id: string) {
  const [round] = (await db.execute<{ id: string; roundDate: string; createdAt: string; plantId: string; plantName: string; plantLon: number | null; plantLat: number | null; vehicleId: string; plate: string; driverName: string; driverPhone: string; driverUserId: string | null; note: string }>(sql`
    SELECT k.id, k.round_date::text AS "roundDate", k.created_at::text AS "createdAt", k.plant_id AS "plantId", p.name AS "plantName", p.longitude AS "plantLon", p.latitude AS "plantLat", k.vehicle_id AS "vehicleId", v.plate,
      d.name AS "driverName", d.phone AS "driverPhone", d.user_id AS "driverUserId", k.note
    FROM carcass_rounds k JOIN organisations p ON p.id = k.plant_id JOIN vehicles v ON v.id = k.vehicle_id JOIN drivers d ON d.id = k.driver_id
    WHERE k.id = ${id}::uuid AND ${await roundScope(db, actor)}`)).rows;
  if (!round) throw notFound(ROUND);
  const stops = (await db.execute<{ seq: number; reportId: string; manifestId: string; number: string; status: string; farmId: string | null; source: string; townName: string; species: string; head: number; weightKg: number;
    location: string; contact: string; longitude: number | null; latitude: number | null; suspectedNotifiable: boolean; pickupHead: number | null; pickupWeightT: number | null; handedOverBy: string | null; receivedHead: number | null; receivedWeightT: number | null; treatmentMethod: string | null }>(sql`
    SELECT s.seq, s.report_id AS "reportId", s.manifest_id AS "manifestId", m.number, m.status, r.farm_id AS "farmId",
      coalesce(f.name, '散户 ' || r.household_name || '（' || r.village || '）') AS source, coalesce(rg.name, r.region_code) AS "townName", r.species, r.head, r.weight_kg::float8 AS "weightKg",
      r.location, r.contact, coalesce(r.longitude, f.longitude) AS longitude, coalesce(r.latitude, f.latitude) AS latitude, r.suspected_notifiable AS "suspectedNotifiable",
      (m.data->>'pickupHead')::int AS "pickupHead", (m.data->>'pickupWeightT')::float8 AS "pickupWeightT", m.data->>'handedOverBy' AS "handedOverBy",
      (m.data->>'receivedHead')::int AS "receivedHead", m.received_weight_t::float8 AS "receivedWeightT", m.data->>'treatmentMethod' AS "treatmentMethod"
    FROM carcass_round_stops s JOIN carcass_reports r ON r.id = s.report_id JOIN manifests m ON m.id = s.manifest_id
    LEFT JOIN organisations f ON f.id = r.farm_id LEFT JOIN regions rg ON rg.code = r.region_code
    WHERE s.round_id = ${id}::uuid ORDER BY s.seq`)).rows;
  const mine = actor.organisationId;
  const official = actor.role === 'platform_admin' || isOfficial(actor);
  // A farm sees its own stop in full; the other stops by place and progress only.
  const shown = stops.map((s) => (official || round.plantId === mine || s.farmId === mine ? { ...s, mine: s.farmId === mine } : {
    ...s, mine: false, manifestId: null, number: null, source: '其他收集点', contact: '', location: '', species: s.species, pickupHead: null, pickupWeightT: null, handedOverBy: null, receivedHead: null, receivedWeightT: null,
  }));
  const route: [number, number][] = [];
  if (round.plantLon !== null && round.plantLat !== null) route.push([round.plantLon, round.plantLat]);
  for (const s of stops) if (s.longitude !== null && s.latitude !== null) route.push([s.longitude, s.latitude]);
  if (round.plantLon !== null && round.plantLat !== null) route.push([round.plantLon, round.plantLat]);
  // The vehicle's positions from the round's planning for a day (a round after dark runs past midnight).
  const track = official || round.plantId === mine ? await db.select({ at: vehiclePositions.at, longitude: vehiclePositions.longitude, latitude: vehiclePositions.latitude, speedKmh: vehiclePositions.speedKmh })
    .from(vehiclePositions).where(and(eq(vehiclePositions.vehicleId, round.vehicleId), sql`${vehiclePositions.at} >= ${round.createdAt} AND ${vehiclePositions.at} < ${round.createdAt}::timestamptz + interval '1 day'`))
    .orderBy(vehiclePositions.at).limit(2000) : [];
  const { driverUserId, createdAt: _created, plantLon: _lon, plantLat: _lat, ...rest } = round;
  return { ...rest, status: roundStatus({ stops: stops.length, pickedUp: stops.filter((s) => s.status !== 'signed_by_producer' && s.status !== 'draft').length, received: stops.filter((s) => ['received', 'partially_refused', 'refused'].includes(s.status)).length }),
    isPlant: round.plantId === mine && actor.role !== 'driver', isDriver: !!driverUserId && driverUserId === actor.userId, stops: shown, route, track };
}

export interface Pickup { manifestId: string; head: number; weightKg: number; handedOverBy: string; longitude?: number; latitude?: number; place?: string }

/** The driver (or the plant) signs a stop's pickup: the head counted and the weight weighed, confirmed by the farm's person. */
export async function signPickup(db: Queryable, ctx: Ctx, input: Pickup, at?: Date) {
  const a = ctx.actor;
  return db.transaction(async (tx) => {
    const [stop] = (await tx.execute<{ roundId: string; plantId: string; plate: string; driverUserId: string | null; status: string }>(sql`
      SELECT k.id AS "roundId", k.plant_id AS "plantId", v.plate, d.user_id AS "driverUserId", m.status
      FROM carcass_round_stops s JOIN carcass_rounds k ON k.id = s.round_id JOIN vehicles v ON v.id = k.vehicle_id JOIN drivers d ON d.id = k.driver_id JOIN manifests m ON m.id = s.manifest_id
      WHERE s.manifest_id = ${input.manifestId}::uuid FOR UPDATE OF m`)).rows;
    if (!stop || stop.plantId !== a.organisationId) throw notFound({ zh: '收集站点', en: 'Stop' });
    if (a.role === 'driver' && stop.driverUserId !== a.userId) throw forbidden('这不是您的收集路线', 'This is not your round');
    if (stop.status !== 'signed_by_producer') throw conflict('ALREADY_PICKED_UP', '该站点已收集（或已撤销），不能再次签收', 'This stop has been picked up (or cancelled) already', 'manifestId');
    return signManifest(tx, ctx, input.manifestId, {
      action: 'sign_transport', at, place: input.place, longitude: input.longitude, latitude: input.latitude,
      data: { vehiclePlate: stop.plate, pickupHead: input.head, pickupWeightT: Math.round(input.weightKg * 10) / 10_000, handedOverBy: input.handedOverBy },
    });
  });
}

export interface Treatment { manifestId: string; outcome: 'accepted' | 'partially_refused' | 'refused'; receivedWeightKg: number; receivedHead: number; method?: string; treatedOn?: string; refusalReason?: string; note?: string }

/**
 * The plant weighs a load in and records how and when it treated it (the reception signature). A load
 * never picked up has nothing to treat: refused naming the manifest, nothing written.
 */
export async function recordTreatment(db: Queryable, ctx: Ctx, input: Treatment, at?: Date) {
  const a = ctx.actor;
  return db.transaction(async (tx) => {
    const [m] = await tx.select().from(manifests).where(and(eq(manifests.id, input.manifestId), eq(manifests.stream, CARCASS.key))).for('update');
    if (!m || m.receiverId !== a.organisationId) throw notFound(MANIFEST);
    if (a.role === 'driver') throw forbidden('驾驶员不能签收入厂', 'A driver does not sign the plant’s reception');
    if (m.status === 'draft' || m.status === 'signed_by_producer' || m.status === 'cancelled') {
      throw new AppError(409, 'NOT_PICKED_UP', { zh: `联单 ${m.number} 的病死畜禽尚未收集，不能登记无害化处理`, en: `The load of manifest ${m.number} has not been picked up: there is nothing to treat` }, 'manifestId');
    }
    if (m.status !== 'in_transit') throw conflict('ALREADY_RECEIVED', `联单 ${m.number} 已登记接收和处理`, `Manifest ${m.number} has been received already`, 'manifestId');
    const today = shanghaiDate(at ?? new Date());
    if (input.treatedOn && (input.treatedOn > today || input.treatedOn < String(m.plannedDate))) {
      throw badRequest('BAD_TREATMENT_DAY', '处理日期应在收集日期与今天之间', 'The treatment day lies between the pickup day and today', 'treatedOn');
    }
    const accepted = input.outcome !== 'refused';
    return signManifest(tx, ctx, m.id, {
      action: 'sign_reception', at,
      data: {
        receptionOutcome: input.outcome, receivedWeightT: Math.round(input.receivedWeightKg * 10) / 10_000, receivedHead: input.receivedHead,
        ...(accepted ? { treatmentMethod: input.method, treatedOn: input.treatedOn } : {}),
        ...(input.refusalReason ? { refusalReason: input.refusalReason } : {}), ...(input.note ? { receptionNote: input.note } : {}),
      },
    });
  });
}
