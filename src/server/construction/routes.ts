import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requirePermission, requireSessionPermission, auditContext } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { idempotent } from '../http/idempotency';
import { pageQuery } from '../http/pagination';
import { calendarDay, decimal, text } from '../http/inputs';
import { createManifest } from '../manifests/service';
import { constructionHooks, cwCode } from './manifest-hooks';
import { registerProject, updateBuildingAttributes, pageProjects, projectDetail, submitPlan, decidePlan, registerSite, listSites, riskScores } from './service';
import { constructionProjectSchema, constructionProjectPage, constructionProjectDetail, constructionPlanSchema, disposalSiteSchema, disposalSitePage, riskScoresSchema } from './presenter';
import { manifestSchema } from '../manifests/presenter';

// Plan quantities to 0.1 kg; a site's capacity and opening fill as its row keeps them (numeric(14, 2)).
const tonnes = (zh: string, en: string, places = 4) => decimal({ places, max: 10_000_000, what: { zh, en } });
const lon = z.number().min(73).max(136);
const lat = z.number().min(3).max(54);
// 绿色建筑 (GB/T 50378: 基本级, or one to three stars) and 装配式建筑; null or left out: not said.
const building = {
  greenBuilding: z.boolean().nullable().optional(),
  greenStar: z.number().int().min(1, { message: bilingual('星级为1至3星', 'The star rating is 1 to 3') }).max(3, { message: bilingual('星级为1至3星', 'The star rating is 1 to 3') }).nullable().optional(),
  prefabricated: z.boolean().nullable().optional(),
};

export async function constructionRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof auditContext>[0]) => ({ ...auditContext(request), actor: requirePermission(request, 'manifests.read', 'manifests:write') });

  api.post('/api/construction/projects', {
    schema: { tags: ['construction'], summary: '工程项目登记 Register a construction or demolition project with its floor area',
      body: z.object({ name: text(100).pipe(z.string().min(2)), address: text(200).optional(), longitude: lon.optional(), latitude: lat.optional(), kind: z.enum(['new', 'demolition', 'renovation']),
        floorAreaM2: decimal({ places: 2, min: 'above0', max: 100_000_000, what: { zh: '建筑面积', en: 'The floor area' } }), startDate: calendarDay, endDate: calendarDay.optional(), ...building }).strict(),
      response: { 201: constructionProjectSchema } },
  }, async (request, reply) => reply.status(201).send(await registerProject(db, ctx(request), request.body)));

  api.patch('/api/construction/projects/:id', {
    schema: { tags: ['construction'], summary: '绿色建筑、装配式建筑 Say whether the building is green (with its star) and prefabricated: its company, or the housing bureau of its area; the three values are the whole state (null: not said)',
      params: z.object({ id: z.uuid() }), body: z.object({ greenBuilding: building.greenBuilding.unwrap(), greenStar: building.greenStar.unwrap(), prefabricated: building.prefabricated.unwrap() }).strict(),
      response: { 200: constructionProjectSchema } },
  }, async (request) => updateBuildingAttributes(db, { ...auditContext(request), actor: requireSessionPermission(request, 'manifests.read') }, request.params.id, request.body));

  api.get('/api/construction/projects', { schema: { tags: ['construction'], summary: '工程项目 Projects you run or supervise', querystring: z.object(pageQuery), response: { 200: constructionProjectPage } } },
    async (request) => pageProjects(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.query.page, request.query.pageSize));

  api.get('/api/construction/projects/:id', { schema: { tags: ['construction'], summary: '项目详情 A project, its plan versions and its outflow by category', params: z.object({ id: z.uuid() }), response: { 200: constructionProjectDetail } } },
    async (request) => projectDetail(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.params.id));

  api.post('/api/construction/projects/:id/plans', {
    schema: { tags: ['construction'], summary: '报送处理方案 File the disposal plan (a new version each time): categories and quantities, reduction target, transport companies, destinations, route', params: z.object({ id: z.uuid() }),
      body: z.object({
        items: z.array(z.object({ code: cwCode, expectedT: tonnes('产生量', 'Generation'), reuseOnSiteT: tonnes('现场回用量', 'On-site reuse').default(0) }).strict()).min(1).max(5),
        reductionTargetPct: decimal({ places: 2, max: 100, what: { zh: '减量目标', en: 'The reduction target' } }), measures: text(2000).optional(), transporterIds: z.array(z.uuid()).min(1).max(20), siteIds: z.array(z.uuid()).min(1).max(20),
        route: z.array(z.tuple([lon, lat])).max(500).optional(),
      }).strict(), response: { 201: constructionPlanSchema } },
  }, async (request, reply) => reply.status(201).send(await submitPlan(db, ctx(request), request.params.id, request.body)));

  api.post('/api/construction/plans/:id/:verdict', {
    schema: { tags: ['construction'], summary: '审核处理方案 Approve or return a plan (housing bureau)', params: z.object({ id: z.uuid(), verdict: z.enum(['approve', 'return']) }), body: z.object({ comment: text(1000).default('') }).strict(), response: { 200: constructionPlanSchema } },
  }, async (request) => decidePlan(db, ctx(request), request.params.id, request.params.verdict === 'approve', request.body.comment));

  api.post('/api/construction/sites', {
    schema: { tags: ['construction'], summary: '登记消纳场/资源化利用厂 Register a consumption site or recycling plant with its capacity',
      body: z.object({ name: text(100).pipe(z.string().min(2)), kind: z.enum(['consumption', 'recycling']), longitude: lon.optional(), latitude: lat.optional(), capacityT: decimal({ places: 2, min: 'above0', max: 100_000_000, what: { zh: '库容', en: 'The capacity' } }), openingFillT: tonnes('现有存量', 'The opening fill', 2).optional(), accepts: z.array(cwCode).min(1).max(5) }).strict(),
      response: { 201: disposalSiteSchema } },
  }, async (request, reply) => reply.status(201).send(await registerSite(db, ctx(request), request.body)));

  api.get('/api/construction/sites', {
    schema: { tags: ['construction'], summary: '消纳/利用场所 Open sites: name, region, categories taken and whether there is room for every company; capacity, fill and tonnes for the operator and the construction-waste officials of the area (officials: own area only)',
      querystring: z.object({ regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional() }).extend(pageQuery), response: { 200: disposalSitePage } },
  }, async (request) => listSites(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.query.regionCode, request.query.page, request.query.pageSize));

  api.get('/api/construction/risk', { schema: { tags: ['construction'], summary: '风险评估 Risk scores of projects and transport companies from the last 90 days of construction alarms (high 5, medium 3, low 1; double while open)', response: { 200: riskScoresSchema } } },
    async (request) => riskScores(db, requirePermission(request, 'organisations.read')));

  api.post('/api/manifests/construction', {
    schema: { tags: ['construction'], deprecated: true, summary: '建筑垃圾电子联单（已弃用：请用 POST /api/manifests 并注明 "stream": "construction"）One truckload from a project to a site of its approved plan. Deprecated: POST /api/manifests with "stream": "construction". Idempotency-Key makes a resend safe.',
      body: constructionHooks.createBody, response: { 201: manifestSchema } },
  }, async (request, reply) => {
    const c = ctx(request);
    const input = constructionHooks.prepare(request.body);
    return idempotent(db, request, reply, 201, (q) => createManifest(q, c, input, 'construction'));
  });
}
