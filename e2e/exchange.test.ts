import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const OFFER = '一期灰库Ⅱ级粉煤灰（干排）';
const DEMAND = '2号蒸压砖线粉煤灰采购';
const NOTE = '首批试用，罐车自提';
const PRODUCT = '再生骨料（5-10mm，建筑垃圾再生）';

/** Posts a listing of a general industrial solid-waste class through the form; the drawer with its matches opens. */
async function postWaste(page: Page, kind: 'offer' | 'demand', title: string, quantity: string) {
  await page.getByTestId('menu-exchange').click();
  await page.getByTestId(`exchange-post-${kind}`).click();
  await pick(page, 'listing-class', 'SW02', 'SW02');
  await page.getByTestId('listing-title').fill(title);
  await page.getByTestId('listing-quantity').fill(quantity);
  await page.getByTestId('listing-frequency').locator('input').fill('每月');
  await page.getByTestId('listing-submit').click();
  await page.getByTestId('exchange-matches').waitFor();
}

const rowOf = (page: Page, testId: string, text: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row', { hasText: text });

describe('the exchange board in a browser', () => {
  it('matches fly ash to a brick works, puts the two in touch, records the deal, and shows it to the regulator', async () => {
    // 华能临清热电 offers its fly ash by the SW class.
    const power = await newPage(platform);
    await login(power.page, 'power.demo');
    await postWaste(power.page, 'offer', OFFER, '3000');
    expect(await power.page.getByTestId('exchange-detail-quantity').innerText()).toBe('3,000 吨 / 每月');
    await power.page.keyboard.press('Escape');

    // The brick works asks for fly ash; the power plant's offer is among the matches, with its distance.
    const bricks = await newPage(platform);
    await login(bricks.page, 'ashuse.demo');
    await postWaste(bricks.page, 'demand', DEMAND, '2000');
    const match = rowOf(bricks.page, 'exchange-matches', OFFER);
    await match.waitFor();
    expect(await match.innerText()).toContain('华能临清热电有限公司');
    const km = Number((await match.getByTestId('match-distance').innerText()).replace(/\s*km$/, ''));
    expect(km).toBeGreaterThan(0);
    expect(km).toBeLessThan(100);
    // Nearest first, the ones without a place last.
    const distances = (await bricks.page.getByTestId('match-distance').allInnerTexts()).filter((t) => t.endsWith('km')).map((t) => Number(t.replace(/\s*km$/, '')));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    await screenshot(bricks.page, 'exchange-matches');

    // Its contact shows only once the brick works has written through the platform.
    await match.click();
    await bricks.page.getByTestId('exchange-contact-hidden').waitFor();
    expect(await bricks.page.getByTestId('exchange-contact-phone').count()).toBe(0);
    await bricks.page.getByTestId('exchange-message').fill('我厂蒸压砖生产线每月需粉煤灰约2000吨，可自备罐车上门拉运，请联系。');
    await bricks.page.getByTestId('exchange-send').click();
    const phone = bricks.page.getByTestId('exchange-contact-phone');
    await phone.waitFor();
    expect(await phone.innerText()).toMatch(/^0635-\d{7}$/);
    await screenshot(bricks.page, 'exchange-contact-shown');

    // The power plant reads the message in its inbox and answers.
    await power.page.goto('/exchange');
    await power.page.getByTestId('exchange-tab-inbox').click();
    const received = rowOf(power.page, 'exchange-inbox', '每月需粉煤灰约2000吨');
    await received.waitFor();
    expect(await received.innerText()).toContain('临清市建材新型墙材有限公司');
    await received.getByTestId('exchange-reply-open').click();
    await power.page.getByTestId('exchange-reply-text').fill('可以，Ⅱ级灰每吨30元，欢迎下周来厂看样。');
    await power.page.getByTestId('exchange-reply-submit').click();
    await rowOf(power.page, 'exchange-inbox', '欢迎下周来厂看样').waitFor();
    await screenshot(power.page, 'exchange-inbox-replied');

    // The brick works sees the answer among its sent messages and records the deal from the offer.
    await bricks.page.goto('/exchange');
    await bricks.page.getByTestId('exchange-tab-inbox').click();
    await bricks.page.getByText('发出的').click();
    await rowOf(bricks.page, 'exchange-inbox', '欢迎下周来厂看样').waitFor();
    await bricks.page.getByRole('tab', { name: '供需大厅' }).click();
    await rowOf(bricks.page, 'exchange-board', OFFER).click();
    await bricks.page.getByTestId('exchange-deal-from-listing').click();
    // Prefilled: the power plant as the supplier, the class of the offer.
    expect(await bricks.page.locator('.ant-modal').getByTestId('deal-counterparty').innerText()).toContain('华能临清热电有限公司');
    await bricks.page.getByTestId('deal-quantity').fill('800');
    await bricks.page.getByTestId('deal-note').fill(NOTE);
    await bricks.page.getByTestId('deal-submit').click();
    const deal = rowOf(bricks.page, 'exchange-deals', NOTE);
    await deal.waitFor();
    expect(await deal.innerText()).toMatch(/华能临清热电有限公司\s+临清市建材新型墙材有限公司\s+SW02 粉煤灰\s+800 吨/);
    await screenshot(bricks.page, 'exchange-deal-recorded');

    // 生态环境分局 sees the deal in the area's figures.
    const eco = await newPage(platform);
    await login(eco.page, 'eco.linqing');
    await eco.page.getByTestId('menu-exchange').click();
    await rowOf(eco.page, 'exchange-board', DEMAND).waitFor();
    await eco.page.getByRole('tab', { name: '成交统计' }).click();
    const seen = rowOf(eco.page, 'exchange-deals', NOTE);
    await seen.waitFor();
    expect(await seen.innerText()).toMatch(/华能临清热电有限公司\s+临清市建材新型墙材有限公司\s+SW02 粉煤灰\s+800 吨/);
    expect(await rowOf(eco.page, 'deal-by-class', 'SW02').innerText()).toMatch(/SW02 粉煤灰\s+\d+\s+[\d,.]+ 吨/);
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    await rowOf(eco.page, 'deal-by-month', month).waitFor();
    await screenshot(eco.page, 'exchange-regulator-deals');
  });

  it('publishes a recycled product on the public page without the contact phone', async () => {
    // The Tianqiao recycling plant offers recycled aggregate through the form.
    const plant = await newPage(platform);
    await login(plant.page, 'cw.tianqiao');
    await plant.page.getByTestId('menu-exchange').click();
    await plant.page.getByTestId('exchange-post-offer').click();
    await plant.page.getByTestId('listing-category').getByText('再生产品').click();
    await plant.page.getByTestId('listing-product').locator('input').fill('再生骨料');
    await pick(plant.page, 'listing-unit', '立方米');
    await plant.page.getByTestId('listing-title').fill(PRODUCT);
    await plant.page.getByTestId('listing-quantity').fill('12000');
    await plant.page.getByTestId('listing-price').fill('35');
    await plant.page.getByTestId('listing-submit').click();
    await plant.page.getByTestId('exchange-matches').waitFor();
    const phone = await plant.page.getByTestId('exchange-contact-phone').innerText();
    expect(phone).toMatch(/\d{5,}/);

    // Anyone, not logged in, finds it on 再生产品供求信息, filtered by product.
    const visitor = await newPage(platform);
    await visitor.page.goto('/login');
    await visitor.page.getByTestId('supply-link').click();
    await visitor.page.waitForURL(/\/supply$/);
    await pick(visitor.page, 'supply-product', '再生骨料');
    const row = rowOf(visitor.page, 'supply-table', PRODUCT);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/供应\s+再生骨料[\s\S]*12,000 立方米[\s\S]*35 元\/立方米[\s\S]*济南天桥建筑垃圾资源化利用有限公司/);
    expect(await visitor.page.locator('body').innerText()).not.toContain(phone);
    await screenshot(visitor.page, 'supply-public');

    // Getting in touch means logging in, then back to the board.
    await visitor.page.getByTestId('supply-login').click();
    await visitor.page.waitForURL(/\/login\?next=%2Fexchange$/);
    expect((await apiCall(visitor.page, 'GET', '/api/exchange/listings')).status).toBe(401);
  });
});
