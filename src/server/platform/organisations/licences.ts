import { asc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/database';
import { licences } from './schema';
import { users } from '../accounts/schema';
import { licenceState } from '../../../domain/licences';
import { shanghaiDate } from '../../../domain/labels';

// Which licence counts, in SQL, for every reader that checks a receiver against its licence: the
// manifest's receiver choice and capacity check, and the licence and capacity alarms. inForceOn() in
// src/domain/licences.ts says the same for one record.

/** The licence row `table` counts on `day`: within its validity, not ended (注销、吊销) or superseded (更正) by then. */
export function licenceInForce(table: string, day: SQL): SQL {
  const l = sql.raw(table);
  return sql`(${l}.valid_from <= ${day} AND ${l}.valid_to >= ${day} AND (${l}.ended_on > ${day} OR (${l}.ended_on IS NULL AND ${l}.active)))`;
}

/** …and names the waste code, itself or its category (HW and the code's last two digits). */
export function licenceCovers(table: string, wasteCode: SQL): SQL {
  const l = sql.raw(table);
  return sql`(${l}.waste_codes @> ARRAY[${wasteCode}]::text[] OR ${l}.waste_codes @> ARRAY['HW' || right(${wasteCode}, 2)]::text[])`;
}

/**
 * When several licences of a receiver count on a day for the same code, the one that governs is the
 * latest: the one that starts last, or of two starting the same day the one recorded last. Not their
 * sum: a renewal (换证) usually overlaps the licence it replaces by weeks, and adding the two would
 * let a receiver take twice its 核准经营规模. Taking the latest can only refuse too much, never allow
 * too much, and a wrong latest licence can now be ended or corrected.
 */
export const licencePrecedence = (table: string): SQL => {
  const l = sql.raw(table);
  return sql`${l}.valid_from DESC, ${l}.created_at DESC, ${l}.id DESC`;
};

export type LicenceEvent = 'added' | 'corrected' | 'ended' | 'superseded';

/** An organisation's licences, oldest first, each with its state today and its history. */
export async function licenceRecords(q: Queryable, organisationId: string, today = shanghaiDate(new Date())) {
  const creator = alias(users, 'licence_creator');
  const ender = alias(users, 'licence_ender');
  const rows = await q.select({ licence: licences, createdByName: creator.displayName, endedByName: ender.displayName }).from(licences)
    .leftJoin(creator, eq(creator.id, licences.createdBy)).leftJoin(ender, eq(ender.id, licences.endedBy))
    .where(eq(licences.organisationId, organisationId)).orderBy(asc(licences.createdAt), asc(licences.id));
  const byId = new Map(rows.map((r) => [r.licence.id, r.licence]));
  const successorOf = new Map(rows.filter((r) => r.licence.supersedesId).map((r) => [r.licence.supersedesId!, r.licence]));
  return rows.map(({ licence: l, createdByName, endedByName }) => {
    const successor = successorOf.get(l.id) ?? null;
    const predecessor = l.supersedesId ? byId.get(l.supersedesId) ?? null : null;
    const history: { event: LicenceEvent; at: Date; by: string | null; on: string | null; reason: string | null; licenceNo: string | null }[] = [
      // A correction's reason is kept on the record it supersedes.
      { event: predecessor ? 'corrected' : 'added', at: l.createdAt, by: createdByName, on: null, reason: predecessor?.endReason ?? null, licenceNo: predecessor?.number ?? null },
    ];
    if (l.endedAt) history.push({ event: successor ? 'superseded' : 'ended', at: l.endedAt, by: endedByName, on: l.endedOn, reason: l.endReason, licenceNo: successor?.number ?? null });
    return { ...l, state: licenceState(l, today, !!successor), supersededById: successor?.id ?? null, history };
  });
}
