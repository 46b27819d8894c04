import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const noHorizontalOverflow = () => document.documentElement.scrollWidth <= window.innerWidth + 1;

describe('the public portal in a browser (issue 18)', () => {
  it('a visitor on a phone goes from the login page to 临清’s indicators, a policy and the collection points', async () => {
    const { page } = await newPage(platform, { mobile: true });
    await page.goto('/login');
    await page.getByTestId('portal-link').click();
    await page.getByTestId('portal-home').getByText('临清市').first().waitFor();
    expect(await page.getByTestId('portal-latest').innerText()).toContain('关于征集2026年度“无废城市细胞”创建单位的通知');
    expect(await page.evaluate(noHorizontalOverflow)).toBe(true);
    await screenshot(page, 'portal-home-phone');

    await page.goto('/public/indicators?region=371581');
    const table = page.getByTestId('portal-indicator-table');
    await table.locator('tbody tr.ant-table-row').nth(44).waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(45);
    expect(await table.innerText()).toContain('平台计算');
    expect(await page.evaluate(noHorizontalOverflow)).toBe(true);
    await screenshot(page, 'portal-indicators-phone');

    await page.goto('/public/articles?region=371581');
    await page.getByTestId('portal-articles').getByText('临清市“十四五”时期“无废城市”建设实施方案').click();
    await page.getByTestId('portal-article').getByText('临政字〔2023〕32号').waitFor();
    expect(await page.getByTestId('portal-article-body').innerText()).toContain('农药包装废弃物回收率达80%以上');

    await page.goto('/public/points?region=371581');
    await page.getByTestId('portal-points').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('portal-prices').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.evaluate(noHorizontalOverflow)).toBe(true);
    await screenshot(page, 'portal-points-phone');
  });

  it('on a desk: the office publishes a notice and a visitor reads it, escaped, and downloads an open dataset', async () => {
    const office = await newPage(platform);
    await login(office.page, 'office.linqing');
    await office.page.goto('/portal');
    await office.page.getByTestId('portal-admin').waitFor();
    await office.page.getByTestId('article-new').click();
    await office.page.getByTestId('article-kind').click();
    await office.page.locator('.ant-select-item-option', { hasText: '通知公告' }).click();
    await office.page.getByTestId('article-title').fill('关于12月生活垃圾分类宣传周的通知');
    await office.page.getByTestId('article-body').fill('<b>宣传周</b>期间各社区设置咨询点。');
    await office.page.getByTestId('article-save').click();
    const row = office.page.locator('tbody tr.ant-table-row', { hasText: '关于12月生活垃圾分类宣传周的通知' });
    await row.getByTestId('article-publish').click();
    await row.getByText('已发布').waitFor();
    await screenshot(office.page, 'portal-admin');

    const { page } = await newPage(platform);
    await page.goto('/public/articles?region=371581');
    await page.getByText('关于12月生活垃圾分类宣传周的通知').click();
    const body = page.getByTestId('portal-article-body');
    await body.waitFor();
    expect(await body.innerText()).toBe('<b>宣传周</b>期间各社区设置咨询点。');
    expect(await body.locator('b').count()).toBe(0);

    await page.goto('/public/open-data?region=371581');
    await page.getByTestId('portal-open-data').getByText('回收网点和收集站点').click();
    await page.getByTestId('dataset-rows').locator('tbody tr.ant-table-row').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dataset-csv').click()]);
    expect(download.suggestedFilename()).toBe('371581-collection-points.csv');
    await screenshot(page, 'portal-open-data');
  });
});
