import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/database';
import { manifests } from '../manifests/schema';
import { organisations, licences } from '../platform/organisations/schema';
import { licenceCovers, licenceInForce, licencePrecedence } from '../platform/organisations/licences';

// Receivers licensed for a hazardous-waste code (危险废物经营许可证) and what capacity they have left.

/**
 * Receivers licensed on that date for the code, one row each, with the capacity they have left this
 * year. The licence that counts is the one in force that day (not ended, not superseded, within its
 * validity); of several, the latest governs (licencePrecedence says why not their sum).
 */
export async function licensedReceivers(q: Queryable, wasteCode: string, onDate: string) {
  const day = sql`${onDate}::date`;
  const year = Number(onDate.slice(0, 4));
  // Tonnes already committed this year against each receiver's licence: received, plus loads on their
  // way, of the codes the licence covers (a load of another code counts against the licence that covers
  // it). Computed beside each licence in the same statement, not one query per receiver.
  const committed = sql<number>`(SELECT coalesce(sum(coalesce(m.received_weight_t, m.declared_weight_t)), 0) FROM ${manifests} m
    WHERE m.receiver_id = ${organisations.id} AND m.stream = 'hazardous' AND m.status NOT IN ('cancelled', 'refused')
      AND extract(year FROM m.planned_date) = ${year} AND ${licenceCovers('licences', sql`m.waste_code`)})`.mapWith(Number);
  const rows = await q.selectDistinctOn([organisations.id], { id: organisations.id, name: organisations.name, regionCode: organisations.regionCode, licenceNo: licences.number, capacity: licences.annualCapacityT, committed })
    .from(licences).innerJoin(organisations, eq(organisations.id, licences.organisationId))
    .where(and(eq(organisations.status, 'verified'), licenceInForce('licences', day), licenceCovers('licences', sql`${wasteCode}::text`)))
    .orderBy(organisations.id, licencePrecedence('licences')).limit(200);
  return rows.map(({ committed: t, ...r }) => ({ ...r, remainingT: Math.round((r.capacity - t) * 1000) / 1000 }));
}
