import { loadConfig } from './config';
import { startPlatform } from './platform';
import { describeError } from './describe-error';

const platform = await startPlatform(loadConfig()).catch((error: unknown) => {
  console.error(`Wufei could not start: ${describeError(error)}`);
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
