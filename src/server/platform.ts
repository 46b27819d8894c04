import { sql } from 'drizzle-orm';
import type { Config } from './config';
import { connect, migrateDatabase, ensureDatabase, type Database } from './db/database';
import { startEmbedded, type EmbeddedServer } from './db/embedded';
import { buildApp } from './http/app';
import { seedDemoCity } from './demo/seed';
import { loadAuditKeys, loadSigningKey, useAuditKeys } from './platform/audit/keys';
import { platformJobs } from './jobs/registry';
import { installJobs, runJobs } from './jobs/runner';
import { describeError } from './describe-error';

export interface RunningDatabase { database: Database; embedded: EmbeddedServer | null; close: () => Promise<void> }

/** DATABASE_URL when set, otherwise the embedded server under WUFEI_DATA_DIR; migrated either way. */
export async function openDatabase(config: Config, log: (line: string) => void = () => {}, say: (line: string) => void = console.log): Promise<RunningDatabase> {
  let embedded: EmbeddedServer | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded(config.dataDir, log, say);
    await ensureDatabase(embedded.url('postgres'), 'wufei');
    url = embedded.url('wufei');
  }
  const database = connect(url, 20, config.dbTimeouts);
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close();
    await embedded?.stop();
    throw error;
  }
  return {
    database, embedded,
    close: async () => {
      await database.close();
      await embedded?.stop();
    },
  };
}

/** How this process takes part: alone (it owns the database), or as a worker of a cluster whose primary started, migrated and seeded it (src/server/cluster.ts). */
export interface PlatformRole { worker?: { databaseUrl: string } }

/** The URL of the database a platform opened, for the job queue's and the leader's own connections. */
const urlOf = (config: Config, running: RunningDatabase) => config.databaseUrl ?? running.embedded!.url('wufei');

export async function startPlatform(config: Config, log: (line: string) => void = console.log, role: PlatformRole = {}) {
  const started = Date.now();
  // The audit's keys are files outside the database (ADR 0010), made on first start.
  useAuditKeys(loadAuditKeys(config.audit.keyFile, true));
  const signing = loadSigningKey(config.audit.signingKeyFile, true);
  let running: RunningDatabase;
  let url: string;
  if (role.worker) {
    const database = connect(role.worker.databaseUrl, 20, config.dbTimeouts);
    running = { database, embedded: null, close: () => database.close() };
    url = role.worker.databaseUrl;
  } else {
    running = await openDatabase(config, () => {}, log);
    url = urlOf(config, running);
    if (config.seedDemo) {
      const seeded = await seedDemoCity(running.database.db, config, log);
      if (seeded) log(`demo city seeded: ${seeded}`);
    }
  }
  const jobs = platformJobs(config);
  if (!role.worker) await installJobs(url, jobs, log);
  const app = await buildApp({ db: running.database.db, config, ping: async () => { await running.database.db.execute(sql`SELECT 1`); } });
  // Which process answered, when there are several: an operator can tell the workers apart.
  // Set on the raw response so that streams, which write their own head, carry it too.
  if (role.worker) app.addHook('onRequest', async (_request, reply) => { reply.raw.setHeader('x-wufei-worker', String(process.pid)); });
  // The periodic jobs (sealer, ledger fold, webhook delivery, scans, audit exports) run once across
  // every process of this database (src/server/jobs, ADR 0011).
  const jobRunner = await runJobs(url, jobs, { db: running.database.db, config, log, databaseUrl: url });
  await app.listen({ port: config.port, host: config.host });
  log(`audit chain heads are signed with key ${signing.keyId} (public key ${config.audit.signingKeyFile.replace(/(\.pem)?$/, '.pub.pem')}) and exported ${config.audit.exportMinutes > 0 ? `every ${config.audit.exportMinutes} min to ${config.audit.exportDir}` : 'only on request (WUFEI_AUDIT_EXPORT_MINUTES=0)'}`);
  if (role.worker) log(`worker ${process.pid} listening (${Date.now() - started} ms)`);
  else log(`Wufei 无废 is up on http://localhost:${config.port} (database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded, ${config.dataDir}`}; ${Date.now() - started} ms)`);
  return {
    app,
    close: async () => {
      // The database stops whatever the steps before it do: a PostgreSQL left running would block the next start.
      try {
        await app.close();
        await jobRunner.stop().catch((error) => log(`stopping the jobs: ${describeError(error)}`));
      } finally {
        await running.close();
      }
    },
  };
}
