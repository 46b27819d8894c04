import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { inArray } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { regions } from '../platform/regions/schema';
import { recordAudit } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { AppError, badRequest, conflict, type Issue, type Message } from '../http/errors';
import { CONTROL_CHARACTERS } from '../http/inputs';
import { STATISTIC_KEYS, type StatisticKey } from '../../domain/statistics/keys';
import { keyOf, parseFigure, valueProblem, yearProblem } from '../../domain/statistics/values';
import { regionWithin } from '../../domain/region-code';
import { shanghaiYear } from '../../domain/labels';
import { canStatistic, entersStatistics } from './policy';
import { figuresInForce, lockFigures, mayNotEnter, sheetRegions, writeFigure, writeNewFigures, type Ctx, type FigureRow } from './service';

// 统计数据 from Excel: the template lists every region of the caller's area (the area and the regions
// one level below it) × every statistic, with the statistic's name and unit and the figure in force
// (value, source, note) filled in. The bureau fills or corrects 数值, 来源 and 备注 and uploads it: the
// preview checks every cell (a problem names its row and column and nothing is written) and says, row
// by row, whether it enters a new figure, revises the one in force or leaves it as it is; confirming
// writes them all in one transaction, or none.

export const SHEET_NAME = '统计数据';
const TITLE = '统计数据填报表';
const META_YEAR = '年份';
const META_AREA = '区划';
export const HEADERS = {
  regionCode: '行政区划代码', regionName: '行政区划名称', key: '指标代码', label: '指标名称', unit: '单位', value: '数值', source: '来源', note: '备注',
} as const;
type Column = keyof typeof HEADERS;
const ORDER: Column[] = ['regionCode', 'regionName', 'key', 'label', 'unit', 'value', 'source', 'note'];
const EDITABLE: Column[] = ['value', 'source', 'note'];
const MAX_ROWS = 5000;
const MAX_REGIONS = 400;

export interface PlannedFigure {
  row: number; regionCode: string; regionName: string; key: string; label: Message; unit: string; value: number; source: string; note: string;
  status: 'new' | 'revise' | 'unchanged'; current: { id: string; value: number; source: string } | null;
}

const letter = (column: Column) => String.fromCharCode(65 + ORDER.indexOf(column));

/** 模板: the area's regions × statistics for a year, with the figures in force. */
export async function statisticsTemplate(db: Db, actor: Actor, year: number, rootCode?: string): Promise<{ filename: string; buffer: Buffer }> {
  if (!entersStatistics(actor)) throw mayNotEnter();
  const problem = yearProblem(year, shanghaiYear());
  if (problem) throw badRequest('BAD_YEAR', problem.zh, problem.en, 'year');
  const area = await sheetRegions(db, actor, rootCode);
  if (area.regions.length > MAX_REGIONS) throw badRequest('AREA_TOO_LARGE', `${area.root.name}下辖区划过多，请选择更小的区划`, `${area.root.name} has too many regions below it: choose a smaller one`, 'regionCode');
  const inForce = await figuresInForce(db, area.regions.map((r) => r.code), year);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Wufei';
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 4 }] });
  sheet.columns = [14, 16, 24, 34, 8, 18, 30, 30].map((width) => ({ width }));
  sheet.mergeCells('A1:H1');
  sheet.getCell('A1').value = TITLE;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A1').alignment = { horizontal: 'center' };
  sheet.getRow(2).values = [META_YEAR, year, '', META_AREA, `${area.root.name}（${area.root.code}）`];
  sheet.getCell('A3').value = '只填写“数值”“来源”“备注”：数值不能为负，以人、户、个、头、只计的为整数，其余最多4位小数；有数值的行须注明来源（如“临清市统计年鉴（2025）”）。'
    + '已有数值的行为现行数值，改动即为修订（原数值保留在修订历史中）；数值留空的行不作处理。';
  sheet.mergeCells('A3:H3');
  sheet.getCell('A3').alignment = { wrapText: true };
  sheet.getRow(3).height = 36;
  sheet.getCell('A3').font = { italic: true, color: { argb: 'FF666666' } };
  const header = sheet.getRow(4);
  header.values = ORDER.map((c) => HEADERS[c]);
  header.font = { bold: true };
  let r = 5;
  for (const region of area.regions) {
    for (const key of STATISTIC_KEYS) {
      const figure = inForce.get(`${region.code}:${key.value}`);
      sheet.getRow(r).values = [region.code, region.name, key.value, key.zh, key.unit, figure?.value ?? null, figure?.source ?? '', figure?.note ?? ''];
      for (const column of EDITABLE) {
        const cell = sheet.getCell(`${letter(column)}${r}`);
        cell.protection = { locked: false };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF7E0' } };
      }
      sheet.getCell(`${letter('value')}${r}`).dataValidation = key.integer
        ? { type: 'whole', operator: 'greaterThanOrEqual', formulae: [0], allowBlank: true, showErrorMessage: true, errorTitle: key.zh, error: `请填写不小于0的整数（${key.unit}）` }
        : { type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0], allowBlank: true, showErrorMessage: true, errorTitle: key.zh, error: `请填写不小于0的数字（${key.unit}）` };
      sheet.getCell(`${letter('value')}${r}`).numFmt = key.integer ? '0' : '0.####';
      r++;
    }
  }
  // The locked columns guard against slips only: the upload is checked cell by cell whatever it holds.
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { filename: `统计数据_${year}_${area.root.name}.xlsx`, buffer };
}

// ---- reading an uploaded sheet ------------------------------------------------------------------------

interface CellRead { text: string; number: number | null; uncalculated: boolean }

function readCell(cell: ExcelJS.Cell): CellRead {
  const value = cell.isMerged && cell.master ? cell.master.value : cell.value;
  if (value === null || value === undefined) return { text: '', number: null, uncalculated: false };
  if (typeof value === 'number') return { text: String(value), number: value, uncalculated: false };
  if (typeof value === 'string') return { text: value.trim(), number: null, uncalculated: false };
  if (typeof value === 'boolean') return { text: String(value), number: null, uncalculated: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), number: null, uncalculated: false };
  const v = value as { formula?: string; sharedFormula?: string; result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
  if (v.formula !== undefined || v.sharedFormula !== undefined) {
    if (v.result === undefined || v.result === null) return { text: `=${v.formula ?? v.sharedFormula}`, number: null, uncalculated: true };
    if (typeof v.result === 'number') return { text: String(v.result), number: v.result, uncalculated: false };
    return { text: typeof v.result === 'object' ? String((v.result as { error?: string }).error ?? '') : String(v.result), number: null, uncalculated: false };
  }
  if (v.richText) return { text: v.richText.map((x) => x.text).join('').trim(), number: null, uncalculated: false };
  if (v.text !== undefined) return { text: String(v.text).trim(), number: null, uncalculated: false };
  if (v.error) return { text: v.error, number: null, uncalculated: false };
  return { text: '', number: null, uncalculated: false };
}

const normal = (s: string) => s.replace(/[\s（）()]/g, '');

interface SheetRow { row: number; regionCode: string; key: StatisticKey; value: number; source: string; note: string }
interface ParsedSheet { year: number | null; rows: SheetRow[]; blank: number; problems: Issue[]; regionCodes: Set<string> }

/** Reads the uploaded sheet: its year and every row, checked cell by cell (what regions exist is checked after). */
export async function readStatisticsSheet(buffer: Buffer, filename: string): Promise<ParsedSheet> {
  if (!/\.xlsx$/i.test(filename)) throw badRequest('FILE_TYPE', '请上传平台下载的 .xlsx 统计数据模板', 'Upload the .xlsx template downloaded from the platform', 'file');
  const workbook = new ExcelJS.Workbook();
  try { await workbook.xlsx.load(buffer as unknown as ArrayBuffer); } catch { throw badRequest('FILE_UNREADABLE', '无法读取该文件', 'The file could not be read', 'file'); }
  const sheet = workbook.getWorksheet(SHEET_NAME) ?? workbook.worksheets[0];
  if (!sheet) throw badRequest('SHEET_MISSING', `文件中没有“${SHEET_NAME}”工作表`, `The file has no "${SHEET_NAME}" sheet`, 'file');
  const rowCount = sheet.rowCount;
  if (rowCount > MAX_ROWS + 10) throw badRequest('TOO_MANY_ROWS', `统计数据表最多 ${MAX_ROWS} 行`, `The sheet may hold at most ${MAX_ROWS} rows`, 'file');
  const lastColumn = Math.min(sheet.columnCount, 30);

  let year: number | null = null;
  let headerRow = 0;
  const columns: Partial<Record<Column, number>> = {};
  for (let r = 1; r <= Math.min(rowCount, 10) && !headerRow; r++) {
    const texts = Array.from({ length: lastColumn }, (_, c) => readCell(sheet.getRow(r).getCell(c + 1)));
    const at = texts.findIndex((t) => normal(t.text) === META_YEAR);
    if (at >= 0) {
      const cell = texts.slice(at + 1).find((t) => t.text !== '');
      const n = cell?.number ?? (cell ? parseFigure(cell.text.replace(/年$/, '')) : null);
      year = n !== null && Number.isInteger(n) ? n : null;
    }
    if (texts.some((t) => normal(t.text) === HEADERS.regionCode)) {
      headerRow = r;
      for (const column of ORDER) {
        const i = texts.findIndex((t) => normal(t.text) === normal(HEADERS[column]));
        if (i >= 0) columns[column] = i + 1;
      }
    }
  }
  const missing = (['regionCode', 'key', 'value', 'source'] as const).filter((c) => !columns[c]);
  if (!headerRow || missing.length) {
    const names = missing.map((c) => HEADERS[c]).join('、') || HEADERS.regionCode;
    throw badRequest('SHEET_HEADER', `统计数据表缺少表头“${names}”：请使用平台下载的模板`, `The sheet lacks the header ${names}: use the template downloaded from the platform`, 'file');
  }

  const problems: Issue[] = [];
  const columnLetter = (column: Column) => sheet.getColumn(columns[column]!).letter;
  const say = (row: number, column: Column, zh: string, en: string) => {
    const cell = `${columnLetter(column)}${row}`;
    problems.push({ path: `${SHEET_NAME}!${cell}`, message: { zh: `第${row}行“${HEADERS[column]}”列（${cell}）：${zh}`, en: `Row ${row}, column "${HEADERS[column]}" (${cell}): ${en}` } });
  };
  const rows: SheetRow[] = [];
  const seen = new Map<string, number>();
  const regionCodes = new Set<string>();
  let blank = 0;
  for (let r = headerRow + 1; r <= rowCount; r++) {
    const row = sheet.getRow(r);
    const read = (column: Column) => (columns[column] ? readCell(row.getCell(columns[column]!)) : { text: '', number: null, uncalculated: false });
    const [regionCell, keyCell, valueCell, sourceCell, noteCell] = (['regionCode', 'key', 'value', 'source', 'note'] as const).map(read);
    if ([regionCell, keyCell, valueCell, sourceCell, noteCell].every((c) => c.text === '')) continue;
    if (valueCell.text === '' && !valueCell.uncalculated) { blank++; continue; }
    let ok = true;
    for (const [column, cell] of [['regionCode', regionCell], ['key', keyCell], ['source', sourceCell], ['note', noteCell]] as const) {
      if (CONTROL_CHARACTERS.test(cell.text)) { say(r, column, '含有不可见的控制字符', 'contains control characters'); ok = false; }
    }
    const regionCode = regionCell.text;
    if (regionCode === '') { say(r, 'regionCode', '行政区划代码为空', 'the region code is empty'); ok = false; }
    else if (!/^\d{6}(\d{3})?$/.test(regionCode)) { say(r, 'regionCode', `“${regionCode}”不是行政区划代码（6位或9位数字）`, `"${regionCode}" is not a region code (6 or 9 digits)`); ok = false; }
    else regionCodes.add(regionCode);
    const known = keyOf(keyCell.text);
    if (keyCell.text === '') { say(r, 'key', '指标代码为空', 'the statistic is empty'); ok = false; }
    else if ('problem' in known) { say(r, 'key', known.problem.zh, known.problem.en); ok = false; }
    const key = 'key' in known ? known.key : null;
    let value: number | null = null;
    if (valueCell.uncalculated) { say(r, 'value', '公式没有计算结果，请在 Excel 中重新计算后保存', 'the formula has no computed value: recalculate in Excel and save'); ok = false; }
    else {
      value = valueCell.number ?? parseFigure(valueCell.text, key?.unit);
      if (value === null) { say(r, 'value', `“${valueCell.text}”不是数字`, `"${valueCell.text}" is not a number`); ok = false; }
      else if (key) {
        const problem = valueProblem(key, value);
        if (problem) { say(r, 'value', problem.zh, problem.en); ok = false; }
      }
    }
    const source = sourceCell.text;
    if (source.length < 2) { say(r, 'source', source ? `来源“${source}”过短，请写明出处（至少2个字）` : '请注明数值的来源（至少2个字，如“临清市统计年鉴（2025）”）', 'give the source of the figure (2 characters or more)'); ok = false; }
    else if (source.length > 200) { say(r, 'source', '来源最多200个字', 'the source has at most 200 characters'); ok = false; }
    if (noteCell.text.length > 1000) { say(r, 'note', '备注最多1000个字', 'the note has at most 1000 characters'); ok = false; }
    if (key && regionCode) {
      const id = `${regionCode}:${key.value}`;
      if (seen.has(id)) { say(r, 'key', `${regionCode} 的“${key.zh}”重复（第${seen.get(id)}行已填写）`, `${key.en} of ${regionCode} appears twice (already on row ${seen.get(id)})`); ok = false; }
      else seen.set(id, r);
    }
    if (ok && key && value !== null) rows.push({ row: r, regionCode, key, value, source, note: noteCell.text });
  }
  return { year, rows, blank, problems, regionCodes };
}

// ---- preview and confirm ----------------------------------------------------------------------------------

interface Plan { rows: PlannedFigure[]; problems: Issue[]; fingerprint: string; inForce: Map<string, FigureRow> }

/** What the sheet would write, row by row, against the figures in force. Reads only. */
async function planFromSheet(q: Queryable, actor: Actor, year: number, parsed: ParsedSheet): Promise<Plan> {
  const problems = [...parsed.problems];
  const codes = [...parsed.regionCodes];
  const known = codes.length ? await q.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes)) : [];
  const names = new Map(known.map((r) => [r.code, r.name]));
  const regionProblem = (row: number, zh: string, en: string) => {
    const cell = `${letter('regionCode')}${row}`;
    problems.push({ path: `${SHEET_NAME}!${cell}`, message: { zh: `第${row}行“${HEADERS.regionCode}”列（${cell}）：${zh}`, en: `Row ${row}, column "${HEADERS.regionCode}" (${cell}): ${en}` } });
  };
  const usable = parsed.rows.filter((r) => {
    if (!names.has(r.regionCode)) { regionProblem(r.row, `行政区划代码 ${r.regionCode} 不存在`, `region ${r.regionCode} is not known`); return false; }
    if (!canStatistic(actor, 'enter', r.regionCode)) { regionProblem(r.row, `${names.get(r.regionCode)}（${r.regionCode}）不在您的辖区内`, `${names.get(r.regionCode)} (${r.regionCode}) lies outside your area`); return false; }
    return true;
  });
  const inForce = await figuresInForce(q, [...new Set(usable.map((r) => r.regionCode))], year);
  const rows = usable.map((r): PlannedFigure => {
    const current = inForce.get(`${r.regionCode}:${r.key.value}`) ?? null;
    const same = current && Math.abs(current.value - r.value) < 1e-9 && current.source === r.source && current.note === r.note;
    return {
      row: r.row, regionCode: r.regionCode, regionName: names.get(r.regionCode)!, key: r.key.value, label: { zh: r.key.zh, en: r.key.en }, unit: r.key.unit,
      value: r.value, source: r.source, note: r.note, status: !current ? 'new' : same ? 'unchanged' : 'revise',
      current: current && { id: current.id, value: current.value, source: current.source },
    };
  });
  // The figures in force as this plan saw them: a confirm against figures that changed since is refused.
  const seen = rows.map((r) => `${r.regionCode}:${r.key}:${r.current?.id ?? '-'}`).sort();
  const fingerprint = crypto.createHash('sha256').update(`${year}|${seen.join('|')}`).digest('hex').slice(0, 16);
  return { rows, problems, fingerprint, inForce };
}

function checkYear(parsed: ParsedSheet, year: number) {
  const problem = yearProblem(year, shanghaiYear());
  if (problem) throw badRequest('BAD_YEAR', problem.zh, problem.en, 'year');
  if (parsed.year === null) throw badRequest('SHEET_HEADER', `统计数据表中没有“${META_YEAR}”：请使用平台下载的模板`, `The sheet does not say which year it is for: use the template downloaded from the platform`, 'file');
  if (parsed.year !== year) {
    throw conflict('SHEET_OTHER_YEAR', `该表是 ${parsed.year} 年的，不是所选的 ${year} 年：请下载 ${year} 年的模板`, `This sheet is for ${parsed.year}, not the chosen ${year}: download the template for ${year}`, 'file');
  }
}

function refuseProblems(problems: Issue[]) {
  if (!problems.length) return;
  const shown = problems.slice(0, 50);
  throw new AppError(400, 'SHEET_PROBLEMS', {
    zh: `统计数据表有 ${problems.length} 处问题，未作任何修改：${shown.map((p) => p.message.zh).join('；')}`,
    en: `The sheet has ${problems.length} problem(s); nothing was changed: ${shown.map((p) => p.message.en).join('; ')}`,
  }, 'file', shown);
}

const countOf = (rows: PlannedFigure[], status: PlannedFigure['status']) => rows.filter((r) => r.status === status).length;

/** 预览: every row checked, and what confirming would do with it; nothing is written. */
export async function previewStatisticsSheet(db: Db, actor: Actor, year: number, buffer: Buffer, filename: string) {
  if (!entersStatistics(actor)) throw mayNotEnter();
  const parsed = await readStatisticsSheet(buffer, filename);
  checkYear(parsed, year);
  const plan = await planFromSheet(db, actor, year, parsed);
  refuseProblems(plan.problems);
  return {
    year, fingerprint: plan.fingerprint, rows: plan.rows,
    counts: { new: countOf(plan.rows, 'new'), revise: countOf(plan.rows, 'revise'), unchanged: countOf(plan.rows, 'unchanged'), blank: parsed.blank },
  };
}

/** 确认导入: the new figures and the revisions in one transaction, or nothing. */
export async function confirmStatisticsSheet(db: Db, ctx: Ctx, year: number, buffer: Buffer, filename: string, expected: string | undefined) {
  if (!entersStatistics(ctx.actor)) throw mayNotEnter();
  const parsed = await readStatisticsSheet(buffer, filename);
  checkYear(parsed, year);
  return db.transaction(async (tx) => {
    await lockFigures(tx, parsed.rows.map((r) => ({ regionCode: r.regionCode, key: r.key.value })), year);
    const plan = await planFromSheet(tx, ctx.actor, year, parsed);
    refuseProblems(plan.problems);
    if (expected && expected !== plan.fingerprint) {
      throw conflict('FIGURES_CHANGED', '预览之后有人填报或修订了表中的统计数据，请重新上传预览后再确认', 'Figures of the sheet were entered or revised after the preview: upload it again and check the new preview', 'fingerprint');
    }
    const writing = plan.rows.filter((r) => r.status !== 'unchanged');
    if (!writing.length) throw badRequest('NOTHING_TO_ENTER', '表中没有新的或修订的数值', 'The sheet holds no new or revised figure', 'file');
    const at = new Date();
    const figure = (r: PlannedFigure, current: FigureRow | null) => ({ regionCode: r.regionCode, year, key: r.key, value: r.value, source: r.source, note: r.note, evidence: current?.evidence ?? [], at });
    await writeNewFigures(tx, ctx, writing.filter((r) => r.status === 'new').map((r) => figure(r, null)));
    for (const r of writing.filter((x) => x.status === 'revise')) {
      // A revision from the sheet keeps the evidence listed with the figure it revises.
      const current = plan.inForce.get(`${r.regionCode}:${r.key}`)!;
      await writeFigure(tx, ctx, figure(r, current), current, at);
    }
    const entered = countOf(writing, 'new'), revised = countOf(writing, 'revise');
    const scope = writing.every((r) => regionWithin(r.regionCode, ctx.actor.regionCode)) ? ctx.actor.regionCode : writing[0].regionCode;
    await recordAudit(tx, ctx, { action: 'statistics.import', entityType: 'statistical_input', entityId: `${year}:${filename}`.slice(0, 200), regionCode: scope,
      after: { year, filename, entered, revised, rows: writing.map((r) => ({ row: r.row, regionCode: r.regionCode, key: r.key, value: r.value, status: r.status })) } });
    return { year, entered, revised, unchanged: countOf(plan.rows, 'unchanged') };
  });
}
