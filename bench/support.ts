// What the benchmarks share: the platform as a child process on DATABASE_URL, a logged-in HTTP
// session bound to its own loopback address, the database (re)created for a run, percentiles.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const PASSWORD = 'wufei-bench-password';

export const log = (...parts: unknown[]) => process.stderr.write(`[bench] ${parts.map(String).join(' ')}\n`);
export const int = (name: string, fallback: number, min: number, max: number) => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got ${raw})`);
  return n;
};

// ---------------------------------------------------------------- HTTP client bound to its own loopback address
interface Reply { status: number; body: any }

export class Session {
  cookie = '';
  csrf = '';
  constructor(readonly username: string, private readonly agent: http.Agent, private readonly port: number) {}

  request(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<Reply> {
    const body = payload === undefined ? undefined : Buffer.from(JSON.stringify(payload));
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    if (body) { headers['content-type'] = 'application/json'; headers['content-length'] = body.length; }
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try { parsed = JSON.parse(text); } catch { /* not JSON */ }
          for (const c of [res.headers['set-cookie'] ?? []].flat()) if (c.startsWith('wufei_session=')) this.cookie = c.split(';')[0];
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after 30 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  async login() {
    const res = await this.request('POST', '/api/auth/login', { username: this.username, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login ${this.username}: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrf = res.body.csrfToken;
  }
}

// 127.1.x.y, one per client, so the per-address login limit (20 per 5 minutes) is not shared.
export const loopback = (i: number) => `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;

// ---------------------------------------------------------------- database set-up
export function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function recreateDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z0-9_]*bench[a-z0-9_]*$/.test(name)) throw new Error(`refusing to drop database "${name}": its name must contain "bench" (the benchmark drops and recreates it)`);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

export function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const self = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.ts');
  const verbose = process.env.WUFEI_LOG === '1';
  const child = spawn(process.execPath, [...process.execArgv, self], {
    // The server's output goes to our stderr. With WUFEI_LOG=1 it logs every request: only warnings and errors are passed on.
    stdio: ['ignore', verbose ? 'pipe' : 2, 2, 'ipc'],
    env: { ...process.env, DATABASE_URL: url, WUFEI_LOG: verbose ? '1' : '0' },
  });
  if (verbose) {
    let rest = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop()!;
      for (const line of lines) if (!/^\{"level":(10|20|30),/.test(line)) process.stderr.write(`[server] ${line}\n`);
    });
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('server did not start within 600 s')); }, 600_000);
    child.once('message', (m: any) => { clearTimeout(timer); if (m?.ready) resolve({ child, port: m.port }); else reject(new Error('bad message from server')); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code} before it was ready`)); });
  });
}

export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : null);
export const round = (x: number | null, digits = 1) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** utime, stime, cutime, cstime and the parent of one process, in seconds (Linux /proc), or null when it is gone. */
function procStat(pid: number): { self: number; children: number; ppid: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Clock ticks of 1/100 s; cutime and cstime are the CPU of children it has reaped (exited workers, backends).
    return { self: (Number(fields[11]) + Number(fields[12])) / 100, children: (Number(fields[13]) + Number(fields[14])) / 100, ppid: Number(fields[1]) };
  } catch { return null; }
}

/** CPU seconds of one process (Linux /proc), or null elsewhere. */
export function cpuSeconds(pid: number): number | null {
  return procStat(pid)?.self ?? null;
}

/**
 * CPU seconds of a process and every process below it, live or reaped: a server with worker
 * processes (WUFEI_WORKERS) counts them all. Null when the root is gone or /proc is missing.
 */
export function treeCpuSeconds(root: number): number | null {
  let pids: number[];
  try { pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number); } catch { return null; }
  const stats = new Map(pids.map((pid) => [pid, procStat(pid)] as const));
  const rootStat = stats.get(root);
  if (!rootStat) return null;
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let sum = 0;
  const walk = (pid: number) => {
    const s = stats.get(pid);
    if (!s) return;
    sum += s.self + s.children;
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return sum;
}

/** CPU seconds of all local `postgres` processes (Linux /proc; 0 when the server is elsewhere), other servers' included. */
export function postgresCpuSeconds(): number {
  let sum = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      sum += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch { /* gone */ }
  }
  return sum;
}

/**
 * The PostgreSQL server process (postmaster) behind a connection, when it runs on this machine: its
 * `treeCpuSeconds` is the CPU of the whole database server, sessions that have ended included
 * (PostgreSQL reaps them), so pgbench's short-lived sessions count as much as the platform's pooled ones.
 * It counts every database of that server: the benchmark's cluster serves nothing else while it runs.
 */
export async function postmasterPid(db: pg.Pool | pg.Client): Promise<number | null> {
  const pid = Number((await db.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  return procStat(pid)?.ppid ?? null;
}

/**
 * A machine client's connection (a fleet system, a weighbridge): keep-alive, one request at a time,
 * POSTing JSON bodies to one path with its token as Bearer.
 */
export function bearerPoster(port: number, path: string, token: string, timeoutMs: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (body: Buffer) => new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, agent, timeout: timeoutMs,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: any = text;
        try { parsed = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`POST ${path} timed out after ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}
