import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireActor, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, queryBoolean } from '../http/pagination';
import { calendarYear, decimal, text } from '../http/inputs';
import { readSpreadsheetUpload } from '../http/upload';
import { HARVESTS, STRAW_CROPS, STRAW_USES, type StrawUse } from '../../domain/agri/straw';
import { fileSeason, listCoefficients, pageSeasons, pageStrawUsers, setCoefficients, strawSummary } from './service';
import { confirmSeasonImport, previewSeasonImport, seasonTemplate } from './sheet';
import { coefficientList, coefficientSchema, filedSchema, importDone, importPreview, seasonPage, strawUserPage, summarySchema } from './presenter';

// 秸秆 over HTTP (issue 16): coefficients per region and crop, season filings by form and by Excel
// (template → preview → confirm), the filings and the bureau's summary by town and crop.

const TAGS = ['straw'];
const harvest = z.enum(HARVESTS.map((h) => h.value) as ['summer', 'autumn'], { error: bilingual('收获季应为 summer（三夏）或 autumn（三秋）', 'The harvest is summer (三夏) or autumn (三秋)') });
const crop = z.enum(STRAW_CROPS.map((c) => c.value) as [typeof STRAW_CROPS[number]['value'], ...typeof STRAW_CROPS[number]['value'][]], { error: bilingual(`作物应为 ${STRAW_CROPS.map((c) => c.value).join('、')} 之一`, `The crop is one of ${STRAW_CROPS.map((c) => c.value).join(', ')}`) });
const regionCode = z.string().trim().regex(/^\d{6}(\d{3})?$/, { message: bilingual('行政区划代码应为6位（县级）或9位（乡镇级）数字', 'A region code has 6 digits (county) or 9 digits (town)') });
const town = z.string().trim().regex(/^\d{9}$/, { message: bilingual('请填写9位乡镇（街道）区划代码', 'Give the 9-digit code of the town') });
const tonnes = (zh: string, en: string) => decimal({ places: 3, max: 10_000_000, what: { zh, en } });
const year = z.number({ error: bilingual('年份应为数字', 'The year is a number') }).int({ message: bilingual('年份应为整数', 'The year is a whole number') })
  .min(2000, { message: bilingual('年份不能早于2000年', 'The year cannot be before 2000') }).max(2100, { message: bilingual('年份不能晚于2100年', 'The year cannot be after 2100') });

const usesBody = z.object(Object.fromEntries(STRAW_USES.map((u) => [u.value, tonnes(u.zh, u.en)])) as Record<StrawUse, ReturnType<typeof tonnes>>).strict();
const seasonBody = z.object({
  regionCode: town, year, harvest, crop,
  sownMu: decimal({ places: 2, max: 10_000_000, what: { zh: '播种面积', en: 'The sown area' } }),
  yieldT: tonnes('总产量', 'The yield').optional(),
  yieldKgPerMu: decimal({ places: 1, max: 5000, what: { zh: '单产', en: 'The yield per mu' } }).optional(),
  uses: usesBody,
  entities: z.array(z.object({ organisationId: z.uuid({ message: bilingual('收储主体编号格式不正确', 'The entity id is not a valid id') }).optional(), name: text(100).optional(), tonnes: tonnes('收储量', 'The tonnes collected') }).strict()).max(50).default([]),
  remark: text(200).optional(),
}).strict();
const coefficientBody = z.object({
  regionCode: regionCode.optional(), crop,
  grainRatio: decimal({ places: 3, min: 'above0', max: 10, what: { zh: '草谷比', en: 'The grass-to-grain ratio' } }),
  collectableShare: decimal({ places: 3, min: 'above0', max: 1, what: { zh: '可收集系数', en: 'The collectable share' } }),
  source: text(300).pipe(z.string().min(4, { message: bilingual('请写明系数的来源（如测定报告、文件）', 'Say where the figures come from (a survey, a document)') })),
}).strict();
const seasonQuery = z.object({ year: calendarYear.optional(), harvest: harvest.optional(), crop: crop.optional(), regionCode: regionCode.optional(), history: queryBoolean.optional() });
const sheetQuery = z.object({ year: calendarYear, harvest });
const confirmQuery = sheetQuery.extend({
  confirm: z.enum(['true', 'false'], { error: bilingual('confirm 取 true（写入）或 false（预览）', 'confirm is true (write) or false (preview)') }).default('false'),
});
const SHEET = { zh: '秸秆利用情况表', en: 'straw season sheet' };

export async function strawRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/straw/coefficients', {
    schema: { tags: TAGS, summary: '秸秆系数 The grass-to-grain ratio and collectable share in force for each crop in a region (its own, an area above it, or the default with its source)',
      querystring: z.object({ regionCode: regionCode.optional() }), response: { 200: coefficientList } },
  }, async (request) => listCoefficients(db, requireActor(request), request.query.regionCode));

  api.post('/api/straw/coefficients', {
    schema: { tags: TAGS, summary: '设置秸秆系数 The agriculture bureau sets its region’s ratio and share for a crop, with their source (the one in force is superseded, kept as history)',
      body: coefficientBody, response: { 201: coefficientSchema } },
  }, async (request, reply) => reply.status(201).send(await setCoefficients(db, { ...auditContext(request), actor: requireSession(request) }, request.body)));

  api.post('/api/straw/seasons', {
    schema: { tags: TAGS, summary: '填报秸秆利用情况 A town’s season for a crop: sown area, yield, the five uses and the entities that collected it; a second filing of the same town, year, harvest and crop supersedes the first',
      body: seasonBody, response: { 201: filedSchema } },
  }, async (request, reply) => reply.status(201).send(await fileSeason(db, { ...auditContext(request), actor: requireSession(request) }, request.body)));

  api.get('/api/straw/seasons', {
    schema: { tags: TAGS, summary: '秸秆利用台账 Season filings of your area (current ones; history=true: every version)', querystring: seasonQuery.extend(pageQuery), response: { 200: seasonPage } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return pageSeasons(db, requireActor(request), filter, page, pageSize);
  });

  api.get('/api/straw/summary', {
    schema: { tags: TAGS, summary: '秸秆综合利用率 Collectable, used by use and the utilisation rate of a year, by town, crop or both',
      querystring: z.object({ year: calendarYear, by: z.enum(['town', 'crop', 'town_crop']).default('town'), regionCode: regionCode.optional(), harvest: harvest.optional() }).extend(pageQuery), response: { 200: summarySchema } },
  }, async (request) => {
    const { page, pageSize, ...filter } = request.query;
    return strawSummary(db, requireActor(request), filter, page, pageSize);
  });

  api.get('/api/straw/users', {
    schema: { tags: TAGS, summary: '秸秆收储利用主体 Verified straw users of your city, to name as the entities of a filing', querystring: z.object({ q: z.string().max(40).optional() }).extend(pageQuery), response: { 200: strawUserPage } },
  }, async (request) => pageStrawUsers(db, requireActor(request), request.query.q, request.query.page, request.query.pageSize));

  api.get('/api/straw/template.xlsx', {
    schema: { tags: TAGS, summary: '秸秆利用情况表模板 The season sheet: a row per town and crop of your area, with the current filing’s figures', querystring: sheetQuery },
  }, async (request, reply) => {
    const { filename, buffer } = await seasonTemplate(db, requireSession(request), request.query.year, request.query.harvest);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`).send(buffer);
  });

  api.post('/api/straw/import', {
    schema: { tags: TAGS, summary: '导入秸秆利用情况表 Upload the filled sheet (.xlsx): confirm=false previews each row (new, replaces a filing, problem by cell); confirm=true writes every row in one transaction, or nothing when any row has a problem',
      consumes: ['multipart/form-data'], querystring: confirmQuery, response: { 200: importPreview, 201: importDone } },
  }, async (request, reply) => {
    const ctx = { ...auditContext(request), actor: requireSession(request) };
    const { buffer, filename } = await readSpreadsheetUpload(request, SHEET);
    const { year: y, harvest: h } = request.query;
    if (request.query.confirm === 'true') return reply.status(201).send(await confirmSeasonImport(db, ctx, buffer, filename, y, h));
    return reply.status(200).send(await previewSeasonImport(db, ctx.actor, buffer, filename, y, h));
  });
}
