import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, type RunningPlatform } from './support/platform';

// The commerce bureau's morning (issue 17): 周文 opens 再生资源回收, reads 临清's rates computed from the
// recycling network's ledgers, opens how 医疗卫生机构可回收物回收率 was computed down to the institutions,
// and finds the same rates on the 大屏.

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('the renewable-resource overview', () => {
  it('shows the commerce bureau its computed rows, how one was computed and the 大屏’s part', async () => {
    const { page } = await newPage(platform);
    await login(page, 'commerce.linqing');
    await page.getByTestId('menu-recycling').click();
    await page.getByTestId('indicator-card').first().waitFor();
    const names = await page.getByTestId('indicator-name').allInnerTexts();
    for (const name of ['生活垃圾回收利用率', '再生资源回收量增长率', '医疗卫生机构可回收物回收率']) expect(names.some((n) => n.includes(name)), name).toBe(true);
    const medical = page.getByTestId('indicator-card').filter({ hasText: '医疗卫生机构可回收物回收率' });
    await expect.poll(() => medical.getByTestId('indicator-source').innerText()).toBe('平台计算');
    await medical.getByTestId('indicator-value').click();
    await page.getByTestId('computation-inputs').waitFor();
    expect(await page.getByTestId('computation-value').innerText()).toMatch(/^\d+(\.\d+)?%$/);
    await page.getByTestId('computation-records').locator('tbody tr.ant-table-row').first().waitFor();
    await screenshot(page, 'recycling-overview-computation');
    await page.keyboard.press('Escape');
    await page.goto('/screen');
    await page.getByTestId('screen-recycling').waitFor();
    expect(await page.getByTestId('screen-recycling-rate').count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'recycling-overview-screen');
  });
});
