import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, pageSchema, queryBoolean } from '../http/pagination';
import { calendarDay, calendarYear, regionCode, text } from '../http/inputs';
import { notFound } from '../http/errors';
import { GRADE_VALUES, OFFICIAL_KINDS } from '../../domain/credit';
import {
  addToBlacklist, correctEvent, creditProfile, decideRepair, liftBlacklist, listBlacklist, listEnterprises, listEvents, listRatings, listRepairs, recordOfficialEvent, requestRepair, runRating, sweepArea,
} from './service';
import { blacklistEntry, blacklistLift, blacklistRow, creditEvent, enterpriseRow, eventEnd, eventRow, profile, ratingList, ratingRun, repairCreated, repairDecided, repairRow, sweepResult } from './presenter';

// 企业环境信用评价 (seed 000 三(七)2(2); indicator 36): the ecology bureau's sweep, penalties, blacklist,
// repair decisions and annual rating; the officials' lists; an enterprise's own record and its repair
// requests. Sessions only: this is the work of people.

const said = (max: number, zh: string, en: string) => text(max).pipe(z.string().min(2, { message: bilingual(`请填写${zh}（至少2个字）`, `Give ${en} (2 characters at least)`) }));
const id = z.uuid({ error: bilingual('编号格式不正确', 'The id is malformed') });
const optionalText = (max: number) => text(max).nullable().optional().transform((v) => (v ? v : null));

const eventBody = z.object({
  organisationId: id,
  kind: z.enum(OFFICIAL_KINDS, { error: bilingual('类型应为 penalty（行政处罚）或 commendation（表彰奖励）', 'The kind is penalty or commendation') }),
  points: z.number({ error: bilingual('分值应为整数', 'Points are a whole number') }).int({ error: bilingual('分值应为整数', 'Points are a whole number') })
    .min(-100, { error: bilingual('一次最多扣100分', 'At most 100 points off at once') }).max(20, { error: bilingual('一次最多加20分', 'At most 20 points added at once') }),
  reason: said(500, '事由', 'the reason'),
  occurredOn: calendarDay,
  decisionNo: optionalText(80).describe('行政处罚决定书文号: required of a penalty'),
  legalBasis: optionalText(500).describe('法律依据: required of a penalty'),
  validUntil: calendarDay.nullable().optional().describe('the first day it no longer counts; by default 12 months after the day'),
}).strict();
const correctionBody = z.object({ reason: said(500, '更正理由', 'the reason for the correction') }).strict();
const blacklistBody = z.object({
  organisationId: id, reason: said(500, '列入理由', 'the reason'), decisionNo: said(80, '决定文号', 'the decision number'),
  listedFrom: calendarDay, listedUntil: calendarDay.nullable().optional(),
}).strict();
const liftBody = z.object({ liftedOn: calendarDay, reason: said(500, '移出理由', 'the reason for lifting') }).strict();
const repairBody = z.object({ eventId: id, rectification: said(2000, '整改情况', 'what was put right'), evidence: said(2000, '证明材料', 'the evidence') }).strict();
const decisionBody = z.object({
  decision: z.enum(['approved', 'rejected'], { error: bilingual('审核结果应为 approved（同意）或 rejected（不同意）', 'The decision is approved or rejected') }),
  reason: said(500, '审核意见', 'the reason'),
}).strict();
const ratingBody = z.object({ year: z.number().int().min(2000).max(2100), regionCode: regionCode.optional() }).strict();
const gradeQuery = z.enum(GRADE_VALUES as [string, ...string[]]).optional();

export async function creditRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['credit'];
  const ctx = (request: Parameters<typeof auditContext>[0]) => ({ ...auditContext(request), actor: requireSession(request) });

  api.get('/api/credit/enterprises', {
    schema: { tags, summary: '企业环境信用 The solid-waste enterprises of your area with today’s score and grade', querystring: z.object({ grade: gradeQuery, blacklisted: queryBoolean.optional(), regionCode: regionCode.optional(), q: text(60).optional() }).extend(pageQuery), response: { 200: pageSchema(enterpriseRow) } },
  }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    return listEnterprises(db, requireSession(request), f, page, pageSize);
  });
  api.get('/api/credit/enterprises/:id', {
    schema: { tags, summary: '企业信用档案 One enterprise’s score, grade, events with reasons, blacklist entries and ratings (an official of its area, or the enterprise itself)', params: z.object({ id }), response: { 200: profile } },
  }, async (request) => creditProfile(db, requireSession(request), request.params.id));
  api.get('/api/credit/mine', {
    schema: { tags, summary: '本企业信用 Your own enterprise’s credit record', response: { 200: profile } },
  }, async (request) => {
    const actor = requireSession(request);
    if (!actor.organisationId) throw notFound({ zh: '企业', en: 'Enterprise' });
    return creditProfile(db, actor, actor.organisationId);
  });
  api.get('/api/credit/events', {
    schema: { tags, summary: '信用事件 Score events of your area, newest first', querystring: z.object({ kind: text(40).optional(), regionCode: regionCode.optional(), organisationId: id.optional() }).extend(pageQuery), response: { 200: pageSchema(eventRow) } },
  }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    return listEvents(db, requireSession(request), f, page, pageSize);
  });
  api.post('/api/credit/events', {
    schema: { tags, summary: '记录行政处罚或表彰 The ecology bureau records a penalty (decision number and legal basis required) or a commendation', body: eventBody, response: { 201: creditEvent } },
  }, async (request, reply) => reply.status(201).send(await recordOfficialEvent(db, ctx(request), request.body)));
  api.post('/api/credit/events/:id/correction', {
    schema: { tags, summary: '更正 The bureau withdraws an event recorded in error (it stays on the record, ended)', params: z.object({ id }), body: correctionBody, response: { 201: eventEnd } },
  }, async (request, reply) => reply.status(201).send(await correctEvent(db, ctx(request), request.params.id, request.body.reason)));
  api.post('/api/credit/sweep', {
    schema: { tags, summary: '信用事件扫描 Find new score events in the platform’s data of your area (overdue receipts, refusals, alarms past deadline, missing declarations); a second sweep adds nothing', body: z.object({}).strict().optional(), response: { 200: sweepResult } },
  }, async (request) => sweepArea(db, ctx(request)));
  api.get('/api/credit/blacklist', {
    schema: { tags, summary: '黑名单 Blacklist entries of your area', querystring: z.object({ current: queryBoolean.optional(), regionCode: regionCode.optional() }).extend(pageQuery), response: { 200: pageSchema(blacklistRow) } },
  }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    return listBlacklist(db, requireSession(request), f, page, pageSize);
  });
  api.post('/api/credit/blacklist', {
    schema: { tags, summary: '列入黑名单 The bureau lists an enterprise, with the reason and decision, from a day', body: blacklistBody, response: { 201: blacklistEntry } },
  }, async (request, reply) => reply.status(201).send(await addToBlacklist(db, ctx(request), request.body)));
  api.post('/api/credit/blacklist/:id/lift', {
    schema: { tags, summary: '移出黑名单 The bureau lifts an entry from a day, with the reason', params: z.object({ id }), body: liftBody, response: { 201: blacklistLift } },
  }, async (request, reply) => reply.status(201).send(await liftBlacklist(db, ctx(request), request.params.id, request.body)));
  api.get('/api/credit/repairs', {
    schema: { tags, summary: '信用修复申请 Repair requests: the bureau’s area (pending first) or your own enterprise’s', querystring: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }).extend(pageQuery), response: { 200: pageSchema(repairRow) } },
  }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    return listRepairs(db, requireSession(request), f, page, pageSize);
  });
  api.post('/api/credit/repairs', {
    schema: { tags, summary: '申请信用修复 An enterprise asks that one of its events end, with what it put right and the evidence', body: repairBody, response: { 201: repairCreated } },
  }, async (request, reply) => reply.status(201).send(await requestRepair(db, ctx(request), request.body)));
  api.post('/api/credit/repairs/:id/decision', {
    schema: { tags, summary: '审核信用修复 The bureau approves (the event ends today) or rejects with its reason', params: z.object({ id }), body: decisionBody, response: { 201: repairDecided } },
  }, async (request, reply) => reply.status(201).send(await decideRepair(db, ctx(request), request.params.id, request.body)));
  api.get('/api/credit/ratings', {
    schema: { tags, summary: '年度评价结果 The year’s rating runs of your area and each enterprise’s frozen grade', querystring: z.object({ year: calendarYear, grade: gradeQuery, regionCode: regionCode.optional() }).extend(pageQuery), response: { 200: ratingList } },
  }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    return listRatings(db, requireSession(request), f, page, pageSize);
  });
  api.post('/api/credit/ratings', {
    schema: { tags, summary: '开展年度评价 The bureau rates its area’s solid-waste enterprises for a year (grades frozen; a later run supersedes)', body: ratingBody, response: { 201: ratingRun } },
  }, async (request, reply) => reply.status(201).send(await runRating(db, ctx(request), request.body)));
}
