import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from './deps';
import { labelled } from './presenter';
import { ROLES, CAPABILITIES, DOMAINS, TOKEN_SCOPES, ORG_STATUSES, ORG_KINDS, CATALOGUES, USER_STATUSES } from '../../domain/enums';
import { accountRoutes } from '../platform/accounts/routes';
import { regionRoutes } from '../platform/regions/routes';
import { workCalendarRoutes } from '../platform/calendar/routes';
import { organisationRoutes } from '../platform/organisations/routes';
import { userRoutes } from '../platform/accounts/user-routes';
import { tokenRoutes } from '../platform/accounts/token-routes';
import { auditRoutes } from '../platform/audit/routes';
import { catalogueRoutes } from '../catalogues/routes';
import { ledgerRoutes } from '../ledger/routes';
import { manifestRoutes } from '../manifests/routes';
import { printRoutes } from '../print/routes';
import { hazardousRoutes } from '../hazardous/routes';
import { declarationRoutes } from '../declarations/routes';
import { indicatorRoutes } from '../indicators/routes';
import { indicatorComputationRoutes } from '../indicators/computation-routes';
import { taskRoutes } from '../tasks/routes';
import { dashboardRoutes } from '../dashboard/routes';
import { alarmRoutes } from '../alarms/routes';
import { telemetryRoutes } from '../telemetry/routes';
import { webhookRoutes } from '../webhooks/routes';
import { householdRoutes } from '../household/routes';
import { greenRoutes } from '../green/routes';
import { householdExcelRoutes } from '../household/excel-routes';
import { supervisionRoutes } from '../supervision/routes';
import { roundRoutes } from '../rounds/routes';
import { settingRoutes } from '../settings/routes';
import { constructionRoutes } from '../construction/routes';
import { exchangeRoutes } from '../exchange/routes';
import { bulkStorageRoutes } from '../storage-sites/routes';
import { declarationExcelRoutes } from '../declarations/excel-routes';
import { statisticsRoutes } from '../statistics/routes';
import { registersRoutes } from '../registers/routes';
import { kitchenRoutes } from '../kitchen/routes';
import { agriRoutes } from '../agri/routes';
import { recyclingOverviewRoutes } from '../recycling/overview-routes';
import { strawRoutes } from '../straw/routes';
import { filmRoutes } from '../film/routes';
import { pesticideRoutes } from '../pesticide/routes';
import { recyclingRoutes } from '../recycling/routes';
import { recyclingBookingRoutes } from '../recycling-bookings/routes';
import { farmInputRoutes } from '../farm-inputs/routes';
import { carcassRoutes } from '../carcass/routes';
import { livestockRoutes } from '../livestock/routes';
import { recyclingReportRoutes } from '../recycling-reports/routes';
import { surveyRoutes } from '../surveys/routes';
import { cellRoutes } from '../cells/routes';
import { portalRoutes } from '../portal/routes';
import { complaintRoutes } from '../complaints/routes';
import { open311Routes } from '../complaints/open311-routes';
import { inspectionRoutes } from '../inspections/routes';
import { caseRoutes } from '../cases/routes';
import { creditRoutes } from '../credit/routes';
import { geoRoutes } from '../geo/routes';
import { driverRoutes } from '../driver/routes';


export async function registerRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // The database is named when it is the reason: a load balancer takes the server out, an operator
  // knows where to look. The ping is bounded so that a saturated pool cannot hold the answer.
  const databaseDown = z.object({ status: z.literal('unavailable'), database: z.literal('unreachable'), message: z.object({ zh: z.string(), en: z.string() }) });
  api.get('/api/health', {
    schema: { tags: ['platform'], summary: '健康检查 Health (200 once the database answers; 503 naming the database while it does not)', response: { 200: z.object({ status: z.literal('ok') }), 503: databaseDown } },
  }, async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([deps.ping(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('ping timed out')), 5_000); })]);
      return { status: 'ok' as const };
    } catch {
      return reply.status(503).header('retry-after', '5').send({ status: 'unavailable' as const, database: 'unreachable' as const, message: { zh: '数据库无法访问', en: 'The database cannot be reached' } });
    } finally {
      clearTimeout(timer);
    }
  });
  const vocabulary = z.array(labelled);
  const vocabularies = z.object({
    roles: vocabulary, capabilities: vocabulary, domains: vocabulary, tokenScopes: vocabulary, orgStatuses: vocabulary, orgKinds: vocabulary, catalogues: vocabulary, userStatuses: vocabulary,
  });
  api.get('/api/meta/enums', {
    schema: { tags: ['platform'], summary: '枚举值 Vocabularies with labels', response: { 200: vocabularies } },
  }, async () => ({
    roles: [...ROLES.entries], capabilities: [...CAPABILITIES.entries], domains: [...DOMAINS.entries], tokenScopes: [...TOKEN_SCOPES.entries],
    orgStatuses: [...ORG_STATUSES.entries], orgKinds: [...ORG_KINDS.entries], catalogues: [...CATALOGUES.entries], userStatuses: [...USER_STATUSES.entries],
  }));
  api.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await accountRoutes(app, deps);
  await regionRoutes(app, deps);
  await workCalendarRoutes(app, deps);
  await organisationRoutes(app, deps);
  await userRoutes(app, deps);
  await tokenRoutes(app, deps);
  await auditRoutes(app, deps);
  await catalogueRoutes(app, deps);
  await ledgerRoutes(app, deps);
  await manifestRoutes(app, deps);
  await printRoutes(app, deps);
  await hazardousRoutes(app, deps);
  await declarationRoutes(app, deps);
  await indicatorRoutes(app, deps);
  await indicatorComputationRoutes(app, deps);
  await taskRoutes(app, deps);
  await dashboardRoutes(app, deps);
  await alarmRoutes(app, deps);
  await roundRoutes(app, deps);
  await settingRoutes(app, deps);
  await constructionRoutes(app, deps);
  await exchangeRoutes(app, deps);
  await bulkStorageRoutes(app, deps);
  await declarationExcelRoutes(app, deps);
  await statisticsRoutes(app, deps);
  await registersRoutes(app, deps);
  await telemetryRoutes(app, deps);
  await webhookRoutes(app, deps);
  await supervisionRoutes(app, deps);
  await householdRoutes(app, deps);
  await greenRoutes(app, deps);
  await householdExcelRoutes(app, deps);
  await kitchenRoutes(app, deps);
  await agriRoutes(app, deps);
  await recyclingOverviewRoutes(app, deps);
  // 农业固体废物 (issue 16): straw seasons and farm-film ledgers.
  await strawRoutes(app, deps);
  await filmRoutes(app, deps);
  await pesticideRoutes(app, deps);
  await recyclingRoutes(app, deps);
  await recyclingBookingRoutes(app, deps);
  await farmInputRoutes(app, deps);
  await carcassRoutes(app, deps);
  await livestockRoutes(app, deps);
  // 再生资源 (issue 17): the counties' monthly progress reports and the zero-waste cells (无废商场).
  await recyclingReportRoutes(app, deps);
  await cellRoutes(app, deps);
  // 信息公开 and open data (issue 18): the office's articles and datasets, and the public portal's reads.
  await portalRoutes(app, deps);
  // 信访投诉举报 (issue 18): the citizen's reports and the departments' console; Open311 GeoReport v2.
  await complaintRoutes(app, deps);
  await open311Routes(app, deps);
  // 问卷调查 (issue 18): the office's surveys, answered without a login at /s/:id.
  await surveyRoutes(app, deps);
  // 双随机、一公开 and enforcement cases (issue 18).
  await inspectionRoutes(app, deps);
  await caseRoutes(app, deps);
  // 企业环境信用评价 (issue 18).
  await creditRoutes(app, deps);
  await geoRoutes(app, deps);
  await driverRoutes(app, deps);
}
