import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { startPlatform } from '../../src/server/platform';
import { loadConfig } from '../../src/server/config';
import { freePort } from '../../src/server/db/embedded';
import { cloneTemplate } from '../../test/support/database';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'wufei-demo';

export interface RunningPlatform { baseUrl: string; browser: Browser; stop: () => Promise<void>; /** The private copy's database, for set-up steps that age records as the api tests do. */ databaseUrl?: string }

/**
 * The whole platform as a user meets it: the real server (HTTP on a free port, the built console)
 * on a private copy of the demo city, and Debian's Chromium.
 */
export async function startE2E(): Promise<RunningPlatform> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk`);
  if (!fs.existsSync(path.resolve('dist/web/index.html'))) throw new Error('the console is not built: npm test builds it (scripts/web-build.mjs)');
  const clone = await cloneTemplate();
  await clone.database.close();
  const port = await freePort();
  const config = { ...loadConfig(), port, host: '127.0.0.1', databaseUrl: clone.url, demoPassword: DEMO_PASSWORD, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-e2e-')) };
  const platform = await startPlatform(config, () => {});
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    databaseUrl: clone.url,
    stop: async () => {
      await browser.close();
      await platform.close();
      await clone.drop();
    },
  };
}

/**
 * A browser tab in a fresh context. It asks for reduced motion, as a person may: the console then
 * opens modals, drawers and lists without animating, and a click cannot land on a button that is
 * still moving into place (`motion: true` keeps the animations).
 */
export async function newPage(p: RunningPlatform, options: { mobile?: boolean; locale?: string; motion?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await p.browser.newContext({
    baseURL: p.baseUrl,
    reducedMotion: options.motion ? 'no-preference' : 'reduce',
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1440, height: 900 },
    ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  // A loaded CI machine runs the api tests beside these; an answer can take several seconds.
  page.setDefaultTimeout(30_000);
  explainFailures(page);
  return { context, page };
}

/**
 * When a test fails, says what the page itself showed and heard: the messages and form errors on
 * screen, the API calls that failed or were slow, errors thrown in the page. A timeout alone says
 * only what was awaited; this says why it never came.
 */
function explainFailures(page: Page) {
  const heard: string[] = [];
  const started = Date.now();
  const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const hear = (line: string) => { heard.push(`${at()} ${line}`); if (heard.length > 30) heard.shift(); };
  // API calls sent and not yet answered: a test waiting on a page that waits on the server says so.
  const waiting = new Map<Request, number>();
  // A live feed (…/stream) stays open by design and is left out.
  page.on('request', (request) => { const { pathname } = new URL(request.url()); if (pathname.startsWith('/api/') && !pathname.endsWith('/stream')) waiting.set(request, Date.now()); });
  page.on('requestfinished', (request) => waiting.delete(request));
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/')) return;
    // Every write is worth knowing about when a test fails after it.
    if (response.request().method() !== 'GET') { hear(`${response.request().method()} ${url.pathname} → ${response.status()}`); return; }
    const timing = response.request().timing();
    const took = timing.responseStart > 0 ? timing.responseStart : 0;
    if (response.status() >= 400 || took > 3_000) hear(`${response.request().method()} ${url.pathname}${url.search} → ${response.status()} (${(took / 1000).toFixed(1)} s)`);
  });
  page.on('requestfailed', (request) => waiting.delete(request));
  page.on('requestfailed', (request) => hear(`${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`));
  page.on('pageerror', (error) => hear(`page error: ${error.message}`));
  try {
    onTestFailed(async ({ task }) => {
      if (page.isClosed()) return;
      const shown = await page.locator('.ant-message-notice, .ant-notification-notice, .ant-form-item-explain-error, .ant-alert-message, .ant-modal-title')
        .allInnerTexts().catch(() => [] as string[]);
      const unanswered = [...waiting].map(([request, since]) => `still waiting ${((Date.now() - since) / 1000).toFixed(1)} s for ${request.method()} ${new URL(request.url()).pathname}`);
      const report = [`page ${page.url()}`, ...shown.map((text) => `on screen: ${text.replace(/\s+/g, ' ').trim()}`), ...heard, ...unanswered].join('\n  ');
      const error = task.result?.errors?.[0];
      if (error) error.message = `${error.message}\n  ${report}`;
      else console.log(report);
    });
  } catch {
    // Opened outside a test (in beforeAll): nothing to attach the explanation to.
  }
}

export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
}

export async function screenshot(page: Page, name: string) {
  const dir = path.resolve('.tmp/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * Opens an Ant Design select by its test id and picks the option showing `text`. A select filled
 * from the server replaces its options as answers arrive, and a click that lands on an option being
 * replaced selects nothing (the form then says 请输入…): so the pick is checked, the select showing
 * the choice, and made again if it did not take, at most three times. A single select's list is
 * closed afterwards; a multiple select's stays open, as it does for a person.
 */
export async function pick(page: Page, testId: string, text: string, search?: string) {
  const select = page.getByTestId(testId);
  const kind = (await select.getAttribute('class')) ?? '';
  const multiple = kind.includes('ant-select-multiple');
  const openList = page.locator('.ant-select-dropdown:visible');
  for (let attempt = 1; ; attempt++) {
    if (!multiple || attempt === 1 || !(await openList.count())) await select.click();
    if (search) await page.keyboard.type(search);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
    // An auto-complete takes the option's value into its input, which need not read as the option does.
    if (kind.includes('ant-select-auto-complete')) return;
    const took = await select.filter({ hasText: text }).waitFor({ timeout: 5_000 }).then(() => true, () => false);
    if (took) break;
    if (attempt === 3) throw new Error(`picking “${text}” in ${testId} did not take: the select shows “${(await select.innerText().catch(() => '')).trim()}”`);
    // Close a list left open before trying again (Escape with no list open would close the drawer or modal around it).
    if (!multiple && (await openList.count())) await page.keyboard.press('Escape');
    if (search) await select.locator('input').fill('').catch(() => {});
  }
  // A single select's list closes by itself once the choice is made; one left open is closed.
  if (!multiple && !(await openList.first().waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false))) await page.keyboard.press('Escape');
}


/**
 * Picks from a select that searches on the server and replaces its options as answers arrive (an
 * alarm's owner): a click that lands while they are replaced selects nothing, so pick again until
 * `done` (a selector that shows the choice took, e.g. an enabled button) appears, at most three times.
 */
export async function pickSearched(page: Page, testId: string, text: string, search: string, done: string) {
  for (let attempt = 1; ; attempt++) {
    await pick(page, testId, text, search);
    if (await page.waitForSelector(done, { timeout: 3_000 }).then(() => true, () => false)) return;
    if (attempt === 3) throw new Error(`picking ${text} in ${testId} did not take`);
    await page.keyboard.press('Escape');
  }
}

/** Calls the API as the page's logged-in user (for set-up steps that are not the subject of a test). */
export async function apiCall(page: Page, method: string, url: string, body?: unknown) {
  return page.evaluate(async ({ method, url, body }) => {
    const me = await (await fetch('/api/auth/me')).json();
    const payload = method === 'GET' ? undefined : JSON.stringify(body ?? {});
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: payload });
    return { status: res.status, json: await res.json().catch(() => null) };
  }, { method, url, body });
}
