// 危险废物标签 size by container volume (GB 18597-2023 / HJ 1276-2022 practice):
// up to 50 L: 100×100 mm; up to 450 L: 150×150 mm; larger: 200×200 mm.
export function labelSizeMm(containerVolumeL: number): 100 | 150 | 200 {
  if (containerVolumeL <= 50) return 100;
  if (containerVolumeL <= 450) return 150;
  return 200;
}

/** HJ 1259's batch codes: a prefix per ledger step, the date, a three-digit daily serial (HWCS20211031001). */
export const BATCH_PREFIX = { generate: 'HWCS', store_in: 'HWRK', store_out: 'HWCK', self_utilise: 'HWZXLY', self_dispose: 'HWZXCZ', transfer_out: 'HWWW' } as const;

export function batchNumber(prefix: string, shanghaiDate: string, serial: number): string {
  return `${prefix}${shanghaiDate.replace(/-/g, '')}${String(serial).padStart(3, '0')}`;
}

export const shanghaiDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
/** The calendar year in Asia/Shanghai (a year's plan, declaration or assessment is Beijing time). */
export const shanghaiYear = (d: Date = new Date()) => Number(shanghaiDate(d).slice(0, 4));

/** Storage limit for hazardous waste: one year (固体废物污染环境防治法 第八十一条). */
export const HAZARDOUS_STORAGE_DAYS = 365;

/**
 * Where everything sits on a 危险废物标签 of `size` mm, in mm from the label's top-left corner. The
 * printed page (HTML) and the PDF both draw from these figures, so the QR code is inside the label
 * by construction: every row has a fixed height, and what does not fit is cut short with an
 * ellipsis rather than pushing the code off the label (the fault of issue 20: content 735 px tall in
 * a 563 px box). Contents follow HJ 1276-2022 (废物名称、类别与代码、危险特性、主要成分、形态与重量、
 * 产生单位、联系人与电话、数字识别码、产生日期, and the code to scan).
 */
export interface LabelRow { key: LabelRowKey; zh: string; en: string; lines: number; y: number; height: number }
export type LabelRowKey = 'name' | 'code' | 'hazard' | 'components' | 'form' | 'producer' | 'contact';
export interface LabelGeometry {
  size: number; border: number; padding: number; fontSize: number; lineHeight: number; labelColumn: number;
  header: { y: number; height: number; fontSize: number };
  rows: LabelRow[];
  /** The lower block: the batch's number and date at the left, the QR code (with its quiet zone) at the right. */
  footer: { y: number; height: number; textWidth: number };
  qr: { x: number; y: number; size: number };
}

const ROWS: { key: LabelRowKey; zh: string; en: string; lines: number }[] = [
  { key: 'name', zh: '废物名称', en: 'Waste', lines: 2 },
  { key: 'code', zh: '类别代码', en: 'Code', lines: 1 },
  { key: 'hazard', zh: '危险特性', en: 'Hazards', lines: 1 },
  { key: 'components', zh: '主要成分', en: 'Components', lines: 2 },
  { key: 'form', zh: '形态重量', en: 'Form, weight', lines: 1 },
  { key: 'producer', zh: '产生单位', en: 'Producer', lines: 2 },
  { key: 'contact', zh: '联系人', en: 'Contact', lines: 1 },
];

export function labelGeometry(size: number): LabelGeometry {
  const k = size / 100;
  const border = 0.6 * k, padding = 2.4 * k, inset = border + padding;
  const fontSize = 3 * k, lineHeight = 1.25 * fontSize, rowPadding = 0.5 * k;
  const header = { y: inset, height: 10 * k, fontSize: 6.5 * k };
  let y = header.y + header.height + 1 * k;
  const rows = ROWS.map((r) => { const height = r.lines * lineHeight + 2 * rowPadding; const row = { ...r, y, height }; y += height; return row; });
  const bottom = size - inset;
  const footerY = y + 1 * k;
  const qrSize = bottom - footerY;
  const inner = size - 2 * inset;
  return {
    size, border, padding, fontSize, lineHeight, labelColumn: 15 * k, header, rows,
    footer: { y: footerY, height: qrSize, textWidth: inner - qrSize - 2 * k },
    qr: { x: size - inset - qrSize, y: footerY, size: qrSize },
  };
}

/**
 * Labels on A4 at 100 %: as many whole labels as fit in the printable area (210×297 mm less a 5 mm
 * margin), centred, edge to edge so that one cut along a shared border separates two labels; cut
 * marks stand in the margin left around the block where there is room. A label printer takes one
 * label per page, the page being the label.
 */
export const A4 = { width: 210, height: 297, margin: 5 } as const;
export function a4Sheet(size: number) {
  const width = A4.width - 2 * A4.margin, height = A4.height - 2 * A4.margin;
  const columns = Math.max(1, Math.floor(width / size)), rows = Math.max(1, Math.floor(height / size));
  const left = (width - columns * size) / 2, top = (height - rows * size) / 2;
  return { width, height, columns, rows, perSheet: columns * rows, left, top };
}

/** At most this many labels are printed at once (a batch of more containers prints in parts). */
export const MAX_LABELS = 100;
