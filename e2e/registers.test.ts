import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pickSearched, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

const JINDING = '临清市金鼎铸造有限公司';
const FINDINGS = '危废贮存间地面防渗层破损，废砂混入危险废物贮存区';
const REFERENCE = '聊环清审〔e2e〕金鼎铸造清洁生产审核评估意见';

describe('the registers (名录) in a browser', () => {
  it('the ecology bureau records a failed compliance check and a cleaner-production audit; the company’s page shows the audit', async () => {
    const { page } = await newPage(platform);
    await login(page, 'eco.linqing');
    await page.getByTestId('menu-registers').click();
    const summary = page.getByTestId('reg-summary');
    // The year's checks so far: the register's own and the demo's 双随机 inspections (issue 18), read as the page reads them.
    const before = (await apiCall(page, 'GET', '/api/registers/summary')).json as { checks: number; checksPassed: number };
    expect(before.checks).toBeGreaterThan(before.checksPassed);
    await summary.filter({ hasText: `${before.checksPassed} / ${before.checks}` }).waitFor();

    // 规范化管理抽查: 金鼎铸造 failed; the findings are required for a failed check.
    await page.getByTestId('reg-tab-checks').click();
    await page.getByTestId('reg-check-new').click();
    await pickSearched(page, 'reg-check-org', JINDING, '金鼎', `[data-testid="reg-check-org"]:has-text("${JINDING}")`);
    await page.getByTestId('reg-check-passed').getByText('不合格').click();
    await page.getByTestId('reg-check-score').fill('61.5');
    await page.getByTestId('reg-check-submit').click();
    await page.locator('.ant-form-item-explain-error', { hasText: '发现的问题' }).waitFor();
    await page.getByTestId('reg-check-findings').fill(FINDINGS);
    await page.getByTestId('reg-check-submit').click();
    const row = page.getByTestId('reg-checks').locator('tbody tr.ant-table-row', { hasText: FINDINGS });
    await row.getByTestId('reg-check-result').filter({ hasText: '不合格' }).waitFor();
    await row.filter({ hasText: '61.5' }).filter({ hasText: '李建国（生态环境分局）' }).waitFor();
    await summary.filter({ hasText: `${before.checksPassed} / ${before.checks + 1}` }).waitFor();
    await screenshot(page, 'registers-checks');

    // 企业资质与认证: 金鼎铸造's audit, in force from today.
    await page.getByTestId('reg-tab-credentials').click();
    await page.getByTestId('reg-credential-new').click();
    await pickSearched(page, 'reg-credential-org', JINDING, '金鼎', `[data-testid="reg-credential-org"]:has-text("${JINDING}")`);
    await page.getByTestId('reg-credential-reference').fill(REFERENCE);
    await page.getByTestId('reg-credential-submit').click();
    const credential = page.getByTestId('reg-credentials').locator('tbody tr.ant-table-row', { hasText: REFERENCE });
    await credential.getByTestId('reg-credential-status').filter({ hasText: '有效' }).waitFor();
    await credential.filter({ hasText: '清洁生产审核' }).waitFor();
    await screenshot(page, 'registers-credentials');

    // The company's page lists it.
    await credential.getByRole('link', { name: JINDING }).click();
    await page.getByTestId('org-tab-credentials').click();
    await page.getByTestId('org-credentials').locator('tbody tr', { hasText: REFERENCE }).filter({ hasText: '有效' }).waitFor();

    // What the server holds: the check and the audit, each with its audit row.
    const checks = (await apiCall(page, 'GET', '/api/registers/checks?passed=false&q=金鼎')).json;
    expect(checks.items).toEqual([expect.objectContaining({ organisationName: JINDING, passed: false, score: 61.5, findings: FINDINGS })]);
    const audits = (await apiCall(page, 'GET', `/api/registers/credentials?q=金鼎&kind=clean_production_audit`)).json;
    expect(audits.items.map((c: { reference: string; status: string }) => [c.reference, c.status])).toEqual([[REFERENCE, 'in_force']]);
    const trail = (await apiCall(page, 'GET', `/api/audit?entityType=organisation_credential&entityId=${audits.items[0].id}`)).json;
    expect(trail.items.map((a: { action: string }) => a.action)).toEqual(['registers.credential_record']);
  });
});
