import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4)), month = Number(today.slice(5, 7));

describe('livestock farms and manure in a browser', () => {
  it('a farm records its month with manure on the fields and hands a load to the fertiliser plant, which fetches and weighs it; the bureau sees the figures and the rate', async () => {
    // 鑫旺生猪养殖场 (farm.demo) records this month: 300 t on 120 mu of fields, 100 t to biogas.
    const farm = await newPage(platform);
    await login(farm.page, 'farm.demo');
    await farm.page.goto('/agri/farms');
    await farm.page.getByTestId('livestock-record-month').click();
    await farm.page.getByTestId('livestock-field').fill('300');
    await farm.page.getByTestId('livestock-area').fill('120');
    await farm.page.getByTestId('livestock-biogas').fill('100');
    await screenshot(farm.page, 'livestock-month');
    await farm.page.getByTestId('livestock-month-submit').click();
    await farm.page.getByTestId(`livestock-month-${month}`).waitFor();
    // What the plant has already weighed this month from this farm (the demo's loads), before today's.
    const fertiliserOfMonth = async (page: typeof farm.page, farmId = '') => ((await apiCall(page, 'GET', `/api/livestock/manure?year=${year}&pageSize=100${farmId ? `&farmId=${farmId}` : ''}`)).json as { items: { month: number; farmName: string; fertiliserT: number }[] })
      .items.find((i) => i.month === month && i.farmName === '临清市松林镇鑫旺生猪养殖场')!.fertiliserT;
    const before = await fertiliserOfMonth(farm.page);

    // It hands about 20 t of dry manure to 沃土有机肥 and signs it out.
    await farm.page.getByTestId('livestock-handover').click();
    await pick(farm.page, 'livestock-plant', '临清市沃土生物有机肥有限公司');
    await farm.page.getByTestId('livestock-estimate').fill('20');
    await farm.page.getByTestId('livestock-handover-submit').click();
    await farm.page.waitForURL(/\/manifests\/[0-9a-f-]{36}$/);
    await farm.page.getByTestId('sign-submit').click();
    await farm.page.getByTestId('manifest-status').filter({ hasText: '待承运人接收' }).waitFor();
    const id = farm.page.url().split('/').pop()!;
    const manifest = (await apiCall(farm.page, 'GET', `/api/manifests/${id}`)).json as { number: string; stream: string; producerId: string; data: Record<string, unknown> };
    expect(manifest).toMatchObject({ stream: 'manure', data: { wasteCode: 'AG02', species: '生猪', declaredWeightT: 20 } });

    // The plant (fertplant.demo) finds it among its hand-overs, signs the pickup, then weighs it in.
    const plant = await newPage(platform);
    await login(plant.page, 'fertplant.demo');
    await plant.page.goto('/agri/farms');
    await plant.page.getByTestId(`livestock-handover-${manifest.number}`).click();
    await plant.page.waitForURL(new RegExp(`/manifests/${id}$`));
    await plant.page.getByTestId('field-pickupWeightT').fill('19.6');
    await plant.page.getByTestId('sign-submit').click();
    await plant.page.getByTestId('manifest-status').filter({ hasText: '运输中' }).waitFor();
    await pick(plant.page, 'field-receptionOutcome', '接受');
    await plant.page.getByTestId('field-receivedWeightT').fill('18.9');
    await pick(plant.page, 'field-treatmentMethod', '好氧发酵生产商品有机肥');
    await plant.page.getByTestId('sign-submit').click();
    await plant.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    const received = (await apiCall(plant.page, 'GET', `/api/manifests/${id}`)).json as { status: string; receivedWeightT: number };
    expect(received).toMatchObject({ status: 'received', receivedWeightT: 18.9 });

    // 临清市农业农村局 (agri.linqing) sees the rate, the farm and its month with the plant's weight in it.
    const bureau = await newPage(platform);
    await login(bureau.page, 'agri.linqing');
    await bureau.page.goto('/agri/farms');
    expect(await bureau.page.getByTestId('livestock-rate').innerText()).toMatch(/^\d+(\.\d)?%$/);
    await bureau.page.getByTestId(`livestock-farm-${manifest.producerId}`).click();
    const row = bureau.page.locator('tbody tr.ant-table-row', { has: bureau.page.getByTestId(`livestock-month-${month}`) });
    await row.waitFor();
    const text = await row.innerText();
    const after = await fertiliserOfMonth(bureau.page, manifest.producerId);
    expect(after).toBeCloseTo(before + 18.9, 4);
    for (const part of ['临清市松林镇鑫旺生猪养殖场', '300 吨', '120 亩', `${Math.round(after * 10) / 10} 吨`, '100 吨']) expect(text).toContain(part);
    expect(await bureau.page.getByTestId(`livestock-farm-rate-${manifest.producerId}`).innerText()).toMatch(/%$/);
    await screenshot(bureau.page, 'livestock-bureau');
    for (const p of [farm, plant, bureau]) await p.context.close();
  });

  it('shows the farm its page on a phone', async () => {
    const phone = await newPage(platform, { mobile: true });
    await login(phone.page, 'farm.demo');
    await phone.page.goto('/agri/farms');
    await phone.page.getByTestId('livestock-record-month').waitFor();
    await phone.page.getByTestId('livestock-rate').waitFor();
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    expect(await phone.page.locator('tbody tr.ant-table-row').first().innerText()).toContain('鑫旺');
    await screenshot(phone.page, 'livestock-farm-phone');
    await phone.context.close();
  });
});
