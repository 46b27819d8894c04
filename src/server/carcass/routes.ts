import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requirePermission, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, queryBoolean } from '../http/pagination';
import { calendarDay, calendarYear, decimal, text } from '../http/inputs';
import { idempotent } from '../http/idempotency';
import { evaluateFor } from '../alarms/engine';
import { CARCASS_CAUSES, CARCASS_METHODS, CARCASS_SPECIES, REPORT_STATES, type ReportState } from '../../domain/agri/carcass';
import { fileReport, cancelReport, pageReports, carcassSummary, planRound, pageRounds, roundDetail, signPickup, recordTreatment } from './service';
import { reportSchema, cancelledSchema, reportPage, summarySchema, roundSchema, roundPage, roundDetailSchema, signedSchema } from './presenter';

// 病死畜禽 (issue 16): reports, rounds, the driver's pickups and the plant's treatment. The pickup and
// the treatment are the transport and reception signatures of the stream's manifests, with the checks
// a field needs (a count of head, a load never picked up) said here, where a person reads them.

const vocabulary = (list: { value: string }[], zh: string, en: string) => z.enum(list.map((c) => c.value) as [string, ...string[]], { error: bilingual(zh, en) });
const wholeHead = (zh: string, en: string, min = 1) => z.number({ error: bilingual(`${zh}应为整数`, `${en} is a whole number`) })
  .int({ error: bilingual(`${zh}应为整数`, `${en} is a whole number`) }).min(min, { error: bilingual(min ? `${zh}应为正整数` : `${zh}不能为负数`, min ? `${en} is above zero` : `${en} cannot be negative`) })
  .max(100_000, { error: bilingual(`${zh}至多 100000`, `${en} is at most 100,000`) });
const kg = (zh: string, en: string, max: number) => decimal({ places: 1, min: 'above0', max, what: { zh, en } });
const longitude = z.number().min(73).max(136);
const latitude = z.number().min(3).max(54);

const reportBody = z.object({
  species: vocabulary(CARCASS_SPECIES, '畜禽种类不在名录中', 'The species is not on the list'),
  head: wholeHead('死亡数量', 'The head count'),
  weightKg: kg('估计重量（千克）', 'The estimated weight (kg)', 200_000),
  cause: vocabulary(CARCASS_CAUSES, '死亡原因应为 disease、non_disease、unknown 之一', 'The cause is one of disease, non_disease, unknown'),
  suspectedNotifiable: z.boolean().optional(),
  diedOn: calendarDay,
  location: text(120).pipe(z.string().min(2, { error: bilingual('请填写存放地点', 'Say where the animals lie') })),
  longitude: longitude.optional(), latitude: latitude.optional(),
  contact: text(60).optional(),
  householdName: text(30).pipe(z.string().min(2, { error: bilingual('散户姓名至少2个字', 'The household’s name needs 2 characters') })).optional(),
  village: text(40).pipe(z.string().min(2, { error: bilingual('村名至少2个字', 'The village needs 2 characters') })).optional(),
  regionCode: z.string().regex(/^\d{9}$/, { error: bilingual('乡镇区划代码应为9位数字', 'A town code has 9 digits') }).optional(),
  supersedesId: z.uuid().optional(),
  reason: text(200).optional(),
}).strict();

const reportQuery = z.object({
  state: z.enum(Object.keys(REPORT_STATES) as [ReportState, ...ReportState[]]).optional(), q: z.string().max(40).optional(), from: calendarDay.optional(), to: calendarDay.optional(),
  late: queryBoolean.optional(), suspected: queryBoolean.optional(),
});

export async function carcassRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof auditContext>[0]) => ({ ...auditContext(request), actor: requirePermission(request, 'manifests.read', 'manifests:write') });

  api.post('/api/carcass/reports', {
    schema: { tags: ['carcass'], summary: '病死畜禽死亡报告 A farm reports its dead animals (its manifest is made and signed out with it); a town station reports for a scattered household; supersedesId corrects a report', body: reportBody, response: { 201: reportSchema } },
  }, async (request, reply) => {
    const c = { ...auditContext(request), actor: requireSession(request) };
    // A suspected notifiable disease reaches the bureau's alarm list as the report is filed, not at the next scan.
    return idempotent(db, request, reply, 201, (q) => fileReport(q, c, request.body), async (row) => { if (row.suspectedNotifiable) await evaluateFor(db, ['carcass_suspected_disease'], row.id); });
  });

  api.post('/api/carcass/reports/:id/cancel', {
    schema: { tags: ['carcass'], summary: '撤销报告 Whoever filed a report withdraws it before a round takes it, with the reason', params: z.object({ id: z.uuid() }),
      body: z.object({ reason: text(200).pipe(z.string().min(2, { error: bilingual('请说明撤销原因', 'Give the reason') })) }).strict(), response: { 200: cancelledSchema } },
  }, async (request) => cancelReport(db, { ...auditContext(request), actor: requireSession(request) }, request.params.id, request.body.reason));

  api.get('/api/carcass/reports', {
    schema: { tags: ['carcass'], summary: '死亡报告 Reports you may see with their state; late=true: waiting past the region’s hours; suspected=true: suspected notifiable disease', querystring: reportQuery.extend(pageQuery), response: { 200: reportPage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageReports(db, requirePermission(request, 'manifests.read', 'manifests:read'), filter, page, pageSize);
  });

  api.get('/api/carcass/summary', {
    schema: { tags: ['carcass'], summary: '年度概况 The year in the reports you see: head reported and treated centrally, the rate, waiting, late and suspected reports', querystring: z.object({ year: calendarYear }), response: { 200: summarySchema } },
  }, async (request) => carcassSummary(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.query.year));

  api.post('/api/carcass/rounds', {
    schema: { tags: ['carcass'], summary: '安排收集路线 The plant plans a round: vehicle, driver and the waiting reports in order', response: { 201: roundSchema },
      body: z.object({ roundDate: calendarDay, vehicleId: z.uuid(), driverId: z.uuid(), reportIds: z.array(z.uuid()).min(1, { error: bilingual('至少安排一个收集点', 'Add at least one stop') }).max(30, { error: bilingual('一条路线至多30个收集点', 'At most 30 stops on a round') }), note: text(200).optional() }).strict() },
  }, async (request, reply) => {
    const c = ctx(request);
    return idempotent(db, request, reply, 201, (q) => planRound(q, c, request.body));
  });

  api.get('/api/carcass/rounds', {
    schema: { tags: ['carcass'], summary: '收集路线 Rounds you run, drive (mine=true), have a stop on, or regulate', querystring: z.object({ mine: queryBoolean.optional(), date: calendarDay.optional() }).extend(pageQuery), response: { 200: roundPage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageRounds(db, requirePermission(request, 'manifests.read', 'manifests:read'), filter, page, pageSize);
  });

  api.get('/api/carcass/rounds/:id', {
    schema: { tags: ['carcass'], summary: '路线详情 A round with its stops, its planned route and the vehicle’s track', params: z.object({ id: z.uuid() }), response: { 200: roundDetailSchema } },
  }, async (request) => roundDetail(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.params.id));

  api.post('/api/carcass/pickups', {
    schema: { tags: ['carcass'], summary: '签收收集 The driver signs a stop’s pickup: head counted, weight weighed, who handed over. Idempotency-Key makes a resend from the phone safe.', response: { 200: signedSchema },
      body: z.object({ manifestId: z.uuid(), head: wholeHead('清点数量', 'The head counted'), weightKg: kg('收集称重（千克）', 'The weight at pickup (kg)', 40_000),
        handedOverBy: text(30).pipe(z.string().min(2, { error: bilingual('请填写交出方确认人', 'Name who handed over') })), longitude: longitude.optional(), latitude: latitude.optional(), place: text(80).optional() }).strict() },
  }, async (request, reply) => {
    const c = ctx(request);
    return idempotent(db, request, reply, 200, (q) => signPickup(q, c, request.body));
  });

  api.post('/api/carcass/treatments', {
    schema: { tags: ['carcass'], summary: '入厂接收与无害化处理 The plant weighs a load in and records the treatment (化制, 高温法, 焚烧, 发酵; 深埋 only in an emergency)', response: { 200: signedSchema },
      body: z.object({ manifestId: z.uuid(), outcome: z.enum(['accepted', 'partially_refused', 'refused']).default('accepted'), receivedWeightKg: decimal({ places: 1, max: 40_000, what: { zh: '进厂称重（千克）', en: 'The weight at the plant (kg)' } }),
        receivedHead: wholeHead('接收数量', 'The head received', 0), method: vocabulary(CARCASS_METHODS, '处理方式应为化制、高温法、焚烧、发酵或深埋', 'The method is rendering, high temperature, incineration, fermentation or deep burial').optional(),
        treatedOn: calendarDay.optional(), refusalReason: text(200).optional(), note: text(200).optional() }).strict() },
  }, async (request, reply) => {
    const c = ctx(request);
    return idempotent(db, request, reply, 200, (q) => recordTreatment(q, c, request.body), async (signed) => { await evaluateFor(db, ['weight_mismatch'], signed.id); });
  });
}
