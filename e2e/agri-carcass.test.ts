import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('dead livestock in a browser', () => {
  it('a farm’s report is collected on the plant’s round, signed on the driver’s phone, tracked, treated, and the bureau sees it', async () => {
    // 鑫旺 (farm.demo) reports two dead pigs.
    const farm = await newPage(platform);
    await login(farm.page, 'farm.demo');
    await farm.page.getByTestId('menu-agri/carcass').click();
    await farm.page.getByTestId('carcass-report').click();
    await farm.page.getByTestId('carcass-head').fill('2');
    await farm.page.getByTestId('carcass-weight').fill('150');
    await farm.page.getByTestId('carcass-location').fill('浏览器测试暂存间');
    await farm.page.getByTestId('carcass-report-submit').click();
    await farm.page.locator('.ant-message-success').waitFor();
    const mine = (await apiCall(farm.page, 'GET', '/api/carcass/reports?pageSize=5')).json as { items: { id: string; location: string; state: string; manifestNumber: string }[] };
    const report = mine.items.find((r) => r.location === '浏览器测试暂存间')!;
    expect(report.state).toBe('waiting');
    await farm.page.getByTestId(`carcass-state-${report.id}`).filter({ hasText: '待收集' }).waitFor();
    await screenshot(farm.page, 'carcass-farm-report');

    // The plant (carcass.demo) plans a round with it: its sealed vehicle and 吴建军.
    const plant = await newPage(platform);
    await login(plant.page, 'carcass.demo');
    await plant.page.goto('/agri/carcass');
    await plant.page.getByTestId('carcass-plan').click();
    await pick(plant.page, 'carcass-vehicle', '鲁PB7361');
    await pick(plant.page, 'carcass-driver', '吴建军');
    await pick(plant.page, 'carcass-stops', '生猪 2 头（只）');
    // Close the multiple select's list by clicking beside it (Escape would close the dialog too).
    await plant.page.locator('.ant-modal-title').click();
    await plant.page.getByTestId('carcass-plan-submit').click();
    await plant.page.locator('.ant-message-success').waitFor();
    const rounds = (await apiCall(plant.page, 'GET', '/api/carcass/rounds?pageSize=1')).json as { items: { id: string }[] };
    const roundId = rounds.items[0].id;

    // 吴师傅 on his phone: the round, the stop, counted, weighed and signed with the farm's 张建国.
    const driver = await newPage(platform, { mobile: true });
    await login(driver.page, 'driver.carcass');
    await driver.page.goto('/agri/carcass/driver');
    await driver.page.getByTestId(`carcass-driver-round-${roundId}`).waitFor();
    expect(await driver.page.getByTestId(`carcass-driver-stop-${roundId}-1`).innerText()).toContain('临清市松林镇鑫旺生猪养殖场');
    await driver.page.getByTestId(`carcass-pickup-${roundId}-1`).click();
    await driver.page.getByTestId('carcass-pickup-head').fill('2');
    await driver.page.getByTestId('carcass-pickup-kg').fill('146.5');
    await driver.page.getByTestId('carcass-pickup-by').fill('张建国');
    await screenshot(driver.page, 'carcass-driver-phone');
    await driver.page.getByTestId('carcass-pickup-submit').click();
    await driver.page.getByTestId(`carcass-driver-stop-${roundId}-1`).filter({ hasText: '已签收 2 头（只），146.5 千克' }).waitFor();
    const width = await driver.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, 'the phone page does not scroll sideways').toBeLessThanOrEqual(390);

    // The plant sees the load on the road on the round's map, weighs it in and records 化制.
    await plant.page.goto('/agri/carcass');
    await plant.page.getByTestId(`carcass-round-${roundId}`).click();
    await plant.page.getByTestId('carcass-round-map').waitFor();
    await plant.page.getByTestId('carcass-stop-status-1').filter({ hasText: '已收集在途' }).waitFor();
    await plant.page.getByTestId('carcass-treat-1').click();
    await plant.page.getByTestId('carcass-received-kg').fill('145');
    await plant.page.getByTestId('carcass-treat-submit').click();
    await plant.page.getByTestId('carcass-stop-status-1').filter({ hasText: '已入厂处理' }).waitFor();
    await screenshot(plant.page, 'carcass-plant-round');

    // The agriculture bureau sees the report treated by 化制, and the year's rate.
    const bureau = await newPage(platform);
    await login(bureau.page, 'agri.linqing');
    await bureau.page.getByTestId('menu-agri/carcass').click();
    await bureau.page.getByTestId(`carcass-state-${report.id}`).filter({ hasText: '已无害化处理' }).waitFor();
    const row = await bureau.page.locator('tbody tr.ant-table-row', { has: bureau.page.getByTestId(`carcass-state-${report.id}`) }).innerText();
    for (const text of ['临清市松林镇鑫旺生猪养殖场', '化制', '2 / 2']) expect(row).toContain(text);
    expect(await bureau.page.getByTestId('carcass-summary').innerText()).toContain('%');
    await screenshot(bureau.page, 'carcass-bureau');
    for (const p of [farm, plant, driver, bureau]) await p.context.close();
  });
});
