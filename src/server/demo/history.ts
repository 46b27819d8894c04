import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database';
import { wasteBatches, ledgerMovements } from '../ledger/schema';
import { manifests, manifestBatches, manifestSignatures, manifestEvents } from '../manifests/schema';
import { collectionRounds, collectionRoundStops } from '../rounds/schema';
import { auditLog } from '../platform/audit/schema';
import { canonicalJson, withMacs, type AuditContext } from '../platform/audit/service';
import type { organisations, vehicles, drivers } from '../platform/organisations/schema';
import type { Actor } from '../platform/policy';
import type { Load, NewManifest, Parties } from '../manifests/hooks';
import { ensureSerialSequence } from '../manifests/service';
import { manifestHooks } from '../streams';
import { manifestConfig, streamDefinition } from '../../domain/streams';
import { sign, nextTurn, discrepancies, FINAL_STATUSES, type ManifestAction, type ManifestData, type ManifestState } from '../../domain/manifests/engine';
import { checkValues } from '../../domain/manifests/values';
import { addWorkingDays } from '../../domain/working-days';
import { NATIONAL_CALENDAR } from '../platform/calendar/national';
import { manifestNumber } from '../../domain/manifests/number';
import { batchNumber, shanghaiDate, shanghaiYear } from '../../domain/labels';

// The demo's months of history, written in bulk. A year of a county's waste is thousands of batches,
// movements and signatures; made one service call at a time it would hold a fresh start for minutes.
// This writer builds the same rows the services write (ledger/service.ts insertBatch and
// recordMovement, manifests/service.ts createManifest and signManifest, rounds/service.ts planRound,
// joinRound and closeRound), with the stream's own hooks for the manifest's data and the manifest
// engine for every signature, and inserts them a few hundred rows per statement. Each row carries
// the moment it happened (what a service called at that moment would have written), the ledger's
// monthly sums follow from its trigger, and the audit rows are sealed by the sealer like any other.
// The last weeks of the demo go through the services themselves (live loads, pending signatures).

type Ctx = AuditContext & { actor: Actor };
type Organisation = typeof organisations.$inferSelect;
type Batch = typeof wasteBatches.$inferSelect;
type Movement = Omit<typeof ledgerMovements.$inferInsert, 'id'>;
type ManifestRow = typeof manifests.$inferSelect;

export interface HistoricBatch {
  stream: string; wasteCode: string; catalogueName: string; internalName?: string; category: string; hazard?: string[];
  physicalForm: string; containerType: string; containerVolumeL?: number; containerCount: number; quantityT: number;
  storageFacility?: string; generatedAt: Date; storeNow: boolean; attributes?: Record<string, string | number | boolean>;
}

interface PendingAudit { at: Date; ctx: Ctx; action: string; entityType: string; entityId: string | (() => string); regionCode: string | null; organisationId: string | null; before?: unknown; after?: unknown | (() => unknown) }

/** A manifest being built: its row as it stands, its signatures, and the draft as createManifest inserted it. */
interface Building {
  row: ManifestRow; signatures: ManifestState['signatures']; draft: ManifestRow; links: { batchId: string; quantityT: number }[];
  /** The receiver is a licensed collector: its reception opens a batch of its own (collectorBatch). */
  collector: boolean;
  /** Each signature's weight and the hash of the data it signed, by step and leg. */
  weights: Map<string, number | null>; hashes: Map<string, string>;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'secretHash', 'secret', 'csrfToken', 'tokenHash']);
const snapshot = (value: unknown): unknown => (value === undefined || value === null ? null : JSON.parse(JSON.stringify(value, (key, v) => (SECRET_FIELDS.has(key) ? '[redacted]' : v))));

export class HistoryWriter {
  private batches: Batch[] = [];
  /** Batches by organisation and code, and those on a manifest still open, for heldBatches. */
  private byOrgCode = new Map<string, Batch[]>();
  private onOpenManifest = new Set<string>();
  private held = new Map<string, number>();
  private batchSerials = new Map<string, number>();
  private movements: { row: Movement; audit?: PendingAudit }[] = [];
  private built: Building[] = [];
  private buildingOf = new Map<string, Building>();
  private events: (typeof manifestEvents.$inferInsert)[] = [];
  private audits: PendingAudit[] = [];
  private rounds: (typeof collectionRounds.$inferInsert)[] = [];
  private stops: (typeof collectionRoundStops.$inferInsert)[] = [];
  /** A collector's batch is numbered after the manifest it came on (SJ + number), drawn at flush. */
  private collected = new Map<Batch, ManifestRow>();

  /** 产生 (and 入库): a batch with its movements, as insertBatch writes them. */
  batch(ctx: Ctx, org: Organisation, input: HistoricBatch, note = ''): Batch {
    const prefix = streamDefinition(input.stream).batchPrefix!;
    const day = shanghaiDate(input.generatedAt);
    const key = `${org.id}:${prefix}${day}`;
    const serial = (this.batchSerials.get(key) ?? 0) + 1;
    this.batchSerials.set(key, serial);
    const batch: Batch = {
      regionCode: org.regionCode, id: crypto.randomUUID(), organisationId: org.id, stream: input.stream, batchNo: batchNumber(prefix, day, serial), wasteCode: input.wasteCode,
      catalogueName: input.catalogueName, internalName: input.internalName || input.catalogueName, category: input.category, hazard: input.hazard ?? [],
      physicalForm: input.physicalForm, mainComponents: '', containerType: input.containerType, containerVolumeL: input.containerVolumeL ?? 0, containerCount: input.containerCount,
      quantityT: round4(input.quantityT), facilityCode: '', storageFacility: input.storageFacility ?? '', generatedAt: input.generatedAt, attributes: input.attributes ?? {},
      originManifestId: null, originProducerId: null, labelToken: crypto.randomBytes(12).toString('base64url'), createdBy: ctx.actor.userId!, createdAt: input.generatedAt,
    };
    this.add(batch);
    const base = { regionCode: org.regionCode, organisationId: org.id, batchId: batch.id, wasteCode: batch.wasteCode, quantityT: batch.quantityT, recordedBy: ctx.actor.userId!, storageFacility: batch.storageFacility, note, at: input.generatedAt, recordedAt: input.generatedAt };
    this.movements.push({ row: { ...base, kind: 'generate', storeEffect: 0 } });
    if (input.storeNow) {
      this.movements.push({ row: { ...base, kind: 'store_in', storeEffect: 1 } });
      this.held.set(batch.id, batch.quantityT);
    }
    this.audits.push({ at: input.generatedAt, ctx, action: 'batch.create', entityType: 'waste_batch', entityId: batch.id, regionCode: org.regionCode, organisationId: org.id, after: batch });
    return batch;
  }

  /** What a batch holds in store now, in this history. */
  inStore(batch: Batch): number { return this.held.get(batch.id) ?? 0; }

  /** The organisation's batches of a code with something in store and on no manifest yet. */
  heldBatches(organisationId: string, wasteCode: string): Batch[] {
    return (this.byOrgCode.get(`${organisationId}:${wasteCode}`) ?? []).filter((b) => this.inStore(b) > 0 && !this.onOpenManifest.has(b.id));
  }

  private add(batch: Batch) {
    this.batches.push(batch);
    const key = `${batch.organisationId}:${batch.wasteCode}`;
    this.byOrgCode.set(key, [...(this.byOrgCode.get(key) ?? []), batch]);
  }

  /** 自行利用/自行处置 (or 出库) of part of a batch, as recordMovement writes it. */
  movement(ctx: Ctx, batch: Batch, input: { kind: 'self_utilise' | 'self_dispose' | 'store_out'; quantityT: number; at: Date; treatmentMethod?: string; note?: string }) {
    const held = this.inStore(batch);
    if (input.quantityT > held + 1e-9) throw new Error(`demo history: batch ${batch.batchNo} holds ${held} t, not ${input.quantityT} t`);
    if (input.kind !== 'store_out' && !input.treatmentMethod) throw new Error('demo history: a self-utilisation or disposal names its method');
    this.held.set(batch.id, round4(held - input.quantityT));
    const row: Movement = {
      regionCode: batch.regionCode, organisationId: batch.organisationId, batchId: batch.id, kind: input.kind, wasteCode: batch.wasteCode, quantityT: round4(input.quantityT), storeEffect: -1,
      treatmentMethod: input.treatmentMethod ?? null, storageFacility: batch.storageFacility, at: input.at, note: input.note ?? '', recordedBy: ctx.actor.userId!, recordedAt: input.at,
    };
    const audit: PendingAudit = { at: input.at, ctx, action: `ledger.${input.kind}`, entityType: 'ledger_movement', entityId: '', regionCode: batch.regionCode, organisationId: batch.organisationId };
    this.movements.push({ row, audit });
  }

  /**
   * A manifest as createManifest makes it: the load (the batches' contents, or a project's truckload
   * given as `load`), the parties as the stream's hook found them, the data the hook writes.
   */
  manifest(ctx: Ctx, stream: string, producer: Organisation, input: NewManifest, parties: Parties, at: Date, options: { load?: Load; batches?: Batch[]; roundId?: string } = {}): ManifestRow {
    const collector = parties.receiver.capabilities.includes('collector');
    const config = manifestConfig(stream);
    const hooks = manifestHooks(stream);
    let load: Load;
    if (options.load) load = options.load;
    else {
      const batches = options.batches ?? [];
      if (!batches.length || new Set(batches.map((b) => b.wasteCode)).size > 1) throw new Error('demo history: a manifest carries batches of one code');
      const held = new Map(batches.map((b) => [b.id, this.inStore(b)]));
      if ([...held.values()].some((t) => !(t > 0))) throw new Error('demo history: a batch on a manifest is empty');
      load = { wasteCode: batches[0].wasteCode, wasteName: batches[0].catalogueName, physicalForm: batches[0].physicalForm, declaredWeightT: round4([...held.values()].reduce((a, b) => a + b, 0)), batches, held, extra: {} };
    }
    const data: ManifestData = {
      wasteCode: load.wasteCode, wasteName: load.wasteName, declaredWeightT: load.declaredWeightT, plannedDate: input.plannedDate,
      producerContact: input.producerContact ?? `${producer.contactName} ${producer.contactPhone}`.trim(), ...hooks.data(input, load, parties),
    };
    const issues = checkValues(config, data, data, at);
    if (issues.length) throw new Error(`demo history: ${issues[0].field} ${issues[0].en}`);
    const row: ManifestRow = {
      regionCode: producer.regionCode, id: crypto.randomUUID(), number: '', stream: config.stream, status: 'draft', producerId: producer.id, transporterIds: parties.transporterIds, receiverId: parties.receiver.id,
      receiverRegionCode: parties.receiver.regionCode, wasteCode: load.wasteCode, declaredWeightT: load.declaredWeightT, receivedWeightT: null, plannedDate: input.plannedDate, data, discrepancies: [],
      paper: false, receiptDueAt: null, version: 1, createdBy: ctx.actor.userId!, createdAt: at, updatedAt: at,
    };
    const building: Building = { row, signatures: [], draft: { ...row }, links: load.batches.map((b) => ({ batchId: b.id, quantityT: load.held.get(b.id)! })), collector, weights: new Map(), hashes: new Map() };
    this.built.push(building);
    this.buildingOf.set(row.id, building);
    for (const l of building.links) this.onOpenManifest.add(l.batchId);
    this.events.push({ manifestId: row.id, kind: 'created', organisationId: ctx.actor.organisationId ?? null, userId: ctx.actor.userId ?? null, at, payload: { number: '', paper: null } });
    this.audits.push({ at, ctx, action: 'manifest.create', entityType: 'manifest', entityId: row.id, regionCode: row.regionCode, organisationId: producer.id, after: () => building.draft });
    if (options.roundId) {
      // joinRound: the stop's link, and the round named on the manifest before anyone signs.
      row.data = { ...row.data, roundId: options.roundId };
      const stop = this.stops.find((s) => s.roundId === options.roundId && s.producerId === producer.id);
      if (!stop) throw new Error('demo history: the producer is not a stop of the round');
      stop.manifestId = row.id;
    }
    return row;
  }

  /** One signature, through the manifest engine, with what signManifest writes beside it. */
  sign(ctx: Ctx, row: ManifestRow, action: ManifestAction, at: Date, data: ManifestData = {}) {
    const building = this.buildingOf.get(row.id)!;
    const config = manifestConfig(row.stream);
    const issues = checkValues(config, data, row.data, at);
    if (issues.length) throw new Error(`demo history: ${issues[0].field} ${issues[0].en}`);
    const state: ManifestState = { status: row.status as ManifestState['status'], producerId: row.producerId, transporterIds: row.transporterIds, receiverId: row.receiverId, data: row.data, signatures: building.signatures };
    const turn = nextTurn(state, config.steps);
    const next = sign(config, state, { organisationId: ctx.actor.organisationId ?? '', userId: ctx.actor.userId ?? '', at: at.toISOString() }, action, data);
    const found = action === 'sign_reception' ? discrepancies(config, next.data) : [];
    const receivedWeightT = action === 'sign_reception' ? Number(next.data.receivedWeightT) : row.receivedWeightT;
    const leaves = action === (config.steps.includes('transport') ? 'sign_transport' : 'sign_emission');
    const status = row.status;
    if (turn) {
      building.signatures.push({ step: turn.step, leg: turn.leg, organisationId: ctx.actor.organisationId!, userId: ctx.actor.userId!, at: at.toISOString() });
      building.weights.set(`${turn.step}:${turn.leg}`, action === 'sign_transport' ? Number(next.data.pickupWeightT) : action === 'sign_reception' ? receivedWeightT : null);
      building.hashes.set(`${turn.step}:${turn.leg}`, crypto.createHash('sha256').update(canonicalJson(next.data)).digest('hex'));
    }
    Object.assign(row, {
      status: next.status, data: next.data, version: row.version + 1, updatedAt: at, receivedWeightT,
      discrepancies: found.length ? found : row.discrepancies,
      receiptDueAt: leaves || action === 'sign_handover' ? addWorkingDays(at, config.receiptWorkingDays, NATIONAL_CALENDAR) : row.receiptDueAt,
    });
    // The ledger's side (manifests/service.ts ledgerEffects).
    const base = { regionCode: row.regionCode, organisationId: row.producerId, wasteCode: row.wasteCode, manifestId: row.id, at, recordedAt: at, recordedBy: ctx.actor.userId! };
    if (leaves && !building.links.length) {
      const quantityT = Number(row.data.pickupWeightT ?? row.declaredWeightT);
      this.movements.push({ row: { ...base, quantityT, kind: 'generate', storeEffect: 0 } }, { row: { ...base, quantityT, kind: 'transfer_out', storeEffect: 0 } });
    }
    if (leaves) {
      for (const link of building.links) {
        this.movements.push({ row: { ...base, batchId: link.batchId, quantityT: link.quantityT, kind: 'store_out', storeEffect: -1 } }, { row: { ...base, batchId: link.batchId, quantityT: link.quantityT, kind: 'transfer_out', storeEffect: 0 } });
        this.held.set(link.batchId, round4((this.held.get(link.batchId) ?? 0) - link.quantityT));
      }
    }
    if (action === 'sign_reception' && row.status !== 'refused') {
      const collected = building.collector ? this.collectorBatch(ctx, row, building, at) : null;
      const received = { ...base, regionCode: row.receiverRegionCode, organisationId: row.receiverId, quantityT: row.receivedWeightT ?? 0 };
      this.movements.push({ row: { ...received, storeEffect: 0, kind: 'receive', treatmentMethod: String(row.data.treatmentMethod ?? ''), batchId: collected?.id ?? null } });
      if (collected) {
        this.movements.push({ row: { ...received, storeEffect: 1, kind: 'store_in', batchId: collected.id, storageFacility: collected.storageFacility } });
        this.held.set(collected.id, collected.quantityT);
      }
    }
    if (FINAL_STATUSES.includes(row.status as ManifestState['status'])) for (const l of building.links) this.onOpenManifest.delete(l.batchId);
    this.events.push({ manifestId: row.id, kind: action, organisationId: ctx.actor.organisationId ?? null, userId: ctx.actor.userId ?? null, at, payload: { step: turn?.step, leg: turn?.leg, place: null, data, discrepancies: found } });
    this.audits.push({ at, ctx, action: `manifest.${action}`, entityType: 'manifest', entityId: row.id, regionCode: row.regionCode, organisationId: ctx.actor.organisationId ?? null, before: { status }, after: { status: row.status, data } });
    return row;
  }

  private collectorBatch(ctx: Ctx, m: ManifestRow, building: Building, at: Date): Batch {
    const sources = this.batches.filter((b) => building.links.some((l) => l.batchId === b.id));
    const oldest = sources.length ? new Date(Math.min(...sources.map((b) => b.generatedAt.getTime()))) : at;
    const batch: Batch = {
      regionCode: m.receiverRegionCode, id: crypto.randomUUID(), organisationId: m.receiverId, stream: m.stream, batchNo: '', wasteCode: m.wasteCode,
      catalogueName: String(m.data.wasteName ?? ''), internalName: String(m.data.wasteName ?? ''), category: '', hazard: (m.data.hazard as string[] | undefined) ?? [],
      physicalForm: String(m.data.physicalForm ?? ''), mainComponents: '', containerType: String(m.data.packaging ?? ''), containerVolumeL: 0, containerCount: Number(m.data.containerCount ?? 0),
      quantityT: m.receivedWeightT ?? 0, facilityCode: '', storageFacility: '集中贮存库', generatedAt: oldest, attributes: {},
      originManifestId: m.id, originProducerId: m.producerId, labelToken: crypto.randomBytes(12).toString('base64url'), createdBy: ctx.actor.userId!, createdAt: at,
    };
    this.collected.set(batch, m);
    this.add(batch);
    return batch;
  }

  /** planRound: the round and its stops in order. */
  round(ctx: Ctx, collector: Organisation, input: { roundDate: string; vehicleId: string; driverId: string; wasteCode: string; producerIds: string[]; at: Date }) {
    const id = crypto.randomUUID();
    const row = { id, regionCode: collector.regionCode, collectorId: collector.id, vehicleId: input.vehicleId, driverId: input.driverId, roundDate: input.roundDate, wasteCode: input.wasteCode, status: 'planned' as const, note: '', createdBy: ctx.actor.userId!, createdAt: input.at, closedAt: null as Date | null };
    this.rounds.push(row);
    this.stops.push(...input.producerIds.map((producerId, i) => ({ roundId: id, seq: i + 1, producerId, manifestId: null as string | null })));
    this.audits.push({ at: input.at, ctx, action: 'round.plan', entityType: 'collection_round', entityId: id, regionCode: collector.regionCode, organisationId: collector.id, after: { ...row, stops: input.producerIds } });
    return row;
  }

  /** closeRound. */
  closeRound(ctx: Ctx, round: { id: string; regionCode: string; collectorId: string }, at: Date) {
    const row = this.rounds.find((r) => r.id === round.id)!;
    row.status = 'closed';
    row.closedAt = at;
    this.audits.push({ at, ctx, action: 'round.close', entityType: 'collection_round', entityId: round.id, regionCode: round.regionCode, organisationId: round.collectorId, before: { status: 'planned' }, after: { status: 'closed' } });
  }

  /** Draws the manifests' numbers from their city-year sequences, in the order they were made, and writes everything. */
  async flush(q: Queryable): Promise<{ batches: number; movements: number; manifests: number }> {
    const byYear = new Map<string, Building[]>();
    for (const b of [...this.built].sort((x, y) => x.row.createdAt.getTime() - y.row.createdAt.getTime())) {
      const key = `${b.row.regionCode.slice(0, 4)}:${shanghaiYear(b.row.createdAt)}`;
      byYear.set(key, [...(byYear.get(key) ?? []), b]);
    }
    for (const list of byYear.values()) {
      const first = list[0].row;
      await ensureSerialSequence(q, first.regionCode, first.createdAt);
      const year = shanghaiYear(first.createdAt);
      const serials = (await q.execute<{ serial: number }>(sql`SELECT nextval(${`manifest_serial_${first.regionCode.slice(0, 4)}_${year}`}::regclass)::int AS serial FROM generate_series(1, ${list.length})`)).rows.map((r) => Number(r.serial)).sort((a, b) => a - b);
      list.forEach((b, i) => { b.row.number = b.draft.number = manifestNumber(year, b.row.regionCode, serials[i]); });
    }
    for (const e of this.events) if (e.kind === 'created') (e.payload as { number: string }).number = this.buildingOf.get(e.manifestId)!.row.number;
    for (const [batch, m] of this.collected) batch.batchNo = `SJ${m.number}`;
    const chunks = async <T>(rows: T[], size: number, write: (part: T[]) => Promise<unknown>) => { for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size)); };
    await chunks(this.batches, 400, (part) => q.insert(wasteBatches).values(part));
    // Movements in time order, so that ids follow the story; recordMovement's audit rows name theirs.
    const movements = [...this.movements].sort((a, b) => a.row.at!.getTime() - b.row.at!.getTime());
    await chunks(movements, 500, async (part) => {
      const ids = await q.insert(ledgerMovements).values(part.map((m) => m.row)).returning({ id: ledgerMovements.id });
      part.forEach((m, i) => { if (m.audit) { m.audit.entityId = String(ids[i].id); m.audit.after = { ...m.row, id: ids[i].id }; this.audits.push(m.audit); } });
    });
    await chunks(this.built, 300, (part) => q.insert(manifests).values(part.map((b) => b.row)));
    const links = this.built.flatMap((b) => b.links.map((l) => ({ manifestId: b.row.id, batchId: l.batchId, quantityT: l.quantityT, released: ['received', 'partially_refused', 'refused', 'cancelled'].includes(b.row.status) })));
    await chunks(links, 500, (part) => q.insert(manifestBatches).values(part));
    const signatures = this.built.flatMap((b) => b.signatures.map((s) => {
      const key = `${s.step}:${s.leg}`;
      return { manifestId: b.row.id, step: s.step, leg: s.leg, organisationId: s.organisationId, userId: s.userId, at: new Date(s.at), place: '', weightT: b.weights.get(key) ?? null, dataHash: b.hashes.get(key)! };
    }));
    await chunks(signatures, 500, (part) => q.insert(manifestSignatures).values(part));
    await chunks(this.events, 500, (part) => q.insert(manifestEvents).values(part));
    await chunks(this.rounds, 300, (part) => q.insert(collectionRounds).values(part));
    await chunks(this.stops, 500, (part) => q.insert(collectionRoundStops).values(part));
    const audits = [...this.audits].sort((a, b) => a.at.getTime() - b.at.getTime()).map((a) => ({
      at: a.at, actorUserId: a.ctx.actor?.userId ?? null, actorLabel: a.ctx.actorLabel ?? a.ctx.actor?.username ?? 'system', action: a.action, entityType: a.entityType,
      entityId: typeof a.entityId === 'function' ? a.entityId() : a.entityId, regionCode: a.regionCode, organisationId: a.organisationId,
      before: snapshot(a.before), after: snapshot(typeof a.after === 'function' ? (a.after as () => unknown)() : a.after), ip: null,
    }));
    await chunks(audits, 400, (part) => q.insert(auditLog).values(withMacs(part)));
    return { batches: this.batches.length, movements: this.movements.length, manifests: this.built.length };
  }
}

export type { Organisation, Batch as HistoryBatch };
export type Truck = { vehicle: typeof vehicles.$inferSelect; driver: typeof drivers.$inferSelect };
