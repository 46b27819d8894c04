import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { ruleCandidates, runRule } from '../../src/server/alarms/engine';
import { ruleByKey } from '../../src/server/alarms/rules';

// The periodic scan reads what the writers keep for it (migration 0053): each vehicle's latest position
// (vehicle_last_positions) and what each batch still holds in store (batch_stock). These tests hold the
// kept state to the records it is kept from, and the rules to reading it rather than the large tables.
let t: TestApp;
let producer: Client, transporter: Client;
let token = '';
const db = () => t.database.db;
const rows = async <T>(query: ReturnType<typeof sql>) => (await db().execute(query)).rows as T[];

beforeAll(async () => {
  t = await startTestApp();
  [producer, transporter] = await Promise.all(['producer.demo', 'transporter.demo'].map((u) => Client.login(t.app, u)));
  token = (await transporter.post('/api/tokens', { name: '车载GPS平台', scopes: ['telemetry:write'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })).json().secret;
}, 120_000);
afterAll(async () => { await t.close(); });

const gps = (points: unknown[]) => t.app.inject({ method: 'POST', url: '/api/telemetry/positions', headers: { authorization: `Bearer ${token}` }, payload: { points } });

/** Every vehicle's latest position as a probe of vehicle_positions finds it, against what is kept. */
const latestMismatches = () => rows<{ vehicle_id: string }>(sql`
  SELECT coalesce(p.vehicle_id, k.vehicle_id) AS vehicle_id
  FROM (SELECT DISTINCT ON (vehicle_id) vehicle_id, at, longitude, latitude FROM vehicle_positions ORDER BY vehicle_id, at DESC) p
  FULL JOIN vehicle_last_positions k ON k.vehicle_id = p.vehicle_id
  WHERE k.vehicle_id IS NULL OR p.vehicle_id IS NULL OR k.at <> p.at OR k.longitude <> p.longitude OR k.latitude <> p.latitude`);

/** Every batch's ledger sum against what is kept (a batch with nothing in store may have no row). */
const stockMismatches = () => rows<{ batch_id: string }>(sql`
  SELECT coalesce(l.batch_id, s.batch_id) AS batch_id
  FROM (SELECT batch_id, sum(quantity_t * store_effect) AS held FROM ledger_movements WHERE batch_id IS NOT NULL GROUP BY batch_id) l
  FULL JOIN batch_stock s ON s.batch_id = l.batch_id
  WHERE coalesce(l.held, 0) <> coalesce(s.held_t, 0)`);

/** The plan of a rule's candidates as the periodic scan runs them. */
const plan = async (key: string) => (await rows<{ 'QUERY PLAN': string }>(sql`EXPLAIN ${ruleCandidates(ruleByKey(key)!, new Date())}`)).map((r) => r['QUERY PLAN']).join('\n');

describe('what the writers keep for the scan', () => {
  it('keeps each vehicle’s latest position as the demo wrote them and as a GPS platform posts them, a late point changing nothing', async () => {
    expect(await latestMismatches()).toEqual([]);
    const [truck] = await rows<{ id: string }>(sql`SELECT id FROM vehicles WHERE plate = '鲁P5D208'`);
    const base = Date.now();
    const at = (minutesAgo: number) => new Date(base - minutesAgo * 60_000).toISOString();
    expect((await gps([{ plate: '鲁P5D208', at: at(20), longitude: 115.71, latitude: 36.81 }, { plate: '鲁P5D208', at: at(5), longitude: 115.75, latitude: 36.83 }])).statusCode).toBe(200);
    // Sent late by the terminal: older than what is kept.
    expect((await gps([{ plate: '鲁P5D208', at: at(10), longitude: 115.9, latitude: 36.9 }])).json()).toEqual({ accepted: 1, duplicates: 0 });
    const [kept] = await rows<{ at: Date; longitude: number; latitude: number }>(sql`SELECT at, longitude, latitude FROM vehicle_last_positions WHERE vehicle_id = ${truck.id}`);
    expect({ at: new Date(kept.at).toISOString(), longitude: kept.longitude, latitude: kept.latitude }).toEqual({ at: at(5), longitude: 115.75, latitude: 36.83 });
    expect(await latestMismatches()).toEqual([]);
  });

  it('keeps what each batch holds in store through store-in, a partial and a full store-out', async () => {
    expect(await stockMismatches()).toEqual([]);
    const old = new Date(Date.now() - 400 * 86_400_000).toISOString();
    const make = async () => (await producer.post('/api/ledger/batches', { wasteCode: '900-041-49', physicalForm: '固态', containerType: '袋', containerVolumeL: 50, containerCount: 1, quantityT: 0.5, generatedAt: old })).json() as { id: string };
    const [part, emptied] = [await make(), await make()];
    expect((await producer.post(`/api/ledger/batches/${part.id}/movements`, { kind: 'store_out', quantityT: 0.2 })).statusCode).toBe(201);
    expect((await producer.post(`/api/ledger/batches/${emptied.id}/movements`, { kind: 'store_out', quantityT: 0.5 })).statusCode).toBe(201);
    const held = new Map((await rows<{ batch_id: string; held_t: string }>(sql`SELECT batch_id, held_t::text FROM batch_stock WHERE batch_id IN (${part.id}::uuid, ${emptied.id}::uuid)`)).map((r) => [r.batch_id, r.held_t]));
    expect(Object.fromEntries(held)).toEqual({ [part.id]: '0.3000', [emptied.id]: '0.0000' });
    expect(await stockMismatches()).toEqual([]);
    // The rule raises the batch still holding 0.3 t, with what it holds, and not the emptied one.
    const raised = await runRule(db(), ruleByKey('storage_overdue')!);
    expect(raised.map((a) => a.subjectId)).toContain(part.id);
    expect(raised.map((a) => a.subjectId)).not.toContain(emptied.id);
    const [details] = await rows<{ details: { inStoreT: number } }>(sql`SELECT details FROM alarms WHERE rule = 'storage_overdue' AND subject_id = ${part.id}`);
    expect(details.details.inStoreT).toBe(0.3);
  });
});

describe('the scan reads what is kept, not the large tables', () => {
  it('finds the latest positions of the transport rules without probing vehicle_positions, and storage without the ledger', async () => {
    for (const key of ['no_track', 'off_corridor', 'long_stop']) expect(await plan(key), key).toContain('vehicle_last_positions');
    // no_track and off_corridor need only the latest position; long_stop still reads the last hour's positions of a standing truck.
    for (const key of ['no_track', 'off_corridor']) expect(await plan(key), key).not.toContain('vehicle_positions');
    const storage = await plan('storage_overdue');
    expect(storage).toContain('batch_stock');
    expect(storage).not.toContain('ledger_movements');
  });
});
