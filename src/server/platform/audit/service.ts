import crypto from 'node:crypto';
import { sql, asc, gt } from 'drizzle-orm';
import type { Queryable, Db } from '../../db/database';
import { auditLog } from './schema';
import type { Actor } from '../policy';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  regionCode?: string | null;
  organisationId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditContext { actor: Actor | null; actorLabel?: string; ip?: string | null }

const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted, so the hash does not depend on how jsonb reorders keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface HashedFields {
  at: Date; actorUserId: string | null; actorLabel: string; action: string; entityType: string; entityId: string;
  regionCode: string | null; organisationId: string | null; before: unknown; after: unknown; ip: string | null;
}

export function rowHash(prevHash: string, row: HashedFields): string {
  const body = canonicalJson({
    at: row.at.toISOString(), actorUserId: row.actorUserId, actorLabel: row.actorLabel, action: row.action,
    entityType: row.entityType, entityId: row.entityId, regionCode: row.regionCode, organisationId: row.organisationId,
    before: row.before ?? null, after: row.after ?? null, ip: row.ip,
  });
  return crypto.createHash('sha256').update(prevHash).update(body).digest('hex');
}

const SECRET_FIELDS = new Set(['passwordHash', 'password', 'secretHash', 'secret', 'csrfToken', 'tokenHash']);

/** A record as the audit keeps it: plain JSON, secrets removed. */
function snapshot(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value, (key, v) => (SECRET_FIELDS.has(key) ? '[redacted]' : v)));
}

/**
 * Appends one row inside the caller's transaction. The advisory lock is held to commit, so rows are
 * chained in commit order and two writers never take the same predecessor.
 */
export async function recordAudit(tx: Queryable, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(7261002)`);
  const last = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(sql`${auditLog.id} DESC`).limit(1);
  const prevHash = last[0]?.hash ?? GENESIS;
  const row: HashedFields = {
    at: new Date(),
    actorUserId: ctx.actor?.userId ?? null,
    actorLabel: ctx.actorLabel ?? (ctx.actor ? `${ctx.actor.username}${ctx.actor.via === 'token' ? ' (token)' : ''}` : 'system'),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    regionCode: entry.regionCode ?? null,
    organisationId: entry.organisationId ?? null,
    before: snapshot(entry.before),
    after: snapshot(entry.after),
    ip: ctx.ip ?? null,
  };
  await tx.insert(auditLog).values({ ...row, prevHash, hash: rowHash(prevHash, row) });
}

export interface ChainProblem { id: number; reason: 'HASH_MISMATCH' | 'BROKEN_LINK' }
export interface ChainReport { ok: boolean; checked: number; problems: ChainProblem[] }

/** Walks the whole chain in id order, in pages, and reports every altered row and every broken link. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainReport> {
  let prevHash = GENESIS;
  let lastId = 0;
  let checked = 0;
  const problems: ChainProblem[] = [];
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(pageSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prevHash) problems.push({ id: row.id, reason: 'BROKEN_LINK' });
      if (rowHash(row.prevHash, row) !== row.hash) problems.push({ id: row.id, reason: 'HASH_MISMATCH' });
      prevHash = row.hash;
      lastId = row.id;
      checked++;
    }
  }
  return { ok: problems.length === 0, checked, problems };
}
