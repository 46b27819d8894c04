import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BackupError, archiveCommand, chooseBaseBackup, parseRestoreArgs, parseRestoreTarget, parseTargetTime, planRetention, restoreCommand, walArchiveFor,
  type BaseBackup,
} from './backup-plan';

const now = new Date('2026-12-07T08:00:00Z');
const refusal = (run: () => unknown): BackupError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).not.toMatch(/undefined/);
    return error as BackupError;
  }
  throw new Error('expected a refusal');
};

function backup(finishedAt: string, startWalFile: string): BaseBackup {
  return { dir: `/b/${finishedAt}`, manifest: { label: finishedAt, startLsn: '0/1', stopLsn: '0/2', startWalFile, stopWalFile: startWalFile, startedAt: finishedAt, finishedAt, bytes: 1, files: 1, postgresVersion: '17', systemIdentifier: '1' } };
}

describe('the moment of a restore', () => {
  it('reads a time without a zone as Beijing time', () => {
    expect(parseTargetTime('2026-12-07 15:14', now).toISOString()).toBe('2026-12-07T07:14:00.000Z');
    expect(parseTargetTime('2026-12-07T15:14:05.25', now).toISOString()).toBe('2026-12-07T07:14:05.250Z');
  });

  it('takes an ISO time with its zone as written', () => {
    expect(parseTargetTime('2026-12-07T07:00:00Z', now).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(parseTargetTime('2026-12-07T09:30:00+09:00', now).toISOString()).toBe('2026-12-07T00:30:00.000Z');
    expect(parseTargetTime('2026-12-06T20:00:00-0500', now).toISOString()).toBe('2026-12-07T01:00:00.000Z');
  });

  it('refuses a time in the future, a date that does not exist and words that are not a time', () => {
    expect(refusal(() => parseTargetTime('2026-12-07 16:01', now)).code).toBe('RESTORE_TIME_IN_FUTURE');
    expect(refusal(() => parseTargetTime('2026-02-30 10:00', now)).code).toBe('RESTORE_TIME_UNREADABLE');
    expect(refusal(() => parseTargetTime('yesterday', now)).message).toContain('--to "yesterday" is not a time');
  });
});

describe('npm run restore arguments', () => {
  it('reads --to, --into and --from in both spellings', () => {
    expect(parseRestoreArgs(['--to', '2026-12-07 16:00', '--into=/srv/restored'])).toEqual({ to: '2026-12-07 16:00', into: '/srv/restored', from: null });
    expect(parseRestoreArgs(['--to=x', '--into', 'y', '--from', 'z'])).toEqual({ to: 'x', into: 'y', from: 'z' });
  });

  it('says what is missing or unknown', () => {
    expect(refusal(() => parseRestoreArgs(['--into', '/x'])).message).toMatch(/say which moment/);
    expect(refusal(() => parseRestoreArgs(['--to', '2026-12-07 16:00'])).message).toMatch(/say where to restore to/);
    expect(refusal(() => parseRestoreArgs(['--to', '--into', '/x'])).message).toBe('--to needs a value');
    expect(refusal(() => parseRestoreArgs(['--at', 'noon'])).code).toBe('RESTORE_ARGUMENT_UNKNOWN');
  });
});

describe('choosing the base backup', () => {
  const backups = [backup('2026-12-05T02:00:00.000Z', '000000010000000000000003'), backup('2026-12-06T02:00:00.000Z', '000000010000000000000009'), backup('2026-12-07T02:00:00.000Z', '00000001000000000000000F')];

  it('takes the newest one that ended before the moment', () => {
    expect(chooseBaseBackup(backups, new Date('2026-12-06T12:00:00Z')).manifest.finishedAt).toBe('2026-12-06T02:00:00.000Z');
    expect(chooseBaseBackup(backups, new Date('2026-12-07T02:00:00Z')).manifest.finishedAt).toBe('2026-12-07T02:00:00.000Z');
  });

  it('takes the newest of all for a restore to the end of the archive (--to latest)', () => {
    expect(parseRestoreTarget('latest', now)).toBeNull();
    expect(parseRestoreTarget('2026-12-07 15:00', now)?.toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(chooseBaseBackup(backups, null).manifest.finishedAt).toBe('2026-12-07T02:00:00.000Z');
    expect(refusal(() => chooseBaseBackup([], null)).code).toBe('RESTORE_NO_BACKUP');
  });

  it('refuses a moment before every backup, naming the earliest reachable one', () => {
    const error = refusal(() => chooseBaseBackup(backups, new Date('2026-12-05T01:00:00Z')));
    expect(error.code).toBe('RESTORE_NO_BACKUP_BEFORE');
    expect(error.message).toContain('the earliest ended at 2026-12-05 10:00:00.000 (UTC+8)');
    expect(refusal(() => chooseBaseBackup([], now)).code).toBe('RESTORE_NO_BACKUP');
  });
});

describe('retention', () => {
  const backups = [backup('2026-11-20T02:00:00.000Z', '000000010000000000000003'), backup('2026-12-02T02:00:00.000Z', '000000010000000000000009'), backup('2026-12-06T02:00:00.000Z', '00000002000000000000000F')];
  const wal = ['000000010000000000000002.gz', '000000010000000000000008.gz', '000000010000000000000009.gz', '000000010000000000000009.00000028.backup.gz', '00000002.history.gz', '00000002000000000000000A.gz', '00000002000000000000000F.gz'];

  it('removes backups older than the days kept and the WAL only they needed, never history files', () => {
    const plan = planRetention(backups, wal, 7, now);
    expect(plan.removeBackups.map((b) => b.manifest.finishedAt)).toEqual(['2026-11-20T02:00:00.000Z']);
    expect(plan.removeWal).toEqual(['000000010000000000000002.gz', '000000010000000000000008.gz']);
  });

  it('always keeps the newest backup and what it needs, however old', () => {
    const plan = planRetention(backups, wal, 1, new Date('2027-06-01T00:00:00Z'));
    expect(plan.removeBackups).toHaveLength(2);
    expect(plan.keptFrom).toBe('00000002000000000000000F');
    expect(plan.removeWal).not.toContain('00000002000000000000000F.gz');
    expect(plan.removeWal).not.toContain('00000002.history.gz');
  });

  it('removes no WAL while there is no base backup', () => {
    expect(planRetention([], wal, 7, now).removeWal).toEqual([]);
  });
});

describe('the archive commands PostgreSQL runs', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "wufei archive's %test-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const archive = path.join(tmp, 'wal');
  fs.mkdirSync(archive);
  fs.mkdirSync(path.join(tmp, 'pg_wal'));
  // PostgreSQL's own expansion of %p, %f and %%, then sh in the database folder.
  const run = (command: string, p: string, f: string) => spawnSync('sh', ['-c', command.replace(/%(%|p|f)/g, (_, c: string) => (c === '%' ? '%' : c === 'p' ? p : f))], { cwd: tmp }).status;
  const segment = '000000010000000000000001';

  it('copies a segment once, accepts the same one again and refuses a different one under its name', () => {
    fs.writeFileSync(path.join(tmp, 'pg_wal', segment), Buffer.alloc(65536, 7));
    expect(run(archiveCommand(archive), `pg_wal/${segment}`, segment)).toBe(0);
    expect(fs.readdirSync(archive)).toEqual([`${segment}.gz`]);
    expect(gunzipSync(fs.readFileSync(path.join(archive, `${segment}.gz`))).equals(Buffer.alloc(65536, 7))).toBe(true);
    expect(run(archiveCommand(archive), `pg_wal/${segment}`, segment)).toBe(0);
    fs.writeFileSync(path.join(tmp, 'pg_wal', segment), Buffer.alloc(65536, 8));
    expect(run(archiveCommand(archive), `pg_wal/${segment}`, segment)).not.toBe(0);
    expect(gunzipSync(fs.readFileSync(path.join(archive, `${segment}.gz`))).equals(Buffer.alloc(65536, 7))).toBe(true);
  });

  it('fetches an archived segment back and fails for one that is not there', () => {
    expect(run(restoreCommand(archive), 'pg_wal/RECOVERYXLOG', segment)).toBe(0);
    expect(fs.readFileSync(path.join(tmp, 'pg_wal', 'RECOVERYXLOG')).equals(Buffer.alloc(65536, 7))).toBe(true);
    expect(run(restoreCommand(archive), 'pg_wal/RECOVERYHISTORY', '00000002.history')).not.toBe(0);
  });

  it('archives into <WUFEI_BACKUP_DIR>/wal, by default under the data folder, unless turned off', () => {
    expect(walArchiveFor('/srv/wufei', {})).toEqual({ dir: '/srv/wufei/backups/wal', timeoutSeconds: 60 });
    expect(walArchiveFor('/srv/wufei', { WUFEI_BACKUP_DIR: '/backup/wufei', WUFEI_WAL_ARCHIVE_SECONDS: '300' })).toEqual({ dir: '/backup/wufei/wal', timeoutSeconds: 300 });
    expect(walArchiveFor('/srv/wufei', { WUFEI_WAL_ARCHIVE: '0' })).toBeNull();
  });
});
