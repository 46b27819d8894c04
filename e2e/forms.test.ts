import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

// Issue 20's forms: a waste-code picker that opens with options and shows whole names, a signing form
// with one place per field, and 利用/处置方式 picked from the R/D list.
let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const openList = (page: Page) => page.locator('.ant-select-dropdown:visible');

/** Labels of the manifest's read-only table and of the signing form, as a signer sees them. */
async function labels(page: Page) {
  const table = (await page.locator('.ant-descriptions').first().locator('.ant-descriptions-item-label').allInnerTexts()).map((t) => t.trim());
  const form = (await page.locator('form .ant-form-item-label label').allInnerTexts()).map((t) => t.trim());
  return { table, form };
}

/** A hazardous manifest of 900-249-08 from producer.demo to 绿源, made over the API (the form is not the subject here). */
async function newManifest(page: Page) {
  const batch = (await apiCall(page, 'POST', '/api/ledger/batches', { wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 4, quantityT: 0.8 })).json;
  const anyun = (await apiCall(page, 'GET', '/api/manifests/transporters?q=安运')).json.items[0];
  const lvyuan = ((await apiCall(page, 'GET', `/api/manifests/receivers?wasteCode=900-249-08&date=${today()}`)).json.items as { id: string; name: string }[]).find((r) => r.name === '临清市绿源环保科技有限公司')!;
  const created = await apiCall(page, 'POST', '/api/manifests', { stream: 'hazardous', batchIds: [batch.id], receiverId: lvyuan.id, transporterIds: [anyun.id],
    vehicleId: anyun.vehicles.find((v: { dgPermitNo: string | null }) => v.dgPermitNo).id, driverId: anyun.drivers.find((d: { hasAccount: boolean }) => d.hasAccount).id,
    plannedDate: today(), dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '吸附棉、防渗托盘' });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

describe('forms people can fill', () => {
  it('opens the waste-code picker with options, shows whole names and finds a code by words', async () => {
    const producer = await newPage(platform);
    await login(producer.page, 'producer.demo');
    const page1 = (await apiCall(producer.page, 'GET', '/api/catalogues/hazardous/entries?pageSize=50')).json.items as { code: string; name: string; description: string }[];
    const long = page1.find((e) => (e.description || e.name).length > 30)!;
    // Something of its own in store, so the picker has the organisation's codes to put first.
    expect((await apiCall(producer.page, 'POST', '/api/ledger/batches', { wasteCode: '900-047-49', physicalForm: '液态', containerType: '25L塑料桶', containerVolumeL: 25, containerCount: 2, quantityT: 0.05 })).status).toBe(201);
    expect(long).toBeTruthy();
    await producer.page.getByTestId('menu-store').click();
    await producer.page.getByTestId('batch-new').click();
    await producer.page.getByTestId('batch-code').click();
    // Options before a key is pressed: the codes held in store first, then the catalogue's first page.
    const options = openList(producer.page).getByTestId('waste-code-option');
    await options.first().waitFor();
    expect(await options.count()).toBeGreaterThan(10);
    await openList(producer.page).getByText('本单位在存').waitFor();
    // A name longer than 30 characters is there whole, wrapping inside the list rather than cut.
    const full = `${long.code} · ${long.description || long.name}`;
    const option = options.filter({ hasText: long.code }).first();
    await option.scrollIntoViewIfNeeded();
    expect((await option.innerText()).replace(/\s+/g, ' ')).toContain(full.replace(/\s+/g, ' '));
    const [box, list] = [await option.boundingBox(), await openList(producer.page).boundingBox()];
    expect(box!.x + box!.width).toBeLessThanOrEqual(list!.x + list!.width + 1);
    // HW categories by name beside their code (HW49 其他废物).
    expect(await openList(producer.page).innerText()).toMatch(/HW\d{2} [\u4e00-\u9fa5]/);
    // Words apart find the code whose description holds them both.
    await producer.page.keyboard.type('沾染 包装');
    await options.filter({ hasText: '900-041-49' }).first().waitFor();
    await screenshot(producer.page, 'forms-waste-code-picker');
    await options.filter({ hasText: '900-041-49' }).first().click();
    // The choice shows in the select (as the pick helper checks it).
    await producer.page.getByTestId('batch-code').filter({ hasText: '900-041-49' }).waitFor();
    await producer.context.close();
  });

  it('asks each field in one place on the producer’s and the receiver’s signing forms, and the receiver picks D10 from the list', async () => {
    const producer = await newPage(platform);
    await login(producer.page, 'producer.demo');
    const id = await newManifest(producer.page);

    // On a phone first: the form is there, and no field is both in the table and in the form.
    const phone = await newPage(platform, { mobile: true });
    await login(phone.page, 'producer.demo');
    await phone.page.goto(`/manifests/${id}`);
    await phone.page.getByTestId('sign-submit').waitFor();
    const small = await labels(phone.page);
    expect(small.form.length).toBeGreaterThan(3);
    expect(small.table.filter((l) => small.form.includes(l))).toEqual([]);
    const submit = await phone.page.getByTestId('sign-submit').boundingBox();
    expect(submit!.width).toBeLessThanOrEqual(390);
    await screenshot(phone.page, 'forms-sign-phone');
    await phone.context.close();

    await producer.page.goto(`/manifests/${id}`);
    await producer.page.getByTestId('sign-submit').waitFor();
    const { table, form } = await labels(producer.page);
    expect(form).toEqual(expect.arrayContaining(['包装数量', '危险货物类别/项别/编号', '突发环境事件防范措施']));
    expect(table.filter((l) => form.includes(l))).toEqual([]);
    // The field both on the manifest and the producer's to fill appears once, editable, with its value.
    expect(await producer.page.getByTestId('field-containerCount').inputValue()).toBe('4');
    const description = await producer.page.locator('.ant-descriptions').first().innerText();
    expect(description).toContain('毒性、易燃性');
    expect(description).not.toMatch(/危险特性\s+T、I/);
    await screenshot(producer.page, 'forms-sign-producer');
    await producer.page.getByTestId('sign-submit').click();
    await producer.page.getByTestId('manifest-status').filter({ hasNotText: '待移出人签署' }).waitFor();

    const driver = await newPage(platform);
    await login(driver.page, 'driver.demo');
    expect((await apiCall(driver.page, 'POST', `/api/manifests/${id}/sign`, { action: 'sign_transport', data: { pickupWeightT: 0.8, origin: '松林镇', destination: '唐园镇' } })).status).toBe(200);

    const receiver = await newPage(platform);
    await login(receiver.page, 'receiver.demo');
    await receiver.page.goto(`/manifests/${id}`);
    await receiver.page.getByTestId('sign-submit').waitFor();
    const reception = await labels(receiver.page);
    expect(reception.table.filter((l) => reception.form.includes(l))).toEqual([]);
    // 利用/处置方式 is a list: typing words narrows it, the option reads "D10 焚烧".
    await pick(receiver.page, 'field-treatmentMethod', 'D10 焚烧', '焚烧');
    await screenshot(receiver.page, 'forms-sign-receiver');
    await receiver.page.getByTestId('sign-submit').click();
    await receiver.page.getByTestId('manifest-status').filter({ hasText: '已接受' }).waitFor();
    const detail = await receiver.page.locator('.ant-descriptions').first().innerText();
    expect(detail).toContain('D10 焚烧');
    expect(detail).toMatch(/包装数量\s+4 桶/);
    const saved = (await apiCall(receiver.page, 'GET', `/api/manifests/${id}`)).json;
    expect(saved.data.treatmentMethod).toBe('D10');
  });
});
