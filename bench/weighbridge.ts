// Weighbridge benchmark, two parts in one run on one database. Prints ONE JSON line on stdout; everything
// else goes to stderr. Run it with `npm run bench:weighbridge` (bench/weighbridge.sh).
//
// (a) Ingest: C weighbridge systems post batches of B tickets to the real server (POST /api/weighbridge/tickets
//     with a weighbridge:write token of the facilities' operator) for D seconds; then, on the tables emptied
//     again, the same tickets go in through a raw INSERT … SELECT FROM unnest(…) of the service's columns from
//     this process, same batches, same concurrency (the statement trigger keeping weighbridge_daily fires both
//     ways). R rounds; the ratio is API tickets/s over raw rows/s.
// (b) Day view: weighbridge_daily filled set-based as a province's year of tickets fills it (every county of
//     the seeded province with its facilities and routes, one row per route and day, and per town, day and
//     class collected outside routes), then GET /api/household/tonnage by town and by facility, over a month
//     and over a year, as a county's urban-management official and as the platform administrator (no
//     province-level official exists), each timed N times through HTTP: p50 / p95.
//
//   CLIENTS=2 DURATION=15 ROUNDS=2 BATCH=10000 DAYS=365 ROUTES=50 REPEAT=30 bash bench/weighbridge.sh
import os from 'node:os';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PASSWORD, Session, bearerPoster, int, log, percentile, recreateDatabase, round, startServer } from './support';
import { plainArray, textArray } from '../src/server/db/arrays';

const GOAL_RATIO = 0.5;
const GOAL_P95_MS = 100;
const REGION = '371581101'; // the operator's home town (临清市 松林镇)
const CLASSES = ['other', 'kitchen', 'recyclable', 'hazardous', 'bulky', 'renovation', 'mixed'];
const WARMUP_BATCHES = 1; // per client, untimed, in both phases

/** The service's insert (src/server/household/weighbridge.ts, ingestTickets) without the API around it. */
const RAW_INSERT = `INSERT INTO weighbridge_tickets (region_code, id, facility_id, ticket_no, kind, corrects, reason, plate, vehicle_id, waste_class, gross_t, tare_t, net_t, in_at, out_at, route_id, origin_region_code, measured, posted_by)
  SELECT $1, id, facility_id, ticket_no, 'ticket', NULL, '', plate, vehicle_id, waste_class, gross_t, tare_t, net_t, in_at, out_at, NULL, origin, true, 'bench:raw'
  FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::numeric[], $9::numeric[], $10::numeric[], $11::timestamptz[], $12::timestamptz[], $13::text[])
    WITH ORDINALITY AS t(id, facility_id, ticket_no, plate, vehicle_id, waste_class, gross_t, tare_t, net_t, in_at, out_at, origin, ord)
  ORDER BY ord`;

interface Ticket { facilityId: string; ticketNo: string; plate: string; wasteClass: string; grossT: number; tareT: number; netT: number; inAt: string; outAt: string; originRegionCode: string; measured: boolean }
interface Fleet { facilities: string[]; trucks: { id: string; plate: string }[]; towns: string[]; start: number }

/** Ticket g of the run: the facilities, trucks, classes and towns in turn, 20 s apart, 2–9.99 t net on a 10 t tare. */
function ticketOf(g: number, f: Fleet): Ticket {
  const net = 2 + (g % 800) / 100;
  const out = f.start + g * 20_000;
  return {
    facilityId: f.facilities[g % f.facilities.length], ticketNo: `WB${g}`, plate: f.trucks[g % f.trucks.length].plate, wasteClass: CLASSES[g % CLASSES.length],
    grossT: round(10 + net, 3)!, tareT: 10, netT: net, inAt: new Date(out - 12 * 60_000).toISOString(), outAt: new Date(out).toISOString(), originRegionCode: f.towns[g % f.towns.length], measured: true,
  };
}
const batchOf = (k: number, size: number, f: Fleet) => Array.from({ length: size }, (_, j) => ticketOf(k * size + j, f));


/** Plain SQL, untimed: a verified operator in 临清 with its administrator, its facilities and its registered collection trucks. */
async function createOperator(db: pg.Pool, facilities: number, trucks: number): Promise<Fleet> {
  const { hashPassword } = await import('../src/server/platform/accounts/passwords');
  const { demoCreditCode } = await import('../src/server/demo/seed');
  const [org] = (await db.query(
    `INSERT INTO organisations (kind, name, credit_code, region_code, capabilities, industry, address, contact_name, contact_phone, status)
     VALUES ('enterprise', '临清压测环境能源有限公司', $1, $2, ARRAY['receiver'], '生活垃圾处理', '松林镇', '地磅房', '0635-2300002', 'verified') RETURNING id`,
    [demoCreditCode('enterprise', '371581', 810_000), REGION])).rows;
  const [admin] = (await db.query(`SELECT id FROM users WHERE username = 'admin'`)).rows;
  await db.query(`INSERT INTO users (username, password_hash, display_name, role, organisation_id, region_code) VALUES ('bench.wte', $1, '压测地磅管理员', 'enterprise_admin', $2, $3)`,
    [await hashPassword(PASSWORD), org.id, REGION]);
  const facilityIds = (await db.query(
    `INSERT INTO household_facilities (region_code, organisation_id, kind, name, capacity_t_per_day, classes, created_by)
     SELECT '371581', $1, CASE WHEN i % 2 = 0 THEN 'incineration' ELSE 'transfer_station' END, '压测设施' || i, 600, ARRAY['other', 'kitchen', 'recyclable', 'hazardous', 'bulky', 'renovation'], $2
     FROM generate_series(1, $3::int) AS i ORDER BY i RETURNING id`, [org.id, admin.id, facilities])).rows.map((r) => r.id as string);
  const rows = (await db.query(
    `INSERT INTO vehicles (organisation_id, plate, vehicle_type, load_t)
     SELECT $1, '鲁PW' || lpad(i::text, 4, '0'), '压缩式垃圾车', 12 FROM generate_series(1, $2::int) AS i ORDER BY i RETURNING id, plate`, [org.id, trucks])).rows as { id: string; plate: string }[];
  await db.query(`INSERT INTO household_vehicles (vehicle_id, region_code, waste_class, tare_t, created_by) SELECT unnest($1::uuid[]), $2, 'other', 10, $3`, [rows.map((r) => r.id), REGION, admin.id]);
  const towns = (await db.query(`SELECT code FROM regions WHERE code LIKE '371581___' ORDER BY code`)).rows.map((r) => r.code as string);
  // Tickets start 700 days back and move forward 20 s each: 3 million tickets stay in the past.
  return { facilities: facilityIds, trucks: rows, towns, start: Date.now() - 700 * 86_400_000 };
}

/** Runs `work` on C workers, each taking the next batch number until `more()` says stop; returns what each batch took. */
async function drive(clients: number, more: (k: number) => boolean, work: (worker: number, k: number) => Promise<void>) {
  let next = 0;
  const latencies: number[] = [];
  let done = 0;
  await Promise.all(Array.from({ length: clients }, async (_, worker) => {
    while (more(next)) {
      const k = next++;
      const t0 = performance.now();
      await work(worker, k);
      latencies.push(performance.now() - t0);
      done++;
    }
  }));
  return { done, latencies };
}

/**
 * weighbridge_daily (and weighbridge_monthly from it) as a province's year fills them, set-based and day after day as the trigger writes it (a
 * county's rows of a year lie on many pages, not together): every county of the seeded province that has
 * towns gets FACILITIES facilities and ROUTES routes (each from one of its towns, one class, to one facility);
 * every route gives one row a day (1–4 tickets), and every town one row a day for each of recyclables and bulky
 * waste brought outside the routes. Returns what was made.
 */
async function fillProvince(db: pg.Pool, s: { facilities: number; routes: number; days: number; counties: number }, lastDay: string) {
  const step = async (label: string, text: string, params: unknown[] = []) => {
    const t0 = performance.now();
    const r = await db.query(text, params);
    log(`${label}: ${r.rowCount ?? 0} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  };
  const [admin] = (await db.query(`SELECT id FROM users WHERE username = 'admin'`)).rows;
  await step('counties', `CREATE TABLE bench_counties AS
    SELECT c.code, array_agg(t.code ORDER BY t.code) AS towns FROM regions c JOIN regions t ON t.level = 'town' AND t.code LIKE c.code || '%'
    WHERE c.level = 'county' AND c.code LIKE '37%' GROUP BY c.code ORDER BY c.code LIMIT $1`, [s.counties || 100_000]);
  await step('facilities', `CREATE TABLE bench_facilities AS WITH made AS (
      INSERT INTO household_facilities (region_code, kind, name, capacity_t_per_day, classes, created_by)
      SELECT c.code, (ARRAY['incineration','transfer_station','kitchen_plant','sanitary_landfill','sorting_centre'])[1 + i % 5], '压测设施' || c.code || '-' || i, 300 + 100 * (i % 4),
             ARRAY['other','kitchen','recyclable','hazardous','bulky','renovation'], $1
      FROM bench_counties c, generate_series(0, $2::int - 1) AS i RETURNING id, region_code, name)
    SELECT id, region_code, (split_part(name, '-', 2))::int AS i FROM made`, [admin.id, s.facilities]);
  await step('routes', `CREATE TABLE bench_routes AS WITH made AS (
      INSERT INTO household_routes (region_code, name, kind, waste_class, vehicle_ids, facility_ids, stops, created_by)
      SELECT c.towns[1 + g.n % array_length(c.towns, 1)], '压测线路' || c.code || '-' || g.n, 'urban', (ARRAY['other','kitchen','other','recyclable','other'])[1 + g.n % 5], '{}',
             ARRAY[(SELECT f.id FROM bench_facilities f WHERE f.region_code = c.code AND f.i = g.n % $2)], '[]', $1
      FROM bench_counties c, generate_series(0, $3::int - 1) AS g(n) RETURNING id, region_code, waste_class, facility_ids[1] AS facility_id)
    SELECT m.id, m.region_code AS town, substr(m.region_code, 1, 6) AS county, m.waste_class, m.facility_id FROM made m`, [admin.id, s.facilities, s.routes]);
  const first = `(${`'${lastDay}'`}::date - ${s.days - 1})`;
  const routed = await step('weighbridge_daily, routes', `INSERT INTO weighbridge_daily (region_code, facility_id, day, waste_class, origin_region_code, route_key, tickets, net_t)
    SELECT r.county, r.facility_id, d::date, r.waste_class, r.town, r.id::text, 1 + (abs(hashtext(r.id::text || d::text)) % 4) AS n,
           round(((1 + (abs(hashtext(r.id::text || d::text)) % 4)) * (3 + (abs(hashtext(d::text || r.id::text)) % 500) / 100.0))::numeric, 3)
    FROM bench_routes r, generate_series(${first}, '${lastDay}'::date, interval '1 day') AS d ORDER BY d, r.county`);
  const towns = await step('weighbridge_daily, towns', `INSERT INTO weighbridge_daily (region_code, facility_id, day, waste_class, origin_region_code, route_key, tickets, net_t)
    SELECT c.code, f.id, d::date, k.cls, t.town, '', 1 + (abs(hashtext(t.town || d::text || k.cls)) % 3), round((0.5 + (abs(hashtext(d::text || t.town || k.cls)) % 300) / 100.0)::numeric, 3)
    FROM bench_counties c CROSS JOIN LATERAL unnest(c.towns) AS t(town) JOIN bench_facilities f ON f.region_code = c.code AND f.i = 4
    CROSS JOIN (VALUES ('recyclable'), ('bulky')) AS k(cls), generate_series(${first}, '${lastDay}'::date, interval '1 day') AS d ORDER BY d, c.code`);
  // The monthly sums the same trigger keeps beside the daily ones: the daily rows regrouped by month and source town.
  const monthly = await step('weighbridge_monthly', `INSERT INTO weighbridge_monthly (region_code, facility_id, month, waste_class, source, tickets, net_t)
    SELECT region_code, facility_id, date_trunc('month', day)::date, waste_class, coalesce(nullif(origin_region_code, ''), region_code), sum(tickets), sum(net_t)
    FROM weighbridge_daily GROUP BY 1, 2, 3, 4, 5 ORDER BY 3, 1`);
  await step('analyse', 'ANALYZE weighbridge_daily, weighbridge_monthly, household_facilities, household_routes, regions');
  const [sums] = (await db.query(`SELECT count(*)::int AS rows, sum(tickets)::bigint AS tickets, (SELECT count(*) FROM bench_counties)::int AS counties,
    (SELECT sum(array_length(towns, 1)) FROM bench_counties)::int AS towns, (SELECT count(*) FROM bench_facilities)::int AS facilities, (SELECT count(*) FROM bench_routes)::int AS routes,
    pg_size_pretty(pg_total_relation_size('weighbridge_daily')) AS size FROM weighbridge_daily`)).rows;
  log(`weighbridge_daily: ${routed.rowCount} route rows + ${towns.rowCount} town rows = ${sums.rows} rows standing for ${sums.tickets} tickets (${sums.size} with indexes); weighbridge_monthly: ${monthly.rowCount} rows`);
  return { rows: sums.rows as number, monthlyRows: monthly.rowCount ?? 0, tickets: Number(sums.tickets), counties: sums.counties as number, towns: sums.towns as number, facilities: sums.facilities as number, routes: sums.routes as number, size: sums.size as string };
}

/** A county's urban-management official and a province view (the platform administrator), plain SQL, logged in over HTTP. */
async function viewers(db: pg.Pool, port: number, county: string) {
  const { hashPassword } = await import('../src/server/platform/accounts/passwords');
  const { demoCreditCode } = await import('../src/server/demo/seed');
  const hash = await hashPassword(PASSWORD);
  const [bureau] = (await db.query(`INSERT INTO organisations (kind, name, credit_code, region_code, domain, status) VALUES ('government', '压测县综合行政执法局', $1, $2, 'urban', 'verified') RETURNING id`,
    [demoCreditCode('government', county, 820_000), county])).rows;
  await db.query(`INSERT INTO users (username, password_hash, display_name, role, domain, organisation_id, region_code) VALUES ('bench.urban', $1, '压测县执法局', 'regulator', 'urban', $2, $3)`, [hash, bureau.id, county]);
  await db.query(`INSERT INTO users (username, password_hash, display_name, role, organisation_id, region_code) SELECT 'bench.province', $1, '压测平台管理员', role, organisation_id, region_code FROM users WHERE username = 'admin'`, [hash]);
  const sessions = { county: new Session('bench.urban', new http.Agent({ keepAlive: true, maxSockets: 1 }), port), province: new Session('bench.province', new http.Agent({ keepAlive: true, maxSockets: 1 }), port) };
  await sessions.county.login();
  await sessions.province.login();
  return sessions;
}

/** Waits until no statement of the platform is running (the rules the ingest route starts after answering). */
async function settle(db: pg.Pool) {
  for (let i = 0; i < 600; i++) {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND application_name NOT LIKE 'wufei-bench%'`)).rows;
    if (n === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  const clients = int('CLIENTS', 2, 1, 64);
  const duration = int('DURATION', 15, 1, 600);
  const rounds = int('ROUNDS', 2, 1, 20);
  const batchSize = int('BATCH', 10_000, 1, 10_000);
  const facilityCount = int('FACILITIES', 10, 1, 1000);
  const truckCount = int('TRUCKS', 200, 1, 9999);
  const days = int('DAYS', 365, 31, 3 * 366);
  const routesPerCounty = int('ROUTES', 50, 1, 10_000);
  const counties = int('COUNTIES', 0, 0, 10_000);
  const repeat = int('REPEAT', 30, 5, 10_000);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (bench/weighbridge.sh sets it for the local PostgreSQL 15)');
  log(`ingest: ${clients} clients, ${rounds} rounds of ${duration} s, ${batchSize} tickets per batch; day view: ${days} days, ${routesPerCounty} routes and ${facilityCount} facilities per county, ${repeat} requests per view`);

  await recreateDatabase(url);
  const t0 = Date.now();
  const server = await startServer(url);
  const stopServer = () => { if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM'); };
  process.on('exit', stopServer);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { stopServer(); process.exit(130); });
  log(`server up on 127.0.0.1:${server.port} after ${Date.now() - t0} ms (migrated, demo city seeded)`);

  const db = new pg.Pool({ connectionString: url, max: clients + 2, application_name: 'wufei-bench-weighbridge' });
  try {
    const postgres = (await db.query('SHOW server_version')).rows[0].server_version as string;

    // ---- (a) ingest ----
    const fleet = await createOperator(db, facilityCount, truckCount);
    const operator = new Session('bench.wte', new http.Agent({ keepAlive: true, maxSockets: 1 }), server.port);
    await operator.login();
    const created = await operator.request('POST', '/api/tokens', { name: '压测地磅', scopes: ['weighbridge:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    if (created.status !== 201) throw new Error(`token: ${created.status} ${JSON.stringify(created.body)}`);
    const token = created.body.secret as string;
    log(`operator with ${fleet.facilities.length} facilities, ${fleet.trucks.length} collection trucks and a weighbridge:write token`);

    const posts = Array.from({ length: clients }, () => bearerPoster(server.port, '/api/weighbridge/tickets', token, 120_000));
    const errors = new Map<string, number>();
    const post = async (worker: number, k: number) => {
      const res = await posts[worker](Buffer.from(JSON.stringify({ tickets: batchOf(k, batchSize, fleet) })));
      if (res.status === 200 && res.body.accepted === batchSize) return true;
      const key = `${res.status} ${res.body?.code ?? ''} ${res.body?.path ?? ''} accepted=${res.body?.accepted ?? '-'}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
      if ([...errors.values()].reduce((x, y) => x + y, 0) > 20) throw new Error(`too many failed batches: ${JSON.stringify(Object.fromEntries(errors))}`);
      return false;
    };
    const vehicleIds = new Map(fleet.trucks.map((v) => [v.plate, v.id]));
    const connections = await Promise.all(Array.from({ length: clients }, () => db.connect()));
    const insert = async (worker: number, k: number) => {
      const tickets = batchOf(k, batchSize, fleet);
      const r = await connections[worker].query(RAW_INSERT, ['371581', plainArray(tickets.map(() => randomUUID())), plainArray(tickets.map((t) => t.facilityId)), textArray(tickets.map((t) => t.ticketNo)),
        textArray(tickets.map((t) => t.plate)), plainArray(tickets.map((t) => vehicleIds.get(t.plate)!)), textArray(tickets.map((t) => t.wasteClass)), plainArray(tickets.map((t) => t.grossT)),
        plainArray(tickets.map((t) => t.tareT)), plainArray(tickets.map((t) => t.netT)), plainArray(tickets.map((t) => t.inAt)), plainArray(tickets.map((t) => t.outAt)), textArray(tickets.map((t) => t.originRegionCode))]);
      if (r.rowCount !== batchSize) throw new Error(`raw insert of batch ${k} wrote ${r.rowCount} rows`);
    };
    const emptyTables = async () => {
      await settle(db);
      await db.query('TRUNCATE weighbridge_tickets, weighbridge_daily, weighbridge_monthly');
      await db.query('CHECKPOINT').catch((e) => log(`CHECKPOINT skipped: ${e.message}`));
    };

    const totals = { api: { tickets: 0, seconds: 0, latencies: [] as number[] }, raw: { tickets: 0, seconds: 0, latencies: [] as number[] } };
    const ratios: number[] = [];
    const maxBatches = Math.floor((690 * 86_400) / (20 * batchSize));
    let next = 0;
    try {
      const warmup = WARMUP_BATCHES * clients;
      await drive(clients, (i) => i < warmup, (w, i) => post(w, next + i).then(() => {}));
      await emptyTables();
      await drive(clients, (i) => i < warmup, (w, i) => insert(w, next + i));
      next += warmup;
      if (errors.size) throw new Error(`warm-up batches failed: ${JSON.stringify(Object.fromEntries(errors))}`);
      // Rounds alternate the two ways on emptied tables: the API for DURATION seconds (until the rules it
      // starts after each answer have finished too), then the raw insert of the batches it took.
      for (let n = 1; n <= rounds; n++) {
        await emptyTables();
        const taken: number[] = [];
        const base = next;
        let began = performance.now();
        const deadline = began + duration * 1000;
        const api = await drive(clients, (i) => performance.now() < deadline && base + i < maxBatches, async (w, i) => { if (await post(w, base + i)) taken.push(base + i); });
        await settle(db);
        const apiSeconds = (performance.now() - began) / 1000;
        next = base + api.done;
        const rows = Number((await db.query('SELECT count(*) AS n FROM weighbridge_tickets')).rows[0].n);
        if (rows !== taken.length * batchSize) throw new Error(`weighbridge_tickets holds ${rows} rows, expected ${taken.length * batchSize}`);

        await emptyTables();
        began = performance.now();
        const raw = await drive(clients, (i) => i < taken.length, (w, i) => insert(w, taken[i]));
        const rawSeconds = (performance.now() - began) / 1000;
        const tickets = taken.length * batchSize;
        ratios.push(rawSeconds / apiSeconds);
        log(`round ${n}: ${tickets} tickets, API ${Math.round(tickets / apiSeconds)} tickets/s, raw ${Math.round(tickets / rawSeconds)} rows/s, ratio ${ratios.at(-1)!.toFixed(3)}`);
        totals.api.tickets += tickets; totals.api.seconds += apiSeconds; totals.api.latencies.push(...api.latencies);
        totals.raw.tickets += tickets; totals.raw.seconds += rawSeconds; totals.raw.latencies.push(...raw.latencies);
      }
    } finally {
      for (const c of connections) c.release();
    }
    const errorCount = [...errors.values()].reduce((x, y) => x + y, 0);
    for (const [k, n] of errors) log(`  failed ×${n}: ${k}`);
    const apiRate = totals.api.tickets / totals.api.seconds, rawRate = totals.raw.tickets / totals.raw.seconds;
    const ratio = apiRate / rawRate;
    const sortedApi = totals.api.latencies.sort((x, y) => x - y), sortedRaw = totals.raw.latencies.sort((x, y) => x - y);
    await db.query('TRUNCATE weighbridge_tickets, weighbridge_daily, weighbridge_monthly');

    // ---- (b) the day view over a province's year ----
    const lastDay = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    const province = await fillProvince(db, { facilities: facilityCount, routes: routesPerCounty, days, counties }, lastDay);
    const [{ code: county }] = (await db.query(`SELECT code FROM bench_counties ORDER BY array_length(towns, 1) DESC, code LIMIT 1`)).rows;
    const who = await viewers(db, server.port, county);
    const back = (n: number) => new Date(Date.parse(`${lastDay}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    // Whole calendar months are read from the monthly sums, the days around them from the daily ones: the
    // periods a person picks (yesterday, last month, the last twelve months) and rolling ones (30, 365 days).
    const monthStart = (monthsBack: number) => { const d = new Date(`${lastDay.slice(0, 7)}-01T00:00:00Z`); d.setUTCMonth(d.getUTCMonth() - monthsBack); return d.toISOString().slice(0, 10); };
    const lastMonthEnd = new Date(Date.parse(`${monthStart(0)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const periods: [string, string, string][] = [
      ['day', lastDay, lastDay], ['last month', monthStart(1), lastMonthEnd], ['12 months', monthStart(12), lastMonthEnd],
      ['30 days', back(29), lastDay], ['365 days', back(Math.min(days, 365) - 1), lastDay],
    ];
    const aligned = new Set(['day', 'last month', '12 months']);
    const views: Record<string, { aligned: boolean; p50: number | null; p95: number | null; max: number | null; items: number }> = {};
    for (const [viewer, session] of Object.entries(who)) {
      for (const by of ['town', 'facility']) {
        for (const [period, from, to] of periods) {
          const path = `/api/household/tonnage?by=${by}&from=${from}&to=${to}`;
          const times: number[] = [];
          let items = 0;
          for (let i = 0; i < repeat + 3; i++) {
            const t = performance.now();
            const res = await session.request('GET', path);
            const ms = performance.now() - t;
            if (res.status !== 200) throw new Error(`${viewer} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
            items = res.body.items.length;
            if (i >= 3) times.push(ms);
          }
          times.sort((x, y) => x - y);
          views[`${viewer} by ${by}, ${period}`] = { aligned: aligned.has(period), p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(times.at(-1)!), items };
          log(`${viewer} by ${by}, ${period}: p50 ${round(percentile(times, 50))} ms, p95 ${round(percentile(times, 95))} ms (${items} rows)`);
        }
      }
    }
    const worstP95 = Math.max(...Object.values(views).map((v) => v.p95 ?? 0));
    const worstAlignedP95 = Math.max(...Object.values(views).filter((v) => v.aligned).map((v) => v.p95 ?? 0));

    process.stdout.write(`${JSON.stringify({
      bench: 'weighbridge', clients, batchSize, rounds, seconds: round(totals.api.seconds, 2), tickets: totals.api.tickets,
      apiTicketsPerSec: Math.round(apiRate), rawTicketsPerSec: Math.round(rawRate), rawSeconds: round(totals.raw.seconds, 2),
      ratio: round(ratio, 3), roundRatios: ratios.map((r) => round(r, 3)), goalRatio: GOAL_RATIO,
      batchP50ms: round(percentile(sortedApi, 50)), batchP99ms: round(percentile(sortedApi, 99)), rawBatchP50ms: round(percentile(sortedRaw, 50)), rawBatchP99ms: round(percentile(sortedRaw, 99)),
      province: { ...province, days, county }, views, goalP95ms: GOAL_P95_MS,
      goalsMet: { ratio: ratio >= GOAL_RATIO, p95: worstP95 < GOAL_P95_MS, p95WholeMonthsAndDays: worstAlignedP95 < GOAL_P95_MS }, errors: errorCount, cores: os.cpus().length, node: process.version, postgres,
    })}\n`);
  } finally {
    await db.end().catch(() => {});
    stopServer();
    if (server.child.exitCode === null && server.child.signalCode === null) await Promise.race([once(server.child, 'exit'), new Promise((r) => setTimeout(r, 10_000))]);
  }
}

main().then(() => process.exit(0), (error) => { log(`failed: ${error?.stack ?? error}`); process.exit(1); });
