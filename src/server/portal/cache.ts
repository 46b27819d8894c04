// The public portal's answers are the same for every visitor of an area, so each is computed at most
// once per interval and shared: a burst of visitors costs one set of queries (the first caller's), not
// one per visitor, and never touches a write path. Callers arriving while it is computed wait for the
// same promise; a failure is not kept.

interface Entry { at: number; value: Promise<unknown> }

export class PublicCache {
  private entries = new Map<string, Entry>();
  /** How many times a value was computed (not served from the cache): for tests and the bench. */
  computed = 0;

  constructor(private ttlMs: number, private maxEntries = 500) {}

  get<T>(key: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    this.computed++;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { at: now, value });
    value.catch(() => { if (this.entries.get(key)?.value === value) this.entries.delete(key); });
    // The oldest entries go first once the map is full (a Map iterates in insertion order).
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** After the office publishes or withdraws something, an area's answers are computed again. */
  forget(prefix = '') {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
