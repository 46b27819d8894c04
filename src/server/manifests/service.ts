import crypto from 'node:crypto';
import { and, eq, is, sql, desc, inArray, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db, Queryable } from '../db/database';
import { manifests, manifestBatches, manifestSignatures, manifestEvents, manifestRevisions } from './schema';
import { wasteBatches, ledgerMovements } from '../ledger/schema';
import { organisations, vehicles, drivers } from '../platform/organisations/schema';
import { manifestVisibleSql } from '../platform/scope-sql';
import { recordAudit, auditRows, canonicalJson, type AuditContext, type AuditEntry } from '../platform/audit/service';
import { auditLog } from '../platform/audit/schema';
import type { Actor } from '../platform/policy';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/errors';
import { inStore, ledgerOrganisation } from '../ledger/service';
import { enqueueSql, signingEvent, type WebhookEvent } from '../webhooks/service';
import { manifestNumber } from '../../domain/manifests/number';
import { addWorkingDays } from '../../domain/working-days';
import { calendarFor } from '../platform/calendar/service';
import { sign, checkEdit, nextTurn, partiesOf, discrepancies, EngineError, FINAL_STATUSES, type ManifestAction, type ManifestState, type ManifestData, type StreamConfig } from '../../domain/manifests/engine';
import { manifestConfig } from '../../domain/streams';
import { manifestHooks } from '../streams';
import { checkValues } from '../../domain/manifests/values';
import type { Load, NewManifest } from './hooks';
import { canManifest, manifestRefusal, signsTurn, type ManifestAction as PolicyAction, type ManifestRefusal } from './policy';
import { checkSignaturePhotos } from './photos';

export type { NewManifest } from './hooks';
export { canSeeManifest } from './policy';
import { shanghaiYear } from '../../domain/labels';

const MANIFEST = { zh: '联单', en: 'Manifest' };
type ManifestRow = typeof manifests.$inferSelect;
type Ctx = AuditContext & { actor: Actor };

const ENGINE_MESSAGES: Record<string, [string, string]> = {
  FINAL: ['联单已办结，不能再修改或签署', 'The manifest is closed: it can no longer be changed or signed'],
  OUT_OF_TURN: ['还没轮到您签署，或应由其他单位签署', 'It is not your turn to sign this step'],
  NOT_A_PARTY: ['贵单位不是该联单的当事方', 'Your organisation is not a party to this manifest'],
  ALREADY_SIGNED: ['该环节已签署', 'This step is already signed'],
  MISSING_FIELDS: ['签署前请填写必填项', 'Fill in the required fields before signing'],
  SEALED_FIELD: ['已签署环节的内容不能直接修改，请提出修改申请', 'A signed step cannot be edited: request a revision instead'],
  NOT_YOUR_FIELD: ['该字段应由其他当事方填写', 'Another party fills in this field'],
  UNKNOWN_FIELD: ['联单中没有该字段', 'The manifest has no such field'],
  CANNOT_CANCEL: ['只有移出人可以在运输前作废联单', 'Only the producer can cancel, and only before pickup'],
};

export function engineError(error: EngineError): AppError {
  const [zh, en] = ENGINE_MESSAGES[error.code] ?? ['操作不允许', 'Not allowed'];
  const fields = error.detail.fields ?? [];
  const status = error.code === 'NOT_A_PARTY' ? 403 : error.code === 'UNKNOWN_FIELD' || error.code === 'MISSING_FIELDS' ? 400 : 409;
  return new AppError(status, `MANIFEST_${error.code}`, { zh: fields.length ? `${zh}：${fields.join('、')}` : zh, en: fields.length ? `${en}: ${fields.join(', ')}` : en },
    fields[0] ?? null, fields.map((f) => ({ path: f, message: { zh, en } })));
}

/** Refuses values of the wrong kind before they reach the engine and a signature seals them. */
function requireValidValues(config: StreamConfig, values: ManifestData, current: ManifestData, prefix: 'data' | 'changes') {
  const issues = checkValues(config, values, current);
  if (!issues.length) return;
  const [first] = issues;
  throw new AppError(400, 'MANIFEST_BAD_VALUE', { zh: `${first.zh}（${first.field}）`, en: `${first.en} (${first.field})` }, `${prefix}.${first.field}`,
    issues.map((i) => ({ path: `${prefix}.${i.field}`, message: { zh: i.zh, en: i.en } })));
}

/**
 * A vehicle or driver named on a manifest after creation must be one the first transporter may use
 * (its own, in service), as at creation; the plate, name and permit shown with it follow.
 */
async function resolveReferences(tx: Queryable, row: ManifestRow, values: ManifestData): Promise<ManifestData> {
  const extra: ManifestData = {};
  const first = row.transporterIds[0];
  if (typeof values.vehicleId === 'string') {
    const [vehicle] = first ? await tx.select().from(vehicles).where(and(eq(vehicles.id, values.vehicleId), eq(vehicles.organisationId, first), eq(vehicles.active, true))) : [];
    if (!vehicle) throw badRequest('UNKNOWN_VEHICLE', '车辆不属于第一承运单位或已停用', 'The vehicle is not one of the first transporter’s, or is out of service', 'data.vehicleId');
    if (row.data.vehiclePermitNo !== undefined && !vehicle.dgPermitNo) throw badRequest('VEHICLE_NO_PERMIT', `车辆 ${vehicle.plate} 无危险货物道路运输许可`, `Vehicle ${vehicle.plate} has no dangerous-goods permit`, 'data.vehicleId');
    if (vehicle.loadT < row.declaredWeightT) throw badRequest('OVERLOAD', `转移量 ${row.declaredWeightT} 吨超过车辆核定载质量 ${vehicle.loadT} 吨`, `${row.declaredWeightT} t exceeds the vehicle's ${vehicle.loadT} t load`, 'data.vehicleId');
    Object.assign(extra, { vehiclePlate: vehicle.plate }, row.data.vehiclePermitNo !== undefined ? { vehiclePermitNo: vehicle.dgPermitNo } : {});
  }
  if (typeof values.driverId === 'string') {
    const [driver] = first ? await tx.select().from(drivers).where(and(eq(drivers.id, values.driverId), eq(drivers.organisationId, first), eq(drivers.active, true))) : [];
    if (!driver) throw badRequest('UNKNOWN_DRIVER', '驾驶员不属于第一承运单位', 'The driver does not belong to the first transporter', 'data.driverId');
    extra.driverName = driver.name;
  }
  return extra;
}

/** Columns kept beside the data for queries: they change with it. */
const columnsOf = (values: ManifestData) => ({
  ...(typeof values.plannedDate === 'string' ? { plannedDate: values.plannedDate } : {}),
  ...(typeof values.receivedWeightT === 'number' ? { receivedWeightT: values.receivedWeightT } : {}),
});

const stateOf = (row: ManifestRow, signatures: { step: string; leg: number; organisationId: string; userId: string; at: Date }[]): ManifestState => ({
  status: row.status as ManifestState['status'], producerId: row.producerId, transporterIds: row.transporterIds, receiverId: row.receiverId, data: row.data,
  signatures: signatures.map((s) => ({ step: s.step as never, leg: s.leg, organisationId: s.organisationId, userId: s.userId, at: s.at.toISOString() })),
});

/** The same rule as a condition on the manifests table, generated from the stream registry (platform/scope-sql.ts). */
const visibility = (actor: Actor): SQL => manifestVisibleSql(actor, 'manifests');

/** What each refusal of the policy answers: a manifest the actor may not see does not exist for it. */
const REFUSALS: Record<ManifestRefusal, () => AppError> = {
  TOKEN_SCOPE: () => forbidden(),
  DRIVER_REVISION: () => forbidden('驾驶员不能提出或审批联单修改', 'Drivers neither request nor approve manifest revisions'),
  NOT_VISIBLE: () => notFound(MANIFEST),
  DRIVER_STEP: () => forbidden('驾驶员只能签署运输环节', 'Drivers sign transport steps only'),
  NOT_A_PARTY: () => engineError(new EngineError('NOT_A_PARTY')),
};
export const refusalError = (refusal: ManifestRefusal): AppError => REFUSALS[refusal]();

/** Asks the policy, and throws its refusal as the error that answers it. */
function authorise(actor: Actor, action: PolicyAction, row: ManifestRow | undefined, signing?: ManifestAction): asserts row is ManifestRow {
  const refusal = manifestRefusal(actor, action, row, signing);
  if (refusal) throw refusalError(refusal);
}

/** The manifests of these ids, in one query, for the policy to answer on as a set (a batch signature). */
export async function manifestsByIds(q: Queryable, ids: string[]): Promise<ManifestRow[]> {
  return ids.length ? q.select().from(manifests).where(inArray(manifests.id, ids)) : [];
}

// A manifest's signatures (and, for a signature, its batches and its receiver's capabilities) come with
// the manifest in one statement, as JSON built with the keys the tables' columns have in TypeScript:
// a signature's checks then cost one round trip instead of three.
const signaturesJson = sql<unknown[]>`(SELECT coalesce(json_agg(json_build_object('manifestId', s.manifest_id, 'step', s.step, 'leg', s.leg,
  'organisationId', s.organisation_id, 'userId', s.user_id, 'at', s.at, 'place', s.place, 'longitude', s.longitude, 'latitude', s.latitude,
  'weightT', s.weight_t, 'dataHash', s.data_hash, 'photos', s.photos) ORDER BY s.at), '[]'::json) FROM ${manifestSignatures} s WHERE s.manifest_id = ${manifests.id})`;
const batchesJson = sql<unknown[]>`(SELECT coalesce(json_agg(json_build_object('manifestId', b.manifest_id, 'batchId', b.batch_id, 'quantityT', b.quantity_t,
  'released', b.released)), '[]'::json) FROM ${manifestBatches} b WHERE b.manifest_id = ${manifests.id})`;
const receiverCapabilities = sql<string[] | null>`(SELECT o.capabilities FROM ${organisations} o WHERE o.id = ${manifests.receiverId})`;

type SignatureRow = typeof manifestSignatures.$inferSelect;
type BatchLink = typeof manifestBatches.$inferSelect;
const signatureOf = (s: Omit<SignatureRow, 'at'> & { at: string }): SignatureRow => ({ ...s, at: new Date(s.at) });

/** Loads a manifest with its signatures for an action the policy allows the actor (by default, reading it). */
async function loadManifest(q: Queryable, actor: Actor, id: string, lock = false, action: PolicyAction = 'read', signing?: ManifestAction) {
  const query = q.select({ manifest: manifests, signatures: signaturesJson, links: batchesJson, receiverCapabilities }).from(manifests).where(eq(manifests.id, id));
  const [found] = /^[0-9a-f-]{36}$/i.test(id) ? (lock ? await query.for('update', { of: manifests }) : await query) : [];
  const row = found?.manifest;
  authorise(actor, action, row, signing);
  const signatures = (found.signatures as Parameters<typeof signatureOf>[0][]).map(signatureOf);
  return { row, signatures, links: found.links as BatchLink[], receiverCapabilities: found.receiverCapabilities ?? [], config: manifestConfig(row.stream) };
}

async function event(q: Queryable, manifestId: string, kind: string, actor: Actor | null, payload: Record<string, unknown> = {}) {
  await q.insert(manifestEvents).values({ manifestId, kind, organisationId: actor?.organisationId ?? null, userId: actor?.userId ?? null, payload });
}

/** A step's record, in one statement: its event, its audit row and the webhook deliveries subscribers will get (the outbox). */
async function recordStep(tx: Queryable, ctx: Ctx, manifestId: string, kind: string, payload: Record<string, unknown>, audit: AuditEntry,
  webhook?: { event: WebhookEvent; organisationIds: (string | null)[]; payload: Record<string, unknown> }) {
  const eventRow = tx.insert(manifestEvents).values({ manifestId, kind, organisationId: ctx.actor?.organisationId ?? null, userId: ctx.actor?.userId ?? null, payload }).getSQL();
  const auditRow = tx.insert(auditLog).values(auditRows(ctx, [audit])).getSQL();
  const deliveries = webhook ? enqueueSql(webhook.event, webhook.organisationIds, webhook.payload) : null;
  await tx.execute(sql`WITH step_event AS (${eventRow}), step_audit AS (${auditRow}) ${deliveries ?? sql`SELECT 1`}`);
}

// Serial numbers per city and year (第十五条) come from one PostgreSQL sequence per city and year:
// drawing a number takes no row lock, so manifests of one city are not created one at a time. A
// transaction that rolls back after drawing leaves a gap, as a voided paper form would.
const serialName = (regionCode: string, year: number) => `manifest_serial_${regionCode.slice(0, 4)}_${year}`;
const ensuredSequences = new Set<string>();

/**
 * Creates the city-year sequence if needed, before the manifest's transaction. DDL can fail a
 * transaction, so it runs in one of its own, a savepoint when the caller has one open (an
 * Idempotency-Key's). A sequence made inside a caller's transaction rolls back with it, so it is
 * remembered only when made outside one; inside, it is looked up again each time.
 */
export async function ensureSerialSequence(q: Queryable, regionCode: string, at: Date) {
  const name = serialName(regionCode, shanghaiYear(at));
  if (ensuredSequences.has(name)) return;
  const inCallersTransaction = is(q, PgTransaction);
  if (inCallersTransaction && (await q.execute<{ found: boolean }>(sql`SELECT to_regclass(${name}) IS NOT NULL AS found`)).rows[0].found) return;
  try {
    await q.transaction((ddl) => ddl.execute(sql.raw(`CREATE SEQUENCE IF NOT EXISTS ${name} MINVALUE 1 MAXVALUE 999999 NO CYCLE`)));
  } catch (error) {
    // Two servers creating the same sequence at once: the loser sees a duplicate; the sequence exists.
    if (!/already exists|duplicate key/.test(String((error as { cause?: Error }).cause?.message ?? error))) throw error;
  }
  if (!inCallersTransaction) ensuredSequences.add(name);
}

async function allocateNumber(q: Queryable, regionCode: string, at: Date): Promise<string> {
  const year = shanghaiYear(at);
  const result = await q.execute<{ serial: number }>(sql`SELECT nextval(${serialName(regionCode, year)}::regclass)::int AS serial`);
  return manifestNumber(year, regionCode, Number(result.rows[0].serial));
}

/** A load of batches out of the producer's store, of one code, none already on an open manifest. */
async function batchLoad(tx: Queryable, producer: { id: string }, input: NewManifest, config: StreamConfig): Promise<Load> {
  const uniqueBatches = [...new Set(input.batchIds)];
  if (!uniqueBatches.length) throw badRequest('UNKNOWN_BATCH', '请选择要转移的库存批次', 'Choose the batches in store to send', 'batchIds');
  const batches = await tx.select().from(wasteBatches).where(and(inArray(wasteBatches.id, uniqueBatches), eq(wasteBatches.organisationId, producer.id))).for('update');
  if (batches.length !== uniqueBatches.length) throw badRequest('UNKNOWN_BATCH', '所选批次不存在或不属于本单位', 'A chosen batch does not exist or is not yours', 'batchIds');
  // 第十六条: one manifest per vehicle trip per kind of waste.
  if (new Set(batches.map((b) => b.wasteCode)).size > 1) throw badRequest('MIXED_CODES', '一份联单只能转移同一种废物，请按废物代码或类别分别填写', 'One manifest carries one kind of waste: make one per waste code or class', 'batchIds');
  if (batches.some((b) => b.stream !== config.stream)) throw badRequest('WRONG_STREAM', `所选批次不属于${config.label.zh}`, `The batches are not ${config.label.en}`, 'batchIds');
  const held = await inStore(tx, uniqueBatches);
  const empty = batches.filter((b) => (held.get(b.id) ?? 0) <= 0);
  if (empty.length) throw badRequest('NOT_IN_STORE', `批次 ${empty.map((b) => b.batchNo).join('、')} 没有库存`, `Batch ${empty.map((b) => b.batchNo).join(', ')} has nothing in store`, 'batchIds');
  const onOther = await tx.select({ batchId: manifestBatches.batchId }).from(manifestBatches).where(and(inArray(manifestBatches.batchId, uniqueBatches), eq(manifestBatches.released, false)));
  if (onOther.length) throw conflict('BATCH_ON_MANIFEST', '所选批次已在另一份未办结的联单上', 'A chosen batch is already on another open manifest', 'batchIds');
  const declaredWeightT = Math.round(batches.reduce((n, b) => n + (held.get(b.id) ?? 0), 0) * 10_000) / 10_000;
  return { wasteCode: batches[0].wasteCode, wasteName: batches[0].catalogueName, physicalForm: batches[0].physicalForm, declaredWeightT, batches, held, extra: {} };
}

/**
 * Creates a manifest in a transaction of its own, or a savepoint of the caller's (an
 * Idempotency-Key's), with its 'manifest.created' deliveries: the manifest, its events and what
 * subscribers will hear of it commit together. `within` runs in that transaction too, so that a
 * caller's record of it (a collection round's stop) stands or falls with it.
 */
export async function createManifest(q: Queryable, ctx: Ctx, input: NewManifest, streamKey: string, within?: (tx: Queryable, row: ManifestRow) => Promise<void>) {
  const config = manifestConfig(streamKey);
  const hooks = manifestHooks(streamKey);
  await ensureSerialSequence(q, ctx.actor.regionCode, input.paper?.transferredAt ?? new Date());
  return q.transaction(async (tx) => {
    const producer = await ledgerOrganisation(tx, ctx.actor);
    const load = await (hooks.load ? hooks.load(tx, producer, input) : batchLoad(tx, producer, input, config));
    const { wasteCode, declaredWeightT } = load;
    const parties = await hooks.parties(tx, input, load);
    const data: ManifestData = {
      wasteCode, wasteName: load.wasteName, declaredWeightT, plannedDate: input.plannedDate,
      producerContact: input.producerContact ?? `${producer.contactName} ${producer.contactPhone}`.trim(),
      ...hooks.data(input, load, parties),
    };
    const { receiver, transporterIds } = parties;
    const createdAt = input.paper?.transferredAt ?? new Date();
    const number = await allocateNumber(tx, producer.regionCode, createdAt);
    const [row] = await tx.insert(manifests).values({
      regionCode: producer.regionCode, number, stream: config.stream, status: 'draft', producerId: producer.id, transporterIds, receiverId: receiver.id,
      receiverRegionCode: receiver.regionCode, wasteCode, declaredWeightT, plannedDate: input.plannedDate, data, paper: !!input.paper, createdBy: ctx.actor.userId!,
    }).returning();
    if (load.batches.length) await tx.insert(manifestBatches).values(load.batches.map((b) => ({ manifestId: row.id, batchId: b.id, quantityT: load.held.get(b.id)! })));
    if (within) await within(tx, row);
    await recordStep(tx, ctx, row.id, 'created', { number, paper: input.paper ?? null },
      { action: 'manifest.create', entityType: 'manifest', entityId: row.id, regionCode: row.regionCode, organisationId: producer.id, after: row },
      { event: 'manifest.created', organisationIds: [row.producerId, row.receiverId, ...row.transporterIds], payload: { id: row.id, number: row.number, status: row.status } });
    return row;
  });
}

export async function editManifest(db: Db, ctx: Ctx, id: string, patch: ManifestData, expectedVersion?: number) {
  return db.transaction(async (tx) => {
    const { row, signatures, config } = await loadManifest(tx, ctx.actor, id, true);
    if (expectedVersion !== undefined && expectedVersion !== row.version) throw conflict('STALE_VERSION', '联单已被他人修改，请刷新后重试', 'Someone else changed the manifest: reload and try again');
    authorise(ctx.actor, 'edit', row);
    try {
      checkEdit(config, stateOf(row, signatures), ctx.actor.organisationId ?? '', patch);
    } catch (error) {
      if (error instanceof EngineError) throw engineError(error);
      throw error;
    }
    requireValidValues(config, patch, row.data, 'data');
    const derived = await resolveReferences(tx, row, patch);
    const [after] = await tx.update(manifests).set({ data: { ...row.data, ...patch, ...derived }, ...columnsOf(patch), version: row.version + 1, updatedAt: new Date() }).where(eq(manifests.id, id)).returning();
    await event(tx, id, 'edited', ctx.actor, { patch });
    await recordAudit(tx, ctx, { action: 'manifest.edit', entityType: 'manifest', entityId: id, regionCode: row.regionCode, organisationId: ctx.actor.organisationId, before: row.data, after: after.data });
    return after;
  });
}

export interface SignInput { action: ManifestAction; data?: ManifestData; place?: string; longitude?: number; latitude?: number; at?: Date; photos?: string[] }

/**
 * Signs one step, with the event subscribers hear of it, in a transaction of its own or a savepoint
 * of the caller's. The row lock orders concurrent signers; the signature's primary key lets exactly one win.
 */
export async function signManifest(q: Queryable, ctx: Ctx, id: string, input: SignInput) {
  return q.transaction(async (tx) => {
    const { row, signatures, links, receiverCapabilities, config } = await loadManifest(tx, ctx.actor, id, true, input.action === 'cancel' ? 'cancel' : 'sign', input.action);
    if (input.data) requireValidValues(config, input.data, row.data, 'data');
    const photos = input.photos ?? [];
    if (photos.length && input.action === 'cancel') throw badRequest('PHOTO_ON_CANCEL', '作废联单不附照片', 'A cancellation carries no photos', 'photos');
    await checkSignaturePhotos(tx, ctx.actor, id, photos, signatures.flatMap((s) => s.photos ?? []));
    const at = input.at ?? new Date();
    let next: ManifestState;
    try {
      next = sign(config, stateOf(row, signatures), { organisationId: ctx.actor.organisationId ?? '', userId: ctx.actor.userId ?? '', at: at.toISOString() }, input.action, input.data ?? {});
    } catch (error) {
      if (error instanceof EngineError) throw engineError(error);
      throw error;
    }
    await manifestHooks(row.stream).signing?.(tx, row, input.action, next.data);
    const turn = nextTurn(stateOf(row, signatures), config.steps);
    const found = input.action === 'sign_reception' ? discrepancies(config, next.data) : [];
    const receivedWeightT = input.action === 'sign_reception' ? Number(next.data.receivedWeightT) : row.receivedWeightT;
    if (input.action === 'sign_reception' && (!Number.isFinite(receivedWeightT) || receivedWeightT! < 0 || receivedWeightT! > Number(next.data.pickupWeightT ?? row.declaredWeightT) * 1.5)) {
      throw badRequest('BAD_WEIGHT', '接受量不合理（不能为负，也不能远超装车重量）', 'The accepted weight is not plausible (negative, or far above the loaded weight)', 'receivedWeightT');
    }
    if (input.action === 'sign_transport') {
      const w = Number(next.data.pickupWeightT);
      if (!(w > 0) || w > row.declaredWeightT * 1.5) throw badRequest('BAD_WEIGHT', '装车重量不合理（须大于0，且不远超申报量）', 'The loaded weight is not plausible (must be above 0 and near the declared weight)', 'pickupWeightT');
    }
    const receiptDueAt = leavesOn(config, input.action) || input.action === 'sign_handover' ? addWorkingDays(at, config.receiptWorkingDays, await calendarFor(tx, row.regionCode)) : row.receiptDueAt;
    // The signature goes in with the manifest's update, in one statement.
    const signature = input.action !== 'cancel' && turn ? tx.$with('signature').as(tx.insert(manifestSignatures).values({
      manifestId: id, step: turn.step, leg: turn.leg, organisationId: ctx.actor.organisationId!, userId: ctx.actor.userId!, at, place: input.place ?? '',
      longitude: input.longitude ?? null, latitude: input.latitude ?? null,
      weightT: input.action === 'sign_transport' ? Number(next.data.pickupWeightT) : input.action === 'sign_reception' ? receivedWeightT : null,
      dataHash: crypto.createHash('sha256').update(canonicalJson(next.data)).digest('hex'), photos,
    }).returning({ step: manifestSignatures.step })) : null;
    const [after] = await (signature ? tx.with(signature) : tx).update(manifests).set({
      status: next.status, data: next.data, version: row.version + 1, updatedAt: new Date(), receivedWeightT,
      discrepancies: found.length ? found : row.discrepancies, receiptDueAt,
    }).where(eq(manifests.id, id)).returning();
    await ledgerEffects(tx, ctx, after, links, receiverCapabilities, input.action, at, config);
    await manifestHooks(row.stream).signed?.(tx, ctx, after, input.action, at);
    // A cancellation has no webhook event of its own: subscribers hear of signatures, receptions and refusals.
    await recordStep(tx, ctx, id, input.action, { step: turn?.step, leg: turn?.leg, place: input.place ?? null, data: input.data ?? {}, discrepancies: found, ...(photos.length ? { photos } : {}) },
      { action: `manifest.${input.action}`, entityType: 'manifest', entityId: id, regionCode: row.regionCode, organisationId: ctx.actor.organisationId, before: { status: row.status }, after: { status: after.status, data: input.data ?? {}, ...(photos.length ? { photos } : {}) } },
      after.status === 'cancelled' ? undefined : { event: signingEvent(after.status), organisationIds: [after.producerId, after.receiverId, ...after.transporterIds], payload: { id: after.id, number: after.number, status: after.status, action: input.action } });
    return after;
  });
}

/** The signature at which the load leaves the producer: pickup, or the producer's own where no transporter signs. */
const leavesOn = (config: StreamConfig, action: ManifestAction) => action === (config.steps.includes('transport') ? 'sign_transport' : 'sign_emission');

/** Leaving takes the batches out of the producer's store (B.3, B.5); reception enters the receiver's ledger. */
async function ledgerEffects(tx: Queryable, ctx: Ctx, m: ManifestRow, links: BatchLink[], receiverCapabilities: string[], action: ManifestAction, at: Date, config: StreamConfig) {
  if (action === 'cancel') {
    if (links.length) await tx.update(manifestBatches).set({ released: true }).where(eq(manifestBatches.manifestId, m.id));
    return;
  }
  if (leavesOn(config, action) && !links.length) {
    // A load that was never in a store (a truckload from a project) is generated and handed over as it leaves.
    const base = { regionCode: m.regionCode, organisationId: m.producerId, wasteCode: m.wasteCode, quantityT: Number(m.data.pickupWeightT ?? m.declaredWeightT), manifestId: m.id, at, recordedBy: ctx.actor.userId! };
    await tx.insert(ledgerMovements).values([{ ...base, kind: 'generate', storeEffect: 0 }, { ...base, kind: 'transfer_out', storeEffect: 0 }]);
  }
  if (leavesOn(config, action) && links.length) {
    await tx.insert(ledgerMovements).values(links.flatMap((link) => {
      const base = { regionCode: m.regionCode, organisationId: m.producerId, batchId: link.batchId, wasteCode: m.wasteCode, quantityT: link.quantityT, manifestId: m.id, at, recordedBy: ctx.actor.userId! };
      return [{ ...base, kind: 'store_out' as const, storeEffect: -1 }, { ...base, kind: 'transfer_out' as const, storeEffect: 0 }];
    }));
  }
  if (action === 'sign_reception' && m.status !== 'refused') {
    const collected = receiverCapabilities.includes('collector') ? await collectorBatch(tx, m, links.map((l) => l.batchId), at, ctx.actor.userId!) : null;
    const base = { regionCode: m.receiverRegionCode, organisationId: m.receiverId, wasteCode: m.wasteCode, quantityT: m.receivedWeightT ?? 0, manifestId: m.id, at, recordedBy: ctx.actor.userId! };
    await tx.insert(ledgerMovements).values([
      { ...base, storeEffect: 0, kind: 'receive', treatmentMethod: String(m.data.treatmentMethod ?? ''), batchId: collected?.id ?? null },
      ...(collected ? [{ ...base, storeEffect: 1, kind: 'store_in' as const, batchId: collected.id, storageFacility: collected.storageFacility }] : []),
    ]);
  }
  if (action === 'sign_reception' && links.length) await tx.update(manifestBatches).set({ released: true }).where(eq(manifestBatches.manifestId, m.id));
}

/**
 * A licensed collector's reception puts the load into its own store as a batch of its own that
 * remembers the manifest and the producer it came from (集中暂存、分别管理): it leaves on a later
 * manifest to a receiver, and the chain can be followed both ways. The batch keeps the age of the
 * oldest waste it holds, so storage limits count from generation, not from collection.
 */
async function collectorBatch(tx: Queryable, m: ManifestRow, sourceBatchIds: string[], at: Date, userId: string) {
  const [oldest] = sourceBatchIds.length ? await tx.select({ at: sql<Date>`min(${wasteBatches.generatedAt})` }).from(wasteBatches).where(inArray(wasteBatches.id, sourceBatchIds)) : [];
  const [batch] = await tx.insert(wasteBatches).values({
    regionCode: m.receiverRegionCode, organisationId: m.receiverId, stream: m.stream, batchNo: `SJ${m.number}`, wasteCode: m.wasteCode,
    catalogueName: String(m.data.wasteName ?? ''), internalName: String(m.data.wasteName ?? ''), hazard: (m.data.hazard as string[] | undefined) ?? [],
    physicalForm: String(m.data.physicalForm ?? ''), containerType: String(m.data.packaging ?? ''), containerVolumeL: 0, containerCount: Number(m.data.containerCount ?? 0),
    quantityT: m.receivedWeightT ?? 0, storageFacility: '集中贮存库', generatedAt: oldest?.at ? new Date(oldest.at) : at,
    originManifestId: m.id, originProducerId: m.producerId, labelToken: crypto.randomBytes(12).toString('base64url'), createdBy: userId,
  }).returning();
  return batch;
}

export interface ManifestFilter { status?: string; wasteCode?: string; q?: string; role?: 'producer' | 'transporter' | 'receiver'; overdue?: boolean; discrepancy?: boolean; paper?: boolean }

function conditions(actor: Actor, f: ManifestFilter): SQL {
  const parts: SQL[] = [visibility(actor)];
  if (f.status) parts.push(eq(manifests.status, f.status));
  if (f.wasteCode) parts.push(eq(manifests.wasteCode, f.wasteCode));
  if (f.q) parts.push(sql`${manifests.number} LIKE ${`${f.q.replace(/[^0-9]/g, '')}%`}`);
  if (f.overdue) parts.push(sql`${manifests.status} = 'in_transit' AND ${manifests.receiptDueAt} < now()`);
  if (f.discrepancy) parts.push(sql`jsonb_array_length(${manifests.discrepancies}) > 0`);
  if (f.paper) parts.push(eq(manifests.paper, true));
  if (f.role && actor.organisationId) {
    const org = actor.organisationId;
    parts.push(f.role === 'producer' ? eq(manifests.producerId, org) : f.role === 'receiver' ? eq(manifests.receiverId, org) : sql`${manifests.transporterIds} @> ARRAY[${org}]::uuid[]`);
  }
  return and(...parts)!;
}

export async function pageManifests(db: Db, actor: Actor, f: ManifestFilter, page: number, pageSize: number) {
  const where = conditions(actor, f);
  const producer = sql<string>`(SELECT name FROM ${organisations} o WHERE o.id = "manifests"."producer_id")`;
  const receiver = sql<string>`(SELECT name FROM ${organisations} o WHERE o.id = "manifests"."receiver_id")`;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: manifests.id, number: manifests.number, stream: manifests.stream, status: manifests.status, wasteCode: manifests.wasteCode, wasteName: sql<string>`${manifests.data}->>'wasteName'`,
      declaredWeightT: manifests.declaredWeightT, receivedWeightT: manifests.receivedWeightT, plannedDate: manifests.plannedDate, producerName: producer, receiverName: receiver,
      paper: manifests.paper, receiptDueAt: manifests.receiptDueAt, hasDiscrepancy: sql<boolean>`jsonb_array_length(${manifests.discrepancies}) > 0`, createdAt: manifests.createdAt })
      .from(manifests).where(where).orderBy(desc(manifests.createdAt), manifests.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)` }).from(manifests).where(where),
  ]);
  return { items, total, page, pageSize };
}

export async function manifestDetail(db: Db, actor: Actor, id: string) {
  const { row, signatures, config } = await loadManifest(db, actor, id);
  const orgIds = [row.producerId, row.receiverId, ...row.transporterIds];
  const [orgs, events, batches, revisions] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, creditCode: organisations.creditCode, address: organisations.address, contactName: organisations.contactName, contactPhone: organisations.contactPhone }).from(organisations).where(inArray(organisations.id, orgIds)),
    db.select().from(manifestEvents).where(eq(manifestEvents.manifestId, id)).orderBy(manifestEvents.id).limit(500),
    db.select({ id: wasteBatches.id, batchNo: wasteBatches.batchNo, quantityT: manifestBatches.quantityT, containerType: wasteBatches.containerType, containerCount: wasteBatches.containerCount })
      .from(manifestBatches).innerJoin(wasteBatches, eq(wasteBatches.id, manifestBatches.batchId)).where(eq(manifestBatches.manifestId, id)),
    db.select().from(manifestRevisions).where(eq(manifestRevisions.manifestId, id)).orderBy(manifestRevisions.createdAt),
  ]);
  const state = stateOf(row, signatures);
  const turn = nextTurn(state, config.steps);
  const myParties = actor.organisationId ? partiesOf(state, actor.organisationId) : [];
  const canSign = signsTurn(actor, row, turn);
  return {
    ...row, signatures, events, batches, revisions,
    parties: Object.fromEntries(orgs.map((o) => [o.id, o])),
    turn,
    myParties,
    canSign,
    // What this person may do with this manifest now, from the same rules the writes apply, so that the
    // console offers only buttons that will work.
    actions: {
      sign: canSign,
      cancel: row.producerId === actor.organisationId && (state.status === 'draft' || state.status === 'signed_by_producer') && canManifest(actor, 'cancel', row),
      revise: signatures.length > 0 && canManifest(actor, 'revise', row),
    },
    sealed: config.fields.filter((f) => state.signatures.some((s) => s.step === f.sealedFrom) || FINAL_STATUSES.includes(state.status)).map((f) => f.field),
  };
}

export async function requestRevision(db: Db, ctx: Ctx, id: string, changes: ManifestData, reason: string) {
  return db.transaction(async (tx) => {
    const { row, signatures, config } = await loadManifest(tx, ctx.actor, id, true, 'revise');
    const me = ctx.actor.organisationId ?? '';
    for (const field of Object.keys(changes)) {
      const rule = config.fields.find((f) => f.field === field);
      if (!rule) throw engineError(new EngineError('UNKNOWN_FIELD', { fields: [field] }));
      if (!signatures.some((s) => s.step === rule.sealedFrom)) throw badRequest('NOT_SEALED', `字段 ${field} 尚未签署，可直接修改`, `Field ${field} is not sealed yet: edit it directly`, field);
    }
    requireValidValues(config, changes, row.data, 'changes');
    if (changes.vehicleId !== undefined || changes.driverId !== undefined) {
      throw badRequest('REVISION_OF_VEHICLE', '已出发的车辆和驾驶员不能通过修改申请更换', 'The vehicle and driver of a load already on its way cannot be changed by a revision', changes.vehicleId !== undefined ? 'changes.vehicleId' : 'changes.driverId');
    }
    // Every other organisation that has signed must agree.
    const approvalsNeeded = [...new Set(signatures.map((s) => s.organisationId).filter((o) => o !== me))];
    const [revision] = await tx.insert(manifestRevisions).values({ manifestId: id, requestedBy: ctx.actor.userId!, requestedByOrg: me, changes, reason, approvalsNeeded }).returning();
    await event(tx, id, 'revision_requested', ctx.actor, { revisionId: revision.id, changes, reason });
    await recordAudit(tx, ctx, { action: 'manifest.revision_request', entityType: 'manifest', entityId: id, regionCode: row.regionCode, organisationId: me, after: revision });
    if (approvalsNeeded.length === 0) return applyRevision(tx, ctx, row, revision.id, changes);
    return revision;
  });
}

/**
 * A revised reception weight reaches the receiver's ledger as a correction of what was entered at
 * reception (and of the store-in of a collector's batch), never by editing it: the ledger is append-only.
 */
async function correctReception(tx: Queryable, ctx: Ctx, row: ManifestRow, weightT: number) {
  const delta = Math.round((weightT - (row.receivedWeightT ?? 0)) * 10_000) / 10_000;
  if (!delta || row.receivedWeightT === null) return;
  const entered = await tx.select().from(ledgerMovements)
    .where(and(eq(ledgerMovements.manifestId, row.id), eq(ledgerMovements.organisationId, row.receiverId), inArray(ledgerMovements.kind, ['receive', 'store_in'])));
  if (!entered.length) return;
  await tx.insert(ledgerMovements).values(entered.map((m) => ({
    regionCode: m.regionCode, organisationId: m.organisationId, batchId: m.batchId, kind: 'correction' as const, wasteCode: m.wasteCode, quantityT: delta, storeEffect: m.storeEffect,
    manifestId: row.id, at: new Date(), correctionOf: m.id, storageFacility: m.storageFacility, note: `联单 ${row.number} 修改：接受量 ${row.receivedWeightT} → ${weightT} 吨`, recordedBy: ctx.actor.userId!,
  })));
}

async function applyRevision(tx: Queryable, ctx: Ctx, row: ManifestRow, revisionId: string, changes: ManifestData) {
  const data = { ...row.data, ...changes };
  if (typeof changes.receivedWeightT === 'number') await correctReception(tx, ctx, row, changes.receivedWeightT);
  const config = manifestConfig(row.stream);
  await tx.update(manifests).set({
    data, version: row.version + 1, updatedAt: new Date(), ...columnsOf(changes),
    ...(FINAL_STATUSES.includes(row.status as never) ? { discrepancies: discrepancies(config, data) } : {}),
  }).where(eq(manifests.id, row.id));
  const [revision] = await tx.update(manifestRevisions).set({ status: 'approved', decidedAt: new Date() }).where(eq(manifestRevisions.id, revisionId)).returning();
  await event(tx, row.id, 'revision_applied', ctx.actor, { revisionId, changes });
  return revision;
}

export async function decideRevision(db: Db, ctx: Ctx, id: string, revisionId: string, approve: boolean) {
  return db.transaction(async (tx) => {
    const { row } = await loadManifest(tx, ctx.actor, id, true, 'revise');
    const [revision] = await tx.select().from(manifestRevisions).where(and(eq(manifestRevisions.id, revisionId), eq(manifestRevisions.manifestId, id))).for('update');
    if (!revision) throw notFound({ zh: '修改申请', en: 'Revision request' });
    if (revision.status !== 'pending') throw conflict('REVISION_DECIDED', '该修改申请已处理', 'This revision request has been decided already');
    const me = ctx.actor.organisationId ?? '';
    if (!revision.approvalsNeeded.includes(me)) throw forbidden('贵单位无需审批该修改申请', 'Your organisation is not asked to approve this revision');
    if (revision.approvedBy.includes(me)) throw conflict('ALREADY_APPROVED', '贵单位已同意', 'Your organisation has approved already');
    await recordAudit(tx, ctx, { action: approve ? 'manifest.revision_approve' : 'manifest.revision_refuse', entityType: 'manifest', entityId: id, regionCode: row.regionCode, organisationId: me, after: { revisionId } });
    if (!approve) {
      const [refused] = await tx.update(manifestRevisions).set({ status: 'refused', decidedAt: new Date() }).where(eq(manifestRevisions.id, revisionId)).returning();
      await event(tx, id, 'revision_refused', ctx.actor, { revisionId });
      return refused;
    }
    const approvedBy = [...revision.approvedBy, me];
    if (revision.approvalsNeeded.every((o) => approvedBy.includes(o))) {
      await tx.update(manifestRevisions).set({ approvedBy }).where(eq(manifestRevisions.id, revisionId));
      return applyRevision(tx, ctx, row, revisionId, revision.changes);
    }
    const [pending] = await tx.update(manifestRevisions).set({ approvedBy }).where(eq(manifestRevisions.id, revisionId)).returning();
    await event(tx, id, 'revision_approved_by', ctx.actor, { revisionId });
    return pending;
  });
}

/** Verified transport companies with their usable vehicles and drivers, for choosing on a new manifest. */
export async function transporterChoices(db: Db, q: string | undefined, page: number, pageSize: number) {
  const where = and(eq(organisations.status, 'verified'), sql`${organisations.capabilities} @> ARRAY['transporter']::text[]`,
    q ? sql`${organisations.name} ILIKE ${`%${q.replace(/[\\%_]/g, '')}%`}` : sql`true`)!;
  const [orgs, [{ total }]] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode }).from(organisations).where(where).orderBy(organisations.name).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)` }).from(organisations).where(where),
  ]);
  const ids = orgs.map((o) => o.id);
  const [veh, drv] = ids.length ? await Promise.all([
    db.select({ id: vehicles.id, organisationId: vehicles.organisationId, plate: vehicles.plate, vehicleType: vehicles.vehicleType, loadT: vehicles.loadT, dgPermitNo: vehicles.dgPermitNo }).from(vehicles).where(and(inArray(vehicles.organisationId, ids), eq(vehicles.active, true))),
    db.select({ id: drivers.id, organisationId: drivers.organisationId, name: drivers.name, hasAccount: sql<boolean>`${drivers.userId} IS NOT NULL` }).from(drivers).where(and(inArray(drivers.organisationId, ids), eq(drivers.active, true))),
  ]) : [[], []];
  return { items: orgs.map((o) => ({ ...o, vehicles: veh.filter((v) => v.organisationId === o.id), drivers: drv.filter((d) => d.organisationId === o.id) })), total, page, pageSize };
}
