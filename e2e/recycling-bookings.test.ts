import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('a booked recycling pickup in a browser', () => {
  it('the resident books on his phone, the dispatcher accepts and dispatches at the desk, the collector records at the door, the resident confirms (points credited) and rates', async () => {
    // 李阿姨 (resident.demo), on her phone: 12 kg of cardboard and 2.5 kg of plastic, tomorrow morning, paid in points.
    const resident = await newPage(platform, { mobile: true });
    await login(resident.page, 'resident.demo');
    const before = (await apiCall(resident.page, 'GET', '/api/green/me')).json as { balance: number };
    await resident.page.goto('/recycle');
    await resident.page.getByTestId('recycle-estimate-0').fill('12');
    await resident.page.getByTestId('recycle-add-item').click();
    await resident.page.getByTestId('recycle-estimate-1').fill('2.5');
    await screenshot(resident.page, 'recycle-book-phone');
    expect(await resident.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await resident.page.getByTestId('recycle-submit').click();
    await resident.page.getByTestId('recycle-mine').waitFor();
    const [mine] = ((await apiCall(resident.page, 'GET', '/api/recycling/bookings?status=pending&pageSize=1')).json as { items: { bookingNo: string; payment: string }[] }).items;
    expect(mine.payment).toBe('points');
    const card = resident.page.getByTestId(`booking-${mine.bookingNo}`);
    await card.getByTestId('booking-status').filter({ hasText: '待接单' }).waitFor();

    // The company's dispatcher (recycler.demo), at the desk: accepts it, and dispatches it to 孟凡军.
    const desk = await newPage(platform);
    await login(desk.page, 'recycler.demo');
    await desk.page.goto('/recycling/bookings');
    await desk.page.getByTestId(`rb-accept-${mine.bookingNo}`).click();
    await pick(desk.page, 'rb-status', '已接单');
    await desk.page.getByTestId(`rb-dispatch-${mine.bookingNo}`).click();
    await pick(desk.page, 'rb-collector', '孟凡军');
    await screenshot(desk.page, 'recycling-dispatch');
    await desk.page.locator('.ant-modal-footer .ant-btn-primary').click();
    await desk.page.locator('.ant-modal-footer').waitFor({ state: 'hidden' });
    await pick(desk.page, 'rb-status', '已派单');
    await desk.page.locator('tbody tr.ant-table-row', { hasText: mine.bookingNo }).filter({ hasText: '孟凡军' }).waitFor();

    // The collector (rrcollector.demo), on his phone: sets out, arrives, weighs, and hands the goods to 运河花园's station.
    const collector = await newPage(platform, { mobile: true });
    await login(collector.page, 'rrcollector.demo');
    await collector.page.goto('/recycling/collector');
    const visit = collector.page.getByTestId(`visit-${mine.bookingNo}`);
    await visit.getByTestId('visit-on-way').click();
    await visit.getByTestId('visit-arrive').click();
    await visit.getByTestId('visit-record').click();
    await visit.getByTestId('visit-weight-0').fill('12');
    await visit.getByTestId('visit-weight-1').fill('2.5');
    await visit.getByTestId('visit-amount-0').filter({ hasText: '15.00 元' }).waitFor();
    await screenshot(collector.page, 'recycling-collector-phone');
    expect(await collector.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await visit.getByTestId('visit-submit').click();
    await visit.getByTestId('visit-status').filter({ hasText: '待确认' }).waitFor();

    // 李阿姨 sees what was recorded, confirms it (177 points: 17.75 元 at 10 points a yuan) and rates the visit.
    await resident.page.reload();
    await resident.page.getByTestId('recycle-tab-mine').click();
    await card.getByTestId('booking-amount').filter({ hasText: '17.75 元' }).waitFor();
    expect(await card.getByTestId('booking-points').innerText()).toContain('177');
    await card.getByTestId('booking-confirm').click();
    await card.getByTestId('booking-status').filter({ hasText: '已完成' }).waitFor();
    await card.getByTestId('booking-comment').fill('师傅很准时，称重清楚');
    await card.getByTestId('booking-rate-submit').click();
    await card.getByTestId('booking-rated').filter({ hasText: '师傅很准时' }).waitFor();
    await screenshot(resident.page, 'recycle-done-phone');
    const after = (await apiCall(resident.page, 'GET', '/api/green/me')).json as { balance: number };
    expect(after.balance).toBe(before.balance + 177);
  });
});
