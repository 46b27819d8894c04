import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { statisticalInputs } from './schema';
import { regions } from '../platform/regions/schema';
import { users } from '../platform/accounts/schema';
import { requireRegion } from '../platform/regions/service';
import { recordAudit, recordAudits, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { AppError, badRequest, conflict, forbidden, notFound, type Message } from '../http/errors';
import { STATISTIC_KEYS, statisticKey, type StatisticKey } from '../../domain/statistics/keys';
import { valueProblem, yearProblem } from '../../domain/statistics/values';
import { shanghaiYear } from '../../domain/labels';
import { canStatistic, entersStatistics, readsStatistics, visibleFiguresSql } from './policy';

// 统计数据: figures per region, year and key, entered by the statistics bureau or the zero-waste office
// with their source. A figure is never edited: entering one where a figure is in force is a revision,
// which must name the figure it revises (so two people revising at once cannot overwrite each other
// unseen); the earlier row is kept, marked superseded, in the same transaction as the new one and its
// audit row.

export type Ctx = AuditContext & { actor: Actor };
export type FigureRow = typeof statisticalInputs.$inferSelect;
export interface Evidence { name: string; note?: string }
export interface FigureInput { regionCode: string; year: number; key: string; value: number; source: string; note: string; evidence: Evidence[]; revises?: string }

const FIGURES: Message = { zh: '该区划的统计数据', en: 'Figures of that region' };
const s = statisticalInputs;

/** The keys in the order of keys.ts (economy, population, places, agriculture, base year), for listing. */
const KEY_ORDER = sql.raw(`array_position(ARRAY[${STATISTIC_KEYS.map((k) => `'${k.value.replace(/[^a-z0-9_]/g, '')}'`).join(',')}]::text[], "statistical_inputs"."key")`);

/** The statistic of a figure whose year and value pass their checks (domain/statistics/values.ts), or a 400 naming the field. */
export function checkFigure(input: { year: number; key: string; value: number }, now = new Date()): StatisticKey {
  const key = statisticKey(input.key);
  if (!key) throw badRequest('UNKNOWN_STATISTIC', `“${input.key}”不是平台的统计指标`, `"${input.key}" is not a statistic the platform knows`, 'key');
  const year = yearProblem(input.year, shanghaiYear(now));
  if (year) throw badRequest('BAD_YEAR', year.zh, year.en, 'year');
  const value = valueProblem(key, input.value);
  if (value) throw badRequest('BAD_VALUE', value.zh, value.en, 'value');
  return key;
}

/** A refusal on a region outside the caller's area, naming the field. */
export const outsideArea = (regionCode: string, path: string) => new AppError(403, 'FORBIDDEN',
  { zh: `行政区划 ${regionCode} 不在您的辖区内，不能填报其统计数据`, en: `Region ${regionCode} lies outside your area: you cannot enter its figures` }, path,
  [{ path, message: { zh: `行政区划 ${regionCode} 不在您的辖区内`, en: `Region ${regionCode} lies outside your area` } }]);

export const mayNotEnter = () => forbidden('统计数据由统计局或无废城市建设办公室填报', 'Figures are entered by the statistics bureau or the zero-waste office');
const mayNotRead = () => forbidden('统计数据仅供政府部门查看', 'Figures are for government officials');

// ---- reading -------------------------------------------------------------------------------------

const columns = {
  id: s.id, regionCode: s.regionCode, regionName: regions.name, year: s.year, key: s.key, value: s.value, source: s.source, note: s.note, evidence: s.evidence,
  supersedesId: s.supersedesId, supersededAt: s.supersededAt, enteredAt: s.enteredAt, enteredBy: users.displayName, enteredByUsername: users.username,
};
interface Loaded {
  id: string; regionCode: string; regionName: string | null; year: number; key: string; value: number; source: string; note: string; evidence: Evidence[];
  supersedesId: string | null; supersededAt: Date | null; enteredAt: Date; enteredBy: string | null; enteredByUsername: string | null;
}

function present(row: Loaded, actor: Actor, revisions = 0) {
  const key = statisticKey(row.key);
  const current = row.supersededAt === null;
  return {
    ...row,
    label: { zh: key?.zh ?? row.key, en: key?.en ?? row.key }, unit: key?.unit ?? '', integer: key?.integer ?? false, group: key?.group ?? 'economy',
    current, revisions,
    actions: { revise: current && canStatistic(actor, 'enter', row.regionCode) },
  };
}
export type PresentedFigure = ReturnType<typeof present>;

const selectFigures = (q: Queryable) => q.select(columns).from(s).leftJoin(regions, eq(regions.code, s.regionCode)).leftJoin(users, eq(users.id, s.enteredBy));

/** The figure in force for a region, year and key (a writer reads it under lockFigure). */
async function currentFigure(q: Queryable, regionCode: string, year: number, key: string): Promise<FigureRow | null> {
  const [row] = await q.select().from(s).where(and(eq(s.regionCode, regionCode), eq(s.year, year), eq(s.key, key), isNull(s.supersededAt)));
  return row ?? null;
}

export interface FigureFilter { regionCode?: string; year?: number; key?: string; group?: StatisticKey['group']; page: number; pageSize: number }

/**
 * The figures in force that the actor may read, by region, year and key: a region narrows within the
 * actor's area (another area's does not exist for the caller, 404), with whether the caller may enter
 * figures for it.
 */
export async function pageFigures(db: Db, actor: Actor, f: FigureFilter) {
  if (!readsStatistics(actor)) throw mayNotRead();
  if (f.regionCode && !canStatistic(actor, 'read', f.regionCode)) throw notFound(FIGURES);
  const conditions: SQL[] = [visibleFiguresSql(actor), isNull(s.supersededAt)];
  if (f.regionCode) conditions.push(eq(s.regionCode, f.regionCode));
  if (f.year) conditions.push(eq(s.year, f.year));
  if (f.key) conditions.push(eq(s.key, f.key));
  if (f.group) conditions.push(inArray(s.key, STATISTIC_KEYS.filter((k) => k.group === f.group).map((k) => k.value)));
  const where = and(...conditions);
  const revisions = sql<number>`(SELECT count(*) FROM statistical_inputs p WHERE p.region_code = "statistical_inputs"."region_code" AND p.year = "statistical_inputs"."year"
    AND p.key = "statistical_inputs"."key" AND p.superseded_at IS NOT NULL)`.mapWith(Number);
  const [rows, [{ total }]] = await Promise.all([
    db.select({ ...columns, revisions }).from(s).leftJoin(regions, eq(regions.code, s.regionCode)).leftJoin(users, eq(users.id, s.enteredBy))
      .where(where).orderBy(asc(s.regionCode), desc(s.year), KEY_ORDER).limit(f.pageSize).offset((f.page - 1) * f.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(s).where(where),
  ]);
  return {
    items: rows.map(({ revisions: n, ...row }) => present(row, actor, n)), total, page: f.page, pageSize: f.pageSize,
    canEnter: canStatistic(actor, 'enter', f.regionCode ?? actor.regionCode) && entersStatistics(actor),
  };
}

/** 修订历史: every figure entered for a region, year and key, the one in force first, then newest first. */
export async function figureHistory(db: Db, actor: Actor, q: { regionCode: string; year: number; key: string; page: number; pageSize: number }) {
  if (!readsStatistics(actor)) throw mayNotRead();
  if (!canStatistic(actor, 'read', q.regionCode)) throw notFound(FIGURES);
  const where = and(eq(s.regionCode, q.regionCode), eq(s.year, q.year), eq(s.key, q.key));
  const [rows, [{ total }]] = await Promise.all([
    selectFigures(db).where(where).orderBy(sql`${s.supersededAt} IS NOT NULL`, desc(s.enteredAt), desc(s.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(s).where(where),
  ]);
  return { items: rows.map((row) => present(row, actor)), total, page: q.page, pageSize: q.pageSize };
}

// ---- writing -------------------------------------------------------------------------------------

const describeFigure = (f: FigureRow, key: StatisticKey | null) => ({
  zh: `${f.value.toLocaleString('zh-CN', { maximumFractionDigits: 4 })} ${key?.unit ?? ''}（来源：${f.source}；编号 ${f.id}）`,
  en: `${f.value.toLocaleString('en', { maximumFractionDigits: 4 })} ${key?.unit ?? ''} (source: ${f.source}; id ${f.id})`,
});

/** Serialises writers of one region, year and key: the check for a figure in force and the write are one step. */
export const lockFigure = (tx: Queryable, regionCode: string, year: number, key: string) =>
  tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`statistic:${regionCode}:${year}:${key}`}))`);

/** The same locks for many figures in one statement, taken in one order so that two imports never wait on each other in a circle. */
export async function lockFigures(tx: Queryable, figures: { regionCode: string; key: string }[], year: number) {
  const names = [...new Set(figures.map((f) => `statistic:${f.regionCode}:${year}:${f.key}`))].sort();
  if (!names.length) return;
  await tx.execute(sql`SELECT count(pg_advisory_xact_lock(hashtext(n))) FROM (SELECT n FROM unnest(ARRAY[${sql.join(names.map((n) => sql`${n}`), sql`, `)}]::text[]) AS n ORDER BY n) AS ordered`);
}

/**
 * Whether the request may write over what is in force: a first figure needs no `revises`; a revision
 * must name the figure in force (409 FIGURE_EXISTS without it, 409 FIGURE_NOT_CURRENT when it names
 * another).
 */
export function checkRevision(current: FigureRow | null, revises: string | undefined, regionName: string, year: number, key: StatisticKey) {
  const what = { zh: `${regionName} ${year} 年“${key.zh}”`, en: `${key.en} of ${regionName} for ${year}` };
  if (current && !revises) {
    const d = describeFigure(current, key);
    throw conflict('FIGURE_EXISTS', `${what.zh}已有现行数值 ${d.zh}：如需修订，请注明所修订的数值（revises: ${current.id}）`,
      `${what.en} already has a figure in force, ${d.en}: to revise it, name the figure you revise (revises: ${current.id})`, 'revises');
  }
  if (revises && !current) {
    throw conflict('FIGURE_NOT_CURRENT', `${what.zh}没有现行数值，无需修订：请去掉 revises 直接填报`, `${what.en} has no figure in force to revise: enter it without revises`, 'revises');
  }
  if (revises && current && revises !== current.id) {
    const d = describeFigure(current, key);
    throw conflict('FIGURE_NOT_CURRENT', `所修订的数值（${revises}）已不是现行数值：${what.zh}现行数值为 ${d.zh}，请核对后再修订`,
      `The figure you revise (${revises}) is no longer in force: ${what.en} now reads ${d.en}; check it and revise again`, 'revises');
  }
}

/** Writes a figure inside the caller's transaction: the one in force (if any) marked superseded, the new row, its audit row. */
export async function writeFigure(tx: Queryable, ctx: Ctx, input: Omit<FigureInput, 'revises'>, current: FigureRow | null, at = new Date()): Promise<FigureRow> {
  if (current) await tx.update(s).set({ supersededAt: at }).where(and(eq(s.id, current.id), isNull(s.supersededAt)));
  const [row] = await tx.insert(s).values({
    regionCode: input.regionCode, year: input.year, key: input.key, value: input.value, source: input.source, note: input.note, evidence: input.evidence,
    supersedesId: current?.id ?? null, enteredBy: ctx.actor.userId!, enteredAt: at,
  }).returning();
  await recordAudit(tx, ctx, {
    action: current ? 'statistics.revise' : 'statistics.enter', entityType: 'statistical_input', entityId: row.id, regionCode: row.regionCode,
    before: current, after: row,
  });
  return row;
}

/**
 * Writes first figures (none in force for their region, year and key: the caller holds their locks
 * and has checked) in one statement, with their audit rows in another: an import's new rows, the demo.
 */
export async function writeNewFigures(tx: Queryable, ctx: Ctx, inputs: (Omit<FigureInput, 'revises'> & { at?: Date })[]): Promise<FigureRow[]> {
  if (!inputs.length) return [];
  const now = new Date();
  const rows = await tx.insert(s).values(inputs.map((input) => ({
    regionCode: input.regionCode, year: input.year, key: input.key, value: input.value, source: input.source, note: input.note, evidence: input.evidence,
    supersedesId: null, enteredBy: ctx.actor.userId!, enteredAt: input.at ?? now,
  }))).returning();
  await recordAudits(tx, ctx, rows.map((row) => ({ action: 'statistics.enter', entityType: 'statistical_input', entityId: row.id, regionCode: row.regionCode, before: null, after: row })));
  return rows;
}

/** 填报/修订 one figure. */
export async function enterFigure(db: Db, ctx: Ctx, input: FigureInput) {
  const { actor } = ctx;
  if (!entersStatistics(actor)) throw mayNotEnter();
  const key = checkFigure(input);
  const region = await requireRegion(db, input.regionCode, 'regionCode');
  if (!canStatistic(actor, 'enter', region.code)) throw outsideArea(region.code, 'regionCode');
  return db.transaction(async (tx) => {
    await lockFigure(tx, region.code, input.year, key.value);
    const current = await currentFigure(tx, region.code, input.year, key.value);
    checkRevision(current, input.revises, region.name, input.year, key);
    const row = await writeFigure(tx, ctx, input, current);
    const [loaded] = await selectFigures(tx).where(eq(s.id, row.id));
    return present(loaded, actor, current ? await countRevisions(tx, row) : 0);
  });
}

const countRevisions = async (q: Queryable, f: Pick<FigureRow, 'regionCode' | 'year' | 'key'>) => {
  const [{ n }] = await q.select({ n: sql<number>`count(*)::int` }).from(s).where(and(eq(s.regionCode, f.regionCode), eq(s.year, f.year), eq(s.key, f.key), isNotNull(s.supersededAt)));
  return n;
};

/** The figures in force of these regions for a year, by `${regionCode}:${key}` (the Excel template and its preview). */
export async function figuresInForce(q: Queryable, regionCodes: string[], year: number): Promise<Map<string, FigureRow>> {
  if (!regionCodes.length) return new Map();
  const rows = await q.select().from(s).where(and(inArray(s.regionCode, regionCodes), eq(s.year, year), isNull(s.supersededAt)));
  return new Map(rows.map((r) => [`${r.regionCode}:${r.key}`, r]));
}

/** The region an area's sheet is for (the caller's own, or one within it): the root and the regions one level below it. */
export async function sheetRegions(q: Queryable, actor: Actor, rootCode: string | undefined, path = 'regionCode') {
  const code = rootCode ?? actor.regionCode;
  const root = await requireRegion(q, code, path);
  if (!canStatistic(actor, 'read', root.code)) throw notFound(FIGURES);
  const children = await q.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.parentCode, root.code)).orderBy(regions.code);
  return { root, regions: [{ code: root.code, name: root.name }, ...children] };
}

