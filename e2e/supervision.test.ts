import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, apiCall, type RunningPlatform } from './support/platform';
import { shanghaiDate, shanghaiYear } from '../src/domain/labels';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('the regulator’s views in a browser', () => {
  it('shows a key unit with its reason, its one-page history with its manifests, and a category’s capacity status', async () => {
    const year = shanghaiYear();
    // Set-up through the API: 恒通 files a key-class plan the regulator approves, and sends a load.
    const producer = await newPage(platform);
    await login(producer.page, 'producer.demo');
    const plan = await apiCall(producer.page, 'PUT', `/api/plans/mine/${year}`, {
      ownFacility: false,
      tables: {
        A2: [{ description: '1号危废暂存间' }], A3: [{ wasteCode: '900-249-08', expectedT: 26_000, physicalForm: '液态' }], A4: [{ description: '暂存间 50 吨' }],
        A5: [{ description: '无' }], A6: { measures: '切削液循环使用' }, A7: [{ wasteCode: '900-249-08', expectedT: 26_000, receiver: '临清市绿源环保科技有限公司' }],
      },
    });
    expect(plan.json.managementClass).toBe('key');
    expect((await apiCall(producer.page, 'POST', `/api/plans/mine/${year}/submit`)).status).toBe(200);
    const batch = await apiCall(producer.page, 'POST', '/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 2, quantityT: 0.4 });
    const anyun = (await apiCall(producer.page, 'GET', '/api/manifests/transporters?q=安运')).json.items[0];
    const today = shanghaiDate(new Date());
    const lvyuan = (await apiCall(producer.page, 'GET', `/api/manifests/receivers?wasteCode=900-249-08&date=${today}`)).json.items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
    const manifest = await apiCall(producer.page, 'POST', '/api/manifests', {
      batchIds: [batch.json.id], receiverId: lvyuan.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles[0].id, driverId: anyun.drivers[0].id,
      plannedDate: today, dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉',
    });
    expect(manifest.status).toBe(201);

    const { context, page } = await newPage(platform);
    await login(page, 'eco.linqing');
    expect((await apiCall(page, 'POST', `/api/plans/${plan.json.id}/approve`, {})).status).toBe(200);

    await page.getByTestId('menu-supervision').click();
    const row = page.locator('tbody tr.ant-table-row', { hasText: '临清市恒通轴承制造有限公司' });
    await row.waitFor();
    expect(await row.getByTestId('key-unit-reasons').innerText()).toContain('管理计划为重点监管单位');
    expect(await page.locator('tbody tr.ant-table-row', { hasText: '临清市绿源环保科技有限公司' }).innerText()).toContain('危险废物持证经营单位');
    await screenshot(page, 'supervision-key-units');

    await row.getByTestId('key-unit-link').click();
    await page.getByTestId('history-name').filter({ hasText: '临清市恒通轴承制造有限公司' }).waitFor();
    expect(await page.getByTestId('history-key-unit').innerText()).toBe('重点监管单位');
    const manifests = page.getByTestId('history-manifests');
    await manifests.getByText(manifest.json.number).waitFor();
    expect(await page.getByTestId('history-manifest-counts').innerText()).toContain('待移出人签署 1');
    expect(await page.getByTestId('history-plans').innerText()).toContain('已备案');
    await screenshot(page, 'enterprise-history');
    await manifests.getByTestId('history-manifest-link').first().click();
    await page.waitForURL(`**/manifests/${manifest.json.id}`);

    await page.goto('/supervision?tab=capacity');
    const hw08 = page.getByTestId('capacity-status-HW08');
    await hw08.waitFor();
    expect(await hw08.innerText()).toBe('能力偏紧');
    const capacity = await page.getByTestId('capacity-table').locator('tbody tr.ant-table-row', { hasText: 'HW08' }).innerText();
    expect(capacity).toContain('26,000 吨');
    expect(capacity).toContain('30,000 吨');
    await screenshot(page, 'supervision-capacity');

    await page.getByTestId('tab-store').click();
    // The recycling stations' appliances (e-waste, which ecology also regulates) share the table: a hundred rows a page.
    await page.locator('.ant-pagination-options .ant-select >> visible=true').first().click();
    await page.getByTitle('100 条/页').click();
    await page.getByTestId('store-table').locator('tbody tr.ant-table-row', { hasText: '临清市恒通轴承制造有限公司' }).filter({ hasText: '900-249-08' }).waitFor();
    // What is recent in store: the demo factories' latest batches, the sludge bunker and the 0.4 t above, as the server sums it.
    const recent = (await apiCall(page, 'GET', '/api/supervision/store?pageSize=1')).json.totals.find((b: { band: string }) => b.band === 'recent');
    expect(recent.heldT).toBeGreaterThanOrEqual(0.4);
    expect(await page.getByTestId('store-band-recent').innerText()).toContain(Number(recent.heldT).toLocaleString('en-US', { maximumFractionDigits: 4 }));
    await screenshot(page, 'supervision-store');

    await page.getByTestId('tab-map').click();
    await page.getByTestId('supervision-map').waitFor();
    expect(await page.getByTestId('map-counts').innerText()).toMatch(/利用处置单位 2/);
    await page.waitForTimeout(1500); // the points' entry animation, for the screenshot only
    await screenshot(page, 'supervision-map');
    await context.close();
    await producer.context.close();
  });
});
