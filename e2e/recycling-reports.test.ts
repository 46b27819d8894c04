import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('再生资源 in a browser (issue 17)', () => {
  it('临清’s commerce bureau checks 银座 on site and names it a zero-waste mall; 聊城’s bureau reads the counties’ filing grid', async () => {
    const bureau = await newPage(platform);
    await login(bureau.page, 'commerce.linqing');
    await bureau.page.goto('/cells');
    await bureau.page.getByTestId('menu-cells').waitFor();
    await bureau.page.locator('tbody tr.ant-table-row', { hasText: '临清银座购物广场' }).click();
    await bureau.page.getByTestId('cell-detail').waitFor();
    expect(await bureau.page.getByTestId('cell-state').innerText()).toBe('已提交待审查');
    await bureau.page.getByTestId('check-inspectors').fill('周文、刘洋');
    await bureau.page.getByTestId('check-submit').click();
    await bureau.page.getByTestId('cell-state').filter({ hasText: '已现场核查' }).waitFor();
    await bureau.page.getByTestId('approve-no').fill('临商投字〔2026〕30号');
    await screenshot(bureau.page, 'cells-review');
    await bureau.page.getByTestId('approve-submit').click();
    await bureau.page.getByTestId('cell-state').filter({ hasText: '已命名' }).waitFor();
    expect(await bureau.page.getByTestId('cell-step').count()).toBe(3);

    const city = await newPage(platform);
    await login(city.page, 'commerce.liaocheng');
    await city.page.goto('/recycling/reports');
    await city.page.getByTestId('report-grid').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await city.page.getByTestId('report-grid').locator('tbody tr.ant-table-row').count()).toBe(8);
    expect(await city.page.getByTestId('report-grid').innerText()).toContain('莘县');
    await screenshot(city.page, 'recycling-reports-grid');
  });
});
