import { pgTable, text, uuid, timestamp, bigserial, jsonb, index } from 'drizzle-orm/pg-core';

// Append-only: a trigger (see the migration) refuses UPDATE and DELETE, and every row carries the
// SHA-256 of its predecessor's hash and its own content, so `npm run audit:verify` finds any row
// altered or removed behind the trigger's back.
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
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [
  index('audit_entity_idx').on(t.entityType, t.entityId),
  index('audit_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
  index('audit_at_idx').on(t.at),
  index('audit_actor_idx').on(t.actorUserId),
  index('audit_org_idx').on(t.organisationId),
]);
