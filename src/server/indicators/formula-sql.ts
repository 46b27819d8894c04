import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { regionScopePrefix } from '../../domain/region-code';
import { parseTarget, toBaseUnit } from '../../domain/indicators/targets';
import { statistic } from '../statistics/read';
import type { FormulaInput, FormulaQuery, RecordsPage, Text } from './formula';

// Pieces the formulas share: the area and year as SQL, statistics and base-year figures, and the
// record lists behind a value (manifests, organisations with their sums).

/** `column LIKE '371581%'`: the region and everything below it. */
export const inArea = (column: SQL, regionCode: string) => sql`${column} LIKE ${`${regionScopePrefix(regionCode)}%`}`;

/** A date column within the calendar year. */
export const inYearDate = (column: SQL, year: number) => sql`${column} >= make_date(${year}, 1, 1) AND ${column} < make_date(${year + 1}, 1, 1)`;

/** A timestamp column within the calendar year in Asia/Shanghai. */
export const inYearTime = (column: SQL, year: number) =>
  sql`${column} >= make_timestamptz(${year}, 1, 1, 0, 0, 0, 'Asia/Shanghai') AND ${column} < make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, 'Asia/Shanghai')`;

/** The first day of the next year in Asia/Shanghai: "at the end of the year" means before this. */
export const yearEndTime = (year: number) => sql`make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, 'Asia/Shanghai')`;

export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return (await db.execute(query)).rows as T[];
}

/** A statistics figure as an input, with the sentence that says it is missing. */
export async function statisticInput(db: Db, regionCode: string, year: number, key: string, label: Text) {
  const figure = await statistic(db, regionCode, year, key);
  const missing = figure ? undefined : { zh: `尚未录入${year}年${label.zh}（统计数据）`, en: `No ${label.en} for ${year} has been entered (statistics)` };
  return { value: figure?.value ?? null, missing, source: figure?.source };
}

/** The inputs of a rate over the area's medical institutions (医疗废物收集处置体系覆盖率, 医疗卫生机构可回收物回收率). */
export const MEDICAL_POPULATION_INPUTS: FormulaInput[] = [
  { key: 'registered', kind: 'registry', label: { zh: '平台登记的医疗卫生机构', en: 'Registered medical institutions' }, unit: '个' },
  { key: 'statistics', kind: 'statistics', label: { zh: '统计的医疗卫生机构数', en: 'Medical institutions (statistics)' }, unit: '个' },
];

/** How many medical institutions the area has: the larger of those registered and the statistics bureau's count, with both as inputs. */
export async function medicalPopulation(db: Db, q: FormulaQuery, registered: number) {
  const counted = await statisticInput(db, q.regionCode, q.year, 'medical_institutions', { zh: '医疗卫生机构数量', en: 'medical institutions' });
  return { all: Math.max(registered, counted.value ?? 0), inputs: [{ key: 'registered', value: registered }, { key: 'statistics', value: counted.value, note: counted.missing }] };
}

/**
 * The base-year figure of a decline (下降幅度) in tonnes: the statistics bureau's figure for the plan's
 * base year if entered, else the indicator's own baseline when the table states it in tonnes.
 */
export async function baselineTonnes(db: Db, q: FormulaQuery, key: string): Promise<{ value: number | null; from: Text }> {
  const figure = await statistic(db, q.regionCode, q.baselineYear, key);
  if (figure) return { value: figure.value, from: { zh: `${q.baselineYear}年统计数据（${figure.source}）`, en: `${q.baselineYear} statistics (${figure.source})` } };
  const parsed = parseTarget(q.baselineText);
  if (parsed.kind === 'numeric') {
    const base = toBaseUnit(parsed.value, parsed.unit);
    if (base.unit === '吨') return { value: base.value, from: { zh: '指标体系中的基准值', en: 'The baseline stated in the plan' } };
  }
  return { value: null, from: { zh: `尚无${q.baselineYear}年基准值`, en: `No ${q.baselineYear} baseline` } };
}

const MANIFEST_COLUMNS: RecordsPage['columns'] = [
  { key: 'number', label: { zh: '联单编号', en: 'Manifest' } },
  { key: 'date', label: { zh: '转移日期', en: 'Date' }, kind: 'date' },
  { key: 'producer', label: { zh: '移出单位', en: 'Producer' } },
  { key: 'receiver', label: { zh: '接收单位', en: 'Receiver' } },
  { key: 'wasteCode', label: { zh: '废物代码', en: 'Waste code' } },
  { key: 'method', label: { zh: '利用处置方式', en: 'Method' } },
  { key: 'weightT', label: { zh: '计入量（吨）', en: 'Counted (t)' }, kind: 'tonnes' },
];

/** Manifests as records: `where` selects them (alias m, producer p, receiver r), `weight` the tonnes each counted with. */
export async function manifestRecords(db: Db, where: SQL, weight: SQL, page: { offset: number; limit: number }): Promise<RecordsPage> {
  const found = await rows<{ id: string; number: string; date: string; producer: string; receiver: string; waste_code: string; method: string | null; weight_t: number; total: number }>(db, sql`
    SELECT m.id, m.number, m.planned_date::text AS date, p.name AS producer, r.name AS receiver, m.waste_code, m.data->>'treatmentMethod' AS method,
      (${weight})::float8 AS weight_t, count(*) OVER ()::int AS total
    FROM manifests m JOIN organisations p ON p.id = m.producer_id JOIN organisations r ON r.id = m.receiver_id
    WHERE ${where}
    ORDER BY m.planned_date DESC, m.number LIMIT ${page.limit} OFFSET ${page.offset}`);
  return {
    columns: MANIFEST_COLUMNS,
    items: found.map((f) => ({ id: f.id, href: `/manifests/${f.id}`, cells: { number: f.number, date: f.date, producer: f.producer, receiver: f.receiver, wasteCode: f.waste_code, method: f.method, weightT: f.weight_t } })),
    total: found[0]?.total ?? (page.offset > 0 ? await countOf(db, sql`SELECT count(*)::int AS n FROM manifests m JOIN organisations p ON p.id = m.producer_id JOIN organisations r ON r.id = m.receiver_id WHERE ${where}`) : 0),
  };
}

/** Organisations as records, each with the figures it contributed: `query` selects id, name, region_code and the columns' keys, with `total` as count(*) OVER (). */
export async function organisationRecords(db: Db, columns: RecordsPage['columns'], query: SQL, countQuery: SQL, page: { offset: number; limit: number }): Promise<RecordsPage> {
  const found = await rows<Record<string, string | number | null> & { id: string; total: number }>(db, sql`${query} LIMIT ${page.limit} OFFSET ${page.offset}`);
  return {
    columns: [{ key: 'name', label: { zh: '单位', en: 'Organisation' } }, { key: 'region', label: { zh: '所在区域', en: 'Area' } }, ...columns],
    items: found.map(({ id, total: _total, ...cells }) => ({ id, href: `/organisations/${id}`, cells })),
    total: found[0]?.total ?? (page.offset > 0 ? await countOf(db, countQuery) : 0),
  };
}

async function countOf(db: Db, query: SQL) {
  const [row] = await rows<{ n: number }>(db, query);
  return row?.n ?? 0;
}
