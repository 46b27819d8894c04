import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, type RunningPlatform } from './support/platform';
import { freshCreditCode, freshUsername } from '../test/support/factories';
import type { Page } from 'playwright-core';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('the console in a browser', () => {
  it('logs in and switches between Chinese and English', async () => {
    // With the animations a person gets by default; the other tests ask for reduced motion.
    const { context, page } = await newPage(platform, { motion: true });
    await page.goto('/login');
    expect(await buttonTransition(page)).not.toBe('0s');
    await expect(page.getByTestId('login-submit')).toBeDefined();
    expect(await page.getByTestId('login-submit').innerText()).toBe('登录');
    await page.getByTestId('lang-switch').click();
    expect(await page.getByTestId('login-submit').innerText()).toBe('Log in');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('login-username').fill('office.linqing');
    await page.getByTestId('login-password').fill('wrong-password-1');
    await page.getByTestId('login-submit').click();
    expect(await page.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
    await login(page, 'office.linqing');
    expect(await page.getByTestId('header-region').innerText()).toBe('临清市');
    expect(await page.getByTestId('menu-organisations').innerText()).toBe('单位管理');
    await page.getByTestId('lang-switch').click();
    expect(await page.getByTestId('menu-organisations').innerText()).toBe('Organisations');
    // Every English menu label whole: at the Chinese menu's width they were cut ("Construction wa…").
    expect(await page.evaluate(() => [...document.querySelectorAll('.ant-layout-sider .ant-menu-title-content')]
      .filter((e) => (e as HTMLElement).scrollWidth > (e as HTMLElement).clientWidth + 1).map((e) => e.textContent))).toEqual([]);
    await screenshot(page, 'console-english');
    await page.getByTestId('lang-switch').click();
    await context.close();
  });

  it('opens the menu on a phone as a drawer over the page, with only the pages the role may use', async () => {
    const { context, page } = await newPage(platform, { mobile: true });
    await login(page, 'driver.demo');
    const width = await page.evaluate(() => document.querySelector('.ant-layout-content')!.getBoundingClientRect().width);
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('menu-manifests').waitFor();
    // The page keeps its width under the open menu (it was squeezed into a one-character column).
    expect(await page.evaluate(() => document.querySelector('.ant-layout-content')!.getBoundingClientRect().width)).toBe(width);
    expect(await page.locator('.ant-layout-sider .ant-menu-item').count()).toBe(4);
    await page.getByTestId('menu-manifests').click();
    await page.waitForURL('**/manifests');
    await page.getByTestId('menu-mask').waitFor({ state: 'detached' });
    // A page the role is not offered says so rather than loading.
    await page.goto('/store');
    await page.getByTestId('page-refused').waitFor();
    await context.close();
    const desk = await newPage(platform);
    await login(desk.page, 'office.linqing');
    expect(await desk.page.locator('.ant-layout-sider-zero-width-trigger').count()).toBe(0);
    await desk.context.close();
  });

  it('opens the API explorer without breaking its own content security policy', async () => {
    const { context, page } = await newPage(platform);
    const errors: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    await page.goto('/api/docs');
    await page.locator('.swagger-ui .opblock').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets a company register itself and the regulator of its county verify it', async () => {
    const creditCode = freshCreditCode();
    const username = freshUsername('clerk');
    const name = `临清市浏览器测试轴承有限公司${Date.now() % 100000}`;
    const clerk = await newPage(platform);
    await clerk.page.goto('/login');
    await clerk.page.getByTestId('register-link').click();
    await clerk.page.getByTestId('reg-name').fill(name);
    await clerk.page.getByTestId('reg-creditCode').fill(creditCode);
    // The region tree opens one level at a time: 山东省 → 聊城市 → 临清市 → 松林镇.
    await clerk.page.getByTestId('reg-region').click();
    for (const parent of ['山东省', '聊城市', '临清市']) {
      await clerk.page.locator('.ant-select-tree-treenode', { hasText: parent }).last().locator('.ant-select-tree-switcher').click();
    }
    await clerk.page.locator('.ant-select-tree-node-content-wrapper', { hasText: '松林镇' }).click();
    await clerk.page.getByLabel('产废单位').check();
    await clerk.page.getByTestId('reg-address').fill('松林镇工业园8号');
    await clerk.page.getByTestId('reg-username').fill(username);
    await clerk.page.getByTestId('reg-displayName').fill('刘会计');
    await clerk.page.getByTestId('reg-password').fill('clerk-password-1');
    await clerk.page.getByTestId('reg-confirm').fill('clerk-password-1');
    await clerk.page.getByTestId('reg-submit').click();
    await clerk.page.getByTestId('register-done').waitFor();
    await login(clerk.page, username, 'clerk-password-1');
    await clerk.page.getByTestId('pending-alert').waitFor();
    await screenshot(clerk.page, 'registration-pending');

    const regulator = await newPage(platform);
    await login(regulator.page, 'eco.linqing');
    await regulator.page.getByTestId('menu-organisations').click();
    await regulator.page.getByTestId('org-search').fill(creditCode);
    await regulator.page.getByRole('button', { name: /查\s*询/ }).click();
    await regulator.page.locator(`tr[data-row-key="${creditCode}"]`).click();
    await regulator.page.getByTestId('org-verify').click();
    await regulator.page.getByTestId('org-detail-status').filter({ hasText: '已审核' }).waitFor();

    await clerk.page.reload();
    await clerk.page.getByTestId('org-status').filter({ hasText: '已审核' }).waitFor();
    expect(await clerk.page.getByTestId('pending-alert').count()).toBe(0);
    expect(await clerk.page.getByTestId('menu-users').count()).toBe(1);
    await clerk.context.close();
    await regulator.context.close();
  });

  it('records a rejection with its reason for the company to see', async () => {
    const regulator = await newPage(platform);
    await login(regulator.page, 'eco.linqing');
    await regulator.page.getByTestId('menu-organisations').click();
    await regulator.page.getByTestId('org-search').fill('华宇机械');
    await regulator.page.getByRole('button', { name: /查\s*询/ }).click();
    await regulator.page.getByText('临清市华宇机械配件有限公司').click();
    await regulator.page.getByTestId('org-reject').click();
    await regulator.page.getByTestId('reject-reason').fill('营业执照地址与填报地址不一致');
    await regulator.page.getByTestId('reject-confirm').click();
    await regulator.page.getByTestId('org-detail-status').filter({ hasText: '已驳回' }).waitFor();
    expect(await regulator.page.getByTestId('org-rejection').innerText()).toContain('营业执照地址与填报地址不一致');
    await regulator.context.close();
  });

  it('keeps a regulator of 冠县 away from 临清’s enterprises', async () => {
    const { context, page } = await newPage(platform);
    await login(page, 'eco.guanxian');
    // A person who asked the system for reduced motion gets a console that does not animate.
    expect(await buttonTransition(page)).toBe('0s');
    await page.getByTestId('menu-organisations').click();
    await page.locator('tbody tr').first().waitFor();
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows.some((r) => r.includes('冠县'))).toBe(true);
    expect(rows.some((r) => r.includes('临清'))).toBe(false);
    // Even with the address of a 临清 company typed in, the page shows nothing of it.
    const office = await newPage(platform);
    await login(office.page, 'office.linqing');
    const id = await office.page.evaluate(async () => (await (await fetch('/api/organisations?q=恒通轴承')).json()).items[0].id);
    await page.goto(`/organisations/${id}`);
    await page.getByTestId('org-error').waitFor();
    expect(await page.getByTestId('org-error').innerText()).toContain('不存在或无权查看');
    expect(await page.content()).not.toContain('恒通轴承');
    await context.close();
    await office.context.close();
  });
});

/** How long the console's buttons take to change colour: 0s when the console honours reduced motion. */
const buttonTransition = (page: Page) => page.locator('.ant-btn').first().evaluate((button) => getComputedStyle(button).transitionDuration);
