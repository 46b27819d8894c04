import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { CONTROL_CHARACTERS } from '../http/inputs';
import { badRequest } from '../http/errors';
import { regionScopePrefix } from '../../domain/region-code';
import { STRAW_CROPS, STRAW_USES, harvestLabel, type Harvest, type StrawCrop, type StrawUse } from '../../domain/agri/straw';
import { cellAt, cellProblem, columnLetter, readSheet, refuseProblems, type CellProblem } from '../household/sheet';
import { planSeason, requireStrawFiler, writeSeason, type Ctx, type EntityInput, type SeasonInput } from './service';
import type { Actor } from '../platform/policy';

// 秸秆 season filing from Excel: the template has one row per town and crop of the filer's area for
// the season asked (prefilled with the current filing where there is one); the station fills it and
// uploads it. Every row and cell is checked before anything is written (the preview lists each
// problem at its cell); confirming writes every row in one transaction, or nothing.

export const SEASON_SHEET = '秸秆利用';
const SHEET = { zh: '秸秆利用情况表', en: 'straw season sheet' };
export const MAX_SEASON_ROWS = 2000;

export const SEASON_COLUMNS = {
  town: '镇街', crop: '作物', sownMu: '播种面积（亩）', yieldT: '总产量（吨）', yieldKgPerMu: '单产（公斤/亩）',
  fieldReturnT: '直接还田（吨）', fertiliserT: '其他肥料化（吨）', feedT: '饲料化（吨）', fuelT: '燃料化（吨）', substrateT: '基料化（吨）', materialT: '原料化（吨）',
  entities: '收储主体（名称:吨，多个用；分隔）', remark: '备注',
} as const;
export type SeasonColumn = keyof typeof SEASON_COLUMNS;
const ORDER = Object.keys(SEASON_COLUMNS) as SeasonColumn[];
const REQUIRED: SeasonColumn[] = ['town', 'crop', 'sownMu', ...STRAW_USES.map((u) => u.value)];
const bare = (h: string) => h.replace(/\s+/g, '').replace(/[（(][^）)]*[）)]/g, '');

/** The crops a harvest brings in 临清's rotation: wheat in summer; maize and cotton in autumn. */
const HARVEST_CROPS: Record<Harvest, StrawCrop[]> = { summer: ['wheat'], autumn: ['maize', 'cotton'] };

async function townsOf(db: Db, actor: Actor) {
  const prefix = actor.role === 'platform_admin' ? '' : regionScopePrefix(actor.regionCode);
  return (await db.execute<{ code: string; name: string }>(sql`SELECT code, name FROM regions WHERE level = 'town' AND code LIKE ${`${prefix}%`} ORDER BY code LIMIT 5000`)).rows;
}

/** The template: a row per town and crop of the season, with the current filing's figures where there is one. */
export async function seasonTemplate(db: Db, actor: Actor, year: number, harvest: Harvest): Promise<{ filename: string; buffer: Buffer }> {
  requireStrawFiler(actor);
  const towns = await townsOf(db, actor);
  const filed = (await db.execute<{ region_code: string; crop: string; sown_mu: number; yield_t: number } & Record<StrawUse, number> & { entities: { name: string; tonnes: number }[]; remark: string }>(sql`
    SELECT region_code, crop, sown_mu::float8, yield_t::float8, field_return_t::float8 AS "fieldReturnT", fertiliser_t::float8 AS "fertiliserT", feed_t::float8 AS "feedT", fuel_t::float8 AS "fuelT",
      substrate_t::float8 AS "substrateT", material_t::float8 AS "materialT", entities, remark
    FROM straw_seasons WHERE superseded_by IS NULL AND year = ${year} AND harvest = ${harvest} AND region_code LIKE ${`${regionScopePrefix(actor.regionCode)}%`} LIMIT 10000`)).rows;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Wufei';
  const sheet = workbook.addWorksheet(SEASON_SHEET, { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.columns = [14, 10, 14, 14, 14, 14, 14, 12, 12, 12, 12, 40, 20].map((width) => ({ width }));
  sheet.mergeCells('A1:M1');
  sheet.getCell('A1').value = `${year}年${harvestLabel(harvest).zh}秸秆综合利用情况表`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.mergeCells('A2:M2');
  sheet.getCell('A2').value = '每行一个镇街的一种作物。总产量（吨）与单产（公斤/亩）填其一；五种利用量单位为吨，不能为负，合计不能超过可收集量（产量×草谷比×可收集系数，系数按本辖区设置）。'
    + '收储主体写“名称:吨”，多个用“；”分隔，平台上登记的秸秆收储利用主体按名称识别。再次导入同一镇街、作物即更正，原记录保留。';
  sheet.getCell('A2').alignment = { wrapText: true };
  sheet.getCell('A2').font = { italic: true, color: { argb: 'FF666666' } };
  sheet.getRow(2).height = 48;
  sheet.getRow(3).values = ORDER.map((c) => SEASON_COLUMNS[c]);
  sheet.getRow(3).font = { bold: true };
  const cropName = (c: string) => STRAW_CROPS.find((x) => x.value === c)!.zh;
  let r = 4;
  for (const town of towns) {
    for (const crop of HARVEST_CROPS[harvest]) {
      const f = filed.find((x) => x.region_code === town.code && x.crop === crop);
      sheet.getRow(r++).values = [town.name, cropName(crop), f?.sown_mu ?? null, f?.yield_t ?? null, null, ...STRAW_USES.map((u) => f?.[u.value] ?? null),
        f ? f.entities.map((e) => `${e.name}:${e.tonnes}`).join('；') : null, f?.remark || null];
    }
  }
  for (let row = 4; row < Math.max(r + 200, 300); row++) {
    sheet.getCell(`B${row}`).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${STRAW_CROPS.map((c) => c.zh).join(',')}"`], showErrorMessage: true, error: '请从列表中选择作物' };
    for (let c = 2; c <= 10; c++) sheet.getCell(`${columnLetter(c)}${row}`).dataValidation = { type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0], allowBlank: true, showErrorMessage: true, error: '不能为负' };
  }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { filename: `秸秆利用情况_${year}_${harvestLabel(harvest).zh}.xlsx`, buffer };
}

export interface PlannedSeasonRow {
  row: number; status: 'new' | 'replaces' | 'problem'; cells: Record<SeasonColumn, string>;
  regionCode: string | null; townName: string; crop: string | null; yieldT: number | null; collectableT: number | null; usedT: number | null; rate: number | null; problems: CellProblem[];
}

const CROP_WORDS = new Map<string, StrawCrop>(STRAW_CROPS.flatMap((c) => [[c.zh, c.value], [c.value, c.value], [c.en.toLowerCase(), c.value]] as [string, StrawCrop][]));

/** Reads, checks and plans every row; nothing is written. */
async function planSheet(db: Db, actor: Actor, buffer: Buffer, filename: string, year: number, harvest: Harvest) {
  requireStrawFiler(actor);
  const grid = await readSheet(buffer, filename, { sheetName: SEASON_SHEET, csv: false, maxRows: MAX_SEASON_ROWS, what: SHEET, isHeader: (texts) => texts.some((t) => bare(t) === '镇街') && texts.some((t) => bare(t) === '作物') });
  const columns: Partial<Record<SeasonColumn, number>> = {};
  for (const key of ORDER) { const at = grid.headers.findIndex((h) => bare(h) === bare(SEASON_COLUMNS[key])); if (at >= 0) columns[key] = at; }
  const missing = REQUIRED.filter((k) => columns[k] === undefined);
  if (missing.length) throw badRequest('SHEET_HEADER', `表格缺少表头“${missing.map((k) => SEASON_COLUMNS[k]).join('、')}”：请使用平台下载的模板`, `The sheet lacks the header ${missing.map((k) => SEASON_COLUMNS[k]).join(', ')}: use the template downloaded from the platform`, 'file');
  const towns = await townsOf(db, actor);
  const users = (await db.execute<{ id: string; name: string }>(sql`SELECT id, name FROM organisations WHERE status = 'verified' AND capabilities @> ARRAY['straw_user']::text[] AND region_code LIKE ${`${actor.regionCode.slice(0, 4)}%`} LIMIT 1000`)).rows;
  const planned: (PlannedSeasonRow & { insert?: Awaited<ReturnType<typeof planSeason>>['row'] })[] = [];
  const seen = new Map<string, number>();
  for (const sheetRow of grid.rows) {
    const r = sheetRow.row;
    const cell = (k: SeasonColumn) => cellAt(sheetRow, columns[k]);
    const cells = Object.fromEntries(ORDER.map((k) => [k, cell(k).text])) as Record<SeasonColumn, string>;
    const problems: CellProblem[] = [];
    const say = (k: SeasonColumn, zh: string, en: string) => problems.push(cellProblem(grid.sheetName, r, columns[k], SEASON_COLUMNS[k], k, zh, en));
    for (const k of ORDER) if (CONTROL_CHARACTERS.test(cells[k])) say(k, '含有不可见的控制字符', 'contains control characters');
    const townText = cells.town.replace(/\s+/g, '');
    const town = towns.find((t) => t.name === townText || t.code === townText);
    if (!town) say('town', `“${cells.town}”不是本辖区的镇（街道）`, `"${cells.town}" is not a town of your area`);
    const crop = CROP_WORDS.get(cells.crop.trim().toLowerCase()) ?? null;
    if (!crop) say('crop', `“${cells.crop}”不是可选的作物（${STRAW_CROPS.map((c) => c.zh).join('、')}）`, `"${cells.crop}" is not one of the crops`);
    const number = (k: SeasonColumn, blank: 'required' | 'optional' | 'zero'): number | undefined => {
      const c = cell(k);
      if (c.text === '') {
        if (blank === 'required') say(k, '请填写', 'give a figure');
        return blank === 'zero' ? 0 : undefined;
      }
      if (c.number === null) { say(k, `“${c.text}”不是数字`, `"${c.text}" is not a number`); return undefined; }
      if (c.number < 0) { say(k, '不能为负', 'cannot be negative'); return undefined; }
      if (c.number > 10_000_000) { say(k, '数值过大（不超过10,000,000）', 'too large (10,000,000 at most)'); return undefined; }
      return Math.round(c.number * 1000) / 1000;
    };
    const sownMu = number('sownMu', 'required');
    const yieldT = number('yieldT', 'optional'), yieldKgPerMu = number('yieldKgPerMu', 'optional');
    const uses = Object.fromEntries(STRAW_USES.map((u) => [u.value, number(u.value, 'zero') ?? 0])) as Record<StrawUse, number>;
    const entities: EntityInput[] = [];
    for (const part of cells.entities.split(/[；;\n]/).map((p) => p.trim()).filter(Boolean)) {
      const m = /^(.+?)\s*[:：]\s*([\d.]+)\s*(吨|t)?$/.exec(part);
      if (!m) { say('entities', `“${part}”应写作“名称:吨”`, `"${part}" should read name:tonnes`); continue; }
      const known = users.find((u) => u.name === m[1].trim());
      entities.push(known ? { organisationId: known.id, tonnes: Number(m[2]) } : { name: m[1].trim(), tonnes: Number(m[2]) });
    }
    if (cells.remark.length > 200) say('remark', '备注最多200个字', 'the remark has at most 200 characters');
    if (town && crop) {
      const key = `${town.code}:${crop}`;
      if (seen.has(key)) say('crop', `与第${seen.get(key)}行重复（同一镇街、作物只填一行）`, `repeats row ${seen.get(key)} (one row per town and crop)`);
      seen.set(key, r);
    }
    const base: PlannedSeasonRow = { row: r, status: 'problem', cells, regionCode: town?.code ?? null, townName: town?.name ?? cells.town, crop, yieldT: null, collectableT: null, usedT: null, rate: null, problems };
    if (problems.length || !town || !crop || sownMu === undefined) { planned.push(base); continue; }
    const input: SeasonInput = { regionCode: town.code, year, harvest, crop, sownMu, yieldT, yieldKgPerMu, uses, entities, remark: cells.remark };
    const plan = await planSeason(db, actor, input);
    const at: Record<string, SeasonColumn> = { regionCode: 'town', year: 'town', yieldT: 'yieldT', sownMu: 'sownMu', uses: 'fieldReturnT', entities: 'entities' };
    for (const p of plan.problems) say(at[p.field.split('.')[0]] ?? 'entities', p.zh, p.en);
    if (problems.length) { planned.push(base); continue; }
    const current = (await db.execute(sql`SELECT 1 FROM straw_seasons WHERE superseded_by IS NULL AND region_code = ${town.code} AND year = ${year} AND harvest = ${harvest} AND crop = ${crop}`)).rows.length > 0;
    const row = plan.row!;
    planned.push({ ...base, status: current ? 'replaces' : 'new', yieldT: row.yieldT, collectableT: row.collectableT, usedT: row.usedT!, rate: row.collectableT > 0 ? Math.round((row.usedT! / row.collectableT) * 10_000) / 100 : null, insert: row });
  }
  if (!planned.length) throw badRequest('SHEET_EMPTY', '表格中没有填写任何行', 'The sheet holds no rows', 'file');
  return planned;
}

export async function previewSeasonImport(db: Db, actor: Actor, buffer: Buffer, filename: string, year: number, harvest: Harvest) {
  const planned = await planSheet(db, actor, buffer, filename, year, harvest);
  const rows = planned.map(({ insert: _insert, ...r }) => r);
  const count = (s: PlannedSeasonRow['status']) => rows.filter((r) => r.status === s).length;
  return { filename, year, harvest, rows, counts: { new: count('new'), replaces: count('replaces'), problem: count('problem') }, problems: rows.reduce((n, r) => n + r.problems.length, 0) };
}

/** Writes every row in one transaction with its audit record, or nothing when any row has a problem. */
export async function confirmSeasonImport(db: Db, ctx: Ctx, buffer: Buffer, filename: string, year: number, harvest: Harvest) {
  const planned = await planSheet(db, ctx.actor, buffer, filename, year, harvest);
  refuseProblems(planned.flatMap((r) => r.problems), SHEET);
  return db.transaction(async (tx) => {
    let filed = 0, replaced = 0;
    for (const p of planned) {
      const done = await writeSeason(tx, ctx, p.insert!, 'excel');
      if (done.replaced) replaced++; else filed++;
    }
    return { filename, year, harvest, filed, replaced };
  });
}
