import fs from 'node:fs';
import { createRequire } from 'node:module';
import { a4Sheet, A4, labelGeometry } from '../../domain/labels';
import { AppError } from '../http/errors';
import { labelQrPng, type LabelContent, type LabelLayout } from './labels';

// pdfkit (MIT) is loaded when a PDF is asked for, through the few calls used here, so that the
// server starts (and answers in words) on an installation without it.
interface PdfDoc {
  registerFont(name: string, src: string | Buffer, family?: string): PdfDoc;
  font(name: string): PdfDoc & { _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } };
  fontSize(size: number): PdfDoc;
  fillColor(color: string): PdfDoc;
  strokeColor(color: string): PdfDoc;
  lineWidth(width: number): PdfDoc;
  rect(x: number, y: number, w: number, h: number): PdfDoc;
  moveTo(x: number, y: number): PdfDoc;
  lineTo(x: number, y: number): PdfDoc;
  fill(color?: string): PdfDoc;
  stroke(): PdfDoc;
  text(text: string, x: number, y: number, options?: Record<string, unknown>): PdfDoc;
  image(src: Buffer | object, x: number, y: number, options?: Record<string, unknown>): PdfDoc;
  openImage(src: Buffer): object;
  addPage(options?: Record<string, unknown>): PdfDoc;
  on(event: 'data', listener: (chunk: Buffer) => void): PdfDoc;
  on(event: 'end' | 'error', listener: (error?: Error) => void): PdfDoc;
  end(): void;
  info: Record<string, unknown>;
}
type PdfDocCtor = new (options: Record<string, unknown>) => PdfDoc;

const require = createRequire(import.meta.url);
const pt = (mm: number) => (mm * 72) / 25.4;

const noFont = (fontPath: string) => new AppError(503, 'PDF_FONT_MISSING', {
  zh: `服务器缺少中文字体，无法生成 PDF（WUFEI_PDF_FONT=${fontPath}）；请安装 fonts-noto-cjk 或设置 WUFEI_PDF_FONT，或在标签页面用浏览器打印`,
  en: `The server has no Chinese font to make the PDF with (WUFEI_PDF_FONT=${fontPath}): install fonts-noto-cjk or set WUFEI_PDF_FONT, or print the label page from the browser`,
});

/** The Simplified Chinese face of a collection (Noto Sans CJK's .ttc holds JP, KR, SC, TC …); a single font as it is. */
const FACES = ['NotoSansCJKsc-Regular', 'SourceHanSansSC-Regular', 'NotoSansSC-Regular'];

// The font file (about 20 MB for Noto's collection) is read once, and again only when it changes.
let fontFile: { path: string; mtimeMs: number; data: Buffer } | null = null;
function readFont(fontPath: string): Buffer {
  const stat = fs.statSync(fontPath, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw noFont(fontPath);
  if (fontFile?.path !== fontPath || fontFile.mtimeMs !== stat.mtimeMs) fontFile = { path: fontPath, mtimeMs: stat.mtimeMs, data: fs.readFileSync(fontPath) };
  return fontFile.data;
}

function openFont(doc: PdfDoc, fontPath: string) {
  const data = readFont(fontPath);
  const collection = /\.ttc$/i.test(fontPath);
  for (const face of collection ? FACES : [undefined]) {
    try {
      doc.registerFont('cjk', data, face);
      const font = doc.font('cjk');
      // A font without Chinese glyphs would print empty boxes: refuse rather than send that.
      if (font._font?.font?.hasGlyphForCodePoint?.(0x5371) && font._font.font.hasGlyphForCodePoint(0x5e9f)) return;
    } catch {
      // Not this face (or not a font at all): try the next, then refuse.
    }
  }
  throw noFont(fontPath);
}

/** The labels of one batch as a PDF, laid out as the printed page lays them out, with the CJK font embedded (a subset). */
export async function labelsPdf(c: LabelContent, layout: LabelLayout, fontPath: string): Promise<Buffer> {
  let PDFDocument: PdfDocCtor;
  try {
    const loaded = require('pdfkit') as PdfDocCtor | { default: PdfDocCtor };
    PDFDocument = 'default' in loaded ? loaded.default : loaded;
  } catch {
    throw new AppError(503, 'PDF_UNAVAILABLE', { zh: '服务器未安装 PDF 组件（pdfkit），请在标签页面用浏览器打印', en: 'The server lacks its PDF library (pdfkit): print the label page from the browser' });
  }
  const pageSize = layout === 'printer' ? [pt(c.size), pt(c.size)] : 'A4';
  const doc = new PDFDocument({ size: pageSize, margin: 0, autoFirstPage: false, info: {
    // ASCII where a reader or a search looks for the batch: the number is in the document's keywords.
    Title: `危险废物标签 ${c.batchNo}`, Subject: c.batchNo, Keywords: c.batchNo, Creator: 'Wufei', Producer: 'Wufei',
  } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', (error) => reject(error));
  });
  openFont(doc, fontPath);
  // Opened once: every label of the document draws the same image object.
  const qr = doc.openImage(await labelQrPng(c.scanUrl));

  if (layout === 'printer') {
    for (let i = 0; i < c.copies; i++) { doc.addPage({ size: pageSize, margin: 0 }); drawLabel(doc, c, qr, 0, 0); }
  } else {
    const s = a4Sheet(c.size);
    for (let first = 0; first < c.copies; first += s.perSheet) {
      doc.addPage({ size: 'A4', margin: 0 });
      const ox = A4.margin + s.left, oy = A4.margin + s.top;
      drawCutMarks(doc, s, c.size);
      for (let i = 0; i < Math.min(s.perSheet, c.copies - first); i++) drawLabel(doc, c, qr, ox + (i % s.columns) * c.size, oy + Math.floor(i / s.columns) * c.size);
    }
  }
  doc.end();
  return done;
}

function drawLabel(doc: PdfDoc, c: LabelContent, qr: object, x0: number, y0: number) {
  const g = labelGeometry(c.size);
  const inset = g.border + g.padding, inner = c.size - 2 * inset;
  const X = (mm: number) => pt(x0 + mm), Y = (mm: number) => pt(y0 + mm);
  doc.lineWidth(pt(g.border)).strokeColor('#000').rect(X(g.border / 2), Y(g.border / 2), pt(c.size - g.border), pt(c.size - g.border)).stroke();
  doc.rect(X(inset), Y(g.header.y), pt(inner), pt(g.header.height)).fill('#ff9900');
  doc.fillColor('#000').font('cjk').fontSize(pt(g.header.fontSize))
    .text('危险废物', X(inset), Y(g.header.y + (g.header.height - g.header.fontSize * 1.2) / 2), { width: pt(inner), align: 'center', lineBreak: false, characterSpacing: pt(g.header.fontSize * 0.3) });
  doc.fontSize(pt(g.fontSize));
  const gap = (g.lineHeight - g.fontSize) * 0.8;
  for (const r of g.rows) {
    const textTop = r.y + (r.height - r.lines * g.lineHeight) / 2;
    doc.text(r.zh, X(inset), Y(textTop), { width: pt(g.labelColumn), height: pt(g.lineHeight), lineBreak: false });
    doc.text(c.rows[r.key], X(inset + g.labelColumn), Y(textTop), { width: pt(inner - g.labelColumn), height: pt(r.lines * g.lineHeight), lineGap: pt(gap), ellipsis: true });
    doc.lineWidth(pt(0.2)).strokeColor('#999').moveTo(X(inset), Y(r.y + r.height)).lineTo(X(inset + inner), Y(r.y + r.height)).stroke();
  }
  c.footer.forEach((f, i) => {
    doc.text(`${f.zh}  ${f.value}`, X(inset), Y(g.footer.y + i * g.lineHeight), { width: pt(g.footer.textWidth), height: pt(g.lineHeight), lineBreak: false, ellipsis: true });
  });
  doc.image(qr, X(g.qr.x), Y(g.qr.y), { width: pt(g.qr.size), height: pt(g.qr.size) });
}

function drawCutMarks(doc: PdfDoc, s: ReturnType<typeof a4Sheet>, size: number) {
  const length = 4, gap = 1;
  const ox = A4.margin + s.left, oy = A4.margin + s.top, w = s.columns * size, h = s.rows * size;
  doc.lineWidth(pt(0.2)).strokeColor('#000');
  if (s.top >= length + gap) {
    for (let i = 0; i <= s.columns; i++) {
      const x = pt(ox + i * size);
      doc.moveTo(x, pt(oy - gap - length)).lineTo(x, pt(oy - gap)).stroke();
      doc.moveTo(x, pt(oy + h + gap)).lineTo(x, pt(oy + h + gap + length)).stroke();
    }
  }
  if (s.left >= length + gap) {
    for (let j = 0; j <= s.rows; j++) {
      const y = pt(oy + j * size);
      doc.moveTo(pt(ox - gap - length), y).lineTo(pt(ox - gap), y).stroke();
      doc.moveTo(pt(ox + w + gap), y).lineTo(pt(ox + w + gap + length), y).stroke();
    }
  }
}
