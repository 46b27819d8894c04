import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { and, eq, lte, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { ledgerMovements, wasteBatches, type LedgerKind } from '../ledger/schema';
import { computeFigures, submitDeclaration, latestDeclaration, requirePeriodOver, requirePeriodNotClosed, type DeclarationLine } from './service';
import { batchHeldSql, insertBatch, ledgerOrganisation } from '../ledger/service';
import { listEntries } from '../catalogues/service';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { AppError, badRequest, conflict, forbidden, type Issue, type Message } from '../http/errors';
import { periodBounds } from '../../domain/hazardous/periods';
import { shanghaiDate } from '../../domain/labels';
import { declarationStream } from '../../domain/streams';

/** The stream declared monthly with the sheet (一般工业固体废物), from the registry. */
const SHEET = declarationStream('sheet');

// 一般工业固体废物月度申报登记 filed from Excel. The template is the company's ledger for the month,
// one row per SW class; the clerk corrects 产生/自行利用/自行处置 and uploads it. The preview shows,
// per class, ledger against sheet and the movements that would make the ledger agree; confirming
// appends them (the ledger is append-only: a decrease is a `correction` naming the movement it
// corrects) and submits the declaration, all in one transaction. Transfers to other units come
// from manifests only and are never read from the sheet.

type Ctx = AuditContext & { actor: Actor };
type Org = Awaited<ReturnType<typeof ledgerOrganisation>>;

export const SHEET_NAME = '申报表';
export const TRANSFERS_SHEET_NAME = '委外转移（联单）';
const TITLE = '一般工业固体废物申报登记表（月度）';
const META = { organisation: '单位名称', creditCode: '统一社会信用代码', period: '申报期' } as const;
export const HEADERS = {
  code: '类别代码', name: '名称', storedStart: '期初贮存量(吨)', generated: '产生量(吨)', selfUtilised: '自行利用量(吨)',
  selfDisposed: '自行处置量(吨)', transferred: '委外转移量(吨)', received: '接收量(吨)', storedEnd: '期末贮存量(吨)',
} as const;
const EDITABLE = ['generated', 'selfUtilised', 'selfDisposed'] as const;
type Editable = (typeof EDITABLE)[number];
const FIGURE: Record<Editable, 'generatedT' | 'selfUtilisedT' | 'selfDisposedT'> = { generated: 'generatedT', selfUtilised: 'selfUtilisedT', selfDisposed: 'selfDisposedT' };
const KIND: Record<Editable, 'generate' | 'self_utilise' | 'self_dispose'> = { generated: 'generate', selfUtilised: 'self_utilise', selfDisposed: 'self_dispose' };
const KIND_LABEL: Record<string, Message> = {
  generate: { zh: '产生', en: 'generation' }, self_utilise: { zh: '自行利用', en: 'own utilisation' }, self_dispose: { zh: '自行处置', en: 'own disposal' },
};
const MAX_ROWS = 500;
const MAX_T = 10_000_000;
const round = (n: number) => Math.round(n * 10_000) / 10_000;

export interface SheetRow { row: number; wasteCode: string; generatedT: number; selfUtilisedT: number; selfDisposedT: number; cells: Record<Editable, string> }
interface ParsedSheet { organisationName: string; creditCode: string; period: string; rows: SheetRow[]; codes: Set<string>; problems: Issue[] }

export interface PlannedMovement { kind: LedgerKind; corrects?: 'generate' | 'self_utilise' | 'self_dispose'; correctionOf?: number; batchId?: string | null; quantityT: number; storeEffect: number }
export interface PreviewLine {
  wasteCode: string; name: string; row: number | null;
  ledger: { generatedT: number; selfUtilisedT: number; selfDisposedT: number; storedEndT: number };
  sheet: { generatedT: number; selfUtilisedT: number; selfDisposedT: number; storedEndT: number };
  difference: { generatedT: number; selfUtilisedT: number; selfDisposedT: number; storedEndT: number };
  storedStartT: number; transferredT: number; receivedT: number;
  movements: PlannedMovement[];
}

function monthBounds(period: string) {
  const b = periodBounds('month', period);
  if (!b) throw badRequest('BAD_PERIOD', '申报期格式应为 2026-05（月度）', 'The period is a month written 2026-05', 'period');
  return b;
}

/** Only a verified producer declares, for its own organisation (never one named by the client). */
async function producer(q: Queryable, actor: Actor) {
  const org = await ledgerOrganisation(q, actor);
  if (!org.capabilities.includes('producer')) throw forbidden('本单位未登记为产废单位', 'Your organisation is not registered as a waste producer');
  return org;
}

/** The month must be over, still open (the region's 申报截止), and not yet declared. */
async function checkOpen(q: Queryable, org: Org, period: string, now = new Date()) {
  monthBounds(period);
  requirePeriodOver('month', period, now);
  const closes = await requirePeriodNotClosed(q, SHEET.key, 'month', period, org.regionCode, now);
  const declared = await latestDeclaration(q, org.id, SHEET.key, 'month', period);
  if (declared) {
    throw conflict('ALREADY_DECLARED', `${period} 已申报（第 ${declared.version} 版，${shanghaiDate(declared.submittedAt)}），Excel 申报不能重复提交`, `${period} is already declared (version ${declared.version}, ${shanghaiDate(declared.submittedAt)}): an Excel declaration cannot be submitted twice`, 'period');
  }
  return closes;
}

async function swClasses(db: Db) {
  const entries = await listEntries(db, SHEET.catalogue, {}, 0, 1000);
  return new Map(entries.filter((e) => /^SW\d{2}$/.test(e.code)).map((e) => [e.code, e.name]));
}

const transferredOf = (line: DeclarationLine | undefined) => round((line?.transfers ?? []).reduce((s, t) => s + t.quantityT, 0));

/** 模板: this month's ledger by SW class, with the transfers from manifests on a second, read-only sheet. */
export async function declarationTemplate(db: Db, actor: Actor, period: string): Promise<{ filename: string; buffer: Buffer }> {
  monthBounds(period);
  const org = await producer(db, actor);
  const [classes, lines] = await Promise.all([swClasses(db), computeFigures(db, org.id, 'month', period, SHEET.key)]);
  const byCode = new Map(lines.map((l) => [l.wasteCode, l]));
  const codes = [...new Set([...lines.map((l) => l.wasteCode), ...classes.keys()])].sort();

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Wufei';
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 4 }] });
  sheet.columns = [10, 22, 14, 14, 14, 14, 14, 12, 16].map((width) => ({ width }));
  sheet.mergeCells('A1:I1');
  sheet.getCell('A1').value = TITLE;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A1').alignment = { horizontal: 'center' };
  sheet.getRow(2).values = [META.organisation, org.name, '', META.creditCode, org.creditCode, '', META.period, period];
  sheet.mergeCells('B2:C2');
  sheet.getCell('A3').value = '只填写“产生量”“自行利用量”“自行处置量”（吨，最多4位小数，空白按0计）；委外转移来自电子联单，期末贮存量 = 期初 + 产生 + 接收 − 自行利用 − 自行处置 − 委外转移，由平台计算。';
  sheet.mergeCells('A3:I3');
  sheet.getCell('A3').font = { italic: true, color: { argb: 'FF666666' } };
  const header = sheet.getRow(4);
  header.values = [HEADERS.code, HEADERS.name, HEADERS.storedStart, HEADERS.generated, HEADERS.selfUtilised, HEADERS.selfDisposed, HEADERS.transferred, HEADERS.received, HEADERS.storedEnd];
  header.font = { bold: true };
  codes.forEach((code, i) => {
    const r = 5 + i;
    const l = byCode.get(code);
    const storedStart = l?.storedStartT ?? 0, generated = l?.generatedT ?? 0, utilised = l?.selfUtilisedT ?? 0, disposed = l?.selfDisposedT ?? 0;
    const transferred = transferredOf(l), received = l?.receivedT ?? 0;
    const row = sheet.getRow(r);
    row.values = [code, classes.get(code) ?? '', storedStart, generated, utilised, disposed, transferred, received,
      { formula: `C${r}+D${r}+H${r}-E${r}-F${r}-G${r}`, result: round(storedStart + generated + received - utilised - disposed - transferred) }];
    for (const col of ['D', 'E', 'F']) {
      const cell = sheet.getCell(`${col}${r}`);
      cell.protection = { locked: false };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF7E0' } };
      cell.dataValidation = { type: 'decimal', operator: 'between', formulae: [0, MAX_T], allowBlank: true, showErrorMessage: true, errorTitle: '数量', error: '请填写不小于0的数字（吨）' };
    }
    for (const col of ['C', 'D', 'E', 'F', 'G', 'H', 'I']) sheet.getCell(`${col}${r}`).numFmt = '0.0000';
  });
  // Read-only columns guard against slips, not against a determined user: the server recomputes them anyway.
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });

  const transfers = workbook.addWorksheet(TRANSFERS_SHEET_NAME);
  transfers.columns = [
    { header: HEADERS.code, width: 10 }, { header: '接收单位', width: 32 }, { header: '许可证编号', width: 20 }, { header: '利用/处置方式', width: 16 },
    { header: '数量(吨)', width: 12 }, { header: '联单数', width: 8 },
  ];
  transfers.getRow(1).font = { bold: true };
  for (const l of lines) for (const t of l.transfers) transfers.addRow([l.wasteCode, t.receiverName, t.licenceNo ?? '', t.method, t.quantityT, t.manifests]);
  await transfers.protect('', { selectLockedCells: true, selectUnlockedCells: true });

  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { filename: `一般工业固体废物申报_${period}_${org.name}.xlsx`, buffer };
}

interface CellRead { text: string; number: number | null; uncalculated: boolean }

function readCell(cell: ExcelJS.Cell): CellRead {
  const value = cell.isMerged && cell.master ? cell.master.value : cell.value;
  if (value === null || value === undefined) return { text: '', number: null, uncalculated: false };
  if (typeof value === 'number') return { text: String(value), number: value, uncalculated: false };
  if (typeof value === 'string') return { text: value.trim(), number: parseAmount(value), uncalculated: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), number: null, uncalculated: false };
  if (typeof value === 'object') {
    const v = value as { formula?: string; sharedFormula?: string; result?: unknown; richText?: { text: string }[]; text?: string; error?: string };
    if (v.formula !== undefined || v.sharedFormula !== undefined) {
      if (v.result === undefined || v.result === null) return { text: `=${v.formula ?? v.sharedFormula}`, number: null, uncalculated: true };
      const r = v.result;
      return typeof r === 'number' ? { text: String(r), number: r, uncalculated: false } : { text: String(typeof r === 'object' ? (r as { error?: string }).error ?? '' : r), number: typeof r === 'string' ? parseAmount(r) : null, uncalculated: false };
    }
    if (v.richText) { const text = v.richText.map((x) => x.text).join('').trim(); return { text, number: parseAmount(text), uncalculated: false }; }
    if (v.text !== undefined) return { text: String(v.text).trim(), number: parseAmount(String(v.text)), uncalculated: false };
    if (v.error) return { text: v.error, number: null, uncalculated: false };
  }
  return { text: String(value), number: null, uncalculated: false };
}

/** "1,234.5", "１２．５" and "12.5吨" are numbers; anything else is not. */
function parseAmount(text: string): number | null {
  const t = text.replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，\s]/g, '').replace(/吨$|t$/i, '');
  if (t === '' || !/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

const normal = (s: string) => s.replace(/[\s（）()]/g, '');

/** Reads the uploaded 申报表: who and which month it is for, and every row checked cell by cell. */
export async function readDeclarationSheet(buffer: Buffer, filename: string, classes: Map<string, string>): Promise<ParsedSheet> {
  if (!/\.xlsx$/i.test(filename)) throw badRequest('FILE_TYPE', '请上传平台下载的 .xlsx 申报模板', 'Upload the .xlsx template downloaded from the platform', 'file');
  const workbook = new ExcelJS.Workbook();
  try { await workbook.xlsx.load(buffer as unknown as ArrayBuffer); } catch { throw badRequest('FILE_UNREADABLE', '无法读取该文件', 'The file could not be read', 'file'); }
  const sheet = workbook.getWorksheet(SHEET_NAME) ?? workbook.worksheets[0];
  if (!sheet) throw badRequest('SHEET_MISSING', `文件中没有“${SHEET_NAME}”工作表`, `The file has no "${SHEET_NAME}" sheet`, 'file');
  const lastRow = Math.min(sheet.rowCount, MAX_ROWS + 10), lastColumn = Math.min(sheet.columnCount, 30);
  if (sheet.rowCount > MAX_ROWS + 10) throw badRequest('TOO_MANY_ROWS', `申报表最多 ${MAX_ROWS} 行`, `The sheet may hold at most ${MAX_ROWS} rows`, 'file');

  const meta: Record<keyof typeof META, string> = { organisation: '', creditCode: '', period: '' };
  let headerRow = 0;
  const columns: Partial<Record<keyof typeof HEADERS, number>> = {};
  for (let r = 1; r <= Math.min(lastRow, 10) && !headerRow; r++) {
    const texts = Array.from({ length: lastColumn }, (_, c) => readCell(sheet.getRow(r).getCell(c + 1)).text);
    for (const [key, label] of Object.entries(META) as [keyof typeof META, string][]) {
      const at = texts.findIndex((t) => normal(t) === label);
      if (at >= 0) meta[key] = texts.slice(at + 1).find((t) => t !== '') ?? '';
    }
    if (texts.some((t) => normal(t) === normal(HEADERS.code))) {
      headerRow = r;
      for (const [key, label] of Object.entries(HEADERS) as [keyof typeof HEADERS, string][]) {
        const at = texts.findIndex((t) => normal(t) === normal(label));
        if (at >= 0) columns[key] = at + 1;
      }
    }
  }
  const missing = (['code', ...EDITABLE] as const).filter((k) => !columns[k]);
  if (!headerRow || missing.length) {
    const names = missing.map((k) => HEADERS[k]).join('、') || HEADERS.code;
    throw badRequest('SHEET_HEADER', `申报表缺少表头“${names}”：请使用平台下载的模板`, `The sheet lacks the header ${names}: use the template downloaded from the platform`, 'file');
  }
  if (!meta.creditCode || !meta.period) throw badRequest('SHEET_HEADER', '申报表中没有“统一社会信用代码”和“申报期”：请使用平台下载的模板', 'The sheet does not say whose and which month it is: use the template downloaded from the platform', 'file');

  const problems: Issue[] = [];
  const letter = (c: number) => sheet.getColumn(c).letter;
  const say = (row: number, key: keyof typeof HEADERS, zh: string, en: string) => {
    const cell = `${letter(columns[key]!)}${row}`;
    problems.push({ path: `${SHEET_NAME}!${cell}`, message: { zh: `第${row}行“${HEADERS[key]}”列（${cell}）：${zh}`, en: `Row ${row}, column "${HEADERS[key]}" (${cell}): ${en}` } });
  };
  const rows: SheetRow[] = [];
  const seen = new Map<string, number>();
  const codes = new Set<string>();
  for (let r = headerRow + 1; r <= lastRow; r++) {
    const row = sheet.getRow(r);
    const codeCell = readCell(row.getCell(columns.code!));
    const amounts = EDITABLE.map((k) => ({ key: k, read: readCell(row.getCell(columns[k]!)) }));
    if (codeCell.text === '' && amounts.every((a) => a.read.text === '')) continue;
    const code = codeCell.text.toUpperCase();
    if (code) codes.add(code);
    let ok = true;
    if (code === '') { say(r, 'code', '类别代码为空', 'the class is empty'); ok = false; }
    else if (!classes.has(code)) { say(r, 'code', `类别代码“${codeCell.text}”不在现行一般工业固体废物分类中（形如 SW02）`, `"${codeCell.text}" is not a current general industrial solid-waste class (like SW02)`); ok = false; }
    else if (seen.has(code)) { say(r, 'code', `类别 ${code} 重复（第${seen.get(code)}行已填写）`, `class ${code} appears twice (already on row ${seen.get(code)})`); ok = false; }
    else seen.set(code, r);
    const figures = { generatedT: 0, selfUtilisedT: 0, selfDisposedT: 0 };
    const cells = {} as Record<Editable, string>;
    for (const { key, read } of amounts) {
      cells[key] = `${letter(columns[key]!)}${r}`;
      if (read.uncalculated) { say(r, key, '公式没有计算结果，请在 Excel 中重新计算后保存', 'the formula has no computed value: recalculate in Excel and save'); ok = false; continue; }
      if (read.text === '') continue;
      if (read.number === null || !Number.isFinite(read.number)) { say(r, key, `“${read.text}”不是数字`, `"${read.text}" is not a number`); ok = false; continue; }
      if (read.number < 0) { say(r, key, `数量不能为负（${read.text}）`, `the quantity cannot be negative (${read.text})`); ok = false; continue; }
      if (read.number > MAX_T) { say(r, key, `数量 ${read.text} 吨超出合理范围`, `${read.text} t is implausibly large`); ok = false; continue; }
      figures[FIGURE[key]] = round(read.number);
    }
    if (ok) rows.push({ row: r, wasteCode: code, ...figures, cells });
  }
  // A month Excel turned into a date (2026-05-01) is still that month.
  const period = /^\d{4}-\d{2}-\d{2}$/.test(meta.period) ? meta.period.slice(0, 7) : meta.period;
  return { organisationName: meta.organisation, creditCode: meta.creditCode.toUpperCase(), period, rows, codes, problems };
}

interface Candidate { id: number; kind: 'generate' | 'self_utilise' | 'self_dispose'; wasteCode: string; batchId: string | null; remaining: number; batchStock: number | null }

/**
 * The movements of the month a correction may name, newest first, with what each still counts after
 * earlier corrections. Generation that left directly on a manifest is not correctable here: the
 * manifest is its record.
 */
async function correctable(q: Queryable, orgId: string, start: Date, end: Date): Promise<Candidate[]> {
  const rows = await q.execute<{ id: number; kind: Candidate['kind']; waste_code: string; batch_id: string | null; remaining: number; batch_stock: number | null }>(sql`
    SELECT m.id, m.kind, m.waste_code, m.batch_id,
      m.quantity_t + coalesce((SELECT sum(c.quantity_t) FROM ledger_movements c WHERE c.organisation_id = m.organisation_id AND c.waste_code = m.waste_code
        AND c.at >= ${start} AND c.at < ${end} AND c.kind = 'correction' AND c.correction_of = m.id), 0) AS remaining,
      CASE WHEN m.batch_id IS NULL THEN NULL ELSE (SELECT coalesce(sum(s.quantity_t * s.store_effect), 0) FROM ledger_movements s WHERE s.batch_id = m.batch_id) END AS batch_stock
    FROM ledger_movements m
    WHERE m.organisation_id = ${orgId} AND m.waste_code ~ '^SW\\d{2}$' AND m.kind IN ('generate', 'self_utilise', 'self_dispose')
      AND m.at >= ${start} AND m.at < ${end} AND m.manifest_id IS NULL
    ORDER BY m.at DESC, m.id DESC`);
  return rows.rows.map((r) => ({ id: Number(r.id), kind: r.kind, wasteCode: r.waste_code, batchId: r.batch_id, remaining: Number(r.remaining), batchStock: r.batch_stock === null ? null : Number(r.batch_stock) }));
}

export interface DeclarationPlan { lines: PreviewLine[]; problems: Issue[]; fingerprint: string }

/** What the sheet asks of the ledger, class by class, and whether it can be done. Reads only. */
async function planFromSheet(q: Queryable, org: Org, period: string, parsed: ParsedSheet, classes: Map<string, string>): Promise<DeclarationPlan> {
  const { start, end } = monthBounds(period);
  const [ledger, candidates] = await Promise.all([computeFigures(q, org.id, 'month', period, SHEET.key), correctable(q, org.id, start, end)]);
  const byCode = new Map(ledger.map((l) => [l.wasteCode, l]));
  const problems: Issue[] = [...parsed.problems];
  for (const l of ledger) {
    if ((l.generatedT || l.selfUtilisedT || l.selfDisposedT) && !parsed.codes.has(l.wasteCode)) {
      problems.push({ path: SHEET_NAME, message: {
        zh: `缺少类别 ${l.wasteCode} 的行：台账本月产生 ${l.generatedT} 吨、自行利用 ${l.selfUtilisedT} 吨、自行处置 ${l.selfDisposedT} 吨；请保留该行（没有则填0）`,
        en: `The row for ${l.wasteCode} is missing: the ledger holds ${l.generatedT} t generated, ${l.selfUtilisedT} t utilised and ${l.selfDisposedT} t disposed this month; keep the row (write 0 for none)`,
      } });
    }
  }
  const batchUse = new Map<string, number>();
  const lines: PreviewLine[] = [];
  for (const row of parsed.rows) {
    const l = byCode.get(row.wasteCode);
    const storedStartT = l?.storedStartT ?? 0, receivedT = l?.receivedT ?? 0, transferredT = transferredOf(l);
    const before = { generatedT: l?.generatedT ?? 0, selfUtilisedT: l?.selfUtilisedT ?? 0, selfDisposedT: l?.selfDisposedT ?? 0, storedEndT: l?.storedEndT ?? 0 };
    const available = round(storedStartT + row.generatedT + receivedT - transferredT);
    const storedEndT = round(available - row.selfUtilisedT - row.selfDisposedT);
    const cellProblem = (key: Editable, zh: string, en: string) => problems.push({ path: `${SHEET_NAME}!${row.cells[key]}`, message: { zh: `第${row.row}行“${HEADERS[key]}”列（${row.cells[key]}）：${zh}`, en: `Row ${row.row}, column "${HEADERS[key]}" (${row.cells[key]}): ${en}` } });
    if (storedEndT < -1e-9) {
      cellProblem('selfUtilised', `自行利用与自行处置合计 ${round(row.selfUtilisedT + row.selfDisposedT)} 吨，超过可用量 ${available} 吨（期初贮存 ${storedStartT} + 产生 ${row.generatedT} + 接收 ${receivedT} − 委外转移 ${transferredT}）`,
        `own utilisation and disposal total ${round(row.selfUtilisedT + row.selfDisposedT)} t, more than the ${available} t available (stored at start ${storedStartT} + generated ${row.generatedT} + received ${receivedT} − transferred ${transferredT})`);
    }
    const movements: PlannedMovement[] = [];
    for (const key of EDITABLE) {
      const field = FIGURE[key], kind = KIND[key];
      const diff = round(row[field] - before[field]);
      if (diff > 0) movements.push({ kind, quantityT: diff, storeEffect: kind === 'generate' ? 0 : -1 });
      if (diff >= 0) continue;
      // A decrease corrects this month's movements of that kind, newest first; corrected generation
      // also leaves the store it entered, but never more than its batch still holds.
      let left = -diff;
      for (const c of candidates) {
        if (left <= 1e-9) break;
        if (c.wasteCode !== row.wasteCode || c.kind !== kind || c.remaining <= 1e-9) continue;
        let take = Math.min(left, c.remaining);
        if (kind === 'generate' && c.batchId) take = Math.min(take, Math.max(0, (c.batchStock ?? 0) - (batchUse.get(c.batchId) ?? 0)));
        take = round(take);
        if (take <= 0) continue;
        if (kind === 'generate' && c.batchId) batchUse.set(c.batchId, (batchUse.get(c.batchId) ?? 0) + take);
        movements.push({ kind: 'correction', corrects: kind, correctionOf: c.id, batchId: c.batchId, quantityT: -take, storeEffect: kind === 'generate' ? 1 : -1 });
        left = round(left - take);
      }
      if (left > 1e-9) {
        const label = KIND_LABEL[kind];
        cellProblem(key, `台账${label.zh}量 ${before[field]} 吨，其中 ${left} 吨已转移、利用或由联单记录，不能减到 ${row[field]} 吨`,
          `the ledger holds ${before[field]} t of ${label.en}; ${left} t of it has left the store or is recorded on a manifest, so it cannot go down to ${row[field]} t`);
      }
    }
    const sheet = { generatedT: row.generatedT, selfUtilisedT: row.selfUtilisedT, selfDisposedT: row.selfDisposedT, storedEndT };
    lines.push({
      wasteCode: row.wasteCode, name: classes.get(row.wasteCode) ?? '', row: row.row, ledger: before, sheet, storedStartT, transferredT, receivedT, movements,
      difference: { generatedT: round(sheet.generatedT - before.generatedT), selfUtilisedT: round(sheet.selfUtilisedT - before.selfUtilisedT), selfDisposedT: round(sheet.selfDisposedT - before.selfDisposedT), storedEndT: round(storedEndT - before.storedEndT) },
    });
  }
  // The ledger as the preview saw it: confirming against a ledger that moved since is refused.
  const fingerprint = crypto.createHash('sha256').update(JSON.stringify(ledger.map((l) => [l.wasteCode, l.generatedT, l.selfUtilisedT, l.selfDisposedT, l.storedEndT, transferredOf(l)]))).digest('hex').slice(0, 16);
  return { lines, problems, fingerprint };
}

function checkSheetIsOurs(parsed: ParsedSheet, org: Org, period: string) {
  if (parsed.creditCode !== org.creditCode.toUpperCase()) {
    throw conflict('SHEET_OTHER_ORGANISATION', `该申报表属于“${parsed.organisationName || parsed.creditCode}”，不是本单位（${org.name}）的：请下载本单位的模板`,
      `This sheet belongs to "${parsed.organisationName || parsed.creditCode}", not to ${org.name}: download your own template`, 'file');
  }
  if (parsed.period !== period) {
    throw conflict('SHEET_OTHER_PERIOD', `该申报表是 ${parsed.period} 的，不是所选的 ${period}：请下载 ${period} 的模板`, `This sheet is for ${parsed.period}, not the chosen ${period}: download the template for ${period}`, 'file');
  }
}

function refuseProblems(problems: Issue[]) {
  if (!problems.length) return;
  const shown = problems.slice(0, 50);
  throw new AppError(400, 'SHEET_PROBLEMS', {
    zh: `申报表有 ${problems.length} 处问题，未作任何修改：${shown.map((p) => p.message.zh).join('；')}`,
    en: `The sheet has ${problems.length} problem(s); nothing was changed: ${shown.map((p) => p.message.en).join('; ')}`,
  }, 'file', shown);
}

/** 预览: nothing is written. */
export async function previewDeclarationSheet(db: Db, actor: Actor, period: string, buffer: Buffer, filename: string) {
  monthBounds(period);
  const org = await producer(db, actor);
  const closesAt = await checkOpen(db, org, period);
  const classes = await swClasses(db);
  const parsed = await readDeclarationSheet(buffer, filename, classes);
  checkSheetIsOurs(parsed, org, period);
  const plan = await planFromSheet(db, org, period, parsed, classes);
  refuseProblems(plan.problems);
  return { period, closesAt, organisation: { name: org.name, creditCode: org.creditCode }, fingerprint: plan.fingerprint, lines: plan.lines,
    changes: plan.lines.reduce((n, l) => n + l.movements.length, 0) };
}

/** 确认提交: the movements and the declaration in one transaction, or nothing. */
export async function confirmDeclarationSheet(db: Db, ctx: Ctx, period: string, buffer: Buffer, filename: string, expected: string | undefined, remark: string) {
  monthBounds(period);
  const org = await producer(db, ctx.actor);
  await checkOpen(db, org, period);
  const classes = await swClasses(db);
  const parsed = await readDeclarationSheet(buffer, filename, classes);
  checkSheetIsOurs(parsed, org, period);
  const at = new Date(monthBounds(period).end.getTime() - 1000); // 23:59:59 on the month's last day, Asia/Shanghai
  return db.transaction(async (tx) => {
    // The same lock as submitDeclaration, and the batch-number lock: one filing per month at a time.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`declaration:${org.id}:month:${period}`}))`);
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`batch:${org.id}`}))`);
    await checkOpen(tx, org, period);
    const plan = await planFromSheet(tx, org, period, parsed, classes);
    refuseProblems(plan.problems);
    if (expected && expected !== plan.fingerprint) {
      throw conflict('LEDGER_CHANGED', '预览之后台账有了新的记录，请重新上传预览后再确认', 'The ledger changed after the preview: upload the sheet again and check the new preview', 'fingerprint');
    }
    const appended: { id: number; kind: LedgerKind; wasteCode: string; quantityT: number }[] = [];
    for (const line of plan.lines) {
      for (const m of line.movements) {
        if (m.kind === 'generate') appended.push(...await generateBatch(tx, ctx, org, line.wasteCode, classes.get(line.wasteCode) ?? line.wasteCode, m.quantityT, at, period));
        else if (m.kind === 'self_utilise' || m.kind === 'self_dispose') appended.push(...await takeFromStore(tx, ctx, org, line.wasteCode, m.kind, m.quantityT, at, period));
        else appended.push(await insertMovement(tx, ctx, org, { kind: 'correction', wasteCode: line.wasteCode, quantityT: m.quantityT, storeEffect: m.storeEffect, batchId: m.batchId ?? null, correctionOf: m.correctionOf!, at,
          note: `${period} 月度申报（Excel）更正${KIND_LABEL[m.corrects!].zh}量` }));
      }
    }
    await recordAudit(tx, ctx, { action: 'declaration.excel_import', entityType: 'organisation', entityId: org.id, regionCode: org.regionCode, organisationId: org.id,
      after: { stream: SHEET.key, period, filename, movements: appended } });
    const declaration = await submitDeclaration(tx, ctx, 'month', period, remark || `Excel 申报（${filename}）`, SHEET.key);
    // The declaration is recomputed from the ledger: it must now say what the sheet says.
    const figures = new Map((declaration.figures as DeclarationLine[]).map((f) => [f.wasteCode, f]));
    for (const line of plan.lines) {
      const f = figures.get(line.wasteCode);
      const agrees = (['generatedT', 'selfUtilisedT', 'selfDisposedT'] as const).every((k) => Math.abs((f?.[k] ?? 0) - line.sheet[k]) < 1e-6);
      if (!agrees) throw conflict('LEDGER_MISMATCH', `类别 ${line.wasteCode} 补记后台账仍与申报表不一致，未作任何修改`, `After the entries the ledger still differs from the sheet for ${line.wasteCode}; nothing was changed`, 'file');
    }
    return { declaration, movements: appended };
  });
}

interface MovementInput { kind: LedgerKind; wasteCode: string; quantityT: number; storeEffect: number; batchId: string | null; at: Date; note: string; treatmentMethod?: string; correctionOf?: number }

async function insertMovement(tx: Queryable, ctx: Ctx, org: Org, input: MovementInput) {
  const [movement] = await tx.insert(ledgerMovements).values({
    regionCode: org.regionCode, organisationId: org.id, batchId: input.batchId, kind: input.kind, wasteCode: input.wasteCode, quantityT: input.quantityT, storeEffect: input.storeEffect,
    treatmentMethod: input.treatmentMethod ?? null, at: input.at, correctionOf: input.correctionOf ?? null, note: input.note, recordedBy: ctx.actor.userId!,
  }).returning();
  await recordAudit(tx, ctx, { action: `ledger.${input.kind}`, entityType: 'ledger_movement', entityId: String(movement.id), regionCode: org.regionCode, organisationId: org.id, after: movement });
  return { id: movement.id, kind: movement.kind, wasteCode: movement.wasteCode, quantityT: movement.quantityT };
}

/** More generated than the ledger knew: a batch of its own (产生 + 入库), so it can later leave on a manifest. */
async function generateBatch(tx: Queryable, ctx: Ctx, org: Org, wasteCode: string, name: string, quantityT: number, at: Date, period: string) {
  const { movements } = await insertBatch(tx, ctx, org, { code: wasteCode, name, catalogueName: name },
    { stream: SHEET.key, wasteCode, physicalForm: '固态', containerType: '散装', containerCount: 1, quantityT, generatedAt: at, storeNow: true }, `${period} 月度申报（Excel）补记`);
  for (const movement of movements) {
    await recordAudit(tx, ctx, { action: `ledger.${movement.kind}`, entityType: 'ledger_movement', entityId: String(movement.id), regionCode: org.regionCode, organisationId: org.id, after: movement });
  }
  return movements.map((m) => ({ id: m.id, kind: m.kind, wasteCode: m.wasteCode, quantityT: m.quantityT }));
}

/** More used or disposed in-house than the ledger knew: taken from the class's batches in store, oldest first. */
async function takeFromStore(tx: Queryable, ctx: Ctx, org: Org, wasteCode: string, kind: 'self_utilise' | 'self_dispose', quantityT: number, at: Date, period: string) {
  const held = batchHeldSql;
  const batches = await tx.select({ id: wasteBatches.id, held }).from(wasteBatches)
    .where(and(eq(wasteBatches.organisationId, org.id), eq(wasteBatches.wasteCode, wasteCode), eq(wasteBatches.stream, SHEET.key), lte(wasteBatches.generatedAt, at), sql`${held} > 0`))
    .orderBy(wasteBatches.generatedAt).limit(200);
  const note = `${period} 月度申报（Excel）补记`;
  const method = kind === 'self_utilise' ? '自行利用（月度申报）' : '自行处置（月度申报）';
  const out = [];
  let left = quantityT;
  for (const b of batches) {
    if (left <= 1e-9) break;
    const take = round(Math.min(left, b.held));
    out.push(await insertMovement(tx, ctx, org, { kind, wasteCode, quantityT: take, storeEffect: -1, batchId: b.id, at, note, treatmentMethod: method }));
    left = round(left - take);
  }
  // What the batches do not cover was held in store outside any batch (stock counted before batches were kept).
  if (left > 1e-9) out.push(await insertMovement(tx, ctx, org, { kind, wasteCode, quantityT: left, storeEffect: -1, batchId: null, at, note, treatmentMethod: method }));
  return out;
}
