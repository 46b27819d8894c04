import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/app';
import { requireSessionPermission, auditContext } from '../http/context';
import { pageQuery } from '../http/pagination';
import { subscribe, listSubscriptions, deliveries, setActive, ping, WEBHOOK_EVENTS } from './service';

const anyRecord = z.record(z.string(), z.unknown());

export async function webhookRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/webhooks', { schema: { tags: ['webhooks'], summary: '推送订阅 Your organisation’s webhook subscriptions', response: { 200: anyRecord } } },
    async (request) => listSubscriptions(db, requireSessionPermission(request, 'tokens.manage')));
  api.post('/api/webhooks', {
    schema: { tags: ['webhooks'], summary: '订阅事件 Subscribe a URL to events. Deliveries carry X-Wufei-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>; the secret is shown once.',
      body: z.object({ url: z.string().max(500), events: z.array(z.enum(WEBHOOK_EVENTS)).min(1) }).strict(), response: { 201: anyRecord } },
  }, async (request, reply) => {
    const actor = requireSessionPermission(request, 'tokens.manage');
    const host = request.headers.host ?? '';
    return reply.status(201).send(await subscribe(db, { ...auditContext(request), actor }, request.body, [host, `localhost:${host.split(':')[1] ?? ''}`]));
  });
  api.get('/api/webhooks/:id/deliveries', { schema: { tags: ['webhooks'], summary: '推送记录 Deliveries with their status', params: z.object({ id: z.uuid() }), querystring: z.object(pageQuery), response: { 200: anyRecord } } },
    async (request) => deliveries(db, requireSessionPermission(request, 'tokens.manage'), request.params.id, request.query.page, request.query.pageSize));
  api.post('/api/webhooks/:id/:switch', {
    schema: { tags: ['webhooks'], summary: '启用/停用 Switch a subscription on (its failure count starts again) or off', params: z.object({ id: z.uuid(), switch: z.enum(['enable', 'disable']) }), response: { 200: anyRecord } },
  }, async (request) => setActive(db, { ...auditContext(request), actor: requireSessionPermission(request, 'tokens.manage') }, request.params.id, request.params.switch === 'enable'));
  api.post('/api/webhooks/:id/ping', { schema: { tags: ['webhooks'], summary: '测试推送 Queue a ping to check the endpoint', params: z.object({ id: z.uuid() }), response: { 201: anyRecord } } },
    async (request, reply) => reply.status(201).send(await ping(db, requireSessionPermission(request, 'tokens.manage'), request.params.id)));
}
