// npm run restore -- --to "<time>"|latest --into <folder> [--from <backup folder>] — point-in-time restore of
// the embedded database into a new data folder, from the newest base backup ended before the moment
// and the WAL archive. The running server and its folder are not touched.
import path from 'node:path';
import { loadConfig } from '../config';
import { archiveNow, restoreToTime } from '../db/backup';
import { runningEmbeddedUrl } from '../db/embedded';
import { describeBackupError, formatBeijing, parseRestoreArgs, parseRestoreTarget } from '../db/backup-plan';

async function main(): Promise<number> {
  const config = loadConfig();
  const args = parseRestoreArgs(process.argv.slice(2));
  const target = parseRestoreTarget(args.to);
  const backupDir = path.resolve(args.from ?? config.backup.dir);
  const audit = config.audit;
  // The server still runs on its folder: first have it archive what it wrote up to now.
  const running = config.databaseUrl || args.from ? null : runningEmbeddedUrl(config.dataDir);
  if (running) console.log(`the server on ${config.dataDir} runs: archived its WAL up to now (segment ${await archiveNow(running)})`);
  const result = await restoreToTime({
    target, into: args.into, backupDir, say: (line) => console.log(line),
    keyFiles: [audit.keyFile, audit.signingKeyFile, audit.signingKeyFile.replace(/(\.pem)?$/, '.pub.pem')],
  });
  const folder = result.dataDir;
  console.log(`restored to ${target ? formatBeijing(target) : 'the end of the WAL archive'}: the database is in ${path.join(folder, 'pg')} (its password in ${path.join(folder, 'pg-password')})`);
  console.log(result.lastCommit ? `the last transaction replayed was committed at ${result.lastCommit}` : 'no transaction was replayed after the base backup');
  console.log(result.keysCopied.length ? `audit keys copied beside it: ${result.keysCopied.join(', ')}` : `no audit key was found at ${audit.keyFile}: copy the data folder's audit-key and audit-signing-key.pem from where you keep them into ${folder} before starting Wufei, or the chain will not verify`);
  console.log(`to run Wufei on it: stop the server on ${config.dataDir} if it is to be replaced, then start it with WUFEI_DATA_DIR=${folder} npm start (check it first with WUFEI_DATA_DIR=${folder} npm run audit:verify); then take a new base backup (npm run backup), as its WAL starts a new timeline`);
  return 0;
}

let code: number;
try {
  code = await main();
} catch (error) {
  console.error(`npm run restore: the restore did not complete: ${describeBackupError(error)}`);
  code = 2;
}
process.exit(code);
