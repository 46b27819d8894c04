import { pgTable, text, uuid, timestamp, numeric, integer, bigserial, bigint, index, uniqueIndex, primaryKey, jsonb } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// 台账 (HJ 1259 tables B.1-B.5). A batch (产生批次) is what one container or one day's pipe flow
// holds; movements are append-only: a mistake is corrected by a new movement that names the one it
// corrects, never by editing.
export const wasteBatches = pgTable('waste_batches', {
  regionCode: text('region_code').notNull(),
  id: uuid('id').notNull().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  stream: text('stream').notNull().default('hazardous'),
  batchNo: text('batch_no').notNull(),
  wasteCode: text('waste_code').notNull(),
  catalogueName: text('catalogue_name').notNull(),
  internalName: text('internal_name').notNull(),
  category: text('category').notNull().default(''),
  hazard: text('hazard').array().notNull().default(sql`'{}'::text[]`),
  physicalForm: text('physical_form').notNull(),
  mainComponents: text('main_components').notNull().default(''),
  containerType: text('container_type').notNull(),
  containerVolumeL: numeric('container_volume_l', { precision: 10, scale: 1, mode: 'number' }).notNull(),
  containerCount: integer('container_count').notNull(),
  quantityT: numeric('quantity_t', { precision: 14, scale: 4, mode: 'number' }).notNull(),
  facilityCode: text('facility_code').notNull().default(''),
  storageFacility: text('storage_facility').notNull().default(''),
  generatedAt: timestamp('generated_at', { withTimezone: true }).notNull(),
  // What the stream's definition records of a batch beyond these columns (a sludge's moisture
  // content), each value checked by its batch field's kind as it enters.
  attributes: jsonb('attributes').$type<Record<string, string | number | boolean>>().notNull().default({}),
  // A collector's batch received on a manifest keeps where it came from, so that the chain from a
  // small producer to final treatment can be followed (集中暂存、分别管理).
  originManifestId: uuid('origin_manifest_id'),
  originProducerId: uuid('origin_producer_id'),
  // The random part of the label's QR link: knowing it shows nothing without a permitted login.
  labelToken: text('label_token').notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionCode, t.id] }),
  uniqueIndex('waste_batches_id_uq').on(t.id),
  uniqueIndex('waste_batches_no_uq').on(t.organisationId, t.batchNo),
  uniqueIndex('waste_batches_label_uq').on(t.labelToken),
  index('waste_batches_org_idx').on(t.organisationId, t.wasteCode, t.generatedAt),
  index('waste_batches_origin_idx').on(t.originManifestId).where(sql`${t.originManifestId} IS NOT NULL`),
]);

// What each batch still holds in store: sum(quantity_t × store_effect) of its movements, kept by a statement
// trigger on ledger_movements (migration 0053) in the statement that records them, so the storage-overdue
// scan reads the few batches still in store instead of summing the ledger of every old batch.
export const batchStock = pgTable('batch_stock', {
  batchId: uuid('batch_id').primaryKey(),
  heldT: numeric('held_t', { precision: 18, scale: 4, mode: 'number' }).notNull(),
}, (t) => [index('batch_stock_held_idx').on(t.batchId).where(sql`${t.heldT} > 0`)]);

export const LEDGER_KINDS = ['generate', 'store_in', 'store_out', 'self_utilise', 'self_dispose', 'transfer_out', 'receive', 'correction'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const ledgerMovements = pgTable('ledger_movements', {
  regionCode: text('region_code').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  organisationId: uuid('organisation_id').notNull(),
  batchId: uuid('batch_id'),
  kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
  wasteCode: text('waste_code').notNull(),
  // Positive for what the kind adds or removes; a correction carries the signed difference.
  quantityT: numeric('quantity_t', { precision: 14, scale: 4, mode: 'number' }).notNull(),
  // Which stock the movement changes: +1 into store, -1 out of store, 0 neither (generate, receive before store-in).
  storeEffect: integer('store_effect').notNull(),
  manifestId: uuid('manifest_id'),
  treatmentMethod: text('treatment_method'),
  storageFacility: text('storage_facility').notNull().default(''),
  at: timestamp('at', { withTimezone: true }).notNull(),
  correctionOf: bigint('correction_of', { mode: 'number' }),
  note: text('note').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionCode, t.id] }),
  index('ledger_org_code_idx').on(t.organisationId, t.wasteCode, t.at),
  index('ledger_batch_idx').on(t.batchId),
  index('ledger_manifest_idx').on(t.manifestId),
  index('ledger_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.at),
]);

// Pre-aggregation for the dashboard and computed indicators: sums per region, month, kind and waste
// category. A statement trigger on ledger_movements appends each statement's sums to the delta
// table (no row locks shared between writers); foldLedgerDeltas moves them into ledger_monthly and
// ledger_monthly_county in one statement. Readers add the deltas, so the figures are current the
// moment a movement commits.
const monthlyColumns = {
  regionCode: text('region_code').notNull(),
  year: integer('year').notNull(),
  month: integer('month').notNull(),
  kind: text('kind').notNull(),
  category: text('category').notNull(),
  quantityT: numeric('quantity_t', { precision: 18, scale: 4, mode: 'number' }).notNull(),
  movements: bigint('movements', { mode: 'number' }).notNull(),
};
export const ledgerMonthly = pgTable('ledger_monthly', monthlyColumns, (t) => [
  primaryKey({ columns: [t.regionCode, t.year, t.month, t.kind, t.category] }),
  index('ledger_monthly_year_region_idx').using('btree', t.year, t.regionCode.op('text_pattern_ops')),
]);
// The same sums per county (the first six digits of region_code), folded with ledger_monthly, so that a
// city's view adds a dozen counties' rows instead of every town's. Read through
// ledger_monthly_county_cover_idx (year, region_code) INCLUDE (every other column), an index-only scan,
// written by hand in migration 0025 (drizzle-kit cannot express INCLUDE).
export const ledgerMonthlyCounty = pgTable('ledger_monthly_county', monthlyColumns, (t) => [
  primaryKey({ columns: [t.regionCode, t.year, t.month, t.kind, t.category] }),
]);
export const ledgerMonthlyDelta = pgTable('ledger_monthly_delta', { id: bigserial('id', { mode: 'number' }).primaryKey(), ...monthlyColumns });
