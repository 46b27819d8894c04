import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireActor, requirePermission, auditContext } from '../http/context';
import { forbidden } from '../http/errors';
import { pageQuery, queryBoolean } from '../http/pagination';
import { decimal, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import { savePlan, submitPlan, myPlan, reviewPlan, planOverview, planDetail } from './plans';
import { declarationDraft, submitDeclaration, declarationOverview, receiverReport, registrationByIndustry, DECLARATION_STREAM_KEYS } from './declarations';
import {
  myPlanSchema, savedPlanSchema, managementPlanSchema, planOverviewSchema, planDetailSchema, declarationDraftSchema, declarationSchema, declarationOverviewSchema,
  registrationSchema, receiverReportSchema, withFigures,
} from './presenter';

// Routes that predate the stream parameter default to the registry's first stream.
const declarationStream = z.enum(DECLARATION_STREAM_KEYS).default(DECLARATION_STREAM_KEYS[0]);
const year = z.coerce.number().int().min(2000).max(2100);
const periodType = z.enum(['month', 'quarter', 'year']);
// 2026-10, 2026-Q3 or 2026 (the service reads it by the period type), from 2000 to 2100.
const period = z.string().trim().max(10).refine((p) => !/^\d{4}/.test(p) || (p.slice(0, 4) >= '2000' && p.slice(0, 4) <= '2100'), { message: bilingual('申报期应在 2000 年至 2100 年之间', 'The period must lie between 2000 and 2100') });
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
  const official = (request: Parameters<typeof auditContext>[0]) => {
    const actor = requirePermission(request, 'organisations.read');
    if (actor.organisationKind !== 'government' && actor.role !== 'platform_admin') throw forbidden();
    return actor;
  };

  api.get('/api/plans/mine/:year', { schema: { tags: ['hazardous'], summary: '本单位管理计划 Your management plan for a year (or what to file)', params: z.object({ year }), response: { 200: myPlanSchema } } },
    async (request) => myPlan(db, requirePermission(request, 'ledger.write'), request.params.year));
  api.put('/api/plans/mine/:year', { schema: { tags: ['hazardous'], summary: '保存管理计划 Save the plan; the management class follows from A.3', params: z.object({ year }), body: planBody, response: { 200: savedPlanSchema } } },
    async (request) => savePlan(db, ctx(request), request.params.year, request.body));
  api.post('/api/plans/mine/:year/submit', { schema: { tags: ['hazardous'], summary: '提交管理计划 Submit the plan for review', params: z.object({ year }), response: { 200: managementPlanSchema } } },
    async (request) => submitPlan(db, ctx(request), request.params.year));
  api.get('/api/plans', {
    schema: { tags: ['hazardous'], summary: '管理计划备案情况 Who has filed, who has not (regulators)', querystring: z.object({ year, status: z.enum(['not_filed', 'draft', 'submitted', 'approved', 'returned']).optional() }).extend(pageQuery), response: { 200: planOverviewSchema } },
  }, async (request) => planOverview(db, official(request), request.query.year, request.query.status, request.query.page, request.query.pageSize));
  api.get('/api/plans/:id', { schema: { tags: ['hazardous'], summary: '管理计划详情 A plan', params: z.object({ id: z.uuid() }), response: { 200: planDetailSchema } } },
    async (request) => planDetail(db, official(request), request.params.id));
  api.post('/api/plans/:id/:verdict', {
    schema: { tags: ['hazardous'], summary: '审核管理计划 Approve or return a plan with comments', params: z.object({ id: z.uuid(), verdict: z.enum(['approve', 'return']) }), body: z.object({ comment: text(1000).optional() }).strict(), response: { 200: managementPlanSchema } },
  }, async (request) => reviewPlan(db, { ...auditContext(request), actor: official(request) }, request.params.id, request.params.verdict === 'approve' ? 'approved' : 'returned', request.body.comment));

  api.get('/api/declarations/draft', {
    schema: { tags: ['hazardous'], summary: '申报草稿 Figures for a period, computed from the ledger and manifests (stream hazardous or industrial)', querystring: z.object({ periodType, period, stream: declarationStream }), response: { 200: declarationDraftSchema } },
  }, async (request) => {
    const draft = await declarationDraft(db, requirePermission(request, 'ledger.write'), request.query.periodType, request.query.period, request.query.stream);
    return { ...draft, submitted: draft.submitted && withFigures(draft.submitted) };
  });
  api.post('/api/declarations', {
    schema: { tags: ['hazardous'], summary: '提交申报 Submit a declaration (figures recomputed at submission; a resubmission is a new version)', body: z.object({ periodType, period, remark: text(500).default(''), stream: declarationStream }).strict(), response: { 201: declarationSchema } },
  }, async (request, reply) => reply.status(201).send(withFigures(await submitDeclaration(db, ctx(request), request.body.periodType, request.body.period, request.body.remark, request.body.stream))));
  api.get('/api/declarations', {
    schema: { tags: ['hazardous'], summary: '申报情况 Who has declared a period and who has not (regulators)', querystring: z.object({ periodType, period: z.string().max(10), missingOnly: queryBoolean.default(false), stream: declarationStream }).extend(pageQuery), response: { 200: declarationOverviewSchema } },
  }, async (request) => {
    const overview = await declarationOverview(db, official(request), request.query.periodType, request.query.period, request.query.missingOnly, request.query.page, request.query.pageSize, request.query.stream);
    // The service types submittedAt as a Date, but it is read by a subquery drizzle does not map: PostgreSQL's text, declared as sent.
    return { ...overview, items: overview.items.map((i) => ({ ...i, submittedAt: i.submittedAt as unknown as string | null })) };
  });
  api.get('/api/declarations/registration', {
    schema: { tags: ['hazardous'], summary: '申报登记率 Share of producers that declared general industrial waste in a year, by industry (target 90%, 100% in power, smelting, chemicals, paper)', querystring: z.object({ year }), response: { 200: registrationSchema } },
  }, async (request) => registrationByIndustry(db, official(request), request.query.year));

  api.get('/api/receivers/report', {
    schema: { tags: ['hazardous'], summary: '利用处置情况 A receiver’s year: received, utilised, disposed by method, against licensed capacity', querystring: z.object({ year, organisationId: z.uuid().optional() }), response: { 200: receiverReportSchema } },
  }, async (request) => {
    const actor = requireActor(request);
    return receiverReport(db, actor, request.query.year, actor.organisationKind === 'enterprise' ? undefined : request.query.organisationId);
  });
}
