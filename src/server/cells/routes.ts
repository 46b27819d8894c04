import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, pageSchema } from '../http/pagination';
import { calendarDay, calendarYear, regionCode, text } from '../http/inputs';
import { calendarDay as dayOut, freeRecord, instant, vocabularyText } from '../http/presenter';
import { perAddressLimit } from '../platform/accounts/login-limiter';
import { CELL_KIND_VALUES, CELL_STATES, CELL_STEPS } from '../../domain/cells';
import {
  acceptCell, answerObjection, applyForCell, approveCell, cellCounts, cellDetail, cellTargets, checkCell, listCells, listChecklists, refuseCell, returnCell, revokeCell, setChecklist, startNotice,
} from './service';
import { publicCells, publicNotice, publicNotices, raiseObjection } from './public';

// 无废细胞 of every kind (src/domain/cells.ts): an organisation (or an official for a community) applies
// with the checklist's evidence; the kind's county department accepts, checks on site with scores,
// puts it on public notice (公示), answers objections, names, returns, refuses or revokes it. Sessions
// only. The public routes (no login) show named cells and running notices and take objections.

const said = (max: number, zh: string, en: string) => text(max).pipe(z.string().min(2, { message: bilingual(`请填写${zh}（至少2个字）`, `Give ${en} (2 characters at least)`) }));
const kind = z.enum(CELL_KIND_VALUES, { error: bilingual(`无废细胞类型应为 ${CELL_KIND_VALUES.join('、')} 之一`, `The kind is one of ${CELL_KIND_VALUES.join(', ')}`) });
const STATE_VALUES = Object.keys(CELL_STATES) as [string, ...string[]];
const itemKey = z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, { message: bilingual('清单项代码为小写字母、数字和下划线', 'A criterion key is lower-case letters, digits and _') });
const evidence = z.object({ name: text(200).pipe(z.string().min(1, { message: bilingual('请填写材料名称', 'Name the document or photo') })) }).strict();
const longitude = z.number().min(73).max(136).optional();
const latitude = z.number().min(3).max(54).optional();

const applyBody = z.object({
  kind,
  criteria: z.array(z.object({ key: itemKey, description: said(2000, '落实情况', 'what has been done'), evidence: z.array(evidence).max(20).default([]) }).strict())
    .min(1, { message: bilingual('请逐项填写创建标准', 'Fill in the checklist') }).max(30),
  onBehalf: z.object({ name: said(100, '社区、村庄名称', 'the community’s or village’s name'), regionCode }).strict().optional()
    .describe('an official applying for a community or village: its name and its town’s 9-digit code'),
  longitude, latitude,
}).strict();
const checkBody = z.object({
  checkedOn: calendarDay,
  inspectors: z.array(text(40).pipe(z.string().min(2, { message: bilingual('核查人员姓名至少2个字', 'An inspector’s name has 2 characters at least') }))).min(1, { message: bilingual('请填写核查人员', 'Name the inspectors') }).max(10),
  findings: z.array(z.object({
    key: itemKey,
    score: z.number().min(0).max(100).multipleOf(0.5).optional().describe('points given, up to the criterion’s maxScore'),
    pass: z.boolean({ error: bilingual('核查结论应为通过（true）或不通过（false）', 'A finding passes (true) or fails (false)') }).optional().describe('instead of a score: full points or none'),
    note: text(500).default(''),
  }).strict()).min(1).max(30),
}).strict();
const noteBody = z.object({ note: text(500).default('') }).strict();
const noticeBody = z.object({ startOn: calendarDay }).strict();
const approveBody = z.object({ decisionNo: said(60, '命名文件文号', 'the decision’s number'), decidedOn: calendarDay }).strict();
const reasonsBody = z.object({ reasons: said(2000, '原因', 'the reasons') }).strict();
const revokeBody = z.object({ reasons: said(2000, '摘牌原因', 'the reasons'), endedOn: calendarDay }).strict();
const answerBody = z.object({
  outcome: z.enum(['upheld', 'dismissed'], { error: bilingual('答复结论应为 upheld（异议成立）或 dismissed（不成立）', 'The outcome is upheld or dismissed') }),
  reply: said(2000, '答复意见', 'the reply'),
  then: z.enum(['return', 'refuse']).optional().describe('an upheld objection: return the application or refuse it'),
}).strict();
const criterion = z.object({
  key: itemKey, zh: said(100, '标准名称', 'the criterion’s name'), en: text(200).default(''),
  hint: z.object({ zh: text(500).default(''), en: text(500).default('') }).strict().default({ zh: '', en: '' }),
  maxScore: z.number().int().min(1).max(100), evidenceRequired: z.boolean(),
}).strict();
const checklistBody = z.object({
  kind, passScore: z.number().int().min(1).max(1000), noticeDays: z.number().int().min(0).max(30).describe('working days of public notice; 0: none'),
  criteria: z.array(criterion).min(1).max(30), note: text(500).default(''),
}).strict();
const objectionBody = z.object({
  reason: text(1000).pipe(z.string().min(5, { message: bilingual('请写明异议理由（至少5个字）', 'Give your reason (5 characters at least)') })),
  contact: text(60).optional().describe('a phone or e-mail for the department’s answer: never shown in public'),
}).strict();

const cellRow = z.object({
  id: z.string(), kind: vocabularyText(CELL_KIND_VALUES), organisationId: z.string().nullable(), organisationName: z.string(), regionCode: z.string(), regionName: z.string(),
  state: vocabularyText(STATE_VALUES).nullable(), namedOn: dayOut.nullable(), updatedAt: instant.nullable(),
});
const stepRow = z.object({ id: z.string(), cellId: z.string(), step: vocabularyText(CELL_STEPS), data: freeRecord, decidedOn: dayOut.nullable(), registerId: z.string().nullable(), organisationId: z.string(), byUser: z.string().nullable(), at: instant });
const stepDone = z.object({ id: z.string(), kind: z.string(), organisationId: z.string().nullable(), name: z.string(), regionCode: z.string(), createdAt: instant, state: vocabularyText(STATE_VALUES), step: stepRow });
const criterionOut = z.object({ key: z.string(), zh: z.string(), en: z.string(), hint: z.object({ zh: z.string(), en: z.string() }), maxScore: z.number(), evidenceRequired: z.boolean() });
const checklistOut = z.object({ version: z.number(), passScore: z.number(), noticeDays: z.number(), criteria: z.array(criterionOut) });
const detail = z.object({
  id: z.string(), kind: z.string(), field: z.string(), organisationId: z.string().nullable(), onBehalfBy: z.string().nullable(), name: z.string(), organisationName: z.string(),
  regionCode: z.string(), regionName: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable(), createdAt: instant,
  state: vocabularyText(STATE_VALUES).nullable(), checklist: checklistOut,
  history: z.array(z.object({ id: z.string(), step: vocabularyText(CELL_STEPS), data: freeRecord, decidedOn: dayOut.nullable(), at: instant, byName: z.string(), organisationName: z.string() })),
  objections: z.array(z.object({ id: z.string(), reason: z.string(), contact: z.string().nullable().describe('the department only'), at: instant, outcome: z.string().nullable(), reply: z.string().nullable(), answeredAt: instant.nullable() })),
  may: z.object({ resubmit: z.boolean(), accept: z.boolean(), check: z.boolean(), notice: z.boolean(), approve: z.boolean(), return: z.boolean(), refuse: z.boolean(), revoke: z.boolean(), answer: z.boolean() }).describe('what the caller may do next'),
});
const yearRow = z.object({ year: z.number(), named: z.number(), cumulative: z.number(), target: z.number().nullable().describe('cumulative target at the end of the year') });
const targets = z.object({
  kind: z.string(), years: z.array(z.number()),
  rows: z.array(z.object({ regionCode: z.string(), name: z.string(), zone: z.boolean().describe('a development zone (targets 1 and 2)'), years: z.array(yearRow) })),
  city: z.object({ regionCode: z.string(), name: z.string(), years: z.array(yearRow) }).nullable(),
});
const counts = z.object({
  regionCode: z.string(), years: z.array(z.number()),
  total: z.array(z.object({ year: z.number(), count: z.number(), named: z.number(), target: z.number().nullable() })),
  fields: z.array(z.object({ field: z.string(), years: z.array(z.object({ year: z.number(), count: z.number(), target: z.number().nullable() })) })),
  kinds: z.array(z.object({ kind: z.string().describe('a cell kind, or register:<kind> for cells recorded before the flow'), years: z.array(z.object({ year: z.number(), count: z.number() })) })),
});
const checklists = z.object({ items: z.array(z.object({
  kind: z.string(), zh: z.string(), en: z.string(), reviewer: z.string(), field: z.string(), onBehalf: z.boolean(), selfKinds: z.array(z.string()),
  checklist: checklistOut.extend({ id: z.string().nullable(), regionCode: z.string().nullable() }),
  versions: z.array(z.object({ id: z.string(), kind: z.string(), regionCode: z.string(), version: z.number(), note: z.string(), at: instant })),
})) });
const checklistSaved = z.object({ id: z.string(), kind: z.string(), regionCode: z.string(), version: z.number(), passScore: z.number(), noticeDays: z.number(), criteria: z.array(criterionOut), note: z.string(), at: instant });
const answerOut = z.object({ id: z.string(), objectionId: z.string(), outcome: z.string(), reply: z.string(), at: instant, state: vocabularyText(STATE_VALUES).nullable() });
const publicCell = z.object({ id: z.string(), name: z.string(), kind: z.string().nullable().describe('the cell kind when named through the platform'), registerKind: z.string(), regionCode: z.string(), regionName: z.string(), namedOn: dayOut, longitude: z.number().nullable(), latitude: z.number().nullable() });
const publicNoticeOut = z.object({
  id: z.string(), kind: z.string(), kindName: z.object({ zh: z.string(), en: z.string() }), name: z.string(), regionCode: z.string(), regionName: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable(),
  startOn: dayOut, endOn: dayOut, workingDays: z.number(), open: z.boolean().describe('objections are taken today'), state: z.string(),
  score: z.object({ total: z.number(), passScore: z.number(), criteria: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), score: z.number() })) }).nullable(),
  objections: z.number().describe('how many were raised (their text stays with the department)'),
});
const id = z.object({ id: z.uuid() });
const publicPage = { page: pageQuery.page, pageSize: z.coerce.number().int().min(1).max(200).default(50) };

/** Objections per address: a handful an hour is plenty for a person; more is a flood (no login to lock). */
const OBJECTIONS_PER_HOUR = 5;
const PUBLIC_PER_MINUTE = 120;

export async function cellRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cells'];
  const ctx = (request: FastifyRequest) => ({ ...auditContext(request), actor: requireSession(request) });

  api.get('/api/cells', {
    schema: { tags, summary: '无废细胞 Applications and named cells: a department its kinds in its area, an applicant its own', querystring: z.object({ kind: kind.optional(), state: z.enum(STATE_VALUES).optional(), regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(), q: z.string().max(60).optional(), year: calendarYear.optional() }).extend(pageQuery), response: { 200: pageSchema(cellRow) } },
  }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    return listCells(db, requireSession(request), f as Parameters<typeof listCells>[2], page, pageSize);
  });
  api.get('/api/cells/targets', {
    schema: { tags, summary: '无废商场目标 Named malls per county and year against the targets (2 by 2023, 3 by 2024 per county; 30 in the city by 2025)', querystring: z.object({ kind: kind.default('mall') }), response: { 200: targets } },
  }, async (request) => cellTargets(db, requireSession(request), request.query.kind));
  api.get('/api/cells/counts', {
    schema: { tags, summary: '创建进度 Cells in force per year, field and kind against the plan’s targets (临清: 30 by 2025; 6 industrial, 18 life, 6 rural)', querystring: z.object({ regionCode: regionCode.optional() }), response: { 200: counts } },
  }, async (request) => cellCounts(db, requireSession(request), request.query.regionCode));
  api.get('/api/cells/checklists', {
    schema: { tags, summary: '创建标准 Each kind’s checklist in force for the caller’s area, with the office’s versions', response: { 200: checklists } },
  }, async (request) => listChecklists(db, requireSession(request)));
  api.post('/api/cells/checklists', {
    schema: { tags, summary: '设定创建标准 The office publishes a new version of a kind’s checklist (new applications use it)', body: checklistBody, response: { 201: checklistSaved } },
  }, async (request, reply) => reply.status(201).send(await setChecklist(db, ctx(request), request.body)));
  api.post('/api/cells/applications', {
    schema: { tags, summary: '申报 An organisation applies for itself, or an official for a community or village; again once returned, refused or revoked', body: applyBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await applyForCell(db, ctx(request), request.body)));
  api.get('/api/cells/:id', { schema: { tags, summary: '申报详情 An application, every step of it, its checklist and the notice’s objections', params: id, response: { 200: detail } } },
    async (request) => cellDetail(db, requireSession(request), request.params.id));
  api.post('/api/cells/:id/acceptance', {
    schema: { tags, summary: '受理 The department takes the application up', params: id, body: noteBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await acceptCell(db, ctx(request), request.params.id, request.body)));
  api.post('/api/cells/:id/checks', {
    schema: { tags, summary: '现场核查 The department records its on-site check: the day, the inspectors, points per criterion', params: id, body: checkBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await checkCell(db, ctx(request), request.params.id, request.body)));
  api.post('/api/cells/:id/notice', {
    schema: { tags, summary: '公示 The department starts the public notice (the checklist’s working days) after a passed check', params: id, body: noticeBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await startNotice(db, ctx(request), request.params.id, request.body)));
  api.post('/api/cells/:id/objections/:objectionId/answer', {
    schema: { tags, summary: '异议答复 The department answers an objection: dismissed, or upheld (and the application returned or refused)', params: z.object({ id: z.uuid(), objectionId: z.uuid() }), body: answerBody, response: { 201: answerOut } },
  }, async (request, reply) => reply.status(201).send(await answerObjection(db, ctx(request), request.params.id, request.params.objectionId, request.body)));
  api.post('/api/cells/:id/approval', {
    schema: { tags, summary: '命名 The department names the cell after a passed check and an ended notice with every objection answered', params: id, body: approveBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await approveCell(db, ctx(request), request.params.id, request.body)));
  api.post('/api/cells/:id/return', {
    schema: { tags, summary: '退回修改 The department returns the application with its reasons', params: id, body: reasonsBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await returnCell(db, ctx(request), request.params.id, request.body)));
  api.post('/api/cells/:id/refusal', {
    schema: { tags, summary: '不予命名 The department refuses the application with its reasons', params: id, body: reasonsBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await refuseCell(db, ctx(request), request.params.id, request.body)));
  api.post('/api/cells/:id/revocation', {
    schema: { tags, summary: '摘牌 The department revokes a named cell from a day; its register row ends', params: id, body: revokeBody, response: { 201: stepDone } },
  }, async (request, reply) => reply.status(201).send(await revokeCell(db, ctx(request), request.params.id, request.body)));

  // ---- public: no login; light reads, cacheable for a minute; objections limited per address ----
  const objections = perAddressLimit(db, { name: 'cell-objection', max: OBJECTIONS_PER_HOUR, windowMs: 3_600_000, code: 'TOO_MANY_OBJECTIONS', message: { zh: '提交过于频繁，请稍后再试', en: 'Too many objections from here: try again later' } });
  const throttle = perAddressLimit(db, { name: 'public-cells', max: PUBLIC_PER_MINUTE, windowMs: 60_000 });
  const cacheable = (reply: FastifyReply) => reply.header('cache-control', 'public, max-age=60');
  const publicTags = ['public'];

  api.get('/api/public/cells', {
    schema: { tags: publicTags, summary: '无废细胞地图 Named zero-waste cells with their place (public, no login, no personal data)', querystring: z.object({ kind: kind.optional(), regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(), ...publicPage }), response: { 200: pageSchema(publicCell) } },
  }, async (request, reply) => { await throttle(request); cacheable(reply); const { page, pageSize, ...f } = request.query; return publicCells(db, f, page, pageSize); });
  api.get('/api/public/cells/notices', {
    schema: { tags: publicTags, summary: '无废细胞公示 Cells in public notice now (public, no login)', querystring: z.object(publicPage), response: { 200: pageSchema(publicNoticeOut) } },
  }, async (request, reply) => { await throttle(request); cacheable(reply); return publicNotices(db, request.query.page, request.query.pageSize); });
  api.get('/api/public/cells/:id', {
    schema: { tags: publicTags, summary: '公示详情 One cell’s public notice: name, kind, place, the check’s scores, the notice’s days (public)', params: id, response: { 200: publicNoticeOut } },
  }, async (request, reply) => { await throttle(request); cacheable(reply); return publicNotice(db, request.params.id); });
  api.post('/api/public/cells/:id/objections', {
    schema: { tags: publicTags, summary: '提出异议 Anyone objects to a cell in notice, with a reason and an optional contact (kept from the public)', params: id, body: objectionBody, response: { 201: z.object({ id: z.string(), at: instant }) } },
  }, async (request, reply) => {
    await objections(request);
    return reply.status(201).send(await raiseObjection(db, { actor: null, actorLabel: 'public', ip: request.ip }, request.params.id, request.body));
  });
}
