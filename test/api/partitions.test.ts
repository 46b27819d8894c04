import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { migrateDatabase, migrationsFolder, type Database } from '../../src/server/db/database';
import { emptyDatabase } from '../support/database';

// Issue 19, retention: GPS positions and weighbridge tickets are partitioned by month. A database
// holding rows from before the change is migrated and keeps every row (and the tickets' triggers and
// order); the maintenance then creates the months ahead, moves rows out of the default partition
// into a month created for them, and drops whole months older than the retention.

let fresh: Awaited<ReturnType<typeof emptyDatabase>>;
let database: Database;
let oldFolder = '';
const db = () => database.db;
// drizzle wraps a refused statement ("Failed query: …"); PostgreSQL's reason is its cause.
const refusal = (query: Promise<unknown>) => query.then(() => 'done', (error) => String(error?.cause?.message ?? error?.message));
const count = async (query: ReturnType<typeof sql>) => Number((await db().execute<{ n: number }>(query)).rows[0].n);

const facility = crypto.randomUUID(), vehicle = crypto.randomUUID();
// Rows of three months: two years ago, last month and now (China Standard Time months).
const now = new Date();
const monthsAgo = (n: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 15, 4));
const times = [monthsAgo(24), monthsAgo(1), new Date(now.getTime() - 3_600_000)];

beforeAll(async () => {
  fresh = await emptyDatabase('wufei_part', 4);
  database = fresh.database;
  // The migrations up to the one before partitioning, from a copy of the folder with a shorter journal.
  oldFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-migrations-'));
  fs.cpSync(migrationsFolder, oldFolder, { recursive: true });
  const journalFile = path.join(oldFolder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
  journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0048_partition_positions');
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  await migrate(drizzle(database.pool), { migrationsFolder: oldFolder });

  for (const [i, at] of times.entries()) {
    await db().execute(sql`INSERT INTO vehicle_positions (region_code, vehicle_id, at, longitude, latitude) VALUES ('371581', ${vehicle}, ${at.toISOString()}::timestamptz, 115.7, 36.8)`);
    await db().execute(sql`
      INSERT INTO weighbridge_tickets (region_code, facility_id, ticket_no, plate, waste_class, gross_t, tare_t, net_t, in_at, out_at, posted_by)
      VALUES ('371581', ${facility}, ${`OLD-${i}`}, '鲁P12345', 'other', 18, 10, 8, ${at.toISOString()}::timestamptz - interval '10 minutes', ${at.toISOString()}::timestamptz, 'test')`);
  }
}, 120_000);

afterAll(async () => {
  await fresh?.drop();
  if (oldFolder) fs.rmSync(oldFolder, { recursive: true, force: true });
});

describe('monthly partitions', () => {
  it('migrates the GPS and ticket tables into monthly partitions without losing a row', async () => {
    const before = (await db().execute<{ seq: number; id: string }>(sql`SELECT seq, id FROM weighbridge_tickets ORDER BY seq`)).rows;
    const dailyBefore = await count(sql`SELECT coalesce(sum(tickets), 0) AS n FROM weighbridge_daily WHERE facility_id = ${facility}`);
    expect(dailyBefore).toBe(3);
    await migrateDatabase(database);

    const kinds = (await db().execute<{ relname: string; relkind: string }>(sql`SELECT relname, relkind FROM pg_class WHERE relname IN ('vehicle_positions', 'weighbridge_tickets') ORDER BY relname`)).rows;
    expect(kinds).toEqual([{ relname: 'vehicle_positions', relkind: 'p' }, { relname: 'weighbridge_tickets', relkind: 'p' }]);
    // Every row, each in the month of its time and none in the default partition.
    expect(await count(sql`SELECT count(*) AS n FROM vehicle_positions WHERE vehicle_id = ${vehicle}`)).toBe(3);
    expect((await db().execute<{ seq: number; id: string }>(sql`SELECT seq, id FROM weighbridge_tickets ORDER BY seq`)).rows).toEqual(before);
    expect(await count(sql`SELECT count(*) AS n FROM vehicle_positions_default`)).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM weighbridge_tickets_default`)).toBe(0);
    const twoYearsAgo = times[0];
    const cst = new Date(twoYearsAgo.getTime() + 8 * 3_600_000);
    const month = `${cst.getUTCFullYear()}${String(cst.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(await count(sql`SELECT count(*) AS n FROM ${sql.identifier(`vehicle_positions_p${month}`)}`)).toBe(1);
    expect(await count(sql`SELECT count(*) AS n FROM ${sql.identifier(`weighbridge_tickets_p${month}`)}`)).toBe(1);
    // The primary keys hold the partition column; the tickets' keep region first.
    const keys = (await db().execute<{ table: string; columns: string }>(sql`
      SELECT c.conrelid::regclass::text AS table, string_agg(a.attname, ',' ORDER BY k.ord) AS columns
      FROM pg_constraint c CROSS JOIN unnest(c.conkey) WITH ORDINALITY k(att, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att
      WHERE c.contype = 'p' AND c.conrelid IN ('vehicle_positions'::regclass, 'weighbridge_tickets'::regclass) GROUP BY 1 ORDER BY 1`)).rows;
    expect(keys).toEqual([{ table: 'vehicle_positions', columns: 'region_code,vehicle_id,at' }, { table: 'weighbridge_tickets', columns: 'region_code,id,out_at' }]);

    // The tickets' triggers came along: a new ticket adds to the daily sums, and tickets cannot be edited or deleted.
    await db().execute(sql`
      INSERT INTO weighbridge_tickets (region_code, facility_id, ticket_no, plate, waste_class, gross_t, tare_t, net_t, in_at, out_at, posted_by)
      VALUES ('371581', ${facility}, 'NEW-1', '鲁P12345', 'other', 18, 10, 8, now() - interval '20 minutes', now() - interval '10 minutes', 'test')`);
    expect(await count(sql`SELECT coalesce(sum(tickets), 0) AS n FROM weighbridge_daily WHERE facility_id = ${facility}`)).toBe(4);
    expect(await refusal(db().execute(sql`UPDATE weighbridge_tickets SET net_t = 1 WHERE facility_id = ${facility}`))).toMatch(/append-only/);
    expect(await refusal(db().execute(sql`DELETE FROM weighbridge_tickets WHERE facility_id = ${facility}`))).toMatch(/append-only/);
    // The ticket order continues after the copied tickets.
    const [{ seq }] = (await db().execute<{ seq: number }>(sql`SELECT seq FROM weighbridge_tickets WHERE ticket_no = 'NEW-1'`)).rows;
    expect(seq).toBeGreaterThan(Math.max(...before.map((b) => b.seq)));
    // The same ticket number at the same time out is still refused by the unique index.
    expect(await refusal(db().execute(sql`
      INSERT INTO weighbridge_tickets (region_code, facility_id, ticket_no, plate, waste_class, gross_t, tare_t, net_t, in_at, out_at, posted_by)
      SELECT region_code, facility_id, ticket_no, plate, waste_class, gross_t, tare_t, net_t, in_at, out_at, posted_by FROM weighbridge_tickets WHERE ticket_no = 'NEW-1'`))).toMatch(/duplicate key value violates unique constraint "weighbridge_tickets_p\d{6}_region_code_facility_id_ticket/);
  });

  it('keeps the months ingestion may write to, three months ahead, and moves strays out of the default partition, saying so', async () => {
    const { ensurePartitions, dropExpiredPartitions } = await import('../../src/server/db/partitions');
    const partitions = async (table: string) => (await db().execute<{ name: string }>(sql`
      SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = ${table}::regclass ORDER BY 1`)).rows.map((r) => r.name);
    // Created at the migration: a ticket may be three years old, a GPS point thirty days.
    const tickets = await partitions('weighbridge_tickets');
    const cstNow = new Date(now.getTime() + 8 * 3_600_000);
    const monthAt = (offset: number) => { const d = new Date(Date.UTC(cstNow.getUTCFullYear(), cstNow.getUTCMonth() + offset, 1)); return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`; };
    expect(tickets).toContain(`weighbridge_tickets_p${monthAt(3)}`);
    expect(tickets).toContain(`weighbridge_tickets_p${monthAt(-36)}`);
    expect(await partitions('vehicle_positions')).toContain(`vehicle_positions_p${monthAt(-1)}`);

    // A point five months ahead (a terminal with a wrong clock, written by SQL): no month yet, so the default takes it.
    const ahead = new Date(Date.UTC(cstNow.getUTCFullYear(), cstNow.getUTCMonth() + 5, 10));
    await db().execute(sql`INSERT INTO vehicle_positions (region_code, vehicle_id, at, longitude, latitude) VALUES ('371581', ${vehicle}, ${ahead.toISOString()}::timestamptz, 115.7, 36.8)`);
    await db().execute(sql`
      INSERT INTO weighbridge_tickets (region_code, facility_id, ticket_no, plate, waste_class, gross_t, tare_t, net_t, in_at, out_at, posted_by)
      VALUES ('371581', ${facility}, 'AHEAD-1', '鲁P12345', 'other', 18, 10, 8, ${ahead.toISOString()}::timestamptz - interval '10 minutes', ${ahead.toISOString()}::timestamptz, 'test')`);
    expect(await count(sql`SELECT count(*) AS n FROM vehicle_positions_default`)).toBe(1);
    const lines: string[] = [];
    const early = await ensurePartitions(db(), { log: (line) => lines.push(line) });
    expect(early.strays).toEqual([{ table: 'vehicle_positions', rows: 1 }, { table: 'weighbridge_tickets', rows: 1 }]);
    expect(lines.join('\n')).toMatch(/1 rows of vehicle_positions lie outside every month created/);

    // Two months on, the maintenance creates that month and moves the rows into it, in words.
    const later = new Date(Date.UTC(cstNow.getUTCFullYear(), cstNow.getUTCMonth() + 2, 10));
    lines.length = 0;
    const report = await ensurePartitions(db(), { now: later, log: (line) => lines.push(line) });
    expect(report.moved).toEqual([{ partition: `vehicle_positions_p${monthAt(5)}`, rows: 1 }, { partition: `weighbridge_tickets_p${monthAt(5)}`, rows: 1 }]);
    expect(report.strays).toEqual([]);
    expect(lines.join('\n')).toMatch(new RegExp(`moved 1 rows of weighbridge_tickets out of weighbridge_tickets_default into the new month weighbridge_tickets_p${monthAt(5)}`));
    expect(await count(sql`SELECT count(*) AS n FROM vehicle_positions WHERE vehicle_id = ${vehicle}`)).toBe(4);
    expect(await count(sql`SELECT count(*) AS n FROM ${sql.identifier(`weighbridge_tickets_p${monthAt(5)}`)} WHERE ticket_no = 'AHEAD-1'`)).toBe(1);
    // The default partition is back in place with its triggers: tickets in it are still append-only.
    expect(await refusal(db().execute(sql`DELETE FROM weighbridge_tickets WHERE ticket_no = 'AHEAD-1'`))).toMatch(/append-only/);
    expect(await count(sql`SELECT count(*) AS n FROM pg_inherits WHERE inhrelid = 'weighbridge_tickets_default'::regclass`)).toBe(1);

    // Retention: with six months of GPS kept, the point from two years ago goes with its month; last month's stays.
    lines.length = 0;
    const dropped = await dropExpiredPartitions(db(), { vehicle_positions: 6, weighbridge_tickets: 120 }, { log: (line) => lines.push(line) });
    expect(dropped).toContain(`vehicle_positions_p${monthAt(-24)}`);
    expect(dropped.some((d) => d.startsWith('weighbridge_tickets'))).toBe(false);
    expect(dropped).not.toContain(`vehicle_positions_p${monthAt(-6)}`);
    expect(await count(sql`SELECT count(*) AS n FROM vehicle_positions WHERE vehicle_id = ${vehicle}`)).toBe(3);
    expect(await count(sql`SELECT count(*) AS n FROM weighbridge_tickets WHERE facility_id = ${facility}`)).toBe(5);
    expect(lines.join('\n')).toMatch(/dropped vehicle_positions_p\d{6}.*older than 6 months, WUFEI_RETENTION_GPS_MONTHS/);
    // Below the floor it refuses, and says why.
    await expect(dropExpiredPartitions(db(), { vehicle_positions: 2, weighbridge_tickets: 120 })).rejects.toThrow(/below the floor of 6.*positioning data at least six months/);
  });
});
