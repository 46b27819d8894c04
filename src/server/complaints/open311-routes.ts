import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { AppError, badRequest, forbidden, notFound } from '../http/errors';
import { issueMessage } from '../http/zod-messages';
import { sanitiseInput } from '../http/sanitise';
import { tokenActor } from '../platform/accounts/service';
import { tokenAllows } from '../platform/policy';
import { COMPLAINT_CATEGORIES, COMPLAINT_NUMBER, categoryLabel, withinChina, complaintCategory, open311Status, type ComplaintCategory } from '../../domain/complaints';
import { DOMAINS } from '../../domain/enums';
import { perAddressLimit } from '../platform/accounts/login-limiter';
import { createComplaint, open311Requests, open311Token, type PublicRow } from './service';

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON only, so that existing Open311
// apps can submit and read reports. Reading is public and carries only public fields (never the
// contact); POST requests.json needs api_key: a platform API token with the complaints:write scope.
// jurisdiction_id is a GB/T 2260 region code (county or town); without it a POST goes to the token's
// organisation's region. Errors are Open311's array of {code, description}, the description in
// Chinese and English. These routes follow their own specification and stay out of /api/docs.

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
type Open311Error = { code: number; description: string; message: { zh: string; en: string }; field: string | null };

const asOpen311 = (status: number, zh: string, en: string, field: string | null = null): Open311Error[] => [{ code: status, description: `${zh} / ${en}`, message: { zh, en }, field }];

const serviceOf = (c: (typeof COMPLAINT_CATEGORIES)[number]) => ({
  service_code: c.value, service_name: c.zh, description: `${c.zh} (${c.en})`, metadata: false, type: 'realtime', keywords: c.en.toLowerCase(), group: '固体废物 Solid waste',
});

const agency = (domain: string | null) => (domain ? `${DOMAINS.label(domain)}部门` : '无废城市建设办公室');

function present(r: PublicRow, base: string) {
  return {
    service_request_id: r.complaintNo,
    status: open311Status(r.status),
    status_notes: r.answer ?? null,
    service_name: categoryLabel(r.category),
    service_code: r.category,
    description: r.description,
    agency_responsible: agency(r.domain),
    service_notice: null,
    requested_datetime: r.createdAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    expected_datetime: r.closeDue.toISOString(),
    address: r.address || null,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: r.photos[0] ? `${base}/api/complaints/photos/${r.photos[0]}` : null,
  };
}

const baseUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

const postBody = z.object({
  api_key: z.string().min(1),
  service_code: z.string(),
  jurisdiction_id: z.string().regex(/^\d{6}(\d{3})?$/).optional(),
  // Forms send text, JSON may send numbers: read either way, checked in the handler.
  lat: z.union([z.string().max(30), z.number()]).optional(),
  long: z.union([z.string().max(30), z.number()]).optional(),
  address_string: z.string().trim().max(200).optional(),
  address_id: z.string().max(60).optional(),
  description: z.string().trim().max(2000).optional(),
  email: z.string().max(120).optional(),
  phone: z.string().max(30).optional(),
  first_name: z.string().max(40).optional(),
  last_name: z.string().max(40).optional(),
  device_id: z.string().max(120).optional(),
  account_id: z.string().max(120).optional(),
  media_url: z.string().max(500).optional(),
}).passthrough();

const listQuery = z.object({
  jurisdiction_id: z.string().regex(/^\d{6}(\d{3})?$/).optional(),
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(40).optional(),
  status: z.enum(['open', 'closed']).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
});

export async function open311Routes(app: FastifyInstance, deps: AppDeps) {
  const { db, config } = deps;
  await app.register(async (child) => {
    const api = child.withTypeProvider<ZodTypeProvider>();
    // Open311 clients post forms; JSON is taken too.
    child.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    child.addHook('preValidation', async (request) => {
      if (request.body !== undefined && request.body !== null) request.body = sanitiseInput(request.body);
      sanitiseInput(request.query, 'querystring');
      sanitiseInput(request.params, 'params');
    });
    child.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
      if (error instanceof AppError) return reply.status(error.status).send(asOpen311(error.status, error.text.zh, error.text.en, error.path));
      if (hasZodFastifySchemaValidationErrors(error)) {
        const first = error.validation[0];
        const field = `${first.instancePath}`.replace(/^\//, '').replace(/\//g, '.') || String((first.params as { missingProperty?: string })?.missingProperty ?? '') || null;
        const text = issueMessage({ ...(first.params as object), code: first.keyword, message: first.message });
        return reply.status(400).send(asOpen311(400, `输入有误：${field ?? ''} ${text.zh}`.trim(), `Invalid input: ${field ?? ''} ${text.en}`.trim(), field));
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return reply.status(error.statusCode).send(asOpen311(error.statusCode, '请求无效', `Bad request: ${error.message}`));
      request.log.error({ err: error, url: request.url }, 'server error');
      return reply.status(500).send(asOpen311(500, '服务器内部错误', 'Internal error'));
    });
    child.setNotFoundHandler((_request, reply) => reply.status(404).send(asOpen311(404, '接口不存在', 'No such endpoint')));

    const hide = true;
    // Public reads per client address, in the database like every address limit.
    const reads = perAddressLimit(db, { name: 'open311-read', max: 120, windowMs: 60_000 });

    api.get('/discovery.json', { schema: { hide } }, async (request) => ({
      changeset: '2026-12-07T00:00:00Z',
      contact: '无废城市建设办公室 Zero-waste office',
      key_service: '在平台“接口令牌”页面申请具有 complaints:write 权限的令牌 / Ask for an API token with the complaints:write scope',
      endpoints: [{ specification: SPEC, url: `${baseUrl(request)}/open311/v2`, changeset: '2026-12-07T00:00:00Z', type: 'production', formats: ['application/json'] }],
    }));

    api.get('/services.json', { schema: { hide, querystring: z.object({ jurisdiction_id: z.string().optional() }) } }, async () => COMPLAINT_CATEGORIES.map(serviceOf));

    api.get('/services/:code.json', { schema: { hide, params: z.object({ code: z.string().max(40) }) } }, async (request) => {
      if (!complaintCategory(request.params.code)) throw notFound({ zh: '服务类别', en: 'Service' });
      return { service_code: request.params.code, attributes: [] };
    });

    api.post('/requests.json', { schema: { hide, body: postBody } }, async (request, reply) => {
      const b = request.body;
      const actor = await tokenActor(db, b.api_key.trim());
      if (!actor) throw new AppError(403, 'BAD_TOKEN', { zh: 'api_key 无效、已过期或已撤销', en: 'The api_key is invalid, expired or revoked' }, 'api_key');
      if (!tokenAllows(actor, 'complaints:write')) throw forbidden('api_key 没有 complaints:write 权限', 'The api_key lacks the complaints:write scope');
      if (!complaintCategory(b.service_code)) throw badRequest('UNKNOWN_SERVICE', 'service_code 不在服务列表中', 'service_code is not a listed service', 'service_code');
      const coordinate = (value: string | number | undefined, field: 'lat' | 'long', limit: number) => {
        if (value === undefined || value === '') return undefined;
        const n = Number(value);
        if (!Number.isFinite(n) || Math.abs(n) > limit) throw badRequest('BAD_COORDINATE', `${field} 应为 -${limit} 至 ${limit} 之间的数字`, `${field} is a number from -${limit} to ${limit}`, field);
        return n;
      };
      const lat = coordinate(b.lat, 'lat', 90);
      const long = coordinate(b.long, 'long', 180);
      const hasPoint = lat !== undefined && long !== undefined;
      if (hasPoint && !withinChina(long, lat)) throw badRequest('BAD_COORDINATE', 'lat/long 应为中国境内的点（经度73至136，纬度3至54）', 'lat/long name a point in China (longitude 73 to 136, latitude 3 to 54)', 'long');
      if (!hasPoint && !b.address_string) throw badRequest('LOCATION_REQUIRED', '请提供 lat/long 或 address_string', 'Give lat and long, or address_string', 'location');
      const contactName = [b.last_name, b.first_name].filter(Boolean).join('');
      const created = await createComplaint(db, { actor, ip: request.ip }, {
        category: b.service_code as ComplaintCategory,
        regionCode: b.jurisdiction_id ?? actor.regionCode,
        location: hasPoint ? { lon: long!, lat: lat! } : undefined,
        address: b.address_string,
        description: b.description ?? '',
        contactName: contactName.slice(0, 40),
        contactPhone: [b.phone, b.email].filter(Boolean).join(' ').slice(0, 150),
      }, { dataDir: config.dataDir, source: 'open311', apiTokenId: actor.tokenId });
      return reply.status(201).send([{ service_request_id: created.complaintNo, token: created.publicToken, service_notice: `查询码 follow code: ${created.followCode}`, account_id: null }]);
    });

    api.get('/requests.json', { schema: { hide, querystring: listQuery } }, async (request) => {
      await reads(request);
      const q = request.query;
      const ids = q.service_request_id?.split(',').map((s) => s.trim()).filter(Boolean);
      if (ids?.some((i) => !COMPLAINT_NUMBER.test(i))) throw badRequest('BAD_ID', 'service_request_id 格式不正确', 'service_request_id is malformed', 'service_request_id');
      const rows = await open311Requests(db, {
        ids, serviceCode: q.service_code, status: q.status, jurisdiction: q.jurisdiction_id,
        start: q.start_date ? new Date(q.start_date) : undefined, end: q.end_date ? new Date(q.end_date) : undefined,
      });
      return rows.map((r) => present(r, baseUrl(request)));
    });

    api.get('/requests/:id.json', { schema: { hide, params: z.object({ id: z.string().max(40) }) } }, async (request) => {
      await reads(request);
      if (!COMPLAINT_NUMBER.test(request.params.id)) throw notFound({ zh: '投诉举报', en: 'Request' });
      const [row] = await open311Requests(db, { ids: [request.params.id] }, 1);
      if (!row) throw notFound({ zh: '投诉举报', en: 'Request' });
      return [present(row, baseUrl(request))];
    });

    api.get('/tokens/:token.json', { schema: { hide, params: z.object({ token: z.string().max(60) }) } }, async (request) => {
      await reads(request);
      const found = await open311Token(db, request.params.token);
      if (!found) throw notFound({ zh: '令牌', en: 'Token' });
      return [{ service_request_id: found.complaintNo, token: request.params.token }];
    });
  }, { prefix: '/open311/v2' });
}
