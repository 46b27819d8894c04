import type pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database';

// Events between server processes go through PostgreSQL's LISTEN/NOTIFY. A NOTIFY issued inside a
// transaction is delivered only when that transaction commits, so a subscriber never hears of a write
// that rolled back. The payload carries ids only (PostgreSQL refuses payloads of 8000 bytes or more);
// a listener reads the rows it needs.

/** Ids per notification: a uuid and its quotes are 39 bytes, so 150 of them stay far under 8000. */
const IDS_PER_NOTICE = 150;

export async function notifyIds(q: Queryable, channel: string, kind: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += IDS_PER_NOTICE) {
    await q.execute(sql`SELECT pg_notify(${channel}, ${JSON.stringify({ kind, ids: ids.slice(i, i + IDS_PER_NOTICE) })})`);
  }
}

export interface Listener { close: () => Promise<void> }

/**
 * One connection per process, held out of the pool, LISTENing on the given channels. If it drops (a
 * database restart, a terminated backend) another is taken after a short wait; events sent while it
 * was down are lost, which a live feed can afford (the lists read the table).
 */
export async function listen(pool: pg.Pool, handlers: Record<string, (message: { kind: string; ids: string[] }) => void>, log: (line: string) => void = () => {}): Promise<Listener> {
  let client: pg.PoolClient | null = null;
  const released = new WeakSet<pg.PoolClient>();
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const attach = async () => {
    const c = await pool.connect();
    c.on('notification', (n) => {
      const handler = handlers[n.channel];
      if (!handler || !n.payload) return;
      try {
        handler(JSON.parse(n.payload) as { kind: string; ids: string[] });
      } catch (error) {
        log(`live event on ${n.channel} could not be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    let broken = false;
    c.on('error', () => {
      // The broken client goes back to the pool to be discarded, and another one listens. A client
      // already given back (on close) may still report its socket's end: releasing it twice throws
      // out of the event handler and would bring the process down.
      if (broken || released.has(c)) return;
      broken = true;
      if (client === c) client = null;
      released.add(c);
      c.release(true);
      if (!closed) again();
    });
    for (const channel of Object.keys(handlers)) await c.query(`LISTEN "${channel.replace(/"/g, '')}"`);
    client = c;
  };
  const again = () => {
    clearTimeout(retry);
    retry = setTimeout(() => {
      attach().catch((error) => {
        log(`live events: cannot listen yet (${error instanceof Error ? error.message : String(error)}); trying again`);
        if (!closed) again();
      });
    }, 1_000);
    retry.unref();
  };
  await attach();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      if (c) {
        await c.query('UNLISTEN *').catch(() => {});
        if (!released.has(c)) {
          released.add(c);
          c.release();
        }
      }
    },
  };
}
