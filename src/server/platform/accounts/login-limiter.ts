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
