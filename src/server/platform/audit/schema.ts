import { pgTable, text, uuid, timestamp, bigserial, bigint, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// Append-only: a trigger (see the migrations) refuses UPDATE, DELETE and TRUNCATE. Writers only
// insert; the sealer (audit/service.ts) then chains rows in `seq` order, each carrying the SHA-256 of
// its predecessor's hash and its own content, so `npm run audit:verify` finds any row altered or
// removed behind the trigger's back. Sealing outside the writers' transactions keeps a global lock
// off every write.
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
}, (t) => [
  index('audit_entity_idx').on(t.entityType, t.entityId),
  index('audit_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
  index('audit_at_idx').on(t.at),
  index('audit_actor_idx').on(t.actorUserId),
  index('audit_org_idx').on(t.organisationId),
  uniqueIndex('audit_seq_uq').on(t.seq),
  index('audit_unsealed_idx').on(t.id).where(sql`${t.seq} IS NULL`),
]);
