import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startE2E, newPage, login, screenshot, type RunningPlatform } from './support/platform';
import { cellKind } from '../src/domain/cells';

// 无废细胞 in a browser (issue 18): 恒通轴承 applies to be a zero-waste factory; 临清's ecology department
// takes it up, checks it on site and publishes the notice; a visitor objects on a phone (390×844) without
// logging in; ten days later (the server's clock and the browser's moved on) the department answers the
// objection and names the factory (1440×900).

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { vi.useRealTimers(); await platform?.stop(); });

const factory = cellKind('factory')!;

describe('无废细胞 in a browser (issue 18)', () => {
  it('a factory from application through the public notice and an objection to its naming', async () => {
    const company = await newPage(platform);
    await login(company.page, 'producer.demo');
    await company.page.goto('/cells');
    await company.page.getByRole('tab', { name: '申报', exact: true }).click();
    await company.page.getByTestId('apply-kind').click();
    await company.page.locator('.ant-select-item-option', { hasText: '无废工厂' }).click();
    for (const c of factory.checklist) {
      await company.page.locator(`#d_${c.key}`).fill(`${c.zh}：已按标准落实`);
      await company.page.locator(`#a_${c.key}`).fill(`${c.zh}证明.pdf，现场照片.jpg`);
    }
    await company.page.getByTestId('apply-submit').click();
    await company.page.getByTestId('cell-state').filter({ hasText: '已提交待审查' }).waitFor();

    const eco = await newPage(platform);
    await login(eco.page, 'eco.linqing');
    await eco.page.goto('/cells');
    await eco.page.locator('tbody tr.ant-table-row', { hasText: '临清市恒通轴承制造有限公司' }).click();
    await eco.page.getByTestId('accept-submit').click();
    await eco.page.getByTestId('cell-state').filter({ hasText: '已受理待核查' }).waitFor();
    await eco.page.getByTestId('check-inspectors').fill('李建国、张磊');
    await eco.page.getByTestId('check-submit').click();
    await eco.page.getByTestId('cell-state').filter({ hasText: '已现场核查' }).waitFor();
    await eco.page.getByTestId('notice-submit').click();
    await eco.page.getByTestId('cell-state').filter({ hasText: '公示中' }).waitFor();
    const noticeLink = await eco.page.getByRole('link', { name: '公示页' }).getAttribute('href');
    expect(noticeLink).toMatch(/^\/public\/cells\/[0-9a-f-]{36}$/);

    // A visitor on a phone, with no login.
    const phone = await newPage(platform, { mobile: true });
    await phone.page.goto(noticeLink!);
    await phone.page.getByTestId('notice-open').waitFor();
    expect(await phone.page.getByTestId('notice-name').innerText()).toBe('临清市恒通轴承制造有限公司');
    expect(await phone.page.getByTestId('notice-score').innerText()).toContain('100 分');
    await phone.page.getByTestId('objection-reason').fill('厂区东侧废切削液桶露天堆放，请核实是否规范贮存。');
    await phone.page.getByTestId('objection-contact').fill('13900001111');
    await screenshot(phone.page, 'cells-notice-phone');
    await phone.page.getByTestId('objection-submit').click();
    await phone.page.getByTestId('objection-sent').waitFor();
    expect(await phone.page.content()).not.toContain('13900001111');

    // Ten days on: the notice has ended; the department answers and names.
    const later = Date.now() + 10 * 86_400_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(later);
    const dept = await newPage(platform);
    await dept.context.clock.install({ time: later });
    await login(dept.page, 'eco.linqing');
    await dept.page.goto('/cells');
    await dept.page.locator('tbody tr.ant-table-row', { hasText: '临清市恒通轴承制造有限公司' }).click();
    await dept.page.getByTestId('cell-objection').filter({ hasText: '废切削液' }).waitFor();
    expect(await dept.page.getByTestId('cell-objections').innerText()).toContain('13900001111');
    await dept.page.getByTestId('answer-reply').fill('经复核，废切削液桶位于危废贮存库防雨棚内，异议不成立。');
    await dept.page.getByTestId('answer-submit').click();
    await dept.page.getByTestId('cell-objection').filter({ hasText: '异议不成立' }).waitFor();
    await dept.page.getByTestId('approve-no').fill('临无废字〔2026〕30号');
    await screenshot(dept.page, 'cells-review');
    await dept.page.getByTestId('approve-submit').click();
    await dept.page.getByTestId('cell-state').filter({ hasText: '已命名' }).waitFor();
    expect(await dept.page.getByTestId('cell-step').count()).toBe(5);
  });
});
