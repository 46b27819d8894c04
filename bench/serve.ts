// The platform as a benchmark's child process: DATABASE_URL, demo seed, a free port reported over IPC.
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
  process.send!({ ready: true, port });
}


serve().catch((error) => { process.stderr.write(`[server] ${error?.stack ?? error}\n`); process.exit(1); });
