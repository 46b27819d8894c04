// Alarm-scan benchmark: a province-sized store built directly in SQL (about a million ledger movements with
// their batches, 100,000 manifests in transit with their pickup signatures, vehicles and their GPS tracks,
// licences and management plans), then the periodic scan (`scanAll`, every rule as one INSERT … SELECT)
// timed twice: the first scan raises what the store holds, the second is the steady state. Prints ONE JSON
// line on stdout; everything else goes to stderr. Run it with `npm run bench:alarms` (bench/alarm-scan.sh).
//
//   TRIPS=20000 BATCHES=400000 bash bench/alarm-scan.sh
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/platform';
import { seedDemoCity } from '../src/server/demo/seed';
import { ruleCandidates, scanAll } from '../src/server/alarms/engine';
import { RULES } from '../src/server/alarms/rules';
import { int, log, recreateDatabase, round, withDatabase } from './support';

const GOAL_MS = 5000;

// Hazardous codes, commonest first (as in the dashboard benchmark); 841-001-01 is medical (48-hour storage limit).
const CODES = ['900-249-08', '900-041-49', '900-214-08', '900-039-49', '336-064-17', '841-001-01', '900-402-06', '900-252-12',
  '900-300-34', '772-002-18', '261-151-50', '900-199-08', '336-063-17', '900-047-49', '841-002-01'];
// What the receivers' licences cover: the categories of the codes above.
const LICENSED = ['HW08', 'HW49', 'HW17', 'HW01', 'HW06', 'HW12', 'HW34', 'HW18', 'HW50'];

interface Sizes { producers: number; receivers: number; transporters: number; trips: number; perTrip: number; received: number; drafts: number; batches: number; spacing: number }

/**
 * The store, relative to `now`. Trips: one per vehicle, each carrying `perTrip` manifests (one per waste code)
 * from one producer to one receiver, signed for one after the other (pickups up to a few minutes apart). Kinds of trip, with what the rules should find:
 *   driving     80 %  picked up 0.5–6 h ago, positions every `spacing` s along the producer → receiver line   nothing
 *   stopped      5 %  picked up 2–6 h ago, has not moved for the last 90 minutes                            long_stop
 *   strayed      3 %  picked up 1–6 h ago, drifting up to 30 km off the line                               off_corridor
 *   silent       4 %  picked up 2.5–6 h ago, no position since                                             no_track
 *   unconfirmed  8 %  picked up 6–12 days ago, delivered within 4 h, the receiver never signed             receipt_overdue (most)
 * Batches: generated over the last 15 months; 85 % went out (store_in then transfer_out), the rest are still
 * in store (storage_overdue when older than a year; medical ones 97 % out, the rest overdue after two days).
 * One producer in ten generated nothing in the last 70 days (ledger_silent: every producer has an approved plan).
 * One receiver in 33 has a licence that expired a month ago (licence_invalid for its open manifests).
 * Received manifests (the last 120 days) have all three signatures; 2 % have a weight discrepancy (weight_mismatch
 * when received in the last 30 days).
 */
async function generate(db: pg.Client, s: Sizes, now: Date) {
  const step = async (label: string, text: string, params: unknown[] = []) => {
    const t0 = performance.now();
    const r = await db.query(text, params);
    log(`${label}: ${r.rowCount ?? 0} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const towns = (await db.query(`SELECT code FROM regions WHERE level = 'town' ORDER BY code`)).rows.map((r) => r.code as string);
  if (towns.length === 0) throw new Error('no towns were seeded');
  const [{ id: userId }] = (await db.query(`SELECT id FROM users WHERE username = 'admin'`)).rows;
  await db.query(`CREATE TEMP TABLE bench_params AS SELECT $1::timestamptz AS now, $2::text[] AS towns, $3::text[] AS codes, $4::uuid AS user_id`, [now, towns, CODES, userId]);

  // Organisations: producers, receivers and transporters in towns all over the seeded area, with coordinates in Shandong.
  await step('organisations', `INSERT INTO organisations (kind, name, credit_code, region_code, capabilities, industry, address, longitude, latitude, contact_name, contact_phone, status)
    SELECT 'enterprise', '压测' || r.role_name || i || '有限公司', 'BENCH' || r.prefix || lpad(i::text, 8, '0'), p.towns[1 + (i * 7919 + r.k) % array_length(p.towns, 1)],
           ARRAY[r.capability], '制造业', '', 115.3 + 5.8 * random(), 35.2 + 2.6 * random(), '联系人', '0531-80000000', 'verified'
    FROM bench_params p, (VALUES ('产废单位', 'P', 'producer', 0, $1::int), ('处置单位', 'R', 'receiver', 1, $2::int), ('运输单位', 'T', 'transporter', 2, $3::int)) AS r(role_name, prefix, capability, k, n),
         LATERAL generate_series(1, r.n) AS i`, [s.producers, s.receivers, s.transporters]);
  for (const [table, prefix] of [['bench_producers', 'P'], ['bench_receivers', 'R'], ['bench_transporters', 'T']]) {
    await db.query(`CREATE TEMP TABLE ${table} AS SELECT substr(credit_code, 7)::int AS n, id, region_code, longitude AS lon, latitude AS lat FROM organisations WHERE credit_code LIKE 'BENCH${prefix}%'`);
    await db.query(`CREATE UNIQUE INDEX ON ${table} (n)`);
  }
  await step('licences', `INSERT INTO licences (organisation_id, number, valid_from, valid_to, waste_codes, annual_capacity_t)
    SELECT r.id, '鲁危证BENCH' || lpad(r.n::text, 6, '0'), date '2024-01-01',
           CASE WHEN r.n % 33 = 0 THEN (p.now - interval '30 days')::date ELSE (p.now + interval '2 years')::date END, $1::text[], 20000
    FROM bench_receivers r, bench_params p`, [LICENSED]);
  await step('vehicles', `INSERT INTO vehicles (organisation_id, plate, vehicle_type, load_t, dg_permit_no)
    SELECT t.id, '鲁' || chr(65 + i % 26) || lpad(i::text, 6, '0'), '厢式危险品运输车', 15, '鲁交运管许可字3700' || lpad(t.n::text, 6, '0') || '号'
    FROM generate_series(1, $1::int) AS i JOIN bench_transporters t ON t.n = 1 + i % $2::int`, [s.trips, s.transporters]);

  // Waste batches and their ledger movements (generate, store_in, and transfer_out for those that went out).
  await step('batches (staging)', `CREATE TEMP TABLE bench_batches AS
    SELECT gen_random_uuid() AS id, i, pr.id AS organisation_id, pr.region_code, b.code, b.quantity_t, b.generated_at,
           random() < CASE WHEN b.code LIKE '841-%' THEN 0.97 ELSE 0.85 END AS shipped
    FROM (SELECT i, 1 + (i::bigint * 104729) % $1::int AS producer,
                 p.codes[1 + floor(array_length(p.codes, 1) * power(random(), 1.5))::int] AS code,
                 round((0.05 + 4.95 * power(random(), 2))::numeric, 4) AS quantity_t,
                 CASE WHEN (1 + (i::bigint * 104729) % $1::int) % 10 = 0 THEN p.now - interval '70 days' - random() * interval '385 days'
                      ELSE p.now - random() * interval '455 days' END AS generated_at
          FROM bench_params p, generate_series(1, $2::int) AS i) b
    JOIN bench_producers pr ON pr.n = b.producer`, [s.producers, s.batches]);
  await step('waste_batches', `INSERT INTO waste_batches (region_code, id, organisation_id, batch_no, waste_code, catalogue_name, internal_name, physical_form,
      container_type, container_volume_l, container_count, quantity_t, generated_at, label_token, created_by)
    SELECT b.region_code, b.id, b.organisation_id, 'B' || lpad(b.i::text, 9, '0'), b.code, '危险废物', '压测批次', '固态', '桶', 200, 1, b.quantity_t, b.generated_at,
           'bench' || b.i, p.user_id
    FROM bench_batches b, bench_params p`);
  await step('ledger_movements', `INSERT INTO ledger_movements (region_code, organisation_id, batch_id, kind, waste_code, quantity_t, store_effect, at, recorded_by)
    SELECT b.region_code, b.organisation_id, b.id, m.kind, b.code, b.quantity_t, m.effect, m.at, p.user_id
    FROM bench_batches b CROSS JOIN bench_params p
    CROSS JOIN LATERAL (VALUES ('generate', 0, b.generated_at), ('store_in', 1, b.generated_at),
      ('transfer_out', -1, CASE WHEN b.shipped THEN least(p.now, b.generated_at + CASE WHEN b.code LIKE '841-%' THEN random() * interval '1 day' ELSE interval '1 day' + random() * interval '60 days' END) END)) AS m(kind, effect, at)
    WHERE m.at IS NOT NULL`);
  await step('management_plans', `INSERT INTO management_plans (region_code, organisation_id, year, status, management_class, expected_t, tables, submitted_at, updated_at)
    SELECT pr.region_code, pr.id, extract(year FROM p.now AT TIME ZONE 'Asia/Shanghai')::int, 'approved', 'simplified', round((1 + 99 * random())::numeric, 1), '{}'::jsonb, t, t
    FROM bench_producers pr, bench_params p, LATERAL (SELECT p.now - interval '90 days' - random() * interval '60 days' + pr.n * interval '0 s' AS t) s`);

  // Trips: one per vehicle, from a producer to a receiver; the kind decides the pickup time and the track.
  await step('trips (staging)', `CREATE TEMP TABLE bench_trips AS
    SELECT v.i, v.id AS vehicle_id, v.plate, v.organisation_id AS transporter_id, t.region_code AS transporter_region,
           pr.id AS producer_id, pr.region_code AS producer_region, pr.lon AS plon, pr.lat AS plat,
           re.id AS receiver_id, re.region_code AS receiver_region, re.lon AS rlon, re.lat AS rlat, k.kind,
           p.now - CASE k.kind WHEN 'driving' THEN interval '30 minutes' + r2 * interval '330 minutes' WHEN 'stopped' THEN interval '2 hours' + r2 * interval '4 hours'
             WHEN 'strayed' THEN interval '1 hour' + r2 * interval '5 hours' WHEN 'silent' THEN interval '150 minutes' + r2 * interval '210 minutes'
             ELSE interval '6 days' + r2 * interval '6 days' END AS picked_up_at
    FROM (SELECT row_number() OVER (ORDER BY plate)::int AS i, id, plate, organisation_id FROM vehicles WHERE plate LIKE '鲁_______') v
    JOIN bench_transporters t ON t.id = v.organisation_id
    JOIN bench_producers pr ON pr.n = 1 + (v.i * 7919) % $1::int
    JOIN bench_receivers re ON re.n = 1 + v.i % $2::int
    CROSS JOIN bench_params p
    CROSS JOIN LATERAL (SELECT random() + 0 * v.i AS r1, random() + 0 * v.i AS r2) r
    CROSS JOIN LATERAL (SELECT CASE WHEN r.r1 < 0.80 THEN 'driving' WHEN r.r1 < 0.85 THEN 'stopped' WHEN r.r1 < 0.88 THEN 'strayed' WHEN r.r1 < 0.92 THEN 'silent' ELSE 'unconfirmed' END AS kind) k`,
  [s.producers, s.receivers]);

  // Manifests: in transit (trips × perTrip), received (history) and not yet picked up (drafts, signed by the producer).
  const manifestColumns = `region_code, id, number, stream, status, producer_id, transporter_ids, receiver_id, receiver_region_code, waste_code, declared_weight_t,
    received_weight_t, planned_date, data, discrepancies, receipt_due_at, created_by, created_at, updated_at`;
  await step('manifests (staging)', `CREATE TEMP TABLE bench_manifests AS
    SELECT t.producer_region AS region_code, gen_random_uuid() AS id, 'in_transit' AS status, t.producer_id, t.transporter_id, t.receiver_id, t.receiver_region,
           p.codes[1 + (t.i + k) % array_length(p.codes, 1)] AS waste_code, round((0.5 + 4.5 * random())::numeric, 4) AS weight, t.vehicle_id, t.plate,
           t.picked_up_at + (k - 1) * random() * interval '90 seconds' AS picked_up_at, NULL::timestamptz AS received_at, '[]'::jsonb AS discrepancies
    FROM bench_trips t, bench_params p, generate_series(1, $1::int) AS k
    UNION ALL
    SELECT pr.region_code, gen_random_uuid(), 'received', pr.id, t.transporter_id, re.id, re.region_code, p.codes[1 + g.n % array_length(p.codes, 1)],
           round((0.5 + 4.5 * random())::numeric, 4), t.vehicle_id, t.plate, h.picked_up_at, h.picked_up_at + interval '1 day' + random() * interval '2 days',
           CASE WHEN g.n % 50 = 0 THEN '[{"kind":"weight","expected":2.0,"actual":1.7,"ratio":0.15}]'::jsonb ELSE '[]'::jsonb END
    FROM generate_series(1, $2::int) AS g(n) CROSS JOIN bench_params p
    JOIN bench_producers pr ON pr.n = 1 + (g.n * 31) % $4::int
    JOIN bench_receivers re ON re.n = 1 + g.n % $5::int
    JOIN bench_trips t ON t.i = 1 + g.n % $6::int
    CROSS JOIN LATERAL (SELECT p.now - interval '3 days' - random() * interval '117 days' + g.n * interval '0 s' AS picked_up_at) h
    UNION ALL
    SELECT pr.region_code, gen_random_uuid(), CASE WHEN g.n % 2 = 0 THEN 'draft' ELSE 'signed_by_producer' END, pr.id, t.transporter_id, re.id, re.region_code,
           p.codes[1 + g.n % array_length(p.codes, 1)], round((0.5 + 4.5 * random())::numeric, 4), t.vehicle_id, t.plate, NULL, NULL, '[]'::jsonb
    FROM generate_series(1, $3::int) AS g(n) CROSS JOIN bench_params p
    JOIN bench_producers pr ON pr.n = 1 + (g.n * 17) % $4::int
    JOIN bench_receivers re ON re.n = 1 + g.n % $5::int
    JOIN bench_trips t ON t.i = 1 + g.n % $6::int`, [s.perTrip, s.received, s.drafts, s.producers, s.receivers, s.trips]);
  await step('manifests', `INSERT INTO manifests (${manifestColumns})
    SELECT m.region_code, m.id, '99' || lpad((row_number() OVER ())::text, 12, '0'), 'hazardous', m.status, m.producer_id, ARRAY[m.transporter_id], m.receiver_id, m.receiver_region,
           m.waste_code, m.weight, CASE WHEN m.status = 'received' THEN m.weight END, coalesce(m.picked_up_at, p.now)::date,
           jsonb_build_object('wasteCode', m.waste_code, 'wasteName', '危险废物', 'declaredWeightT', m.weight, 'vehicleId', m.vehicle_id, 'vehiclePlate', m.plate,
             'pickupWeightT', m.weight, 'dangerousGoodsClass', '第9类'),
           m.discrepancies, CASE WHEN m.picked_up_at IS NOT NULL THEN m.picked_up_at + interval '7 days' END, p.user_id,
           coalesce(m.picked_up_at, p.now) - interval '2 hours', coalesce(m.received_at, m.picked_up_at, p.now - interval '1 hour')
    FROM bench_manifests m, bench_params p`);
  await step('manifest_signatures', `INSERT INTO manifest_signatures (manifest_id, step, leg, organisation_id, user_id, at, weight_t, data_hash)
    SELECT m.id, s.step, 0, s.organisation_id, p.user_id, s.at, m.weight, 'bench'
    FROM bench_manifests m CROSS JOIN bench_params p
    CROSS JOIN LATERAL (VALUES ('emission', m.producer_id, coalesce(m.picked_up_at, p.now) - interval '1 hour'), ('transport', m.transporter_id, m.picked_up_at),
                               ('reception', m.receiver_id, m.received_at)) AS s(step, organisation_id, at)
    WHERE s.at IS NOT NULL AND (s.step <> 'emission' OR m.status <> 'draft')`);

  // Tracks: every `spacing` seconds from pickup (or from 4 h before now for long trips) until now (or delivery).
  await step('vehicle_positions', `INSERT INTO vehicle_positions (region_code, vehicle_id, at, longitude, latitude, speed_kmh, heading, received_at)
    SELECT t.transporter_region, t.vehicle_id, g.at,
           t.plon + (t.rlon - t.plon) * f.progress + f.off + 0.002 * (random() - 0.5), t.plat + (t.rlat - t.plat) * f.progress + f.off + 0.002 * (random() - 0.5),
           CASE WHEN f.moving THEN 40 + 30 * random() ELSE 0 END, (random() * 359)::int, g.at
    FROM bench_trips t CROSS JOIN bench_params p
    CROSS JOIN LATERAL generate_series(t.picked_up_at, CASE WHEN t.kind = 'unconfirmed' THEN t.picked_up_at + interval '4 hours' ELSE p.now END, make_interval(secs => $1::int)) AS g(at)
    CROSS JOIN LATERAL (SELECT
        CASE t.kind WHEN 'unconfirmed' THEN least(1, extract(epoch FROM g.at - t.picked_up_at) / (4 * 3600))
          WHEN 'stopped' THEN least(1, extract(epoch FROM least(g.at, p.now - interval '90 minutes') - t.picked_up_at) / (6 * 3600))
          ELSE least(1, extract(epoch FROM g.at - t.picked_up_at) / (6 * 3600)) END AS progress,
        CASE WHEN t.kind = 'strayed' THEN 0.2 * least(1, extract(epoch FROM g.at - t.picked_up_at) / 3600) ELSE 0 END AS off,
        NOT (t.kind = 'stopped' AND g.at > p.now - interval '90 minutes') AS moving) f
    WHERE t.kind <> 'silent'`, [s.spacing]);
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a rule as the engine runs it (the INSERT … SELECT of engine.ts runRule, which
 * PostgreSQL runs without parallel workers), in a transaction rolled back so that nothing is raised.
 */
async function explain(database: Awaited<ReturnType<typeof openDatabase>>['database'], key: string, now: Date) {
  const rule = RULES.find((r) => r.key === key)!;
  const client = await database.pool.connect();
  let lines: string[];
  try {
    await client.query('BEGIN');
    const plan = await drizzle(client).execute<{ 'QUERY PLAN': string }>(sql`EXPLAIN (ANALYZE, BUFFERS)
      INSERT INTO alarms (rule, severity, region_code, organisation_id, subject_type, subject_id, dedupe_key, title, title_en, details, deadline)
      SELECT ${rule.key}, ${rule.severity}, c.region_code, c.organisation_id, c.subject_type, c.subject_id, ${rule.key} || ':' || c.subject_id, c.title, c.title_en, c.details,
             ${now}::timestamptz + make_interval(hours => ${rule.deadlineHours})
      FROM (${ruleCandidates(rule, now)}) c
      ON CONFLICT (dedupe_key) WHERE status IN ('open', 'assigned', 'handled') DO NOTHING`);
    lines = plan.rows.map((r) => r['QUERY PLAN']);
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
  log(`EXPLAIN ANALYZE ${key} (as the engine's INSERT, rolled back):\n${lines.map((l) => `    ${l}`).join('\n')}`);
}

async function dropDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/bench/.test(name)) throw new Error(`refusing to drop database "${name}"`);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try { await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); } finally { await admin.end(); }
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (bench/alarm-scan.sh sets it for the local PostgreSQL 15)');
  const trips = int('TRIPS', 20_000, 10, 1_000_000);
  const sizes: Sizes = {
    producers: int('PRODUCERS', 20_000, 10, 10_000_000), receivers: int('RECEIVERS', 300, 1, 100_000), transporters: int('TRANSPORTERS', 2_000, 1, 1_000_000),
    trips, perTrip: int('PER_TRIP', 5, 1, 50), received: int('RECEIVED', 400_000, 0, 100_000_000), drafts: int('DRAFTS', 5_000, 0, 10_000_000),
    batches: int('BATCHES', 400_000, 10, 100_000_000), spacing: int('SPACING', 30, 5, 3600),
  };
  const reuse = process.env.REUSE === '1';
  const keep = reuse || process.env.KEEP === '1';
  const explainRules = (process.env.EXPLAIN ?? '').split(',').filter(Boolean);
  const config = { ...loadConfig(), databaseUrl: url, demoPassword: 'wufei-bench-password' };
  if (!fs.existsSync(path.join(config.sharedDataDir, 'shandong_divisions.csv'))) log(`${config.sharedDataDir}/shandong_divisions.csv is missing: organisations go to 临清's sample towns only`);

  if (!reuse) await recreateDatabase(url);
  const jit = process.env.JIT ?? '';
  if (jit) {
    // For comparing plans with and without just-in-time compilation: a setting of the bench database (set before the platform connects).
    if (jit !== 'on' && jit !== 'off') throw new Error(`JIT must be on or off (got ${jit})`);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try { await admin.query(`ALTER DATABASE "${decodeURIComponent(new URL(url).pathname.slice(1))}" SET jit = ${jit}`); } finally { await admin.end(); }
  }
  const t0 = performance.now();
  // The platform's own path: migrations, then the demo seed (regions, catalogues, the demo city).
  const running = await openDatabase(config);
  const seeded = await seedDemoCity(running.database.db, config);
  log(`database migrated${seeded ? ` and seeded (${seeded})` : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const db = new pg.Client({ connectionString: url, application_name: 'wufei-bench-alarms' });
  await db.connect();
  let ok = false;
  try {
    const postgres = (await db.query('SHOW server_version')).rows[0].server_version as string;
    // The store's "now": the generation and both scans use it, so a slow generation shifts no window.
    const now = reuse ? new Date((await db.query(`SELECT max(at) AS at FROM vehicle_positions`)).rows[0].at) : new Date();
    let generateSeconds: number | null = null;
    if (!reuse) {
      log(`generating: ${JSON.stringify(sizes)}`);
      const tg = performance.now();
      await generate(db, sizes, now);
      const tv = performance.now();
      await db.query('VACUUM ANALYZE');
      generateSeconds = (tv - tg) / 1000;
      log(`generated in ${generateSeconds.toFixed(1)} s, VACUUM ANALYZE ${((performance.now() - tv) / 1000).toFixed(1)} s`);
    } else {
      await db.query(`DELETE FROM alarms`); // start again from an alarm-free store
      await db.query('VACUUM ANALYZE alarms');
    }
    const counts = (await db.query(`SELECT
        (SELECT count(*) FROM ledger_movements)::int AS ledger_movements, (SELECT count(*) FROM waste_batches)::int AS waste_batches,
        (SELECT count(*) FROM manifests)::int AS manifests, (SELECT count(*) FROM manifests WHERE status = 'in_transit')::int AS in_transit,
        (SELECT count(*) FROM manifest_signatures)::int AS manifest_signatures, (SELECT count(*) FROM vehicles)::int AS vehicles,
        (SELECT count(*) FROM vehicle_positions)::int AS vehicle_positions, (SELECT count(*) FROM organisations)::int AS organisations,
        (SELECT count(*) FROM licences)::int AS licences, (SELECT count(*) FROM management_plans)::int AS management_plans,
        pg_size_pretty(pg_database_size(current_database())) AS database_size`)).rows[0];
    log(`store: ${JSON.stringify(counts)}`);
    await db.query('CHECKPOINT').catch((e) => log(`CHECKPOINT skipped: ${e.message}`));
    const scan = async (label: string) => {
      const started = performance.now();
      const report = await scanAll(running.database.db, now);
      const ms = performance.now() - started;
      log(`${label} scan: ${Math.round(ms)} ms; ${report.map((r) => `${r.rule} ${r.ms} ms (${r.raised} raised)`).join(', ')}`);
      return { ms: Math.round(ms), rules: Object.fromEntries(report.map((r) => [r.rule, { ms: r.ms, raised: r.raised }])) };
    };
    const first = await scan('first');
    const second = await scan('second');
    const alarms = Number((await db.query(`SELECT count(*) FROM alarms`)).rows[0].count);
    for (const key of explainRules) await explain(running.database, key, now);
    const settings = (await running.database.db.execute<{ jit: string; shared_buffers: string; work_mem: string }>(sql`SELECT current_setting('jit') AS jit,
      current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem`)).rows[0];
    process.stdout.write(`${JSON.stringify({
      bench: 'alarm-scan', store: counts, first, second, alarms, goalMs: GOAL_MS,
      goalsMet: { first: first.ms < GOAL_MS, steady: second.ms < GOAL_MS },
      generateSeconds: round(generateSeconds), settings, node: process.version, postgres,
    })}\n`);
    ok = true;
  } finally {
    await db.end().catch(() => {});
    await running.close().catch(() => {});
    if (keep) log(`the database is kept (${url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}); REUSE=1 scans it again without generating`);
    else await dropDatabase(url).then(() => log('database dropped (KEEP=1 keeps it)'), (error) => log(`could not drop the database: ${error.message}`));
    if (!ok) log('no result');
  }
}

main().then(() => process.exit(0), (error) => { log(`failed: ${error?.stack ?? error}`); process.exit(1); });
