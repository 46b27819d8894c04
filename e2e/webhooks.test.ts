import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, apiCall, type RunningPlatform } from './support/platform';
import { DISABLE_AFTER } from '../src/server/webhooks/service';

// 事件推送 as an enterprise meets it. The "ERP" receiving the events is a small HTTP server on this
// machine; loopback addresses are refused to subscribers, so it is allowed the way an operator allows a
// trusted host (WUFEI_WEBHOOK_ALLOW_HOSTS, read by the platform running in this process). Deliveries are
// sent by the platform's own worker (every 10 s), not by the test.
let platform: RunningPlatform;
let erp: http.Server;
let erpUrl = '';
let failing = false;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  erp = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(failing ? 500 : 204).end(); });
  });
  await new Promise<void>((r) => erp.listen(0, '127.0.0.1', () => r()));
  const { port } = erp.address() as AddressInfo;
  erpUrl = `http://127.0.0.1:${port}/wufei/events`;
  process.env.WUFEI_WEBHOOK_ALLOW_HOSTS = `127.0.0.1:${port}`;
  platform = await startE2E();
});
afterAll(async () => {
  await platform?.stop();
  delete process.env.WUFEI_WEBHOOK_ALLOW_HOSTS;
  erp?.close();
});

async function until(check: () => boolean, what: string, ms = 30_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('事件推送 in a browser', () => {
  it('subscribes an endpoint, shows the secret once, delivers a signed ping, and shows the endpoint switched off after repeated failures until it is switched back on', async () => {
    const { context, page } = await newPage(platform);
    await login(page, 'transporter.demo');
    await page.getByTestId('menu-webhooks').click();
    await page.waitForURL('**/webhooks');

    // The form refuses what is not http(s) before sending, and shows the server's refusal of a private address.
    const url = page.getByTestId('webhook-url');
    await url.fill('ftp://erp.example.com/events');
    await page.getByTestId('webhook-subscribe').click();
    await page.getByText('地址须以 http:// 或 https:// 开头').waitFor();
    await url.fill('https://192.168.1.20/wufei');
    await page.getByTestId('webhook-subscribe').click();
    await page.getByText('不能推送到内网、本机或保留地址，请填写公网可访问的地址').waitFor();
    expect(await page.getByTestId('webhook-table').locator('tbody tr.ant-table-row').count()).toBe(0);

    // Subscribe: the three default events plus alarm changes.
    await url.fill(erpUrl);
    await page.getByTestId('webhook-event-alarm.changed').click();
    await page.getByTestId('webhook-subscribe').click();
    const secretText = page.getByTestId('webhook-secret');
    await secretText.waitFor();
    const secret = (await secretText.innerText()).trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await page.getByText('X-Wufei-Signature: t=<时间戳>,v1=<签名>', { exact: false }).waitFor();
    await page.waitForTimeout(400); // the modal's opening animation, for the screenshot
    await screenshot(page, 'webhooks-secret');
    await page.getByTestId('webhook-secret-done').click();
    await secretText.waitFor({ state: 'hidden' });
    // Shown once: nowhere on the page any more, nor after a reload.
    await page.reload();
    const rows = page.getByTestId('webhook-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await rows.count()).toBe(1);
    const row = rows.first();
    expect(await row.innerText()).toContain(erpUrl);
    for (const label of ['联单签署', '联单拒收', '预警触发', '预警办理']) expect(await row.innerText()).toContain(label);
    expect(await row.getByTestId('webhook-state').innerText()).toBe('启用');

    // A ping, sent by the platform's worker and signed with the secret the page showed.
    await row.getByTestId('webhook-ping').click();
    await row.getByTestId('webhook-deliveries').click();
    const deliveries = page.getByTestId('delivery-table').locator('tbody tr.ant-table-row');
    await deliveries.first().waitFor();
    expect(await deliveries.first().innerText()).toContain('测试推送');
    await page.getByTestId('delivery-status').filter({ hasText: '已送达' }).waitFor({ timeout: 30_000 });
    expect(await deliveries.first().getByTestId('delivery-result').innerText()).toBe('HTTP 204');
    expect(received).toHaveLength(1);
    const [t, v1] = String(received[0].headers['x-wufei-signature']).split(',').map((p) => p.split('=')[1]);
    expect(v1).toBe(crypto.createHmac('sha256', secret).update(`${t}.${received[0].body}`).digest('hex'));
    expect(JSON.parse(received[0].body)).toMatchObject({ event: 'ping' });
    await page.keyboard.press('Escape');
    await page.getByTestId('delivery-table').waitFor({ state: 'detached' });

    // The ERP starts failing: eight pings fail in a row and the endpoint is switched off with a notice.
    failing = true;
    const [{ id }] = (await apiCall(page, 'GET', '/api/webhooks')).json.items;
    for (let i = 0; i < DISABLE_AFTER; i++) expect((await apiCall(page, 'POST', `/api/webhooks/${id}/ping`)).status).toBe(201);
    await until(() => received.length === 1 + DISABLE_AFTER, 'the failing deliveries');
    await page.reload();
    const notice = page.getByTestId('webhook-disabled-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toContain(`连续 ${DISABLE_AFTER} 次推送失败，已自动停用（最近一次：HTTP 500）`);
    expect(await rows.first().getByTestId('webhook-state').innerText()).toBe('已停用');
    expect(await rows.first().getByTestId('webhook-failures').innerText()).toBe(`${DISABLE_AFTER} 次`);
    await rows.first().getByTestId('webhook-deliveries').click();
    await deliveries.first().waitFor();
    // Newest first: the failed pings wait for their retry, with the endpoint's answer.
    expect(await deliveries.first().getByTestId('delivery-status').innerText()).toBe('待推送');
    expect(await deliveries.first().getByTestId('delivery-result').innerText()).toBe('HTTP 500');
    expect(await page.getByTestId('delivery-status').filter({ hasText: '已送达' }).count()).toBe(1);
    await page.waitForTimeout(400); // the drawer's opening animation, for the screenshot
    await screenshot(page, 'webhooks-disabled');
    await page.keyboard.press('Escape');
    await page.getByTestId('delivery-table').waitFor({ state: 'detached' });

    // Switched back on from the notice: the failure count starts again.
    failing = false;
    await page.getByTestId('webhook-enable-notice').click();
    await notice.waitFor({ state: 'detached' });
    expect(await rows.first().getByTestId('webhook-state').innerText()).toBe('启用');
    expect(await rows.first().getByTestId('webhook-failures').innerText()).toBe('0 次');

    // Deleted, after a confirmation.
    await rows.first().getByTestId('webhook-delete').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /^删\s*除$/ }).click(); // antd spaces out two-character labels
    await page.getByText('还没有推送地址：在上方订阅事件').waitFor();
    await context.close();
  });
});
