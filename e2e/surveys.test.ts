import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

describe('a survey in a browser', () => {
  it('the office publishes a survey and binds its scale to row 45; a resident answers on a phone without logging in; row 45’s computed value counts the answer', async () => {
    // 临清's office (office.linqing), at the desk: a short survey drafted, then published and bound from its page.
    const desk = await newPage(platform);
    await login(desk.page, 'office.linqing');
    const draft = await apiCall(desk.page, 'POST', '/api/surveys', {
      title: '运河片区垃圾分类满意度快速调查',
      questions: [
        { kind: 'town', title: '您居住在哪个镇（街道）？', required: true },
        { kind: 'single', title: '您家是否每天分类投放？', required: true, options: ['每天', '偶尔', '从不'] },
        { kind: 'scale', title: '您对“无废城市”建设成效的满意程度', required: true },
      ],
    });
    expect(draft.status).toBe(201);
    const id = (draft.json as { id: string }).id;
    await desk.page.goto(`/surveys?id=${id}`);
    await desk.page.getByTestId('survey-status').filter({ hasText: '草稿' }).waitFor();
    await desk.page.getByTestId('survey-publish').click();
    await desk.page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await desk.page.getByTestId('survey-status').filter({ hasText: '已发布' }).waitFor();
    await desk.page.getByTestId('survey-qr').waitFor();
    const link = (await desk.page.getByTestId('survey-link').innerText()).trim();
    expect(link).toMatch(new RegExp(`/s/${id}$`));

    await desk.page.getByRole('tab', { name: '指标绑定' }).click();
    await pick(desk.page, 'bind-indicator', '45. 公众对“无废城市”建设成效的满意程度');
    await pick(desk.page, 'bind-question', '您对“无废城市”建设成效的满意程度');
    // Satisfied: 4 or 5 (the form's default threshold).
    await desk.page.getByTestId('bind-min').waitFor();
    await desk.page.getByTestId('bind-submit').click();
    const bound = desk.page.getByTestId('bound-value-45');
    await bound.filter({ hasText: 'n = ' }).waitFor();
    const before = (await bound.innerText()).trim();
    const n = Number(/n = (\d+)/.exec(before)![1]);
    await screenshot(desk.page, 'survey-bound');

    // A resident of 松林镇, on her phone, no login: opens the link, answers, submits.
    const phone = await newPage(platform, { mobile: true });
    await phone.page.goto(`/s/${id}`);
    await phone.page.getByTestId('survey-answer-title').filter({ hasText: '运河片区垃圾分类满意度快速调查' }).waitFor();
    await pick(phone.page, 'answer-q1-select', '松林镇');
    await phone.page.getByTestId('answer-q2').getByText('每天', { exact: true }).click();
    // Submitting without the scale answered is refused in the form, naming the question.
    await phone.page.getByTestId('survey-submit').click();
    await phone.page.getByTestId('answer-q3').getByText('请回答此题').waitFor();
    // The radio's own input is hidden under its button: a person taps the button.
    await phone.page.locator('label', { has: phone.page.getByTestId('scale-5') }).click();
    await phone.page.getByTestId('answer-phone').fill('139 0635 7788');
    await phone.page.getByTestId('survey-answer-qr').waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone.page, 'survey-answer-phone');
    await phone.page.getByTestId('survey-submit').click();
    await phone.page.getByTestId('survey-done').waitFor();

    // The same phone opens the link again and tries a second answer: refused, the page says why.
    await phone.page.goto(`/s/${id}`);
    await pick(phone.page, 'answer-q1-select', '松林镇');
    await phone.page.getByTestId('answer-q2').getByText('偶尔', { exact: true }).click();
    await phone.page.locator('label', { has: phone.page.getByTestId('scale-1') }).click();
    await phone.page.getByTestId('survey-submit').click();
    await phone.page.getByTestId('survey-failure').filter({ hasText: '本设备已提交过这份问卷' }).waitFor();

    // Back at the desk: row 45 counts one answer more, a satisfied one.
    await desk.page.reload();
    await desk.page.getByRole('tab', { name: '指标绑定' }).click();
    await desk.page.getByTestId('bound-value-45').filter({ hasText: `n = ${n + 1}` }).waitFor();
    const results = await apiCall(desk.page, 'GET', `/api/surveys/${id}/results`);
    expect((results.json as { n: number }).n).toBe(1);
    await desk.page.getByRole('tab', { name: '结果' }).click();
    await desk.page.getByTestId('survey-n').filter({ hasText: 'n = 1' }).waitFor();
    await screenshot(desk.page, 'survey-results');
  });
});
