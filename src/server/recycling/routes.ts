import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requirePermission, requireSessionPermission } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery } from '../http/pagination';
import { calendarDay, calendarMonth, calendarYear, decimal, text } from '../http/inputs';
import { sendXlsx } from '../http/excel';
import { shanghaiDate, shanghaiYear } from '../../domain/labels';
import { APPLIANCE_TYPE_VALUES, INTAKE_SOURCES, INTAKE_SOURCE_VALUES, RECYCLABLE_CATEGORIES, RECYCLABLE_CATEGORY_VALUES } from '../../domain/recycling';
import {
  recordStationIntake, pageIntake, monthTotals, pageUnits, recordDismantling, unitTrace, ewasteSummary, registerSite, pageSites, coverage, sellerChoices, type IntakeFilter,
} from './service';
import { intakeCreated, intakePage, monthSummary, unitPage, dismantled, unitTraceSchema, ewasteSummarySchema, siteWritten, sitePage, coverageSchema, sellerPage } from './presenter';

// 再生资源 over HTTP (ADR 0008): a station's or the sorting centre's clerk records intake and reads its
// ledger (as a page, a month's totals, Excel); the dismantler records each unit's dismantling; the
// recycling company registers its network; the commerce bureau reads coverage and the e-waste trace.
// Loads are manifests (POST /api/manifests with stream "recyclables" or "ewaste"); monthly
// declarations go through /api/declarations with stream "recyclables".

const id = (what: string, en: string) => z.uuid({ error: bilingual(`${what}编号格式不正确`, `The ${en} id is malformed`) });
const kg = (max: number, zh: string, en: string) => decimal({ places: 2, min: 'above0', max, what: { zh, en } });
const pieces = z.number({ error: bilingual('件数应为整数', 'The count is a whole number') }).int({ error: bilingual('件数应为整数', 'The count is a whole number') })
  .min(1, { error: bilingual('件数至少为1', 'At least one piece') }).max(100_000, { error: bilingual('件数不能超过 100,000', 'At most 100,000 pieces') });

const unitBody = z.object({
  applianceType: z.enum(APPLIANCE_TYPE_VALUES, { error: bilingual(`电器类型应为 ${APPLIANCE_TYPE_VALUES.join('、')} 之一`, `The appliance type is one of ${APPLIANCE_TYPE_VALUES.join(', ')}`) }),
  brand: text(40).optional(), model: text(60).optional(), serial: text(60).optional(), weightKg: kg(2000, '单台重量（千克）', 'The unit’s weight (kg)'),
}).strict();

const intakeBody = z.object({
  receivedOn: calendarDay,
  category: z.enum(RECYCLABLE_CATEGORY_VALUES, { error: bilingual(`品类应为 ${RECYCLABLE_CATEGORY_VALUES.join('、')} 之一`, `The category is one of ${RECYCLABLE_CATEGORY_VALUES.join(', ')}`) }),
  weightKg: kg(100_000, '回收重量（千克）', 'The weight (kg)'),
  itemCount: pieces.optional(),
  source: z.enum(['walk_in', 'collector', 'enterprise', 'institution'], { error: bilingual('来源应为 walk_in（居民交售）、collector（流动回收人员）、enterprise（单位交售）或 institution（医疗卫生机构）', 'The source is walk_in, collector, enterprise or institution') }),
  sellerOrgId: id('出售单位', 'seller').optional(),
  sellerName: text(60).optional(), sellerIdNo: z.string().trim().regex(/^\d{17}[\dX]$/i, { message: bilingual('身份证号码应为18位', 'An identity number has 18 characters') }).optional(),
  sellerAddress: text(120).optional(), sellerCertificate: text(80).optional(),
  unitPriceYuan: decimal({ places: 2, min: 0, max: 100_000, what: { zh: '回收单价（元）', en: 'The unit price (yuan)' } }).optional(),
  units: z.array(unitBody).max(200, { message: bilingual('一次最多登记200台', 'At most 200 units at a time') }).optional(),
  note: text(200).optional(),
}).strict();

const ledgerQuery = z.object({
  month: calendarMonth.optional(),
  category: z.enum(RECYCLABLE_CATEGORY_VALUES).optional(),
  source: z.enum(INTAKE_SOURCE_VALUES).optional(),
  siteId: z.uuid().optional(),
});

const siteBody = z.object({
  organisationId: id('网点单位', 'site'),
  kind: z.enum(['station', 'sorting_centre'], { error: bilingual('类型应为 station（回收网点）或 sorting_centre（分拣中心）', 'The kind is station or sorting_centre') }),
  servedPlaceIds: z.array(z.uuid()).max(200).default([]),
  servedTownCodes: z.array(z.string().trim().regex(/^\d{6}(\d{3})?$/, { message: bilingual('镇街代码应为6或9位数字', 'A town code has 6 or 9 digits') })).max(50).default([]),
  openedOn: calendarDay.optional(),
}).strict();

const dismantleBody = z.object({
  unitId: id('电器', 'unit'), dismantledOn: calendarDay,
  line: text(40).pipe(z.string().min(1, { message: bilingual('请填写拆解线', 'Give the dismantling line') })), outputs: text(300).optional(),
}).strict();

const label = (list: readonly { value: string; zh: string }[], v: string | null) => list.find((x) => x.value === v)?.zh ?? v ?? '';

export async function recyclingRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['recycling'];
  const reader = (request: Parameters<typeof requirePermission>[0]) => requirePermission(request, 'manifests.read', 'manifests:read');

  api.post('/api/recycling/intake', {
    schema: { tags, summary: '登记回收 A station’s or sorting centre’s clerk records intake (a resident, a mobile collector, a company’s scrap metal with its seller, a medical institution’s infusion bottles and bags); it becomes a batch of the store', body: intakeBody, response: { 201: intakeCreated } },
  }, async (request, reply) => reply.status(201).send(await recordStationIntake(db, { ...auditContext(request), actor: requireSessionPermission(request, 'ledger.write') }, request.body)));

  api.get('/api/recycling/intake', {
    schema: { tags, summary: '电子统计台账 The ledger: a site its own, the company its sites, the commerce bureau its area; by month, category, source', querystring: ledgerQuery.extend(pageQuery), response: { 200: intakePage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageIntake(db, reader(request), filter, page, pageSize);
  });

  api.get('/api/recycling/intake/month', {
    schema: { tags, summary: '月度汇总 A month’s intake by category (t), what the monthly declaration is prefilled from', querystring: z.object({ month: calendarMonth.optional(), siteId: z.uuid().optional() }), response: { 200: monthSummary } },
  }, async (request) => monthTotals(db, reader(request), request.query.month ?? shanghaiDate(new Date()).slice(0, 7), request.query.siteId));

  api.get('/api/recycling/intake.xlsx', {
    schema: { tags, summary: '导出电子统计台账 The ledger as Excel', querystring: ledgerQuery },
  }, async (request, reply) => {
    const actor = reader(request);
    const filter: IntakeFilter = request.query;
    type Row = Awaited<ReturnType<typeof pageIntake>>['items'][number];
    return sendXlsx<Row>(reply, '再生资源电子统计台账.xlsx', '电子统计台账', [
      { header: '回收日期', width: 12, value: (r) => r.receivedOn },
      { header: '网点', width: 30, value: (r) => r.siteName },
      { header: '品类', width: 22, value: (r) => `${r.wasteCode} ${label(RECYCLABLE_CATEGORIES, r.category)}` },
      { header: '重量（千克）', width: 12, value: (r) => r.weightKg },
      { header: '件数', width: 8, value: (r) => r.itemCount },
      { header: '来源', width: 20, value: (r) => label(INTAKE_SOURCES, r.source) },
      { header: '出售单位/人', width: 28, value: (r) => r.sellerOrgName ?? r.sellerName },
      { header: '证明', width: 20, value: (r) => r.sellerCertificate },
      { header: '单价（元）', width: 10, value: (r) => r.unitPriceYuan },
      { header: '金额（元）', width: 12, value: (r) => r.amountYuan },
      { header: '备注', width: 24, value: (r) => r.note },
    ], async (offset, limit) => (await pageIntake(db, actor, filter, Math.floor(offset / limit) + 1, limit)).items);
  });

  api.get('/api/recycling/sellers', {
    schema: { tags, summary: '交售单位 Verified organisations of the county a clerk names as seller: medical institutions, or companies', querystring: z.object({ kind: z.enum(['institution', 'enterprise']).default('enterprise'), q: z.string().max(40).optional() }).extend(pageQuery), response: { 200: sellerPage } },
  }, async (request) => sellerChoices(db, requireSessionPermission(request, 'ledger.write'), request.query.kind, request.query.q, request.query.page, request.query.pageSize));

  api.get('/api/recycling/ewaste/units', {
    schema: { tags, summary: '废弃电器电子产品（按台） Units: a station its own, a dismantler those it received, the commerce and ecology bureaus their area', querystring: z.object({ state: z.enum(['collected', 'shipped', 'received', 'dismantled']).optional(), siteId: z.uuid().optional(), serial: z.string().max(60).optional() }).extend(pageQuery), response: { 200: unitPage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageUnits(db, reader(request), filter, page, pageSize);
  });

  api.get('/api/recycling/ewaste/units/:id', {
    schema: { tags, summary: '追溯 A unit’s trace: its intake, its loads, its dismantling', params: z.object({ id: z.uuid() }), response: { 200: unitTraceSchema } },
  }, async (request) => unitTrace(db, reader(request), request.params.id));

  api.post('/api/recycling/ewaste/dismantling', {
    schema: { tags, summary: '登记拆解 A licensed dismantler records a received unit’s dismantling (once: a second record is 409)', body: dismantleBody, response: { 201: dismantled } },
  }, async (request, reply) => reply.status(201).send(await recordDismantling(db, { ...auditContext(request), actor: requireSessionPermission(request, 'ledger.write') }, request.body)));

  api.get('/api/recycling/ewaste/summary', {
    schema: { tags, summary: '回收与拆解 Units collected against dismantled in a year, per station and per dismantler', querystring: z.object({ year: calendarYear.optional() }), response: { 200: ewasteSummarySchema } },
  }, async (request) => ewasteSummary(db, reader(request), request.query.year ?? shanghaiYear()));

  api.get('/api/recycling/sites', {
    schema: { tags, summary: '回收网络 Stations and sorting centres with the communities and towns they serve', querystring: z.object({ kind: z.enum(['station', 'sorting_centre']).optional() }).extend(pageQuery), response: { 200: sitePage } },
  }, async (request) => pageSites(db, reader(request), request.query.kind, request.query.page, request.query.pageSize));

  api.post('/api/recycling/sites', {
    schema: { tags, summary: '登记网点 The recycling company registers a station or its sorting centre, or changes the area it serves', body: siteBody, response: { 200: siteWritten } },
  }, async (request) => registerSite(db, { ...auditContext(request), actor: requireSessionPermission(request, 'ledger.write') }, request.body));

  api.get('/api/recycling/coverage', {
    schema: { tags, summary: '网点覆盖 Communities with and without a station per town, sorting centres per county (commerce bureau)', response: { 200: coverageSchema } },
  }, async (request) => coverage(db, reader(request)));
}
