import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, newPage, login, screenshot, pick, type RunningPlatform } from './support/platform';

// 信访投诉举报 (issue 18) in a browser: a passer-by reports dumping on his phone without a login, with
// a photo; the ecology bureau accepts and answers it in the console; he follows it by number and
// code and rates the answer. What he wrote is shown as text, never as HTML.

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

/** A small PNG photo of a heap (with a text chunk naming a place, which the server removes). */
function photo(): Buffer {
  const crc = (buf: Buffer) => { let c = ~0; for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); } return ~c >>> 0; };
  const chunk = (type: string, data: Buffer) => { const t = Buffer.from(type, 'latin1'); const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const c = Buffer.alloc(4); c.writeUInt32BE(crc(Buffer.concat([t, data]))); return Buffer.concat([len, t, data, c]); };
  const w = 64, h = 48;
  const header = Buffer.alloc(13); header.writeUInt32BE(w, 0); header.writeUInt32BE(h, 4); header[8] = 8; header[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h, 0x80);
  for (let y = 0; y < h; y++) raw[y * (w * 3 + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('tEXt', Buffer.from('Location\u000036.95N 115.65E', 'latin1')),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('a report in a browser', () => {
  it('a citizen reports dumping on a phone with a photo, the department resolves it, the citizen rates it', async () => {
    const citizen = await newPage(platform, { mobile: true });
    await citizen.page.goto('/report');
    await citizen.page.getByTestId('report-submit').waitFor();
    await pick(citizen.page, 'report-town', '青年路街道');
    await citizen.page.locator('input[data-testid="report-lon"], [data-testid="report-lon"] input').first().fill('115.65');
    await citizen.page.locator('input[data-testid="report-lat"], [data-testid="report-lat"] input').first().fill('36.95');
    await citizen.page.getByTestId('report-address').fill('青年路街道南沟桥下');
    await citizen.page.getByTestId('report-description').fill('桥下倒了一车<b>建筑垃圾</b>和废油漆桶');
    await citizen.page.getByTestId('report-phone').fill('13700002222');
    await citizen.page.locator('input[type=file]').setInputFiles({ name: 'heap.png', mimeType: 'image/png', buffer: photo() });
    await citizen.page.getByTestId('report-photo-thumb').waitFor();
    await screenshot(citizen.page, 'report-phone');
    expect(await citizen.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await citizen.page.getByTestId('report-submit').click();
    const no = (await citizen.page.getByTestId('report-number').innerText()).trim();
    const code = (await citizen.page.getByTestId('report-code').innerText()).trim();
    expect(no).toMatch(/^TS\d{13}$/);
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    await citizen.page.getByTestId('report-follow').click();
    await citizen.page.getByTestId('follow-status').filter({ hasText: '待受理' }).waitFor();
    // What he wrote is text on the page, not markup.
    expect(await citizen.page.getByTestId('follow-description').innerText()).toContain('<b>建筑垃圾</b>');
    expect(await citizen.page.locator('[data-testid="follow-description"] b').count()).toBe(0);

    // The ecology bureau, at the desk: accepts it, then answers it.
    const desk = await newPage(platform);
    await login(desk.page, 'eco.linqing');
    await desk.page.goto('/complaints');
    await pick(desk.page, 'complaints-status', '待受理');
    await desk.page.locator('tbody tr.ant-table-row', { hasText: no }).click();
    const detail = desk.page.getByTestId('complaint-detail');
    await detail.getByTestId('complaint-contact').filter({ hasText: '13700002222' }).waitFor();
    await detail.getByTestId('complaint-photo').waitFor();
    await pick(desk.page, 'complaint-action', '受理');
    await detail.getByTestId('complaint-submit').click();
    await detail.getByTestId('complaint-status').filter({ hasText: '已受理' }).waitFor();
    await pick(desk.page, 'complaint-action', '办结答复');
    await detail.getByTestId('complaint-note').fill('已责令青年路街道组织清运，倾倒车辆已查实，立案处罚');
    await screenshot(desk.page, 'complaints-console');
    await detail.getByTestId('complaint-submit').click();
    await detail.getByTestId('complaint-status').filter({ hasText: '已办结' }).waitFor();

    // The citizen follows it again, reads the answer and rates it.
    await citizen.page.getByTestId('follow-go').click();
    await citizen.page.getByTestId('follow-answer').filter({ hasText: '立案处罚' }).waitFor();
    await citizen.page.getByTestId('follow-comment').fill('清理得很快');
    await citizen.page.getByTestId('follow-rate').click();
    await citizen.page.getByTestId('follow-status').filter({ hasText: '已关闭' }).waitFor();
    await screenshot(citizen.page, 'report-rated-phone');
    expect(await citizen.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The phone never saw the contact.
    expect(await citizen.page.content()).not.toContain('13700002222');
  });
});
