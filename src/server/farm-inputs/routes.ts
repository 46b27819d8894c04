import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requirePermission, requireSessionPermission } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, pageSchema } from '../http/pagination';
import { calendarDay, calendarYear, decimal, regionCode, text } from '../http/inputs';
import { bilingual as bilingualText, calendarDay as day } from '../http/presenter';
import { shanghaiYear } from '../../domain/labels';
import { recordFertiliserSale, pageFertiliserSales, areaUse } from './service';

// 化肥、农药使用量 (ADR 0007): dealers record fertiliser sales with N, P2O5 and K2O (折纯 is computed);
// the bureau reads the area's use of both against the base year, with the source of each figure.

const nutrient = (zh: string, en: string) => decimal({ places: 2, min: 0, max: 100, what: { zh: `${zh}含量（%）`, en: `The ${en} content (%)` } });
const saleBody = z.object({
  soldOn: calendarDay,
  productName: text(80).pipe(z.string().min(1, { message: bilingual('请填写肥料产品名称', 'Give the product name') })),
  registrationNo: text(40).optional(),
  nPct: nutrient('氮（N）', 'N'), p2o5Pct: nutrient('磷（P2O5）', 'P2O5'), k2oPct: nutrient('钾（K2O）', 'K2O'),
  productKg: decimal({ places: 2, min: 'above0', max: 10_000_000, what: { zh: '销售量（千克）', en: 'The quantity sold (kg)' } }),
}).strict();

const sale = z.object({
  id: z.string(), regionCode: z.string(), dealerId: z.string(), dealerName: z.string(), soldOn: day, productName: z.string(), registrationNo: z.string(),
  nPct: z.number(), p2o5Pct: z.number(), k2oPct: z.number(), productKg: z.number(), pureKg: z.number().describe('折纯量, kg'),
});
const figure = z.object({
  year: z.number(), kind: z.enum(['pesticide', 'fertiliser']), tonnes: z.number().nullable().describe('counted: product t (pesticide), pure-nutrient t (fertiliser)'),
  source: z.enum(['sales', 'statistics']).nullable(), sourceNote: bilingualText, salesT: z.number(), activeT: z.number().nullable(), reporting: z.number(), registered: z.number(), statisticsT: z.number().nullable(),
});
const useAnswer = z.object({
  regionCode: z.string(), year: z.number(), baseYear: z.number(), sownAreaMu: z.number().nullable(), baseSownAreaMu: z.number().nullable(),
  items: z.array(z.object({ kind: z.enum(['pesticide', 'fertiliser']), current: figure, base: figure })),
});

export async function farmInputRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['farm-inputs'];

  api.post('/api/farm-inputs/fertiliser-sales', {
    schema: { tags, summary: '登记化肥销售 A dealer records a fertiliser sale with its N, P2O5 and K2O; the pure nutrient (折纯量) is computed', body: saleBody, response: { 201: sale } },
  }, async (request, reply) => reply.status(201).send(await recordFertiliserSale(db, { ...auditContext(request), actor: requireSessionPermission(request, 'ledger.write') }, request.body)));

  api.get('/api/farm-inputs/fertiliser-sales', {
    schema: { tags, summary: '化肥销售台账 Fertiliser sales: a dealer its own, the agriculture bureau its area',
      querystring: z.object({ from: calendarDay.optional(), to: calendarDay.optional(), dealerId: z.uuid().optional() }).extend(pageQuery), response: { 200: pageSchema(sale) } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageFertiliserSales(db, requirePermission(request, 'manifests.read', 'manifests:read'), filter, page, pageSize);
  });

  api.get('/api/farm-inputs/use', {
    schema: { tags, summary: '化肥农药使用量 The area’s pesticide and fertiliser use in a year and the base year, each from complete sales or statistics (the source shown)',
      querystring: z.object({ year: calendarYear.optional(), baseYear: calendarYear.optional(), regionCode: regionCode.optional() }), response: { 200: useAnswer } },
  }, async (request) => {
    const actor = requirePermission(request, 'manifests.read', 'manifests:read');
    return areaUse(db, actor, request.query.year ?? shanghaiYear(), request.query.baseYear ?? 2020, request.query.regionCode);
  });
}
