import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireSessionPermission, auditContext } from '../http/context';
import { settingsFor, changeSetting } from './service';
import { settingsSchema, settingChangeSchema } from './presenter';

export async function settingRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/settings', { schema: { tags: ['settings'], summary: '本辖区设置 Settings in force for your region, and where each value comes from', response: { 200: settingsSchema } } },
    async (request) => settingsFor(db, requireSessionPermission(request, 'organisations.read')));
  api.put('/api/settings/:key', {
    schema: { tags: ['settings'], summary: '调整设置 Set a value for your own region (office, or the competent department)', params: z.object({ key: z.string().max(60) }), body: z.object({ value: z.number() }).strict(), response: { 200: settingChangeSchema } },
  }, async (request) => changeSetting(db, { ...auditContext(request), actor: requireSessionPermission(request, 'organisations.read') }, request.params.key, request.body.value));
}
