import { sql } from 'drizzle-orm';
import type { Db } from './database';

// How far back ingestion accepts a reading (telemetry/service.ts and household/weighbridge.ts, each
// MAX_AGE_DAYS; partitions.test.ts checks they agree). Copied, not imported: the settings read this
// file, and the services pull in most of the server.
const GPS_MAX_AGE_DAYS = 30;
const TICKET_MAX_AGE_DAYS = 3 * 366;

/**
 * Monthly partitions of the tables that grow with every reading (migration 0048): GPS positions and
 * weighbridge tickets. Months are China Standard Time months (UTC+8, no daylight saving), named
 * `<table>_pYYYYMM`; a `<table>_default` partition catches a time outside every month created.
 *
 * `ensurePartitions` creates the months that ingestion may still write to (back to the oldest time it
 * accepts) and MONTHS_AHEAD ahead; `dropExpiredPartitions` drops whole months older than the retention.
 * `maintainPartitions` does both and is the job to run daily (it is idempotent).
 */
export const MONTHS_AHEAD = 3;

const MONTH_MS = 30 * 86_400_000;

export interface PartitionedTable {
  table: 'vehicle_positions' | 'weighbridge_tickets';
  column: string;
  /** How far back ingestion accepts a reading: every month from there on must exist. */
  maxAgeDays: number;
  /** The setting, its default and its floor, in months. */
  setting: string;
  defaultMonths: number;
  floorMonths: number;
  /** Why the floor is where it is, said when a setting below it is refused. */
  floorReason: { zh: string; en: string };
}

/** Whole months a reading `days` old can reach back from the current month, and one more. */
const monthsReached = (days: number) => Math.ceil((days * 86_400_000) / MONTH_MS) + 1;

export const PARTITIONED: PartitionedTable[] = [
  {
    table: 'vehicle_positions', column: 'at', maxAgeDays: GPS_MAX_AGE_DAYS, setting: 'WUFEI_RETENTION_GPS_MONTHS', defaultMonths: 36,
    // 道路运输车辆动态监督管理办法: satellite positioning data are kept at least six months (and the
    // records of violations three years, which the 36-month default also covers).
    floorMonths: Math.max(6, monthsReached(GPS_MAX_AGE_DAYS)),
    floorReason: {
      zh: '《道路运输车辆动态监督管理办法》要求卫星定位数据至少保存6个月',
      en: 'the road transport vehicle monitoring rules (道路运输车辆动态监督管理办法) keep positioning data at least six months',
    },
  },
  {
    table: 'weighbridge_tickets', column: 'out_at', maxAgeDays: TICKET_MAX_AGE_DAYS, setting: 'WUFEI_RETENTION_WEIGHBRIDGE_MONTHS', defaultMonths: 120,
    // A ticket may be posted up to three years late and corrected later still: were its month dropped,
    // a resend would be taken as new and counted twice in the daily and monthly sums, and a correction
    // could not find the ticket it corrects.
    floorMonths: monthsReached(TICKET_MAX_AGE_DAYS),
    floorReason: {
      zh: `磅单可在${TICKET_MAX_AGE_DAYS}天内补传或更正：过早删除会使补传的磅单被重复计入日、月汇总`,
      en: `tickets may be posted or corrected up to ${TICKET_MAX_AGE_DAYS} days late: dropping them sooner would count a resent ticket twice in the daily and monthly sums`,
    },
  },
];

export type Retention = Record<PartitionedTable['table'], number>;

/**
 * The retention settings, in whole months. A value below a table's floor stops the start with the
 * reason in words (a setting that deletes records still needed is not something to fall back from quietly).
 */
export function retentionFromEnv(env: NodeJS.ProcessEnv = process.env): Retention {
  const retention = {} as Retention;
  for (const t of PARTITIONED) {
    const raw = env[t.setting]?.trim();
    if (!raw) { retention[t.table] = t.defaultMonths; continue; }
    if (!/^\d+$/.test(raw)) throw new Error(`${t.setting}=${raw}: give a whole number of months (default ${t.defaultMonths}) / 请填写整月数（默认 ${t.defaultMonths}）`);
    const months = Number(raw);
    if (months < t.floorMonths) {
      throw new Error(`${t.setting}=${months} is below the floor of ${t.floorMonths} months: ${t.floorReason.en} / ${t.setting} 不得少于 ${t.floorMonths} 个月：${t.floorReason.zh}`);
    }
    retention[t.table] = months;
  }
  return retention;
}

/** The first day of the China Standard Time month of `time`, as a month index (year * 12 + month - 1). */
function monthIndex(time: Date): number {
  const cst = new Date(time.getTime() + 8 * 3_600_000);
  return cst.getUTCFullYear() * 12 + cst.getUTCMonth();
}

const monthName = (index: number) => `${Math.floor(index / 12)}${String((index % 12) + 1).padStart(2, '0')}`;
const monthStart = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01 00:00:00+08`;
const partitionName = (table: string, index: number) => `${table}_p${monthName(index)}`;

/** The monthly partitions of a table, by month index (partitions not named by us are left alone). */
async function monthsOf(db: Db, table: string): Promise<Map<number, string>> {
  const rows = (await db.execute<{ name: string }>(sql`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = ${table}::regclass`)).rows;
  const months = new Map<number, string>();
  for (const { name } of rows) {
    const m = new RegExp(`^${table}_p(\\d{4})(\\d{2})$`).exec(name);
    if (m) months.set(Number(m[1]) * 12 + Number(m[2]) - 1, name);
  }
  return months;
}

export interface PartitionReport {
  created: string[];
  /** Rows taken out of a default partition into the month created for them. */
  moved: { partition: string; rows: number }[];
  dropped: string[];
  /** Rows left in a default partition (a time outside every month): kept, never dropped, reported. */
  strays: { table: string; rows: number }[];
}

export interface PartitionOptions { now?: Date; ahead?: number; log?: (line: string) => void }

/**
 * Creates every missing month from the oldest one ingestion still accepts to `ahead` months after
 * this one. Rows of such a month already sitting in the default partition are moved into the new
 * month in the same transaction, and the move is logged; rows the default keeps are reported.
 */
export async function ensurePartitions(db: Db, { now = new Date(), ahead = MONTHS_AHEAD, log = () => {} }: PartitionOptions = {}): Promise<PartitionReport> {
  const report: PartitionReport = { created: [], moved: [], dropped: [], strays: [] };
  for (const t of PARTITIONED) {
    const existing = await monthsOf(db, t.table);
    const first = Math.min(monthIndex(new Date(now.getTime() - t.maxAgeDays * 86_400_000)), monthIndex(now));
    const last = monthIndex(now) + ahead;
    for (let m = first; m <= last; m++) {
      if (existing.has(m)) continue;
      const name = partitionName(t.table, m);
      const moved = await db.transaction(async (tx) => {
        const parent = sql.identifier(t.table), fallback = sql.identifier(`${t.table}_default`), col = sql.identifier(t.column), part = sql.identifier(name);
        const range = sql`${col} >= ${monthStart(m)}::timestamptz AND ${col} < ${monthStart(m + 1)}::timestamptz`;
        // The parent is locked first, so no insert lands in the default between the count and the move.
        await tx.execute(sql`LOCK TABLE ${parent} IN SHARE ROW EXCLUSIVE MODE`);
        const [{ rows }] = (await tx.execute<{ rows: number }>(sql`SELECT count(*)::int AS rows FROM ${fallback} WHERE ${range}`)).rows;
        if (!rows) {
          await tx.execute(sql`CREATE TABLE IF NOT EXISTS ${part} PARTITION OF ${parent} FOR VALUES FROM (${sql.raw(`'${monthStart(m)}'`)}) TO (${sql.raw(`'${monthStart(m + 1)}'`)})`);
          return 0;
        }
        // A month cannot be created while the default holds rows of it: the default is detached (which
        // also takes off the triggers cloned from the parent, so its rows can be moved), the month is
        // created and filled, and the default goes back without them. The parent's statement trigger
        // (the weighbridge sums) does not fire: the rows are counted already.
        await tx.execute(sql`ALTER TABLE ${parent} DETACH PARTITION ${fallback}`);
        await tx.execute(sql`CREATE TABLE ${part} PARTITION OF ${parent} FOR VALUES FROM (${sql.raw(`'${monthStart(m)}'`)}) TO (${sql.raw(`'${monthStart(m + 1)}'`)})`);
        const inserted = await tx.execute(sql`INSERT INTO ${part} OVERRIDING SYSTEM VALUE SELECT * FROM ${fallback} WHERE ${range}`);
        const deleted = await tx.execute(sql`DELETE FROM ${fallback} WHERE ${range}`);
        if (inserted.rowCount !== rows || deleted.rowCount !== rows) throw new Error(`${name}: moved ${inserted.rowCount} rows and removed ${deleted.rowCount} from ${t.table}_default, expected ${rows}`);
        await tx.execute(sql`ALTER TABLE ${parent} ATTACH PARTITION ${fallback} DEFAULT`);
        return rows;
      });
      report.created.push(name);
      if (moved) {
        report.moved.push({ partition: name, rows: moved });
        log(`partitions: moved ${moved} rows of ${t.table} out of ${t.table}_default into the new month ${name}`);
      }
    }
    const [{ rows }] = (await db.execute<{ rows: number }>(sql`SELECT count(*)::int AS rows FROM ${sql.identifier(`${t.table}_default`)}`)).rows;
    if (rows) {
      report.strays.push({ table: t.table, rows });
      log(`partitions: ${rows} rows of ${t.table} lie outside every month created, in ${t.table}_default; they are kept and never dropped by the retention`);
    }
  }
  if (report.created.length) log(`partitions: created ${report.created.join(', ')}`);
  return report;
}

/**
 * Drops the months that ended before the retention: with `retention[table] = 36`, the 36 whole months
 * before this one are kept, and older months are dropped whole (a DROP, not row deletes: the tickets'
 * append-only trigger guards rows against edits, while retention ends whole months by design). The
 * default partition is never dropped.
 */
export async function dropExpiredPartitions(db: Db, retention: Retention, { now = new Date(), log = () => {} }: PartitionOptions = {}): Promise<string[]> {
  const dropped: string[] = [];
  for (const t of PARTITIONED) {
    const months = retention[t.table];
    if (!(months >= t.floorMonths)) throw new Error(`${t.table}: a retention of ${months} months is below the floor of ${t.floorMonths}: ${t.floorReason.en}`);
    const keepFrom = monthIndex(now) - months;
    const expired = [...(await monthsOf(db, t.table))].filter(([m]) => m < keepFrom).sort((a, b) => a[0] - b[0]).map(([, name]) => name);
    for (const name of expired) await db.execute(sql`DROP TABLE ${sql.identifier(name)}`);
    if (expired.length) log(`partitions: dropped ${expired.join(', ')} (older than ${months} months, ${t.setting})`);
    dropped.push(...expired);
  }
  return dropped;
}

/** The daily job: the months ahead, then the retention. */
export async function maintainPartitions(db: Db, retention: Retention, options: PartitionOptions = {}): Promise<PartitionReport> {
  const report = await ensurePartitions(db, options);
  report.dropped = await dropExpiredPartitions(db, retention, options);
  return report;
}
