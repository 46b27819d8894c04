import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, queryBoolean } from '../http/pagination';
import { calendarDay, calendarYear, phoneField, regionCode, text } from '../http/inputs';
import { badRequest, forbidden, notFound } from '../http/errors';
import { readPhotoUpload } from '../http/upload';
import { PHOTO_MAX_BYTES, PHOTO_NAME, readPhoto, storePhoto } from '../files/photos';
import { CHINA_EXTENT, COMPLAINT_ACTION_VALUES, COMPLAINT_CATEGORY_VALUES, COMPLAINT_NUMBER, COMPLAINT_STATUS_VALUES } from '../../domain/complaints';
import { DOMAINS } from '../../domain/enums';
import {
  actOnComplaint, complaintForOfficial, complaintQueue, createComplaint, followComplaint, myComplaints, nearbyOpen, rateComplaint, reopenComplaint, routingTable, setRoutingTable,
} from './service';
import * as P from './presenter';
import { perAddressLimit } from '../platform/accounts/login-limiter';

// 信访投诉举报 (issue 18). The citizen's routes answer without a login (a resident's session adds his
// own list and following without the code); API tokens are refused here (machines use Open311, see
// open311-routes.ts). The department's console routes are for sessions of the office and the
// departments, each seeing its area and the reports routed to it.

const category = z.enum(COMPLAINT_CATEGORY_VALUES, { error: bilingual('投诉类别不在目录中', 'Not a report category') });
const complaintNo = z.string().trim().toUpperCase().regex(COMPLAINT_NUMBER, { message: bilingual('投诉编号格式应为 TS 加13位数字', 'A report number is TS and 13 digits') });
const followCode = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{8}$/, { message: bilingual('查询码为8位字母或数字', 'The follow code has 8 letters or digits') });
// A report is about a place in China: a point outside its extent is a typing slip (a swapped pair, a missing digit).
const outside = (what: 'lon' | 'lat') => bilingual(what === 'lon' ? `经度应在 ${CHINA_EXTENT.lon[0]} 至 ${CHINA_EXTENT.lon[1]} 之间（中国境内）` : `纬度应在 ${CHINA_EXTENT.lat[0]} 至 ${CHINA_EXTENT.lat[1]} 之间（中国境内）`,
  what === 'lon' ? `The longitude lies between ${CHINA_EXTENT.lon[0]} and ${CHINA_EXTENT.lon[1]} (in China)` : `The latitude lies between ${CHINA_EXTENT.lat[0]} and ${CHINA_EXTENT.lat[1]} (in China)`);
const point = z.object({
  lon: z.number({ error: bilingual('经度应为数字', 'The longitude is a number') }).min(CHINA_EXTENT.lon[0], { error: outside('lon') }).max(CHINA_EXTENT.lon[1], { error: outside('lon') }),
  lat: z.number({ error: bilingual('纬度应为数字', 'The latitude is a number') }).min(CHINA_EXTENT.lat[0], { error: outside('lat') }).max(CHINA_EXTENT.lat[1], { error: outside('lat') }),
}, { error: bilingual('请在地图上选择问题地点（经纬度）', 'Pick the place on the map (longitude and latitude)') }).strict();

const reportBody = z.object({
  category,
  regionCode,
  location: point.optional(),
  address: text(200).optional(),
  description: text(2000).pipe(z.string().min(5, { message: bilingual('请描述问题（至少5个字）', 'Describe the problem (5 characters at least)') })),
  photos: z.array(z.string().regex(PHOTO_NAME, { message: bilingual('照片名称不正确，请重新上传', 'Not a stored photo: upload it again') })).max(6, { message: bilingual('最多6张照片', 'At most 6 photos') }).optional(),
  contactName: text(40).optional(),
  contactPhone: z.union([phoneField, z.literal('')]).optional(),
  sameAs: complaintNo.optional(),
}).strict();

// Per address: a family photographing a heap, a volunteer's round of reports, a citizen checking back.
const PHOTOS_PER_10_MIN = 60;
const REPORTS_PER_10_MIN = 20;
const FOLLOWS_PER_10_MIN = 60;
const READS_PER_MINUTE = 120;

const followQuery = z.object({ no: complaintNo, code: followCode.optional() });
const id = z.object({ id: z.uuid({ error: bilingual('投诉编号格式不正确', 'The report id is malformed') }) });

const actionBody = z.object({
  action: z.enum(COMPLAINT_ACTION_VALUES, { error: bilingual('办理动作不在目录中', 'Not a step') }),
  note: text(2000).optional(),
  domain: z.enum(DOMAINS.values, { error: bilingual('部门不在目录中', 'Not a department') }).nullable().optional(),
  townCode: z.string().regex(/^\d{9}$/, { message: bilingual('乡镇代码应为9位数字', 'A town code has 9 digits') }).optional(),
  original: complaintNo.optional(),
}).strict();

/** The citizen's routes take no API token: a machine reports through Open311. */
function citizen(request: FastifyRequest) {
  if (request.actor?.via === 'token') throw forbidden('接口令牌请使用 Open311 接口（/open311/v2/）', 'API tokens use the Open311 endpoint (/open311/v2/)');
  return request.actor;
}

export async function complaintRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['complaints'];

  // ---------------------------------------------------------------- the citizen (no login needed)
  // Per client address, counted in the database: uploads and reports from one place, and guesses at
  // follow codes (a number with a wrong code), are bounded; officials entering hotline calls are not.
  const tooOften = { zh: '提交过于频繁，请稍后再试', en: 'Too many submissions from here: try again later' };
  const limits = {
    photo: perAddressLimit(db, { name: 'complaint-photo', max: PHOTOS_PER_10_MIN, windowMs: 10 * 60_000, message: tooOften }),
    report: perAddressLimit(db, { name: 'complaint-report', max: REPORTS_PER_10_MIN, windowMs: 10 * 60_000, message: tooOften }),
    follow: perAddressLimit(db, { name: 'complaint-follow', max: FOLLOWS_PER_10_MIN, windowMs: 10 * 60_000 }),
    read: perAddressLimit(db, { name: 'complaint-read', max: READS_PER_MINUTE, windowMs: 60_000 }),
  };
  const bounded = async (request: FastifyRequest, limit: (request: FastifyRequest) => Promise<void>) => {
    const actor = citizen(request);
    if (!(actor && (actor.role === 'office' || actor.role === 'regulator'))) await limit(request);
    return actor;
  };

  api.post('/api/complaints/photos', {
    schema: { tags, summary: `上传照片 A citizen uploads one photo (multipart field "photo"): JPEG, PNG or WebP by its bytes, ${PHOTO_MAX_BYTES / 1024 / 1024} MB at most; location and other metadata are removed before it is stored. No login needed.`, consumes: ['multipart/form-data'], response: { 201: P.photoStored } },
  }, async (request, reply) => {
    await bounded(request, limits.photo);
    return reply.status(201).send(await storePhoto(config.dataDir, await readPhotoUpload(request)));
  });

  api.get('/api/complaints/photos/:name', {
    schema: { tags, summary: '查看照片 A stored photo (metadata already removed)', params: z.object({ name: z.string().regex(PHOTO_NAME) }) },
  }, async (request, reply) => {
    const photo = await readPhoto(config.dataDir, request.params.name);
    if (!photo) throw notFound({ zh: '照片', en: 'Photo' });
    return reply.type(photo.mime).header('cache-control', 'public, max-age=86400, immutable').send(photo.bytes);
  });

  api.get('/api/complaints/regions', {
    schema: { tags, summary: '可投诉的区域 Counties that take reports here (those with a routing table), or the towns of one (?parent=)', querystring: z.object({ parent: z.string().regex(/^\d{6}$/).optional() }), response: { 200: P.regionChoices } },
  }, async (request) => {
    await bounded(request, limits.read);
    const parent = request.query.parent;
    const rows = parent
      ? (await db.execute<{ code: string; name: string; level: string }>(sql`SELECT code, name, level FROM regions WHERE parent_code = ${parent} AND level = 'town' ORDER BY code`)).rows
      : (await db.execute<{ code: string; name: string; level: string }>(sql`SELECT r.code, r.name, r.level FROM regions r WHERE r.level = 'county' AND EXISTS (SELECT 1 FROM complaint_routes cr WHERE cr.region_code = r.code) ORDER BY r.code`)).rows;
    return { items: rows };
  });

  api.get('/api/complaints/nearby', {
    schema: { tags, summary: '附近同类投诉 Open reports of the same category within 50 m of a point, nearest first: offered as “same as this one” before a report is sent', querystring: z.object({ category, lon: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) }), response: { 200: P.nearbyList } },
  }, async (request) => {
    await bounded(request, limits.read);
    return { items: await nearbyOpen(db, request.query.category, { lon: request.query.lon, lat: request.query.lat }) };
  });

  api.post('/api/complaints/reports', {
    schema: { tags, summary: '投诉举报 A citizen reports: category, region, place (a point or an address; 400 on location without either), description, photos (uploaded first), contact (optional, never public). Answers the number and the private follow code. sameAs: an open report within 50 m it is the same as.', body: reportBody, response: { 201: P.created } },
  }, async (request, reply) => {
    const actor = await bounded(request, limits.report);
    const official = actor && (actor.role === 'office' || actor.role === 'regulator');
    const result = await createComplaint(db, { ...auditContext(request), actor }, request.body, { dataDir: config.dataDir, source: official ? 'hotline' : 'web' });
    return reply.status(201).send({ id: result.id, complaintNo: result.complaintNo, followCode: result.followCode });
  });

  api.get('/api/complaints/follow', {
    schema: { tags, summary: '查询进度 Follow a report by its number and follow code (a logged-in resident: his own by the number alone); no contact details', querystring: followQuery, response: { 200: P.followed } },
  }, async (request) => followComplaint(db, await bounded(request, limits.follow), request.query.no, request.query.code));

  api.post('/api/complaints/follow/rate', {
    schema: { tags, summary: '评价 The citizen rates the answer once, 1–5 and a comment; the report is closed', body: followQuery.extend({
      stars: z.number({ error: bilingual('评分为1至5', 'Stars are 1 to 5') }).int({ error: bilingual('评分为1至5', 'Stars are 1 to 5') }).min(1, { error: bilingual('评分为1至5', 'Stars are 1 to 5') }).max(5, { error: bilingual('评分为1至5', 'Stars are 1 to 5') }),
      comment: text(500).optional(),
    }).strict(), response: { 200: P.followed } },
  }, async (request) => rateComplaint(db, { ...auditContext(request), actor: await bounded(request, limits.follow) }, request.body.no, request.body.code, request.body));

  api.post('/api/complaints/follow/reopen', {
    schema: { tags, summary: '重新提起 Not satisfied with the answer: reopen within the set days (setting complaints.reopen_days); it goes back to the department', body: followQuery.extend({
      reason: text(1000).pipe(z.string().min(2, { message: bilingual('请说明不满意的原因', 'Say why you are not satisfied') })),
    }).strict(), response: { 200: P.followed } },
  }, async (request) => reopenComplaint(db, { ...auditContext(request), actor: await bounded(request, limits.follow) }, request.body.no, request.body.code, request.body.reason));

  api.get('/api/complaints/mine', {
    schema: { tags, summary: '我的投诉 A resident’s own reports, newest first', querystring: z.object(pageQuery), response: { 200: P.myPage } },
  }, async (request) => myComplaints(db, requireSession(request), request.query.page, request.query.pageSize));

  // ---------------------------------------------------------------- the department's console

  api.get('/api/complaints', {
    schema: { tags, summary: '投诉举报办理 The queue: the office sees its area, a department the reports routed to it; filter by state, category, region, overdue', querystring: z.object({
      status: z.enum(COMPLAINT_STATUS_VALUES).optional(), category: category.optional(), regionCode: regionCode.optional(), overdue: queryBoolean.optional(), q: z.string().max(60).optional(),
    }).extend(pageQuery), response: { 200: P.queuePage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return complaintQueue(db, requireSession(request), filter, page, pageSize);
  });

  api.get('/api/complaints/routes', {
    schema: { tags, summary: '分派表 The routing table of the actor’s region: category → department (no row: the office)', response: { 200: P.routingTable } },
  }, async (request) => routingTable(db, requireSession(request)));

  api.put('/api/complaints/routes', {
    schema: { tags, summary: '设置分派表 The office sets its region’s routing table (the rows replace the region’s rows)', body: z.object({
      items: z.array(z.object({ category, domain: z.enum(DOMAINS.values, { error: bilingual('部门不在目录中', 'Not a department') }).nullable() }).strict()).max(COMPLAINT_CATEGORY_VALUES.length),
    }).strict(), response: { 200: P.routingTable } },
  }, async (request) => setRoutingTable(db, { ...auditContext(request), actor: requireSession(request) }, request.body.items));

  api.get('/api/complaints/:id', {
    schema: { tags, summary: '投诉详情 A report for the department handling it: photos, place, contact, steps, what may be done next', params: id, response: { 200: P.officialComplaint } },
  }, async (request) => complaintForOfficial(db, requireSession(request), request.params.id));

  api.post('/api/complaints/:id/actions', {
    schema: { tags, summary: '办理 A step: accept, assign (domain or townCode), start, resolve (note: the answer), reject (note: the reason), duplicate (original), not_ours (note: where to go)', params: id, body: actionBody, response: { 200: P.officialComplaint } },
  }, async (request) => actOnComplaint(db, { ...auditContext(request), actor: requireSession(request) }, request.params.id, request.body));
}
