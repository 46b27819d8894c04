// npm start: build the console if needed, then run the server (embedded PostgreSQL unless
// DATABASE_URL is set; the demo city is seeded on first start).
import path from 'node:path';
import { spawn } from 'node:child_process';
import { buildWebIfStale } from './web-build.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
buildWebIfStale();
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
