import type { FastifyRequest } from 'fastify';
import { AppError, type Message } from '../../http/errors';

// Attempts per client address in a sliding window, in memory: the per-account lockout in the
// database is what holds across restarts and servers; this keeps one address from trying many accounts.
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
