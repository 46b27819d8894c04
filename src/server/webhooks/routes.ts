import os from 'node:os';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireSessionPermission, auditContext } from '../http/context';
import { pageQuery } from '../http/pagination';
import { bilingual } from '../http/zod-messages';
import { subscribe, listSubscriptions, deliveries, setActive, removeSubscription, ping, WEBHOOK_EVENTS } from './service';
import { subscriptionPage, newSubscriptionSchema, removedSubscriptionSchema, deliveryPage, subscriptionSchema, deliverySchema, type WebhookEnvelope } from './presenter';

const idParams = z.object({ id: z.uuid() });

export async function webhookRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Webhooks are an enterprise administrator's (tokens.manage), from a session, for the organisation's own endpoints.
  const ctx = (request: FastifyRequest) => ({ ...auditContext(request), actor: requireSessionPermission(request, 'tokens.manage') });
  // This server as a subscriber could name it: the Host it is called by, and its own name and addresses on its port.
  const selfHosts = (request: FastifyRequest) => [request.headers.host ?? '', ...['localhost', '127.0.0.1', '[::1]', os.hostname()].map((h) => `${h}:${config.port}`)].filter(Boolean);

  api.get('/api/webhooks', { schema: { tags: ['webhooks'], summary: '推送订阅 Your organisation’s webhook subscriptions, with why a switched-off one was switched off', querystring: z.object(pageQuery), response: { 200: subscriptionPage } } },
    async (request) => listSubscriptions(db, ctx(request).actor, request.query.page, request.query.pageSize));

  api.post('/api/webhooks', {
    schema: {
      tags: ['webhooks'],
      summary: '订阅事件 Subscribe a public http(s) URL to events. Deliveries are POSTed as JSON {event, id, occurredAt, data} with X-Wufei-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>; the secret is shown once. Failed deliveries are retried after 1, 5, 30, 120 and 720 minutes; 8 failures in a row switch the endpoint off.',
      body: z.object({
        url: z.string().trim().min(1).max(500, { message: bilingual('地址不能超过 500 个字符', 'The URL must be at most 500 characters') }),
        events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, { message: bilingual('请至少选择一个事件', 'Choose at least one event') })
          .max(WEBHOOK_EVENTS.length, { message: bilingual(`事件最多 ${WEBHOOK_EVENTS.length} 个`, `At most ${WEBHOOK_EVENTS.length} events`) }),
      }).strict(),
      response: { 201: newSubscriptionSchema },
    },
  }, async (request, reply) => reply.status(201).send(await subscribe(db, ctx(request), request.body, selfHosts(request))));

  api.delete('/api/webhooks/:id', { schema: { tags: ['webhooks'], summary: '删除订阅 Delete a subscription and its delivery log', params: idParams, response: { 200: removedSubscriptionSchema } } },
    async (request) => removeSubscription(db, ctx(request), request.params.id));

  api.get('/api/webhooks/:id/deliveries', { schema: { tags: ['webhooks'], summary: '推送记录 Deliveries with their status, attempts, last result and next attempt', params: idParams, querystring: z.object(pageQuery), response: { 200: deliveryPage } } },
    async (request) => {
      const page = await deliveries(db, ctx(request).actor, request.params.id, request.query.page, request.query.pageSize);
      // The column is typed loosely (jsonb); every payload is the envelope enqueue() and ping() build.
      return { ...page, items: page.items.map((d) => ({ ...d, payload: d.payload as WebhookEnvelope })) };
    });

  api.post('/api/webhooks/:id/enable', { schema: { tags: ['webhooks'], summary: '重新启用 Switch a subscription back on; its failure count starts again', params: idParams, response: { 200: subscriptionSchema } } },
    async (request) => setActive(db, ctx(request), request.params.id, true));

  api.post('/api/webhooks/:id/disable', { schema: { tags: ['webhooks'], summary: '停用 Switch a subscription off', params: idParams, response: { 200: subscriptionSchema } } },
    async (request) => setActive(db, ctx(request), request.params.id, false));

  api.post('/api/webhooks/:id/ping', { schema: { tags: ['webhooks'], summary: '测试推送 Queue a ping event to check the endpoint and its signature check', params: idParams, response: { 201: deliverySchema } } },
    async (request, reply) => {
      const delivery = await ping(db, ctx(request), request.params.id);
      return reply.status(201).send({ ...delivery, payload: delivery.payload as WebhookEnvelope });
    });
}
