import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../platform/policy';
import { tokenAllows } from '../platform/policy';
import { keepsHousehold, inArea, areaSql } from '../household/access';

// Who touches green accounts (ADR 0006):
// - the keepers of the household register (urban management, housing, the office, the admin) of the
//   area: register households, read accounts, deliveries, rates;
// - a collection point's operator: its users (a collector at the station) and its machine tokens
//   with green:write (a smart bin) record deliveries and grades there; its users redeem points;
// - a resident: his own household only.

export { keepsHousehold, inArea };

const ENTERPRISE = new Set(['enterprise_admin', 'enterprise_member']);

/** Whether the actor acts for the operator of a facility: a user of a verified operator, or its token with green:write. */
export function operates(a: Actor, facility: { organisationId: string | null }, { token = true } = {}): boolean {
  if (!a.organisationId || facility.organisationId !== a.organisationId) return false;
  if (a.via === 'token') return token && tokenAllows(a, 'green:write');
  return ENTERPRISE.has(a.role) && a.organisationStatus === 'verified';
}

/**
 * Households (and their deliveries and ledger) the actor may read, by the household's columns
 * (`h` is the green_households row): keepers their area, an operator the households of the counties
 * of its collection points (a card must be looked up before a delivery), a resident his own.
 */
export function visibleHouseholds(a: Actor, h = sql`h`): SQL {
  if (keepsHousehold(a)) return areaSql(a, sql`${h}.region_code`);
  if (a.role === 'resident' && a.userId) return sql`${h}.user_id = ${a.userId}`;
  if (a.organisationId && (a.via === 'session' ? ENTERPRISE.has(a.role) && a.organisationStatus === 'verified' : tokenAllows(a, 'green:write'))) {
    return sql`${h}.county_code IN (SELECT left(f.region_code, 6) FROM household_facilities f WHERE f.organisation_id = ${a.organisationId} AND f.kind = 'collection_point')`;
  }
  return sql`false`;
}

/** Deliveries the actor may read, by the delivery's columns (`d`): keepers their area, an operator its own points', a resident his own. */
export function visibleDeliveries(a: Actor, d = sql`d`): SQL {
  if (keepsHousehold(a)) return areaSql(a, sql`${d}.region_code`);
  if (a.role === 'resident' && a.userId) return sql`${d}.household_id IN (SELECT id FROM green_households WHERE user_id = ${a.userId})`;
  if (a.organisationId && (a.via === 'session' ? ENTERPRISE.has(a.role) : tokenAllows(a, 'green:write'))) {
    return sql`${d}.facility_id IN (SELECT f.id FROM household_facilities f WHERE f.organisation_id = ${a.organisationId})`;
  }
  return sql`false`;
}
