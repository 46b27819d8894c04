import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('the hazardous-waste chain in a browser', () => {
  it('runs plan → label → manifest → driver on a phone → receiver → regulator and declaration', async () => {
    const producer = await newPage(platform);
    await login(producer.page, 'producer.demo');
    // What the demo year has already sent this month, to add this load to (src/server/demo/year.ts).
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const t = (n: number) => `${Number(n.toFixed(4)).toLocaleString('zh-CN', { maximumFractionDigits: 4 })} 吨`;
    const draftBefore = (await apiCall(producer.page, 'GET', `/api/declarations/draft?periodType=month&period=${month}`)).json.lines as { wasteCode: string; transfers: { method: string; quantityT: number }[] }[];
    const r9Before = draftBefore.find((l) => l.wasteCode === '900-249-08')?.transfers.find((x) => x.method === 'R9')?.quantityT ?? 0;
    // The plan: 5 t a year of 900-249-08 makes a registration-management unit (A.1, A.3, A.7).
    await producer.page.getByTestId('menu-plans').click();
    await producer.page.getByTestId('plan-code-0').fill('900-249-08');
    await producer.page.getByTestId('plan-qty-0').fill('5');
    await producer.page.getByTestId('plan-a7-add').click();
    await producer.page.getByTestId('plan-a7-code-0').fill('900-249-08');
    await producer.page.getByTestId('plan-a7-qty-0').fill('5');
    await producer.page.getByTestId('plan-a7-receiver-0').fill('临清市绿源环保科技有限公司');
    await producer.page.getByTestId('plan-submit').click();
    await producer.page.getByTestId('plan-status').filter({ hasText: '已提交' }).waitFor();
    expect(await producer.page.getByTestId('plan-class').innerText()).toBe('登记管理单位');

    const regulator = await newPage(platform);
    await login(regulator.page, 'eco.linqing');
    await regulator.page.getByTestId('menu-plans').click();
    await regulator.page.getByTestId('plan-review').first().click();
    await regulator.page.getByTestId('plan-approve').click();
    await regulator.page.getByText('已备案').first().waitFor();

    // A batch is recorded and labelled.
    await producer.page.getByTestId('menu-store').click();
    await producer.page.getByTestId('batch-new').click();
    await pick(producer.page, 'batch-code', '900-249-08', '900-249');
    await pick(producer.page, 'batch-form', '液态');
    await producer.page.getByTestId('batch-container').fill('200L铁桶');
    await producer.page.getByTestId('batch-weight').fill('1.6');
    await producer.page.getByRole('button', { name: /确\s*定|OK/ }).click();
    const row = producer.page.locator('tbody tr', { hasText: '900-249-08' }).filter({ hasText: '1.6 吨' }).first();
    await row.waitFor();
    const labelHref = await row.getByRole('link').getAttribute('href');
    const label = await producer.context.newPage();
    await label.goto(labelHref!);
    expect(await label.content()).toContain('width:150mm;height:150mm');
    expect(await label.locator('svg').count()).toBeGreaterThan(0);
    await screenshot(label, 'label');
    await label.close();

    // The manifest, from the batch in store.
    await row.locator('input[type=checkbox]').check();
    await producer.page.getByTestId('manifest-new').click();
    await pick(producer.page, 'manifest-receiver', '绿源');
    await pick(producer.page, 'manifest-transporter', '安运', '安运');
    await pick(producer.page, 'manifest-vehicle', '鲁P3A721');
    await pick(producer.page, 'manifest-driver', '陈建军');
    await producer.page.getByTestId('manifest-dg').fill('第9类 UN3082');
    await producer.page.getByTestId('manifest-emergency').fill('车载吸附棉、灭火器；泄漏时围堵并报告');
    await producer.page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await producer.page.getByTestId('manifest-status').waitFor();
    const manifestUrl = producer.page.url();
    await producer.page.getByTestId('sign-submit').click();
    await producer.page.getByTestId('manifest-status').filter({ hasText: '待承运人接收' }).waitFor();

    // The driver signs at pickup on his phone, with his own account.
    const driver = await newPage(platform, { mobile: true });
    await login(driver.page, 'driver.demo');
    await driver.page.goto(new URL(manifestUrl).pathname);
    await driver.page.getByTestId('field-pickupWeightT').fill('1.62');
    await driver.page.getByTestId('field-origin').fill('临清市松林镇恒通轴承');
    await driver.page.getByTestId('field-destination').fill('临清市唐园镇绿源环保');
    await driver.page.getByTestId('field-place').fill('恒通轴承装货区');
    await screenshot(driver.page, 'driver-phone');
    await driver.page.getByTestId('sign-submit').click();
    await driver.page.getByTestId('manifest-status').filter({ hasText: '运输中' }).waitFor();

    // The receiver confirms.
    const receiver = await newPage(platform);
    await login(receiver.page, 'receiver.demo');
    const reportBefore = (await apiCall(receiver.page, 'GET', `/api/receivers/report?year=${month.slice(0, 4)}`)).json as { receivedT: number };
    await receiver.page.goto(new URL(manifestUrl).pathname);
    await receiver.page.getByTestId('field-receivedWeightT').fill('1.6');
    await pick(receiver.page, 'field-treatmentMethod', 'R9 废油再提炼', '废油');
    await receiver.page.getByTestId('sign-submit').click();
    await receiver.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    // The receiver's year, against its licensed capacity.
    await receiver.page.getByTestId('menu-declarations').click();
    expect(await receiver.page.getByTestId('receiver-report').innerText()).toContain('30,000 吨');
    expect(await receiver.page.getByTestId('receiver-report').innerText()).toContain(t(reportBefore.receivedT + 1.6));

    // The regulator sees it closed, and the producer's declaration reflects it.
    await regulator.page.getByTestId('menu-manifests').click();
    await regulator.page.locator('tbody tr', { hasText: '已接受' }).first().waitFor();
    await producer.page.getByTestId('menu-declarations').click();
    const lines = producer.page.getByTestId('declaration-lines');
    await lines.locator('tbody tr', { hasText: '900-249-08' }).waitFor();
    expect(await lines.innerText()).toContain('临清市绿源环保科技有限公司');
    expect(await lines.innerText()).toContain(t(r9Before + 1.6));
    for (const p of [producer, regulator, driver, receiver]) await p.context.close();
  });

  it('records a refusal in part, and corrects a signed field through a revision the others approve', async () => {
    const producer = await newPage(platform);
    await login(producer.page, 'producer.demo');
    // What the demo year has already sent this month, to add this load to (src/server/demo/year.ts).
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const t = (n: number) => `${Number(n.toFixed(4)).toLocaleString('zh-CN', { maximumFractionDigits: 4 })} 吨`;
    const draftBefore = (await apiCall(producer.page, 'GET', `/api/declarations/draft?periodType=month&period=${month}`)).json.lines as { wasteCode: string; transfers: { method: string; quantityT: number }[] }[];
    const r9Before = draftBefore.find((l) => l.wasteCode === '900-249-08')?.transfers.find((x) => x.method === 'R9')?.quantityT ?? 0;
    const setup = await producer.page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      const call = async (method: string, url: string, body?: unknown) => (await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: body ? JSON.stringify(body) : undefined })).json();
      const batch = await call('POST', '/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 5, quantityT: 1 });
      const anyun = (await call('GET', '/api/manifests/transporters?q=%E5%AE%89%E8%BF%90')).items[0];
      const rec = (await call('GET', '/api/manifests/receivers?wasteCode=900-249-08&date=2026-11-25')).items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
      const m = await call('POST', '/api/manifests', { batchIds: [batch.id], receiverId: rec.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles[0].id, driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id, plannedDate: '2026-11-25', dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' });
      await call('POST', `/api/manifests/${m.id}/sign`, { action: 'sign_emission' });
      return m.id as string;
    });
    const driver = await newPage(platform, { mobile: true });
    await login(driver.page, 'driver.demo');
    const pickedUp = await apiCall(driver.page, 'POST', `/api/manifests/${setup}/sign`, { action: 'sign_transport', data: { pickupWeightT: 1, origin: '松林镇', destination: '唐园镇' } });
    expect(pickedUp.status).toBe(200);

    const receiver = await newPage(platform);
    await login(receiver.page, 'receiver.demo');
    const reportBefore = (await apiCall(receiver.page, 'GET', `/api/receivers/report?year=${month.slice(0, 4)}`)).json as { receivedT: number };
    await receiver.page.goto(`/manifests/${setup}`);
    await pick(receiver.page, 'field-receptionOutcome', '部分拒收');
    await receiver.page.getByTestId('field-receivedWeightT').fill('0.8');
    await pick(receiver.page, 'field-treatmentMethod', 'R9 废油再提炼', '废油');
    await receiver.page.getByTestId('sign-submit').click();
    await receiver.page.getByText('签署前请填写必填项').first().waitFor();
    await receiver.page.getByTestId('field-refusalReason').fill('一桶渗漏，拒收');
    await receiver.page.getByTestId('sign-submit').click();
    await receiver.page.getByTestId('manifest-status').filter({ hasText: '部分拒收' }).waitFor();
    expect(await receiver.page.content()).toContain('一桶渗漏，拒收');

    await producer.page.goto(`/manifests/${setup}`);
    await producer.page.getByRole('button', { name: '修改申请' }).click();
    await pick(producer.page, 'revision-field', '突发环境事件防范措施');
    await producer.page.getByTestId('revision-value').fill('车载吸附棉、防爆工具、灭火器');
    await producer.page.getByTestId('revision-reason').fill('防范措施漏填两项');
    await producer.page.getByTestId('revision-submit').click();
    await producer.page.getByTestId('revision-row').filter({ hasText: '防范措施漏填两项' }).waitFor();
    const transporter = await newPage(platform);
    await login(transporter.page, 'transporter.demo');
    const revisionId = (await apiCall(transporter.page, 'GET', `/api/manifests/${setup}`)).json.revisions[0].id;
    expect((await apiCall(transporter.page, 'POST', `/api/manifests/${setup}/revisions/${revisionId}/approve`)).status).toBe(200);
    await receiver.page.reload();
    await receiver.page.getByTestId('revision-approve').click();
    await producer.page.reload();
    await producer.page.getByText('车载吸附棉、防爆工具、灭火器').first().waitFor();
    for (const p of [producer, driver, receiver, transporter]) await p.context.close();
  });
});
