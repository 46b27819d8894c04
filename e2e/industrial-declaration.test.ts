import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

// Last month, in Asia/Shanghai, and a moment inside it for the set-up batch.
const sh = new Date(Date.now() + 8 * 3_600_000);
const lastMonth = new Date(Date.UTC(sh.getUTCFullYear(), sh.getUTCMonth() - 1, 10, 2));
const period = lastMonth.toISOString().slice(0, 7);

describe('the monthly industrial declaration from Excel', () => {
  it('a power plant downloads the sheet, corrects it, uploads, checks the preview and confirms; the ecology bureau sees it declared', async () => {
    // The ecology bureau gives 临清 sixty days to declare, so last month is open whatever today's date.
    const eco = await newPage(platform);
    await login(eco.page, 'eco.linqing');
    expect((await apiCall(eco.page, 'PUT', '/api/settings/industrial.declaration_days', { value: 60 })).status).toBe(200);

    // Set-up: 华能临清热电's ledger holds 120 t of fly ash generated last month.
    const power = await newPage(platform);
    await login(power.page, 'power.demo');
    // On top of what the demo year put in last month's ledger (the plant has yet to declare it).
    const demo = (await apiCall(power.page, 'GET', `/api/declarations/draft?stream=industrial&periodType=month&period=${period}`)).json.lines as { wasteCode: string; generatedT: number; selfUtilisedT: number }[];
    const before = (code: string) => demo.find((l) => l.wasteCode === code) ?? { generatedT: 0, selfUtilisedT: 0 };
    const t = (n: number) => `${Number(n.toFixed(4)).toLocaleString('zh-CN', { maximumFractionDigits: 4 })} 吨`;
    const ash0 = before('SW02'), gypsum0 = before('SW06');
    const batch = await apiCall(power.page, 'POST', '/api/ledger/batches', { stream: 'industrial', wasteCode: 'SW02', physicalForm: '固态', containerType: '灰库', containerCount: 1, quantityT: 120, generatedAt: lastMonth.toISOString() });
    expect(batch.status).toBe(201);

    await power.page.getByTestId('menu-declarations').click();
    await pick(power.page, 'declaration-stream', '一般工业固体废物');
    await pick(power.page, 'declaration-period', period);
    const panel = power.page.getByTestId('excel-declaration');
    await panel.waitFor();

    // The template comes filled from the ledger.
    const [download] = await Promise.all([power.page.waitForEvent('download'), power.page.getByTestId('excel-template').click()]);
    expect(download.suggestedFilename()).toContain(period);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('申报表')!;
    const rowOf = (code: string) => { for (let r = 5; r <= sheet.rowCount; r++) if (sheet.getCell(`A${r}`).value === code) return sheet.getRow(r); throw new Error(code); };
    expect(rowOf('SW02').getCell(4).value).toBeCloseTo(ash0.generatedT + 120, 4);

    // A slip first: the sheet is refused with the row and column named, and nothing changes.
    const ashRow = rowOf('SW02').number;
    rowOf('SW02').getCell(5).value = '三十';
    await power.page.getByTestId('excel-file').setInputFiles({ name: `申报_${period}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await workbook.xlsx.writeBuffer()) });
    await power.page.getByTestId('excel-problems').filter({ hasText: `第${ashRow}行“自行利用量(吨)”列（E${ashRow}）：“三十”不是数字` }).waitFor();

    // The clerk's month-end count: 15 t more fly ash than the ledger (30 t of it used in the plant), 12 t more gypsum.
    rowOf('SW02').getCell(4).value = Number((ash0.generatedT + 135).toFixed(4));
    rowOf('SW02').getCell(5).value = Number((ash0.selfUtilisedT + 30).toFixed(4));
    rowOf('SW06').getCell(4).value = Number((gypsum0.generatedT + 12).toFixed(4));
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    await power.page.getByTestId('excel-file').setInputFiles({ name: `申报_${period}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: filled });

    const preview = power.page.getByTestId('excel-preview');
    await preview.waitFor();
    const ash = await preview.locator('tbody tr.ant-table-row', { hasText: 'SW02' }).innerText();
    expect(ash).toContain(t(ash0.generatedT + 135));
    expect(ash).toContain(`台账 ${t(ash0.generatedT + 120)}`);
    expect(ash).toContain('产生 +15 吨');
    expect(ash).toContain('自行利用 +30 吨');
    expect(await preview.locator('tbody tr.ant-table-row', { hasText: 'SW06' }).innerText()).toContain('产生 +12 吨');
    await expect.poll(() => power.page.getByTestId('excel-changes').innerText()).toContain('3');
    await screenshot(power.page, 'industrial-declaration-preview');

    await power.page.getByTestId('excel-confirm').click();
    await power.page.getByTestId('declaration-submitted').filter({ hasText: '已申报' }).waitFor();
    const lines = await power.page.getByTestId('declaration-lines').locator('tbody tr.ant-table-row', { hasText: 'SW02' }).innerText();
    expect(lines).toContain(t(ash0.generatedT + 135));
    expect(lines).toContain(t(ash0.selfUtilisedT + 30));

    // The ecology bureau sees the plant as declared for last month.
    await eco.page.getByTestId('menu-declarations').click();
    await pick(eco.page, 'overview-stream', '一般工业固体废物');
    const plant = eco.page.locator('tbody tr.ant-table-row', { hasText: '华能临清热电有限公司' });
    await plant.filter({ hasText: '已申报' }).waitFor();
    expect(await plant.innerText()).toContain('电力');
    await screenshot(eco.page, 'industrial-declaration-overview');
  });
});
