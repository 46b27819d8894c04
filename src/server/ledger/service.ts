import crypto from 'node:crypto';
import { and, eq, sql, desc, inArray, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { wasteBatches, ledgerMovements, type LedgerKind } from './schema';
import { settingInForce } from '../settings/service';
import { organisations } from '../platform/organisations/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { scopeCondition } from '../platform/organisations/service';
import { canOrganisation, organisationScope, seesWaste, type Actor } from '../platform/policy';
import { manifests, manifestBatches } from '../manifests/schema';
import { canSeeManifest } from '../manifests/policy';
import { seesWasteSql, streamOfCodeSql } from '../platform/scope-sql';
import { currentEntry } from '../catalogues/service';
import { AppError, badRequest, forbidden, notFound } from '../http/errors';
import { batchNumber, shanghaiDate, labelSizeMm, HAZARDOUS_STORAGE_DAYS } from '../../domain/labels';
import { STREAM_DEFINITIONS, streamDefinition } from '../../domain/streams';
import { CAPABILITIES, CATALOGUES } from '../../domain/enums';

const BATCH = { zh: '废物批次', en: 'Waste batch' };

/** The company the actor keeps a ledger for: its own, verified, never one sent by the client. */
export type LedgerOrganisation = typeof organisations.$inferSelect;
export async function ledgerOrganisation(q: Queryable, actor: Actor): Promise<LedgerOrganisation> {
  if (!actor.organisationId || actor.organisationKind !== 'enterprise') throw forbidden('只有企业可以记录台账', 'Only enterprises keep a ledger');
  if (actor.organisationStatus !== 'verified') throw new AppError(409, 'NOT_VERIFIED', { zh: '单位尚未审核通过', en: 'Your organisation is not verified yet' });
  if (actor.role === 'driver') throw forbidden();
  const [org] = await q.select().from(organisations).where(eq(organisations.id, actor.organisationId));
  return org;
}

/** The streams kept in store as batches: every definition with a batch prefix. */
export const LEDGER_STREAM_KEYS = STREAM_DEFINITIONS.filter((d) => d.batchPrefix).map((d) => d.key) as [string, ...string[]];
export type LedgerStream = string;

/** The current catalogue entry of a code of the stream, or a 400 naming the field. */
export async function requireStreamCode(db: Queryable, stream: LedgerStream, code: string, path = 'wasteCode') {
  const { catalogue } = streamDefinition(stream);
  const entry = await currentEntry(db, catalogue, code);
  if (!entry) throw badRequest('UNKNOWN_CODE', `代码 ${code} 不在现行${CATALOGUES.label(catalogue, 'zh')}中`, `Code ${code} is not in the current ${CATALOGUES.label(catalogue, 'en')}`, path);
  return entry;
}

export interface NewBatch {
  /** Absent for bulk general industrial waste (a 灰库, a 渣场): nothing is containerised. */
  wasteCode: string; internalName?: string; physicalForm: string; mainComponents?: string; containerType: string; containerVolumeL?: number;
  containerCount: number; quantityT: number; facilityCode?: string; storageFacility?: string; generatedAt?: Date; storeNow: boolean; stream: LedgerStream;
  /** The stream's batch fields, checked by the route against the definition. */
  attributes?: Record<string, string | number | boolean>;
  /** Arrived on a manifest whose reception the shared service entered as received: stored, not generated again. */
  arrived?: boolean;
}

/** 产生 (B.1), and 入库 (B.2) at once when the container goes straight to the store. */
export async function createBatch(db: Db, ctx: AuditContext & { actor: Actor }, input: NewBatch) {
  const entry = await requireStreamCode(db, input.stream, input.wasteCode);
  const generatedAt = input.generatedAt ?? new Date();
  if (generatedAt.getTime() > Date.now() + 5 * 60_000) throw badRequest('FUTURE_DATE', '产生时间不能晚于现在', 'The generation time cannot be in the future', 'generatedAt');
  return db.transaction(async (tx) => {
    const org = await ledgerOrganisation(tx, ctx.actor);
    const { producers, label } = streamDefinition(input.stream);
    if (!org.capabilities.some((c) => (producers as string[]).includes(c))) {
      const who = producers.map((c) => CAPABILITIES.label(c, 'zh')).join('或'), whoEn = producers.map((c) => CAPABILITIES.label(c, 'en')).join(' or ');
      throw forbidden(`本单位未登记为${who}，不能登记${label.zh}`, `Your organisation is not registered as a ${whoEn.toLowerCase()}, so it cannot record ${label.en.toLowerCase()}`);
    }
    const { batch } = await insertBatch(tx, ctx, org, { code: entry.code, name: entry.name, catalogueName: entry.description || entry.name, category: entry.category, hazard: entry.hazard }, { ...input, generatedAt });
    return batch;
  });
}

export interface BatchEntry { code: string; name: string; catalogueName: string; category?: string; hazard?: string[] }

/**
 * A batch and its 产生 (and 入库) movements in the caller's transaction, numbered per company and day
 * under the company's batch lock. The caller has checked the company and the code.
 */
export async function insertBatch(tx: Queryable, ctx: AuditContext & { actor: Actor }, org: LedgerOrganisation, entry: BatchEntry, input: NewBatch, note = '') {
  const { stream } = input;
  const prefix = streamDefinition(stream).batchPrefix;
  if (!prefix) throw badRequest('NO_STORE', '该类废物不按批次入库', 'This stream keeps no batches in store', 'stream');
  const generatedAt = input.generatedAt ?? new Date();
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`batch:${org.id}`}))`);
  const day = shanghaiDate(generatedAt);
  const [{ count }] = await tx.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(wasteBatches)
    .where(and(eq(wasteBatches.organisationId, org.id), sql`${wasteBatches.batchNo} LIKE ${`${prefix}${day.replace(/-/g, '')}%`}`));
  const [batch] = await tx.insert(wasteBatches).values({
    regionCode: org.regionCode, organisationId: org.id, stream, batchNo: batchNumber(prefix, day, count + 1), wasteCode: entry.code,
    catalogueName: entry.catalogueName, internalName: input.internalName || entry.name, category: entry.category, hazard: entry.hazard,
    physicalForm: input.physicalForm, mainComponents: input.mainComponents ?? '', containerType: input.containerType, containerVolumeL: input.containerVolumeL ?? 0,
    containerCount: input.containerCount, quantityT: input.quantityT, facilityCode: input.facilityCode ?? '', storageFacility: input.storageFacility ?? '',
    generatedAt, attributes: input.attributes ?? {}, labelToken: crypto.randomBytes(12).toString('base64url'), createdBy: ctx.actor.userId!,
  }).returning();
  const base = { regionCode: org.regionCode, organisationId: org.id, batchId: batch.id, wasteCode: batch.wasteCode, quantityT: batch.quantityT, recordedBy: ctx.actor.userId!, storageFacility: batch.storageFacility, note, at: generatedAt };
  const movements = input.arrived ? [] : [(await tx.insert(ledgerMovements).values({ ...base, kind: 'generate', storeEffect: 0 }).returning())[0]];
  if (input.storeNow) movements.push((await tx.insert(ledgerMovements).values({ ...base, kind: 'store_in', storeEffect: 1 }).returning())[0]);
  await recordAudit(tx, ctx, { action: 'batch.create', entityType: 'waste_batch', entityId: batch.id, regionCode: org.regionCode, organisationId: org.id, after: batch });
  return { batch, movements };
}

/** What a batch holds in store (its movements that change the store), as a column of a query on waste_batches. */
export const batchHeldSql = sql<number>`(SELECT coalesce(sum(m.quantity_t * m.store_effect), 0) FROM ${ledgerMovements} m WHERE m.batch_id = "waste_batches"."id")`.mapWith(Number);

/** What a batch still holds in store, from its movements. */
export async function inStore(q: Queryable, batchIds: string[]): Promise<Map<string, number>> {
  if (batchIds.length === 0) return new Map();
  const rows = await q.select({ batchId: ledgerMovements.batchId, held: sql<number>`coalesce(sum(${ledgerMovements.quantityT} * ${ledgerMovements.storeEffect}), 0)`.mapWith(Number) })
    .from(ledgerMovements).where(inArray(ledgerMovements.batchId, batchIds)).groupBy(ledgerMovements.batchId);
  return new Map(rows.map((r) => [r.batchId!, Math.round(r.held * 10_000) / 10_000]));
}

const MOVEMENT_EFFECT: Partial<Record<LedgerKind, number>> = { store_in: 1, store_out: -1, self_utilise: -1, self_dispose: -1 };

export interface NewMovement { kind: 'store_in' | 'store_out' | 'self_utilise' | 'self_dispose'; quantityT: number; at?: Date; treatmentMethod?: string; storageFacility?: string; note?: string }

/** 入库/出库/自行利用/自行处置 on one batch; what leaves the store cannot exceed what it holds. */
export async function recordMovement(db: Db, ctx: AuditContext & { actor: Actor }, batchId: string, input: NewMovement) {
  return db.transaction(async (tx) => {
    const org = await ledgerOrganisation(tx, ctx.actor);
    const [batch] = await tx.select().from(wasteBatches).where(and(eq(wasteBatches.id, batchId), eq(wasteBatches.organisationId, org.id))).for('update');
    if (!batch) throw notFound(BATCH);
    const held = (await inStore(tx, [batchId])).get(batchId) ?? 0;
    const effect = MOVEMENT_EFFECT[input.kind]!;
    if (effect < 0 && input.quantityT > held + 1e-9) {
      throw badRequest('NOT_IN_STORE', `该批次库存仅 ${held} 吨，不能出库 ${input.quantityT} 吨`, `The batch holds only ${held} t in store, not ${input.quantityT} t`, 'quantityT');
    }
    if (effect > 0) {
      const [{ storedEver }] = await tx.select({ storedEver: sql<number>`coalesce(sum(${ledgerMovements.quantityT}) FILTER (WHERE ${ledgerMovements.kind} = 'store_in'), 0)`.mapWith(Number) }).from(ledgerMovements).where(eq(ledgerMovements.batchId, batchId));
      if (storedEver + input.quantityT > batch.quantityT + 1e-9) throw badRequest('OVER_GENERATED', '入库量超过该批次的产生量', 'More would be stored than the batch generated', 'quantityT');
    }
    if ((input.kind === 'self_utilise' || input.kind === 'self_dispose') && !input.treatmentMethod) {
      throw badRequest('METHOD_REQUIRED', '请填写自行利用/处置方式', 'Give the utilisation or disposal method', 'treatmentMethod');
    }
    const [movement] = await tx.insert(ledgerMovements).values({
      regionCode: org.regionCode, organisationId: org.id, batchId, kind: input.kind, wasteCode: batch.wasteCode, quantityT: input.quantityT, storeEffect: effect,
      treatmentMethod: input.treatmentMethod ?? null, storageFacility: input.storageFacility ?? batch.storageFacility, at: input.at ?? new Date(), note: input.note ?? '', recordedBy: ctx.actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: `ledger.${input.kind}`, entityType: 'ledger_movement', entityId: String(movement.id), regionCode: org.regionCode, organisationId: org.id, after: movement });
    return movement;
  });
}

export interface StoreFilter { wasteCode?: string; overdueOnly?: boolean; stream?: LedgerStream }

function storeConditions(actor: Actor, filter: StoreFilter): SQL {
  // An official's area, and of it the waste the department regulates; a company its own.
  const parts: SQL[] = [scopeCondition(organisationScope(actor), wasteBatches.regionCode, wasteBatches.organisationId), seesWasteSql(actor, sql`${wasteBatches.stream}`, sql`${wasteBatches.wasteCode}`)];
  if (filter.wasteCode) parts.push(eq(wasteBatches.wasteCode, filter.wasteCode));
  if (filter.stream) parts.push(eq(wasteBatches.stream, filter.stream));
  if (filter.overdueOnly) parts.push(sql`${wasteBatches.generatedAt} < now() - CASE WHEN ${wasteBatches.wasteCode} LIKE '841-%' THEN make_interval(hours => ${settingInForce('medical.storage_hours', wasteBatches.regionCode)}::int) ELSE make_interval(days => ${HAZARDOUS_STORAGE_DAYS}) END`);
  return and(...parts)!;
}

/** 贮存: batches with something left in store, oldest first, with their age against the one-year limit. */
export async function storeView(db: Db, actor: Actor, filter: StoreFilter, page: number, pageSize: number) {
  const held = batchHeldSql;
  const where = and(storeConditions(actor, filter), sql`${held} > 0`)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({
      id: wasteBatches.id, batchNo: wasteBatches.batchNo, organisationId: wasteBatches.organisationId, organisationName: organisations.name, wasteCode: wasteBatches.wasteCode,
      internalName: wasteBatches.internalName, physicalForm: wasteBatches.physicalForm, containerType: wasteBatches.containerType, containerCount: wasteBatches.containerCount,
      storageFacility: wasteBatches.storageFacility, generatedAt: wasteBatches.generatedAt, quantityT: wasteBatches.quantityT, inStoreT: held, attributes: wasteBatches.attributes,
      daysInStore: sql<number>`floor(extract(epoch FROM now() - ${wasteBatches.generatedAt}) / 86400)`.mapWith(Number),
      hoursInStore: sql<number>`floor(extract(epoch FROM now() - ${wasteBatches.generatedAt}) / 3600)`.mapWith(Number),
      // Medical waste is held for hours, not a year: the region's limit (医疗废物管理条例 第十七条).
      limitHours: sql<number>`CASE WHEN ${wasteBatches.wasteCode} LIKE '841-%' THEN ${settingInForce('medical.storage_hours', wasteBatches.regionCode)} ELSE ${HAZARDOUS_STORAGE_DAYS * 24} END`.mapWith(Number),
      // A collector's batch names the producer and manifest it came from (集中暂存、分别管理).
      originManifestId: wasteBatches.originManifestId,
      originProducerName: sql<string | null>`(SELECT o.name FROM ${organisations} o WHERE o.id = ${wasteBatches.originProducerId})`,
    }).from(wasteBatches).innerJoin(organisations, eq(organisations.id, wasteBatches.organisationId))
      .where(where).orderBy(wasteBatches.generatedAt).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)` }).from(wasteBatches).where(where),
  ]);
  return { items: items.map((i) => ({ ...i, daysLeft: Math.floor((i.limitHours - i.hoursInStore) / 24), hoursLeft: i.limitHours - i.hoursInStore, overdue: i.hoursInStore > i.limitHours })), total, page, pageSize };
}

/** Who may open a batch's history: its producer, officials over it, and parties of a manifest that carried it. */
export async function canSeeBatchFor(db: Db, actor: Actor, batch: typeof wasteBatches.$inferSelect): Promise<boolean> {
  if (canOrganisation(actor, 'read', { id: batch.organisationId, regionCode: batch.regionCode, kind: 'enterprise', status: 'verified' })) return true;
  const carried = await db.select({ m: manifests }).from(manifestBatches).innerJoin(manifests, eq(manifests.id, manifestBatches.manifestId)).where(eq(manifestBatches.batchId, batch.id));
  return carried.some(({ m }) => canSeeManifest(actor, m));
}

export async function batchDetail(db: Db, actor: Actor, where: { id?: string; labelToken?: string }, canSee: (batch: typeof wasteBatches.$inferSelect) => Promise<boolean>) {
  const [batch] = await db.select().from(wasteBatches).where(where.id ? eq(wasteBatches.id, where.id) : eq(wasteBatches.labelToken, where.labelToken!));
  if (!batch || !seesWaste(actor, batch.stream, batch.wasteCode) || !(await canSee(batch))) throw notFound(BATCH);
  const [producer] = await db.select({ name: organisations.name, contactName: organisations.contactName, contactPhone: organisations.contactPhone, address: organisations.address }).from(organisations).where(eq(organisations.id, batch.organisationId));
  const movements = await db.select().from(ledgerMovements).where(eq(ledgerMovements.batchId, batch.id)).orderBy(ledgerMovements.at, ledgerMovements.id);
  const held = (await inStore(db, [batch.id])).get(batch.id) ?? 0;
  return { ...batch, producer, movements, inStoreT: held, labelSizeMm: labelSizeMm(batch.containerVolumeL), mine: actor.organisationId === batch.organisationId };
}

export function recentMovements(db: Db, actor: Actor, page: number, pageSize: number) {
  const where = and(scopeCondition(organisationScope(actor), ledgerMovements.regionCode, ledgerMovements.organisationId),
    seesWasteSql(actor, streamOfCodeSql(sql`${ledgerMovements.wasteCode}`), sql`${ledgerMovements.wasteCode}`))!;
  return Promise.all([
    db.select().from(ledgerMovements).where(where).orderBy(desc(ledgerMovements.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)` }).from(ledgerMovements).where(where),
  ]).then(([items, [{ total }]]) => ({ items, total, page, pageSize }));
}

/**
 * 受托单位: the companies a producer may hand general industrial waste to (verified utilisers,
 * disposers or recyclers, as the industrial manifest requires), those of the producer's own county first.
 */
export async function industrialReceivers(db: Db, actor: Actor, q: string | undefined, page: number, pageSize: number) {
  const where = and(eq(organisations.status, 'verified'), eq(organisations.kind, 'enterprise'), sql`${organisations.capabilities} && ARRAY['receiver', 'recycler']::text[]`,
    q ? sql`${organisations.name} ILIKE ${`%${q.replace(/[\\%_]/g, '')}%`}` : undefined)!;
  const county = actor.regionCode.slice(0, 6);
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode, industry: organisations.industry, capabilities: organisations.capabilities })
      .from(organisations).where(where).orderBy(sql`left(${organisations.regionCode}, 6) = ${county} DESC`, organisations.name).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(organisations).where(where),
  ]);
  return { items, total, page, pageSize };
}
