import { loadConfig } from './config';
import { startPlatform } from './platform';

const platform = await startPlatform(loadConfig()).catch((error) => {
  console.error('Wufei could not start:', error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message.slice(0, 500)) : error);
  process.exit(1);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the server and the database …`);
    platform.close().then(() => process.exit(0), () => process.exit(1));
  });
}
