import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Database } from '../../src/server/db/database';
import { freePort, readPostmasterPid } from '../../src/server/db/embedded';
import { loadConfig } from '../../src/server/config';
import { loadRegions, demoCreditCode } from '../../src/server/demo/seed';
import { insertOrganisation } from '../../src/server/platform/organisations/service';
import { users } from '../../src/server/platform/accounts/schema';
import { hashPassword } from '../../src/server/platform/accounts/passwords';
import { loadAuditKeys, useAuditKeys } from '../../src/server/platform/audit/keys';

// The real server as `npm start` runs it (node --import tsx src/server/main.ts), in its own process on
// its own embedded PostgreSQL in a temporary folder, on loopback, so that tests can kill either with -9.
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Polls until the condition holds or the deadline passes (no sleeps in tests). */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 60_000, every = 200): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`gave up waiting for ${what} after ${ms} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

export interface ServerProcess { child: ChildProcess; output: () => string; exited: Promise<number | null>; base: string }

export class OpsServer {
  readonly dataDir: string;
  port = 0;
  current: ServerProcess | null = null;
  private log = '';

  /** A fresh temporary folder, or another server's folder (to start a second server on it). */
  constructor(private readonly env: Record<string, string> = {}, dataDir?: string) {
    this.dataDir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-ops-'));
  }

  get base() { return `http://127.0.0.1:${this.port}`; }
  get databaseDir() { return path.join(this.dataDir, 'pg'); }
  /** Everything every server process of this folder printed. */
  output() { return this.log; }

  /** Starts the server and waits for its "is up" line; throws with its output if it exits first. */
  async start(ms = 90_000): Promise<ServerProcess> {
    if (!this.port) this.port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts')], {
      cwd: root,
      env: { ...process.env, WUFEI_DATA_DIR: this.dataDir, PORT: String(this.port), HOST: '127.0.0.1', WUFEI_SEED_DEMO: '0', WUFEI_SHARED_DATA: path.join(this.dataDir, 'no-shared-data'), DATABASE_URL: '', WUFEI_WORKERS: '1', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let own = '';
    const take = (chunk: Buffer) => { own += chunk.toString(); this.log += chunk.toString(); };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let gone = false;
    void exited.then(() => { gone = true; });
    const server = { child, output: () => own, exited, base: this.base };
    this.current = server;
    const outcome = await waitFor('the server to be up', () => (own.includes('is up on') ? 'up' : gone ? 'exited' : null), ms)
      .catch((error) => { if (!gone) child.kill('SIGKILL'); throw error; });
    if (outcome === 'exited') throw new Error(`the server exited while starting:\n${own}`);
    return server;
  }

  /** kill -9 of the server process alone: its PostgreSQL keeps running. */
  async killServer() {
    const server = this.current!;
    server.child.kill('SIGKILL');
    await server.exited;
  }

  postmasterPid(): number {
    const found = readPostmasterPid(this.databaseDir);
    if (!found) throw new Error('no postmaster.pid');
    return found.pid;
  }

  /** The app's database, reached the way the server reaches it (its password file and postmaster.pid's port). */
  database(max = 4): Database {
    const password = fs.readFileSync(path.join(this.dataDir, 'pg-password'), 'utf8').trim();
    const found = readPostmasterPid(this.databaseDir)!;
    return connect(`postgres://wufei:${encodeURIComponent(password)}@127.0.0.1:${found.port}/wufei`, max);
  }

  async stop() {
    const server = this.current;
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGINT');
      await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    }
    // Whatever a test left running on the folder (a postmaster of a killed server) goes too.
    const found = readPostmasterPid(this.databaseDir);
    if (found) {
      try { process.kill(found.pid, 'SIGQUIT'); } catch { /* already gone */ }
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export async function health(base: string): Promise<number> {
  try {
    return (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(8_000) })).status;
  } catch {
    return 0;
  }
}

/** The audit key of the server under test (its data folder's, made on first use), not the test process's. */
export const opsAuditKeys = (ops: OpsServer) => loadAuditKeys(path.join(ops.dataDir, 'audit-key'), true);

export const ADMIN = { username: 'ops.admin', password: 'ops-admin-password-1' };

/**
 * The few rows a write load needs, put straight into the server's database: the sample regions and
 * one platform administrator (the demo city takes minutes to seed; these take a second).
 */
export async function prepareAdmin(ops: OpsServer) {
  const database = ops.database();
  // The admin's organisation is written with its audit row, which must carry the MAC of the server's key.
  useAuditKeys(opsAuditKeys(ops));
  try {
    await loadRegions(database.db, { ...loadConfig(), sharedDataDir: path.join(ops.dataDir, 'no-shared-data') });
    const org = await insertOrganisation(database.db, { actor: null, actorLabel: 'ops-test' }, {
      kind: 'government', name: '运维测试中心', creditCode: demoCreditCode('government', '371581', 1), regionCode: '371581', domain: 'general',
      capabilities: [], address: '', contactName: '', contactPhone: '0635-2311000', status: 'verified',
    } as Parameters<typeof insertOrganisation>[2]);
    await database.db.insert(users).values({ username: ADMIN.username, passwordHash: await hashPassword(ADMIN.password), displayName: '运维', role: 'platform_admin', organisationId: org.id, regionCode: '371581', domain: 'general' });
  } finally {
    await database.close();
  }
}

export interface Session { cookie: string; csrf: string }

/** A server started the `npm start` way, with its administrator and a logged-in session: what each ops test file begins with. */
export async function startWithAdmin(env: Record<string, string> = {}): Promise<{ ops: OpsServer; session: Session }> {
  const ops = new OpsServer(env);
  await ops.start(150_000);
  await prepareAdmin(ops);
  return { ops, session: await login(ops.base) };
}

export async function login(base: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('wufei_session=')) ?? '').split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

/**
 * Several clients adding organisations (a row and its audit row in one transaction) as fast as the
 * server answers, until stopped. Every credit code that got a 201 is an acknowledged write.
 */
export function writeLoad(ops: OpsServer, session: Session, clients = 4, firstNumber = 1000) {
  const acknowledged: string[] = [];
  const failures = new Map<string, number>();
  let running = true;
  let n = firstNumber;
  const one = async () => {
    while (running) {
      const creditCode = demoCreditCode('enterprise', '371581', n++);
      try {
        const res = await fetch(`${ops.base}/api/organisations`, {
          method: 'POST', signal: AbortSignal.timeout(15_000),
          headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
          body: JSON.stringify({ kind: 'enterprise', name: `压测企业${n}`, creditCode, regionCode: '371581001', capabilities: ['producer'], industry: '测试行业', address: '测试路1号', contactName: '李经理', contactPhone: '0635-2300001' }),
        });
        await res.arrayBuffer();
        if (res.status === 201) acknowledged.push(creditCode);
        else failures.set(String(res.status), (failures.get(String(res.status)) ?? 0) + 1);
      } catch (error) {
        const key = (error as Error).name;
        failures.set(key, (failures.get(key) ?? 0) + 1);
        // The server is down (killed): don't spin.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const done = Promise.all(Array.from({ length: clients }, one));
  return { acknowledged, failures, stop: async () => { running = false; await done; } };
}
