import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { foldLedgerDeltas, ledgerSums } from '../../src/server/ledger/monthly';

// The ledger's monthly sums: current the moment a movement commits (the trigger's deltas are read
// with the folded table), unchanged by folding, and equal to the naive sum over the raw rows.
let t: TestApp;
let office: Client;
const org = crypto.randomUUID(), user = crypto.randomUUID();

beforeAll(async () => {
  t = await startTestApp();
  office = await Client.login(t.app, 'office.linqing');
});
afterAll(async () => { await t.close(); });

const KINDS = ['generate', 'store_in', 'store_out', 'transfer_out', 'self_utilise'] as const;
const CODES = ['900-041-49', '900-249-08', '336-064-17'];
const TOWNS = ['371581101', '371581109', '371581004'];

async function insert(rows: { town: string; kind: string; code: string; t: number; month: number }[]) {
  if (!rows.length) return;
  await t.database.db.execute(sql`INSERT INTO ledger_movements (region_code, organisation_id, kind, waste_code, quantity_t, store_effect, at, recorded_by)
    SELECT r.town, ${org}::uuid, r.kind, r.code, r.t, 0, make_timestamptz(2025, r.month, 15, 12, 0, 0, 'Asia/Shanghai'), ${user}::uuid
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(town text, kind text, code text, t numeric, month int)`);
}

async function naive(regionPrefix: string) {
  const result = await t.database.db.execute(sql`SELECT kind, 'HW' || right(waste_code, 2) AS category, sum(quantity_t)::float8 AS t FROM ledger_movements
    WHERE region_code LIKE ${`${regionPrefix}%`} AND at >= '2025-01-01T00:00:00+08:00' AND at < '2026-01-01T00:00:00+08:00' GROUP BY 1, 2`);
  return new Map((result.rows as { kind: string; category: string; t: number }[]).map((r) => [`${r.kind}/${r.category}`, Math.round(r.t * 10_000)]));
}
async function summed(regionCode: string) {
  const rows = await ledgerSums(t.database.db, { regionCode, year: 2025, by: ['kind', 'category'] });
  return new Map(rows.filter((r) => r.quantityT !== 0).map((r) => [`${r.kind}/${r.category}`, Math.round(r.quantityT * 10_000)]));
}

describe('ledger monthly sums', () => {
  it('equal the naive sums over the raw rows whether or not the deltas were folded', async () => {
    const row = fc.record({ town: fc.constantFrom(...TOWNS), kind: fc.constantFrom(...KINDS), code: fc.constantFrom(...CODES), t: fc.integer({ min: 1, max: 50_000 }).map((n) => n / 10_000), month: fc.integer({ min: 1, max: 12 }) });
    await fc.assert(fc.asyncProperty(fc.array(fc.array(row, { maxLength: 20 }), { minLength: 1, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), async (batches, folds) => {
      for (const [i, batch] of batches.entries()) {
        await insert(batch);
        if (folds[i]) await foldLedgerDeltas(t.database.db);
      }
      expect(await summed('371581')).toEqual(await naive('371581'));
      expect(await summed('371581109')).toEqual(await naive('371581109'));
    }), { numRuns: 15 });
    await foldLedgerDeltas(t.database.db);
    expect((await t.database.db.execute(sql`SELECT count(*)::int AS n FROM ledger_monthly_delta`)).rows[0].n).toBe(0);
    expect(await summed('371581')).toEqual(await naive('371581'));
  });

  it('reach the dashboard at once, before any fold', async () => {
    const before = (await office.get('/api/dashboard?regionCode=371581&year=2025')).json();
    await insert([{ town: '371581101', kind: 'generate', code: '900-249-08', t: 2.5, month: 3 }, { town: '371581101', kind: 'self_utilise', code: '900-249-08', t: 1, month: 3 }]);
    const after = (await office.get('/api/dashboard?regionCode=371581&year=2025')).json();
    expect(Math.round((after.flows.generatedT - before.flows.generatedT) * 1000)).toBe(2500);
    expect(Math.round((after.trend[2].generatedT - before.trend[2].generatedT) * 1000)).toBe(2500);
    expect(Math.round((after.trend[2].handledT - before.trend[2].handledT) * 1000)).toBe(1000);
    const counties = await ledgerSums(t.database.db, { regionCode: '371581', year: 2025, by: ['region'], regionDigits: 9, kinds: ['generate'] });
    expect(counties.every((c) => c.regionCode.startsWith('371581') && c.regionCode.length === 9)).toBe(true);
  });

  it('count a correction as the kind it corrects (a declaration from Excel lowering 产生量 lowers the month’s generation)', async () => {
    const db = t.database.db;
    const generated = async () => (await ledgerSums(db, { regionCode: '371581108', year: 2025, by: [], kinds: ['generate'] }))[0].quantityT;
    const before = await generated();
    const [{ id }] = (await db.execute<{ id: number }>(sql`INSERT INTO ledger_movements (region_code, organisation_id, kind, waste_code, quantity_t, store_effect, at, recorded_by)
      VALUES ('371581108', ${org}::uuid, 'generate', 'SW02', 120, 0, make_timestamptz(2025, 6, 10, 9, 0, 0, 'Asia/Shanghai'), ${user}::uuid) RETURNING id`)).rows;
    await db.execute(sql`INSERT INTO ledger_movements (region_code, organisation_id, kind, waste_code, quantity_t, store_effect, at, recorded_by, correction_of)
      VALUES ('371581108', ${org}::uuid, 'correction', 'SW02', -15, 0, make_timestamptz(2025, 6, 30, 23, 59, 59, 'Asia/Shanghai'), ${user}::uuid, ${id})`);
    expect(await generated()).toBeCloseTo(before + 105, 4);
    await foldLedgerDeltas(db);
    expect(await generated()).toBeCloseTo(before + 105, 4);
    expect((await ledgerSums(db, { regionCode: '371581108', year: 2025, by: ['kind'] })).map((r) => r.kind)).not.toContain('correction');
  });
});
