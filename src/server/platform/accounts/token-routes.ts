import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/deps';
import { requireSessionPermission, requireCaller, auditContext } from '../../http/context';
import { forbidden } from '../../http/errors';
import { TOKEN_SCOPES } from '../../../domain/enums';
import { listTokens, createToken, revokeToken } from './tokens';
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

  api.get('/api/tokens', { schema: { tags: ['tokens'], summary: '本单位接口令牌 API tokens of your organisation', response: { 200: z.object({ items: z.array(tokenItem) }) } } }, async (request) => {
    return listTokens(db, requireSessionPermission(request, 'tokens.manage'));
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
    return reply.status(201).send(await createToken(db, { ...auditContext(request), actor }, actor.organisationId, request.body));
  });

  api.post('/api/tokens/:id/revoke', { schema: { tags: ['tokens'], summary: '撤销令牌 Revoke a token', params: z.object({ id: z.uuid() }), response: { 200: tokenItem } } }, async (request) => {
    const actor = requireSessionPermission(request, 'tokens.manage');
    return revokeToken(db, { ...auditContext(request), actor }, request.params.id);
  });

  api.get('/api/tokens/whoami', {
    schema: { tags: ['tokens'], summary: '令牌自检 What a machine token may do (Bearer)', response: { 200: z.object({ organisationId: z.string().nullable(), scopes: z.array(z.string()), via: z.string() }) } },
  }, async (request) => {
    const actor = requireCaller(request);
    return { organisationId: actor.organisationId, scopes: actor.scopes, via: actor.via };
  });
}
