import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { inArray } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { listen, notifyIds } from '../live/notify';
import { alarms } from './schema';
import type { RaisedAlarm } from './engine';

// The live alarm feed across server processes: the transaction that raises or moves an alarm NOTIFYs
// its id, and every process (each has one listener) reads the alarm and hands it to its own streams.
const CHANNEL = 'wufei_alarms';

export type AlarmEvent = { type: 'raised' | 'changed'; alarm: RaisedAlarm };

/** Inside the writing transaction: sent on commit only. */
export function notifyAlarms(q: Queryable, type: AlarmEvent['type'], ids: readonly string[]) {
  return ids.length ? notifyIds(q, CHANNEL, type, ids) : Promise.resolve();
}

/** This process's feed: an emitter of 'alarm' events, fed by one LISTEN connection from the pool. */
export async function alarmFeed(db: Db, log: (line: string) => void = () => {}) {
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  // Events keep their order: each notice is read after the previous one was handed over.
  let queue = Promise.resolve();
  // drizzle keeps the pool it was given as $client (connect() in db/database.ts); its type omits it.
  const listener = await listen((db as unknown as { $client: pg.Pool }).$client, {
    [CHANNEL]: ({ kind, ids }) => {
      queue = queue.then(async () => {
        if (!bus.listenerCount('alarm')) return;
        const rows = await db.select({
          id: alarms.id, rule: alarms.rule, severity: alarms.severity, regionCode: alarms.regionCode, organisationId: alarms.organisationId,
          title: alarms.title, titleEn: alarms.titleEn, subjectType: alarms.subjectType, subjectId: alarms.subjectId, status: alarms.status,
        }).from(alarms).where(inArray(alarms.id, ids));
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const id of ids) {
          const alarm = byId.get(id);
          if (alarm) bus.emit('alarm', { type: kind as AlarmEvent['type'], alarm } satisfies AlarmEvent);
        }
      }).catch((error) => log(`live alarm could not be read: ${error instanceof Error ? error.message : String(error)}`));
    },
  }, log);
  return { bus, close: () => listener.close() };
}
