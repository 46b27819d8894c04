import path from 'node:path';
import { describeError } from '../describe-error';

// The pure half of backups and point-in-time restore: where the WAL archive lives, the shell commands
// PostgreSQL runs to archive and fetch a segment, reading `npm run restore`'s arguments and its time,
// choosing the base backup to start from, and what retention removes. No files, no database here.

/** Refusals said in words, with a code a script can test for. */
export class BackupError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** A failure of a backup or restore in words, with the refusal's code when it is one of ours. */
export const describeBackupError = (error: unknown) => (error instanceof BackupError ? `${error.message} (${error.code})` : describeError(error));

export interface WalArchive { dir: string; timeoutSeconds: number }

/**
 * The WAL archive of an embedded database in `dataDir`: `<WUFEI_BACKUP_DIR>/wal`, by default
 * `<dataDir>/backups/wal`; null when WUFEI_WAL_ARCHIVE=0 turns archiving off.
 */
export function walArchiveFor(dataDir: string, env: NodeJS.ProcessEnv = process.env): WalArchive | null {
  if (env.WUFEI_WAL_ARCHIVE === '0') return null;
  const seconds = env.WUFEI_WAL_ARCHIVE_SECONDS && /^\d+$/.test(env.WUFEI_WAL_ARCHIVE_SECONDS.trim()) ? Number(env.WUFEI_WAL_ARCHIVE_SECONDS) : 60;
  return { dir: path.join(backupDirFor(dataDir, env), 'wal'), timeoutSeconds: seconds };
}

export function backupDirFor(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.WUFEI_BACKUP_DIR || path.join(dataDir, 'backups'));
}

/** A value for sh in single quotes; `%` doubled, as PostgreSQL expands %p and %f in these commands. */
function quoted(value: string): string {
  return `'${value.replace(/'/g, `'\\''`).replace(/%/g, '%%')}'`;
}

/**
 * archive_command: each segment is gzipped (a segment closed early by archive_timeout is mostly
 * zeros) to a temporary name, flushed to disk, then renamed, so the archive never holds half a
 * segment. A segment already archived is accepted only when its content is the same (PostgreSQL
 * retries after a crash between the copy and its own note of it); a different file under that name
 * fails the command, and PostgreSQL keeps the segment and retries rather than overwrite it.
 */
export function archiveCommand(walDir: string): string {
  return `d=${quoted(walDir)}; f="$d/%f.gz"; if [ -f "$f" ]; then gzip -dc "$f" | cmp -s - "%p"; else gzip -1 -c "%p" > "$f.tmp" && sync "$f.tmp" && mv "$f.tmp" "$f" && sync "$d"; fi`;
}

/** restore_command: the segment from the archive, or a failure (PostgreSQL's sign that there is no more). */
export function restoreCommand(walDir: string): string {
  return `f=${quoted(walDir)}/%f.gz; [ -f "$f" ] && gzip -dc "$f" > "%p"`;
}

/** The PostgreSQL settings that archive every WAL segment into the archive. */
export function archiveFlags(archive: WalArchive | null): string[] {
  if (!archive) return [];
  return ['-c', 'wal_level=replica', '-c', 'archive_mode=on', '-c', `archive_command=${archiveCommand(archive.dir)}`, '-c', `archive_timeout=${archive.timeoutSeconds}`];
}

/** What `npm run backup` writes beside each copy (manifest.json). */
export interface BackupManifest {
  label: string;
  startLsn: string;
  stopLsn: string;
  /** The first WAL segment the copy needs: retention keeps it and every later one. */
  startWalFile: string;
  stopWalFile: string;
  startedAt: string;
  finishedAt: string;
  bytes: number;
  files: number;
  postgresVersion: string;
  systemIdentifier: string;
}

export interface BaseBackup { dir: string; manifest: BackupManifest }

/** Beijing time: what an official means by a time written without a zone. */
const DEFAULT_ZONE = '+08:00';

/**
 * The moment to restore to. ISO 8601 with a zone ("2026-12-07T16:14:00+08:00", "…Z") is taken as
 * written; a date and time without a zone ("2026-12-07 16:14", seconds and fractions optional) is
 * Beijing time (Asia/Shanghai, UTC+8, which has no summer time).
 */
export function parseTargetTime(text: string, now: Date = new Date()): Date {
  const value = text.trim();
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(value);
  if (!match) {
    throw new BackupError('RESTORE_TIME_UNREADABLE', `--to "${text}" is not a time: write it as 2026-12-07T16:14:00+08:00, or 2026-12-07 16:14:00 for Beijing time`);
  }
  const [, day, clock, zone] = match;
  let offset = DEFAULT_ZONE;
  if (zone && zone.toUpperCase() !== 'Z') offset = zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const iso = `${day}T${clock.length === 5 ? `${clock}:00` : clock}${zone?.toUpperCase() === 'Z' ? 'Z' : offset}`;
  const when = new Date(iso);
  // Date accepts 2026-02-30 and rolls it into March: compare the day back to refuse it.
  if (Number.isNaN(when.getTime()) || !sameCalendarDay(iso, when)) {
    throw new BackupError('RESTORE_TIME_UNREADABLE', `--to "${text}" is not a real date and time`);
  }
  if (when.getTime() > now.getTime()) {
    throw new BackupError('RESTORE_TIME_IN_FUTURE', `--to ${formatBeijing(when)} is in the future (it is now ${formatBeijing(now)}): a restore can only go back to a moment that has passed`);
  }
  return when;
}

function sameCalendarDay(iso: string, when: Date): boolean {
  const offset = /(Z|[+-]\d{2}:\d{2})$/i.exec(iso)![1];
  const minutes = offset.toUpperCase() === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(when.getTime() + minutes * 60_000).toISOString().slice(0, 10);
  return local === iso.slice(0, 10);
}

/** A time as Beijing time, for what the commands print: "2026-12-07 16:14:00.123 (UTC+8)". */
export function formatBeijing(when: Date): string {
  return `${new Date(when.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').replace('Z', '')} (UTC+8)`;
}

export interface RestoreArgs { to: string; into: string; from: string | null }

/** `--to latest`: everything the archive holds (after losing the server); otherwise a moment. */
export function parseRestoreTarget(text: string, now: Date = new Date()): Date | null {
  return text.trim().toLowerCase() === 'latest' ? null : parseTargetTime(text, now);
}

/** `--to "<time>" --into <folder> [--from <backup folder>]`, also in the `--to=<time>` form. */
export function parseRestoreArgs(argv: string[]): RestoreArgs {
  const found: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--(to|into|from)(?:=(.*))?$/.exec(arg);
    if (!match) throw new BackupError('RESTORE_ARGUMENT_UNKNOWN', `unknown argument "${arg}": use npm run restore -- --to "<time>" --into <empty folder> [--from <backup folder>]`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '' || (match[2] === undefined && value.startsWith('--'))) {
      throw new BackupError('RESTORE_ARGUMENT_MISSING', `--${match[1]} needs a value`);
    }
    found[match[1]] = value;
  }
  if (!found.to) throw new BackupError('RESTORE_ARGUMENT_MISSING', 'say which moment to restore to: --to "2026-12-07 16:14:00" (Beijing time), an ISO time with its zone, or --to latest (the end of the WAL archive)');
  if (!found.into) throw new BackupError('RESTORE_ARGUMENT_MISSING', 'say where to restore to: --into <an empty or new folder>');
  return { to: found.to, into: found.into, from: found.from ?? null };
}

/**
 * The newest base backup that was finished at or before the moment (the restore replays WAL from it);
 * the newest of all for a restore to the end of the archive (`target` null).
 */
export function chooseBaseBackup(backups: BaseBackup[], target: Date | null): BaseBackup {
  const usable = backups
    .filter((b) => target === null || new Date(b.manifest.finishedAt).getTime() <= target.getTime())
    .sort((a, b) => Date.parse(b.manifest.finishedAt) - Date.parse(a.manifest.finishedAt));
  if (usable.length > 0) return usable[0];
  if (backups.length === 0 || target === null) throw new BackupError('RESTORE_NO_BACKUP', 'there is no base backup yet: take one with npm run backup (a restore can only go back to a moment after the first backup ended)');
  const earliest = backups.map((b) => new Date(b.manifest.finishedAt)).sort((a, b) => a.getTime() - b.getTime())[0];
  throw new BackupError('RESTORE_NO_BACKUP_BEFORE', `no base backup ended before ${formatBeijing(target)}: the earliest ended at ${formatBeijing(earliest)}, so the earliest moment a restore can reach is then`);
}

export interface RetentionPlan { removeBackups: BaseBackup[]; removeWal: string[]; keptFrom: string | null }

const SEGMENT = /^([0-9A-F]{8})([0-9A-F]{16})(?:\.[0-9A-F]{8}\.backup|\.partial)?\.gz$/;

/**
 * Retention: base backups older than `keepDays` go, except the newest, which is always kept; WAL
 * segments older than the first segment the oldest kept backup needs go with them. Timeline history
 * files are kept (tiny, and a restore needs them). Segments are compared without their timeline,
 * as pg_archivecleanup does, since a newer timeline continues the older one's numbering.
 */
export function planRetention(backups: BaseBackup[], walFiles: string[], keepDays: number, now: Date = new Date()): RetentionPlan {
  const newestFirst = [...backups].sort((a, b) => Date.parse(b.manifest.finishedAt) - Date.parse(a.manifest.finishedAt));
  const cutoff = now.getTime() - keepDays * 86_400_000;
  const kept = newestFirst.filter((b, i) => i === 0 || Date.parse(b.manifest.finishedAt) >= cutoff);
  const removeBackups = newestFirst.filter((b) => !kept.includes(b));
  if (kept.length === 0) return { removeBackups, removeWal: [], keptFrom: null };
  const keptFrom = kept.map((b) => b.manifest.startWalFile).sort((a, b) => a.slice(8).localeCompare(b.slice(8)))[0];
  const removeWal = walFiles.filter((name) => {
    const match = SEGMENT.exec(name);
    return match !== null && match[2] < keptFrom.slice(8);
  });
  return { removeBackups, removeWal, keptFrom };
}
