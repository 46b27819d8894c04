import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, eq, desc } from 'drizzle-orm';
import type { AppDeps } from '../../http/deps';
import { requireSessionPermission, requireActor, auditContext } from '../../http/context';
import { badRequest, notFound, forbidden } from '../../http/errors';
import { TOKEN_SCOPES } from '../../../domain/enums';
import { apiTokens } from './schema';
import { newTokenSecret, machineAccount } from './service';
import { recordAudit } from '../audit/service';
import { canManageTokens } from '../policy';
import { bilingual } from '../../http/zod-messages';
import { text } from '../organisations/inputs';

const tokenItem = z.object({
  id: z.string(), name: z.string(), prefix: z.string(), scopes: z.array(z.string()), expiresAt: z.date(), revokedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(), createdAt: z.date(),
});
const MAX_DAYS = 366 * 2;

export async function tokenRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const columns = { id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, scopes: apiTokens.scopes, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt, createdAt: apiTokens.createdAt };

  api.get('/api/tokens', { schema: { tags: ['tokens'], summary: '本单位接口令牌 API tokens of your organisation', response: { 200: z.object({ items: z.array(tokenItem) }) } } }, async (request) => {
    const actor = requireSessionPermission(request, 'tokens.manage');
    if (!actor.organisationId) return { items: [] };
    // An organisation has a handful of tokens; the list is bounded all the same.
    const items = await db.select(columns).from(apiTokens).where(eq(apiTokens.organisationId, actor.organisationId)).orderBy(desc(apiTokens.createdAt)).limit(200);
    return { items };
  });

  api.post('/api/tokens', {
    schema: {
      tags: ['tokens'], summary: '新建接口令牌 Create a machine token (the secret is shown once)',
      body: z.object({
        name: text(60).pipe(z.string().min(1)),
        scopes: z.array(z.enum(TOKEN_SCOPES.values)).min(1).max(TOKEN_SCOPES.values.length),
        expiresAt: z.coerce.date().refine((d) => d.getTime() > Date.now() && d.getTime() < Date.now() + MAX_DAYS * 86_400_000, { message: bilingual('有效期须在今天之后、两年之内', 'The expiry must be in the future and within two years') }),
      }).strict(),
      response: { 201: tokenItem.extend({ secret: z.string() }) },
    },
  }, async (request, reply) => {
    const actor = requireSessionPermission(request, 'tokens.manage');
    if (!actor.organisationId || !canManageTokens(actor, actor.organisationId)) throw forbidden();
    const { prefix, full, secretHash } = newTokenSecret();
    const token = await db.transaction(async (tx) => {
      const [row] = await tx.insert(apiTokens).values({ organisationId: actor.organisationId!, name: request.body.name, prefix, secretHash, scopes: [...new Set(request.body.scopes)], expiresAt: request.body.expiresAt, createdBy: actor.userId! }).returning(columns);
      await machineAccount(tx, { id: row.id, prefix, name: row.name, organisationId: actor.organisationId!, regionCode: actor.regionCode });
      await recordAudit(tx, auditContext(request), { action: 'token.create', entityType: 'api_token', entityId: row.id, regionCode: actor.regionCode, organisationId: actor.organisationId, after: row });
      return row;
    });
    return reply.status(201).send({ ...token, secret: full });
  });

  api.post('/api/tokens/:id/revoke', { schema: { tags: ['tokens'], summary: '撤销令牌 Revoke a token', params: z.object({ id: z.uuid() }), response: { 200: tokenItem } } }, async (request) => {
    const actor = requireSessionPermission(request, 'tokens.manage');
    return db.transaction(async (tx) => {
      const [before] = await tx.select(columns).from(apiTokens).where(and(eq(apiTokens.id, request.params.id), eq(apiTokens.organisationId, actor.organisationId ?? '00000000-0000-0000-0000-000000000000'))).for('update');
      if (!before) throw notFound({ zh: '令牌', en: 'Token' });
      if (before.revokedAt) throw badRequest('ALREADY_REVOKED', '该令牌已撤销', 'This token is already revoked');
      const [after] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, before.id)).returning(columns);
      await recordAudit(tx, auditContext(request), { action: 'token.revoke', entityType: 'api_token', entityId: before.id, regionCode: actor.regionCode, organisationId: actor.organisationId, before, after });
      return after;
    });
  });

  api.get('/api/tokens/whoami', {
    schema: { tags: ['tokens'], summary: '令牌自检 What a machine token may do (Bearer)', response: { 200: z.object({ organisationId: z.string().nullable(), scopes: z.array(z.string()), via: z.string() }) } },
  }, async (request) => {
    const actor = requireActor(request);
    return { organisationId: actor.organisationId, scopes: actor.scopes, via: actor.via };
  });
}
