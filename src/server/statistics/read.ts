import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/database';
import { statisticalInputs } from './schema';

export interface StatisticFigure { id: string; regionCode: string; year: number; key: string; value: number; source: string }

/** The figure in force for a region, year and key (a revision replaces the earlier one), or null when none was entered. */
export async function statistic(db: Db, regionCode: string, year: number, key: string): Promise<StatisticFigure | null> {
  const [row] = await db.select({ id: statisticalInputs.id, regionCode: statisticalInputs.regionCode, year: statisticalInputs.year, key: statisticalInputs.key, value: statisticalInputs.value, source: statisticalInputs.source })
    .from(statisticalInputs)
    .where(and(eq(statisticalInputs.regionCode, regionCode), eq(statisticalInputs.year, year), eq(statisticalInputs.key, key), isNull(statisticalInputs.supersededAt)));
  return row ?? null;
}
