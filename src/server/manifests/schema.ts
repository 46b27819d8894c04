import { pgTable, text, uuid, timestamp, numeric, integer, boolean, jsonb, bigserial, index, uniqueIndex, primaryKey, date } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// 联单: one table for every stream. The engine's fields live in `data`; columns repeat what lists
// filter and sort by. Signatures and events are append-only.
export const manifests = pgTable('manifests', {
  regionCode: text('region_code').notNull(),
  id: uuid('id').notNull().defaultRandom(),
  number: text('number').notNull(),
  stream: text('stream').notNull(),
  status: text('status').notNull(),
  producerId: uuid('producer_id').notNull(),
  transporterIds: uuid('transporter_ids').array().notNull(),
  receiverId: uuid('receiver_id').notNull(),
  receiverRegionCode: text('receiver_region_code').notNull(),
  wasteCode: text('waste_code').notNull(),
  declaredWeightT: numeric('declared_weight_t', { precision: 14, scale: 4, mode: 'number' }).notNull(),
  receivedWeightT: numeric('received_weight_t', { precision: 14, scale: 4, mode: 'number' }),
  plannedDate: date('planned_date').notNull(),
  data: jsonb('data').notNull().$type<Record<string, unknown>>(),
  discrepancies: jsonb('discrepancies').notNull().default(sql`'[]'::jsonb`).$type<unknown[]>(),
  // Entered afterwards from a paper manifest used in an emergency (第二十条).
  paper: boolean('paper').notNull().default(false),
  receiptDueAt: timestamp('receipt_due_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.regionCode, t.id] }),
  uniqueIndex('manifests_id_uq').on(t.id),
  uniqueIndex('manifests_number_uq').on(t.number),
  index('manifests_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.status),
  index('manifests_receiver_region_idx').using('btree', t.receiverRegionCode.op('text_pattern_ops'), t.status),
  index('manifests_producer_idx').on(t.producerId, t.createdAt),
  index('manifests_receiver_idx').on(t.receiverId, t.status),
  index('manifests_transporters_idx').using('gin', t.transporterIds),
  index('manifests_open_due_idx').on(t.receiptDueAt).where(sql`${t.status} = 'in_transit'`),
  // 我的运输: a driver's loads, found by the driver record his manifest names.
  index('manifests_driver_idx').on(sql`(${t.data}->>'driverId')`, t.status),
]);

export const manifestBatches = pgTable('manifest_batches', {
  manifestId: uuid('manifest_id').notNull(),
  batchId: uuid('batch_id').notNull(),
  quantityT: numeric('quantity_t', { precision: 14, scale: 4, mode: 'number' }).notNull(),
  released: boolean('released').notNull().default(false),
}, (t) => [
  primaryKey({ columns: [t.manifestId, t.batchId] }),
  // A batch travels on one open manifest at a time.
  uniqueIndex('manifest_batches_open_uq').on(t.batchId).where(sql`NOT ${t.released}`),
]);

export const manifestSignatures = pgTable('manifest_signatures', {
  manifestId: uuid('manifest_id').notNull(),
  step: text('step').notNull(),
  leg: integer('leg').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  userId: uuid('user_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  place: text('place').notNull().default(''),
  longitude: numeric('longitude', { precision: 9, scale: 6, mode: 'number' }),
  latitude: numeric('latitude', { precision: 9, scale: 6, mode: 'number' }),
  weightT: numeric('weight_t', { precision: 14, scale: 4, mode: 'number' }),
  // SHA-256 of the manifest's data as signed: what the signer saw.
  dataHash: text('data_hash').notNull(),
  // Photos taken with the signature (a driver's at pickup): names in the photo store (manifest_photos).
  photos: text('photos').array().notNull().default(sql`'{}'::text[]`),
}, (t) => [
  // Two concurrent signatures of one step: the database lets exactly one in.
  primaryKey({ columns: [t.manifestId, t.step, t.leg] }),
]);

/**
 * Photos uploaded for a manifest (issue 20: the driver's at pickup), before the signature that names
 * them: the signature may name only photos its signer uploaded for that manifest. The bytes are in
 * the photo store (src/server/files/photos.ts), metadata removed.
 */
export const manifestPhotos = pgTable('manifest_photos', {
  name: text('name').primaryKey(),
  manifestId: uuid('manifest_id').notNull(),
  userId: uuid('user_id').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  mime: text('mime').notNull(),
  bytes: integer('bytes').notNull(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('manifest_photos_manifest_idx').on(t.manifestId, t.userId)]);

export const manifestEvents = pgTable('manifest_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  manifestId: uuid('manifest_id').notNull(),
  kind: text('kind').notNull(),
  organisationId: uuid('organisation_id'),
  userId: uuid('user_id'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
}, (t) => [index('manifest_events_manifest_idx').on(t.manifestId, t.id)]);

/** Corrections to sealed fields: proposed by one party, applied once every other signer approves. */
export const manifestRevisions = pgTable('manifest_revisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  manifestId: uuid('manifest_id').notNull(),
  requestedBy: uuid('requested_by').notNull(),
  requestedByOrg: uuid('requested_by_org').notNull(),
  changes: jsonb('changes').notNull().$type<Record<string, unknown>>(),
  reason: text('reason').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'refused'] }).notNull().default('pending'),
  approvalsNeeded: uuid('approvals_needed').array().notNull(),
  approvedBy: uuid('approved_by').array().notNull().default(sql`'{}'::uuid[]`),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('manifest_revisions_manifest_idx').on(t.manifestId)]);

/** Retried writes with the same Idempotency-Key answer what the first one answered. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  principal: text('principal').notNull(),
  key: text('key').notNull(),
  route: text('route').notNull(),
  // sha256 of the method, the path as called and the canonical JSON of the body: a resend must be the same request (null on keys kept before it was stored).
  requestHash: text('request_hash'),
  status: integer('status').notNull(),
  body: jsonb('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.principal, t.key] })]);
