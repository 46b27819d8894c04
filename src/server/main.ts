import cluster from 'node:cluster';
import { loadConfig } from './config';
import { startPlatform } from './platform';
import { runPrimary, WORKER_DATABASE_ENV } from './cluster';
import { describeError } from './describe-error';

const config = loadConfig();
const workerUrl = process.env[WORKER_DATABASE_ENV];
// WUFEI_WORKERS=1 runs everything here; more, a primary that owns the database and N workers (cluster.ts).
const role = cluster.isWorker && workerUrl ? 'worker' : config.workers > 1 ? 'primary' : 'single';
const say = role === 'worker' ? (line: string) => console.log(`[worker ${process.pid}] ${line}`) : console.log;

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
