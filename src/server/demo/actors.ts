import { eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { loadActorByUserId } from '../platform/accounts/service';
import type { Actor } from '../platform/policy';
import { shanghaiDate } from '../../domain/labels';

/**
 * The demo history is made through the real services, as the demo users: this gives the audit
 * context of a demo login by its username (each loaded once), labelled as the seed's doing.
 */
export function demoActors(db: Db) {
  const actors = new Map<string, Actor>();
  return async (username: string) => {
    if (!actors.has(username)) {
      const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
      if (!u) throw new Error(`demo login ${username} is missing`);
      actors.set(username, await loadActorByUserId(db, u.id));
    }
    return { actor: actors.get(username)!, actorLabel: 'demo-seed' };
  };
}

const DAY = 86_400_000;

/**
 * A moment of the demo's history: `hour` o'clock in Shanghai, `daysAgo` days before `now`, never
 * before the current year began (so that the year's indicators have data even on a start early in
 * January) and never after `now` (a moment later today is moved to a few minutes before now, earlier
 * hours further back, keeping the day's order up to `lastHour`).
 */
export function momentOf(now: Date, daysAgo: number, hour: number, lastHour = 24): Date {
  const yearStart = new Date(`${shanghaiDate(now).slice(0, 4)}-01-01T00:00:00+08:00`);
  const day = shanghaiDate(new Date(Math.max(now.getTime() - daysAgo * DAY, yearStart.getTime())));
  const at = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  return at.getTime() < now.getTime() ? at : new Date(now.getTime() - (lastHour - hour) * 60_000);
}
