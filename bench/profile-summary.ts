// Reads a V8 CPU profile (the manifest benchmark's PROFILE=file) and prints where the time went: by
// function (self and total), and self time by package or source folder. Total time counts a
// function once per sample even when it recurses.
//   node --import tsx bench/profile-summary.ts /tmp/server.cpuprofile [rows]
import fs from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [rows]');
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const where = (n: Node) => {
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  const short = pkg ? `${pkg}:${url.split('/').pop()}` : url.replace(/^.*?\/(src|bench)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${short}:${n.callFrame.lineNumber + 1}`;
};
const group = (n: Node) => {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return url.split('/')[0].replace(/^node:internal$/, 'node:internal');
  return /\/(src\/[^/]+\/[^/]+)/.exec(url)?.[1] ?? url;
};

const self = new Map<string, number>();
const total = new Map<string, number>();
const groups = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  all += dt;
  const leaf = byId.get(id)!;
  self.set(where(leaf), (self.get(where(leaf)) ?? 0) + dt);
  groups.set(group(leaf), (groups.get(group(leaf)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let n: Node | undefined = leaf; n; n = byId.get(parent.get(n.id)!)) {
    const key = where(n);
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + dt);
  }
});
const idle = self.get('(idle) :0') ?? 0;
const busy = all - idle;
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (share of the ${(busy / 1000).toFixed(0)} ms not idle, of ${(all / 1000).toFixed(0)} ms profiled)`);
  for (const [k, v] of [...m].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((100 * v) / busy).toFixed(1).padStart(6)}%  ${k}`);
  }
};
show('self time by package or folder', groups);
show('self time by function', self);
show('total time by function', total);
