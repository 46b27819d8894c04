import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireActor, requireSessionPermission, auditContext } from '../http/context';
import { badRequest, forbidden } from '../http/errors';
import { GRID_MAX_ROWS, onePage, readGrid, sendXlsx } from '../http/excel';
import { readSpreadsheetUpload } from '../http/upload';
import { importValues, valuesFromGrid } from './values-import';
import { calendarYear, decimal, regionCode, text } from '../http/inputs';
import { COLUMN_ROLES, guessColumns, mergeHeaderRows } from '../../domain/indicators/columns';
import { STATUS_LABELS, type ProgressResult } from '../../domain/indicators/progress';
import { sendAssessmentReport } from './assessment';
import { importPlan, listPlans, planStatus, proposalsFor, reportValue, reviewValue, rowsFromTable } from './service';
import { listFormulas } from './formulas';
import { shanghaiYear } from '../../domain/labels';
import { itemsOf } from '../http/presenter';
import { pageQuery, pageSchema } from '../http/pagination';
import { indicatorPreviewSchema, indicatorPlanItem, planStatusSchema, indicatorValueSchema, valuesImportSchema, formulaSchema } from './presenter';

const mapping = z.array(z.object({ index: z.number().int().min(0).max(60), header: z.string().max(100), role: z.enum(COLUMN_ROLES), year: z.number().int().min(2000).max(2100).optional() }).strict()).max(60);
// The header row: the first with one of these (a title row and blank rows above it are skipped).
const HEADER_WORDS = /序\s*号|三\s*级\s*指\s*标|指\s*标\s*名\s*称|^\s*指\s*标\s*$/;
/** The office's formula per row, by 序号: a key of the registry, or null for a row the departments report. */
const formulaChoices = z.record(z.string().regex(/^\d{1,4}$/), z.string().max(64).nullable());

export async function indicatorRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const office = (request: Parameters<typeof auditContext>[0]) => {
    const actor = requireSessionPermission(request, 'organisations.read');
    if (actor.role !== 'office' && actor.role !== 'platform_admin') throw forbidden('由无废办导入指标体系', 'The zero-waste office imports indicator plans');
    return actor;
  };

  api.post('/api/indicators/preview', {
    schema: { tags: ['indicators'], summary: '指标表预览 Read an Excel/CSV indicator table and guess its columns (nothing is saved)', consumes: ['multipart/form-data'], response: { 200: indicatorPreviewSchema } },
  }, async (request) => {
    office(request);
    const file = request.isMultipart() ? await request.file() : undefined;
    if (!file || !/\.(xlsx|csv)$/i.test(file.filename)) throw badRequest('FILE_TYPE', '请上传 .xlsx 或 .csv 指标表', 'Upload an .xlsx or .csv indicator table', 'file');
    const grid = await readGrid(await file.toBuffer(), file.filename, HEADER_WORDS).catch(() => { throw badRequest('FILE_UNREADABLE', '无法读取该文件', 'The file could not be read', 'file'); });
    if (!grid.headers.length) throw badRequest('NO_HEADER', '没有找到表头（应含“序号”“三级指标”或“指标名称”）', 'No header row found (it should contain 序号, 三级指标 or 指标名称)', 'file');
    const { headers, rows } = mergeHeaderRows(grid.headers, grid.rows);
    const guess = guessColumns(headers, 2020, rows);
    const baselineYear = guess.find((m) => m.role === 'baseline')?.year ?? 2020;
    return { filename: file.filename, headers, mapping: guess, rows, totalRows: rows.length, baselineYear, proposals: proposalsFor(headers, rows, guess) };
  });

  api.get('/api/indicators/formulas', {
    schema: { tags: ['indicators'], summary: '计算公式 The formulas the platform computes indicators with: what each counts, its inputs and the units it can give', response: { 200: itemsOf(formulaSchema) } },
  }, async (request) => {
    requireActor(request);
    return { items: listFormulas().map((f) => ({ key: f.key, label: f.label, method: f.method, units: f.units.source, inputs: f.inputs })) };
  });

  api.post('/api/indicators/plans', {
    schema: {
      tags: ['indicators'], summary: '导入指标体系 Import the table with the (corrected) column mapping',
      body: z.object({ regionCode, title: text(100).pipe(z.string().min(2)), source: text(200).default(''), baselineYear: z.number().int().min(2000).max(2100).default(2020),
        headers: z.array(text(100)).max(60), rows: z.array(z.array(text(2000)).max(60)).max(1000), mapping,
        formulas: formulaChoices.optional().describe('by 序号: the formula the office confirmed or chose, or null (reported); rows left out take the proposal'),
        replaces: z.uuid().optional().describe('the current plan of the region this import replaces (its next version)') }).strict(),
      response: { 201: indicatorPlanItem },
    },
  }, async (request, reply) => {
    const actor = office(request);
    const { rows, problems } = rowsFromTable(request.body.headers, request.body.rows, request.body.mapping);
    if (problems.length) throw badRequest('TABLE_PROBLEMS', problems.map((p) => p.message.zh).join('；'), problems.map((p) => p.message.en).join('; '), 'rows');
    const plan = await importPlan(db, { ...auditContext(request), actor }, { ...request.body, rows });
    return reply.status(201).send(plan);
  });

  api.get('/api/indicators/plans', { schema: { tags: ['indicators'], summary: '指标体系列表 Indicator plans you may see (of your area, below and above it)', querystring: z.object({ ...pageQuery, pageSize: pageQuery.pageSize.default(100) }), response: { 200: pageSchema(indicatorPlanItem) } } },
    async (request) => listPlans(db, requireActor(request), request.query.page, request.query.pageSize));

  const statusQuery = z.object({ regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(), year: calendarYear.optional() });
  api.get('/api/indicators/plans/:id', {
    schema: { tags: ['indicators'], summary: '指标完成情况 Each indicator with its latest value, where it came from, and its status', params: z.object({ id: z.uuid() }), querystring: statusQuery, response: { 200: planStatusSchema } },
  }, async (request) => {
    const status = await planStatus(db, requireActor(request), request.params.id, request.query.regionCode, request.query.year);
    // The service types a row's explanation loosely (unknown): it is assessProgress's, or a verdict's reason.
    return { ...status, rows: status.rows.map((r) => ({ ...r, explanation: r.explanation as ProgressResult['explanation'] })) };
  });

  api.get('/api/indicators/plans/:id/export.xlsx', { schema: { tags: ['indicators'], summary: '导出指标表 The table in the plan annex layout, with values and statuses', params: z.object({ id: z.uuid() }), querystring: statusQuery } }, async (request, reply) => {
    const { plan, rows } = await planStatus(db, requireActor(request), request.params.id, request.query.regionCode, request.query.year);
    const years = plan.years;
    return sendXlsx<(typeof rows)[number]>(reply, `${plan.title}.xlsx`, '指标体系', [
      { header: '序号', width: 6, value: (r) => r.no },
      { header: '一级指标', width: 16, value: (r) => r.level1 },
      { header: '二级指标', width: 16, value: (r) => r.level2 },
      { header: '三级指标', width: 36, value: (r) => `${r.name}${r.mark === 'mandatory' ? '★' : r.mark === 'optional' ? '☆' : ''}` },
      { header: '单位', width: 10, value: (r) => r.unit },
      { header: `${plan.baselineYear}基准值`, width: 12, value: (r) => r.baselineText },
      ...years.map((y) => ({ header: `${y}目标值`, width: 12, value: (r: (typeof rows)[number]) => r.targets.find((t) => t.year === y)?.text ?? '' })),
      { header: '最新值', width: 12, value: (r) => (r.latest ? r.latest.value : '') },
      { header: '数据年份', width: 10, value: (r) => r.latest?.year ?? '' },
      { header: '来源', width: 10, value: (r) => (r.latest ? (r.latest.origin === 'computed' ? '平台计算' : '部门填报') : '') },
      { header: '状态', width: 12, value: (r) => STATUS_LABELS[r.status].zh },
      { header: '牵头部门', width: 24, value: (r) => r.lead },
      { header: '责任单位', width: 30, value: (r) => r.responsible },
    ], onePage(rows));
  });

  api.get('/api/indicators/plans/:id/assessment.xlsx', {
    schema: { tags: ['indicators'], summary: '年度评估报告 The year’s assessment: summary by status and area, every indicator with value, source, status and reason, tasks, projects', params: z.object({ id: z.uuid() }), querystring: statusQuery },
  }, async (request, reply) => sendAssessmentReport(reply, db, requireSessionPermission(request, 'organisations.read'), request.params.id, request.query.regionCode,
    request.query.year ?? shanghaiYear()));

  api.post('/api/indicators/plans/:id/values/import', {
    schema: { tags: ['indicators'], summary: '批量填报指标值 Values for many regions and months from one sheet (序号, 区划代码, 年份, 月份, 数值, 分子, 分母, 说明); all rows or none',
      params: z.object({ id: z.uuid() }), consumes: ['multipart/form-data'], response: { 201: valuesImportSchema } },
  }, async (request, reply) => {
    const actor = requireSessionPermission(request, 'organisations.read');
    const { buffer, filename } = await readSpreadsheetUpload(request, { zh: '指标数据', en: 'indicator values' });
    const grid = await readGrid(buffer, filename, /^(指标)?序号$|区划代码/).catch(() => { throw badRequest('FILE_UNREADABLE', '无法读取该文件', 'The file could not be read', 'file'); });
    if (grid.rows.length > GRID_MAX_ROWS) throw badRequest('TOO_MANY_ROWS', `一次最多导入 ${GRID_MAX_ROWS} 行，请分批导入`, `At most ${GRID_MAX_ROWS} rows at a time: split the sheet`, 'file');
    const { values, problems } = valuesFromGrid(grid.headers, grid.rows);
    if (problems.length) throw badRequest('TABLE_PROBLEMS', problems.slice(0, 50).map((p) => p.message.zh).join('；'), problems.slice(0, 50).map((p) => p.message.en).join('; '), 'file');
    return reply.status(201).send(await importValues(db, { ...auditContext(request), actor }, request.params.id, values));
  });

  api.post('/api/indicators/:id/values', {
    schema: {
      tags: ['indicators'], summary: '填报指标值 Report a value (or, for a qualitative target, a verdict) with evidence; the office approves', params: z.object({ id: z.uuid() }),
      body: z.object({ regionCode, year: z.number().int().min(2000).max(2100), month: z.number().int().min(1).max(12).optional(),
        // numeric(18, 6): six decimals, and within ±10¹² (a percentage is checked against 0–100 by the service).
        value: decimal({ places: 6, min: -1e12, max: 1e12, what: { zh: '指标值', en: 'The value' } }).optional(), verdict: z.enum(['achieved', 'on_track', 'at_risk', 'off_track']).optional(),
        numerator: decimal({ places: 6, max: 1e12, what: { zh: '分子', en: 'The numerator' } }).optional(), denominator: decimal({ places: 6, min: 'above0', max: 1e12, what: { zh: '分母', en: 'The denominator' } }).optional(),
        note: text(500).optional(), evidence: z.array(z.object({ name: text(200).pipe(z.string().min(1)), note: text(200).optional() }).strict()).max(20).optional() }).strict(),
      response: { 201: indicatorValueSchema },
    },
  }, async (request, reply) => reply.status(201).send(await reportValue(db, { ...auditContext(request), actor: requireSessionPermission(request, 'organisations.read') }, request.params.id, request.body)));

  api.post('/api/indicator-values/:id/:decision', {
    schema: { tags: ['indicators'], summary: '审核指标值 Approve or return a reported value', params: z.object({ id: z.uuid(), decision: z.enum(['approve', 'return']) }), body: z.object({ note: text(500).optional() }).strict(), response: { 200: indicatorValueSchema } },
  }, async (request) => reviewValue(db, { ...auditContext(request), actor: requireSessionPermission(request, 'organisations.read') }, request.params.id, request.params.decision === 'approve', request.body.note));
}
