// Page-load benchmark (issue 20: "content within 3 s" on every menu page). Starts the platform with the
// built console as `npm start` does (embedded PostgreSQL in a temporary folder, migrations, demo city),
// logs in a few demo accounts in Debian's Chromium and opens each page of their menus the way the walk
// does (e2e/support/walk.ts: one browser context per account, page.goto per page, so the second page
// onwards finds the console's scripts in the browser's cache). Per page it records the time to the
// page's title, the time until the page's own API calls are answered and no spinner turns ("data"),
// the script bytes that came over the wire, and the API calls (count, slowest, time to first byte).
// Prints ONE JSON line on stdout; progress goes to stderr. See bench/README.md.
//
//   npm run build:web && node --import tsx bench/pages.mjs
//   ACCOUNTS=office.linqing,driver.demo PARALLEL=2 node --import tsx bench/pages.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/server/config.ts';
import { startPlatform } from '../src/server/platform.ts';
import { freePort } from '../src/server/db/embedded.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'wufei-demo';
// The office (widest menu), a regulator, an enterprise, a driver (phone pages).
const ACCOUNTS = (process.env.ACCOUNTS ?? 'office.linqing,eco.linqing,producer.demo,driver.demo').split(',').map((s) => s.trim()).filter(Boolean);
// Accounts walked at once: 1 measures an unloaded page; more load the server and the two cores as a CI run does.
const PARALLEL = Math.max(1, Number(process.env.PARALLEL ?? 1));
// Passes over every account's pages (the first pass warms the server's caches and PostgreSQL's buffers).
const PASSES = Math.max(1, Number(process.env.PASSES ?? 2));
// The walk's selector for a page's title (e2e/support/walk.ts).
const TITLE = '.ant-card-head-title, .ant-page-header-heading-title, h1, h2, h3, h4, h5, .ant-result-title';
const TITLE_IN_PAGE = TITLE.split(', ').flatMap((t) => [`main ${t}`, `.ant-layout-content ${t}`]).join(', ');

const log = (...parts) => process.stderr.write(`[bench] ${parts.join(' ')}\n`);
const round = (x, digits = 0) => (x == null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : null);

async function main() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  if (!fs.existsSync(path.resolve('dist/web/index.html'))) throw new Error('the console is not built: npm run build:web');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-bench-pages-'));
  // Embedded PostgreSQL, keys and exports in a folder of its own (DATABASE_URL ignored: the demo city is
  // seeded afresh); no WAL archive (gzipping segments would cost the measured machine CPU).
  Object.assign(process.env, { WUFEI_DATA_DIR: dataDir, WUFEI_WAL_ARCHIVE: '0', WUFEI_AUDIT_EXPORT_MINUTES: '0', DATABASE_URL: '' });
  const port = await freePort();
  const config = { ...loadConfig(), port, host: '127.0.0.1', demoPassword: PASSWORD, seedDemo: true };
  const started = performance.now();
  log(`starting the platform (embedded PostgreSQL in ${dataDir}, demo city) …`);
  const platform = await startPlatform(config, (line) => log(`[server] ${line}`));
  log(`platform up in ${round((performance.now() - started) / 1000)} s on port ${port}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const baseUrl = `http://127.0.0.1:${port}`;
  const pages = [];
  try {
    for (let pass = 1; pass <= PASSES; pass++) {
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < ACCOUNTS.length; i = next++) pages.push(...(await walk(browser, baseUrl, ACCOUNTS[i], i, pass)));
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, ACCOUNTS.length) }, worker));
    }
  } finally {
    await browser.close();
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  // The figures are of the last pass (warm server); the first pass's are reported beside them.
  const last = pages.filter((p) => p.pass === PASSES);
  const first = pages.filter((p) => p.pass === 1);
  const summary = (list) => {
    const titles = list.map((p) => p.titleMs).filter((x) => x != null).sort((a, b) => a - b);
    const data = list.map((p) => p.dataMs).sort((a, b) => a - b);
    return { pages: list.length, untitled: list.filter((p) => p.titleMs == null).length, titleMs: { p50: pct(titles, 50), p90: pct(titles, 90), max: titles.at(-1) ?? null }, dataMs: { p50: pct(data, 50), p90: pct(data, 90), max: data.at(-1) ?? null }, over3s: titles.filter((t) => t > 3000).length };
  };
  // Every API call of the last pass, by path: how often, and its time to first byte (the server's time, loopback).
  const byPath = new Map();
  for (const p of last) for (const c of p.api) {
    const key = `${c.method} ${c.path}`;
    if (!byPath.has(key)) byPath.set(key, []);
    byPath.get(key).push(c.ttfbMs);
  }
  const slowestApi = [...byPath].map(([key, t]) => { t.sort((a, b) => a - b); return { call: key, n: t.length, p50: round(pct(t, 50)), max: round(t.at(-1)) }; })
    .sort((a, b) => b.max - a.max).slice(0, 12);
  const result = {
    bench: 'pages', accounts: ACCOUNTS, parallel: PARALLEL, passes: PASSES, cores: os.cpus().length, loadAvg: os.loadavg().map((x) => round(x, 1)),
    ...summary(last), firstPass: summary(first),
    firstPageJsKb: round(Math.max(0, ...first.filter((p) => p.index === 0).map((p) => p.jsBytes)) / 1024),
    jsKbPerPage: round(last.reduce((s, p) => s + p.jsBytes, 0) / Math.max(1, last.length) / 1024, 1),
    apiCallsPerPage: round(last.reduce((s, p) => s + p.api.length, 0) / Math.max(1, last.length), 1),
    slowestPages: [...last].sort((a, b) => (b.titleMs ?? 1e9) - (a.titleMs ?? 1e9)).slice(0, 8).map((p) => ({ page: `${p.account} ${p.key}`, titleMs: p.titleMs, dataMs: p.dataMs, api: p.api.length, slowestApi: p.api.sort((a, b) => b.ttfbMs - a.ttfbMs)[0]?.call ?? null })),
    slowestApi,
    perPage: last.map((p) => ({ page: `${p.account} ${p.key}`, titleMs: p.titleMs, dataMs: p.dataMs, jsKb: round(p.jsBytes / 1024, 1), api: p.api.length, apiMaxMs: round(Math.max(0, ...p.api.map((c) => c.ttfbMs))) })),
    node: process.version,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

/** Logs one account in and opens each page of its menu in turn, as the walk does. */
async function walk(browser, baseUrl, username, index, pass) {
  const phone = username.startsWith('driver');
  const context = await browser.newContext({
    baseURL: baseUrl, reducedMotion: 'reduce', locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    viewport: phone ? { width: 390, height: 844 } : { width: 1440, height: 900 },
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}),
  });
  const out = [];
  try {
    const login = await context.request.post('/api/auth/login', { data: { username, password: PASSWORD }, headers: { 'x-forwarded-for': `10.40.0.${index + 1}` } });
    if (!login.ok()) throw new Error(`${username}: login answered ${login.status()}`);
    const keys = (await login.json()).pages.map((p) => p.key);
    const page = await context.newPage();
    const pending = new Set();
    const own = (url) => { const u = new URL(url); return u.origin === baseUrl && !u.pathname.endsWith('/stream'); };
    page.on('request', (r) => { if (own(r.url())) pending.add(r); });
    page.on('requestfinished', (r) => pending.delete(r));
    page.on('requestfailed', (r) => pending.delete(r));
    for (const [i, key] of keys.entries()) {
      const t0 = performance.now();
      await page.goto(key, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      const titled = await page.locator(TITLE_IN_PAGE).first().waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false);
      const titleMs = titled ? performance.now() - t0 : null;
      const dataMs = (await settled(page, () => pending.size)) - t0;
      // What this document loaded: scripts over the wire (transferSize is 0 from the cache) and the API calls.
      const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => ({ name: e.name, type: e.initiatorType, transfer: e.transferSize, start: e.startTime, ttfb: e.responseStart - e.requestStart, end: e.responseEnd })));
      const jsBytes = entries.filter((e) => /\.js(\?|$)/.test(new URL(e.name).pathname)).reduce((s, e) => s + e.transfer, 0);
      const api = entries.filter((e) => new URL(e.name).pathname.startsWith('/api/') && !new URL(e.name).pathname.endsWith('/stream'))
        .map((e) => { const u = new URL(e.name); return { method: 'GET', path: u.pathname.replace(/\/[0-9a-f-]{36}(?=\/|$)/g, '/:id'), call: `${u.pathname}${u.search}`, ttfbMs: round(e.ttfb), startMs: round(e.start), endMs: round(e.end) }; });
      out.push({ account: username, key, pass, index: i, titleMs: round(titleMs), dataMs: round(dataMs), jsBytes, api });
      log(`pass ${pass} ${username} ${key}: title ${titleMs == null ? 'NONE' : `${round(titleMs)} ms`}, data ${round(dataMs)} ms, js ${round(jsBytes / 1024)} kB, ${api.length} api calls${api.length ? ` (slowest ${api.reduce((a, b) => (b.ttfbMs > a.ttfbMs ? b : a)).call} ${Math.max(...api.map((c) => c.ttfbMs))} ms)` : ''}`);
    }
  } finally {
    await context.close();
  }
  return out;
}

/**
 * When the page's own calls were all answered (live feeds aside; quiet for 300 ms after) and no spinner
 * turned, at most 15 s (as the walk waits): the moment the last call ended or the last spinner stopped.
 */
async function settled(page, inFlight) {
  const deadline = performance.now() + 15_000;
  let quietSince = 0;
  while (performance.now() < deadline) {
    if (inFlight() === 0) { quietSince ||= performance.now(); if (performance.now() - quietSince >= 300) break; } else quietSince = 0;
    await page.waitForTimeout(25);
  }
  const spinning = await page.locator('.ant-spin-spinning').count();
  if (!spinning) return quietSince || performance.now();
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: Math.max(1, deadline - performance.now()) }).catch(() => {});
  return performance.now();
}

main().then(() => process.exit(0), (error) => { log(error?.stack ?? String(error)); process.exit(1); });
