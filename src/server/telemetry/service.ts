import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { plainArray } from '../db/arrays';
import { vehiclePositions } from './schema';
import { vehicles, organisations } from '../platform/organisations/schema';
import { manifests, manifestSignatures } from '../manifests/schema';
import type { Actor } from '../platform/policy';
import { regionWithin } from '../../domain/region-code';
import { AppError, forbidden, notFound } from '../http/errors';
import { manifestVisibleSql, withinRegionSql } from '../platform/scope-sql';
import { canSeeManifest } from '../manifests/policy';

export interface Point { plate: string; at: Date; longitude: number; latitude: number; speedKmh?: number; heading?: number }

export const MAX_AGE_DAYS = 30;

/**
 * One batch from a GPS terminal or fleet system: every point is checked first and a bad one rejects
 * the whole batch (nothing half-written); points already stored (same vehicle and second) are
 * skipped, so a resent batch is harmless.
 */
export async function ingestPositions(db: Db, actor: Actor, points: Point[], now = new Date()) {
  if (!actor.organisationId) throw forbidden();
  const problems: { index: number; reason: { zh: string; en: string } }[] = [];
  const plates = [...new Set(points.map((p) => p.plate))];
  // The plates as one array parameter: a fleet's batch names hundreds of them.
  const own = await db.select({ id: vehicles.id, plate: vehicles.plate }).from(vehicles).where(and(eq(vehicles.organisationId, actor.organisationId), sql`${vehicles.plate} = ANY(${sql.param(plates)}::text[])`));
  const byPlate = new Map(own.map((v) => [v.plate, v.id]));
  // Per point only what must be: a batch carries thousands, so no closure or key string is made for each.
  const fail = (index: number, zh: string, en: string) => problems.push({ index, reason: { zh, en } });
  const latest = now.getTime() + 5 * 60_000, earliest = now.getTime() - MAX_AGE_DAYS * 86_400_000;
  const seen = new Map<string, Set<number>>(); // plate → times in this batch
  for (let index = 0; index < points.length; index++) {
    const { plate, at } = points[index];
    const time = at.getTime();
    if (!byPlate.has(plate)) fail(index, `车牌 ${plate} 未在本单位登记`, `Plate ${plate} is not registered to your organisation`);
    else if (time > latest) fail(index, '定位时间晚于当前时间', 'The position is timestamped in the future');
    else if (time < earliest) fail(index, `定位时间早于 ${MAX_AGE_DAYS} 天前`, `The position is older than ${MAX_AGE_DAYS} days`);
    else {
      const times = seen.get(plate) ?? seen.set(plate, new Set()).get(plate)!;
      if (times.has(time)) fail(index, '同一批次中重复的定位点', 'The same point appears twice in the batch');
      else times.add(time);
    }
  }
  if (problems.length) {
    throw new AppError(400, 'BAD_POINTS', { zh: `${problems.length} 个定位点无效，整批未写入；第一个：第${problems[0].index + 1}点 ${problems[0].reason.zh}`, en: `${problems.length} invalid points, nothing written; first: point ${problems[0].index + 1}: ${problems[0].reason.en}` },
      `points.${problems[0].index}`, problems.slice(0, 50).map((p) => ({ path: `points.${p.index}`, message: p.reason })));
  }
  // One statement: the columns go as array literals built here (ids, ISO times and numbers need no quoting),
  // which costs far less per point than the driver escaping every element; the region is the organisation's.
  const result = await db.execute(sql`
    INSERT INTO vehicle_positions (region_code, vehicle_id, at, longitude, latitude, speed_kmh, heading)
    SELECT o.region_code, v, a, lon, lat, s, h
    FROM organisations o, unnest(${plainArray(points.map((p) => byPlate.get(p.plate)!))}::uuid[], ${plainArray(points.map((p) => p.at.toISOString()))}::timestamptz[],
      ${plainArray(points.map((p) => p.longitude))}::float8[], ${plainArray(points.map((p) => p.latitude))}::float8[],
      ${plainArray(points.map((p) => p.speedKmh))}::real[], ${plainArray(points.map((p) => p.heading))}::smallint[]) AS t(v, a, lon, lat, s, h)
    WHERE o.id = ${actor.organisationId}
    ON CONFLICT DO NOTHING`);
  const accepted = result.rowCount ?? 0;
  return { accepted, duplicates: points.length - accepted };
}


/** The route a manifest's vehicle actually drove, from pickup to reception (or now). */
export async function manifestTrack(db: Db, actor: Actor, manifestId: string) {
  const [m] = await db.select().from(manifests).where(eq(manifests.id, manifestId));
  if (!m || !canSeeManifest(actor, m)) throw notFound({ zh: '联单', en: 'Manifest' });
  const signatures = await db.select().from(manifestSignatures).where(eq(manifestSignatures.manifestId, manifestId));
  const start = signatures.find((s) => s.step === 'transport')?.at;
  const end = signatures.find((s) => s.step === 'reception')?.at ?? new Date();
  const vehicleId = String(m.data.vehicleId ?? '');
  const ends = await db.select({ id: organisations.id, name: organisations.name, longitude: organisations.longitude, latitude: organisations.latitude }).from(organisations).where(inArray(organisations.id, [m.producerId, m.receiverId]));
  const points = start && vehicleId ? await db.select({ at: vehiclePositions.at, longitude: vehiclePositions.longitude, latitude: vehiclePositions.latitude, speedKmh: vehiclePositions.speedKmh })
    .from(vehiclePositions).where(and(eq(vehiclePositions.vehicleId, vehicleId), sql`${vehiclePositions.at} >= ${start} AND ${vehiclePositions.at} <= ${end}`)).orderBy(vehiclePositions.at).limit(20_000) : [];
  return { manifestId, number: m.number, status: m.status, from: ends.find((e) => e.id === m.producerId), to: ends.find((e) => e.id === m.receiverId), points };
}

/**
 * Every vehicle carrying waste that the caller may see now: its last position and its load. Exactly
 * the loads whose manifest the caller may open (manifestVisibleSql, the rule of canSeeManifest), so a
 * county sees no other county's loads and a department none of another department's waste. A region
 * asked for only narrows within the caller's own area; any other region answers 404, as a record out
 * of scope does.
 */
export async function liveVehicles(db: Db, actor: Actor, regionCode?: string) {
  if (actor.role !== 'platform_admin' && actor.role !== 'office' && actor.role !== 'regulator') throw forbidden();
  if (regionCode && actor.role !== 'platform_admin' && !regionWithin(regionCode, actor.regionCode)) throw notFound({ zh: '区划', en: 'Region' });
  const narrow = regionCode ? sql`AND (${withinRegionSql(sql`m.region_code`, regionCode)} OR ${withinRegionSql(sql`m.receiver_region_code`, regionCode)})` : sql``;
  const rows = await db.execute<{ manifest_id: string; number: string; waste_code: string; waste_name: string; declared_weight_t: number; plate: string; at: Date | null; longitude: number | null; latitude: number | null }>(sql`
    SELECT m.id AS manifest_id, m.number, m.waste_code, m.data->>'wasteName' AS waste_name, m.declared_weight_t, m.data->>'vehiclePlate' AS plate, p.at, p.longitude, p.latitude
    FROM manifests m
    LEFT JOIN LATERAL (SELECT at, longitude, latitude FROM vehicle_positions vp WHERE vp.vehicle_id = (m.data->>'vehicleId')::uuid ORDER BY at DESC LIMIT 1) p ON true
    WHERE m.status = 'in_transit' AND ${manifestVisibleSql(actor, 'm')} ${narrow}
    ORDER BY m.updated_at DESC LIMIT 2000`);
  return { items: rows.rows.map((r) => ({ manifestId: r.manifest_id, number: r.number, wasteCode: r.waste_code, wasteName: r.waste_name, declaredWeightT: Number(r.declared_weight_t), plate: r.plate, at: r.at, longitude: r.longitude, latitude: r.latitude })) };
}

/** The rules that watch a load on the road, evaluated for the loads of the vehicles a batch reported on. */
export const TRANSPORT_RULES = ['long_stop', 'off_corridor', 'vehicle_unregistered', 'construction_diverted', 'construction_off_route',
  // 病死畜禽: a collection vehicle off its round.
  'carcass_off_route'];

/** Loads on the road carried by the organisation's vehicles with these plates. */
export async function loadsOnTheRoad(db: Db, organisationId: string, plates: string[]): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    SELECT m.id FROM manifests m JOIN vehicles v ON v.id = (m.data->>'vehicleId')::uuid
    WHERE m.status = 'in_transit' AND v.organisation_id = ${organisationId} AND v.plate = ANY(${sql.param(plates)}::text[]) LIMIT 1000`);
  return rows.rows.map((r) => r.id);
}
