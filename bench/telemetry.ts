// Track-ingest benchmark: C concurrent fleet systems post batches of GPS points to the real server
// (POST /api/telemetry/positions with a telemetry:write token) for D seconds; then, in the same run and on
// the same emptied table, the same rows go in through a raw INSERT … SELECT FROM unnest(…) from this
// process, same batches, same concurrency. Prints ONE JSON line on stdout; everything else goes to stderr.
// Run it with `npm run bench:telemetry` (bench/telemetry.sh).
//
//   CLIENTS=8 DURATION=20 VEHICLES=200 BATCH=1000 bash bench/telemetry.sh
import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PASSWORD, Session, int, log, percentile, recreateDatabase, round, startServer } from './support';

const GOAL_RATIO = 0.5;
const SPACING_S = 10; // a terminal reports every 10 s
const REGION = '371581101'; // the fleet's home town (临清市 松林镇)
const WARMUP_BATCHES = 2; // per client, untimed, in both phases

/** The service's insert (src/server/telemetry/service.ts) without the API around it: the same columns as array literals. */
const RAW_INSERT = `INSERT INTO vehicle_positions (region_code, vehicle_id, at, longitude, latitude, speed_kmh, heading)
  SELECT $1, v, a, lon, lat, s, h FROM unnest($2::uuid[], $3::timestamptz[], $4::float8[], $5::float8[], $6::real[], $7::smallint[]) AS t(v, a, lon, lat, s, h)
  ON CONFLICT DO NOTHING`;
const literal = (values: (string | number)[]) => `{${values.join(',')}}`;

interface Vehicle { id: string; plate: string; lon0: number; lat0: number; phase: number }
interface Point { plate: string; at: string; longitude: number; latitude: number; speedKmh: number; heading: number }

/**
 * Batch k of the run: every vehicle's next points, 10 s apart, as a fleet system forwards them. Batch k
 * holds steps k·S … k·S+S−1 of each vehicle (S = ⌈batch / vehicles⌉), so no two batches share a point.
 * Each truck wanders about its start in Shandong at 30–60 km/h.
 */
function batchPoints(k: number, size: number, fleet: Vehicle[], start: number): Point[] {
  const perVehicle = Math.ceil(size / fleet.length);
  const points: Point[] = [];
  for (let j = 0; j < size; j++) {
    const v = fleet[j % fleet.length];
    const step = k * perVehicle + Math.floor(j / fleet.length);
    const a = step * 0.0037 + v.phase, b = step * 0.0029 + 2 * v.phase;
    const dLon = 0.3 * 0.0037 * Math.cos(a), dLat = 0.2 * 0.0029 * Math.cos(b);
    points.push({
      plate: v.plate, at: new Date(start + step * SPACING_S * 1000).toISOString(),
      longitude: round(v.lon0 + 0.3 * Math.sin(a), 6)!, latitude: round(v.lat0 + 0.2 * Math.sin(b), 6)!,
      speedKmh: round(Math.hypot(dLon * 92, dLat * 111) * 360, 1)!, heading: Math.round(((Math.atan2(dLon, dLat) * 180) / Math.PI + 360) % 360) % 360,
    });
  }
  return points;
}

/** A fleet system's connection: keep-alive, one request at a time, the token as Bearer. */
function poster(port: number, token: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (body: Buffer) => new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/telemetry/positions', agent, timeout: 30_000,
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
    req.on('timeout', () => req.destroy(new Error('POST /api/telemetry/positions timed out after 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Plain SQL, untimed: a verified transport company in 临清 with its administrator and N registered vehicles. */
async function createFleet(db: pg.Pool, count: number) {
  const { hashPassword } = await import('../src/server/platform/accounts/passwords');
  const { demoCreditCode } = await import('../src/server/demo/seed');
  const [org] = (await db.query(
    `INSERT INTO organisations (kind, name, credit_code, region_code, capabilities, industry, address, contact_name, contact_phone, status)
     VALUES ('enterprise', '山东压测危货运输有限公司', $1, $2, ARRAY['transporter'], '道路危险货物运输', '松林镇物流园', '调度', '0635-2300001', 'verified') RETURNING id`,
    [demoCreditCode('enterprise', '371581', 800_000), REGION])).rows;
  await db.query(`INSERT INTO users (username, password_hash, display_name, role, organisation_id, region_code) VALUES ('bench.fleet', $1, '压测车队管理员', 'enterprise_admin', $2, $3)`,
    [await hashPassword(PASSWORD), org.id, REGION]);
  // 鲁P plus a letter and four digits: 鲁PT0001 …; starts spread over Shandong (114.9–121.5 E, 34.9–37.8 N).
  const rows = (await db.query(
    `INSERT INTO vehicles (organisation_id, plate, vehicle_type, load_t, dg_permit_no)
     SELECT $1, '鲁P' || chr(65 + (i / 10000) % 26) || lpad((i % 10000)::text, 4, '0'), '厢式危险品运输车', 10, '鲁交运管许可聊字371500009999号'
     FROM generate_series(1, $2::int) AS i ORDER BY i RETURNING id, plate`, [org.id, count])).rows as { id: string; plate: string }[];
  const fleet: Vehicle[] = rows.map((r, i) => ({ id: r.id, plate: r.plate, lon0: 115.2 + ((i * 0.6180339) % 1) * 6.0, lat0: 35.2 + ((i * 0.4142135) % 1) * 2.4, phase: i * 0.7 }));
  return fleet;
}

/** CPU seconds of one process (Linux /proc), or null elsewhere. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch { return null; }
}
/** CPU seconds of all local `postgres` processes (0 when the server is elsewhere). */
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

/** Runs `work` on C workers, each taking the next batch number until `more()` says stop; returns what each batch took. */
async function drive(clients: number, more: (k: number) => boolean, work: (worker: number, k: number) => Promise<void>) {
  let next = 0;
  const done: number[] = [];
  const latencies: number[] = [];
  await Promise.all(Array.from({ length: clients }, async (_, worker) => {
    while (more(next)) {
      const k = next++;
      const t0 = performance.now();
      await work(worker, k);
      latencies.push(performance.now() - t0);
      done.push(k);
    }
  }));
  return { done, latencies };
}

function cpuWatch(serverPid: number | null) {
  const t0 = { server: serverPid ? cpuSeconds(serverPid) : null, self: process.cpuUsage(), postgres: postgresCpuSeconds() };
  return (points: number) => {
    const self = process.cpuUsage(t0.self);
    const server = serverPid && t0.server !== null ? cpuSeconds(serverPid)! - t0.server : null;
    const perK = (s: number | null) => (s === null ? null : round((s * 1000 * 1000) / points, 1)); // CPU ms per 1000 points
    return { serverMsPer1000: perK(server), postgresMsPer1000: perK(postgresCpuSeconds() - t0.postgres), benchMsPer1000: perK((self.user + self.system) / 1e6) };
  };
}

async function main() {
  const clients = int('CLIENTS', 8, 1, 256);
  const duration = int('DURATION', 20, 1, 600);
  const vehicleCount = int('VEHICLES', 200, 1, 100_000);
  const batchSize = int('BATCH', 1000, 1, 10_000);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (bench/telemetry.sh sets it for the local PostgreSQL 15)');
  log(`${clients} clients × ${duration} s, ${vehicleCount} vehicles, ${batchSize} points per batch`);

  await recreateDatabase(url);
  const t0 = Date.now();
  const server = await startServer(url);
  const stopServer = () => { if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM'); };
  process.on('exit', stopServer);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { stopServer(); process.exit(130); });
  log(`server up on 127.0.0.1:${server.port} after ${Date.now() - t0} ms (migrated, demo city seeded)`);

  const db = new pg.Pool({ connectionString: url, max: clients + 1, application_name: 'wufei-bench-telemetry' });
  try {
    const postgres = (await db.query('SHOW server_version')).rows[0].server_version as string;
    const fleet = await createFleet(db, vehicleCount);
    const admin = new Session('bench.fleet', new http.Agent({ keepAlive: true, maxSockets: 1 }), server.port);
    await admin.login();
    const created = await admin.request('POST', '/api/tokens', { name: '压测车载GPS平台', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    if (created.status !== 201) throw new Error(`token: ${created.status} ${JSON.stringify(created.body)}`);
    const token = created.body.secret as string;
    log(`transporter with ${fleet.length} vehicles and a telemetry:write token`);

    // Points start 28 days back (the API keeps 30) and move forward 10 s per step: ample for any run here.
    const start = Date.now() - 28 * 86_400_000;
    const perVehicle = Math.ceil(batchSize / fleet.length);
    const maxBatches = Math.floor((27 * 86_400) / (SPACING_S * perVehicle));
    const warmup = WARMUP_BATCHES * clients;

    // ---- API: warm-up batches 0 … warmup-1, then timed batches until the deadline.
    const posts = Array.from({ length: clients }, () => poster(server.port, token));
    const errors = new Map<string, number>();
    let accepted = 0;
    const stored: number[] = []; // the timed batches the API took whole
    const post = async (worker: number, k: number, count: boolean) => {
      const res = await posts[worker](Buffer.from(JSON.stringify({ points: batchPoints(k, batchSize, fleet, start) })));
      const ok = res.status === 200 && res.body.accepted === batchSize;
      if (!ok) {
        const key = `${res.status} ${res.body?.code ?? ''} accepted=${res.body?.accepted ?? '-'}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
        if ([...errors.values()].reduce((a, b) => a + b, 0) > 100) throw new Error(`too many failed batches: ${JSON.stringify(Object.fromEntries(errors))}`);
      } else if (count) {
        accepted += res.body.accepted;
        stored.push(k);
      }
    };
    await drive(clients, (k) => k < warmup, (w, k) => post(w, k, false));
    if (errors.size) throw new Error(`warm-up batches failed: ${JSON.stringify(Object.fromEntries(errors))}`);
    await db.query('CHECKPOINT').catch((e) => log(`CHECKPOINT skipped: ${e.message}`));
    let cpu = cpuWatch(server.child.pid ?? null);
    let began = performance.now();
    const deadline = began + duration * 1000;
    const api = await drive(clients, (k) => performance.now() < deadline && warmup + k < maxBatches, async (w, k) => post(w, warmup + k, true));
    const apiSeconds = (performance.now() - began) / 1000;
    const apiCpu = cpu(accepted);
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    const rows = Number((await db.query('SELECT count(*) AS n FROM vehicle_positions')).rows[0].n);
    if (rows !== warmup * batchSize + accepted) throw new Error(`vehicle_positions holds ${rows} rows, expected ${warmup * batchSize + accepted}`);
    const apiRate = accepted / apiSeconds;
    log(`API: ${api.done.length} batches, ${accepted} points in ${apiSeconds.toFixed(2)} s = ${Math.round(apiRate)} points/s, ${errorCount} failed batches; `
      + `CPU ms per 1000 points: server ${apiCpu.serverMsPer1000}, postgres ${apiCpu.postgresMsPer1000}, load generator ${apiCpu.benchMsPer1000}`);
    for (const [k, n] of errors) log(`  failed ×${n}: ${k}`);

    // ---- raw: the same table emptied, the same warm-up and timed batches, same size and concurrency.
    await db.query('TRUNCATE vehicle_positions');
    const ids = new Map(fleet.map((v) => [v.plate, v.id]));
    const clientsRaw = await Promise.all(Array.from({ length: clients }, () => db.connect()));
    const timed = [...stored].sort((a, b) => a - b);
    let rawRows = 0;
    const insert = async (worker: number, k: number, count: boolean) => {
      const points = batchPoints(k, batchSize, fleet, start);
      const r = await clientsRaw[worker].query(RAW_INSERT, [REGION, literal(points.map((p) => ids.get(p.plate)!)), literal(points.map((p) => p.at)), literal(points.map((p) => p.longitude)),
        literal(points.map((p) => p.latitude)), literal(points.map((p) => p.speedKmh)), literal(points.map((p) => p.heading))]);
      if (count) rawRows += r.rowCount ?? 0;
    };
    let raw!: { done: number[]; latencies: number[] };
    let rawSeconds!: number;
    let rawCpu!: ReturnType<ReturnType<typeof cpuWatch>>;
    try {
      await drive(clients, (k) => k < warmup, (w, k) => insert(w, k, false));
      await db.query('CHECKPOINT').catch(() => {});
      cpu = cpuWatch(null);
      began = performance.now();
      raw = await drive(clients, (i) => i < timed.length, (w, i) => insert(w, timed[i], true));
      rawSeconds = (performance.now() - began) / 1000;
      rawCpu = cpu(rawRows);
    } finally {
      for (const c of clientsRaw) c.release();
    }
    const rawRate = rawRows / rawSeconds;
    log(`raw unnest insert: ${raw.done.length} batches, ${rawRows} rows in ${rawSeconds.toFixed(2)} s = ${Math.round(rawRate)} rows/s; `
      + `CPU ms per 1000 rows: postgres ${rawCpu.postgresMsPer1000}, this process ${rawCpu.benchMsPer1000}`);
    if (rawRows !== accepted) throw new Error(`the raw insert wrote ${rawRows} rows, the API ${accepted}`);

    const sortedApi = [...api.latencies].sort((a, b) => a - b);
    const sortedRaw = [...raw.latencies].sort((a, b) => a - b);
    const ratio = apiRate / rawRate;
    process.stdout.write(`${JSON.stringify({
      bench: 'telemetry', clients, vehicles: fleet.length, batchSize, seconds: round(apiSeconds, 2), batches: api.done.length, points: accepted,
      apiPointsPerSec: Math.round(apiRate), rawPointsPerSec: Math.round(rawRate), rawSeconds: round(rawSeconds, 2), ratio: round(ratio, 3), goalRatio: GOAL_RATIO,
      p50ms: round(percentile(sortedApi, 50)), p99ms: round(percentile(sortedApi, 99)), rawP50ms: round(percentile(sortedRaw, 50)), rawP99ms: round(percentile(sortedRaw, 99)),
      cpuMsPer1000Points: { server: apiCpu.serverMsPer1000, postgres: apiCpu.postgresMsPer1000, postgresRaw: rawCpu.postgresMsPer1000 },
      goalsMet: { ratio: ratio >= GOAL_RATIO }, errors: errorCount, cores: os.cpus().length, node: process.version, postgres,
    })}\n`);
  } finally {
    await db.end().catch(() => {});
    stopServer();
    if (server.child.exitCode === null && server.child.signalCode === null) await Promise.race([once(server.child, 'exit'), new Promise((r) => setTimeout(r, 10_000))]);
  }
}

main().then(() => process.exit(0), (error) => { log(`failed: ${error?.stack ?? error}`); process.exit(1); });
