import QRCode from 'qrcode';
import { HAZARD_CHARACTERISTICS } from '../../domain/enums';
import { a4Sheet, A4, labelGeometry, MAX_LABELS, shanghaiDate, type LabelRowKey } from '../../domain/labels';
import { esc, tonnes } from './html';

/** What one 危险废物标签 says, as plain text, for the printed page and the PDF alike. */
export interface LabelContent {
  size: number; copies: number; batchNo: string; scanUrl: string;
  rows: Record<LabelRowKey, string>;
  footer: { zh: string; value: string }[];
}

export type LabelLayout = 'a4' | 'printer';

interface LabelBatch {
  batchNo: string; wasteCode: string; catalogueName: string; internalName: string; category: string; hazard: string[]; physicalForm: string;
  mainComponents: string; quantityT: number; generatedAt: Date; containerType: string; containerCount: number; storageFacility: string; labelSizeMm: number;
  producer?: { name: string; contactName: string | null; contactPhone: string | null };
}

export function labelContent(b: LabelBatch, scanUrl: string, copies?: number): LabelContent {
  // The producer's own name for the waste (HJ 1276: 废物名称); the catalogue's words only when it gave none.
  const name = b.internalName.trim() || b.catalogueName;
  const contact = [b.producer?.contactName, b.producer?.contactPhone].filter((x) => x && x.trim()).join(' ');
  return {
    size: b.labelSizeMm, copies: Math.min(MAX_LABELS, Math.max(1, copies ?? b.containerCount)), batchNo: b.batchNo, scanUrl,
    rows: {
      name,
      code: [b.category, b.wasteCode].filter(Boolean).join(' · '),
      hazard: b.hazard.map((h) => `${h} ${HAZARD_CHARACTERISTICS.label(h)}`).join('、') || '—',
      components: b.mainComponents || '—',
      form: `${b.physicalForm} · ${tonnes(b.quantityT)}`,
      producer: b.producer?.name ?? '',
      contact: contact || '—',
    },
    footer: [
      { zh: '数字识别码', value: b.batchNo },
      { zh: '产生日期', value: shanghaiDate(new Date(b.generatedAt)) },
      { zh: '包装', value: `${b.containerCount} 件 ${b.containerType}` },
      ...(b.storageFacility ? [{ zh: '贮存设施', value: b.storageFacility }] : []),
    ],
  };
}

/** The QR code with a four-module quiet zone (ISO/IEC 18004), so that it scans from the label as printed. */
export const labelQrSvg = (url: string) => QRCode.toString(url, { type: 'svg', margin: 4, errorCorrectionLevel: 'M' });
export const labelQrPng = (url: string) => QRCode.toBuffer(url, { type: 'png', margin: 4, errorCorrectionLevel: 'M', width: 600 });

const mm = (v: number) => `${Number(v.toFixed(3))}mm`;

function labelHtml(c: LabelContent, qr: string, left: number, top: number): string {
  const g = labelGeometry(c.size);
  const inset = g.border + g.padding, inner = c.size - 2 * inset;
  // Children are placed from the inside of the border; the geometry counts from the outer edge.
  const y = (v: number) => mm(v - g.border);
  const rows = g.rows.map((r) => `<div class="row" style="top:${y(r.y)};height:${mm(r.height)}"><span class="k">${esc(r.zh)}</span>`
    + `<span class="v" style="-webkit-line-clamp:${r.lines};max-height:${mm(r.lines * g.lineHeight)}">${esc(c.rows[r.key])}</span></div>`).join('');
  const footer = c.footer.map((f) => `<div><span class="k">${esc(f.zh)}</span>${esc(f.value)}</div>`).join('');
  return `<div class="label" style="left:${mm(left)};top:${mm(top)};width:${c.size}mm;height:${c.size}mm;border-width:${mm(g.border)};font-size:${mm(g.fontSize)};line-height:${mm(g.lineHeight)};--pad:${mm(g.padding)};--inner:${mm(inner)};--k:${mm(g.labelColumn)}">
<div class="head" style="top:${y(g.header.y)};height:${mm(g.header.height)};line-height:${mm(g.header.height)};font-size:${mm(g.header.fontSize)}">危险废物</div>${rows}
<div class="foot" style="top:${y(g.footer.y)};height:${mm(g.footer.height)};width:${mm(g.footer.textWidth)}">${footer}</div>
<div class="qr" style="left:${y(g.qr.x)};top:${y(g.qr.y)};width:${mm(g.qr.size)};height:${mm(g.qr.size)}">${qr}</div></div>`;
}

/**
 * The labels of one batch as sheets: on A4 as many as fit, edge to edge, with cut marks in the
 * margin around them; on a label printer one per page, the page being the label (@page size).
 */
export async function labelSheetsHtml(c: LabelContent, layout: LabelLayout): Promise<{ body: string; css: string }> {
  const qr = await labelQrSvg(c.scanUrl);
  const sheets: string[] = [];
  if (layout === 'printer') {
    for (let i = 0; i < c.copies; i++) sheets.push(`<div class="sheet" style="width:${c.size}mm;height:${c.size}mm">${labelHtml(c, qr, 0, 0)}</div>`);
  } else {
    const s = a4Sheet(c.size);
    const marks = cutMarks(s, c.size);
    for (let first = 0; first < c.copies; first += s.perSheet) {
      const labels: string[] = [];
      for (let i = 0; i < Math.min(s.perSheet, c.copies - first); i++) {
        labels.push(labelHtml(c, qr, s.left + (i % s.columns) * c.size, s.top + Math.floor(i / s.columns) * c.size));
      }
      sheets.push(`<div class="sheet" style="width:${s.width}mm;height:${s.height}mm">${marks}${labels.join('')}</div>`);
    }
  }
  const page = layout === 'printer' ? `@page{size:${c.size}mm ${c.size}mm;margin:0}` : `@page{size:A4;margin:${A4.margin}mm}`;
  const css = `${page}
.sheet{position:relative;overflow:hidden;background:#fff;break-after:page;break-inside:avoid}.sheet:last-child{break-after:auto}
@media screen{body{background:#e8e8e8}.sheet{margin:0 0 8mm;box-shadow:0 0 0 1px #bbb}}
@media print{html,body{margin:0;padding:0}}
.label{position:absolute;box-sizing:border-box;border:0 solid #000;overflow:hidden;background:#fff;color:#000}
.label>div{position:absolute;left:var(--pad);overflow:hidden}
.label .head{width:var(--inner);background:#f90;font-weight:bold;text-align:center;letter-spacing:.3em;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.label .row{width:var(--inner);display:flex;align-items:center;border-bottom:0.2mm solid #999;box-sizing:border-box}
.label .row .k{flex:0 0 var(--k);font-weight:bold}.label .row .v{flex:1;min-width:0;overflow:hidden;display:-webkit-box;-webkit-box-orient:vertical;word-break:break-all}
.label .foot>div{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.label .foot .k{font-weight:bold;margin-right:1em}
.label .qr{background:#fff}.label .qr svg{display:block;width:100%;height:100%;shape-rendering:crispEdges}
.cut{position:absolute;background:#000}`;
  return { body: sheets.join('\n'), css };
}

/** Thin ticks outside the block of labels, on the lines a cut follows, where the sheet leaves room for them. */
function cutMarks(s: ReturnType<typeof a4Sheet>, size: number): string {
  const marks: string[] = [];
  const length = 4, gap = 1, line = 0.2;
  const blockW = s.columns * size, blockH = s.rows * size;
  if (s.top >= length + gap) {
    for (let i = 0; i <= s.columns; i++) {
      const x = s.left + i * size - line / 2;
      marks.push(`<i class="cut" style="left:${mm(x)};top:${mm(s.top - gap - length)};width:${mm(line)};height:${mm(length)}"></i>`);
      marks.push(`<i class="cut" style="left:${mm(x)};top:${mm(s.top + blockH + gap)};width:${mm(line)};height:${mm(length)}"></i>`);
    }
  }
  if (s.left >= length + gap) {
    for (let j = 0; j <= s.rows; j++) {
      const y = s.top + j * size - line / 2;
      marks.push(`<i class="cut" style="top:${mm(y)};left:${mm(s.left - gap - length)};height:${mm(line)};width:${mm(length)}"></i>`);
      marks.push(`<i class="cut" style="top:${mm(y)};left:${mm(s.left + blockW + gap)};height:${mm(line)};width:${mm(length)}"></i>`);
    }
  }
  return marks.join('');
}
