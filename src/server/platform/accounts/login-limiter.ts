import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { AppError, type Message } from '../../http/errors';

let counted = 0;

/**
 * Counts one attempt of `subject` (a login or a registration from an address) in the database and
 * says whether it is over `max` in the window. One statement, so attempts that arrive at once each
 * count, and the count holds across restarts and server processes. The window is fixed: it starts
 * with the first attempt and the count starts again once it has passed. Rows of windows long gone
 * are pruned now and then (the windows here are minutes long).
 */
export async function overLimit(db: Db, subject: string, max: number, windowMs: number): Promise<boolean> {
  const window = sql`make_interval(secs => ${windowMs / 1000}::double precision)`;
  const { rows } = await db.execute<{ hits: number }>(sql`
    INSERT INTO login_throttle (subject, window_start, hits) VALUES (${subject}, now(), 1)
    ON CONFLICT (subject) DO UPDATE SET
      hits = CASE WHEN login_throttle.window_start <= now() - ${window} THEN 1 ELSE login_throttle.hits + 1 END,
      window_start = CASE WHEN login_throttle.window_start <= now() - ${window} THEN now() ELSE login_throttle.window_start END
    RETURNING hits`);
  if (++counted % 200 === 0) await db.execute(sql`DELETE FROM login_throttle WHERE window_start < now() - interval '1 day'`);
  return rows[0].hits > max;
}

const TOO_OFTEN: Message = { zh: '访问过于频繁，请稍后再试', en: 'Too many requests: try again in a minute' };

export interface AddressLimit {
  /** Names the count: routes sharing a name share the limit. */
  name: string;
  max: number;
  windowMs: number;
  code?: string;
  message?: Message;
}

/**
 * A public route's limit per client address (request.ip, which believes X-Forwarded-For only from
 * WUFEI_TRUST_PROXY): the returned check refuses with 429 once an address asked more than `max`
 * times in the window. Counted by overLimit, in the database like the login limits, so that every
 * server process shares one count and a restart does not wipe it.
 */
export function perAddressLimit(db: Db, limit: AddressLimit) {
  return async (request: FastifyRequest) => {
    if (await overLimit(db, `${limit.name}:${request.ip}`, limit.max, limit.windowMs)) {
      throw new AppError(429, limit.code ?? 'TOO_MANY_REQUESTS', limit.message ?? TOO_OFTEN);
    }
  };
}
