import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireScope, requireSession, requireSessionPermission, auditContext } from '../http/context';
import { forbidden } from '../http/errors';
import { pageQuery, queryBoolean } from '../http/pagination';
import { text } from '../platform/organisations/inputs';
import { pageAlarms, alarmStats, alarmDetail, moveAlarm, canSeeAlarm } from './service';
import { scanAll } from './engine';
import { alarmFeed, type AlarmEvent } from './live';
import { ALARM_STATUSES } from './schema';
import { alarmPage, alarmStatsSchema, alarmScanSchema, alarmDetailSchema, alarmSchema } from './presenter';

export async function alarmRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Alarms raised or moved by any server process reach this one's streams (LISTEN/NOTIFY).
  const feed = await alarmFeed(db, (line) => app.log.warn(line));
  app.addHook('onClose', async () => { await feed.close(); });

  api.get('/api/alarms', {
    schema: { tags: ['alarms'], summary: '预警列表 Alarms within your scope', querystring: z.object({ status: z.enum(ALARM_STATUSES).optional(), open: queryBoolean.optional(), rule: z.string().max(40).optional(), severity: z.enum(['low', 'medium', 'high']).optional() }).extend(pageQuery), response: { 200: alarmPage } },
  }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    return pageAlarms(db, requireScope(request, 'alarms:read', 'manifests:read'), f, page, pageSize);
  });
  api.get('/api/alarms/stats', { schema: { tags: ['alarms'], summary: '预警统计 Counts per region and rule', response: { 200: alarmStatsSchema } } }, async (request) => alarmStats(db, requireSessionPermission(request, 'organisations.read')));
  api.get('/api/alarms/stream', { schema: { tags: ['alarms'], summary: '预警实时推送 Server-sent events: raised and changed alarms you may see' } }, async (request, reply) => {
    const actor = requireScope(request, 'alarms:read', 'manifests:read');
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    reply.raw.write(': connected\n\n');
    // Each event is checked as the list would check it (a department's check asks the database), one
    // after another so that the events keep their order.
    let queue = Promise.resolve();
    const send = (event: AlarmEvent) => {
      queue = queue.then(async () => {
        if (!reply.raw.destroyed && (await canSeeAlarm(db, actor, event.alarm))) reply.raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event.alarm)}\n\n`);
      }).catch((error) => request.log.error({ err: error }, 'alarm stream check failed'));
    };
    const ping = setInterval(() => reply.raw.write(': ping\n\n'), 25_000);
    feed.bus.on('alarm', send);
    request.raw.on('close', () => {
      clearInterval(ping);
      feed.bus.off('alarm', send);
    });
  });
  api.post('/api/alarms/scan', { schema: { tags: ['alarms'], summary: '立即扫描 Run every rule now (platform administrator)', response: { 200: alarmScanSchema } } }, async (request) => {
    const actor = requireSessionPermission(request, 'regions.read');
    if (actor.role !== 'platform_admin') throw forbidden();
    return { rules: await scanAll(db) };
  });
  api.get('/api/alarms/:id', { schema: { tags: ['alarms'], summary: '预警详情 An alarm and its history', params: z.object({ id: z.uuid() }), response: { 200: alarmDetailSchema } } },
    async (request) => alarmDetail(db, requireScope(request, 'alarms:read', 'manifests:read'), request.params.id));
  api.post('/api/alarms/:id/:action', {
    schema: { tags: ['alarms'], summary: '办理 assign / handle / verify / dismiss / reopen', params: z.object({ id: z.uuid(), action: z.enum(['assign', 'handle', 'verify', 'dismiss', 'reopen']) }),
      body: z.object({ note: text(1000).optional(), ownerUserId: z.uuid().optional() }).strict(), response: { 200: alarmSchema } },
    // Handling an alarm is a person's work: a token receives alarms (webhooks, the list) but does not act on them.
}, async (request) => moveAlarm(db, { ...auditContext(request), actor: requireSession(request) }, request.params.id, request.params.action, request.body));
}
