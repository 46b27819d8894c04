import cluster from 'node:cluster';
import { loadConfig } from './config';
import { startPlatform } from './platform';
import { runPrimary, WORKER_DATABASE_ENV } from './cluster';
import { describeError } from './describe-error';
import { databaseLost } from './http/app';

const config = loadConfig();
const workerUrl = process.env[WORKER_DATABASE_ENV];
// WUFEI_WORKERS=1 runs everything here; more, a primary that owns the database and N workers (cluster.ts).
const role = cluster.isWorker && workerUrl ? 'worker' : config.workers > 1 ? 'primary' : 'single';
const say = role === 'worker' ? (line: string) => console.log(`[worker ${process.pid}] ${line}`) : console.log;

// A connection PostgreSQL dropped can surface as a rejection that no request awaits: the job queue's own
// bookkeeping for a job under way when the database was killed or stopped. It costs that job, not the
// server (issue 19, finding 2; the crash test caught it). Anything else is a fault and stops the process.
process.on('unhandledRejection', (reason) => {
  if (databaseLost(reason)) { say(`a database connection was lost outside any request (${describeError(reason)}): carrying on`); return; }
  console.error(`Wufei stopped on an unexpected error: ${describeError(reason)}`);
  process.exit(1);
});

const platform = await (role === 'primary' ? runPrimary(config) : startPlatform(config, say, role === 'worker' ? { worker: { databaseUrl: workerUrl! } } : {})).catch((error: unknown) => {
  console.error(`Wufei could not start: ${describeError(error)}`);
  process.exit(1);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping ${role === 'worker' ? 'this worker' : role === 'primary' ? 'the workers, then the database' : 'the server and the database'} …`);
    platform.close().then(() => process.exit(0), (error: unknown) => { console.error(`stopping failed: ${describeError(error)}`); process.exit(1); });
  });
}
