import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { AppDeps } from '../http/deps';
import { auditContext, requireActor, requireScope, requireSession, requireCaller } from '../http/context';
import { forbidden } from '../http/errors';
import { tokenAllows } from '../platform/policy';
import { bilingual } from '../http/zod-messages';
import { pageQuery, queryBoolean } from '../http/pagination';
import { calendarDay, decimal, pastDateTime, text } from '../http/inputs';
import { GRADES, POINTS_SETTINGS } from '../../domain/green';
import { HOUSEHOLD_CLASSES } from '../../domain/household';
import { keepsHousehold, inArea } from './access';
import { areaSql, narrowSql, requireKeeper } from '../household/access';
import { gradeDelivery, householdById, pageDeliveries, pageHouseholds, recordDeliveries, redeemPoints, registerHousehold } from './service';
import { rulesFor } from './points';
import { placeRates, ratesSummary } from './rates';
import { myAccount, myCommunity, myHistory, nearbyPoints } from './resident';
import { shanghaiToday } from '../household/routes';
import {
  accountSchema, binResult, cardSchema, communitySchema, deliveryPage, historyPage, householdPage, householdSchema, nearbyPage, ratesSchema, recordedSchema, redemptionSchema, rulesAnswer,
} from './presenter';

// 绿色账户 (ADR 0006): the keepers register households and read accounts, deliveries and community
// rates; a collection point's collector records deliveries, grades them and redeems points; a smart
// bin posts deliveries with a green:write token of the point's operator; a resident reads his own.

const MAX_BIN_BATCH = 500;
const qrSvg = (token: string) => QRCode.toString(token, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

const cardNo = z.string().trim().regex(/^[A-Za-z0-9-]{4,20}$/, { message: bilingual('卡号为4–20位字母、数字或连字符', 'A card number has 4 to 20 letters, digits or hyphens') });
const qrToken = z.string().trim().regex(/^[A-Za-z0-9_-]{16,64}$/, { message: bilingual('二维码内容无效', 'Not a green-account QR code') });
const grade = z.enum(Object.keys(GRADES) as [keyof typeof GRADES], { error: bilingual('评定等级须为 A（优）、B（良）、C（中）、D（差）之一', 'The grade is one of A (excellent), B (good), C (fair), D (poor)') });
const wasteClass = z.enum(Object.keys(HOUSEHOLD_CLASSES) as [keyof typeof HOUSEHOLD_CLASSES], { error: bilingual(`垃圾类别须为 ${Object.keys(HOUSEHOLD_CLASSES).join('、')} 之一`, `The class is one of ${Object.keys(HOUSEHOLD_CLASSES).join(', ')}`) });
const weightKg = decimal({ places: 2, min: 'above0', max: 500, what: { zh: '投放重量（千克）', en: 'The weight (kg)' } });
const area = z.string().trim().regex(/^\d{6}(\d{3})?$/, { message: bilingual('行政区划代码应为6位（县级）或9位（乡镇级）数字', 'A region code has 6 digits (county) or 9 digits (town)') });
const delivery = z.object({
  facilityId: z.uuid(), cardNo: cardNo.optional(), qrToken: qrToken.optional(), wasteClass, weightKg: weightKg.optional(), deliveredAt: pastDateTime.optional(), grade: grade.optional(),
}).strict();
const binDelivery = delivery.extend({ binRef: text(60).pipe(z.string().min(1, { message: bilingual('请填写回收箱记录号', 'Give the bin’s record number') })) }).strict();

export async function greenRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => ({ ...auditContext(request), actor: requireSession(request) });
  /** Keepers of the register and collection-point operators (with a token: green:write); a resident reads his pages only. */
  const reader = (request: FastifyRequest) => {
    const actor = requireScope(request, 'green:write');
    if (actor.role === 'resident') throw forbidden('居民请在“我的绿色账户”查看本户记录', 'A resident sees his own household under My green account');
    if ((actor.role === 'office' || actor.role === 'regulator') && !keepsHousehold(actor)) throw forbidden('绿色账户由城市管理、住房城乡建设部门掌握', 'Green accounts are kept by urban management and housing');
    return actor;
  };
  const period = (q: { from?: string; to?: string }, days = 30) => {
    const to = q.to ?? shanghaiToday();
    return { from: q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10), to };
  };

  api.get('/api/green/households', {
    schema: { tags: ['green'], summary: '绿色账户 Households with green accounts you may see (keepers: your area; a collection point’s operator: its county, to look up a card), with their valid balance',
      querystring: z.object({ placeId: z.uuid().optional(), regionCode: area.optional(), cardNo: cardNo.optional(), qrToken: qrToken.optional() }).extend(pageQuery), response: { 200: householdPage } },
  }, async (request) => pageHouseholds(db, reader(request), request.query));

  api.post('/api/green/households', {
    schema: { tags: ['green'], summary: '登记绿色账户 Register a household of a community or village of your area with its card number; its QR token is made here. residentUsername links a resident’s login.',
      body: z.object({ placeId: z.uuid(), address: text(200).pipe(z.string().min(2, { message: bilingual('请填写门牌号', 'Give the address (door number)') })), cardNo,
        residentUsername: z.string().trim().min(3).max(60).optional() }).strict(),
      response: { 201: householdSchema } },
  }, async (request, reply) => reply.status(201).send(await registerHousehold(db, ctx(request), request.body)));

  api.get('/api/green/households/:id/card', {
    schema: { tags: ['green'], summary: '绿色账户卡 A household’s card: its number and QR code (SVG), to print', params: z.object({ id: z.uuid() }), response: { 200: cardSchema } },
  }, async (request) => {
    const actor = requireKeeper(requireSession(request));
    const h = await householdById(db, actor, request.params.id);
    return { id: h.id, cardNo: h.cardNo, placeName: h.placeName, address: h.address, qrSvg: await qrSvg(h.qrToken) };
  });

  api.get('/api/green/deliveries', {
    schema: { tags: ['green'], summary: '投放记录 Deliveries you may see, newest first (keepers: your area; an operator: its collection points), over a period (default the last 30 days)',
      querystring: z.object({ householdId: z.uuid().optional(), facilityId: z.uuid().optional(), placeId: z.uuid().optional(), ungraded: queryBoolean.optional(), from: calendarDay.optional(), to: calendarDay.optional() }).extend(pageQuery),
      response: { 200: deliveryPage } },
  }, async (request) => pageDeliveries(db, reader(request), { ...request.query, ...period(request.query) }));

  api.post('/api/green/deliveries', {
    schema: { tags: ['green'], summary: '记录投放 A collector records a delivery at a collection point of his organisation: the household by card or QR code, the class, optional weight (kg) and grade (points are earned when graded)',
      body: delivery, response: { 201: recordedSchema } },
  }, async (request, reply) => {
    const [result] = await recordDeliveries(db, ctx(request), [request.body]);
    return reply.status(201).send(result);
  });

  api.post('/api/green/deliveries/:id/grade', {
    schema: { tags: ['green'], summary: '评定分类质量 Grade a delivery at your collection point once (A 优, B 良, C 中, D 差); a second grade is refused (409)',
      params: z.object({ id: z.uuid() }), body: z.object({ grade }).strict(), response: { 201: recordedSchema.omit({ duplicate: true }) } },
  }, async (request, reply) => {
    const actor = requireScope(request, 'green:write');
    return reply.status(201).send(await gradeDelivery(db, { ...auditContext(request), actor }, request.params.id, request.body.grade));
  });

  api.post('/api/green/redemptions', {
    schema: { tags: ['green'], summary: '积分兑换 A station hands over goods for points: drawn from the earliest-expiring points first; more than the balance is refused on points',
      body: z.object({ facilityId: z.uuid(), cardNo: cardNo.optional(), qrToken: qrToken.optional(), goods: text(100).pipe(z.string().min(1, { message: bilingual('请填写兑换物品', 'Give the goods') })),
        quantity: z.number().int().min(1).max(1000), points: z.number().int().min(1).max(1_000_000) }).strict(),
      response: { 201: redemptionSchema } },
  }, async (request, reply) => reply.status(201).send(await redeemPoints(db, ctx(request), request.body)));

  api.post('/api/smart-bins/deliveries', {
    schema: { tags: ['smart-bins'], summary: `智能回收箱上传投放记录 A smart bin posts deliveries (Bearer token with green:write of the collection point’s operator; at most ${MAX_BIN_BATCH}). binRef is the bin’s own record number: a resent record is skipped. A bad record rejects the batch.`,
      body: z.object({ deliveries: z.array(binDelivery).min(1).max(MAX_BIN_BATCH, { message: bilingual(`每批最多 ${MAX_BIN_BATCH} 条，请分批上传`, `At most ${MAX_BIN_BATCH} deliveries per batch: split the upload`) }) }).strict(),
      response: { 200: binResult } },
  }, async (request) => {
    const actor = requireCaller(request);
    if (actor.via !== 'token' || !tokenAllows(actor, 'green:write')) throw forbidden('请使用具有 green:write 权限的接口令牌', 'Use an API token with the green:write scope');
    const items = await recordDeliveries(db, { ...auditContext(request), actor }, request.body.deliveries, new Date(), (i) => `deliveries.${i}.`);
    return { accepted: items.filter((i) => !i.duplicate).length, duplicates: items.filter((i) => i.duplicate).length, earned: items.reduce((s, i) => s + (i.duplicate ? 0 : i.earned), 0), items };
  });

  api.get('/api/green/rates', {
    schema: { tags: ['green'], summary: '参与率和准确率 Participation (households with a delivery over registered households) and accuracy (graded 优/良 over graded) of the communities and villages of your area, over a period (default the last 30 days)',
      querystring: z.object({ regionCode: area.optional(), from: calendarDay.optional(), to: calendarDay.optional() }).extend(pageQuery), response: { 200: ratesSchema } },
  }, async (request) => {
    const actor = requireKeeper(requireScope(request));
    const p = period(request.query);
    const where = sql.join([areaSql(actor, sql`p.region_code`), narrowSql(actor, sql`p.region_code`, request.query.regionCode) ?? sql`true`], sql` AND `);
    const [items, summary] = await Promise.all([placeRates(db, where, p, { limit: request.query.pageSize, offset: (request.query.page - 1) * request.query.pageSize }), ratesSummary(db, where, p)]);
    return { items, total: summary.places, page: request.query.page, pageSize: request.query.pageSize, ...p, summary };
  });

  api.get('/api/green/rules', {
    schema: { tags: ['green'], summary: '积分规则 The points rules in force for your region (or a region of your area): points per delivery by class, per kg, the grades’ multipliers, expiry',
      querystring: z.object({ regionCode: area.optional() }), response: { 200: rulesAnswer } },
  }, async (request) => {
    const actor = requireActor(request);
    const regionCode = request.query.regionCode && (keepsHousehold(actor) && inArea(actor, request.query.regionCode)) ? request.query.regionCode : actor.regionCode;
    return { regionCode, rules: await rulesFor(db, regionCode), keys: POINTS_SETTINGS.map((s) => s.key) };
  });

  // ---- the resident's own pages ----
  api.get('/api/green/me', {
    schema: { tags: ['green'], summary: '我的绿色账户 Your household’s account: card and QR code, valid balance, what you earned, redeemed and saw expire, what lapses within 30 days', response: { 200: accountSchema } },
  }, async (request) => {
    const account = await myAccount(db, requireSession(request));
    return { ...account, qrSvg: await qrSvg(account.household.qrToken) };
  });
  api.get('/api/green/me/history', {
    schema: { tags: ['green'], summary: '积分明细 Your points, newest first: earned (with the delivery), redeemed (goods), expired',
      querystring: z.object({ kind: z.enum(['earn', 'redeem', 'expire']).optional() }).extend(pageQuery), response: { 200: historyPage } },
  }, async (request) => myHistory(db, requireSession(request), request.query));
  api.get('/api/green/me/collection-points', {
    schema: { tags: ['green'], summary: '附近收集点 Collection points of your county, nearest first, with opening hours and whether they are open now', querystring: z.object(pageQuery), response: { 200: nearbyPage } },
  }, async (request) => nearbyPoints(db, requireSession(request), request.query));
  api.get('/api/green/me/community', {
    schema: { tags: ['green'], summary: '本小区排名 Your community’s participation and accuracy against the other places of your town (default the last 30 days)',
      querystring: z.object({ from: calendarDay.optional(), to: calendarDay.optional() }), response: { 200: communitySchema } },
  }, async (request) => myCommunity(db, requireSession(request), period(request.query)));
}
