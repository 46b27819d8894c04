import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireSessionPermission, auditContext } from '../http/context';
import { pageQuery, queryBoolean } from '../http/pagination';
import { bilingual } from '../http/zod-messages';
import { PRODUCT_UNITS } from '../../domain/exchange';
import { calendarDay, decimal, phoneField, text } from '../http/inputs';
import { perAddressLimit } from '../platform/accounts/login-limiter';
import {
  createListing, pageListings, listingDetail, pageMatches, closeListing, sendContact, replyContact, pageListingContacts, pageInbox, counterparties,
  recordDeal, pageDeals, dealTotals, publicProducts, publicProductKinds,
} from './service';
import {
  listingSchema, boardPage, listingDetailSchema, matchPage, contactSchema, contactPage, inboxPage, counterpartiesSchema, dealSchema, dealPage, dealTotalsSchema,
  publicProductPage, publicProductKindsSchema,
} from './presenter';

// numeric(14, 3), like the price's numeric(14, 2): what is stored is what was sent.
const quantity = decimal({ places: 3, min: 'above0', max: 100_000_000, what: { zh: '数量', en: 'The quantity' } });
const id = z.object({ id: z.uuid() });
const kind = z.enum(['offer', 'demand']);
const category = z.enum(['waste', 'product']);
const dealFilter = { from: calendarDay.optional(), to: calendarDay.optional(), wasteClass: z.string().trim().max(40).optional() };

// Anonymous readers of the public page: at most this many requests per address and minute.
const PUBLIC_PER_MINUTE = 120;

export async function exchangeRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // A person's board: logged-in users only (machine tokens do not trade); the service decides the rest.
  const reader = (request: FastifyRequest) => requireSessionPermission(request, 'manifests.read');
  const ctx = (request: FastifyRequest) => ({ ...auditContext(request), actor: reader(request) });

  api.post('/api/exchange/listings', {
    schema: { tags: ['exchange'], summary: '发布供应/需求 Post an offer (what you have) or a demand (what you need): waste by SW class, a recycled product by kind and unit',
      body: z.object({
        kind, category: category.default('waste'), wasteClass: text(40), title: text(100).optional(), quantity,
        unit: z.enum(PRODUCT_UNITS, { message: bilingual(`单位应为 ${PRODUCT_UNITS.join('、')} 之一`, `The unit is one of ${PRODUCT_UNITS.join(', ')}`) }).optional(),
        priceYuan: decimal({ places: 2, max: 100_000_000, what: { zh: '价格', en: 'The price' } }).optional(), frequency: text(20).optional(), place: text(200).optional(),
        longitude: z.number().min(73).max(136).optional(), latitude: z.number().min(3).max(54).optional(), composition: text(1000).optional(),
        contactName: text(40).optional(), contactPhone: z.union([phoneField, z.literal('')]).optional(), validUntil: calendarDay.optional(),
      }).strict(),
      response: { 201: listingSchema } },
  }, async (request, reply) => reply.status(201).send(await createListing(db, ctx(request), request.body)));

  api.get('/api/exchange/listings', {
    schema: { tags: ['exchange'], summary: '供需信息 Open listings (companies), your own with mine=true, or the area\'s (regulators)',
      querystring: z.object({ kind: kind.optional(), category: category.optional(), wasteClass: z.string().max(40).optional(), mine: queryBoolean.optional(), state: z.enum(['open', 'closed', 'expired']).optional() }).extend(pageQuery),
      response: { 200: boardPage } },
  }, async (request) => pageListings(db, reader(request), request.query));

  api.get('/api/exchange/listings/:id', { schema: { tags: ['exchange'], summary: '信息详情 A listing and what you may do with it; contact details once you are in touch', params: id, response: { 200: listingDetailSchema } } },
    async (request) => listingDetail(db, reader(request), request.params.id));

  api.get('/api/exchange/listings/:id/matches', {
    schema: { tags: ['exchange'], summary: '匹配 Open listings of the other kind and the same class, nearest first (great-circle km; without coordinates last)', params: id, querystring: z.object(pageQuery), response: { 200: matchPage } },
  }, async (request) => pageMatches(db, reader(request), request.params.id, request.query.page, request.query.pageSize));

  api.post('/api/exchange/listings/:id/close', { schema: { tags: ['exchange'], summary: '撤下 Close your listing', params: id, response: { 200: listingSchema } } },
    async (request) => closeListing(db, ctx(request), request.params.id));

  api.post('/api/exchange/listings/:id/contacts', {
    schema: { tags: ['exchange'], summary: '联系 Write to the company about its listing, optionally pointing at your own listing', params: id,
      body: z.object({ message: text(1000).pipe(z.string().min(2, { message: bilingual('留言至少2个字', 'Write at least 2 characters') })), fromListingId: z.uuid().optional() }).strict(),
      response: { 201: contactSchema } },
  }, async (request, reply) => reply.status(201).send(await sendContact(db, ctx(request), request.params.id, request.body)));

  api.get('/api/exchange/listings/:id/contacts', { schema: { tags: ['exchange'], summary: '留言 Messages on a listing (all for its owner, yours otherwise)', params: id, querystring: z.object(pageQuery), response: { 200: contactPage } } },
    async (request) => pageListingContacts(db, reader(request), request.params.id, request.query.page, request.query.pageSize));

  api.post('/api/exchange/contacts/:id/reply', {
    schema: { tags: ['exchange'], summary: '回复 Answer a message on your listing', params: id,
      body: z.object({ reply: text(1000).pipe(z.string().min(1, { message: bilingual('请填写回复', 'Write a reply') })) }).strict(), response: { 200: contactSchema } },
  }, async (request) => replyContact(db, ctx(request), request.params.id, request.body.reply));

  api.get('/api/exchange/contacts', {
    schema: { tags: ['exchange'], summary: '收件箱 Messages received on your listings, or sent about others\'', querystring: z.object({ box: z.enum(['received', 'sent']).default('received') }).extend(pageQuery), response: { 200: inboxPage } },
  }, async (request) => pageInbox(db, reader(request), request.query.box, request.query.page, request.query.pageSize));

  api.get('/api/exchange/counterparties', { schema: { tags: ['exchange'], summary: '往来单位 Companies you have been in touch with on the board', response: { 200: counterpartiesSchema } } },
    async (request) => counterparties(db, reader(request)));

  api.post('/api/exchange/deals', {
    schema: { tags: ['exchange'], summary: '记录成交 Record a deal you are a party to; a hand-over manifest must be a general industrial one from the supplier to the buyer',
      body: z.object({ supplierId: z.uuid(), buyerId: z.uuid(), wasteClass: text(40).pipe(z.string().min(1)), quantity, agreedOn: calendarDay, manifestId: z.uuid().optional(),
        offerListingId: z.uuid().optional(), demandListingId: z.uuid().optional(), note: text(500).optional() }).strict(),
      response: { 201: dealSchema } },
  }, async (request, reply) => reply.status(201).send(await recordDeal(db, ctx(request), request.body)));

  api.get('/api/exchange/deals', {
    schema: { tags: ['exchange'], summary: '成交 Deals: your company\'s, or the area\'s for regulators', querystring: z.object(dealFilter).extend(pageQuery), response: { 200: dealPage } },
  }, async (request) => pageDeals(db, reader(request), request.query));

  api.get('/api/exchange/deals/totals', {
    schema: { tags: ['exchange'], summary: '成交统计 Deals by class and by month', querystring: z.object(dealFilter), response: { 200: dealTotalsSchema } },
  }, async (request) => dealTotals(db, reader(request), request.query));

  // 再生产品供求信息, published: no login. The onRequest hook only reads a session when one is sent;
  // these routes never ask for an actor, and an address that asks too often gets a 429.
  const throttle = perAddressLimit(db, { name: 'public-products', max: PUBLIC_PER_MINUTE, windowMs: 60_000 });
  api.get('/api/public/recycled-products', {
    schema: { tags: ['public'], summary: '再生产品供求信息 Open recycled-product offers and demands (public, no login; no contact phone)',
      querystring: z.object({ kind: kind.optional(), product: z.string().max(40).optional(), page: pageQuery.page, pageSize: z.coerce.number().int().min(1).max(50).default(20) }), response: { 200: publicProductPage } },
  }, async (request) => { await throttle(request); return publicProducts(db, request.query); });

  api.get('/api/public/recycled-products/kinds', { schema: { tags: ['public'], summary: '再生产品种类 Product kinds listed now (public)', response: { 200: publicProductKindsSchema } } },
    async (request) => { await throttle(request); return publicProductKinds(db); });
}
