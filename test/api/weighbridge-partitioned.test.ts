import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { cloneTemplate } from '../support/database';
import { ingestTickets, type TicketInput } from '../../src/server/household/weighbridge';
import { loadActorByUserId } from '../../src/server/platform/accounts/service';
import type { Actor } from '../../src/server/platform/policy';

// Issue 19, retention: with the tickets partitioned by month, a ticket number is unique in the database
// only together with its time out. The same number posted at once with different times out must still
// be stored once: the ingest serialises a facility's posts, so every other post sees the first and is
// refused as a changed ticket (400 TICKET_CHANGED), never stored beside it.
let clone: Awaited<ReturnType<typeof cloneTemplate>>;
let operator: Actor;
let facilityId = '';
const db = () => clone.database.db;

beforeAll(async () => {
  clone = await cloneTemplate();
  const [{ id: userId, organisation_id: org }] = (await db().execute<{ id: string; organisation_id: string }>(sql`SELECT id, organisation_id FROM users WHERE username = 'wte.demo'`)).rows;
  operator = await loadActorByUserId(db(), userId);
  [{ id: facilityId }] = (await db().execute<{ id: string }>(sql`SELECT id FROM household_facilities WHERE organisation_id = ${org} ORDER BY name LIMIT 1`)).rows;
});
afterAll(async () => { await clone?.drop(); });

describe('ticket numbers in a partitioned table', () => {
  it('stores one ticket when the same number arrives eight times at once with different times out', async () => {
    const ticketNo = `PAR-${Date.now()}`;
    const base = Date.now() - 3 * 3_600_000;
    const post = (i: number): TicketInput => ({
      facilityId, ticketNo, plate: '鲁P7Q001', wasteClass: 'other', grossT: 18, tareT: 10, netT: 8,
      // Each in a different month would be the sharpest case; minutes apart already differ in the key.
      inAt: new Date(base + i * 60_000 - 600_000), outAt: new Date(base + i * 60_000),
    });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => ingestTickets(db(), operator, [post(i)], 'user:wte.demo')));
    const accepted = results.filter((r) => r.status === 'fulfilled' && r.value.accepted === 1);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(7);
    for (const reason of refused) expect({ status: reason.status, code: reason.code }).toEqual({ status: 400, code: 'TICKET_CHANGED' });
    const [{ n }] = (await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM weighbridge_tickets WHERE facility_id = ${facilityId} AND ticket_no = ${ticketNo}`)).rows;
    expect(n).toBe(1);
  });

  it('stores one ticket for a number posted at once in two months', async () => {
    const ticketNo = `PAR2-${Date.now()}`;
    const now = Date.now();
    const times = [now - 3_600_000, now - 40 * 86_400_000];
    const results = await Promise.allSettled(times.map((out) => ingestTickets(db(), operator, [{
      facilityId, ticketNo, plate: '鲁P7Q001', wasteClass: 'other', grossT: 18, tareT: 10, netT: 8, inAt: new Date(out - 600_000), outAt: new Date(out),
    }], 'user:wte.demo')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [{ n }] = (await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM weighbridge_tickets WHERE facility_id = ${facilityId} AND ticket_no = ${ticketNo}`)).rows;
    expect(n).toBe(1);
  });
});
