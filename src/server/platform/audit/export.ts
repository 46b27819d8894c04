import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import type { Config } from '../../config';
import { canonicalJson, sealAudit, verifyAuditChain, type ChainHead, type ChainReport } from './service';
import { loadSigningKey, publicKeyId } from './keys';

// The chain's head (last sealed row, its hash, how many rows) signed with an Ed25519 key kept outside
// the database and appended to a file, optionally POSTed to a webhook. Whoever holds an export can
// later prove that rows were cut from the end (the head is gone or the count shrank) or that the
// chain was rewritten (the head's hash differs), which the chain alone cannot show (ADR 0010).

export type AuditSettings = Config['audit'];

export interface HeadExport {
  v: 1;
  /** The database's name: several databases (tests, staging) may share one export folder. */
  database: string;
  exportedAt: string;
  head: ChainHead | null;
  publicKeyId: string;
  /** Ed25519 over the canonical JSON of every other field, base64. */
  signature: string;
}

const headsFile = (settings: AuditSettings) => path.join(settings.exportDir, 'heads.jsonl');
const verificationFile = (settings: AuditSettings) => path.join(settings.exportDir, 'last-verification.json');
const signedPart = (record: Omit<HeadExport, 'signature'> | HeadExport) => {
  const { signature: _signature, ...rest } = record as HeadExport;
  return Buffer.from(canonicalJson(rest));
};

async function currentDatabase(db: Db): Promise<string> {
  return String((await db.execute(sql`SELECT current_database() AS name`)).rows[0].name);
}

async function currentHead(db: Db): Promise<ChainHead | null> {
  const [row] = (await db.execute(sql`SELECT seq, id, hash, (SELECT count(*) FROM audit_log WHERE seq IS NOT NULL) AS count FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`)).rows as { seq: number; id: number; hash: string; count: number }[];
  return row ? { seq: Number(row.seq), id: Number(row.id), hash: row.hash, count: Number(row.count) } : null;
}

/** True when the record was signed by the key whose public half is given (PEM). */
export function verifyHeadExport(record: HeadExport, publicKeyPem: string): boolean {
  try {
    return crypto.verify(null, signedPart(record), crypto.createPublicKey(publicKeyPem), Buffer.from(record.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Seals, signs the head and appends it to the export file; POSTs it to the webhook when one is set (a failure is logged; the next export is sent next time). */
export async function exportAuditHead(db: Db, settings: AuditSettings, log: (line: string) => void = () => {}): Promise<HeadExport> {
  const key = loadSigningKey(settings.signingKeyFile, true);
  await sealAudit(db);
  const unsigned: Omit<HeadExport, 'signature'> = { v: 1, database: await currentDatabase(db), exportedAt: new Date().toISOString(), head: await currentHead(db), publicKeyId: key.keyId };
  const record: HeadExport = { ...unsigned, signature: crypto.sign(null, signedPart(unsigned), key.privateKey).toString('base64') };
  fs.mkdirSync(settings.exportDir, { recursive: true });
  fs.appendFileSync(headsFile(settings), `${JSON.stringify(record)}\n`);
  if (settings.exportUrl) {
    try {
      const res = await fetch(settings.exportUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...record, publicKey: key.publicPem }), signal: AbortSignal.timeout(10_000) });
      if (!res.ok) log(`audit head export: the webhook answered ${res.status}; the next export is sent at the next interval`);
    } catch (error) {
      log(`audit head export: the webhook could not be reached (${error instanceof Error ? error.message : String(error)}); the next export is sent at the next interval`);
    }
  }
  return record;
}

/** The newest export of this database in the export file, or null when none was made. */
export function lastHeadExport(settings: AuditSettings, database: string): HeadExport | null {
  if (!fs.existsSync(headsFile(settings))) return null;
  const lines = fs.readFileSync(headsFile(settings), 'utf8').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i].trim()) continue;
    try {
      const record = JSON.parse(lines[i]) as HeadExport;
      if (record.database === database) return record;
    } catch {
      // An unreadable line is not an export of ours; an earlier readable one still counts.
    }
  }
  return null;
}

/** The public key that verifies exports: from the private key file, else from the public file beside it. */
export function signingPublicKey(settings: AuditSettings): { pem: string; id: string } | null {
  if (fs.existsSync(settings.signingKeyFile)) {
    const key = loadSigningKey(settings.signingKeyFile, false);
    return { pem: key.publicPem, id: key.keyId };
  }
  const publicFile = settings.signingKeyFile.replace(/(\.pem)?$/, '.pub.pem');
  if (!fs.existsSync(publicFile)) return null;
  const pem = fs.readFileSync(publicFile, 'utf8');
  return { pem, id: publicKeyId(crypto.createPublicKey(pem)) };
}

export interface AuditVerification extends ChainReport {
  verifiedAt: string;
  /** The last signed export this chain was compared with, or null when there is none yet. */
  export: { exportedAt: string; head: ChainHead | null; signatureValid: boolean } | null;
}

/** The chain walk plus the comparison with the last signed export: truncation and rewriting show here. */
export async function verifyAudit(db: Db, settings: AuditSettings): Promise<AuditVerification> {
  const report = await verifyAuditChain(db);
  const problems = [...report.problems];
  const last = lastHeadExport(settings, await currentDatabase(db));
  let exported: AuditVerification['export'] = null;
  if (last) {
    const key = signingPublicKey(settings);
    const signatureValid = !!key && verifyHeadExport(last, key.pem);
    exported = { exportedAt: last.exportedAt, head: last.head, signatureValid };
    if (!signatureValid) problems.push({ id: last.head?.id ?? 0, reason: 'EXPORT_SIGNATURE_INVALID', detail: `export of ${last.exportedAt}` });
    else if (last.head) {
      const [row] = (await db.execute(sql`SELECT id, hash, (SELECT count(*) FROM audit_log WHERE seq IS NOT NULL AND seq <= ${last.head.seq}) AS count FROM audit_log WHERE seq = ${last.head.seq}`)).rows as { id: number; hash: string; count: number }[];
      const remaining = row ? Number(row.count) : Number((await db.execute(sql`SELECT count(*) AS n FROM audit_log WHERE seq IS NOT NULL AND seq <= ${last.head.seq}`)).rows[0].n);
      if (!row || remaining < last.head.count) {
        problems.push({ id: last.head.id, reason: 'TRUNCATED', detail: `the export of ${last.exportedAt} counted ${last.head.count} rows up to row ${last.head.id} (seq ${last.head.seq}); ${row ? 'that row is there but' : 'that row is gone and'} ${remaining} remain` });
      }
      if (row && (Number(row.id) !== last.head.id || row.hash !== last.head.hash)) {
        problems.push({ id: last.head.id, reason: 'HEAD_MISMATCH', detail: `the export of ${last.exportedAt} ends at hash ${last.head.hash.slice(0, 16)}…, the database now has ${String(row.hash).slice(0, 16)}…` });
      }
    }
  }
  const result: AuditVerification = { ...report, ok: problems.length === 0, problems, verifiedAt: new Date().toISOString(), export: exported };
  try {
    fs.mkdirSync(settings.exportDir, { recursive: true });
    fs.writeFileSync(verificationFile(settings), JSON.stringify({ ...result, problems: result.problems.slice(0, 100) }));
  } catch {
    // The verdict is returned either way; keeping it for the console is a convenience.
  }
  return result;
}

export interface AuditStatus {
  publicKey: { pem: string; id: string } | null;
  lastExport: HeadExport | null;
  lastVerification: { verifiedAt: string; ok: boolean; checked: number; problems: number } | null;
  exportMinutes: number;
  webhook: boolean;
}

/** What the console's audit page shows: the public key, the last export and the last verification. */
export async function auditStatus(db: Db, settings: AuditSettings): Promise<AuditStatus> {
  let lastVerification: AuditStatus['lastVerification'] = null;
  if (fs.existsSync(verificationFile(settings))) {
    try {
      const v = JSON.parse(fs.readFileSync(verificationFile(settings), 'utf8')) as AuditVerification;
      lastVerification = { verifiedAt: v.verifiedAt, ok: v.ok, checked: v.checked, problems: v.problems.length };
    } catch {
      lastVerification = null;
    }
  }
  return { publicKey: signingPublicKey(settings), lastExport: lastHeadExport(settings, await currentDatabase(db)), lastVerification, exportMinutes: settings.exportMinutes, webhook: !!settings.exportUrl };
}
