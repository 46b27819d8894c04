import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { manifests } from '../manifests/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { regulatesStream, type Actor } from '../platform/policy';
import { manifestVisibleSql } from '../platform/scope-sql';
import { regionScopePrefix } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { badRequest, forbidden } from '../http/errors';
import { containsPattern } from '../http/pagination';
import { settingInForce } from '../settings/service';
import { KITCHEN, PICKUP_GAP_SETTING } from '../../domain/streams/kitchen';
import { kitchenContracts } from './schema';

// 餐厨垃圾 producers and their collection contracts (收运合同), and the receiving ledger (台账) of the
// stream's manifests. Who sees what: the departments that regulate the stream (urban management,
// housing) and the office of the area; a collector its contracted producers; a producer itself.

type Ctx = AuditContext & { actor: Actor };

const isOfficial = (a: Actor) => a.role === 'office' || a.role === 'regulator';

/** Contracts the actor may list: its area's if it regulates kitchen waste, its own as producer or collector. */
function contractScope(a: Actor): SQL {
  if (a.role === 'platform_admin') return sql`true`;
  if (isOfficial(a)) {
    if (!regulatesStream(a, KITCHEN.key)) throw forbidden('餐厨垃圾由城市管理、住房城乡建设部门监管', 'Kitchen waste is regulated by urban management and housing');
    return sql`${kitchenContracts.regionCode} LIKE ${`${regionScopePrefix(a.regionCode)}%`}`;
  }
  if (!a.organisationId) throw forbidden();
  return sql`(${kitchenContracts.producerId} = ${a.organisationId} OR ${kitchenContracts.collectorId} = ${a.organisationId})`;
}

/** A pickup: a manifest of the stream the collector has signed for (on the road, received or refused). */
const PICKED_UP = sql.raw(`('in_transit', 'received', 'partially_refused', 'refused')`);

export interface ContractInput { producerKind: string; collectorId: string; contractNo: string; validFrom: string; validTo: string; dailyKg: number; reason?: string }

/**
 * A restaurant, canteen, school or hotel registers its collector (or changes it): the contract in
 * force ends the day the new one starts, both in one transaction with their audit rows.
 */
export async function registerContract(db: Db, ctx: Ctx, input: ContractInput) {
  const a = ctx.actor;
  if (a.role !== 'enterprise_admin' || a.organisationStatus !== 'verified' || !a.organisationId) throw forbidden('收运合同由产生单位的管理员登记', 'The producer’s administrator registers its collection contract');
  if (input.validTo < input.validFrom) throw badRequest('BAD_PERIOD', '合同到期日不能早于生效日', 'The contract cannot end before it starts', 'validTo');
  return db.transaction(async (tx) => {
    // The producer's row is the lock: two registrations at once end the contract in force one after the other.
    const [producer] = await tx.select().from(organisations).where(eq(organisations.id, a.organisationId!)).for('update');
    if (!producer.capabilities.includes('catering')) throw forbidden('本单位未登记为餐饮服务单位或单位食堂', 'Your organisation is not registered as a restaurant or canteen');
    const [collector] = await tx.select().from(organisations).where(eq(organisations.id, input.collectorId));
    if (!collector || collector.status !== 'verified' || !collector.capabilities.includes('kitchen_collector')) {
      throw badRequest('NOT_A_KITCHEN_COLLECTOR', '收运单位须为已审核的餐厨废弃物收运单位', 'The collector must be a verified kitchen-waste collector', 'collectorId');
    }
    if (collector.regionCode.slice(0, 4) !== producer.regionCode.slice(0, 4)) {
      throw badRequest('OTHER_CITY', `${collector.name} 不在本市，不能承担本单位的餐厨垃圾收运`, `${collector.name} lies in another city and cannot collect your kitchen waste`, 'collectorId');
    }
    const [current] = await tx.select().from(kitchenContracts).where(and(eq(kitchenContracts.producerId, producer.id), isNull(kitchenContracts.endedOn))).for('update');
    if (current) {
      if (input.validFrom <= current.validFrom) throw badRequest('STARTS_TOO_EARLY', `新合同须晚于现有合同的生效日 ${current.validFrom}`, `The new contract must start after the current one (${current.validFrom})`, 'validFrom');
      const reason = input.reason ?? (current.collectorId === collector.id ? '续签' : '更换收运单位');
      const [ended] = await tx.update(kitchenContracts).set({ endedOn: input.validFrom, endReason: reason }).where(eq(kitchenContracts.id, current.id)).returning();
      await recordAudit(tx, ctx, { action: 'kitchen_contract.end', entityType: 'kitchen_contract', entityId: current.id, regionCode: current.regionCode, organisationId: producer.id, before: current, after: ended });
    }
    const [row] = await tx.insert(kitchenContracts).values({
      regionCode: producer.regionCode, producerId: producer.id, collectorId: collector.id, producerKind: input.producerKind, contractNo: input.contractNo,
      validFrom: input.validFrom, validTo: input.validTo, dailyKg: input.dailyKg, recordedBy: a.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'kitchen_contract.register', entityType: 'kitchen_contract', entityId: row.id, regionCode: row.regionCode, organisationId: producer.id, after: row });
    return { ...row, producerName: producer.name, collectorName: collector.name };
  });
}

export interface ProducerFilter { q?: string; silent?: boolean }

/**
 * Registered producers (contracts in force) with their collector, the day of their last pickup and
 * the days since, against the region's gap setting; `silent` keeps those past it.
 */
export async function pageProducers(db: Db, actor: Actor, f: ProducerFilter, page: number, pageSize: number) {
  const today = shanghaiDate(new Date());
  const producer = sql`p`, collector = sql`c`;
  const last = sql<string | null>`(SELECT max(m.planned_date)::text FROM ${manifests} m WHERE m.producer_id = ${kitchenContracts.producerId} AND m.stream = ${KITCHEN.key} AND m.status IN ${PICKED_UP})`;
  const gap = settingInForce(PICKUP_GAP_SETTING, sql`${kitchenContracts.regionCode}`);
  const where = and(isNull(kitchenContracts.endedOn), contractScope(actor),
    f.q ? sql`${producer}.name LIKE ${containsPattern(f.q)}` : undefined,
    f.silent ? sql`coalesce(${last}, ${kitchenContracts.validFrom}::text)::date < ${today}::date - ${gap}::int` : undefined);
  const from = sql`${kitchenContracts} JOIN ${organisations} ${producer} ON ${producer}.id = ${kitchenContracts.producerId} JOIN ${organisations} ${collector} ON ${collector}.id = ${kitchenContracts.collectorId}`;
  const [rows, counted] = await Promise.all([
    db.execute<{ id: string; regionCode: string; producerId: string; producerName: string; producerKind: string; collectorId: string; collectorName: string; contractNo: string; validFrom: string; validTo: string; dailyKg: number; lastPickup: string | null; gapDays: number }>(sql`
      SELECT ${kitchenContracts.id} AS id, ${kitchenContracts.regionCode} AS "regionCode", ${kitchenContracts.producerId} AS "producerId", ${producer}.name AS "producerName",
        ${kitchenContracts.producerKind} AS "producerKind", ${kitchenContracts.collectorId} AS "collectorId", ${collector}.name AS "collectorName", ${kitchenContracts.contractNo} AS "contractNo",
        ${kitchenContracts.validFrom}::text AS "validFrom", ${kitchenContracts.validTo}::text AS "validTo", ${kitchenContracts.dailyKg}::float8 AS "dailyKg", ${last} AS "lastPickup", ${gap}::int AS "gapDays"
      FROM ${from} WHERE ${where} ORDER BY ${producer}.name, ${kitchenContracts.id} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`),
  ]);
  const items = rows.rows.map((r) => {
    const since = r.lastPickup ?? r.validFrom;
    const daysSince = Math.round((Date.parse(today) - Date.parse(since)) / 86_400_000);
    return { ...r, daysSince: r.lastPickup ? daysSince : null, silent: daysSince > r.gapDays };
  });
  return { items, total: counted.rows[0].total, page, pageSize };
}

/** Verified kitchen-waste collectors of the actor's city, by name: what a producer picks its collector from. */
export async function pageCollectors(db: Db, actor: Actor, q: string | undefined, page: number, pageSize: number) {
  const where = and(eq(organisations.status, 'verified'), sql`${organisations.capabilities} @> ARRAY['kitchen_collector']::text[]`,
    sql`${organisations.regionCode} LIKE ${`${actor.regionCode.slice(0, 4)}%`}`, q ? sql`${organisations.name} LIKE ${containsPattern(q)}` : undefined);
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode, contactPhone: organisations.contactPhone }).from(organisations).where(where)
      .orderBy(organisations.name, organisations.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(organisations).where(where),
  ]);
  return { items, total, page, pageSize };
}

export interface LedgerFilter { from?: string; to?: string; wasteCode?: string }

/**
 * 台账 of the stream, read from the receiving side of its manifests: each pickup that reached its
 * destination or was turned away there, with its source, collector, truck, quantity, destination
 * and use. Everyone sees the manifests they may see (a plant its receptions, a collector its
 * pickups, a producer its own, the regulators their area's).
 */
export async function pageLedger(db: Db, actor: Actor, f: LedgerFilter, page: number, pageSize: number) {
  const where = and(manifestVisibleSql(actor, 'manifests'), eq(manifests.stream, KITCHEN.key), sql`${manifests.status} IN ('received', 'partially_refused', 'refused')`,
    f.from ? sql`${manifests.plannedDate} >= ${f.from}` : undefined, f.to ? sql`${manifests.plannedDate} <= ${f.to}` : undefined,
    f.wasteCode ? eq(manifests.wasteCode, f.wasteCode) : undefined);
  const name = (column: SQL) => sql<string>`(SELECT name FROM ${organisations} o WHERE o.id = ${column})`;
  const [items, [{ total, receivedT }]] = await Promise.all([
    db.select({
      id: manifests.id, number: manifests.number, status: manifests.status, plannedDate: manifests.plannedDate, wasteCode: manifests.wasteCode, wasteName: sql<string>`${manifests.data}->>'wasteName'`,
      producerId: manifests.producerId, producerName: name(sql`${manifests.producerId}`), producerKind: sql<string | null>`${manifests.data}->>'producerKind'`,
      collectorName: name(sql`${manifests.transporterIds}[1]`), vehiclePlate: sql<string | null>`${manifests.data}->>'vehiclePlate'`,
      bucketCount: sql<number | null>`(${manifests.data}->>'bucketCount')::int`, pickupWeightT: sql<number | null>`(${manifests.data}->>'pickupWeightT')::float8`,
      receivedWeightT: manifests.receivedWeightT, receiverId: manifests.receiverId, receiverName: name(sql`${manifests.receiverId}`),
      treatmentMethod: sql<string | null>`${manifests.data}->>'treatmentMethod'`, weighbridgeTicketNo: sql<string | null>`${manifests.data}->>'weighbridgeTicketNo'`,
    }).from(manifests).where(where).orderBy(sql`${manifests.plannedDate} DESC`, manifests.number).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int`, receivedT: sql<number>`coalesce(sum(${manifests.receivedWeightT}), 0)::float8` }).from(manifests).where(where),
  ]);
  return { items, total, page, pageSize, receivedT: Math.round(receivedT * 1000) / 1000 };
}
