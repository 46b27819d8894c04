import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requirePermission } from '../http/context';
import { forbidden } from '../http/errors';
import { pageQuery } from '../http/pagination';
import { driverLoads } from './service';
import { driverLoadPage } from './presenter';

export async function driverRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/driver/loads', {
    schema: { tags: ['manifests'], summary: '我的运输 A driver’s open and today’s loads (his own driver record, from his account), with what he signs next', querystring: z.object(pageQuery), response: { 200: driverLoadPage } },
  }, async (request) => {
    const actor = requirePermission(request, 'manifests.read', 'manifests:read');
    // Only a person with a driver's account has loads of his own; a company's desk uses 转移联单.
    if (actor.role !== 'driver' || actor.via !== 'session') throw forbidden('此页面供驾驶员使用', 'This is the drivers’ page');
    return driverLoads(db, actor, request.query.page, request.query.pageSize);
  });
}
