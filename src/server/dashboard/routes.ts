import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireSessionPermission } from '../http/context';
import { calendarYear } from '../http/inputs';
import { dashboard } from './service';
import { dashboardSchema } from './presenter';
import { shanghaiYear } from '../../domain/labels';

export async function dashboardRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/dashboard', {
    schema: { tags: ['dashboard'], summary: '一屏掌控 The wall screen of a region: indicators, flows, manifests in transit, overdue tasks, facilities, trend',
      querystring: z.object({ regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(), year: calendarYear.optional() }), response: { 200: dashboardSchema } },
  }, async (request) => dashboard(db, requireSessionPermission(request, 'organisations.read'), request.query.regionCode, request.query.year ?? shanghaiYear()));
}
