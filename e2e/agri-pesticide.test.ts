import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('pesticide packaging in a browser', () => {
  it('a package travels dealer → station → disposer: the shop takes it back, the station keeper receives it on the phone and prints the slip, the load goes to the designated recycler, and the bureau sees it', async () => {
    // 丰源农资 (dealer.demo) records a take-back of 9 bottles and 3 drums from a farmer.
    const dealer = await newPage(platform);
    await login(dealer.page, 'dealer.demo');
    await dealer.page.goto('/agri/pesticide');
    await dealer.page.getByTestId('pesticide-my-year').waitFor();
    await dealer.page.getByTestId('pesticide-return').click();
    await dealer.page.getByTestId('return-bottles').fill('9');
    await dealer.page.getByTestId('return-drums').fill('3');
    await dealer.page.getByTestId('return-weight').fill('1.05');
    await dealer.page.getByTestId('pesticide-return-submit').click();
    await dealer.page.locator('tbody tr.ant-table-row', { hasText: '9 / 0 / 3' }).first().waitFor();
    await screenshot(dealer.page, 'pesticide-dealer');

    // 松林镇's station keeper (agstation.demo), on the phone: the shop hands them over; two are counted by scanning.
    const station = await newPage(platform, { mobile: true });
    await login(station.page, 'agstation.demo');
    await station.page.goto('/agri/pesticide/station');
    await pick(station.page, 'station-dealer', '临清市松林镇丰源农资经营部');
    await station.page.getByTestId('station-scan').fill('LQ-SCAN-000001');
    await station.page.getByTestId('station-scan').press('Enter');
    await station.page.getByTestId('station-scan').fill('LQ-SCAN-000002');
    await station.page.getByTestId('station-scan').press('Enter');
    await station.page.getByTestId('station-scanned').filter({ hasText: '2' }).waitFor();
    await station.page.getByTestId('station-bottle').fill('9');
    await station.page.getByTestId('station-drum').fill('3');
    await station.page.getByTestId('station-weight').fill('1.05');
    await screenshot(station.page, 'pesticide-station-phone');
    await station.page.getByTestId('station-submit').click();
    await station.page.getByTestId('station-receipt').waitFor();
    expect(await station.page.getByTestId('station-receipt-counts').innerText()).toContain('瓶 9 个，袋 0 个，桶 3 个，共 1.05 kg');
    const width = await station.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const href = await station.page.getByTestId('station-print').getAttribute('href');
    const slip = await station.context.newPage();
    await slip.goto(href!);
    const slipText = await slip.locator('body').innerText();
    for (const text of ['农药包装废弃物接收凭证', '临清市松林镇丰源农资经营部', '12 个，1.05 kg']) expect(slipText).toContain(text);
    await screenshot(slip, 'pesticide-receipt-slip');

    // At the desk, the station sends its store to the designated recycler, which fetches it.
    const desk = await newPage(platform);
    await login(desk.page, 'agstation.demo');
    await desk.page.goto('/agri/pesticide');
    await desk.page.getByTestId('pesticide-send').click();
    const store = (await apiCall(desk.page, 'GET', '/api/ledger/store?stream=pesticide&pageSize=100')).json as { items: { batchNo: string }[] };
    // A multiple select's list stays open after a pick: closed before the next one.
    for (const b of store.items) { await pick(desk.page, 'pesticide-batches', b.batchNo); await desk.page.keyboard.press('Escape'); }
    await pick(desk.page, 'pesticide-destination', '临清市新禾废旧农膜再生塑料有限公司');
    await desk.page.getByTestId('pesticide-managed-as').filter({ hasText: '豁免' }).waitFor();
    await screenshot(desk.page, 'pesticide-load-form');
    await desk.page.getByTestId('pesticide-send-submit').click();
    await desk.page.waitForURL(/\/manifests\/[0-9a-f-]{36}$/);
    const id = desk.page.url().split('/').pop()!;
    await desk.page.getByTestId('sign-submit').click();
    await desk.page.getByTestId('manifest-status').filter({ hasText: '待承运人接收' }).waitFor();
    const manifest = (await apiCall(desk.page, 'GET', `/api/manifests/${id}`)).json as { number: string; declaredWeightT: number; data: Record<string, unknown> };
    expect(manifest.data).toMatchObject({ wasteCode: 'AG04', managedAs: 'exempt', destinationKind: 'designated_utiliser' });
    expect(Number(manifest.data.packageCount)).toBeGreaterThanOrEqual(12);

    // 新禾再生塑料 (filmrecycler.demo) loads it, weighs it in and records the use.
    const recycler = await newPage(platform);
    await login(recycler.page, 'filmrecycler.demo');
    await recycler.page.goto(`/manifests/${id}`);
    await recycler.page.getByTestId('field-vehiclePlate').fill('鲁P3N615');
    await recycler.page.getByTestId('field-pickupWeightT').fill(String(manifest.declaredWeightT));
    await recycler.page.getByTestId('sign-submit').click();
    await recycler.page.getByTestId('manifest-status').filter({ hasText: '运输中' }).waitFor();
    // At the gate, later: the reception form opens with the load as it arrived.
    await recycler.page.reload();
    await recycler.page.getByTestId('field-receivedWeightT').fill(String(manifest.declaredWeightT));
    await pick(recycler.page, 'field-treatmentMethod', '资源化利用（再生塑料等）');
    await recycler.page.getByTestId('sign-submit').click();
    await recycler.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();

    // 临清市农业农村局 (agri.linqing) sees the load received and exempt, the flagged one in red, and the rate by town.
    const bureau = await newPage(platform);
    await login(bureau.page, 'agri.linqing');
    await bureau.page.getByTestId('menu-agri/pesticide').click();
    const row = bureau.page.locator('tbody tr.ant-table-row', { has: bureau.page.getByTestId(`pesticide-load-${manifest.number}`) });
    await row.waitFor();
    for (const text of ['已接受', '临清市新禾废旧农膜再生塑料有限公司', '豁免']) expect(await row.innerText()).toContain(text);
    await bureau.page.locator('tbody tr.ant-table-row', { hasText: '按危险废物管理' }).first().waitFor();
    expect(await bureau.page.getByTestId('pesticide-recovery-total').innerText()).toMatch(/按个数 \d+\.\d%/);
    expect(await bureau.page.getByTestId('farm-inputs-use').innerText()).toContain('销售台账');
    await screenshot(bureau.page, 'pesticide-bureau');
    for (const p of [dealer, station, desk, recycler, bureau]) await p.context.close();
  });
});
