import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { manifests, manifestBatches } from '../manifests/schema';
import { collectionRounds, collectionRoundStops } from './schema';
import { wasteBatches } from '../ledger/schema';
import { organisations, vehicles, drivers, licences } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { inStore } from '../ledger/service';
import { createManifest } from '../manifests/service';
import { canSeeManifest } from '../manifests/policy';
import { regulatedBy, streamOfCode } from '../../domain/streams';

type Ctx = AuditContext & { actor: Actor };
const ROUND = { zh: '收运路线', en: 'Collection round' };
type Round = typeof collectionRounds.$inferSelect;

// What a small producer's manifest says when it joins a round: medical waste is UN3291 (class 6.2).
const MEDICAL_DEFAULTS = { dangerousGoodsClass: '第6.2类 感染性物质 UN3291', emergencyMeasures: '破损包装立即以双层黄色医疗废物袋封装，撒布含氯消毒剂，报告卫生健康部门' };
const GENERAL_DEFAULTS = { dangerousGoodsClass: '按安全技术说明书', emergencyMeasures: '泄漏时以吸附材料收集，转入备用容器，报告生态环境部门' };

/** Officials of the collector's area (domain-filtered as for manifests), the collector, and producers with a stop on it. */
function canSeeRound(actor: Actor, round: Round, producerIds: string[]) {
  if (actor.role === 'platform_admin') return true;
  if (actor.role === 'office' || actor.role === 'regulator') return regionWithin(round.regionCode, actor.regionCode) && (actor.role === 'office' || regulatedBy(actor.domain, streamOfCode(round.wasteCode) ?? '', round.wasteCode));
  return !!actor.organisationId && (round.collectorId === actor.organisationId || producerIds.includes(actor.organisationId));
}

function visibleRounds(actor: Actor): SQL {
  if (actor.role === 'platform_admin') return sql`true`;
  if (actor.role === 'office' || actor.role === 'regulator') {
    const area = sql`${collectionRounds.regionCode} LIKE ${`${regionScopePrefix(actor.regionCode)}%`}`;
    if (actor.role === 'office' || actor.domain === 'general' || actor.domain === 'ecology') return area;
    return actor.domain === 'health' ? sql`${area} AND ${collectionRounds.wasteCode} LIKE '841-%'` : sql`false`;
  }
  if (!actor.organisationId) return sql`false`;
  return sql`(${collectionRounds.collectorId} = ${actor.organisationId} OR EXISTS (SELECT 1 FROM ${collectionRoundStops} s WHERE s.round_id = ${collectionRounds.id} AND s.producer_id = ${actor.organisationId}))`;
}

export interface NewRound { roundDate: string; vehicleId: string; driverId: string; wasteCode: string; producerIds: string[]; note?: string }

/** A collector plans a round: the vehicle, the driver, the code it collects and the stops in order. */
export async function planRound(db: Db, ctx: Ctx, input: NewRound) {
  const actor = ctx.actor;
  if (!actor.organisationId || actor.role === 'driver' || actor.organisationStatus !== 'verified') throw forbidden('只有已审核的收集单位可以安排收运路线', 'Only a verified licensed collector plans rounds');
  return db.transaction(async (tx) => {
    const [collector] = await tx.select().from(organisations).where(eq(organisations.id, actor.organisationId!));
    if (!collector.capabilities.includes('collector')) throw forbidden('贵单位不是持证收集单位', 'Your organisation is not a licensed collector');
    const [licence] = await tx.select().from(licences).where(and(eq(licences.organisationId, collector.id), eq(licences.active, true),
      sql`${licences.validFrom} <= ${input.roundDate}::date AND ${licences.validTo} >= ${input.roundDate}::date`,
      sql`(${licences.wasteCodes} @> ARRAY[${input.wasteCode}]::text[] OR ${licences.wasteCodes} @> ARRAY[${`HW${input.wasteCode.slice(-2)}`}]::text[])`)).limit(1);
    if (!licence) throw badRequest('NOT_LICENSED', `贵单位在 ${input.roundDate} 没有收集 ${input.wasteCode} 的有效许可`, `You hold no valid licence to collect ${input.wasteCode} on ${input.roundDate}`, 'wasteCode');
    const [vehicle] = await tx.select().from(vehicles).where(and(eq(vehicles.id, input.vehicleId), eq(vehicles.organisationId, collector.id), eq(vehicles.active, true)));
    if (!vehicle) throw badRequest('UNKNOWN_VEHICLE', '车辆不属于本单位或已停用', 'The vehicle is not one of yours, or is out of service', 'vehicleId');
    const [driver] = await tx.select().from(drivers).where(and(eq(drivers.id, input.driverId), eq(drivers.organisationId, collector.id), eq(drivers.active, true)));
    if (!driver) throw badRequest('UNKNOWN_DRIVER', '驾驶员不属于本单位', 'The driver is not one of yours', 'driverId');
    const ids = [...new Set(input.producerIds)];
    if (ids.length !== input.producerIds.length) throw badRequest('DUPLICATE_STOP', '同一单位在路线中出现两次', 'A producer appears twice on the round', 'producerIds');
    const producers = await tx.select().from(organisations).where(inArray(organisations.id, ids));
    const bad = ids.filter((id) => { const p = producers.find((o) => o.id === id); return !p || p.status !== 'verified' || !p.capabilities.includes('producer'); });
    if (bad.length) throw badRequest('NOT_A_PRODUCER', '路线中有单位不存在、未审核或不是产废单位', 'A stop is not a verified waste producer', `producerIds.${input.producerIds.indexOf(bad[0])}`);
    // 跨设区市转移须经审批: a round stays within the collector's city.
    const away = producers.filter((p) => p.regionCode.slice(0, 4) !== collector.regionCode.slice(0, 4));
    if (away.length) throw badRequest('OTHER_CITY', `${away[0].name} 不在本市，跨市转移不能纳入收运路线`, `${away[0].name} lies in another city: cross-city transfers cannot join a round`, 'producerIds');
    const [round] = await tx.insert(collectionRounds).values({
      regionCode: collector.regionCode, collectorId: collector.id, vehicleId: vehicle.id, driverId: driver.id, roundDate: input.roundDate, wasteCode: input.wasteCode, note: input.note ?? '', createdBy: actor.userId!,
    }).returning();
    await tx.insert(collectionRoundStops).values(ids.map((producerId, i) => ({ roundId: round.id, seq: i + 1, producerId })));
    await recordAudit(tx, ctx, { action: 'round.plan', entityType: 'collection_round', entityId: round.id, regionCode: round.regionCode, organisationId: collector.id, after: { ...round, stops: ids } });
    return round;
  });
}

/** Verified producers of the collector's city, by name, for putting stops on a round. */
export async function producerChoices(db: Db, actor: Actor, q: string | undefined, page: number, pageSize: number) {
  if (!actor.organisationId) throw forbidden();
  const [me] = await db.select({ regionCode: organisations.regionCode, capabilities: organisations.capabilities }).from(organisations).where(eq(organisations.id, actor.organisationId));
  if (!me.capabilities.includes('collector')) throw forbidden('贵单位不是持证收集单位', 'Your organisation is not a licensed collector');
  const where = and(eq(organisations.status, 'verified'), sql`${organisations.capabilities} @> ARRAY['producer']::text[]`, sql`${organisations.regionCode} LIKE ${`${me.regionCode.slice(0, 4)}%`}`,
    q ? sql`${organisations.name} ILIKE ${`%${q.replace(/[\\%_]/g, '')}%`}` : sql`true`)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode, address: organisations.address, industry: organisations.industry }).from(organisations).where(where).orderBy(organisations.name).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(organisations).where(where),
  ]);
  return { items, total, page, pageSize };
}

export async function pageRounds(db: Db, actor: Actor, page: number, pageSize: number) {
  const where = visibleRounds(actor);
  const collector = sql<string>`(SELECT name FROM ${organisations} o WHERE o.id = ${collectionRounds.collectorId})`;
  const plate = sql<string>`(SELECT plate FROM ${vehicles} v WHERE v.id = ${collectionRounds.vehicleId})`;
  const counts = sql<{ stops: number; manifests: number; received: number }>`(SELECT json_build_object('stops', count(*), 'manifests', count(s.manifest_id), 'received', count(*) FILTER (WHERE m.status IN ('received', 'partially_refused')))
    FROM ${collectionRoundStops} s LEFT JOIN ${manifests} m ON m.id = s.manifest_id WHERE s.round_id = ${collectionRounds.id})`;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: collectionRounds.id, roundDate: collectionRounds.roundDate, wasteCode: collectionRounds.wasteCode, status: collectionRounds.status, collectorName: collector, plate, counts })
      .from(collectionRounds).where(where).orderBy(desc(collectionRounds.roundDate), desc(collectionRounds.createdAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(collectionRounds).where(where),
  ]);
  return { items, total, page, pageSize };
}

async function loadRound(db: Db, actor: Actor, id: string) {
  const [round] = await db.select().from(collectionRounds).where(eq(collectionRounds.id, id));
  if (!round) throw notFound(ROUND);
  const stops = await db.select().from(collectionRoundStops).where(eq(collectionRoundStops.roundId, id)).orderBy(asc(collectionRoundStops.seq));
  if (!canSeeRound(actor, round, stops.map((s) => s.producerId))) throw notFound(ROUND);
  return { round, stops };
}

/** The round with each stop: the producer, its manifest and where that manifest stands. */
export async function roundDetail(db: Db, actor: Actor, id: string) {
  const { round, stops } = await loadRound(db, actor, id);
  const orgIds = [round.collectorId, ...stops.map((s) => s.producerId)];
  const manifestIds = stops.map((s) => s.manifestId).filter((m): m is string => !!m);
  const [orgs, rows, [vehicle], [driver]] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, address: organisations.address, contactPhone: organisations.contactPhone, longitude: organisations.longitude, latitude: organisations.latitude }).from(organisations).where(inArray(organisations.id, orgIds)),
    manifestIds.length ? db.select().from(manifests).where(inArray(manifests.id, manifestIds)) : Promise.resolve([]),
    db.select({ plate: vehicles.plate, vehicleType: vehicles.vehicleType, loadT: vehicles.loadT }).from(vehicles).where(eq(vehicles.id, round.vehicleId)),
    db.select({ name: drivers.name, phone: drivers.phone, userId: drivers.userId }).from(drivers).where(eq(drivers.id, round.driverId)),
  ]);
  const mine = actor.organisationId;
  // A producer sees its own stop's manifest in full; the other stops only by name and progress.
  const stopView = stops.map((s) => {
    const m = rows.find((r) => r.id === s.manifestId);
    const visible = m && canSeeManifest(actor, m);
    return {
      seq: s.seq, producer: orgs.find((o) => o.id === s.producerId), mine: s.producerId === mine,
      manifest: m ? { id: visible ? m.id : null, number: visible ? m.number : null, status: m.status, declaredWeightT: visible ? m.declaredWeightT : null, pickupWeightT: visible ? Number(m.data.pickupWeightT ?? 0) || null : null, receivedWeightT: visible ? m.receivedWeightT : null } : null,
    };
  });
  return {
    ...round, collector: orgs.find((o) => o.id === round.collectorId), vehicle, driver: driver ? { name: driver.name, phone: driver.phone } : null,
    isCollector: round.collectorId === mine, isDriver: !!driver?.userId && driver.userId === actor.userId, stops: stopView,
  };
}

/**
 * A small producer joins the round at its stop: one manifest from its store of the round's code to
 * the collector, on the round's vehicle and driver, made in the same transaction as the stop's link.
 */
export async function joinRound(db: Db, ctx: Ctx, id: string, input: { batchIds?: string[]; emergencyMeasures?: string; dangerousGoodsClass?: string }) {
  const actor = ctx.actor;
  const { round, stops } = await loadRound(db, actor, id);
  const stop = stops.find((s) => s.producerId === actor.organisationId);
  if (!stop) throw forbidden('贵单位不在这条收运路线上', 'Your organisation is not a stop on this round');
  if (round.status !== 'planned') throw conflict('ROUND_CLOSED', '收运路线已结束', 'The round is closed');
  if (stop.manifestId) throw conflict('STOP_HAS_MANIFEST', '本站点已有联单', 'Your stop has a manifest already');
  let batchIds = input.batchIds ?? [];
  if (!batchIds.length) {
    // Everything of the round's code in the producer's store and on no open manifest.
    const candidates = await db.select({ id: wasteBatches.id }).from(wasteBatches)
      .where(and(eq(wasteBatches.organisationId, actor.organisationId!), eq(wasteBatches.wasteCode, round.wasteCode),
        sql`NOT EXISTS (SELECT 1 FROM ${manifestBatches} mb WHERE mb.batch_id = ${wasteBatches.id} AND NOT mb.released)`)).limit(200);
    const held = await inStore(db, candidates.map((c) => c.id));
    batchIds = candidates.filter((c) => (held.get(c.id) ?? 0) > 0).map((c) => c.id);
    if (!batchIds.length) throw badRequest('NOTHING_IN_STORE', `贵单位没有待转移的 ${round.wasteCode} 库存，请先登记产生批次`, `You have nothing of ${round.wasteCode} in store: record the batches first`, 'batchIds');
  }
  const defaults = round.wasteCode.startsWith('841-') ? MEDICAL_DEFAULTS : GENERAL_DEFAULTS;
  return createManifest(db, ctx, {
    batchIds, receiverId: round.collectorId, transporterIds: [round.collectorId], vehicleId: round.vehicleId, driverId: round.driverId, plannedDate: round.roundDate,
    dangerousGoodsClass: input.dangerousGoodsClass ?? defaults.dangerousGoodsClass, emergencyMeasures: input.emergencyMeasures ?? defaults.emergencyMeasures,
  }, 'hazardous', async (tx, m) => {
    if (m.wasteCode !== round.wasteCode) throw badRequest('WRONG_CODE', `这条路线收集 ${round.wasteCode}，所选批次是 ${m.wasteCode}`, `This round collects ${round.wasteCode}; the batches are ${m.wasteCode}`, 'batchIds');
    // The stop row is the lock: a second join of the same stop waits here and then finds the link.
    const linked = await tx.update(collectionRoundStops).set({ manifestId: m.id }).where(and(eq(collectionRoundStops.roundId, round.id), eq(collectionRoundStops.producerId, actor.organisationId!), sql`${collectionRoundStops.manifestId} IS NULL`)).returning();
    if (!linked.length) throw conflict('STOP_HAS_MANIFEST', '本站点已有联单', 'Your stop has a manifest already');
    await tx.update(manifests).set({ data: sql`${manifests.data} || ${JSON.stringify({ roundId: round.id })}::jsonb` }).where(eq(manifests.id, m.id));
  });
}

/** The collector closes the round; stops that gave nothing stay without a manifest, as 未收运. */
export async function closeRound(db: Db, ctx: Ctx, id: string) {
  return db.transaction(async (tx) => {
    const [round] = await tx.select().from(collectionRounds).where(eq(collectionRounds.id, id)).for('update');
    // Whoever may not see the round learns nothing of it (404); whoever sees it but is not its collector is refused (403).
    const producers = round ? (await tx.select({ id: collectionRoundStops.producerId }).from(collectionRoundStops).where(eq(collectionRoundStops.roundId, id))).map((s) => s.id) : [];
    if (!round || !canSeeRound(ctx.actor, round, producers)) throw notFound(ROUND);
    if (round.collectorId !== ctx.actor.organisationId || ctx.actor.role === 'driver') throw forbidden('由收集单位结束收运路线', 'The collector closes its round');
    if (round.status === 'closed') throw conflict('ROUND_CLOSED', '收运路线已结束', 'The round is closed already');
    const open = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(collectionRoundStops).innerJoin(manifests, eq(manifests.id, collectionRoundStops.manifestId))
      .where(and(eq(collectionRoundStops.roundId, id), sql`${manifests.status} IN ('draft', 'signed_by_producer', 'in_transit')`));
    if (open[0].n > 0) throw conflict('ROUND_OPEN_MANIFESTS', `还有 ${open[0].n} 份联单未办结（未装车或未入库）`, `${open[0].n} manifests are still open (not picked up or not received)`);
    const [after] = await tx.update(collectionRounds).set({ status: 'closed', closedAt: new Date() }).where(eq(collectionRounds.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'round.close', entityType: 'collection_round', entityId: id, regionCode: round.regionCode, organisationId: round.collectorId, before: { status: round.status }, after: { status: 'closed' } });
    return after;
  });
}

/**
 * The chain of a manifest through a collector's store: where a small producer's load came from
 * (upstream, for a collector's outgoing manifest) and where it went (downstream, to final treatment).
 * Only numbers, parties, weights, statuses and methods are shown of manifests one is not party to.
 */
export async function manifestChain(db: Db, actor: Actor, id: string) {
  const [m] = await db.select().from(manifests).where(eq(manifests.id, id));
  if (!m || !canSeeManifest(actor, m)) throw notFound({ zh: '联单', en: 'Manifest' });
  const summary = (alias: string) => sql.raw(`${alias}.id, ${alias}.number, ${alias}.status, ${alias}.waste_code AS "wasteCode", ${alias}.declared_weight_t::float8 AS "declaredWeightT", ${alias}.received_weight_t::float8 AS "receivedWeightT", ${alias}.data->>'treatmentMethod' AS "treatmentMethod",
    (SELECT org.name FROM organisations org WHERE org.id = ${alias}.producer_id) AS "producerName", (SELECT org.name FROM organisations org WHERE org.id = ${alias}.receiver_id) AS "receiverName"`);
  const [upstream, downstream] = await Promise.all([
    // This manifest carries collector batches: the manifests they were received on.
    db.execute(sql`SELECT ${summary('o')} FROM manifest_batches mb JOIN waste_batches b ON b.id = mb.batch_id JOIN manifests o ON o.id = b.origin_manifest_id WHERE mb.manifest_id = ${id}::uuid ORDER BY o.number LIMIT 500`),
    // This manifest went into a collector's store: the manifests that took it on.
    db.execute(sql`SELECT ${summary('d')}, b.batch_no AS "batchNo" FROM waste_batches b JOIN manifest_batches mb ON mb.batch_id = b.id JOIN manifests d ON d.id = mb.manifest_id WHERE b.origin_manifest_id = ${id}::uuid ORDER BY d.created_at LIMIT 50`),
  ]);
  const [stored] = await db.select({ id: wasteBatches.id, batchNo: wasteBatches.batchNo, organisationId: wasteBatches.organisationId }).from(wasteBatches).where(eq(wasteBatches.originManifestId, id)).limit(1);
  const held = stored ? (await inStore(db, [stored.id])).get(stored.id) ?? 0 : 0;
  return { manifestId: id, upstream: upstream.rows, downstream: downstream.rows, collectorStore: stored ? { batchNo: stored.batchNo, inStoreT: held } : null };
}
