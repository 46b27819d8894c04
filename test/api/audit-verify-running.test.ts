import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import { startPlatform } from '../../src/server/platform';
import { freePort } from '../../src/server/db/embedded';
import { connect, type Database } from '../../src/server/db/database';
import { recordAudit } from '../../src/server/platform/audit/service';

// Issue 19, finding 4: `npm run audit:verify` while the server runs on the embedded database. It
// used to start a second PostgreSQL on the same folder and print "undefined"; it now reaches the
// running server's database and gives a verdict, and the server keeps running.

let dir: string;
let platform: Awaited<ReturnType<typeof startPlatform>> | null = null;
let port: number;
let database: Database | null = null;
const env = () => ({ ...process.env, WUFEI_DATA_DIR: dir, DATABASE_URL: '', WUFEI_SEED_DEMO: '0', WUFEI_AUDIT_EXPORT_MINUTES: '0', WUFEI_AUDIT_KEY: '', WUFEI_AUDIT_SIGNING_KEY: '', WUFEI_AUDIT_EXPORT_DIR: '' });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-audit-run-'));
  port = await freePort();
  const config = { ...loadConfig({ ...env(), PORT: String(port), HOST: '127.0.0.1' }) };
  platform = await startPlatform(config, () => {});
  // The test writes one audit row into the running server's database, as the application does.
  const pid = fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  const password = fs.readFileSync(path.join(dir, 'pg-password'), 'utf8').trim();
  database = connect(`postgres://wufei:${encodeURIComponent(password)}@127.0.0.1:${pid[3]}/wufei`, 2);
  await recordAudit(database.db, { actor: null, actorLabel: 'system' }, { action: 'test.write', entityType: 'test', entityId: 'running-server' });
}, 180_000);
afterAll(async () => {
  await database?.close();
  await platform?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

const runCli = () => new Promise<{ code: number; output: string }>((resolve) => {
  execFile(path.resolve('node_modules/.bin/tsx'), ['src/server/cli/audit-verify.ts'], { env: env(), timeout: 90_000 }, (error, stdout, stderr) => {
    resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
  });
});

describe('npm run audit:verify beside a running server', () => {
  it('checks the running server\'s database and gives a verdict, never "undefined"', async () => {
    const result = await runCli();
    expect(result.output).not.toContain('undefined');
    expect(result.output).toContain("the running server's embedded database");
    expect(result.output).toContain('audit chain OK: 1 rows checked');
    expect(result.code).toBe(0);
    // The server was not disturbed.
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
  }, 100_000);
});
