import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireActor } from '../http/context';
import { calendarYear, regionCode } from '../http/inputs';
import { departmentOverviewSchema } from '../indicators/department-overview';
import type { ProgressResult } from '../../domain/indicators/progress';
import { recyclingOverview } from './overview';

export async function recyclingOverviewRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/recycling/overview', {
    schema: { tags: ['recycling'], summary: '再生资源指标 The rows of the area’s plan the commerce bureau answers for, computed for the area and year (office, commerce and general departments)',
      querystring: z.object({ regionCode: regionCode.optional(), year: calendarYear.optional() }), response: { 200: departmentOverviewSchema } },
  }, async (request) => {
    const found = await recyclingOverview(db, requireActor(request), request.query);
    return { ...found, rows: found.rows.map((r) => ({ ...r, explanation: r.explanation as ProgressResult['explanation'] })) };
  });
}
