import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { startE2E, newPage, login, screenshot, apiCall, type RunningPlatform } from './support/platform';

let platform: RunningPlatform;
beforeAll(async () => { platform = await startE2E(); });
afterAll(async () => { await platform?.stop(); });

interface Box { x: number; y: number; width: number; height: number }
const inside = (inner: Box, outer: Box, slack = 0.5) =>
  inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;
const px = (mm: number) => (mm * 96) / 25.4;

/** A screenshot's pixels, read in a blank tab (no page's CSP), for jsQR. */
async function decodeQr(page: Page, png: Buffer): Promise<string | null> {
  const blank = await page.context().newPage();
  try {
    const image = await blank.evaluate(async (dataUrl) => {
      const img = new Image();
      img.src = dataUrl;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width; canvas.height = img.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(img, 0, 0);
      return { width: img.width, height: img.height, data: Array.from(context.getImageData(0, 0, img.width, img.height).data) };
    }, `data:image/png;base64,${png.toString('base64')}`);
    return jsQR(Uint8ClampedArray.from(image.data), image.width, image.height)?.data ?? null;
  } finally {
    await blank.close();
  }
}

/** How many pages a PDF Chromium printed has, and the first page's MediaBox in points. */
function pdfPages(pdf: Buffer): { count: number; box: number[] } {
  const text = pdf.toString('latin1');
  const box = /\/MediaBox\s*\[([^\]]+)\]/.exec(text)?.[1].trim().split(/\s+/).map(Number) ?? [];
  return { count: text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0, box };
}

describe('hazardous-waste labels (危险废物标签) that scan', () => {
  it('keeps the whole QR code inside the label at every size, on screen, on A4 and on a label printer, and the code opens the batch', async () => {
    const { page } = await newPage(platform);
    await login(page, 'producer.demo');
    // One batch per label size (100, 150 and 200 mm by container volume): the demo's own where it has one, else recorded here
    // with long values, the kind that pushed the code off the label.
    const store = (await apiCall(page, 'GET', '/api/ledger/store?stream=hazardous&pageSize=100')).json.items as { id: string }[];
    const bySize = new Map<number, string>();
    for (const row of store.slice(0, 20)) {
      const detail = (await apiCall(page, 'GET', `/api/ledger/batches/${row.id}`)).json as { labelSizeMm: number };
      if (!bySize.has(detail.labelSizeMm)) bySize.set(detail.labelSizeMm, row.id);
    }
    for (const [mm, volume] of [[100, 30], [150, 200], [200, 1000]] as const) {
      if (bySize.has(mm)) continue;
      const made = await apiCall(page, 'POST', '/api/ledger/batches', {
        wasteCode: '900-249-08', internalName: '轴承磨削废乳化液及清洗废矿物油混合物（磨加工二车间）', physicalForm: '液态', mainComponents: '矿物油、乳化剂、磨屑（铁、铬）、水及少量清洗剂',
        containerType: `${volume}L 容器`, containerVolumeL: volume, containerCount: 3, quantityT: 0.5, storageFacility: '1号危废暂存间', storeNow: true,
      });
      expect(made.status, JSON.stringify(made.json)).toBe(201);
      bySize.set(mm, made.json.id);
    }

    for (const mm of [100, 150, 200]) {
      const batch = (await apiCall(page, 'GET', `/api/ledger/batches/${bySize.get(mm)}`)).json as { labelToken: string; batchNo: string; internalName: string; containerCount: number };
      const expected = `${platform.baseUrl}/scan/${batch.labelToken}`;

      for (const layout of ['a4', 'printer'] as const) {
        await page.emulateMedia({ media: 'screen' });
        await page.goto(`/print/labels/${bySize.get(mm)}?layout=${layout}`);
        const labels = page.locator('.label');
        const label = labels.first();
        const qr = label.locator('.qr');
        const labelBox = (await label.boundingBox())!;
        const qrBox = (await qr.boundingBox())!;
        // The code lies within the label, and the label is its size at 100 %.
        expect(inside(qrBox, labelBox), `${mm} mm ${layout}: QR ${JSON.stringify(qrBox)} inside label ${JSON.stringify(labelBox)}`).toBe(true);
        expect(labelBox.width, `${mm} mm label width`).toBeCloseTo(px(mm), 0);
        expect(labelBox.height, `${mm} mm label height`).toBeCloseTo(px(mm), 0);
        // One label per container.
        expect(await labels.count()).toBe(Math.min(batch.containerCount, 100));
        // Nothing else spills out either: the last field ends inside the label.
        const overflow = await label.evaluate((el) => el.scrollHeight - el.clientHeight);
        expect(overflow, `${mm} mm content overflow`).toBeLessThanOrEqual(1);
        // The waste's own name, not the catalogue's description; a real contact, not the placeholder.
        const text = await label.innerText();
        expect(text).toContain(batch.internalName.slice(0, 8));
        expect(text).not.toMatch(/联系人\s*联系人|联系人\s+0635-2310000/);

        if (layout === 'a4') {
          const png = await qr.screenshot();
          expect(await decodeQr(page, png), `${mm} mm QR decodes`).toBe(expected);
        }

        // Printed: each sheet is one page, every label inside its sheet, and Chromium prints as many pages as there are sheets at the page size asked for.
        await page.emulateMedia({ media: 'print' });
        const sheets = page.locator('.sheet');
        const sheetCount = await sheets.count();
        expect(sheetCount).toBeGreaterThan(0);
        for (let s = 0; s < sheetCount; s++) {
          const sheetBox = (await sheets.nth(s).boundingBox())!;
          const within = sheets.nth(s).locator('.label');
          for (let l = 0; l < (await within.count()); l++) {
            const box = (await within.nth(l).boundingBox())!;
            const code = (await within.nth(l).locator('.qr').boundingBox())!;
            expect(inside(box, sheetBox), `${mm} mm ${layout}: label ${l} of sheet ${s} inside its page`).toBe(true);
            expect(inside(code, box), `${mm} mm ${layout}: QR of label ${l} of sheet ${s} printed inside the label`).toBe(true);
          }
        }
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        const printed = pdfPages(pdf);
        expect(printed.count, `${mm} mm ${layout}: printed pages`).toBe(sheetCount);
        const [, , w, h] = printed.box;
        // Chromium rounds a page's size to its own units: within a point (0.35 mm) of the size asked for.
        const [pageW, pageH] = layout === 'a4' ? [210, 297] : [mm, mm];
        const pt = (v: number) => (v * 72) / 25.4;
        expect(Math.abs(w - pt(pageW)), `${mm} mm ${layout}: page width ${w} pt`).toBeLessThan(1);
        expect(Math.abs(h - pt(pageH)), `${mm} mm ${layout}: page height ${h} pt`).toBeLessThan(1);
        if (layout === 'a4' && mm === 100) await screenshot(page, 'label-100-a4');
      }
    }
  });
});
