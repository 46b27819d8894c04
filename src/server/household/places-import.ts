import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import type { Actor } from '../platform/policy';
import { recordAudit } from '../platform/audit/service';
import { CONTROL_CHARACTERS } from '../http/inputs';
import { badRequest } from '../http/errors';
import { regionLevelOf, regionScopePrefix } from '../../domain/region-code';
import { PLACE_KINDS, type PlaceKind } from '../../domain/household';
import { inArea, requireKeeper } from './access';
import { insertPlace, insertPlaceStatus, type Ctx, type PlaceStatus } from './service';
import { cellAt, cellProblem, columnLetter, dayOf, readSheet, refuseProblems, type CellProblem, type SheetGrid } from './sheet';

// 小区和村名录 from Excel (ADR 0006): the template lists the keeper's places with their latest status;
// the bureau adds rows or corrects households and the four stages, and uploads it. The preview says,
// row by row, whether it registers a new place, gives an existing place (same town, type and name) a
// new dated status, changes nothing, or has a problem naming its cell; confirming writes every row in
// one transaction with its audit records, or nothing when any row has a problem.

export const PLACES_SHEET = '小区和村';
const TOWNS_SHEET = '镇街';
const SHEET = { zh: '小区和村名录', en: 'register of communities and villages' };
export const MAX_PLACE_ROWS = 5000;

export const PLACE_COLUMNS = {
  town: '镇街（区划代码或名称）', kind: '类型（居民小区/行政村）', name: '名称', address: '地址', households: '户数',
  sortedDeposit: '分类投放', sortedCollection: '分类收集', sortedTransport: '分类运输', sortedTreatment: '分类处理',
  collectionRooms: '定时定点收集房（个）', asOf: '状态日期',
} as const;
export type PlaceColumn = keyof typeof PLACE_COLUMNS;
const ORDER = Object.keys(PLACE_COLUMNS) as PlaceColumn[];
const STAGES = ['sortedDeposit', 'sortedCollection', 'sortedTransport', 'sortedTreatment'] as const;
/** Other words a sheet kept by hand may use for a column (the part before any bracket). */
const SYNONYMS: Partial<Record<PlaceColumn, string[]>> = {
  town: ['镇街', '乡镇', '街道', '镇（街道）', '所在镇街', '乡镇（街道）'], kind: ['类型'], name: ['名称', '小区名称', '村名称', '小区（村）名称'], households: ['户数', '住户数', '总户数'],
  collectionRooms: ['定时定点收集房', '收集房'], asOf: ['状态日期', '日期', '截至日期'],
};
const REQUIRED: PlaceColumn[] = ['town', 'kind', 'name', 'households', ...STAGES];

const bare = (h: string) => h.replace(/\s+/g, '').replace(/[（(][^）)]*[）)]/g, '');
const matches = (header: string, column: PlaceColumn) => [PLACE_COLUMNS[column], ...(SYNONYMS[column] ?? [])].some((w) => bare(w) === bare(header));

const YES = /^(是|有|y|yes|√|✓|true|1)$/i;
const NO = /^(否|无|n|no|×|✗|false|0)$/i;
const KIND_WORDS: Record<string, PlaceKind> = { 居民小区: 'community', 小区: 'community', 社区: 'community', community: 'community', 行政村: 'village', 村: 'village', village: 'village' };

const shanghaiToday = (now = new Date()) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export type PlaceStatusValues = { asOf: string; households: number; sortedDeposit: boolean; sortedCollection: boolean; sortedTransport: boolean; sortedTreatment: boolean; collectionRooms: number };
export interface PlannedPlace {
  row: number; status: 'new' | 'status' | 'unchanged' | 'problem';
  cells: Record<PlaceColumn, string>;
  regionCode: string | null; regionName: string | null; kind: PlaceKind | null; name: string; address: string;
  values: PlaceStatusValues | null; placeId: string | null; current: PlaceStatusValues | null; problems: CellProblem[];
}

// ---- the template -----------------------------------------------------------------------------------

/** 模板: the keeper's places (or those of a part of the area) with their latest status, and the towns to choose from. */
export async function placesTemplate(db: Db, actor: Actor, regionCode?: string): Promise<{ filename: string; buffer: Buffer }> {
  requireKeeper(actor);
  const root = regionCode ?? actor.regionCode;
  if (!inArea(actor, root)) throw badRequest('OUTSIDE_AREA', '只能下载本辖区的名录', 'You download the register of your own area only', 'regionCode');
  const prefix = `${regionScopePrefix(root)}%`;
  const towns = (await db.execute<{ code: string; name: string }>(sql`SELECT code, name FROM regions WHERE level = 'town' AND code LIKE ${prefix} ORDER BY code LIMIT 5000`)).rows;
  const places = (await db.execute<{ regionCode: string; kind: PlaceKind; name: string; address: string } & Partial<PlaceStatusValues>>(sql`
    SELECT p.region_code AS "regionCode", p.kind, p.name, p.address, s.as_of::text AS "asOf", s.households, s.sorted_deposit AS "sortedDeposit", s.sorted_collection AS "sortedCollection",
      s.sorted_transport AS "sortedTransport", s.sorted_treatment AS "sortedTreatment", s.collection_rooms AS "collectionRooms"
    FROM household_places p LEFT JOIN LATERAL (SELECT * FROM household_place_status x WHERE x.place_id = p.id ORDER BY x.as_of DESC, x.created_at DESC LIMIT 1) s ON true
    WHERE p.region_code LIKE ${prefix} ORDER BY p.region_code, p.kind, p.name LIMIT ${MAX_PLACE_ROWS}`)).rows;
  // A town is written by its name where the name is unique in the sheet's area, else by its code.
  const named = new Map<string, number>();
  for (const t of towns) named.set(t.name, (named.get(t.name) ?? 0) + 1);
  const townText = new Map(towns.map((t) => [t.code, named.get(t.name) === 1 ? t.name : t.code]));

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Wufei';
  const sheet = workbook.addWorksheet(PLACES_SHEET, { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.columns = [22, 20, 26, 30, 10, 10, 10, 10, 10, 18, 14].map((width) => ({ width }));
  sheet.mergeCells('A1:K1');
  sheet.getCell('A1').value = '生活垃圾分类小区和村名录';
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.mergeCells('A2:K2');
  sheet.getCell('A2').value = '每行一个居民小区或行政村。“镇街”填写镇（街道）名称或9位区划代码（见“镇街”工作表）；四个分类环节填“是”或“否”；户数、收集房为不小于0的整数；状态日期为该状态的起始日期（空白按导入当日计）。'
    + '已登记的小区（村）按“镇街＋类型＋名称”识别：数值有变化时记为该日期起的新状态，原状态保留；状态日期不能早于其最新状态。';
  sheet.getCell('A2').alignment = { wrapText: true };
  sheet.getRow(2).height = 48;
  sheet.getCell('A2').font = { italic: true, color: { argb: 'FF666666' } };
  const header = sheet.getRow(3);
  header.values = ORDER.map((c) => PLACE_COLUMNS[c]);
  header.font = { bold: true };
  const yesNo = (v: boolean | undefined) => (v === undefined ? '' : v ? '是' : '否');
  places.forEach((p, i) => {
    sheet.getRow(4 + i).values = [townText.get(p.regionCode) ?? p.regionCode, PLACE_KINDS[p.kind].zh, p.name, p.address, p.households ?? null,
      yesNo(p.sortedDeposit), yesNo(p.sortedCollection), yesNo(p.sortedTransport), yesNo(p.sortedTreatment), p.collectionRooms ?? null, p.asOf ? new Date(`${p.asOf}T00:00:00Z`) : null];
  });
  const last = 3 + Math.max(places.length + 500, 1000);
  const column = (key: PlaceColumn) => columnLetter(ORDER.indexOf(key));
  for (let r = 4; r <= last; r++) {
    sheet.getCell(`${column('town')}${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [`'${TOWNS_SHEET}'!$B$2:$B$${towns.length + 1}`], showErrorMessage: false };
    sheet.getCell(`${column('kind')}${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['"居民小区,行政村"'], showErrorMessage: true, error: '请选择“居民小区”或“行政村”' };
    for (const stage of STAGES) sheet.getCell(`${column(stage)}${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['"是,否"'], showErrorMessage: true, error: '请填写“是”或“否”' };
    sheet.getCell(`${column('households')}${r}`).dataValidation = { type: 'whole', operator: 'between', formulae: [0, 1_000_000], allowBlank: true, showErrorMessage: true, error: '户数为不小于0的整数' };
    sheet.getCell(`${column('asOf')}${r}`).numFmt = 'yyyy-mm-dd';
  }
  const list = workbook.addWorksheet(TOWNS_SHEET);
  list.columns = [{ header: '区划代码', width: 14 }, { header: '名称', width: 24 }];
  list.getRow(1).font = { bold: true };
  for (const t of towns) list.addRow([t.code, townText.get(t.code)]);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { filename: `小区和村名录_${shanghaiToday()}.xlsx`, buffer };
}

// ---- reading and planning -----------------------------------------------------------------------------

interface ParsedPlace { row: number; cells: Record<PlaceColumn, string>; town: string; kind: PlaceKind | null; name: string; address: string; values: Partial<PlaceStatusValues>; problems: CellProblem[] }

function readPlaces(grid: SheetGrid, today: string): { rows: ParsedPlace[]; columns: Partial<Record<PlaceColumn, number>> } {
  const columns: Partial<Record<PlaceColumn, number>> = {};
  for (const key of ORDER) {
    const at = grid.headers.findIndex((h) => matches(h, key));
    if (at >= 0) columns[key] = at;
  }
  const missing = REQUIRED.filter((k) => columns[k] === undefined);
  if (missing.length) {
    const names = missing.map((k) => PLACE_COLUMNS[k]).join('、');
    throw badRequest('SHEET_HEADER', `名录缺少表头“${names}”：请使用平台下载的模板`, `The register lacks the header ${names}: use the template downloaded from the platform`, 'file');
  }
  const rows = grid.rows.map((sheetRow): ParsedPlace => {
    const r = sheetRow.row;
    const cell = (key: PlaceColumn) => cellAt(sheetRow, columns[key]);
    const cells = Object.fromEntries(ORDER.map((k) => [k, cell(k).text])) as Record<PlaceColumn, string>;
    const problems: CellProblem[] = [];
    const say = (key: PlaceColumn, zh: string, en: string) => problems.push(cellProblem(grid.sheetName, r, columns[key], PLACE_COLUMNS[key], key, zh, en));
    for (const key of ORDER) if (CONTROL_CHARACTERS.test(cells[key])) say(key, '含有不可见的控制字符', 'contains control characters');

    const town = cells.town.replace(/\s+/g, '');
    if (!town) say('town', '请填写镇（街道）的名称或9位区划代码', 'give the town’s name or 9-digit code');
    const kind = KIND_WORDS[cells.kind.replace(/\s+/g, '').toLowerCase()] ?? null;
    if (!kind) say('kind', `“${cells.kind}”不是“居民小区”或“行政村”`, `"${cells.kind}" is neither 居民小区 (community) nor 行政村 (village)`);
    const name = cells.name.replace(/\s+/g, ' ').trim();
    if (name.length < 2 || name.length > 100) say('name', '名称应为2到100个字', 'the name has 2 to 100 characters');
    if (cells.address.length > 200) say('address', '地址最多200个字', 'the address has at most 200 characters');

    const values: Partial<PlaceStatusValues> = {};
    const count = (key: 'households' | 'collectionRooms', max: number, zh: string, en: string) => {
      const c = cell(key);
      if (c.text === '' && key === 'collectionRooms') return 0;
      const n = c.number;
      if (n === null || !Number.isInteger(n) || n < 0 || n > max) { say(key, `“${c.text}”不是0到${max.toLocaleString('en')}之间的整数（${zh}）`, `"${c.text}" is not a whole number from 0 to ${max.toLocaleString('en')} (${en})`); return undefined; }
      return n;
    };
    values.households = count('households', 1_000_000, '户', 'households');
    values.collectionRooms = count('collectionRooms', 10_000, '个', 'rooms');
    for (const stage of STAGES) {
      const c = cell(stage);
      const yes = c.bool === true || YES.test(c.text), no = c.bool === false || NO.test(c.text);
      if (yes === no) say(stage, c.text ? `“${c.text}”应为“是”或“否”` : '请填写“是”或“否”', c.text ? `"${c.text}" should be 是 (yes) or 否 (no)` : 'give 是 (yes) or 否 (no)');
      else values[stage] = yes;
    }
    const asOfCell = cell('asOf');
    if (asOfCell.text === '' && !asOfCell.date) values.asOf = today;
    else {
      const day = dayOf(asOfCell);
      if (!day) say('asOf', `“${asOfCell.text}”不是日期（如 2026-05-01）`, `"${asOfCell.text}" is not a date (like 2026-05-01)`);
      else if (day > today) say('asOf', `状态日期 ${day} 晚于今天`, `the date ${day} is after today`);
      else if (day < '2000-01-01') say('asOf', `状态日期 ${day} 早于2000年`, `the date ${day} is before 2000`);
      else values.asOf = day;
    }
    return { row: r, cells, town, kind, name, address: cells.address.trim(), values, problems };
  });
  return { rows, columns };
}

const sameValues = (a: PlaceStatusValues, b: PlaceStatusValues) => a.households === b.households && a.collectionRooms === b.collectionRooms && STAGES.every((s) => a[s] === b[s]);

interface Plan { rows: PlannedPlace[]; problems: CellProblem[]; sheetName: string }

/** What the sheet would write, row by row, against the register of the keeper's area. Reads only. */
async function planPlaces(q: Queryable, actor: Actor, grid: SheetGrid, today: string): Promise<Plan> {
  const { rows: parsed, columns } = readPlaces(grid, today);
  const say = (p: ParsedPlace, key: PlaceColumn, zh: string, en: string) => p.problems.push(cellProblem(grid.sheetName, p.row, columns[key], PLACE_COLUMNS[key], key, zh, en));

  // Towns: a 9-digit code anywhere (then checked against the area), a name within the area.
  const codes = [...new Set(parsed.map((p) => /\d{9}/.exec(p.town)?.[0]).filter((c): c is string => !!c))];
  const names = [...new Set(parsed.filter((p) => !/\d{9}/.test(p.town)).map((p) => p.town))];
  const area = actor.role === 'platform_admin' ? '%' : `${regionScopePrefix(actor.regionCode)}%`;
  const towns = codes.length || names.length ? (await q.execute<{ code: string; name: string }>(sql`
    SELECT code, name FROM regions WHERE level = 'town' AND (code = ANY(${sql.param(codes)}::text[]) OR (name = ANY(${sql.param(names)}::text[]) AND code LIKE ${area}))`)).rows : [];
  const byCode = new Map(towns.map((t) => [t.code, t]));
  const byName = new Map<string, { code: string; name: string }[]>();
  for (const t of towns) if (inArea(actor, t.code)) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);

  const resolved = parsed.map((p) => {
    if (!p.town) return null;
    const code = /\d{9}/.exec(p.town)?.[0];
    if (code) {
      const town = byCode.get(code);
      if (!town || regionLevelOf(code) !== 'town') { say(p, 'town', `区划代码 ${code} 不是已知的镇（街道）`, `${code} is not a known town`); return null; }
      if (!inArea(actor, code)) { say(p, 'town', `${town.name}（${code}）不在您的辖区内`, `${town.name} (${code}) lies outside your area`); return null; }
      return town;
    }
    const found = byName.get(p.town) ?? [];
    if (found.length === 1) return found[0];
    if (found.length > 1) say(p, 'town', `辖区内有 ${found.length} 个“${p.town}”（${found.map((t) => t.code).join('、')}），请填写区划代码`, `${found.length} towns of your area are called "${p.town}" (${found.map((t) => t.code).join(', ')}): give the code`);
    else say(p, 'town', `辖区内没有名为“${p.town}”的镇（街道）`, `your area has no town called "${p.town}"`);
    return null;
  });

  // The same place twice in the sheet.
  const seen = new Map<string, number>();
  parsed.forEach((p, i) => {
    const town = resolved[i];
    if (!town || !p.kind || !p.name) return;
    const k = `${town.code}|${p.kind}|${p.name}`;
    if (seen.has(k)) say(p, 'name', `“${p.name}”在本表中重复（第${seen.get(k)}行）`, `"${p.name}" appears twice in the sheet (row ${seen.get(k)})`);
    else seen.set(k, p.row);
  });

  // The places already registered, and their statuses, newest first.
  const keys = parsed.map((p, i) => ({ code: resolved[i]?.code, kind: p.kind, name: p.name })).filter((k): k is { code: string; kind: PlaceKind; name: string } => !!k.code && !!k.kind);
  const existing = keys.length ? (await q.execute<{ id: string; regionCode: string; kind: string; name: string }>(sql`
    SELECT p.id, p.region_code AS "regionCode", p.kind, p.name FROM household_places p
    JOIN unnest(${sql.param(keys.map((k) => k.code))}::text[], ${sql.param(keys.map((k) => k.kind))}::text[], ${sql.param(keys.map((k) => k.name))}::text[]) AS k(code, kind, name)
      ON p.region_code = k.code AND p.kind = k.kind AND p.name = k.name`)).rows : [];
  const placeOf = new Map(existing.map((e) => [`${e.regionCode}|${e.kind}|${e.name}`, e.id]));
  const statuses = existing.length ? (await q.execute<PlaceStatusValues & { placeId: string }>(sql`
    SELECT place_id AS "placeId", as_of::text AS "asOf", households, sorted_deposit AS "sortedDeposit", sorted_collection AS "sortedCollection", sorted_transport AS "sortedTransport",
      sorted_treatment AS "sortedTreatment", collection_rooms AS "collectionRooms"
    FROM household_place_status WHERE place_id = ANY(${sql.param(existing.map((e) => e.id))}::uuid[]) ORDER BY place_id, as_of DESC, created_at DESC`)).rows : [];
  const statusesOf = new Map<string, PlaceStatusValues[]>();
  for (const { placeId, ...s } of statuses) statusesOf.set(placeId, [...(statusesOf.get(placeId) ?? []), s]);

  const rows = parsed.map((p, i): PlannedPlace => {
    const town = resolved[i];
    const placeId = town && p.kind ? placeOf.get(`${town.code}|${p.kind}|${p.name}`) ?? null : null;
    const history = placeId ? statusesOf.get(placeId) ?? [] : [];
    const complete = p.problems.length === 0 ? p.values as PlaceStatusValues : null;
    let status: PlannedPlace['status'] = 'new';
    if (complete && placeId) {
      // Unchanged when the status in force on the row's date says the same; a new status when it is dated on or after the latest.
      const inForce = history.find((s) => s.asOf <= complete.asOf);
      if (inForce && sameValues(inForce, complete)) status = 'unchanged';
      else if (history[0] && complete.asOf < history[0].asOf) {
        say(p, 'asOf', `“${p.name}”已有 ${history[0].asOf} 的状态，新状态不能早于它`, `"${p.name}" has a status of ${history[0].asOf}; a new one cannot be dated before it`);
      } else status = 'status';
    }
    return {
      row: p.row, status: p.problems.length ? 'problem' : status, cells: p.cells, regionCode: town?.code ?? null, regionName: town?.name ?? null, kind: p.kind, name: p.name, address: p.address,
      values: p.problems.length ? null : complete, placeId, current: history[0] ?? null, problems: p.problems,
    };
  });
  return { rows, problems: rows.flatMap((r) => r.problems), sheetName: grid.sheetName };
}

async function gridOf(buffer: Buffer, filename: string) {
  return readSheet(buffer, filename, { sheetName: PLACES_SHEET, csv: false, maxRows: MAX_PLACE_ROWS, what: SHEET, isHeader: (texts) => texts.some((t) => matches(t, 'name')) && texts.some((t) => matches(t, 'households')) });
}

const countOf = (rows: PlannedPlace[], status: PlannedPlace['status']) => rows.filter((r) => r.status === status).length;
const counts = (rows: PlannedPlace[]) => ({ new: countOf(rows, 'new'), status: countOf(rows, 'status'), unchanged: countOf(rows, 'unchanged'), problem: countOf(rows, 'problem') });

/** 预览: every row checked and what confirming would do with it; nothing is written. */
export async function previewPlacesImport(db: Db, actor: Actor, buffer: Buffer, filename: string, now = new Date()) {
  requireKeeper(actor);
  const plan = await planPlaces(db, actor, await gridOf(buffer, filename), shanghaiToday(now));
  return { filename, rows: plan.rows, counts: counts(plan.rows), problems: plan.problems.length };
}

/** 确认导入: the new places and the new statuses in one transaction with their audit records, or nothing when any row has a problem. */
export async function confirmPlacesImport(db: Db, ctx: Ctx, buffer: Buffer, filename: string, now = new Date()) {
  const actor = requireKeeper(ctx.actor);
  const grid = await gridOf(buffer, filename);
  return db.transaction(async (tx) => {
    // One import of an area at a time: two imports of the same sheet would otherwise both see a place as new.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`household-places:${actor.regionCode}`}))`);
    const plan = await planPlaces(tx, actor, grid, shanghaiToday(now));
    refuseProblems(plan.problems, SHEET);
    const writing = plan.rows.filter((r) => r.status === 'new' || r.status === 'status');
    if (writing.length) {
      const placeIds = writing.filter((r) => r.placeId).map((r) => r.placeId!);
      if (placeIds.length) await tx.execute(sql`SELECT id FROM household_places WHERE id = ANY(${sql.param(placeIds)}::uuid[]) ORDER BY id FOR UPDATE`);
      for (const r of writing) {
        const status: PlaceStatus = { ...r.values!, note: `Excel 导入（${filename}）`.slice(0, 500) };
        if (r.status === 'new') await insertPlace(tx, ctx, { regionCode: r.regionCode!, kind: r.kind!, name: r.name, address: r.address }, status);
        else await insertPlaceStatus(tx, ctx, { id: r.placeId!, regionCode: r.regionCode! }, status);
      }
      await recordAudit(tx, ctx, { action: 'household.places.import', entityType: 'household_place', entityId: filename.slice(0, 200), regionCode: actor.regionCode,
        after: { filename, ...counts(plan.rows), rows: writing.map((r) => ({ row: r.row, regionCode: r.regionCode, kind: r.kind, name: r.name, status: r.status, asOf: r.values!.asOf })) } });
    }
    const c = counts(plan.rows);
    return { filename, created: c.new, statuses: c.status, unchanged: c.unchanged };
  });
}
