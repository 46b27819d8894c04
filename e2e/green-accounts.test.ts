import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, newPage, login, screenshot, type RunningPlatform } from './support/platform';

// 绿色账户 in a browser: 李阿姨 (resident.demo) opens her account on her phone (390×844); at the
// counter of 运河花园's collection room the collector (station.demo, 赵桂兰) records her recyclables
// graded 优 and grades her kitchen waste 良; her phone shows the points, her history, the collection
// points near her and her community's rank; a redemption at the counter lowers her balance.
let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const CARD = 'LQ10401';
/** The balance the phone shows, once loaded. */
async function balance(phone: Page) {
  await phone.goto('/green/me');
  const shown = phone.getByTestId('me-balance').locator('.ant-statistic-content-value');
  await shown.waitFor();
  return Number((await shown.innerText()).replace(/[,\s]/g, ''));
}

describe('green accounts in a browser', () => {
  it('a collector records and grades a delivery; the resident’s phone shows the points, nearby points and her community; a redemption lowers her balance', async () => {
    const { page: phone } = await newPage(platform, { mobile: true });
    await login(phone, 'resident.demo');
    const start = await balance(phone);
    expect(start).toBeGreaterThan(0);

    // The counter, on the desktop: her card, 3 kg of recyclables graded 优: (2 + 1 × 3) × 100 % = 5 points.
    const { page: desk } = await newPage(platform);
    await login(desk, 'station.demo');
    await desk.getByTestId('menu-green/station').click();
    await desk.getByTestId('station-card').fill(CARD);
    await desk.getByTestId('station-household').filter({ hasText: '运河花园3号楼2单元401' }).waitFor();
    await desk.getByTestId('station-class').getByText('可回收物').click();
    await desk.getByTestId('station-weight').fill('3');
    await desk.getByTestId('station-grade').getByText('优').click();
    await desk.getByTestId('station-submit').click();
    await desk.getByTestId('station-done').filter({ hasText: `已记录并评定：${CARD} 获得 5 分` }).waitFor();
    // Kitchen waste, 1 kg, recorded now and graded from the list: 良 earns (1 + 1) × 80 % = 1.6, so 1.
    await desk.getByTestId('station-class').getByText('厨余垃圾').click();
    await desk.getByTestId('station-weight').fill('1');
    await desk.getByTestId('station-submit').click();
    await desk.getByTestId('station-done').filter({ hasText: '待评定' }).waitFor();
    await desk.getByTestId(`grade-${CARD}-B`).first().click();
    await desk.getByText('已评定，获得 1 分').waitFor();
    await screenshot(desk, 'green-station');

    // Her phone: six points more, the award at the top of her history.
    expect(await balance(phone)).toBe(start + 6);
    const first = phone.getByTestId('me-history').locator('.ant-list-item').first();
    await first.filter({ hasText: '+1' }).waitFor();
    expect(await phone.getByTestId('me-history').innerText()).toMatch(/可回收物[\s\S]*优[\s\S]*3 千克[\s\S]*\+5/);
    await phone.getByTestId('me-history-kind').getByText('过期').click();
    await phone.getByTestId('me-entry-expire').first().waitFor();
    await phone.getByTestId('me-show-qr').click();
    await phone.getByTestId('me-qr').locator('svg').waitFor();

    // The collection points near her, nearest first, with their hours; her community among the town's.
    await phone.getByTestId('me-tab-near').click();
    const nearest = phone.getByTestId('me-point').first();
    await nearest.filter({ hasText: '运河花园垃圾分类收集房' }).waitFor();
    expect(await nearest.innerText()).toContain('06:30–20:30');
    await phone.getByTestId('me-tab-community').click();
    await phone.getByTestId('me-community-mine').filter({ hasText: '运河花园' }).waitFor();
    expect(await phone.getByTestId('me-community').innerText()).toMatch(/参与率 [\d.]+%[\s\S]*准确率 [\d.]+%/);
    // Nothing spills out sideways on a phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'green-me');

    // At the counter she takes a roll of bags for 10 points; more than she has is refused, nothing taken.
    await desk.getByTestId('redeem-card').fill(CARD);
    await desk.getByTestId('redeem-goods').fill('垃圾袋（1卷）');
    await desk.getByTestId('redeem-points').fill(String(start + 1000));
    await desk.getByTestId('redeem-submit').click();
    await desk.getByTestId('redeem-error').filter({ hasText: 'OVER_BALANCE' }).waitFor();
    await desk.getByTestId('redeem-points').fill('10');
    await desk.getByTestId('redeem-submit').click();
    await desk.getByTestId('redeem-done').filter({ hasText: `剩余 ${start - 4} 分` }).waitFor();

    expect(await balance(phone)).toBe(start - 4);
    await phone.getByTestId('me-history-kind').getByText('兑换').click();
    await phone.getByTestId('me-entry-redeem').first().filter({ hasText: '垃圾袋（1卷）' }).waitFor();
  });

  it('urban management sees the communities’ rates, the accounts and the points rules', async () => {
    const { page } = await newPage(platform);
    await login(page, 'urban.linqing');
    await page.getByTestId('menu-green').click();
    const table = page.getByTestId('green-rates-table');
    await table.locator('tbody tr.ant-table-row', { hasText: '鳌头矶小区' }).waitFor();
    expect(await table.locator('tbody tr.ant-table-row', { hasText: '运河花园' }).innerText()).toMatch(/青年路街道[\s\S]*\d+(\.\d)?%[\s\S]*\d+(\.\d)?%/);
    await page.getByTestId('green-tab-rules').click();
    expect(await page.getByTestId('green-rules').innerText()).toMatch(/可回收物每次投放积分[\s\S]*2 分[\s\S]*积分有效期[\s\S]*12 个月/);
    await page.getByTestId('green-tab-accounts').click();
    await page.getByTestId('green-accounts-card').fill(CARD);
    await page.getByTestId('green-accounts-card').press('Enter');
    const account = page.locator('tbody tr.ant-table-row', { hasText: CARD });
    await account.waitFor();
    expect(await account.innerText()).toMatch(/运河花园[\s\S]*3号楼2单元401[\s\S]*居民 李阿姨[\s\S]*\d+ 分/);
  });
});
