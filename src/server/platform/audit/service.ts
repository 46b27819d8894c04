import crypto from 'node:crypto';
import { sql, asc, desc, gt, isNull, isNotNull } from 'drizzle-orm';
import type { Queryable, Db } from '../../db/database';
import { auditLog, auditChainAnchor } from './schema';
import type { Actor } from '../policy';
import { auditKeys, AuditKeyError, type AuditKeys } from './keys';

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

const content = (row: HashedFields) => ({
  at: row.at.toISOString(), actorUserId: row.actorUserId, actorLabel: row.actorLabel, action: row.action,
  entityType: row.entityType, entityId: row.entityId, regionCode: row.regionCode, organisationId: row.organisationId,
  before: row.before ?? null, after: row.after ?? null, ip: row.ip,
});

/** The unkeyed link of rows sealed before the keyed chain (anyone could recompute it: kept only to verify those rows). */
export function rowHash(prevHash: string, row: HashedFields): string {
  return crypto.createHash('sha256').update(prevHash).update(canonicalJson(content(row))).digest('hex');
}

interface SealedFields extends HashedFields { mac: string | null; origin: string | null; writtenAt: Date | null; writtenBy: string | null }

/** The canonical JSON of a row's content: computed once per row and shared by its MAC and its chain link. */
export const contentJson = (row: HashedFields) => canonicalJson(content(row));

/** The keyed link: re-chaining rows after changing or removing one needs the key file, not only SQL. */
export function chainHash(keys: AuditKeys, prevHash: string, row: SealedFields, json = contentJson(row)): string {
  const seal = canonicalJson({ mac: row.mac, origin: row.origin, writtenAt: row.writtenAt?.toISOString() ?? null, writtenBy: row.writtenBy });
  return crypto.createHmac('sha256', keys.chain).update(prevHash).update(json).update(seal).digest('hex');
}

const macOf = (keys: AuditKeys, nonce: string, json: string) => `${nonce}.${crypto.createHmac('sha256', keys.mac).update(nonce).update(json).digest('hex')}`;

/** The writer's MAC: `<nonce>.<hmac>`; the nonce makes two identical entries differ, so a copied row shows as a replay. */
export function rowMac(keys: AuditKeys, row: HashedFields, nonce = crypto.randomBytes(12).toString('base64url')): string {
  return macOf(keys, nonce, contentJson(row));
}

function macValid(keys: AuditKeys, mac: string | null, json: string): boolean {
  const nonce = mac?.split('.')[0];
  if (!mac || !nonce) return false;
  const expected = Buffer.from(macOf(keys, nonce, json));
  const given = Buffer.from(mac);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/** Rows about to be inserted, each with its MAC: every writer of audit_log goes through this. */
export function withMacs<T extends HashedFields>(rows: T[], keys = auditKeys()): (T & { mac: string })[] {
  return rows.map((row) => ({ ...row, mac: rowMac(keys, row) }));
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
  await tx.insert(auditLog).values(auditRows(ctx, entries));
}

/** The rows recordAudits inserts, with their MACs: for a writer that puts its audit row into a statement of its own (a data-modifying CTE). */
export function auditRows(ctx: AuditContext, entries: AuditEntry[]) {
  const at = new Date();
  return withMacs(entries.map((entry) => ({
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

type Anchor = typeof auditChainAnchor.$inferSelect;

async function readAnchor(db: Queryable): Promise<Anchor> {
  const [anchor] = await db.select().from(auditChainAnchor).limit(1);
  if (!anchor) throw new AuditKeyError('the audit chain has no anchor row (audit_chain_anchor is empty): it was removed behind the database\'s triggers');
  return anchor;
}

const keyMismatch = (anchor: Anchor, keys: AuditKeys) =>
  new AuditKeyError(`the audit key at ${keys.file} (id ${keys.id}) is not the one this database was sealed with (id ${anchor.keyId}): sealing stopped; restore the key file`);

/** Who wrote the row, as far as the key can tell: the application (a valid MAC), an old writer (before MACs), or someone else. */
function originOf(keys: AuditKeys, anchor: Anchor, row: { id: number; mac: string | null }, json: string): 'application' | 'legacy' | 'foreign' {
  if (macValid(keys, row.mac, json)) return 'application';
  return row.mac === null && row.id <= anchor.legacyMaxId ? 'legacy' : 'foreign';
}

/**
 * Chains every committed, unsealed row after the last sealed one, in id order, in batches, marking
 * each with its origin: a row inserted without the application's key is chained as `foreign` (so it
 * stays in view and is reported), never as genuine. Only the sealer takes the lock, so writers never
 * wait for each other. A row of a transaction still open is not visible yet and is sealed by a later
 * pass, with a later seq. Refuses to seal with a key other than the one the database was sealed with.
 */
export async function sealAudit(db: Db, batch = 2000, keys = auditKeys()): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(7261002)`);
      const anchor = await readAnchor(tx);
      if (anchor.keyId === null) await tx.update(auditChainAnchor).set({ keyId: keys.id }).where(isNull(auditChainAnchor.keyId));
      else if (anchor.keyId !== keys.id) throw keyMismatch(anchor, keys);
      const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(isNotNull(auditLog.seq)).orderBy(desc(auditLog.seq)).limit(1);
      const rows = await tx.select().from(auditLog).where(isNull(auditLog.seq)).orderBy(asc(auditLog.id)).limit(batch);
      if (!rows.length) return 0;
      let prev = last?.hash ?? GENESIS;
      let seq = last?.seq ?? 0;
      const ids: number[] = [], seqs: number[] = [], prevs: string[] = [], hashes: string[] = [], origins: string[] = [];
      for (const row of rows) {
        const json = contentJson(row);
        const origin = originOf(keys, anchor, row, json);
        const hash = chainHash(keys, prev, { ...row, origin }, json);
        ids.push(row.id); seqs.push(++seq); prevs.push(prev); hashes.push(hash); origins.push(origin);
        prev = hash;
      }
      await tx.execute(sql`UPDATE audit_log a SET seq = u.seq, prev_hash = u.prev, hash = u.hash, origin = u.origin
        FROM unnest(${sql.param(ids)}::bigint[], ${sql.param(seqs)}::bigint[], ${sql.param(prevs)}::text[], ${sql.param(hashes)}::text[], ${sql.param(origins)}::text[]) AS u(id, seq, prev, hash, origin)
        WHERE a.id = u.id`);
      return rows.length;
    });
    sealed += n;
    if (n < batch) return sealed;
  }
}

export type ChainProblemReason =
  | 'HASH_MISMATCH' | 'BROKEN_LINK' | 'MAC_INVALID' | 'FOREIGN' | 'REPLAYED' | 'KEY_MISMATCH'
  | 'TRUNCATED' | 'HEAD_MISMATCH' | 'EXPORT_SIGNATURE_INVALID';
export interface ChainProblem { id: number; reason: ChainProblemReason; detail?: string }
export interface ChainHead { seq: number; id: number; hash: string; count: number }
export interface ChainReport { ok: boolean; checked: number; legacy: number; foreign: number; head: ChainHead | null; problems: ChainProblem[] }

/** What each problem means, in words, for the CLI and the console. */
export const PROBLEM_TEXT: Record<ChainProblemReason, string> = {
  HASH_MISMATCH: 'content altered (the keyed chain hash does not match)',
  BROKEN_LINK: 'link to the previous row broken (a row was removed or reordered)',
  MAC_INVALID: 'content altered after the application wrote it (its MAC does not match)',
  FOREIGN: 'not written by the application (inserted without the audit key)',
  REPLAYED: 'a copy of an earlier row (same MAC)',
  KEY_MISMATCH: 'the audit key is not the one that sealed this database',
  TRUNCATED: 'rows cut from the end since the last signed export',
  HEAD_MISMATCH: 'the row the last signed export ends at was changed (the chain was rewritten)',
  EXPORT_SIGNATURE_INVALID: 'the last export\'s signature does not verify (the export file was altered)',
};

/**
 * Seals what is committed, then walks the whole chain in seq order, in pages: every altered row,
 * broken link, row not written by the application and replayed row. Truncation from the end needs
 * the signed exports (export.ts, verifyAudit), which this report's head is compared with.
 */
export async function verifyAuditChain(db: Db, pageSize = 5000, keys = auditKeys()): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  const anchor = await readAnchor(db);
  if (anchor.keyId !== null && anchor.keyId !== keys.id) {
    return { ok: false, checked: 0, legacy: 0, foreign: 0, head: null, problems: [{ id: 0, reason: 'KEY_MISMATCH', detail: keyMismatch(anchor, keys).message }] };
  }
  await sealAudit(db, 2000, keys);
  let prevHash = GENESIS;
  let lastSeq = 0;
  let checked = 0, legacy = 0, foreign = 0;
  let head: ChainHead | null = null;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.seq, lastSeq)).orderBy(asc(auditLog.seq)).limit(pageSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prevHash) problems.push({ id: row.id, reason: 'BROKEN_LINK' });
      if (row.seq! <= anchor.legacyMaxSeq) {
        legacy++;
        if (rowHash(row.prevHash ?? '', row) !== row.hash) problems.push({ id: row.id, reason: 'HASH_MISMATCH' });
      } else {
        const json = contentJson(row);
        if (chainHash(keys, row.prevHash ?? '', row, json) !== row.hash) problems.push({ id: row.id, reason: 'HASH_MISMATCH' });
        const origin = originOf(keys, anchor, row, json);
        if (origin === 'legacy' && row.origin === 'legacy') legacy++;
        else if (row.origin === 'application' && origin !== 'application') problems.push({ id: row.id, reason: 'MAC_INVALID' });
        else if (origin !== 'application' || row.origin !== 'application') {
          foreign++;
          problems.push({ id: row.id, reason: 'FOREIGN', detail: `inserted ${row.writtenAt?.toISOString() ?? 'at an unknown time'} by ${row.writtenBy ?? 'an unknown role'}; claims ${row.at.toISOString()} by ${row.actorLabel}` });
        }
      }
      prevHash = row.hash ?? '';
      lastSeq = row.seq!;
      checked++;
      head = { seq: row.seq!, id: row.id, hash: row.hash ?? '', count: checked };
    }
  }
  const replays = await db.execute(sql`SELECT (array_agg(id ORDER BY id))[2:] AS ids FROM audit_log WHERE mac IS NOT NULL AND origin = 'application' GROUP BY mac HAVING count(*) > 1`);
  for (const r of replays.rows as { ids: (number | string)[] }[]) for (const id of r.ids) problems.push({ id: Number(id), reason: 'REPLAYED' });
  return { ok: problems.length === 0, checked, legacy, foreign, head, problems };
}
