import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, type RunningPlatform } from './support/platform';

// The agriculture bureau's morning (issue 16): 陈立新 opens 农业固体废物, reads 临清's farm rates computed
// from the towns' and companies' books, opens how 秸秆综合利用率 was computed down to its records, goes
// on to the straw books, and finds the same rates on the 大屏; a town station reads its own town's on a phone.

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('the agricultural overview', () => {
  it('shows the bureau its computed rows, how one was computed, its systems and the 大屏’s part', async () => {
    const { page } = await newPage(platform);
    await login(page, 'agri.linqing');
    await page.getByTestId('menu-agri').click();
    await page.getByTestId('indicator-card').first().waitFor();
    const names = await page.getByTestId('indicator-name').allInnerTexts();
    for (const name of ['秸秆综合利用率', '畜禽粪污综合利用率', '农膜回收率', '病死畜禽集中无害化处理率', '化学农药施用量下降幅度', '畜禽规模养殖比重']) {
      expect(names.some((n) => n.includes(name)), name).toBe(true);
    }
    const straw = page.getByTestId('indicator-card').filter({ hasText: '秸秆综合利用率' });
    await expect.poll(() => straw.getByTestId('indicator-source').innerText()).toBe('平台计算');
    await straw.getByTestId('indicator-value').click();
    await page.getByTestId('computation-inputs').waitFor();
    expect(await page.getByTestId('computation-value').innerText()).toMatch(/^\d+(\.\d+)?%$/);
    await page.getByTestId('computation-records').locator('tbody tr.ant-table-row').first().waitFor();
    await screenshot(page, 'agri-overview-computation');
    await page.keyboard.press('Escape');
    await page.getByTestId('agri-system-straw').click();
    await page.waitForURL(/\/agri\/straw$/);
    await page.goto('/screen');
    await page.getByTestId('screen-agriculture').waitFor();
    expect(await page.getByTestId('screen-agri-rate').count()).toBe(7);
    await screenshot(page, 'agri-overview-screen');
  });

  it('gives 松林镇’s station its own town’s figures on a phone', async () => {
    const { page } = await newPage(platform, { mobile: true });
    await login(page, 'agri.songlin');
    await page.goto('/agri');
    await page.getByTestId('indicator-card').first().waitFor();
    expect(await page.getByTestId('header-region').innerText()).toContain('松林镇');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(392);
    await screenshot(page, 'agri-overview-phone');
  });
});
