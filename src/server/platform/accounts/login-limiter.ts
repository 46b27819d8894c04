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

// Attempts per client address in a sliding window, in memory, for the public routes' limits
// (perAddressLimit): each server process counts its own, and a restart starts again.
export class LoginLimiter {
  private attempts = new Map<string, number[]>();

  constructor(private readonly max: number, private readonly windowMs: number) {}

  /** Records an attempt and says whether it is over the limit. */
  hit(key: string, now = Date.now()): boolean {
    const recent = (this.attempts.get(key) ?? []).filter((t) => now - t < this.windowMs);
    recent.push(now);
    this.attempts.set(key, recent);
    if (this.attempts.size > 10_000) this.prune(now);
    return recent.length > this.max;
  }

  private prune(now: number) {
    for (const [key, times] of this.attempts) if (times.every((t) => now - t >= this.windowMs)) this.attempts.delete(key);
  }
}

const TOO_OFTEN: Message = { zh: '访问过于频繁，请稍后再试', en: 'Too many requests: try again in a minute' };

/** A public route's limit per client address: the returned check refuses with 429 once an address asked more than `max` times in the window. */
export function perAddressLimit(max: number, windowMs: number, message: Message = TOO_OFTEN) {
  const limiter = new LoginLimiter(max, windowMs);
  return (request: FastifyRequest) => {
    if (limiter.hit(request.ip)) throw new AppError(429, 'TOO_MANY_REQUESTS', message);
  };
}
