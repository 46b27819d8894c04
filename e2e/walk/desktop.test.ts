import { afterAll, beforeAll, expect, it } from 'vitest';
import { startE2E, type RunningPlatform } from '../support/platform';
import { walkEveryone } from '../support/walk';

// Every menu page of every kind of demo account, at a desk (1440×900); screenshots in .tmp/screenshots/walk/desktop.
let platform: RunningPlatform;
beforeAll(async () => {
  // Each account logs in from an address of its own through the loopback "proxy" (see walk.ts).
  process.env.WUFEI_TRUST_PROXY = '1';
  try { platform = await startE2E(); } finally { delete process.env.WUFEI_TRUST_PROXY; }
});
afterAll(async () => { await platform?.stop(); });

it('opens every page each role is offered with nothing refused, broken, too wide or covered', async () => {
  const { findings, accounts, pages } = await walkEveryone(platform, false);
  console.log(`walked ${pages} pages of ${accounts} accounts (desktop)`);
  expect(accounts).toBeGreaterThan(30);
  expect(findings.map((f) => `${f.account} ${f.page}: ${f.what}`)).toEqual([]);
}, 60 * 60_000);
