import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { wasteBatches } from '../ledger/schema';
import { manifestBatches } from '../manifests/schema';
import { createBatch, inStore, recordMovement } from '../ledger/service';
import { createManifest, signManifest, type NewManifest } from '../manifests/service';
import { closeRound, joinRound, planRound } from '../rounds/service';
import type { AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import type { Load, Parties } from '../manifests/hooks';
import type { ManifestAction, ManifestData } from '../../domain/manifests/engine';
import type { HistoricBatch, HistoryBatch, HistoryWriter, Organisation } from './history';
import type { manifests } from '../manifests/schema';

// The demo's stories are told once, to one of two recorders: the history writer for the months
// before the last two weeks (bulk rows, demo/history.ts), and this one for the last two weeks, which
// calls the services as the demo users. What would happen after `now` does not happen: the manifest
// stays where it is, which is how the demo has loads on the road and signatures waiting today.

type Ctx = AuditContext & { actor: Actor };
type ManifestRow = typeof manifests.$inferSelect;
type Round = { id: string; regionCode: string; collectorId: string };

export interface Recorder {
  /** Whether a moment has come: always in history; in the live weeks, not after now. */
  happened(at: Date): boolean;
  batch(ctx: Ctx, org: Organisation, input: HistoricBatch): Promise<HistoryBatch | null>;
  inStore(batch: HistoryBatch): Promise<number>;
  heldBatches(organisationId: string, wasteCode: string): Promise<HistoryBatch[]>;
  movement(ctx: Ctx, batch: HistoryBatch, input: { kind: 'self_utilise' | 'self_dispose'; quantityT: number; at: Date; treatmentMethod: string; note?: string }): Promise<void>;
  manifest(ctx: Ctx, stream: string, producer: Organisation, input: NewManifest, parties: Parties, at: Date, options?: { load?: Load; batches?: HistoryBatch[]; roundId?: string }): Promise<ManifestRow | null>;
  sign(ctx: Ctx, row: ManifestRow | null, action: ManifestAction, at: Date, data?: ManifestData): Promise<ManifestRow | null>;
  round(ctx: Ctx, collector: Organisation, input: { roundDate: string; vehicleId: string; driverId: string; wasteCode: string; producerIds: string[]; at: Date }): Promise<Round | null>;
  closeRound(ctx: Ctx, round: Round, at: Date): Promise<void>;
}

/** The history writer as a recorder. */
export function historyRecorder(w: HistoryWriter): Recorder {
  return {
    happened: () => true,
    batch: async (ctx, org, input) => w.batch(ctx, org, input),
    inStore: async (batch) => w.inStore(batch),
    heldBatches: async (organisationId, code) => w.heldBatches(organisationId, code),
    movement: async (ctx, batch, input) => w.movement(ctx, batch, input),
    manifest: async (ctx, stream, producer, input, parties, at, options) => w.manifest(ctx, stream, producer, input, parties, at, options),
    sign: async (ctx, row, action, at, data) => (row ? w.sign(ctx, row, action, at, data) : null),
    round: async (ctx, collector, input) => w.round(ctx, collector, input),
    closeRound: async (ctx, round, at) => w.closeRound(ctx, round, at),
  };
}

/** The services as a recorder, for the last weeks: nothing dated after `now` is done. */
export function serviceRecorder(db: Db, now: Date): Recorder {
  const past = (at: Date) => at.getTime() <= now.getTime();
  return {
    happened: past,
    async batch(ctx, _org, input) {
      if (!past(input.generatedAt)) return null;
      return createBatch(db, ctx, {
        stream: input.stream, wasteCode: input.wasteCode, internalName: input.internalName, physicalForm: input.physicalForm, containerType: input.containerType, containerVolumeL: input.containerVolumeL,
        containerCount: input.containerCount, quantityT: input.quantityT, storageFacility: input.storageFacility, generatedAt: input.generatedAt, storeNow: input.storeNow, attributes: input.attributes,
      });
    },
    inStore: async (batch) => (await inStore(db, [batch.id])).get(batch.id) ?? 0,
    async heldBatches(organisationId, wasteCode) {
      return db.select().from(wasteBatches).where(and(eq(wasteBatches.organisationId, organisationId), eq(wasteBatches.wasteCode, wasteCode),
        sql`(SELECT coalesce(sum(m.quantity_t * m.store_effect), 0) FROM ledger_movements m WHERE m.batch_id = ${wasteBatches.id}) > 0`,
        sql`NOT EXISTS (SELECT 1 FROM ${manifestBatches} mb WHERE mb.batch_id = ${wasteBatches.id} AND NOT mb.released)`)).orderBy(wasteBatches.generatedAt);
    },
    async movement(ctx, batch, input) {
      if (past(input.at)) await recordMovement(db, ctx, batch.id, input);
    },
    async manifest(ctx, stream, _producer, input, _parties, at, options = {}) {
      if (!past(at)) return null;
      if (options.roundId) return joinRound(db, ctx, options.roundId, { batchIds: input.batchIds, dangerousGoodsClass: input.dangerousGoodsClass, emergencyMeasures: input.emergencyMeasures });
      return createManifest(db, ctx, input, stream);
    },
    async sign(ctx, row, action, at, data) {
      // A manifest's steps come in time order: once one lies after now, so do the rest.
      if (!row || !past(at)) return null;
      const after = await signManifest(db, ctx, row.id, { action, data, at });
      Object.assign(row, after);
      return row;
    },
    async round(ctx, _collector, input) {
      if (!past(input.at)) return null;
      const { at: _at, ...rest } = input;
      return planRound(db, ctx, rest);
    },
    async closeRound(ctx, round, at) {
      if (past(at)) await closeRound(db, ctx, round.id);
    },
  };
}
