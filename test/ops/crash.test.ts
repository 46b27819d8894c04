import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpsServer, health, opsAuditKeys, startWithAdmin, waitFor, writeLoad, type Session } from './server';
import { organisations } from '../../src/server/platform/organisations/schema';
import { verifyAuditChain } from '../../src/server/platform/audit/service';

// Issue 19's crash test: under write load, kill -9 the server, then the database, then both; each
// time the platform comes back unattended (the database by the server itself, the server by the same
// start path as `npm start`), and at the end every write that was answered 201 is there and the audit
// chain verifies.
let ops: OpsServer;
let session: Session;
const acknowledged: string[] = [];
beforeAll(async () => { ({ ops, session } = await startWithAdmin()); });
afterAll(async () => { await ops?.stop(); });

async function underLoad(first: number, crash: () => Promise<void>) {
  const load = writeLoad(ops, session, 4, first);
  try {
    await waitFor('writes before the crash', () => load.acknowledged.length >= 20, 30_000, 50);
    await crash();
    await waitFor('health after the crash', async () => (await health(ops.base)) === 200, 90_000);
    const after = load.acknowledged.length;
    await waitFor('writes after the crash', () => load.acknowledged.length >= after + 10, 30_000, 50);
  } finally {
    await load.stop();
    acknowledged.push(...load.acknowledged);
  }
}

describe('crash under write load', () => {
  it('comes back after kill -9 of the server', async () => {
    await underLoad(100_000, async () => {
      await ops.killServer();
      await ops.start();
    });
  });

  it('comes back after kill -9 of the database (the server starts it again)', async () => {
    await underLoad(200_000, async () => {
      process.kill(ops.postmasterPid(), 'SIGKILL');
      await waitFor('the server to notice', () => /stopped unexpectedly/.test(ops.current!.output()), 30_000);
    });
  });

  it('comes back after kill -9 of both', async () => {
    await underLoad(300_000, async () => {
      const postmaster = ops.postmasterPid();
      ops.current!.child.kill('SIGKILL');
      process.kill(postmaster, 'SIGKILL');
      await ops.current!.exited;
      await ops.start();
    });
  });

  it('kept every acknowledged write, and the audit chain verifies', async () => {
    expect(acknowledged.length).toBeGreaterThan(60);
    const database = ops.database();
    try {
      const found = new Set<string>();
      for (let i = 0; i < acknowledged.length; i += 1000) {
        const rows = await database.db.select({ creditCode: organisations.creditCode }).from(organisations).where(inArray(organisations.creditCode, acknowledged.slice(i, i + 1000)));
        for (const row of rows) found.add(row.creditCode);
      }
      expect(acknowledged.filter((code) => !found.has(code))).toEqual([]);
      const chain = await verifyAuditChain(database.db, 5000, opsAuditKeys(ops));
      expect(chain.problems).toEqual([]);
      expect(chain.ok).toBe(true);
    } finally {
      await database.close();
    }
  });
});
