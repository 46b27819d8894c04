import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const ASH_YARD = '华能临清热电有限公司贮灰场';
const PROBLEM = '灰场南侧排水沟淤堵，雨水漫流出场界';

describe('the bulk storage register in a browser', () => {
  it('the ecology bureau opens a rectification on the ash yard, the power plant reports the action, the bureau signs it off', async () => {
    // 生态环境分局 opens the register: the area's totals, the ash yard with its fill and its overdue rectification.
    const eco = await newPage(platform);
    await login(eco.page, 'eco.linqing');
    await eco.page.getByTestId('menu-bulk-storage').click();
    await eco.page.getByTestId('bs-totals').filter({ hasText: /36\.70? 万吨/ }).waitFor();
    const row = eco.page.getByTestId('bs-sites').locator('tbody tr.ant-table-row', { hasText: ASH_YARD });
    await row.getByTestId('bs-fill').filter({ hasText: '78.7%' }).waitFor();
    await row.getByTestId('bs-overdue').waitFor();
    await screenshot(eco.page, 'bulk-storage-register');
    expect(await eco.page.getByTestId('bs-sites').locator('tbody tr.ant-table-row', { hasText: '冠县' }).count()).toBe(0);
    await row.click();
    await eco.page.getByTestId('bs-detail-fill').filter({ hasText: '78.7%' }).waitFor();
    await eco.page.getByTestId('bs-rect-problem').fill(PROBLEM);
    await eco.page.getByTestId('bs-rect-open').click();
    const ecoCard = eco.page.getByTestId('bs-rect').filter({ hasText: PROBLEM });
    await ecoCard.getByTestId('bs-rect-status').filter({ hasText: '待整改' }).waitFor();
    await screenshot(eco.page, 'bulk-storage-rectification-opened');

    // 华能临清热电 sees only its own sites and reports what it did.
    const power = await newPage(platform);
    await login(power.page, 'power.demo');
    await power.page.getByTestId('menu-bulk-storage').click();
    // It registers its new gypsum shed and records the first reading.
    await power.page.getByTestId('bs-register').click();
    await power.page.getByTestId('bs-name').fill('华能临清热电脱硫石膏堆棚');
    await power.page.getByTestId('bs-capacity').fill('30000');
    await pick(power.page, 'bs-classes', 'SW06 脱硫石膏');
    await power.page.keyboard.press('Escape');
    await power.page.getByTestId('bs-submit').click();
    await power.page.getByTestId('bs-stock-value').fill('1200');
    await power.page.getByTestId('bs-stock-submit').click();
    await power.page.getByTestId('bs-stock').locator('tbody tr', { hasText: '1,200 吨' }).filter({ hasText: '4%' }).waitFor();
    await power.page.keyboard.press('Escape');
    await power.page.getByTestId('bs-sites').locator('tbody tr.ant-table-row', { hasText: '脱硫石膏堆棚' }).getByTestId('bs-fill').filter({ hasText: '4%' }).waitFor();
    await power.page.getByTestId('bs-sites').locator('tbody tr.ant-table-row', { hasText: ASH_YARD }).click();
    const powerCard = power.page.getByTestId('bs-rect').filter({ hasText: PROBLEM });
    await powerCard.getByTestId('bs-rect-action').fill('清淤排水沟 420 米，加设沉淀池一座，雨水回用于喷淋');
    await powerCard.getByTestId('bs-rect-report').click();
    await powerCard.getByTestId('bs-rect-status').filter({ hasText: '待验收' }).waitFor();
    expect(await power.page.getByTestId('bs-rect-open').count()).toBe(0);

    // The bureau signs it off.
    await eco.page.goto('/bulk-storage');
    await eco.page.getByTestId('bs-sites').locator('tbody tr.ant-table-row', { hasText: ASH_YARD }).click();
    const toVerify = eco.page.getByTestId('bs-rect').filter({ hasText: PROBLEM });
    await toVerify.filter({ hasText: '清淤排水沟 420 米' }).waitFor();
    await toVerify.getByTestId('bs-rect-verify').click();
    await toVerify.getByTestId('bs-rect-status').filter({ hasText: '已验收' }).waitFor();
    await toVerify.filter({ hasText: '验收通过' }).waitFor();

    const sites = (await apiCall(eco.page, 'GET', '/api/bulk-storage/sites?q=贮灰场')).json;
    const detail = (await apiCall(eco.page, 'GET', `/api/bulk-storage/sites/${sites.items[0].id}`)).json;
    const rect = detail.rectifications.items.find((r: { problem: string }) => r.problem === PROBLEM);
    expect(rect).toMatchObject({ status: 'verified', action: '清淤排水沟 420 米，加设沉淀池一座，雨水回用于喷淋', overdue: false });
    expect(rect.history.map((h: { action: string; by: string }) => [h.action, h.by])).toEqual([['open', '李建国（生态环境分局）'], ['report', '马丽（华能热电 环保专员）'], ['verify', '李建国（生态环境分局）']]);
  });
});
