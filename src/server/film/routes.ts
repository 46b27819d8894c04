import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireActor, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, queryBoolean } from '../http/pagination';
import { calendarDay, calendarYear, decimal, text } from '../http/inputs';
import { FILM_LEDGERS, FILM_TYPES } from '../../domain/agri/film';
import { STRAW_CROPS } from '../../domain/agri/straw';
import { filmSummary, pageFilm, pageFilmParties, pageRefusals, recordFilm } from './service';
import { filmPage, filmRecordSchema, filmSummarySchema, partyPage, refusalPage } from './presenter';

// 农膜 over HTTP (issue 16): a company records a row of its own ledger (which one follows from its
// capability); everyone reads the ledgers they may see; the bureau reads 农膜回收率 by town and the
// refused sales of thin mulch.

const TAGS = ['film'];
const filmType = z.enum(FILM_TYPES.map((t) => t.value) as ['pe_mulch', 'biodegradable_mulch', 'greenhouse', 'other'], { error: bilingual(`农膜类型应为 ${FILM_TYPES.map((t) => t.value).join('、')} 之一`, `The film type is one of ${FILM_TYPES.map((t) => t.value).join(', ')}`) });
const ledger = z.enum(FILM_LEDGERS.map((l) => l.value) as ['sale', 'use', 'takeback', 'intake'], { error: bilingual('台账应为 sale、use、takeback、intake 之一', 'The ledger is one of sale, use, takeback, intake') });
const regionCode = z.string().trim().regex(/^\d{6}(\d{3})?$/, { message: bilingual('行政区划代码应为6位（县级）或9位（乡镇级）数字', 'A region code has 6 digits (county) or 9 digits (town)') });
const crop = z.enum(STRAW_CROPS.map((c) => c.value) as ['wheat', ...string[]], { error: bilingual('作物不在可选范围内', 'Unknown crop') });

const recordBody = z.object({
  day: calendarDay, filmType,
  thicknessMm: decimal({ places: 4, min: 'above0', max: 1, what: { zh: '厚度', en: 'The thickness' } }).optional(),
  tonnes: decimal({ places: 3, min: 'above0', max: 100_000, what: { zh: '重量', en: 'The weight' } }),
  regionCode: z.string().trim().regex(/^\d{9}$/, { message: bilingual('请填写9位乡镇（街道）区划代码', 'Give the 9-digit code of the town') }).optional(),
  crop: crop.optional(),
  areaMu: decimal({ places: 2, max: 10_000_000, what: { zh: '覆盖面积', en: 'The area covered' } }).optional(),
  counterpartId: z.uuid({ message: bilingual('单位编号格式不正确', 'Not a valid organisation id') }).optional(),
  counterpartName: text(100).optional(),
  remark: text(200).optional(),
  supersedes: z.uuid({ message: bilingual('要更正的记录编号格式不正确', 'Not a valid record id') }).optional(),
}).strict();

export async function filmRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/film/records', {
    schema: { tags: TAGS, summary: '记录农膜台账 A dealer’s sale, a user’s use, a collection point’s take-back or a recycler’s intake (by the company’s capability); a sale of PE mulch under 0.010 mm is refused and reported; supersedes: a correction of an earlier row',
      body: recordBody, response: { 201: filmRecordSchema } },
  }, async (request, reply) => reply.status(201).send(await recordFilm(db, { ...auditContext(request), actor: requireSession(request) }, request.body)));

  api.get('/api/film/records', {
    schema: { tags: TAGS, summary: '农膜台账 The film ledgers you may see (the bureau its area’s, a company its own), newest first; kept at least two years',
      querystring: z.object({ ledger: ledger.optional(), year: calendarYear.optional(), regionCode: regionCode.optional(), history: queryBoolean.optional() }).extend(pageQuery), response: { 200: filmPage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageFilm(db, requireActor(request), filter, page, pageSize);
  });

  api.get('/api/film/summary', {
    schema: { tags: TAGS, summary: '农膜回收率 Sold, used, taken back and recycled by town for a year, with collected ÷ used', querystring: z.object({ year: calendarYear, regionCode: regionCode.optional() }).extend(pageQuery), response: { 200: filmSummarySchema } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return filmSummary(db, requireActor(request), filter, page, pageSize);
  });

  api.get('/api/film/refusals', {
    schema: { tags: TAGS, summary: '禁售地膜报告 Refused sales of PE mulch under 0.010 mm: who, when, what thickness', querystring: z.object({ year: calendarYear.optional() }).extend(pageQuery), response: { 200: refusalPage } },
  }, async (request) => pageRefusals(db, requireActor(request), request.query.year, request.query.page, request.query.pageSize));

  api.get('/api/film/parties', {
    schema: { tags: TAGS, summary: '可选单位 The parties your ledger names: collection points for a recycler, film users for a collection point (verified, of your city)', querystring: z.object({ q: z.string().max(40).optional() }).extend(pageQuery), response: { 200: partyPage } },
  }, async (request) => pageFilmParties(db, requireActor(request), request.query.q, request.query.page, request.query.pageSize));
}
