import { eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { loadActorByUserId } from '../platform/accounts/service';
import type { Actor } from '../platform/policy';

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
