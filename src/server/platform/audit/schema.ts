import { pgTable, text, uuid, timestamp, bigserial, bigint, jsonb, index, uniqueIndex, integer } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// Append-only: a trigger (see the migrations) refuses UPDATE, DELETE and TRUNCATE. Writers only
// insert, each row with its HMAC; the sealer (audit/service.ts) then chains rows in `seq` order, each
// carrying a keyed hash of its predecessor's hash and its own content, and marks whether the
// application wrote it. Signed exports of the head (audit/export.ts) catch rows cut from the end.
// Sealing outside the writers' transactions keeps a global lock off every write. See ADR 0010.
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  actorUserId: uuid('actor_user_id'),
  actorLabel: text('actor_label').notNull(),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id').notNull(),
  regionCode: text('region_code'),
  organisationId: uuid('organisation_id'),
  before: jsonb('before'),
  after: jsonb('after'),
  ip: text('ip'),
  seq: bigint('seq', { mode: 'number' }),
  prevHash: text('prev_hash'),
  hash: text('hash'),
  /** The writer's HMAC over the row and a nonce (`<nonce>.<hex>`), with a key kept outside the database (ADR 0010). */
  mac: text('mac'),
  /** Set by the sealer: `application` (a valid MAC), `foreign` (none or a wrong one), `legacy` (written before MACs). */
  origin: text('origin'),
  /** Set by a trigger at insert, whatever the inserter sends: when the row became a row, and which role and client wrote it. */
  writtenAt: timestamp('written_at', { withTimezone: true, precision: 6 }),
  writtenBy: text('written_by'),
}, (t) => [
  index('audit_entity_idx').on(t.entityType, t.entityId),
  index('audit_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
  index('audit_at_idx').on(t.at),
  index('audit_actor_idx').on(t.actorUserId),
  index('audit_org_idx').on(t.organisationId),
  uniqueIndex('audit_seq_uq').on(t.seq),
  index('audit_unsealed_idx').on(t.id).where(sql`${t.seq} IS NULL`),
]);

/**
 * One row: where the keyed chain starts (rows up to legacy_max_seq were sealed with plain SHA-256
 * before MACs existed; unsealed rows up to legacy_max_id were written without a MAC) and which key
 * seals it (key_id, set at the first sealing), so a server started with another key refuses to seal.
 */
export const auditChainAnchor = pgTable('audit_chain_anchor', {
  id: integer('id').primaryKey().default(1),
  legacyMaxId: bigint('legacy_max_id', { mode: 'number' }).notNull(),
  legacyMaxSeq: bigint('legacy_max_seq', { mode: 'number' }).notNull(),
  keyId: text('key_id'),
});
