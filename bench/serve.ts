// The platform as a benchmark's child process: DATABASE_URL, demo seed, a free port reported over IPC.
// On request over IPC it profiles its own CPU ({ profile: 'start' }, then { profile: 'stop', file }):
// the V8 profiler through the inspector, for the timed part only (node --cpu-prof would include
// start-up, migrations and the demo seed).
import cluster from 'node:cluster';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

// With WUFEI_WORKERS=N (N > 1) it runs as production does with workers (src/server/cluster.ts): this
// process is the primary (migrations, seed, jobs) and forks N workers that serve one port; it reports
// the port once every worker listens. Without it, one process as before (the figures stay comparable).
async function serve() {
  const { loadConfig } = await import('../src/server/config');
  const { startPlatform } = await import('../src/server/platform');
  const workers = Number(process.env.WUFEI_WORKERS ?? 1);
  const config = { ...loadConfig(), port: 0, host: '127.0.0.1', databaseUrl: process.env.DATABASE_URL!, seedDemo: true, workers };
  const log = (line: string) => process.stderr.write(`[server${cluster.isWorker ? ` ${process.pid}` : ''}] ${line}\n`);
  if (cluster.isWorker) {
    const { WORKER_DATABASE_ENV } = await import('../src/server/cluster');
    const platform = await startPlatform(config, log, { worker: { databaseUrl: process.env[WORKER_DATABASE_ENV]! } });
    process.on('SIGTERM', () => { platform.close().finally(() => process.exit(0)); });
    return;
  }
  if (workers > 1) {
    const { runPrimary } = await import('../src/server/cluster');
    // Workers listening on port 0 all get the same port from the primary.
    const listening = new Promise<number>((resolve) => {
      let up = 0;
      cluster.on('listening', (_worker, address) => { if (++up === workers) resolve(address.port); });
    });
    const primary = await runPrimary(config, log);
    const port = await listening;
    const stop = () => { primary.close().finally(() => process.exit(0)); setTimeout(() => process.exit(0), 25_000).unref(); };
    process.on('disconnect', stop);
    process.on('SIGTERM', stop);
    process.on('message', (m: { profile?: string }) => { if (m?.profile) process.send!({ profiled: null, profiling: false }); });
    process.send!({ ready: true, port });
    return;
  }
  const platform = await startPlatform(config, log);
  const address = platform.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const stop = () => { platform.close().finally(() => process.exit(0)); setTimeout(() => process.exit(0), 5000).unref(); };
  process.on('disconnect', stop); // the benchmark went away: never outlive it
  process.on('SIGTERM', stop);
  let inspector: Session | null = null;
  process.on('message', async (m: { profile?: 'start' | 'stop'; file?: string }) => {
    try {
      if (m?.profile === 'start' && !inspector) {
        inspector = new Session();
        inspector.connect();
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.setSamplingInterval', { interval: 500 });
        await inspector.post('Profiler.start');
        process.send!({ profiling: true });
      } else if (m?.profile === 'stop' && inspector) {
        const { profile } = await inspector.post('Profiler.stop');
        inspector.disconnect();
        inspector = null;
        fs.writeFileSync(m.file!, JSON.stringify(profile));
        process.send!({ profiled: m.file });
      }
    } catch (error) {
      process.stderr.write(`[server] profiler: ${(error as Error).message}\n`);
      process.send!({ profiled: null });
    }
  });
  process.send!({ ready: true, port });
}

serve().catch((error) => { process.stderr.write(`[server] ${error?.stack ?? error}\n`); process.exit(1); });
