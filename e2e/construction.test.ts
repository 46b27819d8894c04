import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, pickSearched, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('construction waste in a browser', () => {
  it('files a plan, runs two truckloads, and the diverted one raises an alarm the enforcement bureau handles', async () => {
    // The construction company registers its project and files the disposal plan.
    const site = await newPage(platform);
    await login(site.page, 'site.demo');
    await site.page.getByTestId('menu-construction').click();
    await site.page.getByTestId('cw-project-new').click();
    await site.page.getByTestId('cw-project-name').fill('临清市运河湾住宅小区三期');
    await site.page.getByTestId('cw-project-area').fill('36000');
    await site.page.getByTestId('cw-project-submit').click();
    await site.page.getByTestId('cw-plan-qty-0').fill('8000');
    await pick(site.page, 'cw-plan-transporters', '临清市渣土运输有限公司', '渣土');
    await site.page.keyboard.press('Escape');
    await pick(site.page, 'cw-plan-sites', '临清市城区建筑垃圾临时消纳场');
    // The list stays open after the first choice in a multiple select.
    await site.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '临清市建筑垃圾资源化利用厂' }).click();
    await site.page.getByTestId('cw-plan-sites').filter({ hasText: '临清市建筑垃圾资源化利用厂' }).waitFor();
    await site.page.keyboard.press('Escape');
    await site.page.getByTestId('cw-plan-submit').click();
    await site.page.getByTestId('cw-plan-status').filter({ hasText: '待审核' }).waitFor();

    // The housing bureau approves it.
    const housing = await newPage(platform);
    await login(housing.page, 'housing.linqing');
    await housing.page.getByTestId('menu-construction').click();
    await housing.page.getByTestId('cw-projects').locator('tbody tr.ant-table-row', { hasText: '运河湾住宅小区三期' }).click();
    await housing.page.getByTestId('cw-plan-approve').click();
    await housing.page.getByTestId('cw-plan-status').filter({ hasText: '已批准' }).waitFor();

    // Two truckloads of muck leave for the consumption site, each on its own manifest.
    const loads: string[] = [];
    for (const plate of ['鲁P2Z581', '鲁P2Z597']) {
      await site.page.goto('/construction');
      await site.page.getByTestId('cw-projects').locator('tbody tr.ant-table-row', { hasText: '运河湾住宅小区三期' }).click();
      await site.page.getByTestId('cw-load-weight').fill('16');
      await pick(site.page, 'cw-load-site', '临清市城区建筑垃圾临时消纳场');
      await pick(site.page, 'cw-load-vehicle', plate);
      await pick(site.page, 'cw-load-driver', '何长海');
      await site.page.getByTestId('cw-load-submit').click();
      await site.page.waitForURL(/\/manifests\/[0-9a-f-]{36}$/);
      await site.page.getByTestId('sign-submit').click();
      await site.page.getByTestId('manifest-status').filter({ hasText: '待承运人接收' }).waitFor();
      loads.push(site.page.url().split('/').pop()!);
    }

    // The driver signs both out with the exit weights.
    const driver = await newPage(platform, { mobile: true });
    await login(driver.page, 'driver.muck');
    for (const id of loads) {
      await driver.page.goto(`/manifests/${id}`);
      await driver.page.getByTestId('field-pickupWeightT').fill('16.2');
      await driver.page.getByTestId('sign-submit').click();
      await driver.page.getByTestId('manifest-status').filter({ hasText: '运输中' }).waitFor();
    }

    // The first arrives and is weighed in; the second's truck turns up at the recycling plant instead.
    const weighbridge = await newPage(platform);
    await login(weighbridge.page, 'cwsite.demo');
    await weighbridge.page.goto(`/manifests/${loads[0]}`);
    await weighbridge.page.getByTestId('field-receivedWeightT').fill('16.1');
    await weighbridge.page.getByTestId('field-treatmentMethod').fill('消纳');
    await weighbridge.page.getByTestId('sign-submit').click();
    await weighbridge.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    const muck = await newPage(platform);
    await login(muck.page, 'muck.demo');
    const token = (await apiCall(muck.page, 'POST', '/api/tokens', { name: '渣土车GPS', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json.secret;
    const gps = await fetch(`${platform.baseUrl}/api/telemetry/positions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ points: [{ plate: '鲁P2Z597', at: new Date().toISOString(), longitude: 115.7349, latitude: 36.8152 }] }) });
    expect(gps.status).toBe(200);
    // The periodic scan, run now rather than in five minutes.
    const admin = await newPage(platform);
    await login(admin.page, 'admin');
    expect((await apiCall(admin.page, 'POST', '/api/alarms/scan')).status).toBe(200);

    // 综合行政执法局 takes the alarm through to the end.
    const urban = await newPage(platform);
    await login(urban.page, 'urban.linqing');
    await urban.page.getByTestId('menu-alarms').click();
    const row = urban.page.getByTestId('alarm-table').locator('tbody tr.ant-table-row', { hasText: '非指定场所' });
    await row.waitFor();
    expect(await row.innerText()).toContain('鲁P2Z597');
    await row.click();
    await pickSearched(urban.page, 'alarm-owner', '赵明', '赵明', '[data-testid="alarm-assign"]:not([disabled])');
    await urban.page.getByTestId('alarm-assign').click();
    await urban.page.getByTestId('alarm-status').filter({ hasText: '已分派' }).waitFor();
    await urban.page.getByTestId('alarm-note').fill('已责令渣土车返回消纳场卸载，对运输单位立案调查');
    await urban.page.getByTestId('alarm-handle').click();
    await urban.page.getByTestId('alarm-status').filter({ hasText: '已处置' }).waitFor();
    await urban.page.getByTestId('alarm-verify').click();
    await urban.page.getByTestId('alarm-status').filter({ hasText: '已核实' }).waitFor();
    expect(await urban.page.getByTestId('alarm-event').count()).toBe(3);
    await screenshot(urban.page, 'construction-alarm-verified');

    // The project's risk: the diverted load (high, closed: 5) and the detour it made (medium, still open: 3 × 2).
    await housing.page.goto('/construction');
    await housing.page.getByRole('tab', { name: '风险评估' }).click();
    const risky = housing.page.getByTestId('cw-risk-projects').locator('tbody tr.ant-table-row', { hasText: '运河湾住宅小区三期' });
    await risky.waitFor();
    expect(await risky.innerText()).toMatch(/11\s+中风险\s+2（1）/);
  });
});
