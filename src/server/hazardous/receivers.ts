import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/database';
import { manifests } from '../manifests/schema';
import { organisations, licences } from '../platform/organisations/schema';
import { licenceCovers, licenceInForce, licencePrecedence } from '../platform/organisations/licences';

// Receivers licensed for a hazardous-waste code (危险废物经营许可证) and what capacity they have left.

/**
 * Tonnes already committed this year against a receiver's licence: received, plus loads on their way,
 * of the codes the licence covers (a load of another code counts against the licence that covers it).
 */
async function committedThisYear(q: Queryable, receiverId: string, year: number, licenceId: string): Promise<number> {
  const [row] = await q.select({ t: sql<number>`coalesce(sum(coalesce(${manifests.receivedWeightT}, ${manifests.declaredWeightT})), 0)`.mapWith(Number) }).from(manifests)
    .where(and(eq(manifests.receiverId, receiverId), eq(manifests.stream, 'hazardous'), sql`${manifests.status} NOT IN ('cancelled', 'refused')`, sql`extract(year FROM ${manifests.plannedDate}) = ${year}`,
      sql`EXISTS (SELECT 1 FROM ${licences} WHERE ${licences.id} = ${licenceId} AND ${licenceCovers('licences', sql`${manifests.wasteCode}`)})`));
  return row.t;
}

/**
 * Receivers licensed on that date for the code, one row each, with the capacity they have left this
 * year. The licence that counts is the one in force that day (not ended, not superseded, within its
 * validity); of several, the latest governs (licencePrecedence says why not their sum).
 */
export async function licensedReceivers(q: Queryable, wasteCode: string, onDate: string) {
  const day = sql`${onDate}::date`;
  const rows = await q.selectDistinctOn([organisations.id], { id: organisations.id, name: organisations.name, regionCode: organisations.regionCode, licenceId: licences.id, licenceNo: licences.number, capacity: licences.annualCapacityT })
    .from(licences).innerJoin(organisations, eq(organisations.id, licences.organisationId))
    .where(and(eq(organisations.status, 'verified'), licenceInForce('licences', day), licenceCovers('licences', sql`${wasteCode}::text`)))
    .orderBy(organisations.id, licencePrecedence('licences')).limit(200);
  const year = Number(onDate.slice(0, 4));
  // One after another: `q` may be a transaction, whose one connection takes one query at a time.
  const receivers = [];
  for (const { licenceId, ...r } of rows) receivers.push({ ...r, remainingT: Math.round((r.capacity - (await committedThisYear(q, r.id, year, licenceId))) * 1000) / 1000 });
  return receivers;
}
