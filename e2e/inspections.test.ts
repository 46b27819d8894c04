import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, type RunningPlatform } from './support/platform';

// 双随机、一公开 in a browser (issue 18): 临清's ecology bureau draws with a seed, a visitor without a login
// re-runs the draw on its public page, the bureau records a failed check and opens a case from it; the
// public results page reads on a desktop and on a phone.

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('random inspections in a browser (issue 18)', () => {
  let drawPath = '';

  it('the bureau draws with a recorded seed, records a failed check against the checklist and opens a case from it', async () => {
    const { page } = await newPage(platform);
    await login(page, 'eco.linqing');
    await page.goto('/inspections');
    await page.getByTestId('draw-table').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('draw-new').click();
    await page.getByTestId('draw-title').fill('浏览器测试专项抽查');
    const choose = async (testId: string, option: string) => {
      await page.getByTestId(testId).click();
      await page.locator('.ant-select-item-option', { hasText: option }).first().click();
    };
    await choose('draw-enterprise-pool', '危险废物重点监管单位名录库');
    await choose('draw-inspector-pool', '临清市生态环境执法人员名录库');
    await page.getByTestId('draw-seed').fill('e2e-seed-20261207');
    await page.getByTestId('draw-submit').click();
    const detail = page.getByTestId('draw-detail');
    await detail.waitFor();
    expect(await page.getByTestId('draw-seed-value').innerText()).toContain('e2e-seed-20261207');
    expect(await detail.innerText()).toContain('与公布结果一致');
    expect(await page.getByTestId('draw-result').locator('tbody tr.ant-table-row').count()).toBe(3);
    drawPath = (await page.getByTestId('draw-public-link').getAttribute('href'))!;
    expect(drawPath).toMatch(/^\/public\/inspections\/[0-9a-f-]{36}$/);
    await screenshot(page, 'inspections-draw');

    await page.getByTestId('inspect-unit').first().click();
    const form = page.getByTestId('inspection-form');
    await form.waitFor();
    const storage = page.getByTestId('item-storage');
    await storage.locator('label.ant-radio-button-wrapper', { hasText: /^不符合$/ }).click();
    await storage.locator('input[type=text]').fill('废乳化液桶露天存放，地面无防渗');
    await screenshot(page, 'inspections-checklist');
    await page.getByTestId('inspection-submit').click();
    await page.getByTestId('inspection-detail').waitFor();
    expect(await page.getByTestId('inspection-verdict').innerText()).toBe('不合格');
    expect(await page.getByTestId('inspection-detail').innerText()).toContain('废乳化液桶露天存放，地面无防渗');

    await page.getByTestId('open-case').click();
    await page.waitForURL(/\/cases\?from=inspection/);
    await page.getByTestId('case-form').waitFor();
    await page.getByTestId('case-no').fill('临环罚立〔2026〕E2E号');
    await page.getByTestId('case-title').fill('危险废物贮存不规范案（浏览器测试）');
    await page.getByTestId('case-facts').fill('双随机抽查发现废乳化液桶露天存放，地面无防渗。');
    await page.getByTestId('case-submit').click();
    await page.getByTestId('case-detail').waitFor();
    expect(await page.getByTestId('case-status').innerText()).toBe('办理中');
    expect(await page.getByTestId('case-detail').innerText()).toContain('双随机抽查');
    await page.getByTestId('step-kind').click();
    await page.locator('.ant-select-item-option', { hasText: '处罚决定' }).first().click();
    await page.getByTestId('step-decision-no').fill('临环罚字〔2026〕E2E号');
    await page.getByTestId('step-penalty').fill('4.5');
    await page.getByTestId('step-submit').click();
    await page.getByTestId('case-status').filter({ hasText: '已作出处罚决定' }).waitFor();
    expect(await page.getByTestId('case-step').first().innerText()).toContain('罚款 4.5 万元');
    await screenshot(page, 'cases-detail');
  });

  it('a visitor without a login re-runs the draw from its published seed and lists, and it matches', async () => {
    const { page } = await newPage(platform);
    await page.goto(drawPath);
    await page.getByTestId('verify-result').filter({ hasText: '复核一致' }).waitFor();
    expect(await page.getByTestId('verify-local').innerText()).toBe('一致');
    expect(await page.getByTestId('public-seed').innerText()).toContain('e2e-seed-20261207');
    expect(await page.getByTestId('draw-method').innerText()).toContain('SHA-256');
    const text = await page.locator('body').innerText();
    expect(text).toContain('不合格');
    expect(text).not.toContain('张立强');
    await screenshot(page, 'public-inspections-verify');
  });

  it('the public results read on a desktop and on a phone, without the officers’ names', async () => {
    for (const mobile of [false, true]) {
      const { page } = await newPage(platform, { mobile });
      await page.goto('/public/inspections');
      await page.getByTestId('public-results').locator('.ant-list-item').first().waitFor();
      const text = await page.getByTestId('public-results').innerText();
      expect(text).toContain('废乳化液桶露天存放，地面无防渗');
      expect(text).not.toMatch(/张立强|李建国/);
      if (mobile) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, mobile ? 'public-inspections-phone' : 'public-inspections');
    }
  });
});
