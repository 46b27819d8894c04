// Manifest-flow benchmark: C concurrent clients each loop batch → create → producer sign → pickup sign →
// receive against the real server on PostgreSQL for D seconds, then pgbench -N runs on the same database.
// Prints ONE JSON line on stdout; everything else goes to stderr. Run it with `npm run bench` (bench/run.sh).
//
//   node --import tsx bench/manifest-flow.ts          the benchmark (needs DATABASE_URL; drops and recreates that database)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PASSWORD, Session, int, log, loopback, percentile, recreateDatabase, round, startServer, withDatabase } from './support';

const STEPS = ['batch', 'create', 'emission', 'transport', 'reception'] as const;
type Step = (typeof STEPS)[number];
const MANIFEST_STEPS = 4; // create, emission, transport, reception (the batch is the ledger step before them)
const GOAL_RATIO = 0.25;
const GOAL_P99_MS = 100;
const QUANTITY_T = 0.5;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

interface Ids { transporterId: string; receiverId: string; vehicleId: string }
interface ClientUsers { producer: string; driver: string; receiver: string; driverId: string }

/** Plain SQL, before any timing: one producer company per client, one driver and one receiver user per client. */
async function createUsers(pool: pg.Pool, clients: number): Promise<{ ids: Ids; users: ClientUsers[] }> {
  const { hashPassword } = await import('../src/server/platform/accounts/passwords');
  const { demoCreditCode } = await import('../src/server/demo/seed');
  const passwordHash = await hashPassword(PASSWORD);
  const one = async (q: string, params: unknown[] = []) => {
    const r = await pool.query(q, params);
    if (r.rowCount !== 1) throw new Error(`expected one row for ${q} ${JSON.stringify(params)}, got ${r.rowCount}`);
    return r.rows[0];
  };
  const transporter = await one(`SELECT id, region_code FROM organisations WHERE name LIKE '%安运%' AND status = 'verified'`);
  const receiver = await one(`SELECT id, region_code FROM organisations WHERE name = '临清市绿源环保科技有限公司'`);
  const vehicle = await one(`SELECT id FROM vehicles WHERE plate = '鲁P3A721'`);
  const users: ClientUsers[] = [];
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    for (let i = 0; i < clients; i++) {
      const n = String(i + 1).padStart(3, '0');
      const org = (await db.query(
        `INSERT INTO organisations (kind, name, credit_code, region_code, capabilities, industry, address, contact_name, contact_phone, status)
         VALUES ('enterprise', $1, $2, '371581101', ARRAY['producer'], '轴承制造', '松林镇工业园', '联系人', '0635-2300000', 'verified') RETURNING id`,
        [`临清市压测轴承${n}有限公司`, demoCreditCode('enterprise', '371581', 900_000 + i)])).rows[0];
      const addUser = async (username: string, role: string, organisationId: string, regionCode: string, displayName: string) =>
        (await db.query(`INSERT INTO users (username, password_hash, display_name, role, organisation_id, region_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [username, passwordHash, displayName, role, organisationId, regionCode])).rows[0].id as string;
      await addUser(`bench.producer${n}`, 'enterprise_admin', org.id, '371581101', `压测产废${n}`);
      const driverUser = await addUser(`bench.driver${n}`, 'driver', transporter.id, transporter.region_code, `压测驾驶员${n}`);
      const driver = (await db.query(`INSERT INTO drivers (organisation_id, name, phone, licence_no, qualification_no, user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [transporter.id, `压测驾驶员${n}`, `1380635${String(i).padStart(4, '0')}`, `37158119800101${String(i).padStart(4, '0')}`, `WX37150099${String(i).padStart(4, '0')}`, driverUser])).rows[0];
      await addUser(`bench.receiver${n}`, 'enterprise_member', receiver.id, receiver.region_code, `压测接收${n}`);
      users.push({ producer: `bench.producer${n}`, driver: `bench.driver${n}`, receiver: `bench.receiver${n}`, driverId: driver.id });
    }
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    db.release();
  }
  return { ids: { transporterId: transporter.id, receiverId: receiver.id, vehicleId: vehicle.id }, users };
}

// ---------------------------------------------------------------- the flow
class Client {
  readonly producer: Session;
  readonly driver: Session;
  readonly receiver: Session;
  constructor(readonly index: number, port: number, readonly u: ClientUsers, private readonly ids: Ids, private readonly plannedDate: string) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 3, localAddress: loopback(index) } as http.AgentOptions);
    this.producer = new Session(u.producer, agent, port);
    this.driver = new Session(u.driver, agent, port);
    this.receiver = new Session(u.receiver, agent, port);
  }

  /** One full flow; calls record(step, ms) after each successful step; throws on the first failure. */
  async flow(record: (step: Step, ms: number) => void) {
    const step = async (name: Step, session: Session, path: string, payload: unknown, expect: number) => {
      const t0 = performance.now();
      const res = await session.request('POST', path, payload);
      const ms = performance.now() - t0;
      if (res.status !== expect) throw new StepError(name, res.status, typeof res.body === 'object' ? res.body?.code ?? '' : String(res.body).slice(0, 80));
      record(name, ms);
      return res.body;
    };
    const batch = await step('batch', this.producer, '/api/ledger/batches', {
      wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 3, quantityT: QUANTITY_T, storageFacility: '1号危废暂存间',
    }, 201);
    const manifest = await step('create', this.producer, '/api/manifests', {
      batchIds: [batch.id], receiverId: this.ids.receiverId, transporterIds: [this.ids.transporterId], vehicleId: this.ids.vehicleId, driverId: this.u.driverId,
      plannedDate: this.plannedDate, dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '车载吸附棉、灭火器；泄漏时围堵并报告',
    }, 201);
    const sign = `/api/manifests/${manifest.id}/sign`;
    await step('emission', this.producer, sign, { action: 'sign_emission' }, 200);
    await step('transport', this.driver, sign, {
      action: 'sign_transport', data: { pickupWeightT: QUANTITY_T, origin: '临清市松林镇压测轴承', destination: '临清市唐园镇绿源环保' }, place: '装货区', longitude: 115.71, latitude: 36.84,
    }, 200);
    await step('reception', this.receiver, sign, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: QUANTITY_T, treatmentMethod: 'R9' } }, 200);
  }
}

class StepError extends Error {
  constructor(readonly step: Step, readonly status: number, readonly code: string) { super(`${step}: HTTP ${status} ${code}`); }
}

/** CPU seconds of one process (Linux /proc), or null elsewhere. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch { return null; }
}
/** CPU seconds of all local `postgres` processes (Linux /proc; 0 when the server is elsewhere). */
function postgresCpuSeconds(): number {
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
/** Busy and total jiffies of the whole machine (Linux /proc/stat), or null elsewhere. */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const v = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - v[3] - v[4], total };
  } catch { return null; }
}

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => { while (next < items.length) await work(items[next++]); }));
}

/** Samples what the platform's database sessions are doing, every 100 ms, while the flows run. */
function sampleWaits(db: pg.Pool) {
  const tally = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const r = await db.query(`SELECT state, wait_event_type, wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS query FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name <> 'wufei-bench-setup'`);
        samples++;
        for (const row of r.rows) {
          // For lock waits, the statement that waits says which lock it is (the counter row, the audit lock, …).
          const key = row.state === 'active' ? (row.wait_event_type ? `active, waiting ${row.wait_event_type}:${row.wait_event}${row.wait_event_type === 'Lock' ? ` in: ${row.query}` : ''}` : 'active, on CPU')
            : row.state === 'idle in transaction' ? 'idle in transaction (waiting for the app)' : `${row.state}`;
          tally.set(key, (tally.get(key) ?? 0) + 1);
        }
      } catch { /* sampling is best effort */ }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => { stopped = true; await loop; return { samples, tally }; };
}

// ---------------------------------------------------------------- main
async function main() {
  const clients = int('CLIENTS', 32, 1, 500);
  const duration = int('DURATION', 20, 1, 600);
  const warmup = int('WARMUP_FLOWS', 2, 0, 50);
  const scale = int('PGBENCH_SCALE', 10, 1, 1000);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (bench/run.sh sets it for the local PostgreSQL 15)');
  const safeUrl = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  log(`clients ${clients}, ${duration} s, database ${safeUrl}`);

  log('recreating the database');
  await recreateDatabase(url);
  log(`pgbench -i -s ${scale} (its own pgbench_* tables in the same database)`);
  await run('pgbench', ['-i', '-q', '-s', String(scale), url]);

  const t0 = Date.now();
  const server = await startServer(url);
  const killServer = () => { if (server.child.exitCode === null) server.child.kill('SIGTERM'); };
  process.on('exit', killServer);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { killServer(); process.exit(130); });
  log(`server up on 127.0.0.1:${server.port} after ${Date.now() - t0} ms (migrated, demo city seeded)`);

  const setup = new pg.Pool({ connectionString: url, max: 2, application_name: 'wufei-bench-setup' });
  try {
    const version = (await setup.query('SHOW server_version')).rows[0].server_version as string;
    const { ids, users } = await createUsers(setup, clients);
    log(`created ${clients} producer companies, ${clients} driver and ${clients} receiver users`);
    const plannedDate = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const all = users.map((u, i) => new Client(i, server.port, u, ids, plannedDate));

    // Check that the choices the flow uses are what the API offers, as a user would see them.
    const first = all[0].producer;
    const tLogin = Date.now();
    await pool(all.flatMap((c) => [c.producer, c.driver, c.receiver]), 4, (s) => s.login());
    log(`logged in ${clients * 3} users in ${Date.now() - tLogin} ms (argon2id, untimed)`);
    const choices = (await first.request('GET', `/api/manifests/transporters?q=${encodeURIComponent('安运')}`)).body;
    if (!choices.items?.[0]?.vehicles?.some((v: { id: string }) => v.id === ids.vehicleId)) throw new Error(`transporter choices do not offer the vehicle: ${JSON.stringify(choices).slice(0, 300)}`);
    const receivers = (await first.request('GET', `/api/manifests/receivers?wasteCode=900-249-08&date=${plannedDate}`)).body;
    if (!receivers.items?.some((r: { id: string }) => r.id === ids.receiverId)) throw new Error(`receiver choices do not offer 绿源 on ${plannedDate}: ${JSON.stringify(receivers).slice(0, 300)}`);

    const tWarm = Date.now();
    const warmupErrors: string[] = [];
    await Promise.all(all.map(async (c) => {
      for (let i = 0; i < warmup; i++) await c.flow(() => {}).catch((error) => { warmupErrors.push((error as Error).message); });
    }));
    log(`warm-up: ${clients * warmup} flows in ${Date.now() - tWarm} ms (untimed), ${warmupErrors.length} failed${warmupErrors.length ? `: ${[...new Set(warmupErrors)].join('; ')}` : ''}`);
    if (warmup > 0 && warmupErrors.length === clients * warmup) throw new Error('every warm-up flow failed');
    await setup.query('CHECKPOINT').catch((e) => log(`CHECKPOINT skipped: ${e.message}`));

    // ---- timed: the flows
    const latencies = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
    const errors = new Map<string, number>();
    let flows = 0;
    let steps = 0;
    const stopSampling = process.env.SAMPLE_WAITS === '0' ? null : sampleWaits(setup);
    const cpu0 = { server: cpuSeconds(server.child.pid!), self: process.cpuUsage(), machine: machineCpu(), postgres: postgresCpuSeconds() };
    const start = performance.now();
    const deadline = start + duration * 1000;
    await Promise.all(all.map(async (c) => {
      while (performance.now() < deadline) {
        try {
          await c.flow((step, ms) => { latencies[step].push(ms); steps++; });
          flows++;
        } catch (error) {
          const key = error instanceof StepError ? `${error.step} ${error.status} ${error.code}` : `${(error as Error).message}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
          if ([...errors.values()].reduce((a, b) => a + b, 0) > 1000) throw new Error(`too many errors: ${JSON.stringify(Object.fromEntries(errors))}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }));
    const elapsed = (performance.now() - start) / 1000;
    const serverCpu = cpuSeconds(server.child.pid!);
    const selfCpu = process.cpuUsage(cpu0.self);
    const machine = machineCpu();
    const postgresCpu = postgresCpuSeconds() - cpu0.postgres;
    const waits = stopSampling ? await stopSampling() : null;
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    log(`flows: ${flows} complete in ${elapsed.toFixed(2)} s, ${steps} steps, ${errorCount} errors`);
    for (const [k, n] of errors) log(`  error ×${n}: ${k}`);
    const pct = (x: number) => `${Math.round(100 * x)}%`;
    log(`CPU during the flows (100% = one core of ${os.cpus().length}): server ${serverCpu !== null && cpu0.server !== null ? pct((serverCpu - cpu0.server) / elapsed) : '?'}, load generator ${pct((selfCpu.user + selfCpu.system) / 1e6 / elapsed)}`
      + (postgresCpu > 0 ? `, local postgres processes ${pct(postgresCpu / elapsed)}` : '')
      + (machine && cpu0.machine ? `, whole machine busy ${pct((machine.busy - cpu0.machine.busy) / (machine.total - cpu0.machine.total))} of all cores` : ''));
    if (waits) {
      const total = [...waits.tally.values()].reduce((a, b) => a + b, 0);
      log(`platform's database sessions over ${waits.samples} samples (share of session-samples):`);
      for (const [k, n] of [...waits.tally].sort((a, b) => b[1] - a[1])) log(`  ${((100 * n) / total).toFixed(1).padStart(5)}%  ${k}`);
    }

    // ---- timed: pgbench on the same server and database
    await setup.query('CHECKPOINT').catch(() => {});
    log(`pgbench -N -c ${clients} -j 2 -T ${duration}`);
    const out = await run('pgbench', ['-N', '-c', String(clients), '-j', '2', '-T', String(duration), url]);
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
    if (!Number.isFinite(tps) || tps <= 0) throw new Error(`could not read pgbench's tps:\n${out}`);
    log(`pgbench: ${tps.toFixed(1)} tps`);
    let lockedTps: number | null = null;
    if (process.env.PGBENCH_LOCKED === '1') {
      // The same transaction as -N, but holding one global advisory lock to commit, as the platform's audit log does.
      const script = path.join(os.tmpdir(), `wufei-bench-locked-${process.pid}.sql`);
      fs.writeFileSync(script, [
        '\\set aid random(1, 100000 * :scale)', '\\set bid random(1, 1 * :scale)', '\\set tid random(1, 10 * :scale)', '\\set delta random(-5000, 5000)',
        'BEGIN;', 'SELECT pg_advisory_xact_lock(7261099);', 'UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;',
        'SELECT abalance FROM pgbench_accounts WHERE aid = :aid;', 'INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);', 'END;', '',
      ].join('\n'));
      try {
        await setup.query('CHECKPOINT').catch(() => {});
        const locked = await run('pgbench', ['-n', '-f', script, '-c', String(clients), '-j', '2', '-T', String(duration), url]);
        lockedTps = Number(/tps = ([\d.]+)/.exec(locked)?.[1]) || null;
        log(`pgbench -N with one global advisory lock held to commit: ${lockedTps?.toFixed(1)} tps`);
      } finally {
        fs.rmSync(script, { force: true });
      }
    }

    const sorted = Object.fromEntries(STEPS.map((s) => [s, [...latencies[s]].sort((a, b) => a - b)])) as Record<Step, number[]>;
    const p50ms = Object.fromEntries(STEPS.map((s) => [s, round(percentile(sorted[s], 50))]));
    const p99ms = Object.fromEntries(STEPS.map((s) => [s, round(percentile(sorted[s], 99))]));
    const worstP99 = Math.max(...STEPS.map((s) => percentile(sorted[s], 99) ?? Infinity));
    const stepsPerSec = steps / elapsed;
    const ratio = stepsPerSec / tps;
    const line = {
      bench: 'manifest-flow', clients, seconds: round(elapsed, 2), flows, flowsPerSec: round(flows / elapsed, 2),
      stepsPerFlow: STEPS.length, steps, stepsPerSec: round(stepsPerSec, 1), manifestStepsPerSec: round((flows * MANIFEST_STEPS) / elapsed, 1),
      pgbenchTps: round(tps, 1), ratio: round(ratio, 4), goalRatio: GOAL_RATIO,
      p50ms, p99ms, goalP99ms: GOAL_P99_MS,
      goalsMet: { ratio: ratio >= GOAL_RATIO, p99: worstP99 < GOAL_P99_MS },
      ...(lockedTps !== null ? { pgbenchLockedTps: round(lockedTps, 1) } : {}),
      errors: errorCount, node: process.version, postgres: version,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    await setup.end().catch(() => {});
    killServer();
  }
}

main().then(() => process.exit(0), (error) => { log(`failed: ${error?.stack ?? error}`); process.exit(1); });
