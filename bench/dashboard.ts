// Dashboard benchmark: a province-sized year of ledger data (ROWS movements, default 10 million, over
// the towns of Shandong's 16 cities), then the dashboard's API for city and county views against
// the naive aggregate over the raw rows, in the same run. Prints ONE JSON line on stdout.
//
//   ROWS=10000000 bash bench/dashboard.sh
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Session, int, log, percentile, recreateDatabase, round, startServer } from './support';

const GOAL_P95_MS = 150;
const GOAL_RATIO = 20;
const CHUNK = 1_000_000;
const YEAR = 2025;

// Hazardous codes of a few common categories (HW08 oils, HW49 others, HW17 surface treatment, HW01 medical …).
const CODES = ['900-249-08', '900-214-08', '900-041-49', '900-039-49', '336-064-17', '841-001-01', '900-252-12', '261-151-50', '900-402-06', '772-002-18'];
// Kinds in the proportions a real ledger has: most batches are generated, stored, taken out and handed over.
const KINDS = ['generate', 'generate', 'generate', 'store_in', 'store_in', 'store_out', 'store_out', 'transfer_out', 'transfer_out', 'self_utilise', 'self_dispose', 'receive'];
const EFFECT: Record<string, number> = { store_in: 1, store_out: -1, transfer_out: -1, self_utilise: -1, self_dispose: -1 };

async function generate(db: pg.Pool, rows: number) {
  const towns = (await db.query(`SELECT code FROM regions WHERE level = 'town' ORDER BY code`)).rows.map((r) => r.code as string);
  const cities = new Set(towns.map((t) => t.slice(0, 4)));
  if (towns.length < 1000 || cities.size < 16) throw new Error(`only ${towns.length} towns in ${cities.size} cities: the benchmark needs Shandong's divisions (../shared/data/shandong_divisions.csv)`);
  // Organisations: a few per town, each with one to four codes of its own.
  await db.query(`CREATE TEMP TABLE bench_orgs AS
    SELECT gen_random_uuid() AS id, t.code AS town, g AS n FROM unnest($1::text[]) AS t(code), generate_series(1, 3) g`, [towns]);
  await db.query(`CREATE TEMP TABLE bench_org_codes AS
    SELECT o.id, o.town, ($1::text[])[1 + (abs(hashtext(o.id::text || c)) % array_length($1::text[], 1))] AS code, row_number() OVER () AS k
    FROM bench_orgs o, generate_series(1, 1 + abs(hashtext(o.id::text)) % 4) c`, [CODES]);
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM bench_org_codes`)).rows;
  const started = performance.now();
  for (let done = 0; done < rows; done += CHUNK) {
    const size = Math.min(CHUNK, rows - done);
    await db.query(`INSERT INTO ledger_movements (region_code, organisation_id, kind, waste_code, quantity_t, store_effect, at, recorded_by)
      SELECT c.town, c.id, k.kind, c.code, round((0.01 + random() * 5)::numeric, 4), coalesce(($3::jsonb ->> k.kind)::int, 0),
             make_timestamptz(${YEAR}, 1, 1, 0, 0, 0, 'Asia/Shanghai') + random() * interval '364 days', c.id
      FROM generate_series(1, $1::int) g
      JOIN bench_org_codes c ON c.k = 1 + (g * 7919 + $4::int) % $2::int
      CROSS JOIN LATERAL (SELECT ($5::text[])[1 + (g % array_length($5::text[], 1))] AS kind) k`, [size, n, JSON.stringify(EFFECT), done, KINDS]);
    log(`generated ${done + size} of ${rows} movements`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, towns: towns.length, cities: cities.size };
}

const FOLD = `WITH moved AS (DELETE FROM ledger_monthly_delta RETURNING region_code, year, month, kind, category, quantity_t, movements)
  INSERT INTO ledger_monthly (region_code, year, month, kind, category, quantity_t, movements)
  SELECT region_code, year, month, kind, category, sum(quantity_t), sum(movements) FROM moved GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (region_code, year, month, kind, category) DO UPDATE SET quantity_t = ledger_monthly.quantity_t + excluded.quantity_t, movements = ledger_monthly.movements + excluded.movements`;

// What the dashboard asked of the raw rows before the monthly sums existed: flows by category and kind, and the monthly trend.
const NAIVE = [
  `SELECT 'HW' || right(waste_code, 2), kind, sum(quantity_t) FROM ledger_movements WHERE region_code LIKE $1 AND at >= $2 AND at < $3 GROUP BY right(waste_code, 2), kind`,
  `SELECT extract(month FROM at AT TIME ZONE 'Asia/Shanghai'), kind, sum(quantity_t) FROM ledger_movements WHERE region_code LIKE $1 AND at >= $2 AND at < $3
     AND kind IN ('generate', 'transfer_out', 'self_utilise', 'self_dispose') GROUP BY 1, kind`,
];

async function naiveMs(db: pg.Pool, prefix: string) {
  const args = [`${prefix}%`, `${YEAR}-01-01T00:00:00+08:00`, `${YEAR + 1}-01-01T00:00:00+08:00`];
  for (const q of NAIVE) await db.query(q, args); // warm the cache first
  const started = performance.now();
  for (const q of NAIVE) await db.query(q, args);
  return performance.now() - started;
}

async function timeView(session: Session, codes: string[], requests: number) {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) await session.request('GET', `/api/dashboard?regionCode=${codes[i % codes.length]}&year=${YEAR}`);
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const res = await session.request('GET', `/api/dashboard?regionCode=${codes[i % codes.length]}&year=${YEAR}`);
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`dashboard ${codes[i % codes.length]}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  }
  times.sort((a, b) => a - b);
  return { p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)), p99_ms: round(percentile(times, 99)) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (bench/dashboard.sh sets it)');
  const rows = int('ROWS', 10_000_000, 1000, 100_000_000);
  const requests = int('REQUESTS', 200, 10, 100_000);
  await recreateDatabase(url);
  process.env.WUFEI_DEMO_PASSWORD = 'wufei-bench-password';
  const { child, port } = await startServer(url);
  const db = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const generated = await generate(db, rows);
    log(`generated ${rows} movements in ${generated.seconds.toFixed(0)} s; folding and analysing`);
    await db.query(FOLD);
    await db.query('VACUUM ANALYZE ledger_movements');
    await db.query('VACUUM ANALYZE ledger_monthly');
    const cities = (await db.query(`SELECT code FROM regions WHERE level = 'city' ORDER BY code`)).rows.map((r) => r.code as string);
    const counties = (await db.query(`SELECT code FROM regions WHERE level = 'county' ORDER BY md5(code) LIMIT 30`)).rows.map((r) => r.code as string);
    const session = new Session('admin', new http.Agent({ keepAlive: true, maxSockets: 1 }), port);
    await session.login();
    const city = await timeView(session, cities, requests);
    const county = await timeView(session, counties, requests);
    log(`dashboard: city p95 ${city.p95_ms} ms, county p95 ${county.p95_ms} ms; timing the naive queries`);
    const naiveCity = median(await Promise.all(cities.slice(0, 5).map(async (c) => naiveMs(db, c.slice(0, 4)))));
    const naiveCounty = median(await Promise.all(counties.slice(0, 5).map(async (c) => naiveMs(db, c))));

    // Kept current: new movements show at once, before any fold.
    const target = counties[0];
    const read = async () => (await session.request('GET', `/api/dashboard?regionCode=${target}&year=${YEAR}`)).body.flows.generatedT as number;
    const before = await read();
    const added = (await db.query(`WITH ins AS (INSERT INTO ledger_movements (region_code, organisation_id, kind, waste_code, quantity_t, store_effect, at, recorded_by)
      SELECT (SELECT code FROM regions WHERE parent_code = $1 AND level = 'town' ORDER BY code LIMIT 1), gen_random_uuid(), 'generate', '900-249-08', 0.5, 0, make_timestamptz(${YEAR}, 6, 1, 0, 0, 0, 'Asia/Shanghai'), gen_random_uuid()
      FROM generate_series(1, 1000) RETURNING quantity_t) SELECT sum(quantity_t)::float8 AS t FROM ins`, [target])).rows[0].t as number;
    const after = await read();
    const current = Math.abs(after - before - added) < 0.001;

    const ratioCity = round(naiveCity / city.p95_ms!, 1);
    const ratioCounty = round(naiveCounty / county.p95_ms!, 1);
    process.stdout.write(JSON.stringify({
      benchmark: 'dashboard', rows, cities: generated.cities, towns: generated.towns, requests_per_view: requests,
      city, county, naive_city_ms: round(naiveCity), naive_county_ms: round(naiveCounty), ratio_city: ratioCity, ratio_county: ratioCounty,
      goal_p95_ms: GOAL_P95_MS, goal_ratio: GOAL_RATIO,
      met: city.p95_ms! < GOAL_P95_MS && county.p95_ms! < GOAL_P95_MS && ratioCity! >= GOAL_RATIO && ratioCounty! >= GOAL_RATIO,
      current, generate_rows_per_s: Math.round(rows / generated.seconds),
    }) + '\n');
  } finally {
    await db.end();
    child.kill('SIGTERM');
    if (process.env.KEEP !== '1') await recreateDatabase(url).catch(() => {});
  }
}

main().then(() => process.exit(0), (error) => { log(`failed: ${error?.stack ?? error}`); process.exit(1); });
