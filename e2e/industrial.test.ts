import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('general industrial solid waste in a browser', () => {
  it('a power plant records fly ash, hands it to the brick works on a manifest, the brick works receives it, and the ecology bureau sees it', async () => {
    // 华能临清热电 records a batch of 粉煤灰 in its ash silo.
    const power = await newPage(platform);
    await login(power.page, 'power.demo');
    await power.page.getByTestId('menu-store').click();
    await power.page.getByTestId('store-tab-industrial').click();
    await power.page.getByTestId('sw-batch-new').click();
    await pick(power.page, 'sw-batch-code', '粉煤灰', 'SW02');
    await power.page.getByTestId('sw-batch-weight').fill('120');
    await power.page.getByTestId('sw-batch-container').fill('灰库');
    await power.page.getByTestId('sw-batch-place').fill('2号灰库');
    await power.page.getByTestId('sw-batch-submit').click();
    const row = power.page.getByTestId('sw-store').locator('tbody tr.ant-table-row', { hasText: '2号灰库' });
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain('SW02');
    expect(rowText).toMatch(/GFCS\d{11}/);
    expect(rowText).toContain('120 吨');
    await screenshot(power.page, 'industrial-store');

    // It goes to the brick works for utilisation, on a manifest the plant signs.
    await row.locator('input[type=checkbox]').check();
    await power.page.getByTestId('sw-handover-new').click();
    await pick(power.page, 'sw-handover-receiver', '临清市建材新型墙材有限公司', '墙材');
    await pick(power.page, 'sw-handover-purpose', '利用');
    await power.page.getByTestId('sw-handover-plate').fill('鲁P8K123');
    await power.page.getByTestId('sw-handover-submit').click();
    await power.page.waitForURL(/\/manifests\/[0-9a-f-]{36}$/);
    await power.page.getByTestId('manifest-status').filter({ hasText: '待移出人签署' }).waitFor();
    // Two signatures only: no pickup step on an industrial hand-over.
    expect(await power.page.locator('.ant-steps-item-title').allInnerTexts()).toEqual(['移出人确认', '运输中', '接受人确认']);
    await power.page.getByTestId('sign-submit').click();
    await power.page.getByTestId('manifest-status').filter({ hasText: '运输中' }).waitFor();
    const id = power.page.url().split('/').pop()!;
    const manifest = (await apiCall(power.page, 'GET', `/api/manifests/${id}`)).json as { number: string; stream: string; data: Record<string, unknown> };
    expect(manifest).toMatchObject({ stream: 'industrial', data: { wasteCode: 'SW02', purpose: '利用', vehiclePlate: '鲁P8K123', declaredWeightT: 120 } });

    // The ash has left the store.
    await power.page.goto('/store?stream=industrial');
    await power.page.getByTestId('sw-store').waitFor();
    await expect.poll(() => power.page.getByTestId('sw-store').locator('tbody tr.ant-table-row', { hasText: '2号灰库' }).count()).toBe(0);

    // The brick works finds it among its manifests and signs reception with what its weighbridge read.
    const bricks = await newPage(platform);
    await login(bricks.page, 'ashuse.demo');
    await bricks.page.getByTestId('menu-manifests').click();
    await bricks.page.locator('tbody tr.ant-table-row', { hasText: manifest.number }).click();
    await bricks.page.waitForURL(new RegExp(`/manifests/${id}$`));
    await bricks.page.getByTestId('field-receivedWeightT').fill('118.5');
    await pick(bricks.page, 'field-treatmentMethod', 'C2 生产建筑材料', '建筑材料');
    await bricks.page.getByTestId('sign-submit').click();
    await bricks.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    // A receiver with no industrial waste of its own has only the hazardous store.
    await bricks.page.getByTestId('menu-store').click();
    await bricks.page.getByText('贮存情况').first().waitFor();
    expect(await bricks.page.getByTestId('store-tab-industrial').count()).toBe(0);

    // 生态环境局 sees the hand-over, received, with both weights.
    const eco = await newPage(platform);
    await login(eco.page, 'eco.linqing');
    await eco.page.goto(`/manifests/${id}`);
    await eco.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    const detail = await eco.page.locator('.ant-descriptions').first().innerText();
    expect(detail).toContain('华能临清热电有限公司');
    expect(detail).toContain('临清市建材新型墙材有限公司');
    expect(detail).toContain('118.5 吨');
    expect(detail).toContain('C2 生产建筑材料');
    expect(detail).toMatch(/是否接收\s+接受/);
    await screenshot(eco.page, 'industrial-manifest-received');
  });
});
