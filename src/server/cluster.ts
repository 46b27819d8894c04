import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config';
import { openDatabase } from './platform';
import { seedDemoCity } from './demo/seed';
import { loadAuditKeys, loadSigningKey } from './platform/audit/keys';
import { platformJobs } from './jobs/registry';
import { installJobs } from './jobs/runner';

// Several server processes on one port (node:cluster). The primary owns the database: it starts (or
// adopts) the embedded PostgreSQL, migrates and seeds once, installs the job schedules, then forks the
// workers, which connect by URL and serve. It serves no requests itself.

/** The worker's database, handed down by the primary (not a setting: DATABASE_URL keeps its meaning). */
export const WORKER_DATABASE_ENV = 'WUFEI_WORKER_DATABASE_URL';

/** A worker that dies is forked again after 1 s, doubling while they keep dying, at most 30 s. */
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/** A worker that lived this long was healthy: the back-off starts over. */
const HEALTHY_AFTER_MS = 60_000;

export async function runPrimary(config: Config, log: (line: string) => void = console.log): Promise<{ close: () => Promise<void> }> {
  const started = Date.now();
  // Made here once, so that workers starting together never race to create the key files.
  loadAuditKeys(config.audit.keyFile, true);
  loadSigningKey(config.audit.signingKeyFile, true);
  const running = await openDatabase(config, () => {}, log);
  const url = config.databaseUrl ?? running.embedded!.url('wufei');
  try {
    if (config.seedDemo) {
      const seeded = await seedDemoCity(running.database.db, config, log);
      if (seeded) log(`demo city seeded: ${seeded}`);
    }
    await installJobs(url, platformJobs(config), log);
  } catch (error) {
    await running.close();
    throw error;
  }
  // The primary keeps no pool: only the workers query.
  await running.database.close();

  let stopping = false;
  let backoff = FIRST_BACKOFF_MS;
  let upCount = 0;
  const born = new Map<Worker, number>();
  const fork = () => {
    const worker = cluster.fork({ [WORKER_DATABASE_ENV]: url });
    born.set(worker, Date.now());
    worker.once('listening', () => {
      upCount++;
      if (upCount === config.workers) {
        log(`Wufei 无废 is up on http://localhost:${config.port} with ${config.workers} worker processes (database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded, ${config.dataDir}`}; ${Date.now() - started} ms)`);
      }
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (born.get(worker) ?? Date.now());
    born.delete(worker);
    if (stopping) return;
    if (lived > HEALTHY_AFTER_MS) backoff = FIRST_BACKOFF_MS;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    log(`worker ${worker.process.pid} ${how} after ${Math.round(lived / 1000)} s; starting another in ${backoff / 1000} s`);
    const wait = backoff;
    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    setTimeout(() => { if (!stopping) fork(); }, wait);
  });
  for (let i = 0; i < config.workers; i++) fork();

  return {
    close: async () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
      log(`stopping ${workers.length} worker processes …`);
      await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) return resolve();
        // A worker that does not finish its requests in 20 s is killed.
        const force = setTimeout(() => w.process.kill('SIGKILL'), 20_000);
        w.once('exit', () => { clearTimeout(force); resolve(); });
        w.process.kill('SIGTERM');
      })));
      await running.embedded?.stop();
    },
  };
}
