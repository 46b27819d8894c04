import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, pick, screenshot, type RunningPlatform } from './support/platform';

// The audit page reads as sentences with the fields that changed: no action codes alone, no JSON.

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('the audit page in words', () => {
  it.each([['desktop', false], ['phone', true]] as const)('shows sentences and no JSON on a %s', async (name, mobile) => {
    const { context, page } = await newPage(platform, { mobile });
    await login(page, 'office.linqing');
    await page.goto('/audit');
    await page.getByTestId('audit-summary').first().waitFor();
    const first = await page.getByTestId('audit-summary').first().innerText();
    expect(first).toMatch(/^\S+ \S*(了|：)/);
    expect(await page.locator('.ant-card').first().innerText()).not.toContain('{"');
    expect(await page.getByTestId('audit-change').count()).toBeGreaterThan(0);

    // The action filter offers names, not codes; the rows it leaves all say that action.
    await pick(page, 'audit-action-filter', '签署了联单的承运人接收', '承运人接收');
    await page.getByRole('button', { name: '查 询' }).or(page.getByRole('button', { name: '查询' })).click();
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-summary"]')].map((e) => e.textContent ?? '');
      return rows.length > 0 && rows.every((t) => t.endsWith('的承运人接收'));
    }, undefined, { timeout: 30_000 });
    expect(await page.locator('.ant-card').first().innerText()).not.toContain('{"');
    // The page itself does not scroll sideways; a wide table scrolls within its card.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(mobile ? 390 : 1440);
    await screenshot(page, `audit-words-${name}`);
    await context.close();
  }, 120_000);
});
