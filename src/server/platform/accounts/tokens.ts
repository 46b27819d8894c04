import { and, eq, desc } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { badRequest, notFound } from '../../http/errors';
import type { TokenScope } from '../../../domain/enums';
import { apiTokens } from './schema';
import { newTokenSecret, machineAccount } from './service';
import { recordAudit, type AuditContext } from '../audit/service';
import type { Actor } from '../policy';

// An organisation's machine tokens (接口令牌). The secret's hash is kept, never the secret: it is
// shown once, on creation.

type Ctx = AuditContext & { actor: Actor };

/** What a token's list and answers show: never its secret's hash. */
const columns = { id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, scopes: apiTokens.scopes, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt, createdAt: apiTokens.createdAt };

export async function listTokens(db: Db, actor: Actor) {
  if (!actor.organisationId) return { items: [] };
  // An organisation has a handful of tokens; the list is bounded all the same.
  const items = await db.select(columns).from(apiTokens).where(eq(apiTokens.organisationId, actor.organisationId)).orderBy(desc(apiTokens.createdAt)).limit(200);
  return { items };
}

export interface NewToken { name: string; scopes: TokenScope[]; expiresAt: Date }

/** A token of the actor's organisation, with the machine account it acts as; the answer carries the full secret, once. */
export async function createToken(db: Db, ctx: Ctx, organisationId: string, input: NewToken) {
  const { actor } = ctx;
  const { prefix, full, secretHash } = newTokenSecret();
  const token = await db.transaction(async (tx) => {
    const [row] = await tx.insert(apiTokens).values({ organisationId, name: input.name, prefix, secretHash, scopes: [...new Set(input.scopes)], expiresAt: input.expiresAt, createdBy: actor.userId! }).returning(columns);
    await machineAccount(tx, { id: row.id, prefix, name: row.name, organisationId, regionCode: actor.regionCode });
    await recordAudit(tx, ctx, { action: 'token.create', entityType: 'api_token', entityId: row.id, regionCode: actor.regionCode, organisationId, after: row });
    return row;
  });
  return { ...token, secret: full };
}

/** Revokes a token of the actor's own organisation; another's is not found. */
export async function revokeToken(db: Db, ctx: Ctx, id: string) {
  const { actor } = ctx;
  return db.transaction(async (tx) => {
    const [before] = await tx.select(columns).from(apiTokens).where(and(eq(apiTokens.id, id), eq(apiTokens.organisationId, actor.organisationId ?? '00000000-0000-0000-0000-000000000000'))).for('update');
    if (!before) throw notFound({ zh: '令牌', en: 'Token' });
    if (before.revokedAt) throw badRequest('ALREADY_REVOKED', '该令牌已撤销', 'This token is already revoked');
    const [after] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, before.id)).returning(columns);
    await recordAudit(tx, ctx, { action: 'token.revoke', entityType: 'api_token', entityId: before.id, regionCode: actor.regionCode, organisationId: actor.organisationId, before, after });
    return after;
  });
}
