import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, pick, screenshot, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

// 临清 20 建筑垃圾资源化利用率 is computed from the demo's construction manifests.
const COMPUTED = '建筑垃圾资源化利用率';

describe('an indicator’s computed value, clicked down to the records behind it', () => {
  it('shows the method, the period and the inputs, exports the records and opens one of them', async () => {
    const { context, page } = await newPage(platform);
    await login(page, 'office.linqing');
    await page.getByTestId('menu-indicators').click();
    const table = page.getByTestId('indicator-table');
    const row = table.locator('tbody tr.ant-table-row', { hasText: COMPUTED });
    await row.getByTestId('indicator-status').waitFor();
    expect(await row.getByTestId('indicator-source').innerText()).toBe('平台计算');
    const value = row.getByTestId('indicator-value');
    const shown = await value.innerText();
    expect(shown).toMatch(/^\d{1,3}(\.\d)?%$/); // one decimal at most, with its unit
    await value.click();

    const computation = page.getByTestId('computation');
    await computation.waitFor();
    expect(await page.getByTestId('computation-value').innerText()).toBe(shown);
    expect(await page.getByTestId('computation-method').innerText()).toMatch(/资源化利用/);
    const year = await page.getByTestId('computation-period').innerText();
    expect(year).toMatch(/^(\d{4})-01-01 至 \1-\d{2}-\d{2}$/);
    const inputs = page.getByTestId('computation-inputs');
    expect(await inputs.locator('tbody tr.ant-table-row').count()).toBeGreaterThanOrEqual(2);
    expect(await inputs.innerText()).toMatch(/[\d,.]+ 吨/);

    const records = page.getByTestId('computation-records');
    const first = records.getByTestId('computation-record-link').first();
    await first.waitFor();
    expect(await records.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await screenshot(page, 'indicator-computation');

    const download = page.waitForEvent('download');
    await page.getByTestId('computation-export').click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

    // The first column is the manifest's number: the link lands on that manifest.
    const number = await first.innerText();
    await first.click();
    await page.waitForURL(/\/manifests\/[0-9a-f-]{36}$/);
    await page.getByTestId('manifest-status').waitFor();
    expect(await page.locator('.ant-card-head').first().innerText()).toContain(number);
    await context.close();
  });

  it('narrows the plan to a department and sorts it by status; narrows the task list to a department and sorts it by state', async () => {
    const { context, page } = await newPage(platform);
    await login(page, 'office.linqing');
    await page.getByTestId('menu-indicators').click();
    const rows = page.getByTestId('indicator-table').locator('tbody tr.ant-table-row');
    await rows.nth(44).waitFor();
    const counts = await page.getByTestId('indicator-counts').innerText();
    const [computed, reported, qualitative] = ['平台计算', '部门填报', '定性评估'].map((w) => Number(new RegExp(`${w}\\s*(\\d+)`).exec(counts)?.[1]));
    expect(computed + reported + qualitative).toBe(45);
    expect(computed).toBeGreaterThan(0);

    await pick(page, 'indicator-filter-department', '市农业农村局');
    const shown = Number(/显示 (\d+) 项/.exec(await page.getByRole('button', { name: /清除筛选/ }).innerText())?.[1]);
    expect(shown).toBeGreaterThan(1);
    expect(shown).toBeLessThan(45);
    const n = await rows.count();
    expect(n).toBe(shown);
    for (let i = 0; i < n; i++) expect(await rows.nth(i).innerText()).toContain('市农业农村局');

    // Most urgent first: no row after an "awaiting" or "no data" one is behind or at risk.
    await page.getByTestId('indicator-table').locator('th', { hasText: '状态' }).last().click();
    const statuses = await rows.getByTestId('indicator-status').allInnerTexts();
    const rank = ['进度滞后', '存在风险', '按进度推进', '已达标', '待评估', '暂无数据'];
    expect(statuses.map((s) => rank.indexOf(s))).toEqual(statuses.map((s) => rank.indexOf(s)).sort((a, b) => a - b));

    await page.getByTestId('menu-tasks').click();
    const tasks = page.getByTestId('task-table').locator('tbody tr.ant-table-row');
    await tasks.first().waitFor();
    await pick(page, 'task-unit', '市农业农村局', '农业农村');
    const sorted = page.waitForResponse((r) => r.url().includes('sort=state') && r.url().includes('unit='));
    await page.getByTestId('task-table').locator('th', { hasText: '状态' }).click();
    const answer = (await (await sorted).json()) as { items: { lead: string[]; responsible: string[]; state: string }[] };
    expect(answer.items.length).toBeGreaterThan(0);
    for (const t of answer.items) expect([...t.lead, ...t.responsible].join('、')).toContain('农业农村局');
    // The page shows what the server answered: overdue first.
    const order = ['已逾期', '即将到期', '未开始', '推进中', '持续推进', '已完成'];
    const labels = { overdue: '已逾期', due_soon: '即将到期', not_started: '未开始', in_progress: '推进中', ongoing: '持续推进', done: '已完成' } as Record<string, string>;
    await expect.poll(() => tasks.getByTestId('task-state-tag').allInnerTexts()).toEqual(answer.items.map((t) => labels[t.state]));
    const ranks = answer.items.map((t) => order.indexOf(labels[t.state]));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    await context.close();
  });

  it('on a phone, shows the first indicators’ names and statuses without scrolling sideways', async () => {
    const { context, page } = await newPage(platform, { mobile: true });
    await login(page, 'office.linqing');
    await page.goto('/indicators');
    const cards = page.getByTestId('indicator-card');
    await cards.nth(2).getByTestId('indicator-status').waitFor();
    for (let i = 0; i < 3; i++) {
      for (const part of ['indicator-name', 'indicator-status']) {
        const box = await cards.nth(i).getByTestId(part).boundingBox();
        expect(box, `${part} of card ${i + 1}`).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      }
    }
    expect(await cards.first().getByTestId('indicator-name').innerText()).toMatch(/^1\. 一般工业固体废物产生强度/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'indicators-phone');
    await context.close();
  });
});
