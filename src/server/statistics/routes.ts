import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireActor, requireSession } from '../http/context';
import { badRequest } from '../http/errors';
import { pageQuery } from '../http/pagination';
import { decimal, regionCode, text } from '../http/inputs';
import { readSpreadsheetUpload } from '../http/upload';
import { bilingual } from '../http/zod-messages';
import { STATISTIC_KEYS } from '../../domain/statistics/keys';
import { EARLIEST_STATISTIC_YEAR, STATISTIC_DECIMALS, STATISTIC_MAX } from '../../domain/statistics/values';
import { enterFigure, figureHistory, pageFigures } from './service';
import { confirmStatisticsSheet, previewStatisticsSheet, statisticsTemplate } from './excel';
import { figurePage, figureSchema, historyPage, sheetConfirmSchema, sheetPreviewSchema } from './presenter';

// 统计数据 over HTTP: parse, then the service decides access (policy.ts) and writes in one transaction.
const TAGS = ['statistics'];

const KEYS = STATISTIC_KEYS.map((k) => k.value) as [string, ...string[]];
const GROUPS = [...new Set(STATISTIC_KEYS.map((k) => k.group))] as [typeof STATISTIC_KEYS[number]['group'], ...typeof STATISTIC_KEYS[number]['group'][]];
const keyField = z.enum(KEYS, { message: bilingual(`未知的统计指标：应为 ${KEYS.join('、')} 之一`, `Unknown statistic: one of ${KEYS.join(', ')}`) });
// The upper end (next year in Shanghai) moves with the calendar: the service checks it (BAD_YEAR, naming the field).
const YEAR_MESSAGE = bilingual(`年份应为 ${EARLIEST_STATISTIC_YEAR} 年至明年之间的整数`, `The year is a whole number from ${EARLIEST_STATISTIC_YEAR} to next year`);
const year = z.number({ error: YEAR_MESSAGE }).int({ message: YEAR_MESSAGE }).min(EARLIEST_STATISTIC_YEAR, { message: YEAR_MESSAGE }).max(2100, { message: YEAR_MESSAGE });
const yearQuery = z.coerce.number({ error: YEAR_MESSAGE }).int({ message: YEAR_MESSAGE }).min(EARLIEST_STATISTIC_YEAR, { message: YEAR_MESSAGE }).max(2100, { message: YEAR_MESSAGE });

const figureBody = z.object({
  regionCode,
  year,
  key: keyField,
  value: decimal({ places: STATISTIC_DECIMALS, max: STATISTIC_MAX, what: { zh: '数值', en: 'The value' } }).describe('in the statistic’s unit (keys.ts); whole for counts'),
  source: text(200).pipe(z.string().min(2, { message: bilingual('请注明来源（至少2个字，如“临清市统计年鉴（2025）”）', 'Give the source (2 characters or more, e.g. a statistical yearbook)') })),
  note: text(1000).default(''),
  evidence: z.array(z.object({
    name: text(200).pipe(z.string().min(1, { message: bilingual('请填写佐证材料名称', 'Name the evidence') })),
    note: text(500).optional(),
  }).strict()).max(20).default([]),
  revises: z.uuid({ message: bilingual('revises 应为所修订数值的编号', 'revises is the id of the figure you revise') }).optional()
    .describe('the id of the figure in force: required to revise it, refused (409) when it is not the one in force'),
}).strict();

export async function statisticsRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Figures are entered by people of the bureau or the office: sessions only; reading is refused to anyone but officials by the policy.
  const write = (request: FastifyRequest) => ({ ...auditContext(request), actor: requireSession(request) });
  const uploaded = async (request: FastifyRequest) => {
    const { buffer, filename, fields } = await readSpreadsheetUpload(request, { zh: '统计数据表', en: 'statistics sheet' });
    const chosen = yearQuery.safeParse(fields.year);
    if (!chosen.success) throw badRequest('BAD_YEAR', `请选择年份（${EARLIEST_STATISTIC_YEAR} 年至明年）`, `Choose the year (${EARLIEST_STATISTIC_YEAR} to next year)`, 'year');
    return { buffer, filename, year: chosen.data, fields };
  };

  api.get('/api/statistics', {
    schema: { tags: TAGS, summary: '统计数据 The figures in force in your area (地区生产总值, 常住人口, 医疗卫生机构数量 …) with unit, source, who entered them and their revisions',
      querystring: z.object({ regionCode: regionCode.optional(), year: yearQuery.optional(), key: keyField.optional(), group: z.enum(GROUPS).optional(), ...pageQuery }),
      response: { 200: figurePage } },
  }, async (request) => pageFigures(db, requireActor(request), request.query));

  api.get('/api/statistics/history', {
    schema: { tags: TAGS, summary: '修订历史 Every figure entered for one region, year and statistic: the one in force first, then the earlier ones it replaced',
      querystring: z.object({ regionCode, year: yearQuery, key: keyField, ...pageQuery }), response: { 200: historyPage } },
  }, async (request) => figureHistory(db, requireActor(request), request.query));

  api.post('/api/statistics', {
    schema: { tags: TAGS, summary: '填报统计数据 Enter a figure for a region of your area (statistics bureau or zero-waste office); where one is in force, name it in revises to revise it (the earlier figure is kept)',
      body: figureBody, response: { 201: figureSchema } },
  }, async (request, reply) => reply.status(201).send(await enterFigure(db, write(request), request.body)));

  api.get('/api/statistics/template.xlsx', {
    schema: { tags: TAGS, summary: '统计数据模板 The year’s sheet: your area’s regions × statistics, with names, units and the figures in force',
      querystring: z.object({ year: yearQuery, regionCode: regionCode.optional().describe('the area the sheet is for: yours, or a region within it') }) },
  }, async (request, reply) => {
    const { filename, buffer } = await statisticsTemplate(db, requireSession(request), request.query.year, request.query.regionCode);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`).send(buffer);
  });

  api.post('/api/statistics/preview', {
    schema: { tags: TAGS, summary: '统计数据表预览 Check the filled sheet cell by cell and show, row by row, the figures confirming would enter or revise (nothing is written)',
      consumes: ['multipart/form-data'], response: { 200: sheetPreviewSchema } },
  }, async (request) => {
    const actor = requireSession(request);
    const { buffer, filename, year: chosen } = await uploaded(request);
    return previewStatisticsSheet(db, actor, chosen, buffer, filename);
  });

  api.post('/api/statistics/confirm', {
    schema: { tags: TAGS, summary: '确认导入 Enter and revise the sheet’s figures in one transaction, or none; refused when figures changed since the preview (fingerprint)',
      consumes: ['multipart/form-data'], response: { 201: sheetConfirmSchema } },
  }, async (request, reply) => {
    const ctx = write(request);
    const { buffer, filename, year: chosen, fields } = await uploaded(request);
    const fingerprint = /^[0-9a-f]{16}$/.test(fields.fingerprint ?? '') ? fields.fingerprint : undefined;
    return reply.status(201).send(await confirmStatisticsSheet(db, ctx, chosen, buffer, filename, fingerprint));
  });
}
