import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const CLINICS: [string, string, number][] = [['clinic.kangzhuang', '临清市康庄镇卫生院', 0.012], ['clinic.songlin', '临清市松林镇卫生院', 0.018], ['clinic.qingnian', '临清市青年路街道社区卫生服务中心', 0.009]];

async function openRound(page: Page) {
  // By address: on a phone the menu is folded away.
  await page.goto('/rounds');
  await page.getByTestId('round-table').locator('tbody tr.ant-table-row').first().click();
  await page.getByTestId('round-stops-table').waitFor();
}

describe('a medical-waste round in a browser', () => {
  it('collects from three clinics, each on its own manifest, into the collector’s store and on to disposal', async () => {
    // The collector plans the round: its vehicle, its driver, three clinics in order.
    const collector = await newPage(platform);
    await login(collector.page, 'collector.demo');
    await collector.page.getByTestId('menu-rounds').click();
    await collector.page.getByTestId('round-plan').click();
    await pick(collector.page, 'round-vehicle', '鲁P7Y316');
    await pick(collector.page, 'round-driver', '高永波');
    // The stops are searched on the server as one types (临清 has forty medical institutions): type the whole
    // name, wait until the answers have settled on that one institution, take it, see it taken, close the list.
    for (const [, name] of CLINICS) {
      await collector.page.getByTestId('round-stops').click();
      await collector.page.keyboard.type(name);
      const options = collector.page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await expect.poll(async () => (await options.allInnerTexts()).join('|'), { timeout: 15_000 }).toBe(name);
      await options.first().click();
      await collector.page.locator(`[data-testid="round-stops"] .ant-select-selection-item[title="${name}"]`).waitFor();
      await collector.page.keyboard.press('Escape');
    }
    await collector.page.getByTestId('round-plan-submit').click();
    await collector.page.getByTestId('round-stops-table').waitFor();
    const stops = collector.page.getByTestId('round-stops-table').locator('tbody tr.ant-table-row');
    expect(await stops.count()).toBe(3);
    expect(await stops.nth(1).innerText()).toContain('临清市松林镇卫生院');

    // Each clinic has its waste in store and makes its own manifest from the round.
    for (const [username, , t] of CLINICS) {
      const clinic = await newPage(platform);
      await login(clinic.page, username);
      const batch = await apiCall(clinic.page, 'POST', '/api/ledger/batches', { wasteCode: '841-001-01', physicalForm: '固态', containerType: '医疗废物专用包装袋', containerVolumeL: 60, containerCount: 1, quantityT: t });
      expect(batch.status).toBe(201);
      await openRound(clinic.page);
      const seq = CLINICS.findIndex((c) => c[0] === username) + 1;
      await clinic.page.getByTestId(`stop-join-${seq}`).click();
      await clinic.page.getByTestId(`stop-status-${seq}`).filter({ hasText: '待承运人接收' }).waitFor();
      await clinic.context.close();
    }

    // The driver signs each pickup on a phone.
    const driver = await newPage(platform, { mobile: true });
    await login(driver.page, 'driver.med');
    await openRound(driver.page);
    for (let seq = 1; seq <= 3; seq++) {
      await driver.page.getByTestId(`stop-weight-${seq}`).fill(String(CLINICS[seq - 1][2]));
      await driver.page.getByTestId(`stop-pickup-${seq}`).click();
      await driver.page.getByTestId(`stop-status-${seq}`).filter({ hasText: '运输中' }).waitFor();
    }
    await screenshot(driver.page, 'round-driver-phone');

    // Back at the store the collector receives each load, then closes the round.
    await collector.page.reload();
    await openRound(collector.page);
    for (let seq = 1; seq <= 3; seq++) {
      await collector.page.getByTestId(`stop-receive-${seq}`).click();
      await collector.page.getByTestId(`stop-status-${seq}`).filter({ hasText: '已接受' }).waitFor();
    }
    await collector.page.getByTestId('round-close').click();
    await collector.page.getByTestId('round-status').filter({ hasText: '已结束' }).waitFor();

    // Three batches in the collector's store, each naming its clinic; they go on to the disposal centre together.
    const store = await apiCall(collector.page, 'GET', '/api/ledger/store?pageSize=50');
    const held = (store.json.items as { id: string; batchNo: string; originProducerName: string }[]).filter((b) => b.batchNo.startsWith('SJ'));
    expect(held.map((b) => b.originProducerName).sort()).toEqual(CLINICS.map((c) => c[1]).sort());
    const fleet = (await apiCall(collector.page, 'GET', '/api/manifests/transporters?q=医疗废物收集')).json.items[0];
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const centre = (await apiCall(collector.page, 'GET', `/api/manifests/receivers?wasteCode=841-001-01&date=${today}`)).json.items.find((r: { name: string }) => r.name.includes('集中处置中心'));
    const onward = await apiCall(collector.page, 'POST', '/api/manifests', { batchIds: held.map((b) => b.id), receiverId: centre.id, transporterIds: [fleet.id], vehicleId: fleet.vehicles[0].id, driverId: fleet.drivers[0].id,
      plannedDate: today, dangerousGoodsClass: '第6.2类 UN3291', emergencyMeasures: '双层包装，含氯消毒剂' });
    expect(onward.status).toBe(201);
    await apiCall(collector.page, 'POST', `/api/manifests/${onward.json.id}/sign`, { action: 'sign_emission' });
    await apiCall(driver.page, 'POST', `/api/manifests/${onward.json.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.039, origin: '集中贮存库', destination: '处置中心' } });
    const centreUser = await newPage(platform);
    await login(centreUser.page, 'medwaste.demo');
    expect((await apiCall(centreUser.page, 'POST', `/api/manifests/${onward.json.id}/sign`, { action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.039, treatmentMethod: 'D10' } })).status).toBe(200);

    // The round shows, for every clinic, where its waste ended.
    await collector.page.reload();
    await openRound(collector.page);
    const chains = collector.page.getByTestId('round-chain');
    await chains.nth(2).waitFor();
    expect(await chains.count()).toBe(3);
    expect(await chains.first().innerText()).toMatch(/医疗废物集中处置中心[\s\S]*已接受/);
    await screenshot(collector.page, 'round-collector-chain');

    // The health commission sees the round and the storage limit it may change.
    const health = await newPage(platform);
    await login(health.page, 'health.linqing');
    await health.page.getByTestId('menu-rounds').click();
    expect(await health.page.getByTestId('setting-medical.storage_hours').innerText()).toBe('48 小时');
    await health.page.getByTestId('setting-input-medical.storage_hours').fill('24');
    await health.page.getByTestId('setting-save-medical.storage_hours').click();
    await health.page.getByTestId('setting-medical.storage_hours').filter({ hasText: '24 小时' }).waitFor();
    await openRound(health.page);
    expect(await health.page.getByTestId('round-stops-table').innerText()).toContain('临清市青年路街道社区卫生服务中心');
  });
});
