// Builds the web console into dist/web when its sources changed since the last build, so that
// `npm start` and `npm test` never serve a stale console and never rebuild for nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const stamp = path.join(root, 'dist/web/.source-hash');

function hashTree(hash, dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, full);
    else hash.update(full.slice(root.length)).update(fs.readFileSync(full));
  }
}

export function webSourceHash() {
  const hash = crypto.createHash('sha256');
  for (const dir of ['src/web', 'src/domain']) if (fs.existsSync(path.join(root, dir))) hashTree(hash, path.join(root, dir));
  for (const file of ['vite.config.ts', 'package-lock.json']) if (fs.existsSync(path.join(root, file))) hash.update(fs.readFileSync(path.join(root, file)));
  return hash.digest('hex');
}

export function buildWebIfStale() {
  const wanted = webSourceHash();
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return false;
  console.log('building the web console (vite build) …');
  const t0 = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed');
  fs.writeFileSync(stamp, wanted);
  console.log(`web console built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] === new URL(import.meta.url).pathname) buildWebIfStale();
