// Manifest-flow benchmark: C concurrent clients each run one stream's manifest flow against the real
// server on PostgreSQL for D seconds, then pgbench -N runs on the same database. STREAM picks the flow:
//   hazardous    (default) batch → create → producer sign → pickup sign → receive
//   construction a truckload of a project with an approved disposal plan: create → site signs → driver
//                signs with the exit weight → the consumption site signs with its weighbridge figure
// Prints ONE JSON line on stdout; everything else goes to stderr. Run it with `npm run bench` or
// `npm run bench:truckload` (bench/run.sh).
//
//   node --import tsx bench/manifest-flow.ts          the benchmark (needs DATABASE_URL; drops and recreates that database)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PASSWORD, Session, int, log, loopback, percentile, postmasterPid, recreateDatabase, round, startServer, treeCpuSeconds } from './support';

const GOAL_RATIO = 0.25;
const GOAL_P99_MS = 100;

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

// ---------------------------------------------------------------- what a stream brings
/** The three people of one client's flow: who hands the waste over, who drives it, who takes it in. */
interface ClientUsers { producer: string; driver: string; receiver: string; driverId: string; vehicleId: string }

/** One stream's flow. Steps are timed one HTTP request each; everything else is untimed set-up. */
interface StreamBench {
  /** Every timed step of one flow, in order. */
  steps: readonly string[];
  /** How many of them are manifest requests (create and the signatures). */
  manifestSteps: number;
  /** Plain SQL in one transaction, before anything is timed: the companies, users, drivers and vehicles of the clients. */
  createUsers(db: pg.PoolClient, clients: number, passwordHash: string): Promise<ClientUsers[]>;
  /** After the logins, untimed: checks that the API offers what the flow uses, and what else the flow needs first. */
  prepare(all: Client[], plannedDate: string, port: number): Promise<void>;
  /** One flow through `step`; throws at the first failure. */
  flow(c: Client, step: StepRunner, plannedDate: string): Promise<void>;
  /** Plain SQL after the warm-up, untimed: `loads` earlier finished loads, as a store in service for a while holds them. */
  history?(db: pg.Pool, loads: number): Promise<void>;
  /** The stream's own settings, for the JSON line. */
  settings?(): Record<string, unknown>;
}

type StepRunner = (name: string, session: Session, path: string, payload: unknown, expect: number) => Promise<any>;

const one = async (db: pg.PoolClient, q: string, params: unknown[] = []) => {
  const r = await db.query(q, params);
  if (r.rowCount !== 1) throw new Error(`expected one row for ${q} ${JSON.stringify(params)}, got ${r.rowCount}`);
  return r.rows[0];
};
const addUser = async (db: pg.PoolClient, passwordHash: string, u: { username: string; role: string; organisationId: string; regionCode: string; displayName: string; domain?: string | null }) =>
  (await db.query(`INSERT INTO users (username, password_hash, display_name, role, organisation_id, region_code, domain) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [u.username, passwordHash, u.displayName, u.role, u.organisationId, u.regionCode, u.domain ?? null])).rows[0].id as string;
/** A driver user of the transporter with its `drivers` row (the manifest's driver), one per client. */
const addDriver = async (db: pg.PoolClient, passwordHash: string, transporter: { id: string; region_code: string }, i: number, username: string, name: string, qualified: boolean) => {
  const userId = await addUser(db, passwordHash, { username, role: 'driver', organisationId: transporter.id, regionCode: transporter.region_code, displayName: name });
  return (await db.query(`INSERT INTO drivers (organisation_id, name, phone, licence_no, qualification_no, user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [transporter.id, name, `1380635${String(i).padStart(4, '0')}`, `37158119800101${String(i).padStart(4, '0')}`, qualified ? `WX37150099${String(i).padStart(4, '0')}` : null, userId])).rows[0].id as string;
};
const serial = (i: number) => String(i + 1).padStart(3, '0');

// Hazardous waste: every client's own producer company stores 0.5 t of waste oil and hands it to 绿源 via 安运's 鲁P3A721.
const HAZARDOUS_T = 0.5;
function hazardous(): StreamBench {
  let receiverId = '';
  let transporterId = '';
  return {
    steps: ['batch', 'create', 'emission', 'transport', 'reception'],
    manifestSteps: 4, // create, emission, transport, reception (the batch is the ledger step before them)
    async createUsers(db, clients, passwordHash) {
      const { demoCreditCode } = await import('../src/server/demo/seed');
      const transporter = await one(db, `SELECT id, region_code FROM organisations WHERE name LIKE '%安运%' AND status = 'verified'`);
      const receiver = await one(db, `SELECT id, region_code FROM organisations WHERE name = '临清市绿源环保科技有限公司'`);
      const vehicle = await one(db, `SELECT id FROM vehicles WHERE plate = '鲁P3A721'`);
      [receiverId, transporterId] = [receiver.id, transporter.id];
      const users: ClientUsers[] = [];
      for (let i = 0; i < clients; i++) {
        const n = serial(i);
        const org = await one(db, `INSERT INTO organisations (kind, name, credit_code, region_code, capabilities, industry, address, contact_name, contact_phone, status)
           VALUES ('enterprise', $1, $2, '371581101', ARRAY['producer'], '轴承制造', '松林镇工业园', '联系人', '0635-2300000', 'verified') RETURNING id`,
        [`临清市压测轴承${n}有限公司`, demoCreditCode('enterprise', '371581', 900_000 + i)]);
        await addUser(db, passwordHash, { username: `bench.producer${n}`, role: 'enterprise_admin', organisationId: org.id, regionCode: '371581101', displayName: `压测产废${n}` });
        const driverId = await addDriver(db, passwordHash, transporter, i, `bench.driver${n}`, `压测驾驶员${n}`, true);
        await addUser(db, passwordHash, { username: `bench.receiver${n}`, role: 'enterprise_member', organisationId: receiver.id, regionCode: receiver.region_code, displayName: `压测接收${n}` });
        users.push({ producer: `bench.producer${n}`, driver: `bench.driver${n}`, receiver: `bench.receiver${n}`, driverId, vehicleId: vehicle.id });
      }
      return users;
    },
    async prepare(all, plannedDate) {
      const first = all[0].producer;
      const choices = (await first.request('GET', `/api/manifests/transporters?q=${encodeURIComponent('安运')}`)).body;
      if (!choices.items?.[0]?.vehicles?.some((v: { id: string }) => v.id === all[0].u.vehicleId)) throw new Error(`transporter choices do not offer the vehicle: ${JSON.stringify(choices).slice(0, 300)}`);
      const receivers = (await first.request('GET', `/api/manifests/receivers?wasteCode=900-249-08&date=${plannedDate}`)).body;
      if (!receivers.items?.some((r: { id: string }) => r.id === receiverId)) throw new Error(`receiver choices do not offer 绿源 on ${plannedDate}: ${JSON.stringify(receivers).slice(0, 300)}`);
    },
    async flow(c, step, plannedDate) {
      const batch = await step('batch', c.producer, '/api/ledger/batches', {
        wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 3, quantityT: HAZARDOUS_T, storageFacility: '1号危废暂存间',
      }, 201);
      const manifest = await step('create', c.producer, '/api/manifests', {
        batchIds: [batch.id], receiverId, transporterIds: [transporterId], vehicleId: c.u.vehicleId, driverId: c.u.driverId,
        plannedDate, dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '车载吸附棉、灭火器；泄漏时围堵并报告',
      }, 201);
      const sign = `/api/manifests/${manifest.id}/sign`;
      await step('emission', c.producer, sign, { action: 'sign_emission' }, 200);
      await step('transport', c.driver, sign, {
        action: 'sign_transport', data: { pickupWeightT: HAZARDOUS_T, origin: '临清市松林镇压测轴承', destination: '临清市唐园镇绿源环保' }, place: '装货区', longitude: 115.71, latitude: 36.84,
      }, 200);
      await step('reception', c.receiver, sign, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: HAZARDOUS_T, treatmentMethod: 'R9' } }, 200);
    },
  };
}

// Construction waste: every client's own construction company runs one project whose approved plan sends
// 工程渣土 with 临清市渣土运输 to a consumption site (SITES of them, client i to site i mod SITES); each
// client has its own truck (one open load per truck: VEHICLE_BUSY) and its loads run one after the other
// on it. 15 t a load, under the truck's 18 t.
const TRUCKLOAD = { declaredT: 15, pickupT: 15.4, receivedT: 15.3, truckT: 18 };
const SITE_CAPACITY_T = 10_000_000; // room for ~650,000 loads: SITE_FULL never applies
function construction(sites = int('SITES', 1, 1, 500)): StreamBench {
  const siteIds: string[] = [];
  let transporterId = '';
  const siteOf = (c: Client) => siteIds[c.index % siteIds.length];
  return {
    steps: ['create', 'emission', 'transport', 'reception'],
    manifestSteps: 4,
    async createUsers(db, clients, passwordHash) {
      const { demoCreditCode } = await import('../src/server/demo/seed');
      const transporter = await one(db, `SELECT id, region_code FROM organisations WHERE name = '临清市渣土运输有限公司' AND status = 'verified'`);
      const operator = await one(db, `SELECT id, region_code FROM organisations WHERE name = '临清市建筑垃圾资源化利用有限公司'`);
      const housing = await one(db, `SELECT organisation_id, region_code, domain FROM users WHERE username = 'housing.linqing'`);
      transporterId = transporter.id;
      for (let k = 0; k < Math.min(sites, clients); k++) {
        siteIds.push((await one(db, `INSERT INTO disposal_sites (organisation_id, region_code, name, kind, longitude, latitude, capacity_t, opening_fill_t, accepts)
          VALUES ($1, $2, $3, 'consumption', 115.7, 36.85, $4, 0, ARRAY['CW01', 'CW02', 'CW03']) RETURNING id`, [operator.id, operator.region_code, `临清市压测建筑垃圾消纳场${k + 1}号`, SITE_CAPACITY_T])).id);
      }
      // The housing bureau's reviewer who approves the plans (untimed), with the bench's password.
      await addUser(db, passwordHash, { username: 'bench.housing', role: 'regulator', organisationId: housing.organisation_id, regionCode: housing.region_code, displayName: '压测住建审核', domain: housing.domain });
      const users: ClientUsers[] = [];
      for (let i = 0; i < clients; i++) {
        const n = serial(i);
        const org = await one(db, `INSERT INTO organisations (kind, name, credit_code, region_code, capabilities, industry, address, contact_name, contact_phone, status, longitude, latitude)
           VALUES ('enterprise', $1, $2, '371581003', ARRAY['construction_site'], '房屋建筑', '先锋路街道', '联系人', '0635-2300000', 'verified', 115.72, 36.84) RETURNING id`,
        [`临清市压测建工${n}有限公司`, demoCreditCode('enterprise', '371581', 950_000 + i)]);
        await addUser(db, passwordHash, { username: `bench.site${n}`, role: 'enterprise_admin', organisationId: org.id, regionCode: '371581003', displayName: `压测项目部${n}` });
        const vehicle = await one(db, `INSERT INTO vehicles (organisation_id, plate, vehicle_type, load_t) VALUES ($1, $2, '重型自卸货车（渣土车）', $3) RETURNING id`,
          [transporter.id, `鲁PY${String(i).padStart(4, '0')}`, TRUCKLOAD.truckT]);
        const driverId = await addDriver(db, passwordHash, transporter, i, `bench.muckdriver${n}`, `压测渣土车驾驶员${n}`, false);
        await addUser(db, passwordHash, { username: `bench.cwsite${n}`, role: 'enterprise_member', organisationId: operator.id, regionCode: operator.region_code, displayName: `压测地磅${n}` });
        users.push({ producer: `bench.site${n}`, driver: `bench.muckdriver${n}`, receiver: `bench.cwsite${n}`, driverId, vehicleId: vehicle.id });
      }
      return users;
    },
    async prepare(all, plannedDate, port) {
      const first = all[0].producer;
      const choices = (await first.request('GET', `/api/manifests/transporters?q=${encodeURIComponent('渣土运输')}`)).body;
      const offered = new Set<string>((choices.items?.[0]?.vehicles ?? []).map((v: { id: string }) => v.id));
      if (!all.every((c) => offered.has(c.u.vehicleId))) throw new Error(`transporter choices do not offer every bench truck: ${JSON.stringify(choices).slice(0, 300)}`);
      const offeredSites = (await first.request('GET', '/api/construction/sites?regionCode=371581&pageSize=100')).body;
      // A builder sees whether a site has room, not how much (the figures are the operator's and the officials').
      const roomy = new Set<string>((offeredSites.items ?? []).filter((s: { hasRoom: boolean }) => s.hasRoom).map((s: { id: string }) => s.id));
      // One page of sites (the list's largest); with more bench sites than fit, the check is left out.
      if (siteIds.length <= 90 && !siteIds.every((id) => roomy.has(id))) throw new Error(`site choices do not offer the bench sites with room: ${JSON.stringify(offeredSites).slice(0, 300)}`);
      // Each client's project registers and files its plan, and the housing bureau approves it: through the API, untimed.
      const housing = new Session('bench.housing', new http.Agent({ keepAlive: true, localAddress: loopback(all.length) } as http.AgentOptions), port);
      await housing.login();
      const expect = async (session: Session, path: string, payload: unknown, status: number) => {
        const res = await session.request('POST', path, payload);
        if (res.status !== status) throw new Error(`${session.username} POST ${path}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        return res.body;
      };
      await pool(all, 4, async (c) => {
        const project = await expect(c.producer, '/api/construction/projects', { name: `临清市压测安置房${c.index + 1}号地块`, address: '先锋路街道', kind: 'new', floorAreaM2: 30_000, startDate: plannedDate }, 201);
        const plan = await expect(c.producer, `/api/construction/projects/${project.id}/plans`, {
          items: [{ code: 'CW01', expectedT: 1_000_000, reuseOnSiteT: 0 }], reductionTargetPct: 10, measures: '压测', transporterIds: [transporterId], siteIds: [siteOf(c)],
        }, 201);
        const decided = await expect(housing, `/api/construction/plans/${plan.id}/approve`, { comment: '同意' }, 200);
        if (decided.status !== 'approved') throw new Error(`plan ${plan.id} not approved: ${JSON.stringify(decided).slice(0, 200)}`);
        c.projectId = project.id;
      });
    },
    async flow(c, step, plannedDate) {
      const manifest = await step('create', c.producer, '/api/manifests/construction', {
        projectId: c.projectId, wasteCode: 'CW01', declaredWeightT: TRUCKLOAD.declaredT, siteId: siteOf(c), transporterId, vehicleId: c.u.vehicleId, driverId: c.u.driverId, plannedDate,
      }, 201);
      const sign = `/api/manifests/${manifest.id}/sign`;
      try {
        await step('emission', c.producer, sign, { action: 'sign_emission' }, 200);
        await step('transport', c.driver, sign, { action: 'sign_transport', data: { pickupWeightT: TRUCKLOAD.pickupT }, place: '工地出口', longitude: 115.72, latitude: 36.84 }, 200);
        await step('reception', c.receiver, sign, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: TRUCKLOAD.receivedT, treatmentMethod: '分层填埋压实' } }, 200);
      } catch (error) {
        // Free the truck for the next flow (untimed): the producer may cancel until the load has left.
        await c.producer.request('POST', sign, { action: 'cancel' }).catch(() => {});
        throw error;
      }
    },
    settings: () => ({ sites: siteIds.length }),
    // Copies of a received warm-up load, spread over the last year and over the bench sites (numbers YC…: no clash with the platform's).
    async history(db, loads) {
      const r = await db.query(`INSERT INTO manifests (region_code, number, stream, status, producer_id, transporter_ids, receiver_id, receiver_region_code, waste_code,
          declared_weight_t, received_weight_t, planned_date, data, created_by, created_at, updated_at)
        SELECT m.region_code, 'YC' || lpad(g::text, 10, '0'), m.stream, m.status, m.producer_id, m.transporter_ids, m.receiver_id, m.receiver_region_code, m.waste_code,
          m.declared_weight_t, m.received_weight_t, m.planned_date - (g % 365), jsonb_set(m.data, '{siteId}', to_jsonb(($3::text[])[1 + g % cardinality($3::text[])])), m.created_by,
          m.created_at - make_interval(days => g % 365), m.updated_at - make_interval(days => g % 365)
        FROM (SELECT * FROM manifests WHERE stream = 'construction' AND status = 'received' AND data->>'siteId' = $1 LIMIT 1) m, generate_series(1, $2::int) g`,
      [siteIds[0], loads, siteIds]);
      if (r.rowCount !== loads) throw new Error(`HISTORY_LOADS: no received warm-up load at the first bench site to copy (${r.rowCount} rows)`);
    },
  };
}

const STREAM_BENCHES: Record<string, () => StreamBench> = { hazardous, construction };

/** The stream's companies and users in one transaction; the password hash is made once with the platform's own function. */
async function createUsers(pool: pg.Pool, stream: StreamBench, clients: number): Promise<ClientUsers[]> {
  const { hashPassword } = await import('../src/server/platform/accounts/passwords');
  const passwordHash = await hashPassword(PASSWORD);
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    const users = await stream.createUsers(db, clients, passwordHash);
    await db.query('COMMIT');
    return users;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    db.release();
  }
}

// ---------------------------------------------------------------- the flow
class Client {
  readonly producer: Session;
  readonly driver: Session;
  readonly receiver: Session;
  projectId = '';
  constructor(readonly index: number, port: number, readonly u: ClientUsers, private readonly stream: StreamBench, private readonly plannedDate: string) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 3, localAddress: loopback(index) } as http.AgentOptions);
    this.producer = new Session(u.producer, agent, port);
    this.driver = new Session(u.driver, agent, port);
    this.receiver = new Session(u.receiver, agent, port);
  }

  /** One full flow; calls record(step, ms) after each successful step; throws on the first failure. */
  flow(record: (step: string, ms: number) => void) {
    return this.stream.flow(this, async (name, session, path, payload, expect) => {
      const t0 = performance.now();
      const res = await session.request('POST', path, payload);
      const ms = performance.now() - t0;
      if (res.status !== expect) throw new StepError(name, res.status, typeof res.body === 'object' ? res.body?.code ?? '' : String(res.body).slice(0, 80));
      record(name, ms);
      return res.body;
    }, this.plannedDate);
  }
}

class StepError extends Error {
  constructor(readonly step: string, readonly status: number, readonly code: string) { super(`${step}: HTTP ${status} ${code}`); }
}

/** Resident and peak memory of one process in MB (Linux /proc: VmRSS, VmHWM), or nulls elsewhere. */
function memoryMb(pid: number): { rss: number | null; peak: number | null } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => { const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status); return m ? Math.round(Number(m[1]) / 1024) : null; };
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch { return { rss: null, peak: null }; }
}

/** Busy and total jiffies of the whole machine (Linux /proc/stat), or null elsewhere. */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const v = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - v[3] - v[4], total };
  } catch { return null; }
}

/** CPU milliseconds per step between two readings in seconds (null when either is missing). */
const perStep = (end: number | null, begin: number | null, steps: number) => (end === null || begin === null || steps === 0 ? null : round(((end - begin) * 1000) / steps, 3));

/** Sends the server a message and waits for its answer carrying `key` (bounded: 30 s). */
function serverMessage(child: import('node:child_process').ChildProcess, message: object, key: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.off('message', onMessage); reject(new Error(`the server did not answer ${JSON.stringify(message)} within 30 s`)); }, 30_000);
    const onMessage = (m: Record<string, unknown>) => { if (m && key in m) { clearTimeout(timer); child.off('message', onMessage); resolve(m[key]); } };
    child.on('message', onMessage);
    child.send(message);
  });
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
  const historyLoads = int('HISTORY_LOADS', 0, 0, 500_000);
  const streamName = process.env.STREAM || 'hazardous';
  if (!STREAM_BENCHES[streamName]) throw new Error(`STREAM must be one of ${Object.keys(STREAM_BENCHES).join(', ')} (got ${streamName})`);
  const stream = STREAM_BENCHES[streamName]();
  if (historyLoads && !stream.history) throw new Error(`HISTORY_LOADS is not offered for STREAM=${streamName}`);
  if (historyLoads && !warmup) throw new Error('HISTORY_LOADS copies a warm-up load: set WARMUP_FLOWS to 1 or more');
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (bench/run.sh sets it for the local PostgreSQL 15)');
  const safeUrl = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  log(`stream ${streamName}, clients ${clients}, ${duration} s, database ${safeUrl}`);

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
    const users = await createUsers(setup, stream, clients);
    log(`created ${clients} producer companies (${streamName}) with their users, ${clients} drivers and ${clients} receiver users`);
    const plannedDate = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const all = users.map((u, i) => new Client(i, server.port, u, stream, plannedDate));

    const tLogin = Date.now();
    await pool(all.flatMap((c) => [c.producer, c.driver, c.receiver]), 4, (s) => s.login());
    log(`logged in ${clients * 3} users in ${Date.now() - tLogin} ms (argon2id, untimed)`);
    // Check that the choices the flow uses are what the API offers, as a user would see them, and set up what the flow needs.
    const tPrepare = Date.now();
    await stream.prepare(all, plannedDate, server.port);
    log(`prepared in ${Date.now() - tPrepare} ms (untimed)`);

    const tWarm = Date.now();
    const warmupErrors: string[] = [];
    await Promise.all(all.map(async (c) => {
      for (let i = 0; i < warmup; i++) await c.flow(() => {}).catch((error) => { warmupErrors.push((error as Error).message); });
    }));
    log(`warm-up: ${clients * warmup} flows in ${Date.now() - tWarm} ms (untimed), ${warmupErrors.length} failed${warmupErrors.length ? `: ${[...new Set(warmupErrors)].join('; ')}` : ''}`);
    if (warmup > 0 && warmupErrors.length === clients * warmup) throw new Error('every warm-up flow failed');
    if (historyLoads) {
      const tHistory = Date.now();
      await stream.history!(setup, historyLoads);
      await setup.query('VACUUM ANALYZE manifests');
      log(`history: ${historyLoads} earlier loads in ${Date.now() - tHistory} ms (untimed)`);
    }
    await setup.query('CHECKPOINT').catch((e) => log(`CHECKPOINT skipped: ${e.message}`));

    // ---- timed: the flows
    const stepNames = stream.steps;
    const latencies = Object.fromEntries(stepNames.map((s) => [s, [] as number[]])) as Record<string, number[]>;
    const errors = new Map<string, number>();
    let flows = 0;
    let steps = 0;
    const stopSampling = process.env.SAMPLE_WAITS === '0' ? null : sampleWaits(setup);
    const postmaster = await postmasterPid(setup);
    const databaseCpu = () => (postmaster ? treeCpuSeconds(postmaster) : null);
    const profileFile = process.env.PROFILE ? path.resolve(process.env.PROFILE) : null;
    if (profileFile) await serverMessage(server.child, { profile: 'start' }, 'profiling');
    const cpu0 = { server: treeCpuSeconds(server.child.pid!), self: process.cpuUsage(), machine: machineCpu(), postgres: databaseCpu() };
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
    const serverCpu = treeCpuSeconds(server.child.pid!);
    const memory = memoryMb(server.child.pid!);
    const selfCpu = process.cpuUsage(cpu0.self);
    const machine = machineCpu();
    const postgresEnd = databaseCpu();
    const postgresCpu = postgresEnd !== null && cpu0.postgres !== null ? postgresEnd - cpu0.postgres : null;
    if (profileFile) {
      await serverMessage(server.child, { profile: 'stop', file: profileFile }, 'profiled');
      log(`server CPU profile of the timed flows: ${profileFile} (summary: node --import tsx bench/profile-summary.ts ${profileFile})`);
    }
    const waits = stopSampling ? await stopSampling() : null;
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    log(`flows: ${flows} complete in ${elapsed.toFixed(2)} s, ${steps} steps, ${errorCount} errors`);
    for (const [k, n] of errors) log(`  error ×${n}: ${k}`);
    const pct = (x: number) => `${Math.round(100 * x)}%`;
    log(`CPU during the flows (100% = one core of ${os.cpus().length}): server ${serverCpu !== null && cpu0.server !== null ? pct((serverCpu - cpu0.server) / elapsed) : '?'}, load generator ${pct((selfCpu.user + selfCpu.system) / 1e6 / elapsed)}`
      + (postgresCpu !== null ? `, the database server ${pct(postgresCpu / elapsed)}` : '')
      + (machine && cpu0.machine ? `, whole machine busy ${pct((machine.busy - cpu0.machine.busy) / (machine.total - cpu0.machine.total))} of all cores` : ''));
    if (waits) {
      const total = [...waits.tally.values()].reduce((a, b) => a + b, 0);
      log(`platform's database sessions over ${waits.samples} samples (share of session-samples):`);
      for (const [k, n] of [...waits.tally].sort((a, b) => b[1] - a[1])) log(`  ${((100 * n) / total).toFixed(1).padStart(5)}%  ${k}`);
    }

    // ---- timed: pgbench on the same server and database
    await setup.query('CHECKPOINT').catch(() => {});
    log(`pgbench -N -c ${clients} -j 2 -T ${duration}`);
    const pgbenchCpu0 = databaseCpu();
    const out = await run('pgbench', ['-N', '-c', String(clients), '-j', '2', '-T', String(duration), url]);
    const pgbenchCpu1 = databaseCpu();
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
    if (!Number.isFinite(tps) || tps <= 0) throw new Error(`could not read pgbench's tps:\n${out}`);
    const pgbenchTx = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1]);
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

    const sorted = Object.fromEntries(stepNames.map((s) => [s, [...latencies[s]].sort((a, b) => a - b)])) as Record<string, number[]>;
    const p50ms = Object.fromEntries(stepNames.map((s) => [s, round(percentile(sorted[s], 50))]));
    const p95ms = Object.fromEntries(stepNames.map((s) => [s, round(percentile(sorted[s], 95))]));
    const p99ms = Object.fromEntries(stepNames.map((s) => [s, round(percentile(sorted[s], 99))]));
    const worstP99 = Math.max(...stepNames.map((s) => percentile(sorted[s], 99) ?? Infinity));
    const stepsPerSec = steps / elapsed;
    const ratio = stepsPerSec / tps;
    const line = {
      bench: 'manifest-flow', stream: streamName, clients, workers: Number(process.env.WUFEI_WORKERS ?? 1), ...stream.settings?.(), ...(historyLoads ? { historyLoads } : {}), seconds: round(elapsed, 2), flows, flowsPerSec: round(flows / elapsed, 2),
      stepsPerFlow: stepNames.length, steps, stepsPerSec: round(stepsPerSec, 1), manifestStepsPerSec: round((flows * stream.manifestSteps) / elapsed, 1),
      pgbenchTps: round(tps, 1), ratio: round(ratio, 4), goalRatio: GOAL_RATIO,
      p50ms, p95ms, p99ms, goalP99ms: GOAL_P99_MS,
      goalsMet: { ratio: ratio >= GOAL_RATIO, p99: worstP99 < GOAL_P99_MS },
      ...(lockedTps !== null ? { pgbenchLockedTps: round(lockedTps, 1) } : {}),
      cpu: {
        serverMsPerStep: perStep(serverCpu, cpu0.server, steps), databaseMsPerStep: perStep(postgresEnd, cpu0.postgres, steps),
        loadGeneratorMsPerStep: round(((selfCpu.user + selfCpu.system) / 1000) / Math.max(1, steps), 3),
        serverCores: serverCpu !== null && cpu0.server !== null ? round((serverCpu - cpu0.server) / elapsed, 2) : null,
        databaseCores: postgresCpu !== null ? round(postgresCpu / elapsed, 2) : null,
        machineBusy: machine && cpu0.machine ? round((machine.busy - cpu0.machine.busy) / (machine.total - cpu0.machine.total), 2) : null,
        pgbenchDatabaseMsPerTx: Number.isFinite(pgbenchTx) && pgbenchTx > 0 ? perStep(pgbenchCpu1, pgbenchCpu0, pgbenchTx) : null,
      },
      errors: errorCount, serverRssMb: memory.rss, serverPeakRssMb: memory.peak, node: process.version, postgres: version,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    await setup.end().catch(() => {});
    killServer();
  }
}

main().then(() => process.exit(0), (error) => { log(`failed: ${error?.stack ?? error}`); process.exit(1); });
