import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requirePermission, requireSessionPermission } from '../http/context';
import { pageQuery, queryBoolean } from '../http/pagination';
import { calendarDay, decimal, regionCode, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import { areaTotals, closeSite, openRectification, pageSites, recordStock, registerSite, reportRectification, siteDetail, verifyRectification } from './service';
import { bulkSiteSchema, bulkSitePage, bulkSiteDetailSchema, stockReadingSchema, rectificationSchema, bulkAreaTotalsSchema } from './presenter';

// 大宗工业固体废物堆存场所 over HTTP: parse, then the service decides access (canSite) inside its transaction.
const TAGS = ['industrial'];

// Tonnes as the register keeps them (numeric(14, 3)); dates are real days (2025-02-30 is refused here, not by the database).
const tonnes = (zh: string, en: string) => decimal({ places: 3, max: 1_000_000_000, what: { zh, en } });
// Mainland China lies within about 73°–136° E and 3°–54° N.
const longitude = z.number().min(73, { message: bilingual('经度应在中国境内（东经73°至136°）', 'The longitude must lie in China (73° to 136° E)') })
  .max(136, { message: bilingual('经度应在中国境内（东经73°至136°）', 'The longitude must lie in China (73° to 136° E)') });
const latitude = z.number().min(3, { message: bilingual('纬度应在中国境内（北纬3°至54°）', 'The latitude must lie in China (3° to 54° N)') })
  .max(54, { message: bilingual('纬度应在中国境内（北纬3°至54°）', 'The latitude must lie in China (3° to 54° N)') });
const swClass = z.string().trim().regex(/^SW\d{2}$/, { message: bilingual('类别代码形如 SW02（一般工业固体废物分类）', 'Classes look like SW02 (general industrial solid-waste classes)') });

const newSite = z.object({
  name: text(100).pipe(z.string().min(2, { message: bilingual('名称至少2个字', 'The name needs at least 2 characters') })),
  kind: z.enum(['storage', 'landfill'], { message: bilingual('类型应为贮存场（storage）或填埋场（landfill）', 'The kind is storage or landfill') }),
  wasteClasses: z.array(swClass).min(1, { message: bilingual('至少填写一个废物类别', 'Give at least one waste class') }).max(20),
  address: text(200).optional(),
  longitude: longitude.optional(),
  latitude: latitude.optional(),
  areaM2: decimal({ places: 2, min: 'above0', max: 100_000_000, what: { zh: '占地面积', en: 'The area' } }).optional(),
  designCapacityT: decimal({ places: 3, min: 'above0', max: 1_000_000_000, what: { zh: '设计库容', en: 'The design capacity' } }),
  builtYear: z.number().int().min(1949, { message: bilingual('建成年份不早于1949年', 'The year built is 1949 or later') })
    .max(new Date().getFullYear() + 1, { message: bilingual('建成年份不能是将来', 'The year built cannot be in the future') }).optional(),
  controls: text(1000).optional(),
  legacy: z.boolean().optional(),
  regionCode: regionCode.optional(),
  organisationId: z.uuid().optional(),
}).strict();

export async function bulkStorageRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Writes are people's acts (a reading signed by its recorder, an inspection, a sign-off): sessions only.
  const write = (request: Parameters<typeof auditContext>[0]) => ({ ...auditContext(request), actor: requireSessionPermission(request, 'manifests.read') });
  const read = (request: Parameters<typeof auditContext>[0]) => requirePermission(request, 'manifests.read', 'organisation:read');

  api.post('/api/bulk-storage/sites', {
    schema: { tags: TAGS, summary: '登记堆存场所 Register a bulk industrial solid-waste storage site (the operator its own; the ecology bureau one in its area, or a legacy site without operator)',
      body: newSite, response: { 201: bulkSiteSchema } },
  }, async (request, reply) => reply.status(201).send(await registerSite(db, write(request), request.body)));

  api.get('/api/bulk-storage/sites', {
    schema: { tags: TAGS, summary: '堆存场所台账 Sites you run or supervise, with latest stock, fill and outstanding rectifications',
      querystring: z.object({ status: z.enum(['in_use', 'closed']).optional(), kind: z.enum(['storage', 'landfill']).optional(), openRectification: queryBoolean.optional(),
        regionCode: regionCode.optional(), q: text(50).optional(), ...pageQuery }),
      response: { 200: bulkSitePage } },
  }, async (request) => pageSites(db, read(request), request.query));

  api.get('/api/bulk-storage/sites/:id', {
    schema: { tags: TAGS, summary: '堆存场所详情 A site with a page of its stock history and its rectifications', params: z.object({ id: z.uuid() }),
      querystring: z.object({ stockPage: pageQuery.page, stockPageSize: pageQuery.pageSize, rectPage: pageQuery.page, rectPageSize: pageQuery.pageSize }),
      response: { 200: bulkSiteDetailSchema } },
  }, async (request) => siteDetail(db, read(request), request.params.id, request.query));

  api.post('/api/bulk-storage/sites/:id/stock', {
    schema: { tags: TAGS, summary: '登记库存 Record a dated stock reading (a correction is a new reading; above the design capacity it is flagged)', params: z.object({ id: z.uuid() }),
      body: z.object({ asOf: calendarDay, stockT: tonnes('库存量', 'The stock'), inT: tonnes('入场量', 'The intake').optional(), outT: tonnes('出场量', 'The outflow').optional(), note: text(500).optional() }).strict(),
      response: { 201: stockReadingSchema } },
  }, async (request, reply) => reply.status(201).send(await recordStock(db, write(request), request.params.id, request.body)));

  api.post('/api/bulk-storage/sites/:id/close', {
    schema: { tags: TAGS, summary: '关闭堆场 Close a site (ecology bureau; every rectification signed off first)', params: z.object({ id: z.uuid() }),
      body: z.object({ note: text(500).default('') }).strict(), response: { 200: bulkSiteSchema } },
  }, async (request) => closeSite(db, write(request), request.params.id, request.body.note));

  api.post('/api/bulk-storage/sites/:id/rectifications', {
    schema: { tags: TAGS, summary: '下达整改 Open a rectification: the problem found, when, and the deadline (ecology bureau)', params: z.object({ id: z.uuid() }),
      body: z.object({ problem: text(1000).pipe(z.string().min(4, { message: bilingual('请具体描述发现的问题（至少4个字）', 'Describe the problem (4 characters or more)') })), foundOn: calendarDay, deadline: calendarDay }).strict(),
      response: { 201: rectificationSchema } },
  }, async (request, reply) => reply.status(201).send(await openRectification(db, write(request), request.params.id, request.body)));

  api.post('/api/bulk-storage/rectifications/:id/report', {
    schema: { tags: TAGS, summary: '报告整改情况 The operator reports the action taken', params: z.object({ id: z.uuid() }),
      body: z.object({ action: text(2000).pipe(z.string().min(4, { message: bilingual('请说明采取的整改措施（至少4个字）', 'Say what was done (4 characters or more)') })) }).strict(),
      response: { 200: rectificationSchema } },
  }, async (request) => reportRectification(db, write(request), request.params.id, request.body.action));

  api.post('/api/bulk-storage/rectifications/:id/verify', {
    schema: { tags: TAGS, summary: '整改验收 Sign a reported rectification off, or send it back to open with a note (ecology bureau)', params: z.object({ id: z.uuid() }),
      body: z.object({ verdict: z.enum(['verify', 'return']), note: text(1000).default('') }).strict(), response: { 200: rectificationSchema } },
  }, async (request) => verifyRectification(db, write(request), request.params.id, request.body.verdict, request.body.note));

  api.get('/api/bulk-storage/totals', {
    schema: { tags: TAGS, summary: '辖区汇总 Sites, design capacity and stock in use, rectifications outstanding and overdue in your area',
      querystring: z.object({ regionCode: regionCode.optional() }), response: { 200: bulkAreaTotalsSchema } },
  }, async (request) => areaTotals(db, read(request), request.query.regionCode));
}
