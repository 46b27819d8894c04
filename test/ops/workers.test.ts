import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, OpsServer, startWithAdmin, waitFor, type Session } from './server';
import { hashPassword } from '../../src/server/platform/accounts/passwords';

// Issue 19, "several server processes": WUFEI_WORKERS=2 runs two workers on one port, and what was per
// process (periodic jobs, the live alarm feed, login lockout) holds across them.

interface Answer { status: number; worker: number; body: string }

/**
 * One request on a connection of its own: the cluster hands out connections, not requests, in turn,
 * so a kept-alive connection would always reach the same worker.
 */
function once(base: string, method: string, route: string, options: { session?: Session; body?: unknown; timeoutMs?: number } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = http.request(`${base}${route}`, {
      method, agent: false, timeout: options.timeoutMs ?? 15_000,
      headers: {
        ...(payload ? { 'content-type': 'application/json' } : {}),
        ...(options.session ? { cookie: options.session.cookie, 'x-csrf-token': options.session.csrf } : {}),
      },
    }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: Number(res.headers['x-wufei-worker'] ?? 0), body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${options.timeoutMs ?? 15_000} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** An SSE subscription on its own connection: which worker holds it, and everything it received. */
function subscribe(base: string, route: string, session: Session): Promise<{ worker: number; received: () => string; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${route}`, { agent: false, headers: { cookie: session.cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`the stream answered ${res.statusCode}`));
      let received = '';
      res.on('data', (chunk: Buffer) => { received += chunk.toString(); });
      res.on('error', () => {});
      resolve({ worker: Number(res.headers['x-wufei-worker'] ?? 0), received: () => received, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

const leaders = (ops: OpsServer) => [...ops.output().matchAll(/process (\d+) leads the fast jobs/g)].map((m) => Number(m[1]));

let ops: OpsServer;
let session: Session;
beforeAll(async () => {
  // Audit heads exported every minute: the shortest schedule, to see that one export is made per minute, not one per worker.
  ({ ops, session } = await startWithAdmin({ WUFEI_WORKERS: '2', WUFEI_AUDIT_EXPORT_MINUTES: '1' }));
}, 240_000);
afterAll(async () => { await ops?.stop(); }, 60_000);

describe('WUFEI_WORKERS=2', () => {
  it('serves requests from two processes on one port', async () => {
    const workers = new Set<number>();
    await waitFor('answers from two workers', async () => {
      const answer = await once(ops.base, 'GET', '/api/health');
      expect(answer.status).toBe(200);
      workers.add(answer.worker);
      return workers.size >= 2;
    }, 30_000, 50);
    expect([...workers].every((pid) => pid > 0 && pid !== ops.current!.child.pid)).toBe(true);
  });

  it('locks an account after five wrong passwords spread over both workers', async () => {
    const database = ops.database(1);
    try {
      const [admin] = (await database.db.execute(sql`SELECT organisation_id, region_code FROM users WHERE username = ${ADMIN.username}`)).rows as { organisation_id: string; region_code: string }[];
      await database.db.execute(sql`INSERT INTO users (username, password_hash, display_name, role, organisation_id, region_code, domain)
        VALUES ('ops.clerk', ${await hashPassword('clerk-password-1')}, '文员', 'platform_admin', ${admin.organisation_id}, ${admin.region_code}, 'general')`);
      const served = new Set<number>();
      for (let i = 0; i < 5; i++) {
        const answer = await once(ops.base, 'POST', '/api/auth/login', { body: { username: 'ops.clerk', password: `wrong-${i}` } });
        expect(answer.status, answer.body).toBeGreaterThanOrEqual(400);
        served.add(answer.worker);
      }
      expect(served.size).toBe(2);
      const right = await once(ops.base, 'POST', '/api/auth/login', { body: { username: 'ops.clerk', password: 'clerk-password-1' } });
      expect(right.status, right.body).not.toBe(200);
      const [row] = (await database.db.execute(sql`SELECT failed_logins, locked_until FROM users WHERE username = 'ops.clerk'`)).rows as { failed_logins: number; locked_until: Date | null }[];
      expect(row.locked_until).not.toBeNull();
    } finally {
      await database.close();
    }
  });

  it('delivers an alarm moved through one worker to a stream held by the other', async () => {
    const stream = await subscribe(ops.base, '/api/alarms/stream', session);
    const database = ops.database(1);
    try {
      expect(stream.worker).toBeGreaterThan(0);
      // Each try moves a fresh alarm; the one whose request another worker served is the proof.
      const crossed = await waitFor('a dismissal served by the other worker', async () => {
        const [alarm] = (await database.db.execute(sql`INSERT INTO alarms (rule, severity, region_code, subject_type, subject_id, dedupe_key, title, title_en, deadline)
          VALUES ('no_track', 'high', '371581', 'manifest', gen_random_uuid()::text, 'ops-test:' || gen_random_uuid(), '运维测试预警', 'Ops test alarm', now() + interval '1 day') RETURNING id`)).rows as { id: string }[];
        const answer = await once(ops.base, 'POST', `/api/alarms/${alarm.id}/dismiss`, { session, body: { note: '测试' } });
        expect(answer.status, answer.body).toBe(200);
        return answer.worker !== stream.worker ? alarm.id : null;
      }, 30_000, 10);
      await waitFor('the stream to carry the alarm', () => stream.received().includes(crossed), 15_000, 50);
      expect(stream.received()).toMatch(new RegExp(`event: changed\\ndata: \\{[^\\n]*"id":"${crossed}"[^\\n]*"status":"dismissed"`));
    } finally {
      stream.close();
      await database.close();
    }
  });

  it('runs a scheduled job once per run, not once per worker, and the fast loops in one leader', async () => {
    const heads = path.join(ops.dataDir, 'audit-exports', 'heads.jsonl');
    const exports = () => (fs.existsSync(heads) ? fs.readFileSync(heads, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { exportedAt: string }) : []);
    // Two scheduled minutes: per-process timers would have written two records for each.
    await waitFor('two audit head exports', () => exports().length >= 2, 150_000, 500);
    const times = exports().map((e) => Date.parse(e.exportedAt));
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1], `export ${i} came ${times[i] - times[i - 1]} ms after the one before`).toBeGreaterThan(30_000);
    expect(new Set(leaders(ops)).size).toBe(1);
  }, 180_000);

  it('forks a worker killed with -9 again, keeps answering meanwhile, and hands the fast loops over', async () => {
    const leader = leaders(ops)[0];
    process.kill(leader, 'SIGKILL');
    // The survivor answers at once; the primary forks a replacement after its back-off. A connection
    // handed to the worker in the instant it died is lost with it: each try has its own, short limit.
    const first = await waitFor('an answer after the kill', async () => {
      const answer = await once(ops.base, 'GET', '/api/health', { timeoutMs: 2_000 });
      return answer.status === 200 ? answer : null;
    }, 10_000, 50);
    expect(first.worker).not.toBe(leader);
    await waitFor('the log to say the worker is started again', () => ops.output().includes(`worker ${leader} was killed by SIGKILL`), 10_000);
    const workers = new Set<number>();
    await waitFor('two live workers again', async () => {
      const answer = await once(ops.base, 'GET', '/api/health', { timeoutMs: 2_000 });
      expect(answer.status).toBe(200);
      workers.add(answer.worker);
      return [...workers].filter((pid) => pid !== leader).length >= 2;
    }, 60_000, 100);
    expect(workers.has(leader)).toBe(false);
    await waitFor('another process to lead the fast jobs', () => leaders(ops).some((pid) => pid !== leader), 30_000);
    expect(ops.output()).not.toMatch(/undefined/);
  });
});
