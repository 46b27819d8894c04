import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrateDatabase } from '../../src/server/db/database';
import { LARGE_TABLES, NOT_YET_KEYED } from '../../src/server/db/large-tables';
import { emptyDatabase } from '../support/database';

// Issue 19, scale-out: every large table's primary key leads with region_code (the key a Citus
// cluster would distribute by, docs/scale-out.md), read from the live schema of a migrated database.

let fresh: Awaited<ReturnType<typeof emptyDatabase>>;
let keys: Map<string, string[]>;

beforeAll(async () => {
  fresh = await emptyDatabase('wufei_keys', 2);
  await migrateDatabase(fresh.database);
  const rows = (await fresh.database.db.execute<{ table: string; columns: string[] }>(sql`
    SELECT c.conrelid::regclass::text AS table, array_agg(a.attname::text ORDER BY k.ord) AS columns
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid AND t.relispartition = false
    CROSS JOIN unnest(c.conkey) WITH ORDINALITY k(att, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att
    WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace GROUP BY 1`)).rows;
  keys = new Map(rows.map((r) => [r.table, r.columns]));
}, 180_000);

afterAll(async () => { await fresh?.drop(); });

describe('scale-out keys', () => {
  it.each(LARGE_TABLES)('%s: the primary key leads with region_code', (table) => {
    expect(keys.get(table), `${table} has no primary key`).toBeDefined();
    expect(keys.get(table)![0], `${table}'s key is (${keys.get(table)!.join(', ')})`).toBe('region_code');
  });

  it('names the large tables left out, each with its reason, and they are indeed not keyed by region yet', () => {
    for (const [table, reason] of Object.entries(NOT_YET_KEYED)) {
      console.log(`not keyed by region yet: ${table} (${(keys.get(table) ?? []).join(', ')}): ${reason}`);
      expect(keys.has(table), `${table} is not a table`).toBe(true);
      expect(keys.get(table)![0], `${table} now leads with region_code: move it to LARGE_TABLES`).not.toBe('region_code');
    }
  });
});

