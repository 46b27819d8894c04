import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startE2E, newPage, login, screenshot, apiCall, type RunningPlatform } from './support/platform';

// Issue 20's done-when: the driver signs a pickup offline and it arrives once when back online. A
// phone (390×844) opens 我的运输 once online, loses the network, signs 宏达轴承's pickup (kept in the
// outbox), reloads the app without network (the service worker serves it), and gets the network
// back: the signature goes out, and the server holds exactly one transport signature, even when the
// same request is sent again with its Idempotency-Key. A photo of the load taken offline waits in the
// outbox with the signature, is uploaded first when the network returns, and the manifest's detail
// then shows it beside the one pickup signature.

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

async function transportSignatures(manifestId: string): Promise<number> {
  const client = new pg.Client({ connectionString: platform.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM manifest_signatures WHERE manifest_id = $1 AND step = 'transport'`, [manifestId]);
    return rows[0].n;
  } finally { await client.end(); }
}

/** A 1×1 PNG: the photo of the load the test's camera takes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface Load { id: string; number: string; status: string; declaredWeightT: number; origin: { name: string }; destination: { name: string }; batches: { batchNo: string; containerCount: number }[] }

describe('the driver’s phone, offline', () => {
  it('signs a pickup offline, keeps it through a reload without network, and it arrives once when back online', async () => {
    const { context, page } = await newPage(platform, { mobile: true });
    await login(page, 'driver.demo');
    await page.goto('/driver');
    // Kept for offline use once the service worker holds the app shell and this page.
    await page.getByTestId('offline-ready').waitFor();
    const loads = (await apiCall(page, 'GET', '/api/driver/loads?pageSize=100')).json.items as Load[];
    const hongda = loads.find((l) => l.origin.name.includes('宏达'))!;
    expect(hongda?.status).toBe('signed_by_producer');
    await page.getByTestId(`driver-load-${hongda.number}`).click();
    await page.getByTestId('driver-load').waitFor();
    // Both ends shown from the manifest, the weight prefilled from the declared weight.
    await expect.poll(() => page.getByTestId('driver-origin').innerText()).toContain(hongda.origin.name);
    expect(await page.getByTestId('driver-destination').innerText()).toContain(hongda.destination.name);
    expect(Number(await page.locator('input[data-testid="driver-field-pickupWeightT"], [data-testid="driver-field-pickupWeightT"] input').first().inputValue())).toBe(hongda.declaredWeightT);
    // Containers checked by the batch number typed from the label; a stranger's code is named.
    const batch = hongda.batches[0];
    await page.getByTestId('driver-code').fill(batch.batchNo);
    await page.getByTestId('driver-code-add').click();
    await page.getByTestId(`driver-batch-${batch.batchNo}`).filter({ hasText: `1/${batch.containerCount}` }).waitFor();
    await page.getByTestId('driver-code').fill('HWCS20990101999');
    await page.getByTestId('driver-code-add').click();
    await page.getByTestId('driver-scan-unknown').filter({ hasText: 'HWCS20990101999' }).waitFor();

    // The network goes: the signature is kept on the phone.
    await context.setOffline(true);
    await page.getByTestId('driver-photo-input').setInputFiles({ name: 'load.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('driver-photo').first().waitFor();
    await page.getByTestId('driver-sign').click();
    await page.getByTestId('driver-outbox-count').filter({ hasText: '待发送 1 条' }).waitFor();
    await page.getByTestId(`driver-outbox-photos-${hongda.number}`).filter({ hasText: '1 张照片' }).waitFor();
    await screenshot(page, 'driver-offline-queued');
    // Reopened without network: the service worker serves the app, the list from the phone's copy.
    await page.reload();
    await page.getByTestId('driver-offline').filter({ hasText: '上次更新' }).waitFor();
    await page.getByTestId('driver-outbox-count').filter({ hasText: '待发送 1 条' }).waitFor();
    await page.getByTestId(`driver-load-${hongda.number}`).filter({ hasText: '已签，待发送' }).waitFor();
    expect(await transportSignatures(hongda.id)).toBe(0);
    const [entry] = await page.evaluate(() => new Promise<{ id: string; body: Record<string, unknown>; photos: { name: string | null }[] }[]>((resolve, reject) => {
      const open = indexedDB.open('wufei-offline');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => { const all = open.result.transaction('outbox').objectStore('outbox').getAll(); all.onsuccess = () => resolve(all.result); all.onerror = () => reject(all.error); };
    }));

    // Back online: the queue drains by itself, and the server has the pickup once.
    await context.setOffline(false);
    await page.getByTestId('driver-outbox').waitFor({ state: 'detached', timeout: 45_000 });
    await expect.poll(() => transportSignatures(hongda.id), { timeout: 15_000 }).toBe(1);
    await page.getByTestId(`driver-load-${hongda.number}`).filter({ hasText: '运输中' }).waitFor();
    await screenshot(page, 'driver-back-online');
    expect(entry.photos).toHaveLength(1);

    // The manifest's detail: one pickup signature, with its photo served as an image.
    const detail = (await apiCall(page, 'GET', `/api/manifests/${hongda.id}`)).json as { signatures: { step: string; photos: string[] }[] };
    const pickups = detail.signatures.filter((s) => s.step === 'transport');
    expect(pickups.map((s) => s.photos.length)).toEqual([1]);
    await page.goto(`/manifests/${hongda.id}`);
    const shown = page.getByTestId('signature-photo').locator('img').or(page.locator('img[data-testid="signature-photo"]')).first();
    await shown.waitFor();
    await expect.poll(() => shown.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    const served = await page.evaluate(async (src) => { const res = await fetch(src!); return { status: res.status, type: res.headers.get('content-type') }; }, await shown.getAttribute('src'));
    expect(served).toEqual({ status: 200, type: 'image/png' });

    // The same request sent again under its key (a phone that never heard the answer) is answered, not signed twice.
    const resent = await page.evaluate(async ({ id, manifestId, body }) => {
      const me = await (await fetch('/api/auth/me')).json();
      const res = await fetch(`/api/manifests/${manifestId}/sign`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, 'idempotency-key': id }, body: JSON.stringify(body) });
      return { status: res.status, replayed: res.headers.get('idempotent-replayed') };
    }, { id: entry.id, manifestId: hongda.id, body: { ...entry.body, photos: pickups[0].photos } });
    expect(resent).toEqual({ status: 200, replayed: 'true' });
    expect(await transportSignatures(hongda.id)).toBe(1);
    await context.close();
  });
});
