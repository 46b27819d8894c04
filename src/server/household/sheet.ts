import ExcelJS from 'exceljs';
import { AppError, badRequest, type Issue, type Message } from '../http/errors';
import { csvRecords } from '../http/excel';

// Reading an uploaded register sheet or weighbridge export (.xlsx, or .csv as weighbridge software
// writes it, often in GBK): every non-blank row under the header with its row number, each cell as
// text, number, date and boolean, so that a problem can name its row and column.

export interface SheetCell { text: string; number: number | null; date: Date | null; bool: boolean | null }
export interface SheetRow { row: number; cells: SheetCell[] }
export interface SheetGrid { sheetName: string; headerRow: number; headers: string[]; rows: SheetRow[] }

const EMPTY: SheetCell = { text: '', number: null, date: null, bool: null };

/** A problem of one cell: where it is (sheet!A5), which column, and what, in Chinese and English. */
export interface CellProblem extends Issue { row: number; column: string }

/** "A", "B", … "AA" for a 0-based column index. */
export const columnLetter = (index: number): string => (index < 26 ? String.fromCharCode(65 + index) : columnLetter(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26)));

/** "1,234.5", "１２．５" are numbers; anything else is not. */
export function parseNumber(text: string): number | null {
  const t = text.replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，\s]/g, '');
  if (t === '' || !/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

function fromExcel(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'number') return { text: String(value), number: value, date: null, bool: null };
  if (typeof value === 'string') return { text: value.trim(), number: parseNumber(value), date: null, bool: null };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', number: null, date: null, bool: value };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 19).replace('T', ' '), number: null, date: value, bool: null };
  const v = value as { formula?: string; sharedFormula?: string; result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
  if (v.formula !== undefined || v.sharedFormula !== undefined) {
    const r = v.result;
    if (r === undefined || r === null || (typeof r === 'object' && !(r instanceof Date))) return { ...EMPTY, text: `=${v.formula ?? v.sharedFormula}` };
    return fromExcel(r as ExcelJS.CellValue);
  }
  if (v.richText) return fromExcel(v.richText.map((x) => x.text).join(''));
  if (v.text !== undefined) return fromExcel(String(v.text));
  if (v.error) return { ...EMPTY, text: v.error };
  return EMPTY;
}

const textCell = (text: string): SheetCell => ({ text: text.trim(), number: parseNumber(text), date: null, bool: null });

/** UTF-8 if the bytes are UTF-8, else GB18030 (a superset of GBK, what Chinese Windows software writes). */
function decodeText(buffer: Buffer): string {
  try { return new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, ''); } catch { return new TextDecoder('gb18030').decode(buffer); }
}

/**
 * The sheet (the one named, else the first) from the first row `isHeader` accepts among the first
 * ten, with the rows below it that hold anything. Too many rows, or no header: 400 naming the file.
 */
export async function readSheet(buffer: Buffer, filename: string, options: { sheetName?: string; csv: boolean; maxRows: number; isHeader: (texts: string[]) => boolean; what: Message }): Promise<SheetGrid> {
  const csv = /\.csv$/i.test(filename);
  if (!/\.xlsx$/i.test(filename) && !(options.csv && csv)) {
    throw badRequest('FILE_TYPE', `请上传 .xlsx${options.csv ? ' 或 .csv' : ''} 格式的${options.what.zh}`, `Upload the ${options.what.en} as .xlsx${options.csv ? ' or .csv' : ''}`, 'file');
  }
  let grid: { row: number; cells: SheetCell[] }[] = [];
  let sheetName = options.sheetName ?? '';
  if (csv) {
    const records = csvRecords(decodeText(buffer));
    if (records.length > options.maxRows + 10) throw tooMany(options);
    grid = records.map((fields, i) => ({ row: i + 1, cells: fields.map(textCell) }));
    sheetName = filename;
  } else {
    const workbook = new ExcelJS.Workbook();
    try { await workbook.xlsx.load(buffer as unknown as ArrayBuffer); } catch { throw badRequest('FILE_UNREADABLE', '无法读取该文件，请确认是 Excel（.xlsx）文件', 'The file could not be read as an Excel (.xlsx) workbook', 'file'); }
    const sheet = (options.sheetName && workbook.getWorksheet(options.sheetName)) || workbook.worksheets[0];
    if (!sheet) throw badRequest('SHEET_MISSING', '文件中没有工作表', 'The file holds no sheet', 'file');
    sheetName = sheet.name;
    // rowCount and columnCount scan the whole sheet each time they are read: read them once.
    const lastRow = sheet.rowCount, lastColumn = Math.min(sheet.columnCount, 40);
    if (lastRow > options.maxRows + 10) throw tooMany(options);
    for (let r = 1; r <= lastRow; r++) {
      const row = sheet.getRow(r);
      const cells: SheetCell[] = [];
      for (let c = 1; c <= lastColumn; c++) {
        const cell = row.getCell(c);
        cells.push(fromExcel(cell.isMerged && cell.master ? cell.master.value : cell.value));
      }
      grid.push({ row: r, cells });
    }
  }
  const header = grid.slice(0, 10).find((r) => options.isHeader(r.cells.map((c) => c.text)));
  if (!header) throw badRequest('SHEET_HEADER', `${options.what.zh}中找不到表头行：请使用平台下载的模板或设备导出的原表`, `No header row was found in the ${options.what.en}: use the platform's template or the export as the software wrote it`, 'file');
  const rows = grid.filter((r) => r.row > header.row && r.cells.some((c) => c.text !== ''));
  return { sheetName, headerRow: header.row, headers: header.cells.map((c) => c.text.replace(/\s+/g, '')), rows };
}

const tooMany = (options: { maxRows: number; what: Message }) =>
  badRequest('TOO_MANY_ROWS', `${options.what.zh}最多 ${options.maxRows} 行，请拆分后分别导入`, `The ${options.what.en} may hold at most ${options.maxRows} rows: split it`, 'file');

/** The cell of a row in a column (0-based), blank when the row is shorter. */
export const cellAt = (row: SheetRow, column: number | undefined): SheetCell => (column === undefined || column < 0 ? EMPTY : row.cells[column] ?? EMPTY);

/** Builds the problem of a cell: 第5行“户数”列（E5）：… */
export function cellProblem(sheetName: string, row: number, column: number | undefined, header: string, columnKey: string, zh: string, en: string): CellProblem {
  const cell = column === undefined || column < 0 ? '' : `${columnLetter(column)}${row}`;
  return {
    row, column: columnKey, path: `${sheetName}!${cell || row}`,
    message: cell ? { zh: `第${row}行“${header}”列（${cell}）：${zh}`, en: `Row ${row}, column "${header}" (${cell}): ${en}` } : { zh: `第${row}行：${zh}`, en: `Row ${row}: ${en}` },
  };
}

/** 400 naming every problem cell (the first 50), nothing written. */
export function refuseProblems(problems: Issue[], what: Message) {
  if (!problems.length) return;
  const shown = problems.slice(0, 50).map(({ path, message }) => ({ path, message }));
  throw new AppError(400, 'SHEET_PROBLEMS', {
    zh: `${what.zh}有 ${problems.length} 处问题，未作任何修改：${shown.map((p) => p.message.zh).join('；')}`,
    en: `The ${what.en} has ${problems.length} problem(s); nothing was changed: ${shown.map((p) => p.message.en).join('; ')}`,
  }, 'file', shown);
}

/** YYYY-MM-DD of a cell: a date cell, an Excel day number, or 2026-05-01, 2026/5/1, 2026.5.1, 2026年5月1日. */
export function dayOf(cell: SheetCell): string | null {
  if (cell.date) return cell.date.toISOString().slice(0, 10);
  if (cell.number !== null && cell.number > 20000 && cell.number < 80000) return new Date(Math.round((cell.number - 25569) * 86_400_000)).toISOString().slice(0, 10);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(cell.text);
  if (!m) return null;
  const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day ? day : null;
}

/**
 * The moment of a cell read as Beijing time: an Excel date-time (stored as the wall-clock time it
 * shows), an Excel day number with its fraction, ISO 8601 with an offset, or 2026-05-01 08:30(:00).
 */
export function momentOf(cell: SheetCell): Date | null {
  const wall = (utcWall: number) => new Date(utcWall - 8 * 3_600_000);
  if (cell.date) return wall(cell.date.getTime());
  if (cell.number !== null && cell.number > 20000 && cell.number < 80000) return wall(Math.round((cell.number - 25569) * 86_400_000 / 1000) * 1000);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(cell.text)) return new Date(cell.text);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$/.exec(cell.text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(utc).getUTCDate() !== d) return null;
  return wall(utc);
}
