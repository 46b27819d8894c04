import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('sewage sludge in a browser', () => {
  it('the wastewater plant records a batch with its moisture content, sends it on the one manifest form, the driver picks it up, the incinerator receives it, and urban management sees it', async () => {
    // 临清市城市污水处理厂 records a batch of dewatered sludge in its bunker, at 78.5 % moisture.
    const plant = await newPage(platform);
    await login(plant.page, 'wwtp.demo');
    await plant.page.getByTestId('menu-store').click();
    await plant.page.getByTestId('store-tab-sludge').click();
    await plant.page.getByTestId('sludge-batch-new').click();
    await pick(plant.page, 'sludge-batch-code', '城镇污水处理厂污泥', 'SL01');
    await plant.page.getByTestId('sludge-batch-weight').fill('12');
    await pick(plant.page, 'sludge-batch-form', '半固态');
    await plant.page.getByTestId('sludge-batch-moisturePct').fill('78.5');
    await plant.page.getByTestId('sludge-batch-container').fill('污泥料仓');
    await plant.page.getByTestId('sludge-batch-place').fill('2号污泥料仓');
    await plant.page.getByTestId('sludge-batch-submit').click();
    const store = plant.page.getByTestId('sludge-store');
    const row = store.locator('tbody tr.ant-table-row', { hasText: '2号污泥料仓' });
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain('SL01');
    expect(rowText).toMatch(/WNCS\d{11}/);
    expect(rowText).toContain('12 吨');
    expect(rowText).toContain('78.5 %');
    expect(await store.locator('thead').innerText()).toContain('含水率');
    await screenshot(plant.page, 'sludge-store');

    // The one manifest form: the incinerator as receiver, 通达物流's sludge truck and its driver; no dangerous-goods fields.
    await row.locator('input[type=checkbox]').check();
    await plant.page.getByTestId('sludge-manifest-new').click();
    await plant.page.getByTestId('sludge-manifest-batches').getByText('12 吨').waitFor();
    await pick(plant.page, 'sludge-manifest-receiver', '临清市绿能环保能源有限公司', '绿能');
    await pick(plant.page, 'sludge-manifest-transporter', '临清市通达物流运输有限公司', '通达');
    await pick(plant.page, 'sludge-manifest-vehicle', '鲁P6W218');
    await pick(plant.page, 'sludge-manifest-driver', '孙德明');
    expect(await plant.page.getByTestId('sludge-manifest-dg').count()).toBe(0);
    await screenshot(plant.page, 'sludge-manifest-form');
    await plant.page.getByTestId('sludge-manifest-submit').click();
    await plant.page.waitForURL(/\/manifests\/[0-9a-f-]{36}$/);
    await plant.page.getByTestId('manifest-status').filter({ hasText: '待移出人签署' }).waitFor();
    expect(await plant.page.locator('.ant-steps-item-title').allInnerTexts()).toEqual(['移出人确认', '承运人接收', '运输中', '接受人确认']);
    expect(await plant.page.locator('.ant-descriptions').first().innerText()).toMatch(/出厂含水率（%）\s+78\.5/);
    await plant.page.getByTestId('sign-submit').click();
    await plant.page.getByTestId('manifest-status').filter({ hasText: '待承运人接收' }).waitFor();
    const id = plant.page.url().split('/').pop()!;
    const manifest = (await apiCall(plant.page, 'GET', `/api/manifests/${id}`)).json as { number: string; stream: string; data: Record<string, unknown> };
    expect(manifest).toMatchObject({ stream: 'sludge', data: { wasteCode: 'SL01', moisturePct: 78.5, declaredWeightT: 12, vehiclePlate: '鲁P6W218', driverName: '孙德明' } });

    // The driver signs pickup on his phone, with the plant's weighbridge reading.
    const driver = await newPage(platform, { mobile: true });
    await login(driver.page, 'driver.sludge');
    await driver.page.goto(`/manifests/${id}`);
    await driver.page.getByTestId('field-pickupWeightT').fill('12.04');
    await driver.page.getByTestId('field-place').fill('污水处理厂脱水机房');
    await screenshot(driver.page, 'sludge-driver-phone');
    await driver.page.getByTestId('sign-submit').click();
    await driver.page.getByTestId('manifest-status').filter({ hasText: '运输中' }).waitFor();

    // 绿能环保 weighs it at the gate and co-fires it: the method is picked from the stream's list.
    const receiver = await newPage(platform);
    await login(receiver.page, 'wte.demo');
    await receiver.page.goto(`/manifests/${id}`);
    await receiver.page.getByTestId('field-receivedWeightT').fill('11.98');
    await pick(receiver.page, 'field-treatmentMethod', '焚烧');
    await receiver.page.getByTestId('field-receivedMoisturePct').fill('77.6');
    await receiver.page.getByTestId('sign-submit').click();
    await receiver.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    const received = (await apiCall(receiver.page, 'GET', `/api/manifests/${id}`)).json as { data: Record<string, unknown> };
    expect(received.data).toMatchObject({ treatmentMethod: 'incineration', receivedWeightT: 11.98, receivedMoisturePct: 77.6 });

    // 综合行政执法局 finds it among the manifests it regulates, with the method by its name and both moisture contents.
    const urban = await newPage(platform);
    await login(urban.page, 'urban.linqing');
    await urban.page.getByTestId('menu-manifests').click();
    await urban.page.locator('tbody tr.ant-table-row', { hasText: manifest.number }).click();
    await urban.page.waitForURL(new RegExp(`/manifests/${id}$`));
    await urban.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    const detail = await urban.page.locator('.ant-descriptions').first().innerText();
    expect(detail).toContain('临清市城市污水处理厂');
    expect(detail).toContain('临清市绿能环保能源有限公司');
    expect(detail).toContain('鲁P6W218');
    expect(detail).toMatch(/出厂含水率（%）\s+78\.5/);
    expect(detail).toMatch(/进场含水率（%）\s+77\.6/);
    expect(detail).toContain('焚烧（单独焚烧或电厂、垃圾焚烧厂协同焚烧）');
    expect(detail).toContain('11.98 吨');
    await screenshot(urban.page, 'sludge-manifest-received');
    // Its store page shows the sludge its plants hold.
    await urban.page.getByTestId('menu-store').click();
    await urban.page.getByTestId('store-tab-sludge').click();
    await urban.page.getByTestId('sludge-store').locator('tbody tr.ant-table-row', { hasText: '临清市城市污水处理厂' }).first().waitFor();
    for (const p of [plant, driver, receiver, urban]) await p.context.close();
  });
});
