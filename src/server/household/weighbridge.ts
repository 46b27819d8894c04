import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { householdFacilities } from './schema';
import type { Actor } from '../platform/policy';
import { plainArray, textArray } from '../db/arrays';
import { checkTicket, CLEARED_AT, splitByMonths, TICKET_CLASSES, type TicketClass } from '../../domain/household';
import { AppError, type Issue } from '../http/errors';
import { inArea, keepsHousehold, areaSql, narrowSql, requireKeeper } from './access';

// 地磅磅单 (ADR 0006): tickets as a facility's weighbridge software posts them, or as a clerk types
// them in where no weighbridge is connected. A batch is checked whole and written whole (one
// statement); a resent ticket (same facility and number, same values) is skipped; a correction or
// cancellation is a new row naming the ticket it replaces. The daily sums follow by trigger.

export const MAX_TICKETS = 10_000;
/** How old a ticket may be: a facility's history export reaches back this far. */
export const MAX_AGE_DAYS = 3 * 366;

export interface TicketInput {
  facilityId: string; ticketNo: string; kind?: 'ticket' | 'correction' | 'cancellation';
  /** The ticket number this one corrects or cancels (the weighbridge's own number, at the same facility). */
  corrects?: string; reason?: string;
  plate?: string; wasteClass?: TicketClass; grossT?: number; tareT?: number; netT?: number; inAt?: Date; outAt?: Date;
  routeId?: string; originRegionCode?: string; measured?: boolean;
}

type Problem = Issue & { code: string };
const TICKET_FIELDS = ['plate', 'wasteClass', 'grossT', 'tareT', 'netT', 'inAt', 'outAt'] as const;
const FIELD_NAMES: Record<(typeof TICKET_FIELDS)[number], { zh: string; en: string }> = {
  plate: { zh: '车牌号', en: 'the plate' }, wasteClass: { zh: '垃圾类别', en: 'the class' }, grossT: { zh: '毛重', en: 'the gross weight' }, tareT: { zh: '皮重', en: 'the tare' },
  netT: { zh: '净重', en: 'the net weight' }, inAt: { zh: '进场时间', en: 'the time in' }, outAt: { zh: '出场时间', en: 'the time out' },
};

type StoredTicket = { id: string; facilityId: string; ticketNo: string; kind: string; corrects: string | null; plate: string; wasteClass: string; grossT: number; tareT: number; netT: number; inAt: Date; outAt: Date; routeId: string | null; originRegionCode: string | null; measured: boolean };

/**
 * Checks and writes a batch. `postedBy` names the sender in the row (a token's organisation, a clerk).
 * Who may post for a facility: a weighbridge token or a user of its operator, or a keeper of its area
 * (manual entry). Throws 400 BAD_TICKETS naming each bad field, with nothing written. A dry run (an
 * import's preview) checks and counts the same way and writes nothing.
 */
export async function ingestTickets(db: Queryable, actor: Actor, tickets: TicketInput[], postedBy: string, now = new Date(), { dryRun = false } = {}) {
  if (dryRun) return checkAndWrite(db, actor, tickets, postedBy, now, true);
  return db.transaction(async (tx) => {
    // One batch per facility at a time. The table is partitioned by month, so a ticket number is unique
    // only together with its time out; the same number sent twice at once with another time out is
    // refused by the lookup of stored numbers below, which must therefore see the other batch's rows.
    const facilities = [...new Set(tickets.map((t) => t.facilityId))].sort();
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('weighbridge_tickets:' || f)) FROM (SELECT f FROM unnest(${textArray(facilities)}::text[]) AS f ORDER BY f) s`);
    return checkAndWrite(tx, actor, tickets, postedBy, now, false);
  });
}

async function checkAndWrite(db: Queryable, actor: Actor, tickets: TicketInput[], postedBy: string, now: Date, dryRun: boolean) {
  const problems: Problem[] = [];
  const fail = (index: number, field: string, code: string, zh: string, en: string) => problems.push({ path: `tickets.${index}.${field}`, code, message: { zh, en } });

  const facilityIds = [...new Set(tickets.map((t) => t.facilityId))];
  const facilities = await db.select({ id: householdFacilities.id, regionCode: householdFacilities.regionCode, organisationId: householdFacilities.organisationId, name: householdFacilities.name })
    .from(householdFacilities).where(sql`${householdFacilities.id} = ANY(${sql.param(facilityIds)}::uuid[])`);
  const facilityById = new Map(facilities.map((f) => [f.id, f]));
  const mayPost = (f: { regionCode: string; organisationId: string | null }) =>
    (!!actor.organisationId && f.organisationId === actor.organisationId) || (actor.via === 'session' && keepsHousehold(actor) && inArea(actor, f.regionCode));

  // What is stored already: the same numbers (resends), and the tickets corrected.
  // One probe of the unique index (region, facility, number) per number asked for: without the region the
  // lookup read every stored ticket of the facilities (a batch got slower as the table grew). The keys go as
  // array literals: the driver escaping 30,000 elements one by one took about half the lookup (10,000 tickets).
  const asked = new Map<string, [string, string, string]>();
  for (const t of tickets) {
    const facility = facilityById.get(t.facilityId);
    if (!facility) continue;
    for (const no of t.corrects ? [t.ticketNo, t.corrects] : [t.ticketNo]) asked.set(`${t.facilityId} ${no}`, [facility.regionCode, t.facilityId, no]);
  }
  const pairs = [...asked.values()];
  const stored = await db.execute<StoredTicket>(sql`
    SELECT w.id, w.facility_id AS "facilityId", w.ticket_no AS "ticketNo", w.kind, w.corrects, w.plate, w.waste_class AS "wasteClass", w.gross_t::float8 AS "grossT", w.tare_t::float8 AS "tareT",
      w.net_t::float8 AS "netT", w.in_at AS "inAt", w.out_at AS "outAt", w.route_id AS "routeId", w.origin_region_code AS "originRegionCode", w.measured
    FROM unnest(${textArray(pairs.map((p) => p[0]))}::text[], ${plainArray(pairs.map((p) => p[1]))}::uuid[], ${textArray(pairs.map((p) => p[2]))}::text[]) AS k(region_code, facility_id, ticket_no)
    JOIN weighbridge_tickets w ON w.region_code = k.region_code AND w.facility_id = k.facility_id AND w.ticket_no = k.ticket_no`);
  const key = (facilityId: string, ticketNo: string) => `${facilityId} ${ticketNo}`;
  const storedByNo = new Map(stored.rows.map((r) => [key(r.facilityId, r.ticketNo), { ...r, inAt: new Date(r.inAt), outAt: new Date(r.outAt) }]));
  // The latest version of each original ticket among those stored (a cancelled ticket cannot be corrected).
  const originals = [...new Set(stored.rows.map((r) => r.corrects ?? r.id))];
  const latestKind = new Map((originals.length ? (await db.execute<{ original: string; kind: string }>(sql`
    SELECT DISTINCT ON (coalesce(w.corrects, w.id)) coalesce(w.corrects, w.id) AS original, w.kind FROM weighbridge_tickets w
    WHERE w.region_code = ANY(${sql.param([...new Set(facilities.map((f) => f.regionCode))])}::text[]) AND (w.id = ANY(${sql.param(originals)}::uuid[]) OR w.corrects = ANY(${sql.param(originals)}::uuid[])) ORDER BY coalesce(w.corrects, w.id), w.seq DESC`)).rows : []).map((r) => [r.original, r.kind]));

  // Plates: a registered collection truck, a vehicle registered for something else (refused), or unknown (taken, and an alarm says so).
  const plates = [...new Set(tickets.map((t) => t.plate).filter((p): p is string => !!p))];
  const known = plates.length ? (await db.execute<{ plate: string; id: string; collection: boolean; owner: string }>(sql`
    SELECT v.plate, v.id, hv.vehicle_id IS NOT NULL AS collection, o.name AS owner FROM vehicles v JOIN organisations o ON o.id = v.organisation_id
    LEFT JOIN household_vehicles hv ON hv.vehicle_id = v.id WHERE v.plate = ANY(${sql.param(plates)}::text[])`)).rows : [];
  const vehicleByPlate = new Map(known.map((k) => [k.plate, k]));
  // Routes and towns named by the batch or by the tickets it corrects (a cancellation copies them).
  const routeIds = [...new Set([...tickets.map((t) => t.routeId), ...stored.rows.map((r) => r.routeId)].filter((r): r is string => !!r))];
  const routes = routeIds.length ? (await db.execute<{ id: string; region_code: string }>(sql`SELECT id, region_code FROM household_routes WHERE id = ANY(${sql.param(routeIds)}::uuid[])`)).rows : [];
  const origins = [...new Set([...tickets.map((t) => t.originRegionCode), ...stored.rows.map((r) => r.originRegionCode)].filter((r): r is string => !!r))];
  const knownOrigins = new Set(origins.length ? (await db.execute<{ code: string }>(sql`SELECT code FROM regions WHERE code = ANY(${sql.param(origins)}::text[])`)).rows.map((r) => r.code) : []);

  const latest = now.getTime() + 10 * 60_000, earliest = now.getTime() - MAX_AGE_DAYS * 86_400_000;
  const inBatch = new Map<string, { id: string; index: number; original: string; kind: string }>();
  const rows: (StoredTicket & { regionCode: string; reason: string; vehicleId: string | null })[] = [];
  let duplicates = 0;
  tickets.forEach((t, index) => {
    const kind = t.kind ?? 'ticket';
    const facility = facilityById.get(t.facilityId);
    if (!facility || !mayPost(facility)) return fail(index, 'facilityId', 'FACILITY_NOT_YOURS', '该设施不存在，或不是本单位运营的设施', 'No such facility, or not one your organisation operates');
    const k = key(t.facilityId, t.ticketNo);
    if (inBatch.has(k)) return fail(index, 'ticketNo', 'DUPLICATE_IN_BATCH', `磅单号 ${t.ticketNo} 在本批中重复`, `Ticket ${t.ticketNo} appears twice in the batch`);

    // The version corrected, and what a cancellation copies.
    let corrected: { id: string; original: string; row: TicketInput | StoredTicket } | null = null;
    if (kind !== 'ticket') {
      if (!t.corrects) return fail(index, 'corrects', 'CORRECTS_REQUIRED', '更正或作废须写明所更正的磅单号', 'A correction or cancellation names the ticket it corrects');
      if (!t.reason?.trim()) return fail(index, 'reason', 'REASON_REQUIRED', '更正或作废须写明原因', 'A correction or cancellation gives its reason');
      const earlier = inBatch.get(key(t.facilityId, t.corrects));
      const before = storedByNo.get(key(t.facilityId, t.corrects));
      if (earlier) corrected = { id: earlier.id, original: earlier.original, row: tickets[earlier.index] };
      else if (before) corrected = { id: before.id, original: before.corrects ?? before.id, row: before };
      if (!corrected) return fail(index, 'corrects', 'UNKNOWN_TICKET', `本设施没有磅单 ${t.corrects}`, `This facility has no ticket ${t.corrects}`);
      const lastKind = earlier ? earlier.kind : latestKind.get(corrected.original);
      if (lastKind === 'cancellation') return fail(index, 'corrects', 'TICKET_CANCELLED', `磅单 ${t.corrects} 已作废，不能再更正`, `Ticket ${t.corrects} was cancelled and cannot be corrected`);
    }
    const source = kind === 'cancellation' ? { ...corrected!.row, ...Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) } as TicketInput : t;
    for (const field of TICKET_FIELDS) {
      if (source[field] === undefined) return fail(index, field, 'REQUIRED', `请填写${FIELD_NAMES[field].zh}`, `Give ${FIELD_NAMES[field].en}`);
    }
    if (!(source.wasteClass! in TICKET_CLASSES)) return fail(index, 'wasteClass', 'UNKNOWN_CLASS', `垃圾类别须为 ${Object.keys(TICKET_CLASSES).join('、')} 之一`, `The class is one of ${Object.keys(TICKET_CLASSES).join(', ')}`);
    const weights = { grossT: source.grossT!, tareT: source.tareT!, netT: source.netT!, inAt: new Date(source.inAt!), outAt: new Date(source.outAt!) };
    const issue = checkTicket(weights)[0];
    if (issue) return fail(index, issue.field, issue.code, issue.zh, issue.en);
    const out = weights.outAt.getTime();
    if (out > latest) return fail(index, 'outAt', 'IN_THE_FUTURE', '出场时间晚于当前时间', 'The time out is in the future');
    if (weights.inAt.getTime() < earliest) return fail(index, 'inAt', 'TOO_OLD', `进场时间早于 ${MAX_AGE_DAYS} 天前`, `The time in is more than ${MAX_AGE_DAYS} days ago`);
    const plate = source.plate!;
    const vehicle = vehicleByPlate.get(plate);
    if (vehicle && !vehicle.collection) return fail(index, 'plate', 'PLATE_NOT_COLLECTION', `车牌 ${plate} 登记在“${vehicle.owner}”名下，不是生活垃圾收运车辆`, `${plate} is registered to ${vehicle.owner}, not as a household collection truck`);
    const county = facility.regionCode.slice(0, 6);
    if (source.routeId && !routes.some((r) => r.id === source.routeId && r.region_code.startsWith(county))) return fail(index, 'routeId', 'UNKNOWN_ROUTE', '收运线路不存在或不属于本县（市、区）', 'No such route in the facility’s county');
    if (source.originRegionCode && !knownOrigins.has(source.originRegionCode)) return fail(index, 'originRegionCode', 'UNKNOWN_REGION', `行政区划代码 ${source.originRegionCode} 不存在`, `Region code ${source.originRegionCode} is not known`);

    // A resend: the same number with the same values is skipped; different values need a correction.
    const resent = storedByNo.get(k);
    if (resent) {
      const same = resent.kind === kind && resent.plate === plate && resent.wasteClass === source.wasteClass && Math.abs(resent.netT - weights.netT) < 0.0005
        && Math.abs(resent.grossT - weights.grossT) < 0.0005 && resent.outAt.getTime() === weights.outAt.getTime();
      if (same) { duplicates++; return; }
      return fail(index, 'ticketNo', 'TICKET_CHANGED', `磅单 ${t.ticketNo} 已上传且内容不同：请以更正单（kind: correction）更正`, `Ticket ${t.ticketNo} was posted with other values: post a correction (kind: correction)`);
    }
    const id = randomUUID();
    inBatch.set(k, { id, index, original: corrected?.original ?? id, kind });
    rows.push({
      id, regionCode: facility.regionCode, facilityId: t.facilityId, ticketNo: t.ticketNo, kind, corrects: corrected?.original ?? null, reason: t.reason?.trim() ?? '',
      plate, vehicleId: vehicle?.id ?? null, wasteClass: source.wasteClass!, grossT: weights.grossT, tareT: weights.tareT, netT: weights.netT, inAt: weights.inAt, outAt: weights.outAt,
      routeId: source.routeId ?? null, originRegionCode: source.originRegionCode ?? null, measured: source.measured ?? true,
    });
  });
  if (problems.length) {
    const first = problems[0];
    throw new AppError(400, problems.length === 1 ? first.code : 'BAD_TICKETS',
      { zh: `${problems.length} 张磅单有误，整批未写入；第一处：第${Number(first.path.split('.')[1]) + 1}张 ${first.message.zh}`, en: `${problems.length} tickets are wrong, nothing written; first: ticket ${Number(first.path.split('.')[1]) + 1}: ${first.message.en}` },
      first.path, problems.slice(0, 50).map(({ path, message }) => ({ path, message })));
  }
  const result = {
    accepted: rows.filter((r) => r.kind === 'ticket').length, duplicates,
    corrections: rows.filter((r) => r.kind === 'correction').length, cancellations: rows.filter((r) => r.kind === 'cancellation').length,
  };
  // The original tickets written (a correction's or cancellation's is the one it replaces): the rules after ingest look at these only.
  const written = [...new Set(rows.map((r) => r.corrects ?? r.id))];
  if (!rows.length || dryRun) return { ...result, written: [] as string[] };
  // The columns as array literals (src/server/db/arrays.ts): one string each, not 10,000 escaped elements.
  const text = <K extends 'regionCode' | 'ticketNo' | 'kind' | 'reason' | 'plate' | 'wasteClass' | 'originRegionCode'>(k: K) => textArray(rows.map((r) => r[k]));
  const plain = <K extends 'id' | 'facilityId' | 'corrects' | 'vehicleId' | 'grossT' | 'tareT' | 'netT' | 'routeId' | 'measured'>(k: K) => plainArray(rows.map((r) => r[k]));
  await db.execute(sql`
    INSERT INTO weighbridge_tickets (region_code, id, facility_id, ticket_no, kind, corrects, reason, plate, vehicle_id, waste_class, gross_t, tare_t, net_t, in_at, out_at, route_id, origin_region_code, measured, posted_by)
    SELECT region_code, id, facility_id, ticket_no, kind, corrects, reason, plate, vehicle_id, waste_class, gross_t, tare_t, net_t, in_at, out_at, route_id, origin_region_code, measured, ${postedBy}
    FROM unnest(${text('regionCode')}::text[], ${plain('id')}::uuid[], ${plain('facilityId')}::uuid[], ${text('ticketNo')}::text[], ${text('kind')}::text[], ${plain('corrects')}::uuid[], ${text('reason')}::text[],
      ${text('plate')}::text[], ${plain('vehicleId')}::uuid[], ${text('wasteClass')}::text[], ${plain('grossT')}::numeric[], ${plain('tareT')}::numeric[], ${plain('netT')}::numeric[],
      ${plainArray(rows.map((r) => r.inAt.toISOString()))}::timestamptz[], ${plainArray(rows.map((r) => r.outAt.toISOString()))}::timestamptz[], ${plain('routeId')}::uuid[], ${text('originRegionCode')}::text[], ${plain('measured')}::boolean[])
      WITH ORDINALITY AS t(region_code, id, facility_id, ticket_no, kind, corrects, reason, plate, vehicle_id, waste_class, gross_t, tare_t, net_t, in_at, out_at, route_id, origin_region_code, measured, ord)
    ORDER BY ord`);
  return { ...result, written };
}

/** Where a weighed load came from (of a daily sum `d`): its town of origin when the ticket says, else the facility's place. */
export const SOURCE = sql`coalesce(nullif(d.origin_region_code, ''), d.region_code)`;

/** The facility kinds where a load is counted as cleared (CLEARED_AT), as a SQL list for `f.kind IN (…)`. */
export const CLEARED_KINDS = sql.join(CLEARED_AT.map((k) => sql`${k}`), sql`, `);

export type TonnageBy = 'class' | 'town' | 'facility' | 'route' | 'day';

/**
 * Tonnes weighed in a period, by class and by one of town (of origin), facility, route or day: from
 * the daily sums. Scoped to the keeper's area by where the waste came from or where it was weighed.
 */
export async function tonnage(db: Db, actor: Actor, query: { from: string; to: string; regionCode?: string; by: TonnageBy }) {
  requireKeeper(actor);
  // In the area: the town of origin or the facility's place. SOURCE is the origin when the ticket names one,
  // else the place, so this is the same as "SOURCE or the place in the area", but each side is a prefix
  // range of an index (origin_region_code, day) / (region_code, day) instead of a scan of the whole table.
  const daily = {
    scope: sql`(${areaSql(actor, sql`d.origin_region_code`)} OR ${areaSql(actor, sql`d.region_code`)})`,
    narrow: narrowSql(actor, SOURCE, query.regionCode) ?? sql`true`,
  };
  // The monthly sums keep the source itself: the same rows, through its own two indexes.
  const monthly = {
    scope: sql`(${areaSql(actor, sql`m.source`)} OR ${areaSql(actor, sql`m.region_code`)})`,
    narrow: narrowSql(actor, sql`m.source`, query.regionCode) ?? sql`true`,
  };
  // Summed first, named after: the names are looked up once a group, not once a daily row.
  const group = {
    class: { daily: sql`d.waste_class`, monthly: sql`m.waste_class`, name: sql`g.key`, join: sql`` },
    town: { daily: SOURCE, monthly: sql`m.source`, name: sql`coalesce(rg.name, g.key)`, join: sql`LEFT JOIN regions rg ON rg.code = g.key` },
    facility: { daily: sql`d.facility_id::text`, monthly: sql`m.facility_id::text`, name: sql`coalesce(f.name, g.key)`, join: sql`LEFT JOIN household_facilities f ON f.id = g.key::uuid` },
    route: { daily: sql`d.route_key`, monthly: null, name: sql`coalesce(r.name, '（未注明线路）')`, join: sql`LEFT JOIN household_routes r ON r.id::text = nullif(g.key, '')` },
    day: { daily: sql`d.day::text`, monthly: null, name: sql`g.key`, join: sql`` },
  }[query.by];
  // Whole months from the monthly sums (a province's year is 130,000 rows there, 4 million daily), the
  // days at either end from the daily sums; by route or by day, the daily sums alone.
  const split = group.monthly ? splitByMonths(query.from, query.to) : { months: null, days: [[query.from, query.to] as [string, string]] };
  const parts = [
    ...split.days.map(([from, to]) => sql`
      SELECT ${group.daily} AS key, d.waste_class, d.net_t, d.tickets FROM weighbridge_daily d
      WHERE d.day BETWEEN ${from}::date AND ${to}::date AND ${daily.scope} AND ${daily.narrow}`),
    ...(split.months && group.monthly ? [sql`
      SELECT ${group.monthly} AS key, m.waste_class, m.net_t, m.tickets FROM weighbridge_monthly m
      WHERE m.month BETWEEN ${split.months[0]}::date AND ${split.months[1]}::date AND ${monthly.scope} AND ${monthly.narrow}`] : []),
  ];
  const rows = parts.length ? await db.execute<{ key: string; name: string; waste_class: string; net_t: number; tickets: number }>(sql`
    SELECT g.key, ${group.name} AS name, g.waste_class, g.net_t, g.tickets
    FROM (SELECT u.key, u.waste_class, sum(u.net_t)::float8 AS net_t, sum(u.tickets)::int AS tickets
      FROM (${sql.join(parts, sql` UNION ALL `)}) u
      GROUP BY 1, 2) g ${group.join}
    ORDER BY 1 LIMIT 20000`) : { rows: [] };
  const byKey = new Map<string, { key: string; name: string; byClass: Record<string, number>; totalT: number; tickets: number }>();
  const totals: Record<string, number> = {};
  for (const r of rows.rows) {
    const entry = byKey.get(r.key) ?? byKey.set(r.key, { key: r.key, name: r.name, byClass: {}, totalT: 0, tickets: 0 }).get(r.key)!;
    entry.byClass[r.waste_class] = round3((entry.byClass[r.waste_class] ?? 0) + r.net_t);
    entry.totalT = round3(entry.totalT + r.net_t);
    entry.tickets += r.tickets;
    totals[r.waste_class] = round3((totals[r.waste_class] ?? 0) + r.net_t);
  }
  const items = [...byKey.values()];
  if (query.by !== 'day') items.sort((a, b) => b.totalT - a.totalT);
  return { from: query.from, to: query.to, by: query.by, items, totals, totalT: round3(Object.values(totals).reduce((s, v) => s + v, 0)), classes: Object.keys(TICKET_CLASSES) };
}

type TicketRow = {
  id: string; ticketNo: string; kind: string; facilityId: string; facilityName: string; plate: string; wasteClass: string; grossT: number; tareT: number; netT: number; inAt: string; outAt: string;
  routeId: string | null; routeName: string | null; routeClass: string | null; originRegionCode: string | null; originName: string | null; measured: boolean; reason: string; postedBy: string;
  correctsTicketNo: string | null; replacedBy: string | null; total: number;
};

/** Tickets of a facility or of the keeper's area, newest first, each with whether a later correction or cancellation replaced it. */
export async function pageTickets(db: Db, actor: Actor, query: { facilityId?: string; from: string; to: string; plate?: string; wasteClass?: string; mixedOnly?: boolean; page: number; pageSize: number }) {
  const official = actor.role === 'platform_admin' || actor.role === 'office' || actor.role === 'regulator';
  if (official) requireKeeper(actor);
  const scope = official ? areaSql(actor, sql`w.region_code`) : actor.organisationId ? sql`f.organisation_id = ${actor.organisationId}` : sql`false`;
  const where = sql.join([
    scope, sql`w.out_at >= make_timestamptz(${Number(query.from.slice(0, 4))}, ${Number(query.from.slice(5, 7))}, ${Number(query.from.slice(8, 10))}, 0, 0, 0, 'Asia/Shanghai')`,
    sql`w.out_at < make_timestamptz(${Number(query.to.slice(0, 4))}, ${Number(query.to.slice(5, 7))}, ${Number(query.to.slice(8, 10))}, 0, 0, 0, 'Asia/Shanghai') + interval '1 day'`,
    query.facilityId ? sql`w.facility_id = ${query.facilityId}::uuid` : sql`true`, query.plate ? sql`w.plate = ${query.plate}` : sql`true`,
    query.wasteClass ? sql`w.waste_class = ${query.wasteClass}` : sql`true`,
    query.mixedOnly ? sql`r.waste_class IS NOT NULL AND w.waste_class <> r.waste_class` : sql`true`,
  ], sql` AND `);
  const rows = await db.execute<TicketRow>(sql`
    SELECT w.id, w.ticket_no AS "ticketNo", w.kind, w.facility_id AS "facilityId", f.name AS "facilityName", w.plate, w.waste_class AS "wasteClass", w.gross_t::float8 AS "grossT", w.tare_t::float8 AS "tareT",
      w.net_t::float8 AS "netT", w.in_at AS "inAt", w.out_at AS "outAt", w.route_id AS "routeId", r.name AS "routeName", r.waste_class AS "routeClass", w.origin_region_code AS "originRegionCode", rg.name AS "originName",
      w.measured, w.reason, w.posted_by AS "postedBy", c.ticket_no AS "correctsTicketNo",
      (SELECT l.kind FROM weighbridge_tickets l WHERE l.region_code = w.region_code AND l.corrects = coalesce(w.corrects, w.id) AND l.seq > w.seq ORDER BY l.seq DESC LIMIT 1) AS "replacedBy",
      count(*) OVER ()::int AS total
    FROM weighbridge_tickets w JOIN household_facilities f ON f.id = w.facility_id
    LEFT JOIN household_routes r ON r.id = w.route_id LEFT JOIN regions rg ON rg.code = w.origin_region_code
    LEFT JOIN weighbridge_tickets c ON c.region_code = w.region_code AND c.id = w.corrects
    WHERE ${where} ORDER BY w.out_at DESC, w.seq DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`);
  return {
    items: rows.rows.map(({ total: _t, replacedBy: _r, ...r }) => ({ ...r, inAt: new Date(r.inAt), outAt: new Date(r.outAt), state: _r === 'cancellation' ? 'cancelled' : _r ? 'corrected' : r.kind === 'cancellation' ? 'cancellation' : 'effective' })),
    total: rows.rows[0]?.total ?? 0, page: query.page, pageSize: query.pageSize,
  };
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
