import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const lastMonthOf = (month: string) => { const d = new Date(`${month}-01T00:00:00Z`); d.setUTCMonth(d.getUTCMonth() - 1); return d.toISOString().slice(0, 7); };

describe('a recycling station’s month in a browser', () => {
  it('the clerk records the counter on the phone, sends the paper to the sorting centre (signed through to reception, which enters the centre’s ledger), and files the month', async () => {
    // 运河花园's clerk (rrstation.demo), on the phone: a resident's paper, then a collector's scrap iron with his particulars.
    const phone = await newPage(platform, { mobile: true });
    await login(phone.page, 'rrstation.demo');
    await phone.page.goto('/recycling/station');
    await phone.page.getByTestId('rr-weight').fill('95.5');
    await phone.page.getByTestId('rr-price').fill('1.2');
    await phone.page.getByTestId('rr-submit').click();
    await phone.page.getByTestId('rr-recorded').filter({ hasText: '95.5 kg' }).waitFor();
    await pick(phone.page, 'rr-source', '流动回收人员交售');
    await pick(phone.page, 'rr-category', '废钢铁');
    await phone.page.getByTestId('rr-seller-name').fill('孟庆华');
    await phone.page.getByTestId('rr-seller-id').fill('371581198203154318');
    await phone.page.getByTestId('rr-seller-address').fill('临清市青年路街道大众小区3号楼');
    await phone.page.getByTestId('rr-weight').fill('260');
    await screenshot(phone.page, 'recycling-station-phone');
    await phone.page.getByTestId('rr-submit').click();
    await phone.page.getByTestId('rr-recorded').filter({ hasText: '260 kg' }).waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.page.getByTestId('rr-views').getByText('台账').click();
    const ledger = phone.page.getByTestId('rr-ledger');
    await ledger.locator('tbody tr.ant-table-row', { hasText: '孟庆华' }).first().waitFor();
    expect(await ledger.innerText()).toContain('95.5 kg');
    expect(await phone.page.getByTestId('rr-totals').innerText()).toContain('废钢铁');

    // At the desk: the paper batch goes on a manifest to the county's sorting centre, carried by the company's truck.
    const desk = await newPage(platform);
    await login(desk.page, 'rrstation.demo');
    await desk.page.goto('/recycling/station');
    await desk.page.getByTestId('rr-views').getByText('转运').click();
    const row = desk.page.getByTestId('recyclables-store').locator('tbody tr.ant-table-row', { hasText: '0.0955' }).first();
    await row.locator('.ant-checkbox-input').check();
    await desk.page.getByTestId('recyclables-manifest-new').click();
    await pick(desk.page, 'recyclables-manifest-receiver', '临清市城市矿产分拣中心有限公司', '城市矿产');
    await pick(desk.page, 'recyclables-manifest-transporter', '临清市再生资源回收利用有限公司', '再生资源回收利用');
    await screenshot(desk.page, 'recycling-load-form');
    await desk.page.getByTestId('recyclables-manifest-submit').click();
    await desk.page.waitForURL(/\/manifests\/[0-9a-f-]{36}$/);
    const id = desk.page.url().split('/').pop()!;
    await desk.page.getByTestId('sign-submit').click();
    await desk.page.getByTestId('manifest-status').filter({ hasText: '待承运人接收' }).waitFor();

    const truck = await newPage(platform);
    await login(truck.page, 'recycler.demo');
    await truck.page.goto(`/manifests/${id}`);
    await truck.page.getByTestId('field-vehiclePlate').fill('鲁P6R501');
    await truck.page.getByTestId('field-pickupWeightT').fill('0.0955');
    await truck.page.getByTestId('sign-submit').click();
    await truck.page.getByTestId('manifest-status').filter({ hasText: '运输中' }).waitFor();

    const centre = await newPage(platform);
    await login(centre.page, 'sorting.demo');
    await centre.page.goto(`/manifests/${id}`);
    await centre.page.getByTestId('field-receivedWeightT').fill('0.095');
    await pick(centre.page, 'field-treatmentMethod', '分拣打包（分拣中心）');
    await centre.page.getByTestId('sign-submit').click();
    await centre.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    // The reception is now the centre's own intake, from 运河花园's station.
    await centre.page.goto('/recycling/station');
    await centre.page.getByTestId('rr-views').getByText('台账').click();
    const line = centre.page.getByTestId('rr-ledger').locator('tbody tr.ant-table-row', { hasText: '回收网点转运入场' }).first();
    await line.waitFor();
    expect(await line.innerText()).toContain('95 kg');
    await screenshot(centre.page, 'recycling-centre-ledger');

    // Back on the phone: last month is declared from the ledger; this month is refused until it is over.
    const month = (await apiCall(phone.page, 'GET', '/api/recycling/intake/month')).json as { month: string };
    await phone.page.getByTestId('rr-views').getByText('月度申报').click();
    await phone.page.getByTestId('rr-declare-lines').locator('tbody tr.ant-table-row', { hasText: 'RR04' }).waitFor();
    expect(await phone.page.getByTestId('rr-declare-month').inputValue()).toBe(lastMonthOf(month.month));
    await phone.page.getByTestId('rr-declare-submit').click();
    await phone.page.getByTestId('rr-declared').filter({ hasText: '已申报' }).waitFor();
    await phone.page.getByTestId('rr-declare-month').fill(month.month);
    await phone.page.getByTestId('rr-declare-submit').click();
    expect(await phone.page.getByTestId('rr-declare-error').innerText()).toContain('尚未结束');
    await screenshot(phone.page, 'recycling-declaration-phone');
    for (const p of [phone, desk, truck, centre]) await p.context.close();
  });
});
