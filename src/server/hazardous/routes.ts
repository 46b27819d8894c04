import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireOfficial, requirePermission, auditContext } from '../http/context';
import { pageQuery } from '../http/pagination';
import { calendarYear, decimal, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import { savePlan, submitPlan, myPlan, reviewPlan, planOverview, planDetail } from './plans';
import { myPlanSchema, savedPlanSchema, managementPlanSchema, planOverviewSchema, planDetailSchema } from './presenter';

const year = calendarYear;
const generationRow = z.object({
  wasteCode: z.string().trim().regex(/^\d{3}-\d{3}-\d{2}$/, { message: bilingual('废物代码格式应为 900-041-49', 'Waste codes look like 900-041-49') }),
  internalName: text(100).optional(), expectedT: decimal({ places: 4, max: 10_000_000, what: { zh: '预计产生量', en: 'The expected quantity' } }),
  physicalForm: text(20).optional(), hazardousComponents: text(200).optional(), facility: text(60).optional(),
}).strict();
// The other tables of HJ 1259 (A.1 the company, A.2 facilities, A.4 storage, A.5 own utilisation, A.6
// reduction, A.7 transfers) are rows of named cells: text, a finite number, yes/no or empty.
const cell = z.union([text(2000), z.number().finite().min(-1e12).max(1e12), z.boolean(), z.null()]);
const tableRow = z.record(z.string().max(60), cell).refine((row) => Object.keys(row).length <= 60, { message: bilingual('一行最多60个字段', 'A row has at most 60 fields') });
const tableRows = z.array(tableRow).max(500);
const planBody = z.object({
  ownFacility: z.boolean().default(false),
  tables: z.object({
    A1: tableRow.optional(), A2: tableRows.optional(), A3: z.array(generationRow).min(1).max(500),
    A4: tableRows.optional(), A5: tableRows.optional(), A6: tableRow.optional(), A7: tableRows.optional(),
  }).strict(),
}).strict();

export async function hazardousRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof auditContext>[0]) => ({ ...auditContext(request), actor: requirePermission(request, 'ledger.write', 'ledger:write') });

  api.get('/api/plans/mine/:year', { schema: { tags: ['hazardous'], summary: '本单位管理计划 Your management plan for a year (or what to file)', params: z.object({ year }), response: { 200: myPlanSchema } } },
    async (request) => myPlan(db, requirePermission(request, 'ledger.write'), request.params.year));
  api.put('/api/plans/mine/:year', { schema: { tags: ['hazardous'], summary: '保存管理计划 Save the plan; the management class follows from A.3', params: z.object({ year }), body: planBody, response: { 200: savedPlanSchema } } },
    async (request) => savePlan(db, ctx(request), request.params.year, request.body));
  api.post('/api/plans/mine/:year/submit', { schema: { tags: ['hazardous'], summary: '提交管理计划 Submit the plan for review', params: z.object({ year }), response: { 200: managementPlanSchema } } },
    async (request) => submitPlan(db, ctx(request), request.params.year));
  api.get('/api/plans', {
    schema: { tags: ['hazardous'], summary: '管理计划备案情况 Who has filed, who has not (regulators)', querystring: z.object({ year, status: z.enum(['not_filed', 'draft', 'submitted', 'approved', 'returned']).optional() }).extend(pageQuery), response: { 200: planOverviewSchema } },
  }, async (request) => planOverview(db, requireOfficial(request, 'organisations.read'), request.query.year, request.query.status, request.query.page, request.query.pageSize));
  api.get('/api/plans/:id', { schema: { tags: ['hazardous'], summary: '管理计划详情 A plan', params: z.object({ id: z.uuid() }), response: { 200: planDetailSchema } } },
    async (request) => planDetail(db, requireOfficial(request, 'organisations.read'), request.params.id));
  api.post('/api/plans/:id/:verdict', {
    schema: { tags: ['hazardous'], summary: '审核管理计划 Approve or return a plan with comments', params: z.object({ id: z.uuid(), verdict: z.enum(['approve', 'return']) }), body: z.object({ comment: text(1000).optional() }).strict(), response: { 200: managementPlanSchema } },
  }, async (request) => reviewPlan(db, { ...auditContext(request), actor: requireOfficial(request, 'organisations.read') }, request.params.id, request.params.verdict === 'approve' ? 'approved' : 'returned', request.body.comment));
}
