import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { cloneTemplate } from '../support/database';

// Issue 19, retention: the records the law says to keep (README, "Retention") cannot be deleted, by the
// application or by hand: on the demo city, where each of these tables holds rows, a DELETE of one row
// and a TRUNCATE are refused by the database, naming the table.
const KEPT = ['manifests', 'manifest_signatures', 'manifest_events', 'manifest_batches', 'manifest_revisions', 'waste_batches',
  'ledger_movements', 'declarations', 'pesticide_sales', 'pesticide_returns', 'pesticide_receipts', 'pesticide_refunds', 'fertiliser_sales'];

// The demo city revises no manifest.
const EMPTY_IN_DEMO = ['manifest_revisions'];

let clone: Awaited<ReturnType<typeof cloneTemplate>>;
const db = () => clone.database.db;
const refusal = (query: Promise<unknown>) => query.then(() => 'done', (error) => String(error?.cause?.message ?? error?.message));

beforeAll(async () => { clone = await cloneTemplate(); });
afterAll(async () => { await clone?.drop(); });

describe('records kept for their legal period', () => {
  it.each(KEPT)('%s: one row cannot be deleted, nor the table truncated', async (table) => {
    const t = sql.identifier(table);
    const [{ n }] = (await db().execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${t}`)).rows;
    if (EMPTY_IN_DEMO.includes(table)) {
      // No row to try: the refusing row trigger is there and enabled.
      const [{ triggers }] = (await db().execute<{ triggers: number }>(sql`
        SELECT count(*)::int AS triggers FROM pg_trigger WHERE tgrelid = ${table}::regclass AND tgname = ${`${table}_kept`} AND tgenabled = 'O'`)).rows;
      expect(triggers).toBe(1);
    } else {
      expect(n, `the demo city has no ${table} to try deleting`).toBeGreaterThan(0);
      expect(await refusal(db().execute(sql`DELETE FROM ${t} WHERE ctid = (SELECT ctid FROM ${t} LIMIT 1)`))).toMatch(new RegExp(`${table} is a record kept for its legal period`));
    }
    expect(await refusal(db().execute(sql`TRUNCATE ${t} CASCADE`))).toMatch(/kept for its legal period/);
    const [{ after }] = (await db().execute<{ after: number }>(sql`SELECT count(*)::int AS after FROM ${t}`)).rows;
    expect(after).toBe(n);
  });
});
