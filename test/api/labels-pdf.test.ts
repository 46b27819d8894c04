import fs from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import jsQR from 'jsqr';
import { buildApp } from '../../src/server/http/app';
import { loadConfig } from '../../src/server/config';
import { startTestApp, Client, DEMO_PASSWORD, type TestApp } from '../support/app';

let t: TestApp;
let producer: Client, ecoGuanxian: Client;
let contact: { name: string; phone: string };

beforeAll(async () => {
  t = await startTestApp();
  [producer, ecoGuanxian] = await Promise.all(['producer.demo', 'eco.guanxian'].map((u) => Client.login(t.app, u)));
  const row = (await t.database.db.execute<{ contact_name: string; contact_phone: string }>(sql`SELECT contact_name, contact_phone FROM organisations WHERE name = '临清市恒通轴承制造有限公司'`)).rows[0];
  contact = { name: row.contact_name, phone: row.contact_phone };
});
afterAll(async () => { await t?.close(); });

/** The streams of a PDF: each object's dictionary and its inflated bytes. */
function pdfStreams(pdf: Buffer): { dict: string; data: Buffer }[] {
  const text = pdf.toString('latin1');
  const found: { dict: string; data: Buffer }[] = [];
  for (const m of text.matchAll(/\d+ 0 obj\s*<<((?:(?!endobj)[\s\S])*?)>>\s*stream\r?\n/g)) {
    const length = Number(/\/Length (\d+)/.exec(m[1])?.[1]);
    const start = m.index! + m[0].length;
    const raw = pdf.subarray(start, start + length);
    found.push({ dict: m[1], data: /\/FlateDecode/.test(m[1]) ? zlib.inflateSync(raw) : raw });
  }
  return found;
}

/** The text a PDF shows, read back through its font's ToUnicode map (pdfkit writes glyph ids, not characters). */
function pdfText(pdf: Buffer): string {
  const streams = pdfStreams(pdf);
  const glyphs = new Map<number, string>();
  for (const s of streams.filter((x) => x.data.includes('begincmap'))) {
    const cmap = s.data.toString('latin1');
    for (const range of cmap.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const start = parseInt(range[1], 16);
      [...range[3].matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) => glyphs.set(start + i, Buffer.from(u[1], 'hex').swap16().toString('utf16le')));
    }
  }
  return streams.filter((s) => !/\/Subtype/.test(s.dict) && !s.data.includes('begincmap')).map((s) => [...s.data.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)]
    .map((tj) => [...tj[1].matchAll(/<([0-9a-f]+)>/gi)].map((h) => h[1].match(/.{4}/g)!.map((g) => glyphs.get(parseInt(g, 16)) ?? '\uFFFD').join('')).join('')).join('\n')).join('\n');
}

/** Undoes PNG row filters (pdfkit keeps a PNG's IDAT as it is, with /Predictor 15). */
function unfilter(data: Buffer, width: number, channels: number): Buffer {
  const stride = width * channels, rows = data.length / (stride + 1), out = Buffer.alloc(rows * stride);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const raw = data[r * (stride + 1) + 1 + i];
      const a = i >= channels ? out[r * stride + i - channels] : 0, b = r ? out[(r - 1) * stride + i] : 0, c = r && i >= channels ? out[(r - 1) * stride + i - channels] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][type];
      out[r * stride + i] = (raw + pred) & 0xff;
    }
  }
  return out;
}

/** The PDF's image (not its transparency mask, a grey image of its own) decoded as a QR code. */
function pdfQr(pdf: Buffer): string | null {
  const images = pdfStreams(pdf).filter((s) => /\/Subtype\s*\/Image/.test(s.dict));
  const image = images.find((s) => /\/DeviceRGB/.test(s.dict)) ?? images.find((s) => /\/DeviceGray/.test(s.dict));
  if (!image) return null;
  const width = Number(/\/Width (\d+)/.exec(image.dict)![1]), height = Number(/\/Height (\d+)/.exec(image.dict)![1]);
  const channels = /\/DeviceRGB/.test(image.dict) ? 3 : 1;
  const pixels = /\/Predictor/.test(image.dict) ? unfilter(image.data, width, channels) : image.data;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let k = 0; k < 3; k++) rgba[i * 4 + k] = pixels[i * channels + (channels === 3 ? k : 0)];
    rgba[i * 4 + 3] = 255;
  }
  return jsQR(rgba, width, height)?.data ?? null;
}

const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
const mediaBox = (pdf: Buffer) => /\/MediaBox\s*\[([^\]]+)\]/.exec(pdf.toString('latin1'))![1].trim().split(/\s+/).map(Number);
const pt = (mm: number) => (mm * 72) / 25.4;

async function smallBatch() {
  const res = await producer.post('/api/ledger/batches', {
    wasteCode: '900-249-08', internalName: '磨削废乳化液', physicalForm: '液态', mainComponents: '矿物油、乳化剂、磨屑',
    containerType: '30L塑料桶', containerVolumeL: 30, containerCount: 5, quantityT: 0.12, storageFacility: '1号危废暂存间', storeNow: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; batchNo: string; labelToken: string; catalogueName: string };
}

describe('危险废物标签 as a PDF (GET /print/labels/:id/labels.pdf)', () => {
  it('gives the demo producer a real contact person and phone, not a placeholder', () => {
    expect(contact.name).not.toBe('联系人');
    expect(contact.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    expect(contact.phone).toMatch(/^(1[3-9]\d{9}|0635-\d{7})$/);
  });

  it('embeds a CJK font and shows the producer’s own name for the waste, the producer, its real contact and a QR code that opens the batch', async () => {
    const batch = await smallBatch();
    const res = await producer.get(`/print/labels/${batch.id}/labels.pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toContain('%%EOF');
    const raw = pdf.toString('latin1');
    // The font travels inside the file (a subset of Noto Sans CJK SC), so any reader shows the characters.
    expect(raw).toMatch(/\/FontFile[23]\s+\d+ 0 R/);
    expect(raw).toMatch(/\/BaseFont\s*\/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    const text = pdfText(pdf);
    expect(text).toContain('危险废物');
    expect(text).toContain('磨削废乳化液');
    expect(text).toContain('900-249-08');
    expect(text).toContain('临清市恒通轴承制造有限公司');
    expect(text).toContain(`${contact.name} ${contact.phone}`);
    expect(text).toContain(batch.batchNo);
    expect(text).not.toContain(batch.catalogueName);
    expect(text).not.toMatch(/\uFFFD/);
    // Five containers, four 100 mm labels to an A4 sheet: two pages.
    expect(pageCount(pdf)).toBe(2);
    const [, , w, h] = mediaBox(pdf);
    expect(w).toBeCloseTo(pt(210), 0);
    expect(h).toBeCloseTo(pt(297), 0);
    expect(pdfQr(pdf)).toMatch(new RegExp(`/scan/${batch.labelToken}$`));
  });

  it('prints one label a page at the label’s size for a label printer', async () => {
    const batch = await smallBatch();
    const res = await producer.get(`/print/labels/${batch.id}/labels.pdf?layout=printer&copies=3`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(pageCount(res.rawPayload)).toBe(3);
    const [, , w, h] = mediaBox(res.rawPayload);
    expect(w).toBeCloseTo(pt(100), 1);
    expect(h).toBeCloseTo(pt(100), 1);
  });

  it('shows another county’s official nothing, and refuses a bad layout in words', async () => {
    const batch = await smallBatch();
    expect((await ecoGuanxian.get(`/print/labels/${batch.id}/labels.pdf`)).statusCode).toBe(404);
    const bad = await producer.get(`/print/labels/${batch.id}/labels.pdf?layout=poster`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message.zh).toBeTruthy();
  });

  it('answers 503 with a code and words, never a PDF of empty boxes, when the server has no CJK font', async () => {
    const batch = await smallBatch();
    const latin = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'].find((f) => fs.existsSync(f));
    for (const pdfFont of ['/nonexistent/font.ttc', ...(latin ? [latin] : [])]) {
      const app = await buildApp({ db: t.database.db, config: { ...loadConfig(), demoPassword: DEMO_PASSWORD, pdfFont }, ping: async () => {} });
      try {
        await app.ready();
        const client = await Client.login(app, 'producer.demo');
        const res = await client.get(`/print/labels/${batch.id}/labels.pdf`);
        expect(res.statusCode, `${pdfFont}: ${res.body.slice(0, 200)}`).toBe(503);
        expect(res.json()).toMatchObject({ code: 'PDF_FONT_MISSING', message: { zh: expect.stringContaining('中文字体'), en: expect.stringContaining('font') } });
      } finally {
        await app.close();
      }
    }
  });
});
