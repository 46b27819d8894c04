import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpsServer, login, prepareAdmin, waitFor, type Session } from './server';
import { connect } from '../../src/server/db/database';
import { startEmbedded } from '../../src/server/db/embedded';
import { demoCreditCode } from '../../src/server/demo/seed';
import { organisations } from '../../src/server/platform/organisations/schema';
import { loadConfig } from '../../src/server/config';
import { listBaseBackups, runScheduledBackup } from '../../src/server/db/backup';
import { runningEmbeddedUrl } from '../../src/server/db/embedded';

// Issue 19, finding 7: a base backup of the running server's embedded database, and a restore of it
// to a moment between two writes. The commands are run as an operator runs them (npm run …).
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

let ops: OpsServer;
let session: Session;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-restore-'));
beforeAll(async () => {
  // Started first with archiving off, as a data folder from before backups existed.
  ops = new OpsServer({ WUFEI_WAL_ARCHIVE: '0' });
  await ops.start(150_000);
  await prepareAdmin(ops);
  session = await login(ops.base);
});
afterAll(async () => {
  await ops?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** `npm run <script> -- <args>` on the server's data folder; killed if it outlasts the limit. */
function npmRun(script: string, args: string[] = [], env: Record<string, string> = {}, ms = 240_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: root, env: { ...process.env, WUFEI_DATA_DIR: ops.dataDir, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const limit = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('close', (code) => { clearTimeout(limit); resolve({ code, output }); });
  });
}

let serial = 500_000;
/** An organisation added over HTTP (its row and audit row in one transaction); returns its credit code. */
async function addOrganisation(): Promise<string> {
  const creditCode = demoCreditCode('enterprise', '371581', serial++);
  const res = await fetch(`${ops.base}/api/organisations`, {
    method: 'POST', signal: AbortSignal.timeout(15_000),
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify({ kind: 'enterprise', name: `备份测试企业${serial}`, creditCode, regionCode: '371581001', capabilities: ['producer'], industry: '测试行业', address: '测试路1号', contactName: '李经理', contactPhone: '0635-2300001' }),
  });
  expect(res.status, await res.text()).toBe(201);
  return creditCode;
}

const walDir = () => path.join(ops.dataDir, 'backups', 'wal');

describe('backups and point-in-time restore (finding 7)', () => {
  it('refuses, in words, a backup while the database does not archive its WAL', async () => {
    const result = await npmRun('backup');
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/WAL archiving is off on this database .* restart the Wufei server/);
    expect(result.output).not.toMatch(/undefined/);
    expect(fs.existsSync(path.join(ops.dataDir, 'backups', 'base')) && fs.readdirSync(path.join(ops.dataDir, 'backups', 'base')).length).toBeFalsy();
  }, 300_000);

  it('archives after a restart of an existing folder, and restores to a moment between two writes', async () => {
    ops.current!.child.kill('SIGINT');
    await ops.current!.exited;
    // The same folder, started again with the defaults: archiving comes on.
    ops = new OpsServer({}, ops.dataDir);
    await ops.start(150_000);
    session = await login(ops.base);

    const first = await addOrganisation();
    const backup = await npmRun('backup');
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/backing up the running server's embedded database/);
    const written = /base backup written to (\S+):/.exec(backup.output)![1];
    const manifest = JSON.parse(fs.readFileSync(path.join(written, 'manifest.json'), 'utf8'));
    expect(manifest.startLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(manifest.bytes).toBeGreaterThan(1_000_000);
    expect(fs.readFileSync(path.join(written, 'pg', 'backup_label'), 'utf8')).toContain(`LABEL: ${manifest.label}`);
    expect(fs.existsSync(path.join(walDir(), `${manifest.startWalFile}.gz`))).toBe(true);

    const second = await addOrganisation();
    const moment = new Date();
    const third = await addOrganisation();
    // The third write's segment is archived now rather than after archive_timeout.
    const database = ops.database(1);
    try {
      const switched = await database.pool.query<{ file: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS file');
      await waitFor('the segment holding the third write in the archive', () => fs.existsSync(path.join(walDir(), `${switched.rows[0].file}.gz`)), 60_000);
    } finally {
      await database.close();
    }

    const into = path.join(scratch, 'restored');
    const restore = await npmRun('restore', ['--to', moment.toISOString(), '--into', into]);
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toContain(`from the base backup ${written}`);
    expect(restore.output).toContain(`WUFEI_DATA_DIR=${into} npm start`);
    expect(restore.output).not.toMatch(/undefined/);

    // The restored folder starts as a data folder of its own, as Wufei would start it.
    const restored = await startEmbedded(into, () => {}, () => {}, null);
    const check = connect(restored.url('wufei'), 1);
    try {
      const found = await check.db.select({ creditCode: organisations.creditCode }).from(organisations).where(inArray(organisations.creditCode, [first, second, third]));
      expect(found.map((row) => row.creditCode).sort()).toEqual([first, second].sort());
    } finally {
      await check.close();
      await restored.stop();
    }

    // After losing the server: everything the archive holds.
    const everything = path.join(scratch, 'latest');
    const latest = await npmRun('restore', ['--to', 'latest', '--into', everything]);
    expect(latest.code, latest.output).toBe(0);
    expect(latest.output).toContain('restored to the end of the WAL archive');
    const whole = await startEmbedded(everything, () => {}, () => {}, null);
    const all = connect(whole.url('wufei'), 1);
    try {
      const found = await all.db.select({ creditCode: organisations.creditCode }).from(organisations).where(inArray(organisations.creditCode, [first, second, third]));
      expect(found.map((row) => row.creditCode).sort()).toEqual([first, second, third].sort());
    } finally {
      await all.close();
      await whole.stop();
    }
  }, 600_000);

  it('the daily backup: one a day, then backups older than the days kept go, with the WAL only they needed', async () => {
    const config = loadConfig({ ...process.env, WUFEI_DATA_DIR: ops.dataDir, DATABASE_URL: '', WUFEI_BACKUP_DIR: '', WUFEI_BACKUP_KEEP_DAYS: '7' });
    const url = runningEmbeddedUrl(ops.dataDir)!;
    const day = 86_400_000;
    const before = listBaseBackups(config.backup.dir).length;
    expect(before).toBeGreaterThan(0);
    expect((await runScheduledBackup(config, url)).taken).toBeNull();
    const nextDay = await runScheduledBackup(config, url, { now: new Date(Date.now() + day + 60_000) });
    expect(nextDay.taken).not.toBeNull();
    expect(nextDay.removedBackups).toBe(0);
    expect(listBaseBackups(config.backup.dir)).toHaveLength(before + 1);

    await addOrganisation();
    const later = await runScheduledBackup({ ...config, backup: { ...config.backup, keepDays: 1 } }, url, { now: new Date(Date.now() + 3 * day) });
    expect(later.taken).not.toBeNull();
    expect(later.removedBackups).toBe(before + 1);
    expect(later.removedWal).toBeGreaterThan(0);
    const kept = listBaseBackups(config.backup.dir);
    expect(kept.map((b) => b.dir)).toEqual([later.taken!.dir]);
    const oldest = kept[0].manifest.startWalFile.slice(8);
    const segments = fs.readdirSync(walDir()).filter((name) => /^[0-9A-F]{24}\.gz$/.test(name));
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.every((name) => name.slice(8, 24) >= oldest)).toBe(true);
  }, 300_000);

  it('refuses, in words, a folder that is not empty, a moment in the future and one before every backup', async () => {
    const full = path.join(scratch, 'full');
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, 'keep.txt'), 'not ours');
    const notEmpty = await npmRun('restore', ['--to', new Date().toISOString(), '--into', full]);
    expect(notEmpty.code).not.toBe(0);
    expect(notEmpty.output).toContain(`${full} is not an empty folder`);
    expect(fs.readdirSync(full)).toEqual(['keep.txt']);

    const future = await npmRun('restore', ['--to', new Date(Date.now() + 3_600_000).toISOString(), '--into', path.join(scratch, 'future')]);
    expect(future.code).not.toBe(0);
    expect(future.output).toMatch(/is in the future/);

    const early = await npmRun('restore', ['--to', '2020-01-01 08:00', '--into', path.join(scratch, 'early')]);
    expect(early.code).not.toBe(0);
    expect(early.output).toMatch(/no base backup ended before 2020-01-01 08:00:00\.000 \(UTC\+8\)/);

    for (const result of [notEmpty, future, early]) expect(result.output).not.toMatch(/undefined/);
    expect(fs.existsSync(path.join(scratch, 'future'))).toBe(false);
    expect(fs.existsSync(path.join(scratch, 'early'))).toBe(false);
  }, 300_000);

  it('with DATABASE_URL, names the tools that back such a database up instead', async () => {
    const result = await npmRun('backup', [], { DATABASE_URL: 'postgres://wufei@127.0.0.1:1/wufei' });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/pg_basebackup/);
    expect(result.output).toMatch(/pgBackRest/);
  }, 120_000);
});
