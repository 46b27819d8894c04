import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { regionScopePrefix } from '../../domain/region-code';
import type { LedgerKind } from './schema';

// Reads and upkeep of the ledger's monthly sums (see ledger_monthly in schema.ts and migration 0011).

/** Moves the trigger's deltas into ledger_monthly; one folder at a time across all server processes. */
export async function foldLedgerDeltas(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const [{ locked }] = (await tx.execute(sql`SELECT pg_try_advisory_xact_lock(hashtext('ledger_monthly_fold')) AS locked`)).rows as { locked: boolean }[];
    if (!locked) return 0;
    const result = await tx.execute(sql`
      WITH moved AS (DELETE FROM ledger_monthly_delta RETURNING region_code, year, month, kind, category, quantity_t, movements),
      folded AS (
        INSERT INTO ledger_monthly (region_code, year, month, kind, category, quantity_t, movements)
        SELECT region_code, year, month, kind, category, sum(quantity_t), sum(movements) FROM moved GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (region_code, year, month, kind, category)
        DO UPDATE SET quantity_t = ledger_monthly.quantity_t + excluded.quantity_t, movements = ledger_monthly.movements + excluded.movements
        RETURNING 1)
      SELECT count(*)::int AS n FROM folded`);
    return (result.rows[0] as { n: number }).n;
  });
}

export interface LedgerSumRow { kind: LedgerKind; category: string; month: number; regionCode: string; quantityT: number; movements: number }
type Dimension = 'kind' | 'category' | 'month' | 'region';
const COLUMN: Record<Dimension, string> = { kind: 'kind', category: 'category', month: 'month', region: 'region_code' };

/**
 * Sums of a region's ledger for a year, grouped by the dimensions asked for. `regionDigits` groups
 * regions by their first digits (6 = counties, 9 = towns) for drill-down.
 */
export async function ledgerSums(db: Db, input: { regionCode: string; year: number; by: Dimension[]; kinds?: LedgerKind[]; regionDigits?: number; categoryPrefix?: string }): Promise<LedgerSumRow[]> {
  const like = `${regionScopePrefix(input.regionCode)}%`;
  const kinds = input.kinds?.length ? sql`AND kind IN (${sql.join(input.kinds.map((k) => sql`${k}`), sql`, `)})` : sql``;
  const category = input.categoryPrefix ? sql`AND category LIKE ${`${input.categoryPrefix}%`}` : sql``;
  const regionExpr = input.regionDigits ? sql`left(region_code, ${input.regionDigits})` : sql`region_code`;
  const select = input.by.map((d) => (d === 'region' ? sql`${regionExpr} AS region_code` : sql.raw(COLUMN[d])));
  const group = input.by.map((_, i) => sql.raw(String(i + 1)));
  const source = sql`(SELECT region_code, month, kind, category, quantity_t, movements FROM ledger_monthly WHERE year = ${input.year} AND region_code LIKE ${like} ${kinds} ${category}
    UNION ALL SELECT region_code, month, kind, category, quantity_t, movements FROM ledger_monthly_delta WHERE year = ${input.year} AND region_code LIKE ${like} ${kinds} ${category}) s`;
  const query = input.by.length
    ? sql`SELECT ${sql.join(select, sql`, `)}, sum(quantity_t)::float8 AS quantity_t, sum(movements)::int8 AS movements FROM ${source} GROUP BY ${sql.join(group, sql`, `)}`
    : sql`SELECT coalesce(sum(quantity_t), 0)::float8 AS quantity_t, coalesce(sum(movements), 0)::int8 AS movements FROM ${source}`;
  const rows = (await db.execute(query)).rows as Record<string, unknown>[];
  return rows.map((r) => ({ kind: r.kind as LedgerKind, category: r.category as string, month: Number(r.month), regionCode: r.region_code as string, quantityT: Number(r.quantity_t), movements: Number(r.movements) }));
}
