// The platform as a benchmark's child process: DATABASE_URL, demo seed, a free port reported over IPC.
// On request over IPC it profiles its own CPU ({ profile: 'start' }, then { profile: 'stop', file }):
// the V8 profiler through the inspector, for the timed part only (node --cpu-prof would include
// start-up, migrations and the demo seed).
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

async function serve() {
  const { loadConfig } = await import('../src/server/config');
  const { startPlatform } = await import('../src/server/platform');
  const config = { ...loadConfig(), port: 0, host: '127.0.0.1', databaseUrl: process.env.DATABASE_URL!, seedDemo: true };
  const platform = await startPlatform(config, (line) => process.stderr.write(`[server] ${line}\n`));
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
