import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, newPage, login, screenshot, type RunningPlatform } from './support/platform';

// 秸秆 in a browser (issue 16): 松林镇's agricultural station (agri.songlin) downloads its season sheet
// from the page, fills it with Excel, uploads it, sees a slip named at its cell, corrects it, confirms
// and finds its figures in the ledger; then files a season by form on a phone at 390×844.

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * What sticks out sideways on a phone: elements of the page (and of an open dialog) past the 390 px
 * screen's right edge that no scrolling box holds; none when the page fits.
 */
const spilling = (page: Page) => page.evaluate(() => {
  const held = (e: Element) => { for (let p = e.parentElement; p; p = p.parentElement) if (/(auto|scroll|hidden)/.test(getComputedStyle(p).overflowX)) return true; return false; };
  return [...document.querySelectorAll('[data-testid="agri-straw-page"] *, .ant-modal *')].filter((e) => e.getBoundingClientRect().right > 391 && !held(e))
    .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${String(e.className).slice(0, 60)} ${Math.round(e.getBoundingClientRect().right)}px "${(e.textContent ?? '').slice(0, 30)}"`);
});

describe('straw in a browser', () => {
  it('a town station files its 三夏 wheat from Excel: template, a refused slip, the preview, confirm, the figures', async () => {
    const { page } = await newPage(platform);
    await login(page, 'agri.songlin');
    await page.getByTestId('menu-agri/straw').click();
    await page.getByTestId('straw-import').waitFor();
    await page.getByTestId('straw-import-harvest').getByText('三夏').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('straw-template').click()]);
    expect(download.suggestedFilename()).toMatch(/秸秆利用情况_\d{4}_三夏\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('秸秆利用')!;
    const row = sheet.getRow(4);
    expect([row.getCell(1).value, row.getCell(2).value]).toEqual(['松林镇', '小麦']);

    // 62 000 亩, 27 000 t of wheat: 25 245 t collectable; 22 000 t returned, the rest fed, burnt, grown on and pulped.
    row.getCell(3).value = 62_000; row.getCell(4).value = 27_000; row.getCell(5).value = null;
    [22_000, 300, -1500, 200, 100, 50].forEach((v, i) => { row.getCell(6 + i).value = v; });
    row.getCell(12).value = '临清市牧源饲料有限公司:900；松林镇秸秆收储专业合作社:500';
    const upload = async () => page.getByTestId('straw-import-file').setInputFiles({ name: '松林镇三夏.xlsx', mimeType: XLSX, buffer: Buffer.from(await workbook.xlsx.writeBuffer()) });
    await upload();
    await page.getByTestId('straw-import-problems').filter({ hasText: '第4行“饲料化（吨）”列（H4）：不能为负' }).waitFor();
    expect(await page.getByTestId('straw-import-confirm').isDisabled()).toBe(true);
    await screenshot(page, 'agri-straw-import-problem');

    row.getCell(8).value = 1500;
    await upload();
    const preview = page.getByTestId('straw-import-preview');
    await preview.locator('tbody tr.ant-table-row', { hasText: '更正原填报' }).waitFor();
    const line = await preview.locator('tbody tr.ant-table-row').first().innerText();
    expect(line).toContain('25,245 吨');
    expect(line).toContain('95.66 %');
    await screenshot(page, 'agri-straw-import-preview');
    await page.getByTestId('straw-import-confirm').click();
    await page.getByText('已写入：新填报 0 条，更正 1 条').waitFor();

    // The filing is in the ledger, with the coefficients it used and its entities.
    const filed = page.locator('tbody tr.ant-table-row', { hasText: '三夏' }).filter({ hasText: '现行' }).filter({ hasText: '24,150 吨' });
    await filed.waitFor();
    const text = await filed.innerText();
    expect(text).toContain('松林镇');
    expect(text).toContain('25,245 吨');
    expect(text).toContain('1.1 × 0.85');
    expect(text).toContain('临清市牧源饲料有限公司 900 吨');
    // The station sees its own town only.
    expect(await page.getByTestId('straw-summary').locator('tbody tr.ant-table-row').count()).toBe(1);
    await screenshot(page, 'agri-straw-filed');
  });

  it('files a season by form on a phone at 390×844, nothing wider than the screen', async () => {
    const { page } = await newPage(platform, { mobile: true });
    await login(page, 'agri.songlin');
    await page.goto('/agri/straw');
    await page.getByTestId('straw-form-open').click();
    await page.getByTestId('straw-form-sown').fill('61500');
    await page.getByTestId('straw-form-perMu').fill('430');
    await page.getByTestId('straw-form-fieldReturnT').fill('21000');
    await page.getByTestId('straw-form-feedT').fill('1600');
    expect(await spilling(page)).toEqual([]);
    await screenshot(page, 'agri-straw-phone-form');
    await page.getByTestId('straw-form-submit').click();
    // 61 500 亩 × 430 公斤/亩 = 26 445 t; × 1.1 × 0.85 = 24 726.075 t collectable.
    await page.getByText('已填报：可收集 24726.075 吨，利用 22600 吨').waitFor();
    expect(await spilling(page)).toEqual([]);
    await screenshot(page, 'agri-straw-phone-filed');
  });
});
