import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, pageSchema } from '../http/pagination';
import { calendarDay, calendarYear, decimal, text } from '../http/inputs';
import { calendarDay as dayOut, freeRecord, instant, vocabularyText } from '../http/presenter';
import { CASE_SOURCES, COMPENSATION_MODES, STEP_KINDS } from '../../domain/cases';
import { addStep, caseDetail, openCase, pageCases } from './service';

// 行政处罚案件 over HTTP: the ecology bureau opens cases and appends their steps; sessions only.

const said = (max: number, zh: string, en: string) => text(max).pipe(z.string().min(2, { message: bilingual(`请填写${zh}（至少2个字）`, `Give ${en} (2 characters at least)`) }));
const values = <T extends readonly { value: string }[]>(list: T) => list.map((x) => x.value) as [T[number]['value'], ...T[number]['value'][]];
const SOURCES = values(CASE_SOURCES);
const KINDS = values(STEP_KINDS);
const id = z.object({ id: z.uuid({ error: bilingual('编号格式不正确', 'The id is malformed') }) });
const note = text(2000).optional();

const openBody = z.object({
  caseNo: said(60, '案件编号', 'the case number'),
  title: said(100, '案由', 'the case’s title'),
  facts: said(5000, '违法事实', 'the facts'),
  source: z.object({
    kind: z.enum(SOURCES, { error: bilingual('案件来源应为 complaint、inspection、alarm 或 other', 'The source is complaint, inspection, alarm or other') }),
    id: z.string().trim().min(1).max(64).optional(),
  }).strict(),
  partyId: z.uuid({ error: bilingual('当事单位编号格式不正确', 'The party id is malformed') }).optional(),
  partyName: text(100).pipe(z.string().min(2, { message: bilingual('当事人名称至少2个字', 'The party’s name has 2 characters at least') })).optional(),
  solidWaste: z.boolean({ error: bilingual('是否固体废物环境污染案件应为 true 或 false', 'solidWaste is true or false') }).default(true),
  openedOn: calendarDay,
}).strict();

const stepBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('investigation'), on: calendarDay, note: said(2000, '调查取证情况', 'what the investigation found') }).strict(),
  z.object({
    kind: z.literal('decision'), on: calendarDay,
    decisionNo: said(60, '行政处罚决定书文号', 'the decision’s number'),
    penaltyWan: decimal({ places: 4, max: 100_000, what: { zh: '罚款金额（万元）', en: 'The fine (10,000 yuan)' } }),
    note,
  }).strict(),
  z.object({ kind: z.literal('closure'), on: calendarDay, note: said(2000, '结案情况', 'how the case was closed') }).strict(),
  z.object({ kind: z.literal('police_transfer'), on: calendarDay, receiptNo: said(60, '移送回执编号', 'the receipt number'), note }).strict(),
  z.object({ kind: z.literal('police_answer'), on: calendarDay, filed: z.boolean({ error: bilingual('公安机关是否立案应为 true 或 false', 'filed is true or false') }), note }).strict(),
  z.object({ kind: z.literal('compensation'), on: calendarDay, mode: z.enum(values(COMPENSATION_MODES), { error: bilingual('赔偿方式应为 consultation（磋商）或 litigation（诉讼）', 'The mode is consultation or litigation') }), note }).strict(),
  z.object({ kind: z.literal('compensation_na'), on: calendarDay, reason: said(1000, '不适用的理由', 'why it does not apply') }).strict(),
], { error: bilingual(`步骤应为 ${KINDS.join('、')} 之一`, `A step is one of ${KINDS.join(', ')}`) });

const STATUS = ['open', 'decided', 'closed'], POLICE = ['none', 'transferred', 'filed', 'not_filed'], COMP = ['pending', 'started', 'not_applicable'];
const caseRecord = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), caseNo: z.string(), title: z.string(), facts: z.string(), sourceKind: vocabularyText(SOURCES), sourceId: z.string().nullable(),
  partyId: z.string().nullable(), partyName: z.string(), solidWaste: z.boolean(), openedOn: dayOut, openedBy: z.string(), openedAt: instant,
});
const state = { status: vocabularyText(STATUS), police: vocabularyText(POLICE), compensation: vocabularyText(COMP) };
const caseRow = z.object({
  id: z.string(), caseNo: z.string(), title: z.string(), partyName: z.string(), partyId: z.string().nullable(), regionCode: z.string(), sourceKind: vocabularyText(SOURCES), solidWaste: z.boolean(),
  openedOn: dayOut, penaltyWan: z.number().nullable().describe('万元'), ...state,
});
const step = z.object({ id: z.string(), kind: vocabularyText(KINDS), on: dayOut, data: freeRecord, recordedAt: instant });
const detail = caseRecord.extend({ ...state, steps: z.array(step.extend({ byName: z.string() })), may: z.record(z.string(), z.boolean()).describe('the steps you may add now') });

export async function caseRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cases'];
  const ctx = (request: FastifyRequest) => ({ ...auditContext(request), actor: requireSession(request) });

  api.post('/api/cases', {
    schema: { tags, summary: '立案 Open a case with its number, from a complaint, a random inspection, an alarm (its party taken from the record) or otherwise (the party named)', body: openBody, response: { 201: caseRecord } },
  }, async (request, reply) => reply.status(201).send(await openCase(db, ctx(request), request.body)));
  api.get('/api/cases', {
    schema: { tags, summary: '行政处罚案件 The cases of your area (a company: its own), with where each stands', querystring: z.object({ year: calendarYear.optional(), status: z.enum(STATUS as [string, ...string[]]).optional(), sourceKind: z.enum(SOURCES).optional(), q: z.string().trim().max(60).optional(), ...pageQuery }), response: { 200: pageSchema(caseRow) } },
  }, async (request) => pageCases(db, requireSession(request), request.query));
  api.get('/api/cases/:id', {
    schema: { tags, summary: '案件 A case with its steps and the steps you may add', params: id, response: { 200: detail } },
  }, async (request) => caseDetail(db, requireSession(request), request.params.id));
  api.post('/api/cases/:id/steps', {
    schema: { tags, summary: '办理步骤 Append a step: investigation, decision (决定书文号, fine in 万元), closure, transfer to the police (date, receipt number), the police’s answer (filed or not), damage compensation started (磋商/诉讼) or not applicable with a reason', params: id, body: stepBody, response: { 201: step.extend({ caseId: z.string(), recordedBy: z.string(), state: z.object(state) }) } },
  }, async (request, reply) => reply.status(201).send(await addStep(db, ctx(request), request.params.id, request.body)));
}
