import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, Client, type TestApp } from '../support/app';
import { foldLedgerDeltas, ledgerSumSets, ledgerSums } from '../../src/server/ledger/monthly';

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
  const result = await t.database.db.execute(sql`SELECT kind, waste_category(waste_code) AS category, sum(quantity_t)::float8 AS t FROM ledger_movements
    WHERE region_code LIKE ${`${regionPrefix}%`} AND at >= '2025-01-01T00:00:00+08:00' AND at < '2026-01-01T00:00:00+08:00' GROUP BY 1, 2`);
  return new Map((result.rows as { kind: string; category: string; t: number }[]).map((r) => [`${r.kind}/${r.category}`, Math.round(r.t * 10_000)]));
}
async function summed(regionCode: string) {
  const rows = await ledgerSums(t.database.db, { regionCode, year: 2025, by: ['kind', 'category'] });
  return new Map(rows.filter((r) => r.quantityT !== 0).map((r) => [`${r.kind}/${r.category}`, Math.round(r.quantityT * 10_000)]));
}

/** Cells where the county grain differs from the town grain summed by county (both folded tables, every year). */
async function grainsDiffer() {
  return (await t.database.db.execute(sql`
    WITH town AS (SELECT left(region_code, 6) AS county, year, month, kind, category, sum(quantity_t) AS q, sum(movements) AS n FROM ledger_monthly GROUP BY 1, 2, 3, 4, 5),
    county AS (SELECT region_code AS county, year, month, kind, category, quantity_t AS q, movements AS n FROM ledger_monthly_county)
    SELECT * FROM town FULL JOIN county USING (county, year, month, kind, category) WHERE town.q IS DISTINCT FROM county.q OR town.n IS DISTINCT FROM county.n`)).rows;
}

describe('ledger monthly sums', () => {
  it('equal the naive sums over the raw rows whether or not the deltas were folded', async () => {
    const row = fc.record({ town: fc.constantFrom(...TOWNS), kind: fc.constantFrom(...KINDS), code: fc.constantFrom(...CODES), t: fc.integer({ min: 1, max: 50_000 }).map((n) => n / 10_000), month: fc.integer({ min: 1, max: 12 }) });
    await fc.assert(fc.asyncProperty(fc.array(fc.array(row, { maxLength: 20 }), { minLength: 1, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), async (batches, folds) => {
      for (const [i, batch] of batches.entries()) {
        await insert(batch);
        if (folds[i]) await foldLedgerDeltas(t.database.db);
      }
      // A town reads the town grain; a county, its city and the province read the county grain.
      expect(await summed('371581109')).toEqual(await naive('371581109'));
      expect(await summed('371581')).toEqual(await naive('371581'));
      expect(await summed('371500')).toEqual(await naive('3715'));
      expect(await summed('370000')).toEqual(await naive('37'));
      expect(await grainsDiffer()).toEqual([]);
    }), { numRuns: 15 });
    await foldLedgerDeltas(t.database.db);
    expect((await t.database.db.execute(sql`SELECT count(*)::int AS n FROM ledger_monthly_delta`)).rows[0].n).toBe(0);
    expect(await summed('371581')).toEqual(await naive('371581'));
    expect(await summed('371500')).toEqual(await naive('3715'));
    expect(await grainsDiffer()).toEqual([]);
  });

  it('grouped several ways in one pass, equal the same sums asked one way at a time', async () => {
    await insert([{ town: '371581109', kind: 'generate', code: '900-041-49', t: 1.25, month: 7 }]);
    const key = (rows: { kind: string; category: string; month: number; regionCode: string; quantityT: number; movements: number }[]) =>
      rows.map((r) => `${r.kind}/${r.category}/${r.month}/${r.regionCode}=${Math.round(r.quantityT * 10_000)}×${r.movements}`).sort();
    for (const regionCode of ['371500', '371581', '371581109']) {
      const [byCategory, byMonth, byCounty] = await ledgerSumSets(t.database.db, { regionCode, year: 2025, sets: [['category', 'kind'], ['month', 'kind'], ['region']], regionDigits: 6 });
      expect(byCategory.length).toBeGreaterThan(0);
      expect(key(byCategory)).toEqual(key(await ledgerSums(t.database.db, { regionCode, year: 2025, by: ['category', 'kind'] })));
      expect(key(byMonth)).toEqual(key(await ledgerSums(t.database.db, { regionCode, year: 2025, by: ['month', 'kind'] })));
      expect(key(byCounty)).toEqual(key(await ledgerSums(t.database.db, { regionCode, year: 2025, by: ['region'], regionDigits: 6 })));
    }
  });

  it('keep the county grain equal to the town grain summed by county, and both equal to the raw rows, while writers and the fold run at once', async () => {
    // 2019: a year no other test and no demo record touches, so the raw rows of that year are this test's only.
    const db = t.database.db;
    const towns = ['371581101', '371581109', '371525001', '370829104', '370105'];
    let writing = true, reads = 0;
    const raw2019 = sql`SELECT left(region_code, 6) AS county, extract(month FROM at AT TIME ZONE 'Asia/Shanghai')::int AS month, kind, waste_category(waste_code) AS category, sum(quantity_t) AS q, count(*) AS n
      FROM ledger_movements WHERE at >= '2019-01-01T00:00:00+08:00' AND at < '2020-01-01T00:00:00+08:00' GROUP BY 1, 2, 3, 4`;
    // One statement, one snapshot: what a reader of either grain sees (folded sums plus pending deltas) against the raw rows.
    const mismatches = async () => (await db.execute(sql`
      WITH pending AS (SELECT left(region_code, 6) AS county, month, kind, category, quantity_t AS q, movements AS n FROM ledger_monthly_delta WHERE year = 2019),
      town AS (SELECT county, month, kind, category, sum(q) AS q, sum(n) AS n FROM (SELECT left(region_code, 6) AS county, month, kind, category, quantity_t AS q, movements AS n FROM ledger_monthly WHERE year = 2019 UNION ALL SELECT * FROM pending) x GROUP BY 1, 2, 3, 4),
      county AS (SELECT county, month, kind, category, sum(q) AS q, sum(n) AS n FROM (SELECT region_code AS county, month, kind, category, quantity_t AS q, movements AS n FROM ledger_monthly_county WHERE year = 2019 UNION ALL SELECT * FROM pending) x GROUP BY 1, 2, 3, 4),
      raw AS (${raw2019})
      SELECT county, month, kind, category, raw.q AS raw, town.q AS town, county.q AS county_grain FROM raw FULL JOIN town USING (county, month, kind, category) FULL JOIN county USING (county, month, kind, category)
      WHERE raw.q IS DISTINCT FROM town.q OR raw.q IS DISTINCT FROM county.q OR raw.n IS DISTINCT FROM town.n OR raw.n IS DISTINCT FROM county.n`)).rows;
    const writer = async (w: number) => {
      for (let i = 0; i < 12; i++) {
        const rows = Array.from({ length: 1 + ((w + i) % 5) }, (_, j) => ({ town: towns[(w + i + j) % towns.length], kind: KINDS[(w * 3 + j) % KINDS.length], code: CODES[(i + j) % CODES.length], t: (1 + w + i * j) / 100, month: 1 + ((w + i + j) % 12) }));
        await db.execute(sql`INSERT INTO ledger_movements (region_code, organisation_id, kind, waste_code, quantity_t, store_effect, at, recorded_by)
          SELECT r.town, ${org}::uuid, r.kind, r.code, r.t, 0, make_timestamptz(2019, r.month, 15, 12, 0, 0, 'Asia/Shanghai'), ${user}::uuid
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(town text, kind text, code text, t numeric, month int)`);
      }
    };
    const folder = async () => { while (writing) await foldLedgerDeltas(db); };
    const reader = async () => {
      while (writing) {
        expect(await mismatches()).toEqual([]);
        reads++;
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer)).finally(() => { writing = false; });
    await Promise.all([writers, folder(), folder(), reader()]);
    expect(reads).toBeGreaterThan(0);
    await foldLedgerDeltas(db);
    expect(await mismatches()).toEqual([]);
    expect(await grainsDiffer()).toEqual([]);
    const [{ n }] = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ledger_monthly_county WHERE year = 2019`)).rows;
    expect(n).toBeGreaterThan(0);
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
