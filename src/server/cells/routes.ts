import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, pageSchema } from '../http/pagination';
import { calendarDay, calendarYear, text } from '../http/inputs';
import { calendarDay as dayOut, freeRecord, instant, vocabularyText } from '../http/presenter';
import { CELL_KIND_VALUES, CELL_STATES, CELL_STEPS } from '../../domain/cells';
import { applyForCell, approveCell, cellDetail, cellTargets, checkCell, listCells, returnCell } from './service';

// 无废细胞 (无废商场 now, seed 004 三(六)): a mall applies with its checklist; the county commerce bureau
// checks on site, then names it or returns it. Sessions only.

const said = (max: number, zh: string, en: string) => text(max).pipe(z.string().min(2, { message: bilingual(`请填写${zh}（至少2个字）`, `Give ${en} (2 characters at least)`) }));
const kind = z.enum(CELL_KIND_VALUES, { error: bilingual('无废细胞类型应为 mall（无废商场）', 'The kind is mall') });
const STATE_VALUES = Object.keys(CELL_STATES) as [string, ...string[]];
const itemKey = z.string().trim().min(1).max(40);
const attachment = z.object({ name: text(200).pipe(z.string().min(1, { message: bilingual('请填写附件名称', 'Name the attachment') })) }).strict();

const applyBody = z.object({
  kind,
  items: z.array(z.object({ key: itemKey, description: said(2000, '落实情况', 'what has been done'), attachments: z.array(attachment).max(20).default([]) }).strict())
    .min(1, { message: bilingual('请逐项填写清单', 'Fill in the checklist') }).max(20),
}).strict();
const checkBody = z.object({
  checkedOn: calendarDay,
  inspectors: z.array(text(40).pipe(z.string().min(2, { message: bilingual('核查人员姓名至少2个字', 'An inspector’s name has 2 characters at least') }))).min(1, { message: bilingual('请填写核查人员', 'Name the inspectors') }).max(10),
  findings: z.array(z.object({ key: itemKey, pass: z.boolean({ error: bilingual('核查结论应为通过（true）或不通过（false）', 'A finding passes (true) or fails (false)') }), note: text(500).default('') }).strict()).min(1).max(20),
}).strict();
const approveBody = z.object({ decisionNo: said(60, '命名文件文号', 'the decision’s number'), decidedOn: calendarDay }).strict();
const returnBody = z.object({ reasons: said(2000, '退回原因', 'the reasons') }).strict();

const cellRow = z.object({
  id: z.string(), kind: vocabularyText(CELL_KIND_VALUES), organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), regionName: z.string(),
  state: vocabularyText(STATE_VALUES).nullable(), namedOn: dayOut.nullable(), updatedAt: instant.nullable(),
});
const stepRow = z.object({ id: z.string(), cellId: z.string(), step: vocabularyText(CELL_STEPS), data: freeRecord, decidedOn: dayOut.nullable(), organisationId: z.string(), byUser: z.string().nullable(), at: instant });
const stepDone = z.object({ id: z.string(), kind: z.string(), organisationId: z.string(), regionCode: z.string(), createdAt: instant, state: vocabularyText(STATE_VALUES), step: stepRow });
const detail = z.object({
  id: z.string(), kind: z.string(), organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), regionName: z.string(), createdAt: instant,
  state: vocabularyText(STATE_VALUES).nullable(),
  history: z.array(z.object({ id: z.string(), step: vocabularyText(CELL_STEPS), data: freeRecord, decidedOn: dayOut.nullable(), at: instant, byName: z.string(), organisationName: z.string() })),
  may: z.object({ resubmit: z.boolean(), check: z.boolean(), approve: z.boolean(), return: z.boolean() }).describe('what the caller may do next'),
});
const yearRow = z.object({ year: z.number(), named: z.number(), cumulative: z.number(), target: z.number().nullable().describe('cumulative target at the end of the year') });
const targets = z.object({
  kind: z.string(), years: z.array(z.number()),
  rows: z.array(z.object({ regionCode: z.string(), name: z.string(), zone: z.boolean().describe('a development zone (targets 1 and 2)'), years: z.array(yearRow) })),
  city: z.object({ regionCode: z.string(), name: z.string(), years: z.array(yearRow) }).nullable(),
});
const id = z.object({ id: z.uuid() });

export async function cellRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cells'];

  api.get('/api/cells', {
    schema: { tags, summary: '无废细胞 Applications and named cells: a bureau its area, an organisation its own', querystring: z.object({ kind: kind.optional(), state: z.enum(STATE_VALUES).optional(), regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(), q: z.string().max(60).optional(), year: calendarYear.optional() }).extend(pageQuery), response: { 200: pageSchema(cellRow) } },
  }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    return listCells(db, requireSession(request), f as Parameters<typeof listCells>[2], page, pageSize);
  });
  api.get('/api/cells/targets', {
    schema: { tags, summary: '创建目标 Named cells per county and year against the targets (无废商场: 2 by 2023, 3 by 2024 per county; 30 in the city by 2025)', querystring: z.object({ kind: kind.default('mall') }), response: { 200: targets } },
  }, async (request) => cellTargets(db, requireSession(request), request.query.kind));
  api.post('/api/cells/applications', {
    schema: { tags, summary: '申报 An organisation applies (or, once returned, applies again) with its checklist', body: applyBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await applyForCell(db, { ...auditContext(request), actor: requireSession(request) }, request.body)));
  api.get('/api/cells/:id', { schema: { tags, summary: '申报详情 An application and every step of it', params: id, response: { 200: detail } } },
    async (request) => cellDetail(db, requireSession(request), request.params.id));
  api.post('/api/cells/:id/checks', {
    schema: { tags, summary: '现场核查 The bureau records its on-site check: the day, the inspectors, a finding per item', params: id, body: checkBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await checkCell(db, { ...auditContext(request), actor: requireSession(request) }, request.params.id, request.body)));
  api.post('/api/cells/:id/approval', {
    schema: { tags, summary: '命名 The bureau names the cell after a passed check, with the decision’s number and date', params: id, body: approveBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await approveCell(db, { ...auditContext(request), actor: requireSession(request) }, request.params.id, request.body)));
  api.post('/api/cells/:id/return', {
    schema: { tags, summary: '退回修改 The bureau returns the application with its reasons', params: id, body: returnBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await returnCell(db, { ...auditContext(request), actor: requireSession(request) }, request.params.id, request.body)));
}
