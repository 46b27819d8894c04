import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, pageSchema, queryBoolean } from '../http/pagination';
import { calendarDay, calendarYear, regionCode, text } from '../http/inputs';
import { calendarDay as dayOut, instant, vocabularyText } from '../http/presenter';
import { perAddressLimit } from '../platform/accounts/login-limiter';
import { CHECKLIST, ITEM_RESULTS, MIN_INSPECTORS, POOL_RISK, POOL_UNIT_KINDS, RISK_LEVELS } from '../../domain/inspections';
import {
  createPool, drawDetail, inspectionDetail, makeDraw, pageDraws, pageInspections, pagePools, pageRiskListings, poolDetail, publicDraw, publicDraws, publicResults,
  recordInspection, recordRiskListing, verifyDraw,
} from './service';

// 双随机、一公开 over HTTP. The bureau's work is done by people (sessions only); what is published
// (/api/public/inspections/…) needs no login and is throttled per address.

const said = (max: number, zh: string, en: string) => text(max).pipe(z.string().min(2, { message: bilingual(`请填写${zh}（至少2个字）`, `Give ${en} (2 characters at least)`) }));
const id = z.object({ id: z.uuid({ error: bilingual('编号格式不正确', 'The id is malformed') }) });
const uuid = (zh: string, en: string) => z.uuid({ error: bilingual(`${zh}格式不正确`, `${en} is malformed`) });
const values = <T extends readonly { value: string }[]>(list: T) => list.map((x) => x.value) as [T[number]['value'], ...T[number]['value'][]];
const UNIT_KINDS = values(POOL_UNIT_KINDS);
const RISKS = values(POOL_RISK);
const LEVELS = values(RISK_LEVELS);
const RESULTS = values(ITEM_RESULTS);

const riskBody = z.object({
  organisationId: uuid('企业编号', 'The company id'),
  level: z.enum(LEVELS, { error: bilingual('监管级别应为 key（重点监管）或 general（一般监管）', 'The level is key or general') }),
  reason: said(500, '列入或调出的理由', 'the reason'),
  listedOn: calendarDay,
}).strict();
const poolBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('enterprise'), name: said(60, '名录库名称', 'the pool’s name'),
    unitKinds: z.array(z.enum(UNIT_KINDS, { error: bilingual(`单位类型应为 ${UNIT_KINDS.join('、')} 之一`, `A unit kind is one of ${UNIT_KINDS.join(', ')}`) }))
      .min(1, { message: bilingual('请至少选择一类单位', 'Choose one kind of unit at least') }).max(UNIT_KINDS.length),
    risk: z.enum(RISKS, { error: bilingual('风险等级应为 key、general 或 any', 'The risk level is key, general or any') }).default('any'),
  }).strict(),
  z.object({
    kind: z.literal('inspector'), name: said(60, '名录库名称', 'the pool’s name'), includeUsers: z.boolean().default(true),
    officers: z.array(z.object({ name: said(20, '姓名', 'the name'), badgeNo: said(30, '执法证号', 'the badge number') }).strict()).max(200).default([]),
  }).strict(),
], { error: bilingual('名录库类型应为 enterprise（检查对象）或 inspector（执法人员）', 'A pool is of kind enterprise or inspector') });
const drawBody = z.object({
  title: said(60, '抽取事项名称', 'the draw’s title'),
  enterprisePoolId: uuid('检查对象名录库编号', 'The enterprise pool id'),
  inspectorPoolId: uuid('执法人员名录库编号', 'The inspector pool id'),
  enterpriseCount: z.number({ error: bilingual('抽取企业数应为整数', 'The number of enterprises is a whole number') }).int({ error: bilingual('抽取企业数应为整数', 'The number of enterprises is a whole number') })
    .min(1, { error: bilingual('至少抽取1家企业', 'Draw one enterprise at least') }).max(500, { error: bilingual('一次最多抽取500家', 'At most 500 at a time') }),
  inspectorsPerEnterprise: z.number({ error: bilingual('每家派出人数应为整数', 'Inspectors per enterprise is a whole number') }).int({ error: bilingual('每家派出人数应为整数', 'Inspectors per enterprise is a whole number') })
    .min(MIN_INSPECTORS, { error: bilingual(`每家至少派出${MIN_INSPECTORS}名执法人员`, `At least ${MIN_INSPECTORS} officers per enterprise`) }).max(10, { error: bilingual('每家最多派出10人', 'At most 10 per enterprise') }),
  seed: z.string().trim().regex(/^[0-9A-Za-z-]{8,64}$/, { message: bilingual('随机种子应为8–64位字母、数字或连字符', 'A seed has 8 to 64 letters, digits or hyphens') }).optional(),
  drawnOn: calendarDay.optional(),
}).strict();
const itemKeys = CHECKLIST.map((c) => c.key) as [string, ...string[]];
const inspectionBody = z.object({
  drawId: uuid('抽取记录编号', 'The draw id'),
  organisationId: uuid('企业编号', 'The company id'),
  inspectedOn: calendarDay,
  items: z.array(z.object({
    key: z.enum(itemKeys, { error: bilingual('检查表中没有该项', 'Not an item of the checklist') }),
    result: z.enum(RESULTS, { error: bilingual('检查结论应为 conform、partly、nonconform 或 na', 'A result is conform, partly, nonconform or na') }),
    note: text(500).optional(),
  }).strict()).min(1, { message: bilingual('请逐项填写检查表', 'Answer the checklist') }).max(CHECKLIST.length * 2),
}).strict();

const member = z.object({ id: z.string(), name: z.string() });
const riskRow = z.object({ id: z.string(), organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), level: vocabularyText(LEVELS), reason: z.string(), listedOn: dayOut });
const pool = z.object({
  id: z.string(), kind: vocabularyText(['enterprise', 'inspector']), regionCode: z.string(), organisationId: z.string(), name: z.string(), unitKinds: z.array(vocabularyText(UNIT_KINDS)),
  risk: vocabularyText(RISKS), includeUsers: z.boolean(), officers: z.array(z.object({ id: z.string(), name: z.string(), badgeNo: z.string() })), createdBy: z.string(), createdAt: instant,
  members: z.number().describe('members now'),
});
const poolFull = pool.extend({ memberList: z.array(z.object({ id: z.string(), name: z.string(), risk: vocabularyText(LEVELS).nullable(), badgeNo: z.string().nullable() })) });
const drawn = z.object({ organisationId: z.string(), name: z.string(), rank: z.string().describe('sha256(seed:enterprise id), hex'), inspectors: z.array(member) });
const draw = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), title: z.string(), enterprisePoolId: z.string(), inspectorPoolId: z.string(), enterpriseCount: z.number(), inspectorsPerEnterprise: z.number(),
  seed: z.string(), enterpriseMembers: z.array(member), inspectorMembers: z.array(member), result: z.array(drawn), drawnOn: dayOut, drawnBy: z.string(), drawnAt: instant,
});
const drawRow = z.object({
  id: z.string(), title: z.string(), regionCode: z.string(), regionName: z.string(), drawnOn: dayOut, enterprisePoolName: z.string(), enterpriseCount: z.number(), inspectorsPerEnterprise: z.number(),
  members: z.number().describe('enterprises in the pool at the draw'), seed: z.string(), inspected: z.number(), passed: z.number(),
});
const inspectionBrief = z.object({ id: z.string(), organisationId: z.string(), inspectedOn: dayOut, passed: z.boolean(), score: z.number().describe('%'), findings: z.string() });
const drawFull = draw.extend({
  enterprisePoolName: z.string(), inspectorPoolName: z.string(), verified: z.boolean().describe('the draw re-runs to the same result'),
  result: z.array(drawn.extend({ inspection: inspectionBrief.nullable() })), may: z.object({ inspect: z.boolean() }),
});
const finding = z.object({ key: z.string(), result: vocabularyText(RESULTS), note: z.string().optional() });
const inspection = z.object({
  id: z.string(), drawId: z.string(), organisationId: z.string(), regionCode: z.string(), inspectedOn: dayOut, inspectors: z.array(member), items: z.array(finding), score: z.number(), passed: z.boolean(),
  findings: z.string(), complianceCheckId: z.string().describe('the row of the compliance-check register written with it'), recordedBy: z.string(), recordedAt: instant,
});
const inspectionRow = z.object({
  id: z.string(), drawId: z.string(), drawTitle: z.string(), organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), inspectedOn: dayOut, score: z.number(), passed: z.boolean(), findings: z.string(),
  caseId: z.string().nullable().describe('the case opened from it'),
});
const publicDrawSchema = z.object({
  id: z.string(), title: z.string(), regionCode: z.string(), regionName: z.string(), drawnOn: dayOut, seed: z.string(), enterpriseCount: z.number(), inspectorsPerEnterprise: z.number(),
  enterpriseMembers: z.array(member), inspectorMembers: z.array(member.describe('name masked')),
  result: z.array(z.object({ organisationId: z.string(), name: z.string(), rank: z.string(), inspectors: z.array(member), inspectedOn: dayOut.nullable(), passed: z.boolean().nullable(), findings: z.string().nullable() })),
});
const verification = z.object({
  id: z.string(), seed: z.string(), matches: z.boolean(),
  published: z.array(z.object({ organisationId: z.string(), name: z.string(), inspectorIds: z.array(z.string()) })),
  recomputed: z.array(z.object({ organisationId: z.string(), name: z.string(), rank: z.string(), inspectorIds: z.array(z.string()) })),
});
const publicResult = z.object({ id: z.string(), drawId: z.string(), drawTitle: z.string(), organisationName: z.string(), regionName: z.string(), inspectedOn: dayOut, passed: z.boolean(), findings: z.string() });

// Anonymous readers of the published results: at most this many requests per address and minute.
const PUBLIC_PER_MINUTE = 120;

export async function inspectionRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['inspections'];
  const ctx = (request: FastifyRequest) => ({ ...auditContext(request), actor: requireSession(request) });

  api.post('/api/inspections/risk-listings', {
    schema: { tags, summary: '重点监管单位清单 The ecology bureau lists a company of its area as 重点监管 (key) or moves it back to 一般 (general); the latest listing holds', body: riskBody, response: { 201: riskRow.omit({ listedOn: true }).extend({ listedOn: dayOut, recordedBy: z.string(), recordedAt: instant }) } },
  }, async (request, reply) => reply.status(201).send(await recordRiskListing(db, ctx(request), request.body)));
  api.get('/api/inspections/risk-listings', {
    schema: { tags, summary: '重点监管单位清单 Each listed company of your area with its latest listing', querystring: z.object({ level: z.enum(LEVELS).optional(), ...pageQuery }), response: { 200: pageSchema(riskRow) } },
  }, async (request) => { const { page, pageSize, level } = request.query; return pageRiskListings(db, requireSession(request), { level, page, pageSize }); });

  api.post('/api/inspections/pools', {
    schema: { tags, summary: '名录库 A pool of the bureau’s area: enterprises by kind of unit and risk level (members read at each draw), or inspectors (the bureau’s ecology officials and officers entered by name)', body: poolBody, response: { 201: pool } },
  }, async (request, reply) => reply.status(201).send(await createPool(db, ctx(request), request.body)));
  api.get('/api/inspections/pools', {
    schema: { tags, summary: '名录库 The pools of your area with their member counts now', querystring: z.object({ kind: z.enum(['enterprise', 'inspector']).optional(), ...pageQuery }), response: { 200: pageSchema(pool) } },
  }, async (request) => pagePools(db, requireSession(request), request.query));
  api.get('/api/inspections/pools/:id', {
    schema: { tags, summary: '名录库 A pool and its members now', params: id, response: { 200: poolFull } },
  }, async (request) => poolDetail(db, requireSession(request), request.params.id));

  api.post('/api/inspections/draws', {
    schema: { tags, summary: '随机抽取 Draw enterprises from a pool and inspectors for each (2 at least) with a recorded seed (given, or 128 random bits); an empty pool is refused naming the field', body: drawBody, response: { 201: draw } },
  }, async (request, reply) => reply.status(201).send(await makeDraw(db, ctx(request), request.body)));
  api.get('/api/inspections/draws', {
    schema: { tags, summary: '抽取记录 The draws of your area with how many were checked and passed', querystring: z.object({ year: calendarYear.optional(), ...pageQuery }), response: { 200: pageSchema(drawRow) } },
  }, async (request) => pageDraws(db, requireSession(request), request.query));
  api.get('/api/inspections/draws/:id', {
    schema: { tags, summary: '抽取记录 A draw with its members, the result, the check of each unit drawn and whether it re-runs to the same result', params: id, response: { 200: drawFull } },
  }, async (request) => drawDetail(db, requireSession(request), request.params.id));

  api.post('/api/inspections', {
    schema: { tags, summary: '检查记录 The check of a unit drawn against the 危险废物规范化管理 checklist (every item answered); passed or not is computed and written into the compliance-check register in the same transaction', body: inspectionBody, response: { 201: inspection.extend({ organisationName: z.string(), vetoed: z.array(z.string()).describe('veto items found not conforming') }) } },
  }, async (request, reply) => reply.status(201).send(await recordInspection(db, ctx(request), request.body)));
  api.get('/api/inspections', {
    schema: { tags, summary: '检查记录 The checks of your area (a company: its own)', querystring: z.object({ year: calendarYear.optional(), passed: queryBoolean.optional(), drawId: z.uuid().optional(), organisationId: z.uuid().optional(), ...pageQuery }), response: { 200: pageSchema(inspectionRow) } },
  }, async (request) => pageInspections(db, requireSession(request), request.query));
  api.get('/api/inspections/:id', {
    schema: { tags, summary: '检查记录 A check with every item, and the cases opened from it', params: id, response: { 200: inspection.extend({ organisationName: z.string(), drawTitle: z.string(), cases: z.array(z.object({ id: z.string(), caseNo: z.string() })), may: z.object({ openCase: z.boolean() }) }) } },
  }, async (request) => inspectionDetail(db, requireSession(request), request.params.id));

  // 一公开: no login. The onRequest hook reads a session only when one is sent; these routes never ask for an actor.
  const throttle = perAddressLimit(db, { name: 'public-inspections', max: PUBLIC_PER_MINUTE, windowMs: 60_000 });
  // A proxy in front may keep these for a minute: what is published changes with a draw or a check, not by the second.
  const cacheable = (reply: FastifyReply) => reply.header('cache-control', 'public, max-age=60');
  const publicTags = ['public'];
  const publicPage = { page: pageQuery.page, pageSize: z.coerce.number().int().min(1).max(50).default(20) };
  api.get('/api/public/inspections/draws', {
    schema: { tags: publicTags, summary: '双随机抽取结果公开 Every draw with its seed and how many were checked and passed (public, no login)', querystring: z.object({ regionCode: regionCode.optional(), ...publicPage }), response: { 200: pageSchema(drawRow) } },
  }, async (request, reply) => { await throttle(request); cacheable(reply); return publicDraws(db, request.query); });
  api.get('/api/public/inspections/draws/:id', {
    schema: { tags: publicTags, summary: '抽取结果 A draw as published: seed, method, member lists (officers’ names masked) and each unit’s result (public)', params: id, response: { 200: publicDrawSchema } },
  }, async (request, reply) => { await throttle(request); cacheable(reply); return publicDraw(db, request.params.id); });
  api.get('/api/public/inspections/draws/:id/verify', {
    schema: { tags: publicTags, summary: '复核 The draw run again from its published seed and lists, and whether it matches what was published (public)', params: id, response: { 200: verification } },
  }, async (request, reply) => { await throttle(request); cacheable(reply); return verifyDraw(db, request.params.id); });
  api.get('/api/public/inspections/results', {
    schema: { tags: publicTags, summary: '检查结果公开 Each check of a unit drawn: name, day, passed or not, findings (public; no personal data)', querystring: z.object({ regionCode: regionCode.optional(), q: z.string().trim().max(40).optional(), ...publicPage }), response: { 200: pageSchema(publicResult) } },
  }, async (request, reply) => { await throttle(request); cacheable(reply); return publicResults(db, request.query); });
}
