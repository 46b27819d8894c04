import crypto from 'node:crypto';
import { sql, asc, desc, gt, isNull, isNotNull } from 'drizzle-orm';
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

/** Appends one row inside the caller's transaction; the sealer chains it after commit. */
export async function recordAudit(tx: Queryable, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, ctx, [entry]);
}

/** Appends several rows in one statement (a seed or an import writing many records at once). */
export async function recordAudits(tx: Queryable, ctx: AuditContext, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const at = new Date();
  await tx.insert(auditLog).values(entries.map((entry) => ({
    at,
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
  })));
}

/**
 * Chains every committed, unsealed row after the last sealed one, in id order, in batches. Only the
 * sealer takes the lock, so writers never wait for each other. A row of a transaction still open is
 * not visible yet and is sealed by a later pass, with a later seq.
 */
export async function sealAudit(db: Db, batch = 2000): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(7261002)`);
      const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(isNotNull(auditLog.seq)).orderBy(desc(auditLog.seq)).limit(1);
      const rows = await tx.select().from(auditLog).where(isNull(auditLog.seq)).orderBy(asc(auditLog.id)).limit(batch);
      if (!rows.length) return 0;
      let prev = last?.hash ?? GENESIS;
      let seq = last?.seq ?? 0;
      const ids: number[] = [], seqs: number[] = [], prevs: string[] = [], hashes: string[] = [];
      for (const row of rows) {
        const hash = rowHash(prev, row);
        ids.push(row.id); seqs.push(++seq); prevs.push(prev); hashes.push(hash);
        prev = hash;
      }
      await tx.execute(sql`UPDATE audit_log a SET seq = u.seq, prev_hash = u.prev, hash = u.hash
        FROM unnest(${sql.param(ids)}::bigint[], ${sql.param(seqs)}::bigint[], ${sql.param(prevs)}::text[], ${sql.param(hashes)}::text[]) AS u(id, seq, prev, hash)
        WHERE a.id = u.id`);
      return rows.length;
    });
    sealed += n;
    if (n < batch) return sealed;
  }
}

export interface ChainProblem { id: number; reason: 'HASH_MISMATCH' | 'BROKEN_LINK' }
export interface ChainReport { ok: boolean; checked: number; problems: ChainProblem[] }

/** Seals what is committed, then walks the whole chain in seq order, in pages, reporting every altered row and broken link. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainReport> {
  await sealAudit(db);
  let prevHash = GENESIS;
  let lastSeq = 0;
  let checked = 0;
  const problems: ChainProblem[] = [];
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.seq, lastSeq)).orderBy(asc(auditLog.seq)).limit(pageSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prevHash) problems.push({ id: row.id, reason: 'BROKEN_LINK' });
      if (rowHash(row.prevHash ?? '', row) !== row.hash) problems.push({ id: row.id, reason: 'HASH_MISMATCH' });
      prevHash = row.hash ?? '';
      lastSeq = row.seq!;
      checked++;
    }
  }
  return { ok: problems.length === 0, checked, problems };
}
