import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, newPage, login, screenshot, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
const stamp = Date.now() % 1_000_000;
const typoNo = `鲁危证E2E${stamp}1`;
const revokedNo = `鲁危证E2E${stamp}2`;

/** The table row of a licence record in a given state (a corrected number has two records). */
const row = (page: Page, number: string, state: string) =>
  page.locator('tbody tr.ant-table-row', { hasText: number }).filter({ has: page.getByTestId('licence-state').filter({ hasText: state }) });

describe('licences in the console', () => {
  it('the company corrects a licence with a typo, and the ecology regulator ends another; both stay in the history', async () => {
    const company = await newPage(platform);
    await login(company.page, 'receiver.demo');
    const me = (await apiCall(company.page, 'GET', '/api/auth/me')).json;
    const receiverId: string = me.organisation.id;
    for (const [number, annualCapacityT] of [[typoNo, 3], [revokedNo, 500]] as const) {
      const added = await apiCall(company.page, 'POST', `/api/organisations/${receiverId}/licences`, { number, validFrom: `${year}-01-01`, validTo: `${year + 4}-12-31`, wasteCodes: ['HW08'], annualCapacityT });
      expect(added.status).toBe(201);
    }

    // 更正: the form opens filled in from the old record; a capacity the database cannot keep is refused on its field.
    await company.page.goto('/my-organisation');
    await row(company.page, typoNo, '有效').getByTestId('licence-correct').click();
    expect(await company.page.getByTestId('licence-number').inputValue()).toBe(typoNo);
    expect(await company.page.getByTestId('licence-capacity').inputValue()).toBe('3');
    await company.page.getByTestId('licence-capacity').fill('0.0000001');
    await company.page.getByTestId('licence-reason').fill('年许可能力录入错误，应为 25000 吨');
    await company.page.getByTestId('licence-save').click();
    await company.page.locator('.ant-form-item-explain-error', { hasText: '0.001 吨' }).waitFor();
    await company.page.getByTestId('licence-capacity').fill('25000');
    await company.page.getByTestId('licence-save').click();
    await row(company.page, typoNo, '已更正').waitFor();
    await row(company.page, typoNo, '有效').waitFor();
    expect(await row(company.page, typoNo, '有效').innerText()).toContain('25,000');
    expect(await row(company.page, typoNo, '已更正').getByTestId('licence-correct').count()).toBe(0);
    await row(company.page, typoNo, '已更正').locator('.ant-table-row-expand-icon').click();
    const history = company.page.getByTestId('licence-history').first();
    await history.waitFor();
    expect(await history.innerText()).toContain(`被更正为新记录 ${typoNo}`);
    expect(await history.innerText()).toContain('年许可能力录入错误，应为 25000 吨');
    await screenshot(company.page, 'licence-corrected');

    // 终止 by the authority: the ecology regulator of 临清 ends a licence; it may not correct one.
    const regulator = await newPage(platform);
    await login(regulator.page, 'eco.linqing');
    await regulator.page.goto(`/organisations/${receiverId}`);
    const revoked = row(regulator.page, revokedNo, '有效');
    expect(await revoked.getByTestId('licence-correct').count()).toBe(0);
    await revoked.getByTestId('licence-end').click();
    await regulator.page.getByTestId('licence-end-reason').fill('聊环许可吊销〔2026〕1号');
    await regulator.page.getByTestId('licence-end-confirm').click();
    await row(regulator.page, revokedNo, '已终止').waitFor();
    await row(regulator.page, revokedNo, '已终止').locator('.ant-table-row-expand-icon').click();
    const ended = regulator.page.getByTestId('licence-history').first();
    await ended.waitFor();
    expect(await ended.innerText()).toContain('李建国（生态环境分局）');
    expect(await ended.innerText()).toContain('聊环许可吊销〔2026〕1号');
    await screenshot(regulator.page, 'licence-ended');

    // The company sees the same, in English too.
    await company.page.reload();
    await row(company.page, revokedNo, '已终止').waitFor();
    await company.page.getByTestId('lang-switch').click();
    await row(company.page, revokedNo, 'Ended').waitFor();
    await row(company.page, typoNo, 'Superseded').waitFor();
    await company.page.getByTestId('lang-switch').click();
    await company.context.close();
    await regulator.context.close();
  });
});
