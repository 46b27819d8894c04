import { sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { settingFor } from '../settings/service';
import { POINTS_SETTINGS, expiryOf, rulesFrom, type PointsRules } from '../../domain/green';

// The points ledger (积分台账): append-only entries; what is left of an earn entry is its points less
// what redemptions and an expiry drew from it. The balance is what is left of the entries still valid,
// so it is right before the lapsed ones are swept into expire entries and after.

/** The rules in force for a region: each setting's most specific value. */
export async function rulesFor(q: Queryable, regionCode: string): Promise<PointsRules> {
  // One after another: `q` may be a transaction's single client (a booking's confirmation credits points in its own).
  const values: Record<string, Awaited<ReturnType<typeof settingFor>>> = {};
  for (const s of POINTS_SETTINGS) values[s.key] = await settingFor(q, s.key, regionCode);
  return rulesFrom(values);
}

/**
 * An earn entry: the points a household earned at `at`, lapsing the rules' `expiryMonths` later, for what it
 * rewards (a graded delivery, or a booked pickup paid in points), in the caller's transaction.
 */
export async function awardPoints(tx: Queryable, entry: { householdId: string; regionCode: string; points: number; at: Date; expiryMonths: number; recordedBy: string; deliveryId?: string; bookingId?: string }) {
  const [row] = (await tx.execute<{ id: string }>(sql`INSERT INTO green_points (household_id, region_code, kind, points, at, expires_at, delivery_id, booking_id, recorded_by)
    VALUES (${entry.householdId}, ${entry.regionCode}, 'earn', ${entry.points}, ${entry.at.toISOString()}::timestamptz, ${expiryOf(entry.at, entry.expiryMonths).toISOString()}::timestamptz,
      ${entry.deliveryId ?? null}, ${entry.bookingId ?? null}, ${entry.recordedBy}) RETURNING id`)).rows;
  return row.id;
}

/** What is left of an earn entry `e` (SQL). */
export const remainingSql = (e = sql`e`) => sql`(${e}.points - coalesce((SELECT sum(dr.points) FROM green_point_draws dr WHERE dr.earn_id = ${e}.id), 0))`;

/** The valid balance of household `h` at `now` (SQL): what is left of its earn entries not yet lapsed. */
export const balanceSql = (h: ReturnType<typeof sql>, now: Date) =>
  sql`coalesce((SELECT sum(${remainingSql()}) FROM green_points e WHERE e.household_id = ${h} AND e.kind = 'earn' AND e.expires_at > ${now.toISOString()}::timestamptz), 0)::int`;

/**
 * Writes an expire entry for every lapsed earn entry with something left (of the households named, or
 * all), drawing that remainder. Idempotent: an earn entry lapses once (a unique index on lapsed_id),
 * and a second sweep finds nothing left. The households are locked first, so a redemption under way
 * and a sweep do not draw the same points.
 */
export async function sweepExpired(tx: Queryable, now: Date, householdIds?: string[]): Promise<number> {
  const only = householdIds ? sql`AND e.household_id = ANY(${sql.param(householdIds)}::uuid[])` : sql``;
  const due = (await tx.execute<{ id: string }>(sql`SELECT DISTINCT e.household_id AS id FROM green_points e
    WHERE e.kind = 'earn' AND e.expires_at <= ${now.toISOString()}::timestamptz ${only} AND ${remainingSql()} > 0`)).rows.map((r) => r.id);
  if (!due.length) return 0;
  await tx.execute(sql`SELECT id FROM green_households WHERE id = ANY(${sql.param(due)}::uuid[]) ORDER BY id FOR UPDATE`);
  const written = await tx.execute(sql`
    WITH lapsed AS (
      SELECT e.id, e.household_id, e.region_code, e.expires_at, ${remainingSql()} AS remaining FROM green_points e
      WHERE e.kind = 'earn' AND e.expires_at <= ${now.toISOString()}::timestamptz AND e.household_id = ANY(${sql.param(due)}::uuid[])
    ), expired AS (
      INSERT INTO green_points (household_id, region_code, kind, points, at, lapsed_id, recorded_by)
      SELECT household_id, region_code, 'expire', -remaining, expires_at, id, 'system:expiry' FROM lapsed WHERE remaining > 0
      ON CONFLICT (lapsed_id) WHERE kind = 'expire' DO NOTHING
      RETURNING id, lapsed_id, -points AS points
    )
    INSERT INTO green_point_draws (entry_id, earn_id, points) SELECT id, lapsed_id, points FROM expired`);
  return written.rowCount ?? 0;
}

/** The periodic sweep (src/server/platform.ts, with the alarm scan): every household's lapsed points. */
export const expirePoints = (db: Db, now = new Date()) => db.transaction((tx) => sweepExpired(tx, now));
