import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireActor, requirePermission, requireScope, requireSessionPermission, requireCaller } from '../http/context';
import { forbidden } from '../http/errors';
import { tokenAllows } from '../platform/policy';
import { bilingual } from '../http/zod-messages';
import { pageQuery } from '../http/pagination';
import { calendarDay, decimal, pastDateTime, text } from '../http/inputs';
import { FACILITY_KINDS, HOUSEHOLD_CLASSES, TICKET_CLASSES, MAX_GROSS_T } from '../../domain/household';
import { registerPlace, recordPlaceStatus, pagePlaces } from './service';
import { registerFacility, pageFacilities, registerCollectionVehicle, pageCollectionVehicles, registerRoute, pageRoutes } from './facilities';
import { ingestTickets, pageTickets, tonnage, MAX_TICKETS } from './weighbridge';
import { placePage, placeSchema, placeStatusSchema, facilitySchema, facilityPage, vehicleSchema, vehiclePage, routeSchema, routePage, ingestResult, ticketPage, tonnageSchema } from './presenter';
import { runRule } from '../alarms/engine';
import { afterAnswer } from '../http/after-answer';
import { ruleByKey } from '../alarms/rules';
import { WEIGHBRIDGE_RULES } from '../alarms/rules/weighbridge';

// 生活垃圾 (ADR 0006): the register (places, facilities, trucks, routes), weighbridge tickets posted
// by a facility's software with a weighbridge:write token or typed in by hand, and the tonnes.

const lon = z.number().min(73).max(136);
const lat = z.number().min(3).max(54);
const town = z.string().trim().regex(/^\d{9}$/, { message: bilingual('请填写9位乡镇（街道）区划代码', 'Give the 9-digit code of the town') });
const area = z.string().trim().regex(/^\d{6}(\d{3})?$/, { message: bilingual('行政区划代码应为6位（县级）或9位（乡镇级）数字', 'A region code has 6 digits (county) or 9 digits (town)') });
const householdClass = z.enum(Object.keys(HOUSEHOLD_CLASSES) as [keyof typeof HOUSEHOLD_CLASSES], { error: bilingual(`垃圾类别须为 ${Object.keys(HOUSEHOLD_CLASSES).join('、')} 之一`, `The class is one of ${Object.keys(HOUSEHOLD_CLASSES).join(', ')}`) });
const ticketClass = z.enum(Object.keys(TICKET_CLASSES) as [keyof typeof TICKET_CLASSES], { error: bilingual(`垃圾类别须为 ${Object.keys(TICKET_CLASSES).join('、')} 之一`, `The class is one of ${Object.keys(TICKET_CLASSES).join(', ')}`) });
const plate = z.string().trim().toUpperCase().min(5, { message: bilingual('车牌号至少5位', 'A plate has at least 5 characters') }).max(10, { message: bilingual('车牌号至多10位', 'A plate has at most 10 characters') });
const weight = (zh: string, en: string) => decimal({ places: 3, max: MAX_GROSS_T, what: { zh, en } });
// A real moment with its offset (z.coerce.date would take 2025-02-30 as 2 March), not in the future.
const moment = pastDateTime;
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: bilingual('时间应为 HH:MM', 'A time of day is HH:MM') });
const statusBody = z.object({
  asOf: calendarDay, households: z.number().int().min(0).max(1_000_000),
  sortedDeposit: z.boolean(), sortedCollection: z.boolean(), sortedTransport: z.boolean(), sortedTreatment: z.boolean(),
  collectionRooms: z.number().int().min(0).max(10_000).optional(), note: text(500).optional(),
}).strict();
const period = { from: calendarDay, to: calendarDay };
const ticket = z.object({
  facilityId: z.uuid(), ticketNo: text(40).pipe(z.string().min(1, { message: bilingual('请填写磅单号', 'Give the ticket number') })),
  kind: z.enum(['ticket', 'correction', 'cancellation']).default('ticket'), corrects: text(40).optional(), reason: text(500).optional(),
  plate: plate.optional(), wasteClass: ticketClass.optional(), grossT: weight('毛重', 'The gross weight').optional(), tareT: weight('皮重', 'The tare').optional(), netT: weight('净重', 'The net weight').optional(),
  inAt: moment.optional(), outAt: moment.optional(), routeId: z.uuid().optional(), originRegionCode: area.optional(), measured: z.boolean().optional(),
}).strict();
const splitBatch = bilingual(`每批最多 ${MAX_TICKETS} 张磅单，请分批上传`, `At most ${MAX_TICKETS} tickets per batch: split the upload`);

/** After tickets are written, the weighbridge rules look at those tickets (their originals), after the answer is sent. */
export function watcher(app: FastifyInstance, db: AppDeps['db']) {
  const later = afterAnswer(app);
  return (request: FastifyRequest, written: readonly string[]) => {
    if (!written.length) return;
    later(request, 'weighbridge rules after ingest', async () => { for (const key of WEIGHBRIDGE_RULES) await runRule(db, ruleByKey(key)!, new Date(), undefined, written); });
  };
}

export async function householdRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const watch = watcher(app, db);
  const keeper = (request: FastifyRequest) => ({ ...auditContext(request), actor: requireSessionPermission(request, 'organisations.read') });
  const reader = (request: FastifyRequest) => requirePermission(request, 'organisations.read');

  api.get('/api/household/places', {
    schema: { tags: ['household'], summary: '小区和村 Communities and villages of your area with their sorting status on a day, and the coverage over all that match',
      querystring: z.object({ regionCode: area.optional(), kind: z.enum(['community', 'village']).optional(), on: calendarDay.optional() }).extend(pageQuery), response: { 200: placePage } },
  }, async (request) => pagePlaces(db, reader(request), { ...request.query, on: request.query.on ?? shanghaiToday() }));

  api.post('/api/household/places', {
    schema: { tags: ['household'], summary: '登记小区或村 Register a community or village in a town of your area, with its first status (households, the four sorting stages)',
      body: z.object({ regionCode: town, kind: z.enum(['community', 'village']), name: text(100).pipe(z.string().min(2)), address: text(200).optional(), longitude: lon.optional(), latitude: lat.optional(), status: statusBody }).strict(),
      response: { 201: placeSchema.omit({ covered: true }).extend({ status: placeStatusSchema }) } },
  }, async (request, reply) => {
    const { status, ...place } = request.body;
    return reply.status(201).send(await registerPlace(db, keeper(request), place, status));
  });

  api.post('/api/household/places/:id/status', {
    schema: { tags: ['household'], summary: '更新分类状态 A new status of a place from a day on; earlier ones stay', params: z.object({ id: z.uuid() }), body: statusBody, response: { 201: placeStatusSchema } },
  }, async (request, reply) => reply.status(201).send(await recordPlaceStatus(db, keeper(request), request.params.id, request.body)));

  api.get('/api/household/facilities', {
    schema: { tags: ['household'], summary: '设施 Facilities of your area (an operator: its own) with tonnes weighed and load against capacity over a period (default: the last 30 days to today)',
      querystring: z.object({ regionCode: area.optional(), kind: z.enum(Object.keys(FACILITY_KINDS) as [string, ...string[]]).optional(), ...period }).partial({ from: true, to: true }).extend(pageQuery), response: { 200: facilityPage } },
  }, async (request) => {
    const to = request.query.to ?? shanghaiToday();
    return pageFacilities(db, requireScope(request, 'weighbridge:write'), { ...request.query, kind: request.query.kind as never, to, from: request.query.from ?? addDays(to, -29) });
  });

  api.post('/api/household/facilities', {
    schema: { tags: ['household'], summary: '登记设施 Register a collection point, transfer station, plant or landfill with its capacity (t/d) and operator',
      body: z.object({ regionCode: area, kind: z.enum(Object.keys(FACILITY_KINDS) as [keyof typeof FACILITY_KINDS]), name: text(100).pipe(z.string().min(2)), address: text(200).optional(), longitude: lon.optional(), latitude: lat.optional(),
        capacityTPerDay: decimal({ places: 2, min: 'above0', max: 100_000, what: { zh: '处理能力', en: 'The capacity' } }).optional(), classes: z.array(householdClass).min(1).max(6), opensAt: time.optional(), closesAt: time.optional(), operatorId: z.uuid().optional() }).strict(),
      response: { 201: facilitySchema } },
  }, async (request, reply) => reply.status(201).send(await registerFacility(db, keeper(request), request.body)));

  api.get('/api/household/vehicles', { schema: { tags: ['household'], summary: '收运车辆 Collection trucks of your area', querystring: z.object({ regionCode: area.optional() }).extend(pageQuery), response: { 200: vehiclePage } } },
    async (request) => pageCollectionVehicles(db, reader(request), request.query));
  api.post('/api/household/vehicles', {
    schema: { tags: ['household'], summary: '登记收运车辆 Register a company’s vehicle as a collection truck: the class it carries and its tare', body: z.object({ plate, wasteClass: ticketClass, tareT: weight('皮重', 'The tare') }).strict(), response: { 201: vehicleSchema } },
  }, async (request, reply) => reply.status(201).send(await registerCollectionVehicle(db, keeper(request), request.body)));

  api.get('/api/household/routes', { schema: { tags: ['household'], summary: '收运线路 Collection routes of your area', querystring: z.object({ regionCode: area.optional() }).extend(pageQuery), response: { 200: routePage } } },
    async (request) => pageRoutes(db, reader(request), request.query));
  api.post('/api/household/routes', {
    schema: { tags: ['household'], summary: '登记收运线路 Register a route: its stops in order, its trucks and the facilities its loads go to',
      body: z.object({ regionCode: area, name: text(100).pipe(z.string().min(2)), kind: z.enum(['urban', 'village']), wasteClass: householdClass, plates: z.array(plate).max(50),
        facilityIds: z.array(z.uuid()).min(1).max(5), stops: z.array(z.object({ name: text(100).pipe(z.string().min(1)), placeId: z.uuid().optional() }).strict()).min(1).max(200) }).strict(),
      response: { 201: routeSchema } },
  }, async (request, reply) => reply.status(201).send(await registerRoute(db, keeper(request), request.body)));

  api.post('/api/weighbridge/tickets', {
    bodyLimit: 8 * 1024 * 1024,
    config: { tooLarge: { zh: `每批最多 ${MAX_TICKETS} 张磅单，请拆分后分批上传`, en: `at most ${MAX_TICKETS} tickets per batch: split the upload into several batches` } },
    schema: { tags: ['weighbridge'], summary: `地磅磅单批量上传 Weighbridge tickets in batches (Bearer token with weighbridge:write of the facility's operator; at most ${MAX_TICKETS}). A bad ticket rejects the batch; a resent ticket is skipped; a correction or cancellation names the ticket it replaces.`,
      body: z.object({ tickets: z.array(ticket).min(1).max(MAX_TICKETS, { message: splitBatch }) }).strict(), response: { 200: ingestResult } },
  }, async (request) => {
    const actor = requireCaller(request);
    if (actor.via !== 'token' || !tokenAllows(actor, 'weighbridge:write')) throw forbidden('请使用具有 weighbridge:write 权限的接口令牌', 'Use an API token with the weighbridge:write scope');
    const { written, ...result } = await ingestTickets(db, actor, request.body.tickets, actor.username); // a token's name reads token:<name> (<prefix>)
    watch(request, written);
    return result;
  });

  api.post('/api/household/tickets', {
    schema: { tags: ['household'], summary: '手工录入磅单 Type in a ticket where no weighbridge is connected (the facility’s operator, or urban management of its area); the same checks as an upload',
      body: ticket, response: { 200: ingestResult } },
  }, async (request) => {
    const actor = requireCaller(request);
    if (actor.via !== 'session') throw forbidden('手工录入须由用户登录后完成', 'Manual entry needs a logged-in user');
    const { written, ...result } = await ingestTickets(db, actor, [request.body], `user:${actor.username}`);
    watch(request, written);
    return result;
  });

  api.get('/api/weighbridge/tickets', {
    schema: { tags: ['weighbridge'], summary: '磅单 Tickets of your area (an operator: its facilities), newest first; mixedOnly: loads whose class differs from their route’s',
      querystring: z.object({ facilityId: z.uuid().optional(), plate: plate.optional(), wasteClass: ticketClass.optional(), mixedOnly: z.enum(['true', 'false']).optional(), ...period }).partial({ from: true, to: true }).extend(pageQuery), response: { 200: ticketPage } },
  }, async (request) => {
    const to = request.query.to ?? shanghaiToday();
    return pageTickets(db, requireScope(request, 'weighbridge:write'), { ...request.query, mixedOnly: request.query.mixedOnly === 'true', to, from: request.query.from ?? addDays(to, -6) });
  });

  api.get('/api/household/tonnage', {
    schema: { tags: ['household'], summary: '清运量 Tonnes weighed in a period by class, and by town of origin, facility, route or day (default: today)',
      querystring: z.object({ regionCode: area.optional(), by: z.enum(['class', 'town', 'facility', 'route', 'day']).default('class'), ...period }).partial({ from: true, to: true }), response: { 200: tonnageSchema } },
  }, async (request) => {
    const to = request.query.to ?? shanghaiToday();
    return tonnage(db, reader(request), { ...request.query, to, from: request.query.from ?? to });
  });
}

/** Today in Asia/Shanghai, YYYY-MM-DD. */
export const shanghaiToday = (now = new Date()) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
