import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startE2E, newPage, login, screenshot, apiCall, type RunningPlatform } from './support/platform';
import { GRADE_SCHEMES } from '../src/domain/credit';

// 企业环境信用评价 in a browser (issue 18), at 1440×900: a receipt 绿源环保 leaves past its deadline;
// 临清's ecology bureau sweeps from its page and sees the grade fall; 绿源环保 reads the reason on its own page.

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('enterprise credit in a browser', () => {
  it('the bureau sees 绿源环保’s grade fall after an overdue receipt, and 绿源环保 sees why on its page', async () => {
    // Set-up through the API: 恒通 sends a load to 绿源环保 and the driver takes it on the road.
    const producer = await newPage(platform);
    await login(producer.page, 'producer.demo');
    const batch = (await apiCall(producer.page, 'POST', '/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '桶', containerVolumeL: 200, containerCount: 2, quantityT: 0.6 })).json;
    const anyun = (await apiCall(producer.page, 'GET', '/api/manifests/transporters?q=安运')).json.items[0];
    const rec = (await apiCall(producer.page, 'GET', `/api/manifests/receivers?wasteCode=900-249-08&date=${today}`)).json.items.find((r: { name: string }) => r.name === '临清市绿源环保科技有限公司');
    const m = (await apiCall(producer.page, 'POST', '/api/manifests', { batchIds: [batch.id], receiverId: rec.id, transporterIds: [anyun.id], vehicleId: anyun.vehicles.find((v: { plate: string }) => v.plate === '鲁P3A721').id,
      driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id, plannedDate: today, dangerousGoodsClass: '第9类', emergencyMeasures: '吸附棉' })).json;
    expect((await apiCall(producer.page, 'POST', `/api/manifests/${m.id}/sign`, { action: 'sign_emission' })).status).toBe(200);
    const driver = await newPage(platform);
    await login(driver.page, 'driver.demo');
    expect((await apiCall(driver.page, 'POST', `/api/manifests/${m.id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.6, origin: '松林镇', destination: '唐园镇' } })).status).toBe(200);

    const eco = await newPage(platform);
    await login(eco.page, 'eco.linqing');
    const lvyuan = rec.id as string;
    // Bring 绿源环保 to the lower bound of its grade, as an earlier penalty would have.
    const before = (await apiCall(eco.page, 'GET', `/api/credit/enterprises/${lvyuan}`)).json;
    const grade = GRADE_SCHEMES[1].grades.find((g) => g.value === before.grade.value)!;
    if (before.score > grade.min) {
      const res = await apiCall(eco.page, 'POST', '/api/credit/events', { organisationId: lvyuan, kind: 'penalty', points: grade.min - before.score, occurredOn: today, reason: '危险废物识别标志不规范', decisionNo: '聊环罚字〔2026〕临字第901号', legalBasis: '《中华人民共和国固体废物污染环境防治法》第七十七条' });
      expect(res.status).toBe(201);
    }
    await eco.page.goto('/credit');
    await eco.page.getByTestId('menu-credit').waitFor();
    await eco.page.getByTestId('credit-q').fill('绿源环保');
    await eco.page.getByTestId('credit-q').press('Enter');
    const row = eco.page.locator('tbody tr.ant-table-row', { hasText: '临清市绿源环保科技有限公司' });
    await row.getByText(`${grade.min} 分`).waitFor();
    expect(await row.getByTestId('grade-tag').innerText()).toContain(grade.label.zh);

    // Five working days pass without the receipt (the date written as the api tests age a manifest). Aged only now,
    // after the page has shown the grade before, so that the server's own periodic sweep cannot get there first.
    const client = new pg.Client({ connectionString: platform.databaseUrl });
    await client.connect();
    await client.query(`UPDATE manifests SET receipt_due_at = now() - interval '1 hour' WHERE id = $1`, [m.id]);
    await client.end();
    await eco.page.getByTestId('credit-sweep').click();
    await row.getByText(`${grade.min - 5} 分`).waitFor();
    expect(await row.getByTestId('grade-tag').innerText()).not.toContain(grade.label.zh);
    await row.click();
    await eco.page.getByTestId('credit-card').getByText(m.number).first().waitFor();
    await screenshot(eco.page, 'credit-bureau');

    const receiver = await newPage(platform);
    await login(receiver.page, 'receiver.demo');
    await receiver.page.goto('/my-organisation');
    const card = receiver.page.getByTestId('credit-card');
    await card.getByText(m.number).first().waitFor();
    expect(await card.getByTestId('credit-score').innerText()).toBe(String(grade.min - 5));
    expect(await card.innerText()).toContain('超过接收时限');
    await screenshot(receiver.page, 'credit-enterprise');
    for (const p of [producer, driver, eco, receiver]) await p.context.close();
  });
});
