import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import QRCode from 'qrcode';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, pageSchema } from '../http/pagination';
import { calendarDay, regionCode, text } from '../http/inputs';
import { sendXlsx } from '../http/excel';
import { perAddressLimit } from '../platform/accounts/login-limiter';
import { normalisePhone, TEXT_MAX } from '../../domain/surveys';
import {
  answerText, bindableIndicators, bindQuestion, copySurvey, createSurvey, deviceOf, endBinding, listSurveys, moveSurvey, newDeviceCookie, openSurveys,
  publicSurvey, submitAnswer, surveyDetail, surveyResponsesPage, surveyResults, updateSurvey, type RawResponse,
} from './service';
import { bindableOut, bindingOut, detailOut, openSurveyOut, publicSurveyOut, responseOut, resultsOut, shanghai, surveyOut, surveyRow } from './presenter';

// 问卷调查: the office builds, publishes, closes and binds its surveys (sessions only: the work of
// people); anyone answers a published one at /s/:id without logging in, once per device and phone.

/** The cookie that names a device to the surveys: set on the first GET of a survey, signed, httpOnly. */
export const DEVICE_COOKIE = 'wufei_survey_device';
/** Answers an address may send in ten minutes (a household, a school's Wi-Fi); reads a minute. */
const ANSWERS_PER_10_MIN = 30;
const READS_PER_MINUTE = 120;

const title = (max: number, zh: string, en: string) => text(max).pipe(z.string().min(2, { message: bilingual(`请填写${zh}（至少2个字）`, `Give ${en} (2 characters at least)`) }));
const question = z.object({
  kind: z.enum(['single', 'multiple', 'scale', 'text', 'town'], { error: bilingual('题型应为单选、多选、量表、文字或所在镇（街道）', 'A question is single, multiple, scale, text or town') }),
  title: title(200, '题目', 'the question'),
  required: z.boolean().default(true),
  options: z.array(text(100).pipe(z.string().min(1, { message: bilingual('选项不能为空', 'An option cannot be empty') }))).max(20, { message: bilingual('最多20个选项', 'At most 20 options') }).optional(),
  maxChoices: z.number().int().min(1).max(20).optional(),
  lowLabel: text(20).optional(),
  highLabel: text(20).optional(),
  quotas: z.record(z.string().regex(/^\d{6}(\d{3})?$/, { message: bilingual('配额应按镇（街道）代码填写', 'Quotas are by town code') }),
    z.number().int({ error: bilingual('配额应为整数', 'A quota is a whole number') }).min(1, { message: bilingual('配额至少为1', 'A quota is 1 at least') }).max(100_000)).optional(),
}).strict();
const surveyBody = z.object({
  title: title(100, '问卷标题', 'the survey’s title'),
  intro: text(2000).optional(),
  closesOn: calendarDay.nullable().optional(),
  questions: z.array(question).min(1, { message: bilingual('问卷至少要有一道题', 'A survey needs one question at least') }).max(50, { message: bilingual('最多50道题', 'At most 50 questions') }),
}).strict();
const rule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scale_at_least'), min: z.number().int().min(1).max(5) }).strict(),
  z.object({ kind: z.literal('options'), options: z.array(z.string().trim().min(1).max(20)).min(1, { message: bilingual('请选择计为正面的选项', 'Choose the options that count as positive') }).max(20) }).strict(),
], { error: bilingual('规则应为“量表达到分值”或“选择题正面选项”', 'The rule is a scale threshold or a choice’s positive options') });
const bindingBody = z.object({ questionKey: z.string().trim().regex(/^q\d{1,2}$/, { message: bilingual('题目编号格式不正确', 'The question key is malformed') }), indicatorId: z.uuid(), rule }).strict();
const answer = z.union([z.string().max(TEXT_MAX * 2), z.array(z.string().max(20)).max(20), z.number().finite(), z.null()], { error: bilingual('答案应为选项、选项列表、分值或文字', 'An answer is an option, a list of options, a score or a text') });
const answerBody = z.object({
  answers: z.array(answer).max(50, { message: bilingual('答案过多', 'Too many answers') }),
  phone: z.string().trim().max(20).refine((p) => p === '' || normalisePhone(p) !== null, { message: bilingual('请填写11位手机号码', 'Give an 11-digit mobile number') }).nullable().optional(),
}).strict();
const idParams = z.object({ id: z.uuid() });

export async function surveyRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];
  const ctx = (request: FastifyRequest) => ({ ...auditContext(request), actor: requireSession(request) });

  api.get('/api/surveys', {
    schema: { tags, summary: '问卷 The surveys of your area', querystring: z.object({ status: z.enum(['draft', 'published', 'closed']).optional() }).extend(pageQuery), response: { 200: pageSchema(surveyRow) } },
  }, async (request) => listSurveys(db, requireSession(request), request.query, request.query.page, request.query.pageSize));
  api.post('/api/surveys', {
    schema: { tags, summary: '新建问卷 A draft survey of your region: single and multiple choice, 1–5 scales, text, and the respondent’s town with quotas', body: surveyBody, response: { 201: surveyOut } },
  }, async (request, reply) => reply.status(201).send(await createSurvey(db, ctx(request), request.body)));
  api.get('/api/surveys/indicators', {
    schema: { tags, summary: '可绑定的指标 Rows of your plans a survey question can give (群众获得感)', response: { 200: z.object({ items: z.array(bindableOut) }) } },
  }, async (request) => bindableIndicators(db, requireSession(request)));
  api.get('/api/surveys/:id', {
    schema: { tags, summary: '问卷 A survey with its questions, answer count, link and bindings', params: idParams, response: { 200: detailOut } },
  }, async (request) => surveyDetail(db, requireSession(request), request.params.id));
  api.put('/api/surveys/:id', {
    schema: { tags, summary: '修改草稿 Change a draft (a published survey’s questions are frozen: 409)', params: idParams, body: surveyBody, response: { 200: surveyOut } },
  }, async (request) => updateSurvey(db, ctx(request), request.params.id, request.body));
  api.post('/api/surveys/:id/publish', {
    schema: { tags, summary: '发布 Publish a draft: its link and QR code take answers, its questions are frozen', params: idParams, response: { 200: surveyOut } },
  }, async (request) => moveSurvey(db, ctx(request), request.params.id, 'published'));
  api.post('/api/surveys/:id/close', {
    schema: { tags, summary: '结束 Close a published survey: it takes no more answers', params: idParams, response: { 200: surveyOut } },
  }, async (request) => moveSurvey(db, ctx(request), request.params.id, 'closed'));
  api.post('/api/surveys/:id/copy', {
    schema: { tags, summary: '新版本 A new draft with the survey’s questions, naming the one it follows', params: idParams, response: { 201: surveyOut } },
  }, async (request, reply) => reply.status(201).send(await copySurvey(db, ctx(request), request.params.id)));
  api.get('/api/surveys/:id/results', {
    schema: { tags, summary: '结果 Per question counts, shares with their 95 % margins, means of scales, per town; n', params: idParams, response: { 200: resultsOut } },
  }, async (request) => surveyResults(db, requireSession(request), request.params.id));
  api.get('/api/surveys/:id/responses', {
    schema: { tags, summary: '答卷 The raw answers, newest first (no phone, no device)', params: idParams, querystring: z.object(pageQuery), response: { 200: pageSchema(responseOut) } },
  }, async (request) => {
    const { page, pageSize } = request.query;
    const { items, total } = await surveyResponsesPage(db, requireSession(request), request.params.id, (page - 1) * pageSize, pageSize);
    return { items, total, page, pageSize };
  });
  api.get('/api/surveys/:id/responses.xlsx', {
    schema: { tags, summary: '导出答卷 The raw answers as Excel, one column a question (no phone, no device)', params: idParams },
  }, async (request, reply) => {
    const actor = requireSession(request);
    const { survey } = await surveyResponsesPage(db, actor, request.params.id, 0, 1);
    return sendXlsx<RawResponse>(reply, `问卷答卷-${survey.title}.xlsx`, '答卷', [
      { header: '提交时间', width: 18, value: (r) => shanghai(r.submittedAt) },
      { header: '所在地', width: 14, value: (r) => r.regionName },
      ...survey.questions.map((q, i) => ({ header: `${i + 1}. ${q.title}`, width: q.kind === 'text' ? 40 : 18, value: (r: RawResponse) => answerText(q, r.answers[q.key]) })),
    ], async (offset, limit) => (await surveyResponsesPage(db, actor, request.params.id, offset, limit)).items);
  });
  api.post('/api/surveys/:id/bindings', {
    schema: { tags, summary: '绑定指标 Bind a question to a row of your plan (宣传教育培训普及率, 参与程度, 满意程度) with what counts as positive; replaces the row’s earlier binding', params: idParams, body: bindingBody, response: { 201: bindingOut } },
  }, async (request, reply) => reply.status(201).send(await bindQuestion(db, ctx(request), request.params.id, request.body)));
  api.post('/api/surveys/:id/bindings/:bindingId/end', {
    schema: { tags, summary: '解除绑定 End a binding (kept, with when and by whom)', params: z.object({ id: z.uuid(), bindingId: z.uuid() }), response: { 200: z.object({ id: z.string(), endedAt: z.date().nullable() }) } },
  }, async (request) => endBinding(db, ctx(request), request.params.id, request.params.bindingId));

  // ---- public: no login ----
  const tooOften = { zh: '提交过于频繁，请稍后再试', en: 'Too many requests: try again later' };
  const reads = perAddressLimit(db, { name: 'public-survey-read', max: READS_PER_MINUTE, windowMs: 60_000, message: tooOften });
  const writes = perAddressLimit(db, { name: 'public-survey-answer', max: ANSWERS_PER_10_MIN, windowMs: 10 * 60_000, message: tooOften });
  const publicTags = ['public-surveys'];

  api.get('/api/public/surveys', {
    schema: { tags: publicTags, summary: '可参与的问卷 Published surveys open now for a region (its own, above and below it); public', querystring: z.object({ regionCode }), response: { 200: z.object({ items: z.array(openSurveyOut) }) } },
  }, async (request) => { await reads(request); return { items: await openSurveys(db, request.query.regionCode) }; });
  api.get('/api/public/surveys/:id', {
    schema: { tags: publicTags, summary: '问卷 A published survey to answer (public; sets the device cookie that allows one answer per device)', params: idParams, response: { 200: publicSurveyOut } },
  }, async (request, reply) => {
    await reads(request);
    const survey = await publicSurvey(db, request.params.id);
    const answered = await deviceOf(db, request.cookies[DEVICE_COOKIE]);
    if (!answered) {
      reply.setCookie(DEVICE_COOKIE, await newDeviceCookie(db), { path: '/api/public/surveys', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: 2 * 365 * 86_400 });
    }
    return survey;
  });
  api.get('/api/public/surveys/:id/qr.svg', {
    schema: { tags: publicTags, summary: '二维码 The QR code of the survey’s link, for print (public)', params: idParams },
  }, async (request, reply) => {
    await reads(request);
    const survey = await publicSurvey(db, request.params.id);
    const svg = await QRCode.toString(`${request.protocol}://${request.host}/s/${survey.id}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.type('image/svg+xml').header('cache-control', 'public, max-age=3600').send(svg);
  });
  api.post('/api/public/surveys/:id/answers', {
    schema: { tags: publicTags, summary: '提交答卷 Answer a published survey (public): one answer per device and per phone (409 naming which), within the town’s quota (409 QUOTA_FULL)', params: idParams, body: answerBody,
      response: { 201: z.object({ id: z.string(), submittedAt: z.date() }) } },
  }, async (request, reply) => {
    await writes(request);
    const device = await deviceOf(db, request.cookies[DEVICE_COOKIE]);
    const phone = request.body.phone ? normalisePhone(request.body.phone) : null;
    return reply.status(201).send(await submitAnswer(db, auditContext(request), request.params.id, { answers: request.body.answers, phone, device }));
  });
}
