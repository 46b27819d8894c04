import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema';
import { ensurePartitions } from './partitions';

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: services take this so callers can compose them. */
export type Queryable = Db | Tx;

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// numeric comes back as a string by default; quantities in tonnes are read as numbers.
pg.types.setTypeParser(1700, (value) => Number(value));
// bigint counts (count(*)) fit comfortably in a double.
pg.types.setTypeParser(20, (value) => Number(value));

export interface Database { pool: pg.Pool; db: Db; close: () => Promise<void> }

/**
 * Time limits of the app's connections, so that one stuck connection cannot hang the server: how long
 * a request waits for a free connection, how long one statement may run, and how long a transaction
 * may sit open doing nothing (PostgreSQL then ends that session). 0 turns a limit off.
 */
export interface DbTimeouts { acquireMs: number; statementMs: number; idleInTransactionMs: number }
export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { acquireMs: 10_000, statementMs: 60_000, idleInTransactionMs: 60_000 };

export function connect(url: string, max = 20, timeouts: Partial<DbTimeouts> = {}): Database {
  const limits = { ...DEFAULT_DB_TIMEOUTS, ...timeouts };
  const pool = new pg.Pool({
    connectionString: url, max, idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: limits.acquireMs,
    ...(limits.statementMs > 0 ? { statement_timeout: limits.statementMs } : {}),
    ...(limits.idleInTransactionMs > 0 ? { idle_in_transaction_session_timeout: limits.idleInTransactionMs } : {}),
  });
  // An idle connection that drops (a restart, pg_terminate_backend) is reported here and discarded.
  pool.on('error', () => {});
  // The pool listens for errors only on idle connections. One that drops while checked out (inside a
  // transaction) emits 'error' on its client, and an 'error' nobody listens to stops the whole
  // process. The query in flight fails on its own and the pool discards the dead client on release,
  // so the only thing to do here is to listen.
  pool.on('connect', (client) => { client.on('error', () => {}); });
  const db = drizzle(pool, { schema });
  return { pool, db, close: () => pool.end() };
}

/** Runs the committed migrations once, under an advisory lock so two starting servers don't race. */
export async function migrateDatabase(database: Database): Promise<void> {
  const client = await database.pool.connect();
  try {
    // A migration may rewrite a large table: no statement limit for it.
    await client.query('SET statement_timeout = 0');
    await client.query('SELECT pg_advisory_lock(7261001)');
    await migrate(drizzle(client, { schema }), { migrationsFolder });
    // The months ingestion may write to exist before the first insert.
    await ensurePartitions(drizzle(client, { schema }), { log: (line) => console.log(line) });
  } finally {
    await client.query('SELECT pg_advisory_unlock(7261001)').catch(() => {});
    await client.query('RESET statement_timeout').catch(() => {});
    client.release();
  }
}

/** Creates the database if the server does not have it yet (the embedded server starts with only `postgres`). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
}
