import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery } from '../http/pagination';
import { calendarDay, decimal, phoneField, text } from '../http/inputs';
import { shanghaiDate } from '../../domain/labels';
import { APPLIANCE_TYPE_VALUES, RECYCLABLE_CATEGORY_VALUES } from '../../domain/recycling';
import { BOOKING_STATUS_VALUES, maskIdNo, SLOT_VALUES } from '../../domain/recycling-bookings';
import {
  acceptBooking, bookingFor, cancelBooking, confirmBooking, createBooking, dispatchBooking, markProgress, myVisits, pageBookings, pageCollectors, pagePriceLists, placeChoices,
  pricesForPlace, publishPrices, rateBooking, recordVisit, registerCollector, serviceLevel, type BookingRow, type CollectorRow,
} from './service';
import { booking, bookingPage, collector, collectorPage, placeChoices as placeChoicesSchema, placePrices, priceList, priceListPage, serviceLevelSchema, visits } from './presenter';

// 再生资源预约回收 (seed 004 三(五): 线上预约、线下回收). Every route is a person's (sessions only): the
// resident books and follows; the company's dispatcher accepts and dispatches; the collector records
// the visit; the commerce bureau reads its area and the service level.

const uuid = (zh: string, en: string) => z.uuid({ error: bilingual(`${zh}格式不正确`, `${en} is malformed`) });
const category = z.enum(RECYCLABLE_CATEGORY_VALUES, { error: bilingual('品类不在再生资源品类中', 'Not a recyclables category') });
const appliance = z.enum(APPLIANCE_TYPE_VALUES, { error: bilingual('电器类型不在目录中', 'Not an appliance type') });
const kg = (zh: string, en: string) => decimal({ places: 2, min: 'above0', max: 100_000, what: { zh, en } });
const pieces = (zh: string, en: string) => z.number({ error: bilingual(`${zh}应为整数`, `${en} is a whole number`) }).int({ error: bilingual(`${zh}应为整数`, `${en} is a whole number`) })
  .min(1, { error: bilingual(`${zh}至少为1`, `${en} is at least 1`) }).max(1000, { error: bilingual(`${zh}不能超过1000`, `${en} cannot exceed 1000`) });
const yuan = decimal({ places: 2, min: 0, max: 100_000, what: { zh: '回收价格（元）', en: 'The price (yuan)' } });

const bookingBody = z.object({
  placeId: uuid('小区编号', 'The community id').optional(),
  address: text(200).optional(),
  contactPhone: phoneField.optional(),
  slotDate: calendarDay,
  slot: z.enum(SLOT_VALUES, { error: bilingual('时段应为 morning（上午）、afternoon（下午）或 evening（晚上）', 'The slot is morning, afternoon or evening') }),
  payment: z.enum(['cash', 'points'], { error: bilingual('结算方式应为 cash（现金）或 points（积分）', 'Payment is cash or points') }),
  photos: z.array(text(200).pipe(z.string().min(1, { message: bilingual('照片名称不能为空', 'A photo needs a name') }))).max(9, { message: bilingual('最多9张照片', 'At most 9 photos') }).optional(),
  note: text(500).optional(),
  items: z.array(z.object({
    category, applianceType: appliance.optional(), estimatedKg: kg('预计重量（千克）', 'The estimated weight (kg)').optional(), estimatedCount: pieces('预计件数', 'The estimated count').optional(),
  }).strict()).min(1, { message: bilingual('请至少选择一项回收物品', 'Choose at least one item') }).max(20, { message: bilingual('一次最多20项', 'At most 20 items') }),
}).strict();

const recordBody = z.object({
  stationId: uuid('回收网点编号', 'The station id'),
  lines: z.array(z.object({
    category, applianceType: appliance.optional(), weightKg: kg('实际重量（千克）', 'The weight (kg)'), itemCount: pieces('实际件数', 'The count').optional(), unitPriceYuan: yuan.optional(),
    units: z.array(z.object({ applianceType: appliance, brand: text(40).optional(), model: text(60).optional(), serial: text(60).optional(), weightKg: kg('单台重量（千克）', 'The unit’s weight (kg)') }).strict()).max(50).optional(),
  }).strict()).min(1, { message: bilingual('请至少登记一项', 'Record at least one line') }).max(20),
}).strict();

const collectorBody = z.object({
  name: text(40).pipe(z.string().min(2, { message: bilingual('请填写姓名', 'Give the name') })),
  phone: phoneField,
  idNo: z.string().trim().toUpperCase().regex(/^\d{17}[\dX]$/, { message: bilingual('身份证号码应为18位（末位可为X）', 'An ID card number has 18 characters (the last may be X)') }),
  filingNo: text(40).pipe(z.string().min(4, { message: bilingual('请填写商务部门备案编号', 'Give the commerce bureau’s filing number') })),
  username: text(60).optional(),
}).strict();

const priceBody = z.object({
  effectiveFrom: calendarDay.optional(), note: text(200).optional(),
  prices: z.array(z.object({ category, applianceType: appliance.optional(), unit: z.enum(['kg', 'piece'], { error: bilingual('计价单位应为 kg（元/千克）或 piece（元/件）', 'The unit is kg or piece') }), priceYuan: yuan }).strict())
    .min(1, { message: bilingual('请至少填写一个品类的价格', 'Price at least one category') }).max(60),
}).strict();

const id = z.object({ id: uuid('预约单编号', 'The booking id') });
const filter = z.object({
  status: z.enum(BOOKING_STATUS_VALUES).optional(), from: calendarDay.optional(), to: calendarDay.optional(), placeId: z.uuid().optional(), companyId: z.uuid().optional(),
}).extend(pageQuery);

const present = ({ residentUserId: _r, ...b }: BookingRow) => b;
const masked = (c: CollectorRow) => ({ ...c, idNo: maskIdNo(c.idNo) });
const ctxOf = (request: Parameters<typeof requireSession>[0]) => ({ ...auditContext(request), actor: requireSession(request) });
const monthAgo = () => shanghaiDate(new Date(Date.now() - 30 * 86_400_000));

export async function recyclingBookingRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['recycling-bookings'];

  api.post('/api/recycling/bookings', {
    schema: { tags, summary: '预约上门回收 A resident books a pickup: items, slot, address, payment; routed to a company serving the community (400 OUTSIDE_SERVICE_AREA when none)', body: bookingBody, response: { 201: booking } },
  }, async (request, reply) => reply.status(201).send(present(await createBooking(db, ctxOf(request), request.body))));

  api.get('/api/recycling/bookings', {
    schema: { tags, summary: '预约回收单 Bookings: a resident his own, a company those offered to it, a collector his, the commerce bureau its area', querystring: filter, response: { 200: bookingPage } },
  }, async (request) => {
    const { page, pageSize, ...rest } = request.query;
    const result = await pageBookings(db, requireSession(request), rest, page, pageSize);
    return { ...result, items: result.items.map(present) };
  });

  api.get('/api/recycling/bookings/service-level', {
    schema: { tags, summary: '服务质量 The commerce bureau’s service level of booked pickups: share accepted in time, median times to accept and complete, passed on and escalated, ratings',
      querystring: z.object({ regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(), from: calendarDay.optional(), to: calendarDay.optional() }), response: { 200: serviceLevelSchema } },
  }, async (request) => serviceLevel(db, requireSession(request), { regionCode: request.query.regionCode, from: request.query.from ?? monthAgo(), to: request.query.to ?? shanghaiDate(new Date()) }));

  api.get('/api/recycling/bookings/:id', {
    schema: { tags, summary: '预约回收单详情 One booking the actor sees', params: id, response: { 200: booking } },
  }, async (request) => present(await bookingFor(db, requireSession(request), request.params.id)));

  api.post('/api/recycling/bookings/:id/cancel', {
    schema: { tags, summary: '取消预约 The resident cancels, until the slot begins (409 SLOT_STARTED after)', params: id, body: z.object({ reason: text(200).optional() }).strict(), response: { 200: booking } },
  }, async (request) => present(await cancelBooking(db, ctxOf(request), request.params.id, request.body.reason)));

  api.post('/api/recycling/bookings/:id/confirm', {
    schema: { tags, summary: '确认重量和金额 The resident confirms what the collector recorded, once (409 ALREADY_CONFIRMED); paid in points, his green account is credited', params: id, body: z.object({}).strict(), response: { 200: booking } },
  }, async (request) => present(await confirmBooking(db, ctxOf(request), request.params.id)));

  api.post('/api/recycling/bookings/:id/rate', {
    schema: { tags, summary: '评价 The resident rates the visit, 1–5 stars and a comment, once', params: id,
      body: z.object({ stars: z.number().int().min(1, { error: bilingual('评分为1至5星', 'Stars are 1 to 5') }).max(5, { error: bilingual('评分为1至5星', 'Stars are 1 to 5') }), comment: text(300).optional() }).strict(), response: { 200: booking } },
  }, async (request) => present(await rateBooking(db, ctxOf(request), request.params.id, request.body)));

  api.post('/api/recycling/bookings/:id/accept', {
    schema: { tags, summary: '接单 The company accepts a booking offered to it', params: id, body: z.object({}).strict(), response: { 200: booking } },
  }, async (request) => present(await acceptBooking(db, ctxOf(request), request.params.id)));

  api.post('/api/recycling/bookings/:id/dispatch', {
    schema: { tags, summary: '派单 The company dispatches a booking to one of its registered collectors', params: id, body: z.object({ collectorId: uuid('回收人员编号', 'The collector id') }).strict(), response: { 200: booking } },
  }, async (request) => present(await dispatchBooking(db, ctxOf(request), request.params.id, request.body.collectorId)));

  api.post('/api/recycling/bookings/:id/progress', {
    schema: { tags, summary: '出发 / 到达 The collector sets out, or arrives', params: id, body: z.object({ step: z.enum(['on_way', 'arrive'], { error: bilingual('步骤应为 on_way（出发）或 arrive（到达）', 'The step is on_way or arrive') }) }).strict(), response: { 200: booking } },
  }, async (request) => present(await markProgress(db, ctxOf(request), request.params.id, request.body.step)));

  api.post('/api/recycling/bookings/:id/record', {
    schema: { tags, summary: '登记上门回收 The collector records weights or counts (appliances one by one), prices and the station taking the goods; each line enters the station’s ledger', params: id, body: recordBody, response: { 200: booking } },
  }, async (request) => present(await recordVisit(db, ctxOf(request), request.params.id, request.body)));

  api.get('/api/recycling/collector/visits', {
    schema: { tags, summary: '今日上门 The collector’s visits of a day (today by default) and any still open or awaiting the resident’s confirmation, with the stations that may take the goods and the company’s prices',
      querystring: z.object({ day: calendarDay.optional() }).extend(pageQuery), response: { 200: visits } },
  }, async (request) => {
    const result = await myVisits(db, requireSession(request), request.query.day, request.query.page, request.query.pageSize);
    return { ...result, items: result.items };
  });

  api.get('/api/recycling/booking-places', {
    schema: { tags, summary: '可预约的小区 Communities of the resident’s county, his own first, with whether a company serves each', querystring: z.object({ q: z.string().max(40).optional() }).extend(pageQuery), response: { 200: placeChoicesSchema } },
  }, async (request) => placeChoices(db, requireSession(request), request.query.q, request.query.page, request.query.pageSize));

  api.get('/api/recycling/booking-prices', {
    schema: { tags, summary: '回收价格公开 The price lists in force of the companies serving a community', querystring: z.object({ placeId: uuid('小区编号', 'The community id') }), response: { 200: placePrices } },
  }, async (request) => pricesForPlace(db, requireSession(request), request.query.placeId));

  api.get('/api/recycling/collectors', {
    schema: { tags, summary: '流动回收人员 The company’s registered collectors (ID number masked); the commerce bureau those of its area', querystring: z.object(pageQuery), response: { 200: collectorPage } },
  }, async (request) => {
    const result = await pageCollectors(db, requireSession(request), request.query.page, request.query.pageSize);
    return { ...result, items: result.items.map(masked) };
  });

  api.post('/api/recycling/collectors', {
    schema: { tags, summary: '登记回收人员 The company registers a mobile collector with the commerce bureau’s filing number (备案), and his login if any', body: collectorBody, response: { 201: collector } },
  }, async (request, reply) => reply.status(201).send(masked(await registerCollector(db, ctxOf(request), request.body))));

  api.get('/api/recycling/price-lists', {
    schema: { tags, summary: '价目表 The company’s price lists, newest (in force) first; the commerce bureau those of its area', querystring: z.object(pageQuery), response: { 200: priceListPage } },
  }, async (request) => pagePriceLists(db, requireSession(request), request.query.page, request.query.pageSize));

  api.post('/api/recycling/price-lists', {
    schema: { tags, summary: '发布价目表 The company publishes its prices (元/千克 or 元/件; appliances by type); the new list supersedes the last, which is kept', body: priceBody, response: { 201: priceList } },
  }, async (request, reply) => reply.status(201).send(await publishPrices(db, ctxOf(request), request.body)));
}
