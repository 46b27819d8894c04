import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, pick, screenshot, type RunningPlatform } from './support/platform';

// 统计数据 in a browser (1440×900): 临清市统计局 opens the page, sees 临清's figures of this year with
// units and sources, enters a figure for a town, revises it with a reason, and the history shows both;
// then fills the year's Excel sheet, sees a bad cell named in the preview, corrects it and confirms.

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('statistics in a browser', () => {
  it('the statistics bureau enters a figure and revises it; the history keeps both', async () => {
    const { context, page } = await newPage(platform);
    await login(page, 'stats.linqing');
    await page.getByTestId('menu-statistics').click();
    // This year's GDP of 临清, from the demo, with its unit and source.
    const gdp = page.getByTestId('figure-row-gdp');
    await gdp.getByTestId('figure-value-gdp').filter({ hasText: '万元' }).waitFor();
    expect(await gdp.innerText()).toContain('临清市统计局');
    expect(await gdp.innerText()).toContain('亿元');
    await screenshot(page, 'statistics');

    // 松林镇 has no figures yet: enter its medical institutions.
    await pick(page, 'statistics-region', '松林镇');
    const row = page.getByTestId('figure-row-medical_institutions');
    await row.getByRole('button', { name: /填\s*报/ }).waitFor();
    expect(await row.innerText()).toContain('暂无');
    await row.getByTestId('enter-medical_institutions').click();
    await page.getByTestId('figure-value').fill('3');
    await page.getByTestId('figure-source').fill('临清市卫生健康局 医疗机构名录');
    await page.getByTestId('figure-submit').click();
    await row.getByTestId('figure-value-medical_institutions').filter({ hasText: '3 个' }).waitFor();

    // Revise it: the form shows the figure in force; the reason goes with the revision.
    await row.getByTestId('enter-medical_institutions').filter({ hasText: /修\s*订/ }).click();
    expect(await page.getByTestId('figure-current').innerText()).toContain('3 个');
    await page.getByTestId('figure-value').fill('4');
    await page.getByTestId('figure-note').fill('补录松林镇中心卫生院分院');
    await page.getByTestId('figure-submit').click();
    await row.getByTestId('figure-value-medical_institutions').filter({ hasText: '4 个' }).waitFor();
    await row.getByTestId('history-medical_institutions').filter({ hasText: '已修订 1 次' }).waitFor();

    await row.getByTestId('history-medical_institutions').click();
    const history = page.getByTestId('figure-history');
    await history.getByTestId('history-row').nth(1).waitFor();
    const rows = history.getByTestId('history-row');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/4 个[\s\S]*现行[\s\S]*补录松林镇中心卫生院分院[\s\S]*刘芳/);
    expect(await rows.nth(1).innerText()).toMatch(/3 个[\s\S]*已被修订/);
    await screenshot(page, 'statistics-history');
    await context.close();
  });

  it('the statistics bureau fills the year’s Excel sheet: a bad cell is named, the corrected sheet is previewed and confirmed', async () => {
    const { context, page } = await newPage(platform);
    await login(page, 'stats.linqing');
    await page.getByTestId('menu-statistics').click();
    await page.getByTestId('figure-row-gdp').getByTestId('figure-value-gdp').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('statistics-template').click();
    const sheetFile = await (await download).path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(sheetFile);
    const sheet = workbook.getWorksheet('统计数据')!;
    const rowOf = (regionCode: string, key: string) => {
      for (let r = 5; r <= sheet.rowCount; r++) if (String(sheet.getCell(`A${r}`).value) === regionCode && sheet.getCell(`C${r}`).value === key) return r;
      throw new Error(`no row for ${regionCode} ${key}`);
    };
    const cattle = rowOf('371581102', 'cattle_stock');
    sheet.getCell(`F${cattle}`).value = -120;
    sheet.getCell(`G${cattle}`).value = '老赵庄镇畜牧兽医站';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-stats-'));
    const bad = path.join(dir, '统计数据（有误）.xlsx');
    await workbook.xlsx.writeFile(bad);
    await page.getByTestId('statistics-file').setInputFiles(bad);
    const problems = page.getByTestId('statistics-problems');
    await problems.waitFor();
    expect(await problems.innerText()).toContain(`第${cattle}行“数值”列（F${cattle}）：牛存栏量不能为负`);

    sheet.getCell(`F${cattle}`).value = 1_260;
    const good = path.join(dir, '统计数据.xlsx');
    await workbook.xlsx.writeFile(good);
    await page.getByTestId('statistics-file').setInputFiles(good);
    await page.getByTestId('statistics-preview').locator('tbody tr.ant-table-row', { hasText: '老赵庄镇' }).filter({ hasText: '1,260 头' }).filter({ hasText: '新增' }).waitFor();
    expect(await page.getByTestId('statistics-counts').innerText()).toContain('新增 1 项，修订 0 项');
    await page.getByTestId('statistics-confirm').click();
    await page.getByTestId('statistics-preview').waitFor({ state: 'detached' });
    await pick(page, 'statistics-region', '老赵庄镇');
    await page.getByTestId('figure-row-cattle_stock').getByTestId('figure-value-cattle_stock').filter({ hasText: '1,260 头' }).waitFor();
    await context.close();
  });
});
