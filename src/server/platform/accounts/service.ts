import crypto from 'node:crypto';
import { eq, sql, and, gt, isNull } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/database';
import { users, sessions, apiTokens } from './schema';
import { organisations } from '../organisations/schema';
import { regions } from '../regions/schema';
import { hashPassword, verifyPassword, dummyPasswordHash } from './passwords';
import { AppError } from '../../http/errors';
import { recordAudit, type AuditContext } from '../audit/service';
import type { Actor } from '../policy';
import type { Role, Domain, OrgKind, OrgStatus, TokenScope } from '../../../domain/enums';

export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MINUTES = 15;

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

// One answer for an unknown account, a wrong password and a locked account: it must not tell which accounts exist.
const badCredentials = () => new AppError(401, 'BAD_CREDENTIALS', {
  zh: `用户名或密码错误（连续失败${LOCKOUT_AFTER}次，账号将锁定${LOCKOUT_MINUTES}分钟）`,
  en: `Wrong username or password (${LOCKOUT_AFTER} failures in a row lock the account for ${LOCKOUT_MINUTES} minutes)`,
});

const actorColumns = {
  userId: users.id, username: users.username, role: users.role, regionCode: users.regionCode, domain: users.domain,
  organisationId: users.organisationId, organisationKind: organisations.kind, organisationStatus: organisations.status,
};

type ActorRow = { userId: string; username: string; role: string; regionCode: string; domain: string | null; organisationId: string | null; organisationKind: string | null; organisationStatus: string | null };

function toActor(row: ActorRow, via: 'session' | 'token', tokenId: string | null = null, scopes: TokenScope[] = []): Actor {
  return {
    via, tokenId, scopes,
    // A token's writes are recorded under its machine account (api_tokens.user_id).
    userId: row.userId,
    username: row.username,
    role: row.role as Role,
    regionCode: row.regionCode,
    domain: row.domain as Domain | null,
    organisationId: row.organisationId,
    organisationKind: row.organisationKind as OrgKind | null,
    organisationStatus: row.organisationStatus as OrgStatus | null,
  };
}

export interface NewSession { token: string; csrfToken: string; expiresAt: Date; actor: Actor }

export async function login(db: Db, input: { username: string; password: string; ip: string; userAgent: string | null; sessionHours: number }): Promise<NewSession> {
  const [user] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${input.username})`).limit(1);
  // A token's machine account has no password: it answers like an unknown name.
  if (!user || user.kind === 'machine') {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw badCredentials();
  }
  // The attempt is counted before the password is checked, in one statement: attempts that arrive at
  // once each count, and only the first LOCKOUT_AFTER of them are checked at all. The one that reaches
  // the limit locks the account; once a lock has run out, counting starts again.
  const counted = await db.execute<{ attempt: number }>(sql`
    UPDATE users SET
      failed_logins = CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
      locked_until = CASE WHEN locked_until <= now() THEN NULL
        WHEN locked_until IS NULL AND failed_logins + 1 >= ${LOCKOUT_AFTER} THEN now() + make_interval(mins => ${LOCKOUT_MINUTES}::int) ELSE locked_until END
    WHERE id = ${user.id} RETURNING failed_logins AS attempt`);
  const attempt = Number(counted.rows[0].attempt);
  if (attempt > LOCKOUT_AFTER) {
    // Locked: the same answer after the same hashing time as a wrong password.
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw badCredentials();
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    if (attempt === LOCKOUT_AFTER) {
      await recordAudit(db, { actor: null, actorLabel: user.username, ip: input.ip }, { action: 'login.lock', entityType: 'user', entityId: user.id, regionCode: user.regionCode, organisationId: user.organisationId, after: { lockedMinutes: LOCKOUT_MINUTES } });
    }
    throw badCredentials();
  }
  if (user.status !== 'active') {
    throw new AppError(403, 'ACCOUNT_DISABLED', { zh: '账号已停用，请联系管理员', en: 'This account is disabled; contact your administrator' });
  }
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + input.sessionHours * 3_600_000);
  const actor = await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({ tokenHash: sha256(token), userId: user.id, csrfToken, expiresAt, ip: input.ip, userAgent: input.userAgent });
    const loaded = await loadActorByUserId(tx, user.id);
    await recordAudit(tx, { actor: loaded, ip: input.ip }, { action: 'login', entityType: 'user', entityId: user.id, regionCode: user.regionCode, organisationId: user.organisationId });
    return loaded;
  });
  return { token, csrfToken, expiresAt, actor };
}

export async function loadActorByUserId(q: Queryable, userId: string): Promise<Actor> {
  const [row] = await q.select(actorColumns).from(users).leftJoin(organisations, eq(organisations.id, users.organisationId)).where(eq(users.id, userId));
  return toActor(row, 'session');
}

export async function sessionActor(db: Db, token: string): Promise<{ actor: Actor; csrfToken: string } | null> {
  const [row] = await db
    .select({ ...actorColumns, csrfToken: sessions.csrfToken, status: users.status })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, new Date())));
  if (!row || row.status !== 'active') return null;
  return { actor: toActor(row, 'session'), csrfToken: row.csrfToken };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

/** What the `me` answer shows: the user's account, its region and its organisation (a resident has none). */
export async function accountOf(db: Db, actor: Actor) {
  // Side by side: every page load of the console waits on /api/auth/me, which reads these three.
  const [[user], [region], [organisation]] = await Promise.all([
    db.select().from(users).where(eq(users.id, actor.userId!)),
    db.select().from(regions).where(eq(regions.code, actor.regionCode)),
    actor.organisationId ? db.select().from(organisations).where(eq(organisations.id, actor.organisationId)) : Promise.resolve([]),
  ]);
  return { user, region, organisation: organisation ?? null };
}
export type Account = Awaited<ReturnType<typeof accountOf>>;

export async function changePassword(db: Db, ctx: AuditContext & { actor: Actor }, currentPassword: string, newPassword: string, keepSessionToken: string | null): Promise<void> {
  const userId = ctx.actor.userId!;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError(400, 'WRONG_PASSWORD', { zh: '当前密码不正确', en: 'The current password is wrong' }, 'currentPassword', [{ path: 'currentPassword', message: { zh: '当前密码不正确', en: 'The current password is wrong' } }]);
  }
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, userId));
    // Other sessions end: a changed password should lock out whoever knew the old one.
    await tx.delete(sessions).where(keepSessionToken ? and(eq(sessions.userId, userId), sql`${sessions.tokenHash} <> ${sha256(keepSessionToken)}`) : eq(sessions.userId, userId));
    await recordAudit(tx, ctx, { action: 'password.change', entityType: 'user', entityId: userId, regionCode: user.regionCode, organisationId: user.organisationId });
  });
}

// Machine tokens look like wf_<prefix>_<secret>; the prefix finds the row, the secret's hash must match.
export function newTokenSecret(): { prefix: string; secret: string; full: string; secretHash: string } {
  const prefix = randomToken(6).replace(/[-_]/g, 'x');
  const secret = randomToken(32);
  return { prefix, secret, full: `wf_${prefix}_${secret}`, secretHash: sha256(secret) };
}

export async function tokenActor(db: Db, bearer: string): Promise<Actor | null> {
  const match = /^wf_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,})$/.exec(bearer);
  if (!match) return null;
  const [row] = await db
    .select({ id: apiTokens.id, secretHash: apiTokens.secretHash, scopes: apiTokens.scopes, name: apiTokens.name, prefix: apiTokens.prefix, userId: apiTokens.userId,
      organisationId: organisations.id, organisationKind: organisations.kind, organisationStatus: organisations.status, regionCode: organisations.regionCode })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .where(and(eq(apiTokens.prefix, match[1]), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, new Date())));
  if (!row) return null;
  const given = Buffer.from(sha256(match[2]));
  if (!crypto.timingSafeEqual(given, Buffer.from(row.secretHash))) return null;
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  const userId = row.userId ?? await db.transaction((tx) => machineAccount(tx, { id: row.id, prefix: row.prefix, name: row.name, organisationId: row.organisationId, regionCode: row.regionCode }));
  return toActor({
    userId, username: `token:${row.name} (${row.prefix})`, role: 'enterprise_member', regionCode: row.regionCode, domain: null,
    organisationId: row.organisationId, organisationKind: row.organisationKind, organisationStatus: row.organisationStatus,
  }, 'token', row.id, row.scopes as TokenScope[]);
}

/**
 * The machine account a token acts as: what the token writes (manifests, signatures, ledger entries,
 * audit rows) names it, so a weighbridge's signature is never passed off as a person's. Its username
 * `token:<prefix>` cannot be chosen by a person (usernames have no colon), it has no password and
 * login refuses it.
 */
export async function machineAccount(tx: Queryable, token: { id: string; prefix: string; name: string; organisationId: string; regionCode: string }): Promise<string> {
  const [user] = await tx.insert(users).values({
    username: `token:${token.prefix}`, passwordHash: '!', displayName: `接口令牌：${token.name}`, role: 'enterprise_member',
    organisationId: token.organisationId, regionCode: token.regionCode, kind: 'machine',
  }).onConflictDoNothing().returning({ id: users.id });
  const id = user?.id ?? (await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${`token:${token.prefix}`})`))[0].id;
  await tx.update(apiTokens).set({ userId: id }).where(eq(apiTokens.id, token.id));
  return id;
}
