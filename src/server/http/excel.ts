import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/** The first column whose header (spaces removed) matches. */
export const headerIndex = (headers: string[], re: RegExp) => headers.findIndex((h) => re.test(h.replace(/\s+/g, '')));

export interface ExcelColumn<T> { header: string; width?: number; value: (row: T) => string | number | null | Date }

export const EXPORT_MAX_ROWS = 100_000;
/** The most rows an uploaded sheet may hold (a year of monthly values for every town is about 10,000). */
export const GRID_MAX_ROWS = 20_000;
const PAGE = 2000;

export interface ExcelSheet<T> { name: string; columns: ExcelColumn<T>[]; fetchPage: (offset: number, limit: number) => Promise<T[]> }

/**
 * Streams lists to an .xlsx download, sheet after sheet and page by page, so an export never holds
 * a whole table in memory. Each `fetchPage` runs the same filtered query as its list view.
 */
// Each sheet has its own row type; `any` lets a list of them mix (each is checked where it is built).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function sendWorkbook(reply: FastifyReply, filename: string, sheets: ExcelSheet<any>[]): Promise<FastifyReply> {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
  const writing = (async () => {
    for (const { name, columns, fetchPage } of sheets) {
      const sheet = workbook.addWorksheet(name);
      sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 18 }));
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += PAGE) {
        const rows = await fetchPage(offset, PAGE);
        for (const row of rows) sheet.addRow(columns.map((c) => c.value(row))).commit();
        if (rows.length < PAGE) break;
      }
      sheet.commit();
    }
    await workbook.commit();
  })();
  writing.catch((error) => stream.destroy(error));
  return reply.send(stream);
}

export const sendXlsx = <T>(reply: FastifyReply, filename: string, sheetName: string, columns: ExcelColumn<T>[], fetchPage: (offset: number, limit: number) => Promise<T[]>) =>
  sendWorkbook(reply, filename, [{ name: sheetName, columns, fetchPage }]);

/** A list already in memory (a plan's few hundred indicators) as one page. */
export const onePage = <T>(rows: T[]) => async (offset: number) => (offset === 0 ? rows : []);

/** Reads the first sheet of an uploaded workbook or CSV into rows of strings keyed by header. */
export async function readTable(buffer: Buffer, filename: string): Promise<Record<string, string>[]> {
  if (/\.csv$/i.test(filename)) return parseCsv(buffer.toString('utf8').replace(/^\uFEFF/, ''));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const headers: string[] = [];
  const rows: Record<string, string>[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells = (row.values as unknown[]).slice(1).map(cellText);
    if (number === 1) headers.push(...cells.map((c) => c.trim()));
    else rows.push(Object.fromEntries(headers.map((h, i) => [h, (cells[i] ?? '').trim()])));
  });
  return rows;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    const v = value as { text?: string; result?: unknown; richText?: { text: string }[] };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return String(v.text);
    if (v.result !== undefined) return String(v.result);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value);
}

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...body] = csvRecords(text);
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return body.map((r) => Object.fromEntries(names.map((h, i) => [h, (r[i] ?? '').trim()])));
}

/** The records of a CSV text as arrays of fields, blank records left out. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { record.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field); field = '';
      if (record.some((f) => f !== '')) records.push(record);
      record = [];
    } else field += ch;
  }
  record.push(field);
  if (record.some((f) => f !== '')) records.push(record);
  return records;
}

/**
 * The first sheet as a grid of cell texts, merged cells carrying their master's text, and the header
 * row found by its words (a title row above the table is skipped).
 */
export async function readGrid(buffer: Buffer, filename: string, headerWords: RegExp): Promise<{ headers: string[]; rows: string[][] }> {
  let grid: string[][];
  if (/\.csv$/i.test(filename)) {
    const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
    const records = parseCsv(text);
    const keys = Object.keys(records[0] ?? {});
    grid = [keys, ...records.map((r) => keys.map((k) => r[k] ?? ''))];
  } else {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) return { headers: [], rows: [] };
    grid = [];
    // columnCount and rowCount scan the whole sheet each time they are read: read them once.
    const lastRow = Math.min(sheet.rowCount, GRID_MAX_ROWS + 20), lastColumn = Math.min(sheet.columnCount, 60);
    for (let r = 1; r <= lastRow; r++) {
      const row = sheet.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= lastColumn; c++) {
        const cell = row.getCell(c);
        cells.push(cellText(cell.isMerged && cell.master ? cell.master.value : cell.value).trim());
      }
      grid.push(cells);
    }
  }
  const headerIndex = grid.findIndex((cells) => cells.some((c) => headerWords.test(c)));
  if (headerIndex < 0) return { headers: [], rows: [] };
  const headers = grid[headerIndex].map((h) => h.replace(/\s+/g, ''));
  const rows = grid.slice(headerIndex + 1).filter((cells) => cells.some((c) => c !== ''));
  return { headers, rows };
}
