import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, pickSearched, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('live supervision in a browser', () => {
  it('shows a load in transit on the regulator’s live map, and takes a weight mismatch alarm through assign, handle and verify', async () => {
    // A load leaves: batch, manifest, producer's signature, the driver's pickup (set-up through the API as its users).
    const producer = await newPage(platform);
    await login(producer.page, 'producer.demo');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const batch = (await apiCall(producer.page, 'POST', '/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 4, quantityT: 2 })).json;
    const anyun = (await apiCall(producer.page, 'GET', '/api/manifests/transporters?q=安运')).json.items[0];
    const rec = (await apiCall(producer.page, 'GET', `/api/manifests/receivers?wasteCode=900-249-08&date=${today}`)).json.items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
    const m = (await apiCall(producer.page, 'POST', '/api/manifests', { batchIds: [batch.id], receiverId: rec.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721').id,
      driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id, plannedDate: today, dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '吸附棉、灭火器' })).json;
    expect((await apiCall(producer.page, 'POST', `/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).status).toBe(200);
    const driver = await newPage(platform, { mobile: true });
    await login(driver.page, 'driver.demo');
    expect((await apiCall(driver.page, 'POST', `/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 2, origin: '松林镇', destination: '唐园镇' } })).status).toBe(200);
    // The truck's GPS terminal reports, through the transport company's token.
    const transporter = await newPage(platform);
    await login(transporter.page, 'transporter.demo');
    const token = (await apiCall(transporter.page, 'POST', '/api/tokens', { name: '车载GPS', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json.secret;
    // Four positions between the pickup and now.
    const pickedUp = Date.parse((await apiCall(producer.page, 'GET', `/api/manifests/${m.id}`)).json.signatures.find((x: { step: string }) => x.step === 'transport').at);
    await new Promise((r) => setTimeout(r, 2_500));
    const points = [0, 1, 2, 3].map((i) => ({ plate: '鲁P3A721', at: new Date(pickedUp + (i + 1) * 500).toISOString(), longitude: 115.64 + i * 0.02, latitude: 36.79 + i * 0.01, speedKmh: 45 }));
    const gps = await fetch(`${platform.baseUrl}/api/telemetry/positions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ points }) });
    expect(await gps.json()).toEqual({ accepted: 4, duplicates: 0 });

    // The regulator's live map shows the truck with its load; its route is drawn on request.
    const eco = await newPage(platform);
    await login(eco.page, 'eco.linqing');
    await eco.page.getByTestId('menu-live').click();
    const vehicle = eco.page.getByTestId('live-vehicle').filter({ hasText: '鲁P3A721' });
    await vehicle.waitFor();
    expect(await vehicle.innerText()).toContain(m.number);
    expect(await vehicle.innerText()).toContain('900-249-08');
    await eco.page.getByTestId('live-map').locator('svg').first().waitFor();
    await vehicle.click();
    await eco.page.getByTestId('live-selected').filter({ hasText: '4 个定位点' }).waitFor();
    await screenshot(eco.page, 'live-map');

    // The regulator keeps the alarm console open; the receiver weighs in 1.6 t of the 2 t loaded.
    await eco.page.getByTestId('menu-alarms').click();
    await eco.page.getByTestId('alarm-table').waitFor();
    const receiver = await newPage(platform);
    await login(receiver.page, 'receiver.demo');
    await receiver.page.goto(`/manifests/${m.id}`);
    await receiver.page.getByTestId('field-receivedWeightT').fill('1.6');
    await pick(receiver.page, 'field-treatmentMethod', 'R9 废油再提炼', '废油');
    await receiver.page.getByTestId('sign-submit').click();
    await receiver.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    // The alarm arrives on the open console through the server-sent feed, without a reload.
    const row = eco.page.getByTestId('alarm-table').locator('tbody tr.ant-table-row', { hasText: m.number });
    await row.waitFor();
    expect(await row.innerText()).toContain('待分派');
    await row.click();
    await pickSearched(eco.page, 'alarm-owner', '周静', '周静', '[data-testid="alarm-assign"]:not([disabled])');
    await eco.page.getByTestId('alarm-assign').click();
    await eco.page.getByTestId('alarm-status').filter({ hasText: '已分派' }).waitFor();

    // The receiver's clerk, now its owner, explains the difference.
    await receiver.page.getByTestId('menu-alarms').click();
    await receiver.page.getByTestId('alarm-table').locator('tbody tr.ant-table-row', { hasText: m.number }).click();
    await receiver.page.getByTestId('alarm-note').fill('复磅确认：桶内含水分离后实重1.6吨，已与移出人核对');
    await receiver.page.getByTestId('alarm-handle').click();
    await receiver.page.getByTestId('alarm-status').filter({ hasText: '已处置' }).waitFor();

    // The regulator verifies and closes it.
    await eco.page.reload();
    await eco.page.getByTestId('alarm-open-only').click();
    await eco.page.getByTestId('alarm-table').locator('tbody tr.ant-table-row', { hasText: m.number }).click();
    await eco.page.getByTestId('alarm-verify').click();
    await eco.page.getByTestId('alarm-status').filter({ hasText: '已核实' }).waitFor();
    const history = await eco.page.getByTestId('alarm-history').innerText();
    expect(history).toMatch(/分派[\s\S]*处置[\s\S]*复磅确认[\s\S]*核实办结/);
    await screenshot(eco.page, 'alarm-verified');
  });
});
