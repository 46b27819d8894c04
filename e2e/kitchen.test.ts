import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('kitchen waste in a browser', () => {
  it('a restaurant asks for a pickup, its contracted collector picks it up, the plant weighs it in with its use, and urban management sees it in the ledger', async () => {
    // 运河人家 (restaurant.demo) sees its contract and asks for a pickup of six buckets to the kitchen-waste plant.
    const restaurant = await newPage(platform);
    await login(restaurant.page, 'restaurant.demo');
    await restaurant.page.getByTestId('menu-kitchen').click();
    expect(await restaurant.page.getByTestId('kitchen-my-contract').innerText()).toContain('临清市洁源餐厨废弃物收运有限公司');
    await restaurant.page.getByTestId('kitchen-request').click();
    await restaurant.page.getByTestId('kitchen-buckets').fill('6');
    await restaurant.page.getByTestId('kitchen-estimate').fill('0.36');
    await pick(restaurant.page, 'kitchen-receiver', '临清市城乡环卫一体化服务有限公司');
    await screenshot(restaurant.page, 'kitchen-request');
    await restaurant.page.getByTestId('kitchen-request-submit').click();
    await restaurant.page.waitForURL(/\/manifests\/[0-9a-f-]{36}$/);
    await restaurant.page.getByTestId('manifest-status').filter({ hasText: '待移出人签署' }).waitFor();
    await restaurant.page.getByTestId('sign-submit').click();
    await restaurant.page.getByTestId('manifest-status').filter({ hasText: '待承运人接收' }).waitFor();
    const id = restaurant.page.url().split('/').pop()!;
    const manifest = (await apiCall(restaurant.page, 'GET', `/api/manifests/${id}`)).json as { number: string; stream: string; transporterIds: string[]; data: Record<string, unknown> };
    expect(manifest).toMatchObject({ stream: 'kitchen', data: { wasteCode: 'KW01', bucketCount: 6, declaredWeightT: 0.36, producerKind: 'restaurant' } });

    // 洁源餐厨 (kwcollector.demo) finds it among the pickups waiting for its truck, weighs it and signs.
    const collector = await newPage(platform, { mobile: true });
    await login(collector.page, 'kwcollector.demo');
    await collector.page.goto('/kitchen');
    await collector.page.getByTestId(`kitchen-waiting-${manifest.number}`).click();
    await collector.page.waitForURL(new RegExp(`/manifests/${id}$`));
    await collector.page.getByTestId('field-vehiclePlate').fill('鲁PK6302');
    await collector.page.getByTestId('field-pickupWeightT').fill('0.342');
    await screenshot(collector.page, 'kitchen-collector-phone');
    await collector.page.getByTestId('sign-submit').click();
    await collector.page.getByTestId('manifest-status').filter({ hasText: '运输中' }).waitFor();

    // The plant's weighing office (kwplant.demo) weighs it in and records the use: anaerobic digestion.
    const plant = await newPage(platform);
    await login(plant.page, 'kwplant.demo');
    await plant.page.goto('/kitchen');
    await plant.page.getByTestId(`kitchen-waiting-${manifest.number}`).click();
    await plant.page.waitForURL(new RegExp(`/manifests/${id}$`));
    await plant.page.getByTestId('field-receivedWeightT').fill('0.335');
    await pick(plant.page, 'field-treatmentMethod', '厌氧发酵产沼气');
    await plant.page.getByTestId('sign-submit').click();
    await plant.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    const received = (await apiCall(plant.page, 'GET', `/api/manifests/${id}`)).json as { data: Record<string, unknown> };
    expect(received.data).toMatchObject({ vehiclePlate: '鲁PK6302', pickupWeightT: 0.342, receivedWeightT: 0.335, treatmentMethod: 'anaerobic' });
    // The load is in the plant's ledger: source, quantity, destination, use.
    await plant.page.goto('/kitchen');
    const ledgerRow = plant.page.locator('tbody tr.ant-table-row', { has: plant.page.getByTestId(`kitchen-ledger-${manifest.number}`) });
    await ledgerRow.waitFor();
    const ledgerText = await ledgerRow.innerText();
    for (const text of ['临清市运河人家酒楼', '0.335 吨', '临清市城乡环卫一体化服务有限公司', '厌氧发酵产沼气', '鲁PK6302']) expect(ledgerText).toContain(text);
    await screenshot(plant.page, 'kitchen-ledger');

    // 综合行政执法局 (urban.linqing) sees the pickup in the ledger and the manifest, and the producer gone silent.
    const urban = await newPage(platform);
    await login(urban.page, 'urban.linqing');
    await urban.page.getByTestId('menu-kitchen').click();
    const urbanRow = urban.page.locator('tbody tr.ant-table-row', { has: urban.page.getByTestId(`kitchen-ledger-${manifest.number}`) });
    await urbanRow.waitFor();
    await urbanRow.click();
    await urban.page.waitForURL(new RegExp(`/manifests/${id}$`));
    await urban.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    const detail = await urban.page.locator('.ant-descriptions').first().innerText();
    for (const text of ['临清市运河人家酒楼', '临清市洁源餐厨废弃物收运有限公司', '鲁PK6302', '厌氧发酵产沼气', '0.335 吨']) expect(detail).toContain(text);
    await urban.page.goto('/kitchen');
    await urban.page.getByTestId('kitchen-silent').check();
    await urban.page.getByRole('button', { name: /查\s*询/ }).first().click();
    await urban.page.locator('tbody tr.ant-table-row', { hasText: '临清市鸿运火锅店' }).waitFor();
    await screenshot(urban.page, 'kitchen-urban');
    for (const p of [restaurant, collector, plant, urban]) await p.context.close();
  });
});
