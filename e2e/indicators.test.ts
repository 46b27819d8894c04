import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, pick, screenshot, type RunningPlatform } from './support/platform';
import { LINQING_PLAN } from '../src/server/demo/plans/linqing';
import { TIANQIAO_PLAN } from '../src/server/demo/plans/tianqiao';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('indicators and tasks in a browser', () => {
  it('imports seed 000’s table from Excel through the preview, marking problems per cell, and shows the 45 indicators with their statuses', async () => {
    // The workbook as an office would have it: a title row, merged 一级/二级 cells, a blank row, stray spaces.
    const build = async (name: string, damage: boolean) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('指标');
      ws.addRow(['临清市“十四五”时期“无废城市”建设指标体系']);
      ws.addRow(LINQING_PLAN.indicators.headers);
      LINQING_PLAN.indicators.rows.forEach((cells, i) => {
        const row = cells.map((c, j) => (j === 3 ? ` ${c} ` : c));
        if (damage && i === 5) row[0] = '5'; // 序号 5 twice
        ws.addRow(row);
        if (i === 20) ws.addRow([]);
      });
      // Merge each run of empty 一级 cells into the cell above, as Word-born sheets do.
      let start = 3;
      for (let r = 4; r <= ws.rowCount + 1; r++) {
        const v = r <= ws.rowCount ? String(ws.getRow(r).getCell(2).value ?? '') : 'end';
        const blank = r <= ws.rowCount && !ws.getRow(r).getCell(4).value;
        if (v !== '' || blank) { if (r - 1 > start) ws.mergeCells(start, 2, r - 1, 2); start = r; }
      }
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-xlsx-')), name);
      await wb.xlsx.writeFile(file);
      return file;
    };

    const { context, page } = await newPage(platform);
    await login(page, 'office.linqing');
    await page.getByTestId('menu-indicators').click();
    await page.locator('#indicator-file').setInputFiles(await build('临清指标（有误）.xlsx', true));
    const problems = page.getByTestId('indicator-problems');
    await problems.waitFor();
    expect(await problems.innerText()).toContain('序号 5 与第');
    expect(await page.getByTestId('indicator-import-confirm').isDisabled()).toBe(true);
    expect(await page.locator('[data-problem=error]').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: /取\s*消/ }).click();

    await page.locator('#indicator-file').setInputFiles(await build('临清指标.xlsx', false));
    await page.getByTestId('indicator-title').fill('临清市指标体系（重新导入）');
    expect(await page.getByTestId('indicator-problems').innerText()).toContain('0 处错误');
    // Each row's proposed formula; row 14 is set to be reported by the departments instead.
    await page.locator('.ant-modal .ant-pagination-item-2').click();
    const formula14 = page.getByTestId('indicator-formula-14');
    await formula14.waitFor();
    expect(await formula14.innerText()).toContain('建议');
    await pick(page, 'indicator-formula-14', '不计算（填报）');
    expect(await formula14.innerText()).toContain('不计算');
    await screenshot(page, 'indicator-preview');
    // 临清 has its plan for 2023 and 2025 already: the server names it and the office replaces it.
    await page.getByTestId('indicator-import-confirm').click();
    await page.getByTestId('indicator-plan-exists').waitFor();
    expect(await page.getByTestId('indicator-plan-exists').innerText()).toContain(LINQING_PLAN.title);
    await page.getByTestId('indicator-replace').click();
    await page.getByText('临清市指标体系（重新导入）（45）').waitFor();
    const table = page.getByTestId('indicator-table');
    await table.locator('tbody tr.ant-table-row').nth(44).waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(45);
    const text = await table.innerText();
    expect(text).toContain('一般工业固体废物产生强度');
    expect(text).toContain('完成聊城市下达目标');
    expect(text).toContain('＞97%');
    expect(text).toContain('待评估');
    expect(text).toContain('暂无数据');
    // Row 14, reported by choice, has its report button; row 20 stays computed.
    const rowNo = (no: number) => table.locator('tbody tr.ant-table-row').nth(no - 1);
    expect(await rowNo(14).getByTestId('indicator-report').count()).toBe(1);
    expect(await rowNo(20).getByTestId('indicator-report').count()).toBe(0);
    await screenshot(page, 'indicators');
    const download = page.waitForEvent('download');
    await page.getByTestId('assessment-report').click();
    expect((await download).suggestedFilename()).toContain('年度评估报告');
    await context.close();
  });

  it('shows 天桥区’s project list with its total investment, and a department files progress on a project', async () => {
    const { context, page } = await newPage(platform);
    await login(page, 'office.tianqiao');
    await page.getByTestId('menu-projects').click();
    const table = page.getByTestId('project-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(TIANQIAO_PLAN.projects!.rows.length);
    expect(await page.getByTestId('project-investment').innerText()).toContain('21,100.00');
    await table.locator('tbody tr.ant-table-row').first().click();
    await page.getByTestId('project-text').fill('完成设备招标');
    await page.getByTestId('project-submit').click();
    await page.getByTestId('project-update').first().waitFor();
    expect(await page.getByTestId('project-update').first().innerText()).toContain('完成设备招标');
    await page.keyboard.press('Escape');
    await table.locator('tbody tr', { hasText: '完成设备招标' }).waitFor();
    await screenshot(page, 'projects');
    await context.close();
  });

  it('imports a task list, lets a department file its monthly progress, and shows it to the office', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('任务');
    ws.addRow(['“无废城市”监管体系建设任务清单及进度安排']);
    ws.addRow(['序号', '任务清单', '工作内容及目标', '牵头单位', '责任单位', '完成时限']);
    ws.addRow(['（一）生活垃圾分类']);
    ws.addRow([1, '生活垃圾分类示范片区建设', '建成3个示范小区，覆盖率达到60%。', '市综合行政执法局', '市综合行政执法局、各街道', '2099年12月']);
    ws.addRow([2, '建立“无废城市”建设工作领导小组', '成立领导小组，建立月度调度通报制度。', '市“无废城市”领导小组', '聊城市生态环境局临清市分局', '2023年11月']);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-xlsx-')), '监管体系.xlsx');
    await wb.xlsx.writeFile(file);

    const office = await newPage(platform);
    await login(office.page, 'office.linqing');
    await office.page.getByTestId('menu-tasks').click();
    await office.page.locator('input[type=file]').setInputFiles(file);
    await office.page.getByText(/已导入 2 项/).waitFor();
    // The demo city's own 119 measures fill the first pages: find the new task by name.
    const search = async (page: typeof office.page) => { await page.getByPlaceholder('搜索任务').fill('示范片区'); await page.getByPlaceholder('搜索任务').press('Enter'); };
    await search(office.page);
    await office.page.getByTestId('task-table').locator('tbody tr', { hasText: '生活垃圾分类示范片区建设' }).waitFor();
    expect(await office.page.getByTestId('task-table').innerText()).toContain('未开始');

    const urban = await newPage(platform);
    await login(urban.page, 'urban.linqing');
    await urban.page.getByTestId('menu-tasks').click();
    await search(urban.page);
    await urban.page.getByText('生活垃圾分类示范片区建设').click();
    await urban.page.getByTestId('task-percent').fill('40');
    await urban.page.getByTestId('task-text').fill('完成3个小区分类设施改造');
    await urban.page.getByTestId('task-submit').click();
    await urban.page.getByTestId('task-progress-item').first().waitFor();

    await office.page.reload();
    await search(office.page);
    const row = office.page.getByTestId('task-table').locator('tbody tr', { hasText: '生活垃圾分类示范片区建设' });
    await row.filter({ hasText: '40%' }).waitFor();
    expect(await row.innerText()).toContain('推进中');
    await screenshot(office.page, 'tasks');
    await office.context.close();
    await urban.context.close();
  });

  it('opens the one-screen dashboard and drills down from 临清市 to a town', async () => {
    const { context, page } = await newPage(platform);
    await login(page, 'office.linqing');
    await page.goto('/screen');
    await page.getByTestId('screen').getByText('临清市').first().waitFor();
    // One generation figure per stream, each named for what it counts.
    expect(await page.getByTestId('screen-generated-hazardous').innerText()).toContain('危险废物产生（吨）');
    expect(await page.getByTestId('screen-generated-construction').innerText()).toContain('建筑垃圾产生（吨）');
    await page.getByTestId('screen-drill').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '松林镇' }).click();
    await page.getByRole('heading', { name: /松林镇/ }).waitFor();
    expect(page.url()).toContain('region=371581101');
    await screenshot(page, 'screen');
    await context.close();
  });
});
