import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireActor, requireOfficial, requirePermission, auditContext } from '../http/context';
import { pageQuery, queryBoolean } from '../http/pagination';
import { calendarYear, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import { declarationDraft, submitDeclaration, declarationOverview, receiverReport, registrationByIndustry, DECLARATION_STREAM_KEYS } from './service';
import { declarationDraftSchema, declarationSchema, declarationOverviewSchema, registrationSchema, receiverReportSchema, withFigures } from './presenter';

// 申报 over HTTP: a company's draft and submission, the regulators' overview and registration rate, a
// receiver's year report. The Excel declaration of general industrial waste is excel-routes.ts.

// Routes that predate the stream parameter default to the registry's first stream.
const declarationStream = z.enum(DECLARATION_STREAM_KEYS).default(DECLARATION_STREAM_KEYS[0]);
const year = calendarYear;
const periodType = z.enum(['month', 'quarter', 'year']);
// 2026-10, 2026-Q3 or 2026 (the service reads it by the period type), from 2000 to 2100.
const period = z.string().trim().max(10).refine((p) => !/^\d{4}/.test(p) || (p.slice(0, 4) >= '2000' && p.slice(0, 4) <= '2100'), { message: bilingual('申报期应在 2000 年至 2100 年之间', 'The period must lie between 2000 and 2100') });

export async function declarationRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof auditContext>[0]) => ({ ...auditContext(request), actor: requirePermission(request, 'ledger.write', 'ledger:write') });

  api.get('/api/declarations/draft', {
    schema: { tags: ['declarations'], summary: '申报草稿 Figures for a period, computed from the ledger and manifests (stream hazardous or industrial)', querystring: z.object({ periodType, period, stream: declarationStream }), response: { 200: declarationDraftSchema } },
  }, async (request) => {
    const draft = await declarationDraft(db, requirePermission(request, 'ledger.write'), request.query.periodType, request.query.period, request.query.stream);
    return { ...draft, submitted: draft.submitted && withFigures(draft.submitted) };
  });
  api.post('/api/declarations', {
    schema: { tags: ['declarations'], summary: '提交申报 Submit a declaration (figures recomputed at submission; a resubmission is a new version)', body: z.object({ periodType, period, remark: text(500).default(''), stream: declarationStream }).strict(), response: { 201: declarationSchema } },
  }, async (request, reply) => reply.status(201).send(withFigures(await submitDeclaration(db, ctx(request), request.body.periodType, request.body.period, request.body.remark, request.body.stream))));
  api.get('/api/declarations', {
    schema: { tags: ['declarations'], summary: '申报情况 Who has declared a period and who has not (regulators)', querystring: z.object({ periodType, period: z.string().max(10), missingOnly: queryBoolean.default(false), stream: declarationStream }).extend(pageQuery), response: { 200: declarationOverviewSchema } },
  }, async (request) => {
    const overview = await declarationOverview(db, requireOfficial(request, 'organisations.read'), request.query.periodType, request.query.period, request.query.missingOnly, request.query.page, request.query.pageSize, request.query.stream);
    // The service types submittedAt as a Date, but it is read by a subquery drizzle does not map: PostgreSQL's text, declared as sent.
    return { ...overview, items: overview.items.map((i) => ({ ...i, submittedAt: i.submittedAt as unknown as string | null })) };
  });
  api.get('/api/declarations/registration', {
    schema: { tags: ['declarations'], summary: '申报登记率 Share of producers that declared general industrial waste in a year, by industry (target 90%, 100% in power, smelting, chemicals, paper)', querystring: z.object({ year }), response: { 200: registrationSchema } },
  }, async (request) => registrationByIndustry(db, requireOfficial(request, 'organisations.read'), request.query.year));

  api.get('/api/receivers/report', {
    schema: { tags: ['declarations'], summary: '利用处置情况 A receiver’s year: received, utilised, disposed by method, against licensed capacity', querystring: z.object({ year, organisationId: z.uuid().optional() }), response: { 200: receiverReportSchema } },
  }, async (request) => {
    const actor = requireActor(request);
    return receiverReport(db, actor, request.query.year, actor.organisationKind === 'enterprise' ? undefined : request.query.organisationId);
  });
}
