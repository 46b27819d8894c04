// Track-ingest benchmark: C concurrent fleet systems post batches of GPS points to the real server
// (POST /api/telemetry/positions with a telemetry:write token) for D seconds; then, in the same run and on
// the table emptied again, the same rows go in through a raw INSERT … SELECT FROM unnest(…) from this
// process, same batches, same concurrency; R rounds of both. Prints ONE JSON line on stdout; everything
// else goes to stderr. Run it with `npm run bench:telemetry` (bench/telemetry.sh).
//
//   CLIENTS=8 DURATION=10 ROUNDS=3 VEHICLES=200 BATCH=1000 bash bench/telemetry.sh
import os from 'node:os';
import http from 'node:http';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PASSWORD, Session, bearerPoster, cpuSeconds, int, log, percentile, postgresCpuSeconds, recreateDatabase, round, startServer } from './support';
import { plainArray } from '../src/server/db/arrays';

const GOAL_RATIO = 0.5;
const SPACING_S = 10; // a terminal reports every 10 s
const REGION = '371581101'; // the fleet's home town (临清市 松林镇)
const WARMUP_BATCHES = 2; // per client, untimed, in both phases

/** The service's insert (src/server/telemetry/service.ts) without the API around it: the same columns as array literals. */
const RAW_INSERT = `INSERT INTO vehicle_positions (region_code, vehicle_id, at, longitude, latitude, speed_kmh, heading)
  SELECT $1, v, a, lon, lat, s, h FROM unnest($2::uuid[], $3::timestamptz[], $4::float8[], $5::float8[], $6::real[], $7::smallint[]) AS t(v, a, lon, lat, s, h)
  ON CONFLICT DO NOTHING`;

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

/** CPU seconds used so far by the server, the local PostgreSQL processes and this process. */
const cpuNow = (serverPid: number) => ({ server: cpuSeconds(serverPid), postgres: postgresCpuSeconds(), self: process.cpuUsage() });
type Cpu = ReturnType<typeof cpuNow>;
const cpuSpent = (from: Cpu, to: Cpu) => ({
  server: from.server !== null && to.server !== null ? to.server - from.server : null, postgres: to.postgres - from.postgres,
  self: (to.self.user + to.self.system - from.self.user - from.self.system) / 1e6,
});

async function main() {
  const clients = int('CLIENTS', 8, 1, 256);
  const duration = int('DURATION', 10, 1, 600);
  const vehicleCount = int('VEHICLES', 200, 1, 100_000);
  const batchSize = int('BATCH', 1000, 1, 10_000);
  const rounds = int('ROUNDS', 3, 1, 20);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (bench/telemetry.sh sets it for the local PostgreSQL 15)');
  log(`${clients} clients, ${rounds} rounds of ${duration} s, ${vehicleCount} vehicles, ${batchSize} points per batch`);

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

    // Batch k is the same points whether the API or the raw insert writes it.
    const posts = Array.from({ length: clients }, () => bearerPoster(server.port, '/api/telemetry/positions', token, 30_000));
    const errors = new Map<string, number>();
    const post = async (worker: number, k: number) => {
      const res = await posts[worker](Buffer.from(JSON.stringify({ points: batchPoints(k, batchSize, fleet, start) })));
      if (res.status === 200 && res.body.accepted === batchSize) return true;
      const key = `${res.status} ${res.body?.code ?? ''} accepted=${res.body?.accepted ?? '-'}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
      if ([...errors.values()].reduce((x, y) => x + y, 0) > 100) throw new Error(`too many failed batches: ${JSON.stringify(Object.fromEntries(errors))}`);
      return false;
    };
    const ids = new Map(fleet.map((v) => [v.plate, v.id]));
    const connections = await Promise.all(Array.from({ length: clients }, () => db.connect()));
    const insert = async (worker: number, k: number) => {
      const points = batchPoints(k, batchSize, fleet, start);
      const r = await connections[worker].query(RAW_INSERT, [REGION, plainArray(points.map((p) => ids.get(p.plate)!)), plainArray(points.map((p) => p.at)), plainArray(points.map((p) => p.longitude)),
        plainArray(points.map((p) => p.latitude)), plainArray(points.map((p) => p.speedKmh)), plainArray(points.map((p) => p.heading))]);
      if (r.rowCount !== batchSize) throw new Error(`raw insert of batch ${k} wrote ${r.rowCount} rows`);
    };
    const emptyTable = async () => {
      // Both phases start with no latest positions kept either (the trigger of migration 0053 keeps them).
      await db.query('TRUNCATE vehicle_positions, vehicle_last_positions');
      await db.query('CHECKPOINT').catch((e) => log(`CHECKPOINT skipped: ${e.message}`));
    };

    const totals = { api: { points: 0, seconds: 0, batches: 0, latencies: [] as number[] }, raw: { points: 0, seconds: 0, latencies: [] as number[] } };
    const cpuApi = { server: 0, postgres: 0 }, cpuRaw = { postgres: 0 };
    const ratios: number[] = [];
    let next = 0; // the next batch number: every round writes new points
    try {
      // Warm-up, untimed: a few batches each way.
      await drive(clients, (i) => i < warmup, (w, i) => post(w, next + i).then(() => {}));
      await emptyTable();
      await drive(clients, (i) => i < warmup, (w, i) => insert(w, next + i));
      next += warmup;
      if (errors.size) throw new Error(`warm-up batches failed: ${JSON.stringify(Object.fromEntries(errors))}`);
      // Rounds alternate the two ways on an emptied table, so that both see the same table sizes and the
      // same moments of a shared machine: the API for DURATION seconds, then the raw insert of the batches it took.
      for (let n = 1; n <= rounds; n++) {
        await emptyTable();
        const taken: number[] = [];
        const base = next;
        let c0 = cpuNow(server.child.pid!);
        let began = performance.now();
        const deadline = began + duration * 1000;
        const api = await drive(clients, (i) => performance.now() < deadline && base + i < maxBatches, async (w, i) => { if (await post(w, base + i)) taken.push(base + i); });
        const apiSeconds = (performance.now() - began) / 1000;
        const apiCpu = cpuSpent(c0, cpuNow(server.child.pid!));
        next = base + api.done.length;
        const rows = Number((await db.query('SELECT count(*) AS n FROM vehicle_positions')).rows[0].n);
        if (rows !== taken.length * batchSize) throw new Error(`vehicle_positions holds ${rows} rows, expected ${taken.length * batchSize}`);

        await emptyTable();
        c0 = cpuNow(server.child.pid!);
        began = performance.now();
        const raw = await drive(clients, (i) => i < taken.length, (w, i) => insert(w, taken[i]));
        const rawSeconds = (performance.now() - began) / 1000;
        const rawCpu = cpuSpent(c0, cpuNow(server.child.pid!));

        const points = taken.length * batchSize;
        ratios.push((points / apiSeconds) / (points / rawSeconds));
        log(`round ${n}: ${points} points, API ${Math.round(points / apiSeconds)} points/s, raw ${Math.round(points / rawSeconds)} rows/s, ratio ${ratios.at(-1)!.toFixed(3)}; `
          + `CPU ms per 1000 points: API server ${round((apiCpu.server ?? 0) * 1e6 / points, 1)}, API postgres ${round(apiCpu.postgres * 1e6 / points, 1)}, `
          + `load generator ${round(apiCpu.self * 1e6 / points, 1)}; raw postgres ${round(rawCpu.postgres * 1e6 / points, 1)}, raw this process ${round(rawCpu.self * 1e6 / points, 1)}`);
        totals.api.points += points; totals.api.seconds += apiSeconds; totals.api.batches += api.done.length; totals.api.latencies.push(...api.latencies);
        totals.raw.points += points; totals.raw.seconds += rawSeconds; totals.raw.latencies.push(...raw.latencies);
        cpuApi.server += apiCpu.server ?? 0; cpuApi.postgres += apiCpu.postgres; cpuRaw.postgres += rawCpu.postgres;
      }
    } finally {
      for (const c of connections) c.release();
    }
    const errorCount = [...errors.values()].reduce((x, y) => x + y, 0);
    for (const [k, n] of errors) log(`  failed ×${n}: ${k}`);

    const apiRate = totals.api.points / totals.api.seconds, rawRate = totals.raw.points / totals.raw.seconds;
    const ratio = apiRate / rawRate;
    const sortedApi = totals.api.latencies.sort((x, y) => x - y), sortedRaw = totals.raw.latencies.sort((x, y) => x - y);
    const perK = (seconds: number) => round((seconds * 1e6) / totals.api.points, 1);
    process.stdout.write(`${JSON.stringify({
      bench: 'telemetry', clients, vehicles: fleet.length, batchSize, rounds, seconds: round(totals.api.seconds, 2), batches: totals.api.batches, points: totals.api.points,
      apiPointsPerSec: Math.round(apiRate), rawPointsPerSec: Math.round(rawRate), rawSeconds: round(totals.raw.seconds, 2),
      ratio: round(ratio, 3), roundRatios: ratios.map((r) => round(r, 3)), goalRatio: GOAL_RATIO,
      p50ms: round(percentile(sortedApi, 50)), p99ms: round(percentile(sortedApi, 99)), rawP50ms: round(percentile(sortedRaw, 50)), rawP99ms: round(percentile(sortedRaw, 99)),
      cpuMsPer1000Points: { server: perK(cpuApi.server), postgres: perK(cpuApi.postgres), postgresRaw: perK(cpuRaw.postgres) },
      goalsMet: { ratio: ratio >= GOAL_RATIO }, errors: errorCount, cores: os.cpus().length, node: process.version, postgres,
    })}\n`);
  } finally {
    await db.end().catch(() => {});
    stopServer();
    if (server.child.exitCode === null && server.child.signalCode === null) await Promise.race([once(server.child, 'exit'), new Promise((r) => setTimeout(r, 10_000))]);
  }
}

main().then(() => process.exit(0), (error) => { log(`failed: ${error?.stack ?? error}`); process.exit(1); });
