import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('indicators and tasks in a browser', () => {
  it('imports an indicator table from Excel through the preview and shows each indicator’s status', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('指标');
    ws.addRow(['临清市“无废城市”建设指标体系']);
    ws.addRow(['序号', '一级指标', '二级指标', '三级指标', '2020基准值', '2023目标值', '2025目标值', '责任单位']);
    ws.addRow([1, '固体废物源头减量', '工业源头减量', '一般工业固体废物产生强度（吨/万元）★', '1.2', '≤1.1', '稳步降低', '市工业和信息化局']);
    ws.addRow([2, '', '', '工业危险废物利用处置率（%）★', '/', '100%', '100%', '聊城市生态环境局临清市分局']);
    ws.addRow([3, '保障能力', '制度体系', '“无废城市”建设协调机制☆', '/', '建立协调机制', '完善', '市“无废城市”领导小组']);
    ws.mergeCells('B3:B4');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wufei-xlsx-')), '临清指标.xlsx');
    await wb.xlsx.writeFile(file);

    const { context, page } = await newPage(platform);
    await login(page, 'office.linqing');
    await page.getByTestId('menu-indicators').click();
    await page.locator('#indicator-file').setInputFiles(file);
    await page.getByTestId('indicator-title').fill('临清市指标体系（测试）');
    await screenshot(page, 'indicator-preview');
    await page.getByTestId('indicator-import-confirm').click();
    const table = page.getByTestId('indicator-table');
    await table.locator('tbody tr').nth(2).waitFor();
    const text = await table.innerText();
    expect(text).toContain('一般工业固体废物产生强度');
    expect(text).toContain('≤1.1');
    expect(text).toContain('待评估');
    expect(text).toContain('暂无数据');
    await screenshot(page, 'indicators');
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
    await office.page.getByTestId('task-table').locator('tbody tr', { hasText: '生活垃圾分类示范片区建设' }).waitFor();
    expect(await office.page.getByTestId('task-table').innerText()).toContain('已逾期');

    const urban = await newPage(platform);
    await login(urban.page, 'urban.linqing');
    await urban.page.getByTestId('menu-tasks').click();
    await urban.page.getByText('生活垃圾分类示范片区建设').click();
    await urban.page.getByTestId('task-percent').fill('40');
    await urban.page.getByTestId('task-text').fill('完成3个小区分类设施改造');
    await urban.page.getByTestId('task-submit').click();
    await urban.page.getByTestId('task-progress-item').first().waitFor();

    await office.page.reload();
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
    await page.getByTestId('screen-drill').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '松林镇' }).click();
    await page.getByRole('heading', { name: /松林镇/ }).waitFor();
    expect(page.url()).toContain('region=371581101');
    await screenshot(page, 'screen');
    await context.close();
  });
});
