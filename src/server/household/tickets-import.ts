import { sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import type { Actor } from '../platform/policy';
import { recordAudit } from '../platform/audit/service';
import { AppError, notFound, type Message } from '../http/errors';
import { CONTROL_CHARACTERS } from '../http/inputs';
import { MAX_GROSS_T, TICKET_CLASSES, type TicketClass } from '../../domain/household';
import { inArea, requireKeeper } from './access';
import { ingestTickets, MAX_TICKETS, type TicketInput } from './weighbridge';
import type { Ctx } from './service';
import { cellAt, cellProblem, momentOf, readSheet, refuseProblems, type CellProblem, type SheetGrid, type SheetRow } from './sheet';

// 磅单历史导入 (ADR 0006): a facility's weighbridge history as its software exports it (.xlsx, or .csv
// in UTF-8 or GBK), header names matched by their usual synonyms, weights in tonnes or kilograms. The
// rows go through ingestTickets, so a ticket already posted is skipped and every check of the
// weighbridge API applies; the preview runs the same checks without writing. Larger files are sent
// to ingestTickets in batches of MAX_TICKETS, all inside one transaction.

const EXPORT = { zh: '磅单导出文件', en: 'weighbridge export' };
const FACILITY = { zh: '设施', en: 'Facility' };
export const MAX_TICKET_ROWS = 50_000;
/** How many rows the preview lists (problems first); the counts cover them all. */
const PREVIEW_ROWS = 200;

export const TICKET_COLUMNS = {
  ticketNo: '磅单号', plate: '车牌号', cargo: '货物名称', gross: '毛重', tare: '皮重', net: '净重', inAt: '进场时间', outAt: '出场时间', origin: '来源（镇街）', route: '线路',
} as const;
export type TicketColumn = keyof typeof TICKET_COLUMNS;
const ORDER = Object.keys(TICKET_COLUMNS) as TicketColumn[];
/** The names weighbridge software gives its columns (the part before any bracket, spaces removed). */
const SYNONYMS: Record<TicketColumn, RegExp> = {
  ticketNo: /^(磅单号|磅单编号|过磅单号|过磅编号|磅单|单据号|单据编号|单号|票号|流水号|称重单号|ticketno)$/i,
  plate: /^(车牌号|车牌|车号|车牌号码|车辆号牌|车辆牌照|plate)$/i,
  cargo: /^(货物名称|货名|货物|品名|物料|物料名称|垃圾类别|垃圾种类|垃圾类型|垃圾分类|类别)$/,
  gross: /^(毛重|总重)$/, tare: /^(皮重|车重)$/, net: /^(净重|实重)$/,
  inAt: /^(进场时间|入场时间|进厂时间|入厂时间|进站时间|入站时间|毛重时间|一次过磅时间|首次过磅时间)$/,
  outAt: /^(出场时间|出厂时间|出站时间|皮重时间|二次过磅时间|过磅时间|称重时间)$/,
  origin: /^(来源|来源镇街|来源乡镇|镇街|乡镇|乡镇街道|来源地|来源区域|收运区域)$/,
  route: /^(线路|收运线路|路线|线路名称)$/,
};
const bare = (h: string) => h.replace(/\s+/g, '').replace(/[（(][^）)]*[）)]/g, '');
const headerUnit = (h: string): 't' | 'kg' | null => {
  const m = /[（(]\s*(kg|千克|公斤|t|吨)\s*[）)]/i.exec(h);
  return !m ? null : /kg|千克|公斤/i.test(m[1]) ? 'kg' : 't';
};

/** The class a cargo name says, or null: mixed first, since 混合生活垃圾 is mixed and not 生活垃圾. */
export function ticketClassOf(cargo: string): TicketClass | null {
  const t = cargo.replace(/\s+/g, '').toLowerCase();
  if (!t) return null;
  if (t in TICKET_CLASSES) return t as TicketClass;
  const rules: [RegExp, TicketClass][] = [[/混合|混装|未分类/, 'mixed'], [/厨余|餐厨|湿垃圾/, 'kitchen'], [/可回收/, 'recyclable'], [/有害/, 'hazardous'], [/大件/, 'bulky'], [/装修|装饰/, 'renovation'], [/其他垃圾|其它垃圾|干垃圾|生活垃圾/, 'other']];
  return rules.find(([re]) => re.test(t))?.[1] ?? null;
}

type Facility = { id: string; name: string; regionCode: string; organisationId: string | null };

/**
 * The facility whose history is imported: a keeper of its area (urban management, housing, the
 * office) or its operator. A department that does not keep the register is refused; a facility out
 * of sight is not found.
 */
export async function importableFacility(db: Db, actor: Actor, id: string): Promise<Facility> {
  const official = actor.role === 'platform_admin' || actor.role === 'office' || actor.role === 'regulator';
  if (official) requireKeeper(actor);
  const [facility] = (await db.execute<Facility>(sql`SELECT id, name, region_code AS "regionCode", organisation_id AS "organisationId" FROM household_facilities WHERE id = ${id}::uuid`)).rows;
  const visible = facility && (official ? inArea(actor, facility.regionCode) : !!actor.organisationId && facility.organisationId === actor.organisationId);
  if (!visible) throw notFound(FACILITY);
  return facility;
}

export interface PlannedTicket {
  row: number; status: 'new' | 'resent' | 'problem'; ticketNo: string; plate: string; cargo: string; wasteClass: TicketClass | null;
  grossT: number | null; tareT: number | null; netT: number | null; inAt: Date | null; outAt: Date | null;
  originRegionCode: string | null; originName: string | null; routeId: string | null; routeName: string | null; problems: CellProblem[];
}
interface Read { rows: PlannedTicket[]; columns: Partial<Record<TicketColumn, number>>; headers: string[]; unit: 't' | 'kg'; unitBasis: 'header' | 'magnitude' }

function columnsOf(headers: string[]) {
  const columns: Partial<Record<TicketColumn, number>> = {};
  for (const key of ORDER) {
    const at = headers.findIndex((h) => SYNONYMS[key].test(bare(h)));
    if (at >= 0) columns[key] = at;
  }
  return columns;
}

async function gridOf(buffer: Buffer, filename: string) {
  return readSheet(buffer, filename, { csv: true, maxRows: MAX_TICKET_ROWS, what: EXPORT, isHeader: (texts) => { const c = columnsOf(texts.map((t) => t.replace(/\s+/g, ''))); return c.ticketNo !== undefined && c.gross !== undefined; } });
}

/** Reads the export row by row: numbers, plate, class, times, town and route, each problem naming its cell. */
async function readTickets(db: Db, facility: Facility, grid: SheetGrid): Promise<Read> {
  const columns = columnsOf(grid.headers);
  const header = (key: TicketColumn) => (columns[key] === undefined ? TICKET_COLUMNS[key] : grid.headers[columns[key]!]);
  const missing: TicketColumn[] = (['ticketNo', 'plate', 'cargo', 'gross', 'tare'] as const).filter((k) => columns[k] === undefined);
  if (columns.inAt === undefined && columns.outAt === undefined) missing.push('outAt');
  if (missing.length) {
    const names = missing.map((k) => TICKET_COLUMNS[k]).join('、');
    throw new AppError(400, 'SHEET_HEADER', { zh: `导出文件缺少“${names}”列（可用的列名如 磅单号、车牌号、货物名称、毛重、皮重、净重、进场时间、出场时间）`, en: `The export lacks the column(s) ${names} (names such as 磅单号, 车牌号, 货物名称, 毛重, 皮重, 净重, 进场时间, 出场时间)` }, 'file');
  }

  // Units: a header that says (kg)/（千克）/(t)/（吨) decides; else the gross weights' size (no road vehicle weighs over 60 t).
  const weightColumns = (['gross', 'tare', 'net'] as const).filter((k) => columns[k] !== undefined);
  const said = weightColumns.map((k) => headerUnit(grid.headers[columns[k]!])).find((u) => u !== null) ?? null;
  const grossValues = grid.rows.map((r) => cellAt(r, columns.gross).number).filter((n): n is number => n !== null).sort((a, b) => a - b);
  const median = grossValues.length ? grossValues[Math.floor(grossValues.length / 2)] : 0;
  const unit: 't' | 'kg' = said ?? (median > MAX_GROSS_T * 2 ? 'kg' : 't');
  const unitOf = (k: 'gross' | 'tare' | 'net') => headerUnit(grid.headers[columns[k]!]) ?? unit;

  // Towns of the facility's county by name; routes of the county by name.
  const county = facility.regionCode.slice(0, 6);
  const towns = (await db.execute<{ code: string; name: string }>(sql`SELECT code, name FROM regions WHERE level = 'town' AND code LIKE ${`${county}%`}`)).rows;
  const townByName = new Map(towns.map((t) => [t.name, t]));
  const townByCode = new Map(towns.map((t) => [t.code, t]));
  const routes = (await db.execute<{ id: string; name: string }>(sql`SELECT id, name FROM household_routes WHERE region_code LIKE ${`${county}%`}`)).rows;
  const routeByName = new Map(routes.map((r) => [r.name, r]));
  const routeById = new Map(routes.map((r) => [r.id, r]));

  const seen = new Map<string, number>();
  const rows = grid.rows.map((sheetRow: SheetRow): PlannedTicket => {
    const r = sheetRow.row;
    const cell = (key: TicketColumn) => cellAt(sheetRow, columns[key]);
    const problems: CellProblem[] = [];
    const say = (key: TicketColumn, zh: string, en: string) => problems.push(cellProblem(grid.sheetName, r, columns[key], header(key), key, zh, en));
    for (const key of ORDER) if (CONTROL_CHARACTERS.test(cell(key).text)) say(key, '含有不可见的控制字符', 'contains control characters');

    const ticketNo = cell('ticketNo').text;
    if (!ticketNo) say('ticketNo', '磅单号为空', 'the ticket number is empty');
    else if (ticketNo.length > 40) say('ticketNo', '磅单号最多40个字符', 'a ticket number has at most 40 characters');
    else if (seen.has(ticketNo)) say('ticketNo', `磅单号 ${ticketNo} 在文件中重复（第${seen.get(ticketNo)}行）`, `ticket ${ticketNo} appears twice in the file (row ${seen.get(ticketNo)})`);
    else seen.set(ticketNo, r);
    const plate = cell('plate').text.replace(/[\s·.•-]/g, '').toUpperCase();
    if (plate.length < 5 || plate.length > 10) say('plate', `“${cell('plate').text}”不是车牌号（5到10位）`, `"${cell('plate').text}" is not a plate (5 to 10 characters)`);
    const cargo = cell('cargo').text;
    const wasteClass = ticketClassOf(cargo);
    if (!wasteClass) say('cargo', `无法识别“${cargo}”的垃圾类别（应为其他垃圾、厨余垃圾、可回收物、有害垃圾、大件垃圾、装修垃圾或混合垃圾）`, `"${cargo}" names no known class (other, kitchen, recyclable, hazardous, bulky, renovation or mixed waste)`);

    const weight = (key: 'gross' | 'tare' | 'net') => {
      const c = cell(key);
      if (columns[key] === undefined) return null;
      if (c.number === null) { say(key, c.text ? `“${c.text}”不是数字` : '重量为空', c.text ? `"${c.text}" is not a number` : 'the weight is empty'); return null; }
      const tonnes = Math.round((unitOf(key) === 'kg' ? c.number / 1000 : c.number) * 1000) / 1000;
      if (tonnes < 0) { say(key, '重量不能为负数', 'a weight cannot be negative'); return null; }
      if (tonnes > MAX_GROSS_T) { say(key, `${tonnes} 吨超过 ${MAX_GROSS_T} 吨，不是道路车辆的重量（单位${unitOf(key) === 'kg' ? '按千克' : '按吨'}计）`, `${tonnes} t is over ${MAX_GROSS_T} t, no road vehicle's weight (read as ${unitOf(key) === 'kg' ? 'kilograms' : 'tonnes'})`); return null; }
      return tonnes;
    };
    const grossT = weight('gross'), tareT = weight('tare');
    const netT = columns.net !== undefined ? weight('net') : grossT !== null && tareT !== null ? Math.round((grossT - tareT) * 1000) / 1000 : null;

    const time = (key: 'inAt' | 'outAt') => {
      if (columns[key] === undefined) return null;
      const c = cell(key);
      const at = momentOf(c);
      if (!at) say(key, c.text ? `“${c.text}”不是时间（如 2026-05-01 08:30:00）` : '时间为空', c.text ? `"${c.text}" is not a time (like 2026-05-01 08:30:00)` : 'the time is empty');
      return at;
    };
    const inRead = time('inAt'), outRead = time('outAt');
    const inAt = columns.inAt !== undefined ? inRead : outRead, outAt = columns.outAt !== undefined ? outRead : inRead;

    const originText = cell('origin').text.replace(/\s+/g, '');
    let origin: { code: string; name: string } | null = null;
    if (originText) {
      const code = /^\d{6}(\d{3})?$/.test(originText) ? originText : null;
      origin = code ? townByCode.get(code) ?? { code, name: code } : townByName.get(originText) ?? null;
      if (!origin) say('origin', `“${originText}”不是本县（市、区）的镇（街道）：请填写名称或区划代码`, `"${originText}" is no town of the facility's county: give its name or code`);
    }
    const routeText = cell('route').text.trim();
    let route: { id: string; name: string } | null = null;
    if (routeText) {
      route = routeByName.get(routeText) ?? routeById.get(routeText) ?? null;
      if (!route) say('route', `本县（市、区）没有名为“${routeText}”的收运线路`, `the facility's county has no route called "${routeText}"`);
    }
    return {
      row: r, status: problems.length ? 'problem' : 'new', ticketNo, plate, cargo, wasteClass, grossT, tareT, netT, inAt, outAt,
      originRegionCode: origin?.code ?? null, originName: origin?.name ?? null, routeId: route?.id ?? null, routeName: route?.name ?? null, problems,
    };
  });
  return { rows, columns, headers: grid.headers, unit, unitBasis: said ? 'header' : 'magnitude' };
}

const FIELD_COLUMN: Record<string, TicketColumn> = {
  facilityId: 'ticketNo', ticketNo: 'ticketNo', corrects: 'ticketNo', reason: 'ticketNo', plate: 'plate', wasteClass: 'cargo', grossT: 'gross', tareT: 'tare', netT: 'net',
  inAt: 'inAt', outAt: 'outAt', routeId: 'route', originRegionCode: 'origin',
};

/**
 * Sends the good rows to ingestTickets in batches (a dry run for the preview); the problems it finds
 * come back as cell problems of the rows they belong to.
 */
async function ingest(db: Queryable, actor: Actor, facility: Facility, read: Read, grid: SheetGrid, dryRun: boolean, now: Date) {
  const good = read.rows.filter((r) => r.status !== 'problem');
  const total = { accepted: 0, duplicates: 0, written: [] as string[] };
  const problems: CellProblem[] = [];
  for (let start = 0; start < good.length; start += MAX_TICKETS) {
    const batch = good.slice(start, start + MAX_TICKETS);
    const tickets: TicketInput[] = batch.map((r) => ({
      facilityId: facility.id, ticketNo: r.ticketNo, kind: 'ticket', plate: r.plate, wasteClass: r.wasteClass!, grossT: r.grossT!, tareT: r.tareT!, netT: r.netT!,
      inAt: r.inAt!, outAt: r.outAt!, routeId: r.routeId ?? undefined, originRegionCode: r.originRegionCode ?? undefined, measured: true,
    }));
    try {
      const result = await ingestTickets(db, actor, tickets, `user:${actor.username}`, now, { dryRun });
      total.accepted += result.accepted;
      total.duplicates += result.duplicates;
      total.written.push(...result.written);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400 || !error.issues.length) throw error;
      for (const issue of error.issues) {
        const [, index, field] = issue.path.split('.');
        const row = batch[Number(index)];
        if (!row) continue;
        const key = FIELD_COLUMN[field] ?? 'ticketNo';
        const problem = cellProblem(grid.sheetName, row.row, read.columns[key], read.columns[key] === undefined ? TICKET_COLUMNS[key] : grid.headers[read.columns[key]!], key, issue.message.zh, issue.message.en);
        row.problems.push(problem);
        row.status = 'problem';
        problems.push(problem);
      }
    }
  }
  return { ...total, problems };
}

const unitNote = (read: Read): Message => read.unit === 'kg'
  ? (read.unitBasis === 'header' ? { zh: '重量按表头所注的千克（kg）读取，已换算为吨', en: 'Weights read in kilograms as the headers say, converted to tonnes' } : { zh: '表头未注明单位，毛重数值较大，按千克（kg）读取并换算为吨', en: 'The headers give no unit; the gross weights are large, so they were read as kilograms and converted to tonnes' })
  : (read.unitBasis === 'header' ? { zh: '重量按表头所注的吨（t）读取', en: 'Weights read in tonnes as the headers say' } : { zh: '表头未注明单位，按吨（t）读取', en: 'The headers give no unit; weights were read as tonnes' });

async function resentNumbers(db: Db, facilityId: string, rows: PlannedTicket[]) {
  const numbers = rows.filter((r) => r.status !== 'problem').map((r) => r.ticketNo);
  if (!numbers.length) return new Set<string>();
  return new Set((await db.execute<{ ticketNo: string }>(sql`SELECT ticket_no AS "ticketNo" FROM weighbridge_tickets WHERE facility_id = ${facilityId}::uuid AND ticket_no = ANY(${sql.param(numbers)}::text[])`)).rows.map((r) => r.ticketNo));
}

/** 预览: every row read and checked as the weighbridge API would; nothing is written. */
export async function previewTicketsImport(db: Db, actor: Actor, facilityId: string, buffer: Buffer, filename: string, now = new Date()) {
  const facility = await importableFacility(db, actor, facilityId);
  const grid = await gridOf(buffer, filename);
  const read = await readTickets(db, facility, grid);
  const result = await ingest(db, actor, facility, read, grid, true, now);
  const resent = await resentNumbers(db, facility.id, read.rows);
  for (const r of read.rows) if (r.status === 'new' && resent.has(r.ticketNo)) r.status = 'resent';
  const count = (s: PlannedTicket['status']) => read.rows.filter((r) => r.status === s).length;
  const shown = [...read.rows.filter((r) => r.status === 'problem'), ...read.rows.filter((r) => r.status !== 'problem')].slice(0, PREVIEW_ROWS);
  return {
    filename, facility: { id: facility.id, name: facility.name }, unit: read.unit, unitBasis: read.unitBasis, unitNote: unitNote(read),
    columns: ORDER.filter((k) => read.columns[k] !== undefined).map((k) => ({ key: k, header: read.headers[read.columns[k]!] })),
    counts: { rows: read.rows.length, new: count('new'), resent: count('resent'), problem: count('problem') },
    problems: read.rows.reduce((n, r) => n + r.problems.length, 0), rows: shown,
  };
}

/** 确认导入: every row through ingestTickets in batches of MAX_TICKETS, in one transaction with an audit record, or nothing. */
export async function confirmTicketsImport(db: Db, ctx: Ctx, facilityId: string, buffer: Buffer, filename: string, now = new Date()) {
  const actor = ctx.actor;
  const facility = await importableFacility(db, actor, facilityId);
  const grid = await gridOf(buffer, filename);
  const read = await readTickets(db, facility, grid);
  refuseProblems(read.rows.flatMap((r) => r.problems), EXPORT);
  return db.transaction(async (tx) => {
    const result = await ingest(tx, actor, facility, read, grid, false, now);
    refuseProblems(result.problems, EXPORT);
    await recordAudit(tx, ctx, { action: 'household.tickets.import', entityType: 'household_facility', entityId: facility.id, regionCode: facility.regionCode, organisationId: facility.organisationId ?? undefined,
      after: { filename, rows: read.rows.length, accepted: result.accepted, duplicates: result.duplicates, unit: read.unit, unitBasis: read.unitBasis } });
    return { filename, facility: { id: facility.id, name: facility.name }, rows: read.rows.length, accepted: result.accepted, duplicates: result.duplicates, unit: read.unit, written: result.written };
  });
}
