// Dashboard benchmark: a province-sized year of ledger data (ROWS movements, default 10 million, over
// the towns of Shandong's 16 cities), then the dashboard's API (GET /api/dashboard) for city and
// county views against the naive aggregate over the raw rows, in the same run, and a check that new
// movements show on the dashboard before the server folds them. Prints ONE JSON line on stdout;
// everything else goes to stderr. Run it with `npm run bench:dashboard` (bench/dashboard.sh).
//
//   ROWS=10000000 bash bench/dashboard.sh
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../src/server/config';
import { FOLD_STATEMENT } from '../src/server/ledger/monthly';
import { Session, int, log, percentile, recreateDatabase, round, startServer, withDatabase } from './support';

const GOAL_P95_MS = 50;
const GOAL_RATIO = 30;
const YEAR = 2025;
const FROM = `${YEAR}-01-01T00:00:00+08:00`;
const TO = `${YEAR + 1}-01-01T00:00:00+08:00`;
const WARMUP_REQUESTS = 10;
const NAIVE_REGIONS = 5;
const CURRENT_ROWS = 1000;

// Hazardous codes, commonest first: HW08 waste oils and HW49 other wastes dominate a real ledger,
// then surface treatment (HW17), medical (HW01), solvents (HW06), paints (HW12), acids (HW34) ….
const CODES = ['900-249-08', '900-041-49', '900-214-08', '900-039-49', '336-064-17', '841-001-01', '900-402-06', '900-252-12',
  '900-300-34', '772-002-18', '261-151-50', '900-199-08', '336-063-17', '900-047-49', '841-002-01'];

// Kinds in the proportions of a real ledger: mostly generated, stored, taken out and handed over;
// a little own utilisation and disposal, and some receipts. store_effect follows the kind.
const KIND_SQL = `CASE WHEN r < 0.30 THEN 'generate' WHEN r < 0.50 THEN 'store_in' WHEN r < 0.68 THEN 'store_out' WHEN r < 0.88 THEN 'transfer_out'
  WHEN r < 0.93 THEN 'self_utilise' WHEN r < 0.97 THEN 'self_dispose' ELSE 'receive' END`;
const effectSql = (kind: string) => `CASE ${kind} WHEN 'store_in' THEN 1 WHEN 'store_out' THEN -1 WHEN 'transfer_out' THEN -1 WHEN 'self_utilise' THEN -1 WHEN 'self_dispose' THEN -1 ELSE 0 END`;

/** INSERT … SELECT of `$1` movements in towns drawn from bench_org_codes (skewed: a few organisations record most). */
const INSERT = `INSERT INTO ledger_movements (region_code, organisation_id, kind, waste_code, quantity_t, store_effect, at, recorded_by)
  SELECT c.town, c.id, m.kind, c.code, m.quantity_t, ${effectSql('m.kind')}, m.at, c.id
  FROM (SELECT ${KIND_SQL} AS kind, k, quantity_t, at FROM (
          SELECT random() AS r, 1 + floor($2::int * power(random(), 2))::int AS k,
                 round((0.01 + 4.99 * power(random(), 2))::numeric, 4) AS quantity_t,
                 $3::timestamptz + random() * interval '365 days' AS at
          FROM generate_series(1, $1::int) OFFSET 0) g) m
  JOIN bench_org_codes c ON c.k = m.k`;

// What the dashboard asked of the raw rows before the monthly sums existed: flows by category and kind, and the monthly trend.
const NAIVE = [
  `SELECT 'HW' || right(waste_code, 2) AS category, kind, sum(quantity_t)::float8 AS t FROM ledger_movements
     WHERE region_code LIKE $1 AND at >= $2 AND at < $3 GROUP BY right(waste_code, 2), kind`,
  `SELECT extract(month FROM at AT TIME ZONE 'Asia/Shanghai') AS month, kind, sum(quantity_t)::float8 AS t FROM ledger_movements
     WHERE region_code LIKE $1 AND at >= $2 AND at < $3 AND kind IN ('generate', 'transfer_out', 'self_utilise', 'self_dispose') GROUP BY 1, kind`,
];

/** The regions' file the demo seed reads (config.sharedDataDir, resolved as the child will resolve it). */
function checkDivisions() {
  const file = path.join(loadConfig().sharedDataDir, 'shandong_divisions.csv');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: the benchmark needs Shandong's divisions (16 cities, ~1800 towns) for the demo seed to load. `
      + 'Run from the project root with ../shared/data in place, or set WUFEI_SHARED_DATA to the folder that holds shandong_divisions.csv.');
  }
  return file;
}

async function generate(db: pg.Client, rows: number, chunk: number) {
  const towns = (await db.query(`SELECT code FROM regions WHERE level = 'town' ORDER BY code`)).rows.map((r) => r.code as string);
  const cities = new Set(towns.map((t) => t.slice(0, 4)));
  if (towns.length < 1000 || cities.size < 16) throw new Error(`only ${towns.length} towns in ${cities.size} cities were seeded: shandong_divisions.csv was not loaded`);
  // Organisations: three per town, each with one to four codes of its own (the common ones more often).
  // k numbers the (organisation, code) pairs in random order, so the skew below favours no city.
  await db.query(`CREATE TEMP TABLE bench_org_codes AS
    SELECT id, town, code, row_number() OVER (ORDER BY random())::int AS k FROM (
      SELECT DISTINCT o.id, o.town, ($1::text[])[1 + floor(array_length($1::text[], 1) * power(random(), 1.5))::int] AS code
      FROM (SELECT gen_random_uuid() AS id, t.code AS town, 1 + floor(random() * 4)::int AS codes FROM unnest($2::text[]) AS t(code), generate_series(1, 3)) o,
           LATERAL generate_series(1, o.codes)) x`, [CODES, towns]);
  await db.query('ANALYZE bench_org_codes');
  const [{ pairs, orgs }] = (await db.query(`SELECT count(*)::int AS pairs, count(DISTINCT id)::int AS orgs FROM bench_org_codes`)).rows;
  log(`${orgs} organisations in ${towns.length} towns of ${cities.size} cities, ${pairs} (organisation, code) pairs`);
  const started = performance.now();
  for (let done = 0; done < rows; done += chunk) {
    const size = Math.min(chunk, rows - done);
    const t0 = performance.now();
    await db.query(INSERT, [size, pairs, FROM]);
    log(`generated ${done + size} of ${rows} movements (${((performance.now() - t0) / 1000).toFixed(1)} s for this statement)`);
  }
  return { seconds: (performance.now() - started) / 1000, towns: towns.length, cities: cities.size, organisations: orgs as number };
}

async function fold(db: pg.Client) {
  await db.query('BEGIN');
  try {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('ledger_monthly_fold'))`);
    await db.query(FOLD_STATEMENT); // the server's own statement (foldLedgerDeltas): town and county grain
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

async function naiveMs(db: pg.Client, prefix: string) {
  const args = [`${prefix}%`, FROM, TO];
  for (const q of NAIVE) await db.query(q, args); // warm the cache first
  const started = performance.now();
  for (const q of NAIVE) await db.query(q, args);
  return performance.now() - started;
}

const dashboardPath = (code: string) => `/api/dashboard?regionCode=${code}&year=${YEAR}`;

async function timeView(session: Session, codes: string[], requests: number) {
  const get = async (code: string) => {
    const res = await session.request('GET', dashboardPath(code));
    if (res.status !== 200) throw new Error(`dashboard ${code}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    if (!(res.body.flows?.generatedT > 0)) throw new Error(`dashboard ${code} shows no generation: ${JSON.stringify(res.body.flows).slice(0, 200)}`);
    return res.body;
  };
  for (let i = 0; i < WARMUP_REQUESTS; i++) await get(codes[i % codes.length]);
  const times: number[] = [];
  const byRegion = new Map<string, number[]>();
  for (let i = 0; i < requests; i++) {
    const code = codes[i % codes.length];
    const started = performance.now();
    await get(code);
    const ms = performance.now() - started;
    times.push(ms);
    byRegion.set(code, [...(byRegion.get(code) ?? []), ms]);
  }
  times.sort((a, b) => a - b);
  const slowest = [...byRegion].map(([code, ms]) => [code, median(ms)] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
  return { p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)), p99_ms: round(percentile(times, 99)), slowest };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function dropDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/bench/.test(name)) throw new Error(`refusing to drop database "${name}"`);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try { await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); } finally { await admin.end(); }
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (bench/dashboard.sh sets it for the local PostgreSQL 15)');
  const rows = int('ROWS', 10_000_000, 1000, 100_000_000);
  const chunk = int('CHUNK', 1_000_000, 1000, 10_000_000);
  const requests = int('REQUESTS', 200, 10, 100_000);
  const reuse = process.env.REUSE === '1';
  const keep = reuse || process.env.KEEP === '1';
  const divisions = checkDivisions();
  log(`${reuse ? 'reusing the database as it is' : `${rows} movements in chunks of ${chunk}`}, ${requests} requests per view, divisions from ${divisions}`);

  if (!reuse) await recreateDatabase(url);
  process.env.WUFEI_DEMO_PASSWORD = 'wufei-bench-password'; // the child inherits it: the demo accounts' password
  const t0 = performance.now();
  const { child, port } = await startServer(url);
  const stopServer = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); };
  process.on('exit', stopServer);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { stopServer(); process.exit(130); });
  log(`server up on 127.0.0.1:${port} after ${Math.round(performance.now() - t0)} ms (migrated, demo seed)`);

  const db = new pg.Client({ connectionString: url, application_name: 'wufei-bench-dashboard' });
  await db.connect();
  let ok = false;
  try {
    const postgres = (await db.query('SHOW server_version')).rows[0].server_version as string;
    let generated: Awaited<ReturnType<typeof generate>> | null = null;
    let foldSeconds: number | null = null;
    if (!reuse) {
      generated = await generate(db, rows, chunk);
      log(`generated ${rows} movements in ${generated.seconds.toFixed(1)} s (${Math.round(rows / generated.seconds)} rows/s, statement trigger included); folding the rest, then VACUUM ANALYZE`);
      const tf = performance.now();
      await fold(db);
      foldSeconds = (performance.now() - tf) / 1000;
      const tv = performance.now();
      for (const table of ['ledger_movements', 'ledger_monthly', 'ledger_monthly_county', 'ledger_monthly_delta']) await db.query(`VACUUM ANALYZE ${table}`);
      log(`fold ${foldSeconds.toFixed(1)} s, VACUUM ANALYZE ${((performance.now() - tv) / 1000).toFixed(1)} s`);
    }
    const sizes = (await db.query(`SELECT (SELECT count(*) FROM ledger_movements)::int8 AS movements, (SELECT count(*) FROM ledger_monthly)::int AS monthly,
      (SELECT count(*) FROM ledger_monthly_county)::int AS county, pg_size_pretty(pg_total_relation_size('ledger_movements')) AS movements_size,
      pg_size_pretty(pg_total_relation_size('ledger_monthly')) AS monthly_size, pg_size_pretty(pg_total_relation_size('ledger_monthly_county')) AS county_size`)).rows[0];
    log(`ledger_movements: ${sizes.movements} rows, ${sizes.movements_size}; ledger_monthly: ${sizes.monthly} rows, ${sizes.monthly_size}; ledger_monthly_county: ${sizes.county} rows, ${sizes.county_size}`);

    const cities = (await db.query(`SELECT code FROM regions WHERE level = 'city' ORDER BY code`)).rows.map((r) => r.code as string);
    // Thirty counties from all over the province (a fixed pseudo-random pick), each with towns.
    const counties = (await db.query(`SELECT code FROM regions c WHERE level = 'county' AND EXISTS (SELECT FROM regions t WHERE t.parent_code = c.code AND t.level = 'town')
      ORDER BY md5(code) LIMIT 30`)).rows.map((r) => r.code as string);
    if (cities.length !== 16 || counties.length < 30) throw new Error(`expected 16 cities and 30 counties with towns, found ${cities.length} and ${counties.length}`);

    const session = new Session('admin', new http.Agent({ keepAlive: true, maxSockets: 1 }), port);
    await session.login();
    log(`timing GET /api/dashboard: ${requests} requests per view after ${WARMUP_REQUESTS} warm-up requests, one at a time`);
    const { slowest: slowCities, ...city } = await timeView(session, cities, requests);
    const { slowest: slowCounties, ...county } = await timeView(session, counties, requests);
    log(`dashboard city p50/p95/p99 ${city.p50_ms}/${city.p95_ms}/${city.p99_ms} ms (slowest medians: ${slowCities.map(([c, ms]) => `${c} ${ms.toFixed(1)}`).join(', ')})`);
    log(`dashboard county p50/p95/p99 ${county.p50_ms}/${county.p95_ms}/${county.p99_ms} ms (slowest medians: ${slowCounties.map(([c, ms]) => `${c} ${ms.toFixed(1)}`).join(', ')})`);

    // The naive aggregate over the raw rows, one region at a time, warm (each pair once before it is timed).
    const naiveCities: number[] = [];
    for (const c of cities.slice(0, NAIVE_REGIONS)) naiveCities.push(await naiveMs(db, c.slice(0, 4)));
    const naiveCounties: number[] = [];
    for (const c of counties.slice(0, NAIVE_REGIONS)) naiveCounties.push(await naiveMs(db, c));
    const naiveCity = median(naiveCities), naiveCounty = median(naiveCounties);
    log(`naive aggregate (both queries) per city ${naiveCities.map((ms) => ms.toFixed(0)).join(', ')} ms; per county ${naiveCounties.map((ms) => ms.toFixed(0)).join(', ')} ms`);

    // The same figures both ways: the dashboard's generated tonnes for a city (all streams, and the
    // 危险废物 headline: hazardous codes only) against the raw rows.
    const check = cities[0];
    const body = (await session.request('GET', dashboardPath(check))).body;
    const shown = body.flows.generatedT as number;
    const shownHazardous = (body.streams as { stream: string; generatedT: number }[]).find((x) => x.stream === 'hazardous')?.generatedT ?? NaN;
    const [raw] = (await db.query(`SELECT coalesce(sum(quantity_t), 0)::float8 AS t, coalesce(sum(quantity_t) FILTER (WHERE waste_code ~ '^\\d{3}-\\d{3}-\\d{2}$'), 0)::float8 AS hazardous
      FROM ledger_movements WHERE region_code LIKE $1 AND at >= $2 AND at < $3 AND kind = 'generate'`, [`${check.slice(0, 4)}%`, FROM, TO])).rows;
    const consistent = Math.abs(shown - raw.t) < 0.001 && Math.abs(shownHazardous - raw.hazardous) < 0.001;
    log(`${check}: dashboard shows ${shown} t generated (危险废物 ${shownHazardous} t), the raw rows sum to ${round(raw.t, 4)} t (${round(raw.hazardous, 4)} t): ${consistent ? 'the same' : 'DIFFERENT'}`);

    // Kept current: movements inserted now show at once, before any fold (the readers add the delta table).
    const target = counties[0];
    const read = async () => {
      const body = (await session.request('GET', dashboardPath(target))).body;
      return { flows: body.flows.generatedT as number, trend: (body.trend as { generatedT: number }[]).reduce((s, m) => s + m.generatedT, 0) };
    };
    const before = await read();
    const added = (await db.query(`WITH towns AS (SELECT array_agg(code) AS codes FROM regions WHERE parent_code = $1 AND level = 'town'),
      ins AS (INSERT INTO ledger_movements (region_code, organisation_id, kind, waste_code, quantity_t, store_effect, at, recorded_by)
        SELECT m.town, gen_random_uuid(), m.kind, '900-249-08', m.quantity_t, ${effectSql('m.kind')}, m.at, gen_random_uuid()
        FROM (SELECT codes[1 + floor(random() * array_length(codes, 1))::int] AS town, ${KIND_SQL} AS kind,
                     round((0.01 + 4.99 * random())::numeric, 3) AS quantity_t, $2::timestamptz + random() * interval '365 days' AS at
              FROM towns, (SELECT random() AS r FROM generate_series(1, ${CURRENT_ROWS}) OFFSET 0) g) m
        RETURNING kind, quantity_t)
      SELECT coalesce(sum(quantity_t) FILTER (WHERE kind = 'generate'), 0)::float8 AS t, count(*)::int AS n FROM ins`, [target, FROM])).rows[0];
    const after = await read();
    const pending = (await db.query(`SELECT count(*)::int AS n FROM ledger_monthly_delta`)).rows[0].n as number;
    // The API rounds each figure to 0.001 t and the inserted quantities have three decimals, so the change is exact
    // unless a rounding tie falls the other way: allow 0.001 t per rounded figure (1 for generatedT, 12 months for the trend).
    const current = Math.abs(after.flows - before.flows - added.t) <= 0.001 + 1e-9 && Math.abs(after.trend - before.trend - added.t) <= 0.012 + 1e-9;
    log(`${target}: inserted ${added.n} movements with ${round(added.t, 4)} t generated; the dashboard's generated tonnes went from ${before.flows} to ${after.flows} `
      + `(trend ${round(before.trend, 3)} → ${round(after.trend, 3)}), ${pending} delta rows not folded yet: ${current ? 'current' : 'NOT current'}`);

    const ratioCity = naiveCity / city.p95_ms!;
    const ratioCounty = naiveCounty / county.p95_ms!;
    const met = city.p95_ms! < GOAL_P95_MS && county.p95_ms! < GOAL_P95_MS && ratioCity >= GOAL_RATIO && ratioCounty >= GOAL_RATIO;
    process.stdout.write(`${JSON.stringify({
      benchmark: 'dashboard', rows: Number(sizes.movements), cities: generated?.cities ?? cities.length, towns: generated?.towns ?? null, organisations: generated?.organisations ?? null,
      monthly_rows: sizes.monthly, county_rows: sizes.county, requests_per_view: requests,
      city, county, naive_city_ms: round(naiveCity), naive_county_ms: round(naiveCounty), ratio_city: round(ratioCity), ratio_county: round(ratioCounty),
      goal_p95_ms: GOAL_P95_MS, goal_ratio: GOAL_RATIO, met, current, consistent,
      generate_s: generated ? round(generated.seconds) : null, generate_rows_per_s: generated ? Math.round(rows / generated.seconds) : null, fold_s: round(foldSeconds),
      node: process.version, postgres,
    })}\n`);
    ok = true;
  } finally {
    await db.end().catch(() => {});
    stopServer();
    if (child.exitCode === null && child.signalCode === null) await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 10_000))]);
    if (keep) log(`the database is kept (${url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}); REUSE=1 times it again without generating`);
    else await dropDatabase(url).then(() => log('database dropped (KEEP=1 keeps it)'), (error) => log(`could not drop the database: ${error.message}`));
    if (!ok) log('no result');
  }
}

main().then(() => process.exit(0), (error) => { log(`failed: ${error?.stack ?? error}`); process.exit(1); });
