import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requirePermission, requireSessionPermission } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, queryBoolean } from '../http/pagination';
import { calendarDay, decimal, text } from '../http/inputs';
import { sendXlsx } from '../http/excel';
import { RECEPTION_OUTCOMES } from '../../domain/streams/vocabularies';
import { KITCHEN_CODES, KITCHEN_PRODUCER_KINDS, KITCHEN_USES } from '../../domain/streams/kitchen';
import { registerContract, pageProducers, pageCollectors, pageLedger, type LedgerFilter } from './service';
import { kitchenReceivers } from './manifest-hooks';
import { contractSchema, producerPage, collectorPage, receiverList, ledgerPage } from './presenter';

// 餐厨垃圾 (ADR 0006): producers register their contracted collector; pickups are manifests of the
// stream (POST /api/manifests with stream "kitchen"); the receiving side of those manifests is the
// plant's ledger, as a page and as Excel.

const producerKind = z.enum(KITCHEN_PRODUCER_KINDS.map((k) => k.value) as [string, ...string[]], { error: bilingual('单位类型应为 restaurant、canteen、school、hotel 之一', 'The kind is one of restaurant, canteen, school, hotel') });
const kwCode = z.enum([KITCHEN_CODES.food, KITCHEN_CODES.oil], { error: bilingual('类别应为 KW01 或 KW02', 'The class is KW01 or KW02') });
const contractBody = z.object({
  producerKind, collectorId: z.uuid(), contractNo: text(40).pipe(z.string().min(2, { message: bilingual('请填写合同编号', 'Give the contract number') })),
  validFrom: calendarDay, validTo: calendarDay,
  dailyKg: decimal({ places: 1, min: 'above0', max: 100_000, what: { zh: '日均产生量', en: 'The daily amount' } }),
  reason: text(200).optional(),
}).strict();
const ledgerQuery = z.object({ from: calendarDay.optional(), to: calendarDay.optional(), wasteCode: kwCode.optional() });

const label = (options: readonly { value: string; zh: string }[], value: string | null) => (value ? options.find((o) => o.value === value)?.zh ?? value : '');

export async function kitchenRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/kitchen/producers', {
    schema: { tags: ['kitchen'], summary: '餐厨垃圾产生单位 Registered producers (contracts in force) with their collector and last pickup; silent=true: past the region’s gap',
      querystring: z.object({ q: z.string().max(40).optional(), silent: queryBoolean.optional() }).extend(pageQuery), response: { 200: producerPage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageProducers(db, requirePermission(request, 'manifests.read', 'manifests:read'), filter, page, pageSize);
  });

  api.post('/api/kitchen/contracts', {
    schema: { tags: ['kitchen'], summary: '登记收运合同 A restaurant, canteen, school or hotel registers its contracted kitchen-waste collector (a change ends the contract in force)', body: contractBody, response: { 201: contractSchema } },
  }, async (request, reply) => reply.status(201).send(await registerContract(db, { ...auditContext(request), actor: requireSessionPermission(request, 'ledger.write') }, request.body)));

  api.get('/api/kitchen/collectors', {
    schema: { tags: ['kitchen'], summary: '餐厨废弃物收运单位 Verified kitchen-waste collectors of your city', querystring: z.object({ q: z.string().max(40).optional() }).extend(pageQuery), response: { 200: collectorPage } },
  }, async (request) => {
    const actor = requirePermission(request, 'manifests.read', 'manifests:read');
    return pageCollectors(db, actor, request.query.q, request.query.page, request.query.pageSize);
  });

  api.get('/api/kitchen/receivers', {
    schema: { tags: ['kitchen'], summary: '餐厨废弃物去向 Where a load of the code may go in your city: kitchen-waste plants’ operators (KW01), verified used-oil recyclers (KW02)',
      querystring: z.object({ wasteCode: kwCode }), response: { 200: receiverList } },
  }, async (request) => {
    const actor = requirePermission(request, 'manifests.read', 'manifests:read');
    return { items: await kitchenReceivers(db, request.query.wasteCode, actor.regionCode.slice(0, 4)) };
  });

  api.get('/api/kitchen/ledger', {
    schema: { tags: ['kitchen'], summary: '餐厨垃圾台账 The receiving ledger: each pickup with source, collector, quantity, destination and use', querystring: ledgerQuery.extend(pageQuery), response: { 200: ledgerPage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageLedger(db, requirePermission(request, 'manifests.read', 'manifests:read'), filter, page, pageSize);
  });

  api.get('/api/kitchen/ledger.xlsx', {
    schema: { tags: ['kitchen'], summary: '导出餐厨垃圾台账 The receiving ledger as Excel', querystring: ledgerQuery },
  }, async (request, reply) => {
    const actor = requirePermission(request, 'manifests.read', 'manifests:read');
    const filter: LedgerFilter = request.query;
    type Row = Awaited<ReturnType<typeof pageLedger>>['items'][number];
    return sendXlsx<Row>(reply, '餐厨垃圾台账.xlsx', '餐厨垃圾台账', [
      { header: '联单编号', width: 22, value: (r) => r.number },
      { header: '收运日期', width: 12, value: (r) => r.plannedDate },
      { header: '来源（产生单位）', width: 28, value: (r) => r.producerName },
      { header: '单位类型', width: 14, value: (r) => label(KITCHEN_PRODUCER_KINDS, r.producerKind) },
      { header: '类别', width: 20, value: (r) => `${r.wasteCode} ${r.wasteName ?? ''}` },
      { header: '桶数', width: 8, value: (r) => r.bucketCount },
      { header: '收运单位', width: 28, value: (r) => r.collectorName },
      { header: '车牌号', width: 12, value: (r) => r.vehiclePlate },
      { header: '收运称重（吨）', width: 14, value: (r) => r.pickupWeightT },
      { header: '进场称重（吨）', width: 14, value: (r) => r.receivedWeightT },
      { header: '去向（接收单位）', width: 28, value: (r) => r.receiverName },
      { header: '用途', width: 22, value: (r) => label(KITCHEN_USES, r.treatmentMethod) },
      { header: '接收结果', width: 10, value: (r) => label(RECEPTION_OUTCOMES, r.status === 'received' ? 'accepted' : r.status) },
      { header: '磅单号', width: 16, value: (r) => r.weighbridgeTicketNo },
    ], async (offset, limit) => (await pageLedger(db, actor, filter, Math.floor(offset / limit) + 1, limit)).items);
  });
}
