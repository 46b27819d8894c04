import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { regionScopePrefix } from '../../domain/region-code';
import type { LedgerKind } from './schema';

// Reads and upkeep of the ledger's monthly sums (see ledger_monthly and ledger_monthly_county in
// schema.ts, migrations 0011 and 0024).

/**
 * The fold, as one statement: the trigger's deltas leave ledger_monthly_delta and are added to the
 * town-grain sums and, summed by county (the first six digits), to the county-grain sums. One
 * statement, one snapshot: a reader sees a delta either still pending or in both tables, never in one
 * only. Exported for the benchmark, which folds with the server's own statement.
 */
export const FOLD_STATEMENT = `
  WITH moved AS (DELETE FROM ledger_monthly_delta RETURNING region_code, year, month, kind, category, quantity_t, movements),
  town AS (SELECT region_code, year, month, kind, category, sum(quantity_t) AS quantity_t, sum(movements) AS movements FROM moved GROUP BY 1, 2, 3, 4, 5),
  folded AS (
    INSERT INTO ledger_monthly (region_code, year, month, kind, category, quantity_t, movements)
    SELECT region_code, year, month, kind, category, quantity_t, movements FROM town
    ON CONFLICT (region_code, year, month, kind, category)
    DO UPDATE SET quantity_t = ledger_monthly.quantity_t + excluded.quantity_t, movements = ledger_monthly.movements + excluded.movements
    RETURNING 1),
  county AS (
    INSERT INTO ledger_monthly_county (region_code, year, month, kind, category, quantity_t, movements)
    SELECT left(region_code, 6), year, month, kind, category, sum(quantity_t), sum(movements) FROM town GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (region_code, year, month, kind, category)
    DO UPDATE SET quantity_t = ledger_monthly_county.quantity_t + excluded.quantity_t, movements = ledger_monthly_county.movements + excluded.movements
    RETURNING 1)
  SELECT (SELECT count(*) FROM folded)::int AS n, (SELECT count(*) FROM county)::int AS counties`;

/** The lock that lets one folder at a time run across all server processes (and the benchmark). */
export const FOLD_LOCK = `SELECT pg_try_advisory_xact_lock(hashtext('ledger_monthly_fold')) AS locked`;

/** Moves the trigger's deltas into ledger_monthly and ledger_monthly_county; returns the town-grain rows written. */
export async function foldLedgerDeltas(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const [{ locked }] = (await tx.execute(sql.raw(FOLD_LOCK))).rows as { locked: boolean }[];
    if (!locked) return 0;
    const result = await tx.execute(sql.raw(FOLD_STATEMENT));
    return (result.rows[0] as { n: number }).n;
  });
}

export interface LedgerSumRow { kind: LedgerKind; category: string; month: number; regionCode: string; quantityT: number; movements: number }
type Dimension = 'kind' | 'category' | 'month' | 'region';
const COLUMN: Record<Dimension, string> = { kind: 'kind', category: 'category', month: 'month', region: 'region_code' };

export interface LedgerSumsInput { regionCode: string; year: number; by: Dimension[]; kinds?: LedgerKind[]; regionDigits?: number; categoryPrefix?: string }

/**
 * Which sums answer a question: the county grain for a province, city or county unless the answer is
 * grouped by town; the town grain otherwise. A city's view then adds its dozen counties' rows, not
 * every town's.
 */
export function ledgerGrain(input: Pick<LedgerSumsInput, 'regionCode' | 'by' | 'regionDigits'>): 'county' | 'town' {
  const byTown = input.by.includes('region') && !(input.regionDigits !== undefined && input.regionDigits <= 6);
  return regionScopePrefix(input.regionCode).length <= 6 && !byTown ? 'county' : 'town';
}

type SourceInput = Omit<LedgerSumsInput, 'by'>;

/**
 * The rows to sum, as a subquery `s` (region_code, month, kind, category, quantity_t, movements): the
 * folded sums of the grain and the deltas not folded yet, read in one statement so that the figures
 * are current and exact. region_code is cut to `regionDigits` when asked.
 */
function source(input: SourceInput, grain: 'county' | 'town') {
  const like = `${regionScopePrefix(input.regionCode)}%`;
  const kinds = input.kinds?.length ? sql`AND kind IN (${sql.join(input.kinds.map((k) => sql`${k}`), sql`, `)})` : sql``;
  const category = input.categoryPrefix ? sql`AND category LIKE ${`${input.categoryPrefix}%`}` : sql``;
  const region = input.regionDigits ? sql`left(region_code, ${input.regionDigits})` : sql`region_code`;
  const [table, pending] = grain === 'county' ? [sql`ledger_monthly_county`, sql`left(region_code, 6)`] : [sql`ledger_monthly`, sql`region_code`];
  return sql`(SELECT ${region} AS region_code, month, kind, category, quantity_t, movements FROM (
      SELECT region_code, month, kind, category, quantity_t, movements FROM ${table} WHERE year = ${input.year} AND region_code LIKE ${like} ${kinds} ${category}
      UNION ALL SELECT ${pending}, month, kind, category, quantity_t, movements FROM ledger_monthly_delta WHERE year = ${input.year} AND region_code LIKE ${like} ${kinds} ${category}) u) s`;
}

/** A row of sums; the dimensions it is not grouped by are left out (undefined), whichever way it was grouped. */
const toRow = (r: Record<string, unknown>, by: Dimension[]): LedgerSumRow => {
  const value = (d: Dimension) => (by.includes(d) ? r[COLUMN[d]] : undefined);
  return { kind: value('kind') as LedgerKind, category: value('category') as string, month: Number(value('month')), regionCode: value('region') as string, quantityT: Number(r.quantity_t), movements: Number(r.movements) };
};

/**
 * Sums of a region's ledger for a year, grouped by the dimensions asked for. `regionDigits` groups
 * regions by their first digits (6 = counties, 9 = towns) for drill-down.
 */
export async function ledgerSums(db: Db, input: LedgerSumsInput): Promise<LedgerSumRow[]> {
  const [first, ...rest] = input.by;
  if (first) return (await ledgerSumSets(db, { ...input, sets: [[first, ...rest]] }))[0];
  const rows = (await db.execute(sql`SELECT coalesce(sum(quantity_t), 0)::float8 AS quantity_t, coalesce(sum(movements), 0)::int8 AS movements FROM ${source(input, ledgerGrain(input))}`)).rows;
  return rows.map((r) => toRow(r, []));
}

/**
 * The same sums grouped several ways in one pass over the rows (GROUPING SETS): one list of rows per
 * set asked for, in order. The dashboard's flows (category × kind) and trend (month × kind) share a scan.
 */
export async function ledgerSumSets(db: Db, input: SourceInput & { sets: [Dimension, ...Dimension[]][] }): Promise<LedgerSumRow[][]> {
  const grain = input.sets.every((by) => ledgerGrain({ ...input, by }) === 'county') ? 'county' : 'town';
  const dims = [...new Set(input.sets.flat())];
  const columns = (by: Dimension[]) => sql.join(by.map((d) => sql.raw(COLUMN[d])), sql`, `);
  const sums = sql`sum(quantity_t)::float8 AS quantity_t, sum(movements)::int8 AS movements`;
  if (input.sets.length === 1) {
    const rows = (await db.execute(sql`SELECT ${columns(dims)}, ${sums} FROM ${source(input, grain)} GROUP BY ${columns(dims)}`)).rows as Record<string, unknown>[];
    return [rows.map((r) => toRow(r, dims))];
  }
  // GROUPING(a, b, …) sets a bit, leftmost dimension highest, for each dimension a row is not grouped by.
  const mask = (by: Dimension[]) => dims.reduce((m, d, i) => m | (by.includes(d) ? 0 : 1 << (dims.length - 1 - i)), 0);
  const distinct = [...new Map(input.sets.map((by) => [mask(by), by])).values()];
  const rows = (await db.execute(sql`SELECT ${columns(dims)}, GROUPING(${columns(dims)}) AS grouped, ${sums} FROM ${source(input, grain)}
    GROUP BY GROUPING SETS (${sql.join(distinct.map((by) => sql`(${columns(by)})`), sql`, `)})`)).rows as Record<string, unknown>[];
  return input.sets.map((by) => rows.filter((r) => Number(r.grouped) === mask(by)).map((r) => toRow(r, by)));
}
