import crypto from 'node:crypto';
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { surveys, surveyResponses, surveyBindings, surveyKeys, type Survey } from './schema';
import { indicators, indicatorPlans } from '../indicators/schema';
import { regions } from '../platform/regions/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import {
  answerProblems, isSurveyFormula, marginOfError, questionProblems, ruleProblem, sharePercent, type AnswerValue, type BindingRule, type QuestionKind, type SurveyQuestion,
} from '../../domain/surveys';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/errors';

type Ctx = AuditContext & { actor: Actor };
const SURVEY = { zh: '问卷', en: 'Survey' };

// Who does what: the zero-waste office builds, publishes, closes and binds the surveys of its own
// region, from a session; the office and the platform administrator read results. Anyone answers a
// published survey without logging in (routes under /api/public).
export const mayRead = (a: Actor) => a.role === 'platform_admin' || a.role === 'office';
export const mayManage = (a: Actor) => a.role === 'office' && a.via === 'session' && !!a.organisationId && !!a.userId;
const requireReader = (a: Actor) => { if (!mayRead(a)) throw forbidden('问卷调查由无废办管理', 'Surveys are run by the zero-waste office'); };
const requireManager = (a: Actor) => { if (!mayManage(a)) throw forbidden('问卷由无废办编制和发布', 'The zero-waste office builds and publishes surveys'); };
const areaSql = (a: Actor, column: unknown): SQL => (a.role === 'platform_admin' ? sql`true` : sql`${column} LIKE ${`${regionScopePrefix(a.regionCode)}%`}`);

/** What the builder sends for a question: options as labels (the server numbers them), quotas by town code. */
export interface QuestionInput {
  kind: QuestionKind; title: string; required: boolean; options?: string[]; maxChoices?: number; lowLabel?: string; highLabel?: string; quotas?: Record<string, number>;
}
export interface SurveyInput { title: string; intro?: string; closesOn?: string | null; questions: QuestionInput[] }

const throwFirst = (problems: { path: string; code: string; zh: string; en: string }[]) => {
  if (!problems.length) return;
  const p = problems[0];
  throw new AppError(400, p.code, { zh: p.zh, en: p.en }, p.path, problems.map((x) => ({ path: x.path, message: { zh: x.zh, en: x.en } })));
};

/** The towns (the region tree's children) a town question offers. */
async function townsOf(db: Queryable, regionCode: string) {
  return db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.parentCode, regionCode)).orderBy(asc(regions.code)).limit(200);
}

/** The stored questions: keys q1…, option keys o1…, a town question's options from the region tree. */
async function buildQuestions(db: Queryable, regionCode: string, input: QuestionInput[]): Promise<SurveyQuestion[]> {
  const towns = input.some((q) => q.kind === 'town') ? await townsOf(db, regionCode) : [];
  const questions = input.map((q, i): SurveyQuestion => ({
    key: `q${i + 1}`, kind: q.kind, title: q.title, required: q.required,
    ...(q.kind === 'single' || q.kind === 'multiple' ? { options: (q.options ?? []).map((label, j) => ({ key: `o${j + 1}`, label })) } : {}),
    ...(q.kind === 'town' ? { options: towns.map((t) => ({ key: t.code, label: t.name })), quotas: q.quotas ?? {} } : {}),
    ...(q.kind === 'multiple' && q.maxChoices !== undefined ? { maxChoices: q.maxChoices } : {}),
    ...(q.kind === 'scale' ? { lowLabel: q.lowLabel ?? '很不满意', highLabel: q.highLabel ?? '很满意' } : {}),
  }));
  input.forEach((q, i) => {
    if ((q.kind === 'text' || q.kind === 'scale' || q.kind === 'town') && q.options?.length) throw badRequest('OPTIONS_NOT_ALLOWED', '只有单选题和多选题填写选项', 'Only a choice question has options', `questions.${i}.options`);
    if (q.kind !== 'town' && q.quotas && Object.keys(q.quotas).length) throw badRequest('QUOTAS_NOT_ALLOWED', '只有“所在镇（街道）”题可设配额', 'Only the town question has quotas', `questions.${i}.quotas`);
  });
  throwFirst(questionProblems(questions));
  return questions;
}

async function loadSurvey(db: Queryable, actor: Actor, id: string, lock = false): Promise<Survey> {
  const query = db.select().from(surveys).where(eq(surveys.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row || (actor.role !== 'platform_admin' && !regionWithin(row.regionCode, actor.regionCode))) throw notFound(SURVEY);
  return row;
}

export async function createSurvey(db: Db, ctx: Ctx, input: SurveyInput & { follows?: string }) {
  const actor = ctx.actor;
  requireManager(actor);
  if (input.follows) await loadSurvey(db, actor, input.follows);
  const questions = await buildQuestions(db, actor.regionCode, input.questions);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(surveys).values({
      regionCode: actor.regionCode, organisationId: actor.organisationId!, title: input.title, intro: input.intro ?? '', questions, closesOn: input.closesOn ?? null,
      follows: input.follows ?? null, createdBy: actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'survey.create', entityType: 'survey', entityId: row.id, regionCode: row.regionCode, organisationId: actor.organisationId, after: row });
    return row;
  });
}

/** A new version of a published or closed survey: a draft with the same questions, naming the one it follows. */
export async function copySurvey(db: Db, ctx: Ctx, id: string) {
  requireManager(ctx.actor);
  const from = await loadSurvey(db, ctx.actor, id);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(surveys).values({
      regionCode: from.regionCode, organisationId: ctx.actor.organisationId!, title: `${from.title}（新版）`.slice(0, 100), intro: from.intro, questions: from.questions,
      closesOn: null, follows: from.id, createdBy: ctx.actor.userId!,
    }).returning();
    await recordAudit(tx, ctx, { action: 'survey.create', entityType: 'survey', entityId: row.id, regionCode: row.regionCode, organisationId: ctx.actor.organisationId, after: { ...row, copiedFrom: from.id } });
    return row;
  });
}

const frozen = () => conflict('SURVEY_FROZEN', '问卷发布后题目不能修改；如需修改，请另建新版问卷', 'A published survey’s questions are frozen: make a new version instead', 'status');

export async function updateSurvey(db: Db, ctx: Ctx, id: string, input: SurveyInput) {
  requireManager(ctx.actor);
  return db.transaction(async (tx) => {
    const before = await loadSurvey(tx, ctx.actor, id, true);
    if (before.status !== 'draft') throw frozen();
    const questions = await buildQuestions(tx, before.regionCode, input.questions);
    const [after] = await tx.update(surveys).set({ title: input.title, intro: input.intro ?? '', closesOn: input.closesOn ?? null, questions, updatedAt: new Date() }).where(eq(surveys.id, id)).returning();
    await recordAudit(tx, ctx, { action: 'survey.update', entityType: 'survey', entityId: id, regionCode: after.regionCode, organisationId: ctx.actor.organisationId, before, after });
    return after;
  });
}

/** Draft → published (questions frozen) → closed. */
export async function moveSurvey(db: Db, ctx: Ctx, id: string, to: 'published' | 'closed', now = new Date()) {
  requireManager(ctx.actor);
  return db.transaction(async (tx) => {
    const before = await loadSurvey(tx, ctx.actor, id, true);
    const from = to === 'published' ? 'draft' : 'published';
    if (before.status !== from) {
      throw conflict('SURVEY_STATE', to === 'published' ? '只有草稿可以发布' : '只有已发布的问卷可以结束', to === 'published' ? 'Only a draft is published' : 'Only a published survey is closed', 'status');
    }
    if (to === 'published' && before.closesOn && before.closesOn < shanghaiDate(now)) throw badRequest('CLOSES_IN_PAST', '截止日期已过，请先修改截止日期', 'The closing day has passed: change it first', 'closesOn');
    const [after] = await tx.update(surveys).set(to === 'published' ? { status: to, publishedAt: now, updatedAt: now } : { status: to, closedAt: now, updatedAt: now }).where(eq(surveys.id, id)).returning();
    await recordAudit(tx, ctx, { action: to === 'published' ? 'survey.publish' : 'survey.close', entityType: 'survey', entityId: id, regionCode: after.regionCode, organisationId: ctx.actor.organisationId, before: { status: before.status }, after: { status: after.status } });
    return after;
  });
}

// ---- reading ----------------------------------------------------------------------------------------

const responseCount = sql<number>`(SELECT count(*)::int FROM ${surveyResponses} r WHERE r.survey_id = ${surveys.id})`;

export async function listSurveys(db: Db, actor: Actor, f: { status?: string }, page: number, pageSize: number) {
  requireReader(actor);
  const where = and(areaSql(actor, surveys.regionCode), f.status ? eq(surveys.status, f.status as Survey['status']) : undefined)!;
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: surveys.id, regionCode: surveys.regionCode, regionName: sql<string>`coalesce(${regions.name}, ${surveys.regionCode})`, title: surveys.title, status: surveys.status,
      closesOn: surveys.closesOn, questionCount: sql<number>`jsonb_array_length(${surveys.questions})::int`, responses: responseCount, createdAt: surveys.createdAt, publishedAt: surveys.publishedAt, closedAt: surveys.closedAt })
      .from(surveys).leftJoin(regions, eq(regions.code, surveys.regionCode)).where(where).orderBy(desc(surveys.createdAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(surveys).where(where),
  ]);
  return { items, total, page, pageSize };
}

async function bindingsOf(db: Db, surveyId: string) {
  return db.select({ id: surveyBindings.id, questionKey: surveyBindings.questionKey, indicatorId: surveyBindings.indicatorId, formula: surveyBindings.formula, rule: surveyBindings.rule,
    indicatorNo: indicators.no, indicatorName: indicators.name, planTitle: indicatorPlans.title, boundAt: surveyBindings.boundAt })
    .from(surveyBindings).innerJoin(indicators, eq(indicators.id, surveyBindings.indicatorId)).innerJoin(indicatorPlans, eq(indicatorPlans.id, indicators.planId))
    .where(and(eq(surveyBindings.surveyId, surveyId), isNull(surveyBindings.endedAt))).orderBy(asc(indicators.no));
}

export async function surveyDetail(db: Db, actor: Actor, id: string) {
  requireReader(actor);
  const survey = await loadSurvey(db, actor, id);
  const [[{ n }], bindings, [region]] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int` }).from(surveyResponses).where(eq(surveyResponses.surveyId, id)),
    bindingsOf(db, id),
    db.select({ name: regions.name }).from(regions).where(eq(regions.code, survey.regionCode)),
  ]);
  return { ...survey, regionName: region?.name ?? survey.regionCode, responses: n, link: `/s/${survey.id}`, bindings };
}

type Count = { region: string; v: string | null; n: number };

/**
 * Results: per question the answers' counts and shares with their 95 % margins, the mean of a scale,
 * and the same per town when the survey asks the town; n is the number of answers to the question.
 */
export async function surveyResults(db: Db, actor: Actor, id: string) {
  requireReader(actor);
  const survey = await loadSurvey(db, actor, id);
  const [{ total }] = (await db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM survey_responses WHERE survey_id = ${id}`)).rows;
  const townQuestion = survey.questions.find((q) => q.kind === 'town');
  const townNames = new Map((townQuestion?.options ?? []).map((o) => [o.key, o.label]));
  const questions = [];
  for (const q of survey.questions) {
    const counts = (await db.execute<Count>(q.kind === 'multiple'
      ? sql`SELECT r.region_code AS region, v, count(*)::int AS n FROM survey_responses r, jsonb_array_elements_text(r.answers->${q.key}) v WHERE r.survey_id = ${id} GROUP BY 1, 2`
      : sql`SELECT r.region_code AS region, ${q.kind === 'text' ? sql`NULL` : sql`r.answers->>${q.key}`} AS v, count(*)::int AS n FROM survey_responses r
          WHERE r.survey_id = ${id} AND r.answers ? ${q.key} AND r.answers->${q.key} <> 'null'::jsonb GROUP BY 1, 2`)).rows;
    const answeredRows = (await db.execute<{ region: string; n: number }>(sql`SELECT r.region_code AS region, count(*)::int AS n FROM survey_responses r
      WHERE r.survey_id = ${id} AND r.answers ? ${q.key} AND r.answers->${q.key} NOT IN ('null'::jsonb, '[]'::jsonb, '""'::jsonb) GROUP BY 1`)).rows;
    const options = q.kind === 'scale' ? [1, 2, 3, 4, 5].map((s) => ({ key: String(s), label: String(s) })) : q.kind === 'text' ? [] : (q.options ?? []);
    const summarise = (rows: Count[], answered: number) => {
      const opts = options.map((o) => {
        const count = rows.filter((r) => r.v === o.key).reduce((s, r) => s + r.n, 0);
        return { key: o.key, label: o.label, count, share: sharePercent(count, answered), margin: marginOfError(count, answered) };
      });
      const mean = q.kind === 'scale' && answered ? Math.round((rows.reduce((s, r) => s + Number(r.v) * r.n, 0) / answered) * 100) / 100 : null;
      return { answered, options: opts, mean };
    };
    const answered = answeredRows.reduce((s, r) => s + r.n, 0);
    const byTown = townQuestion && q.kind !== 'text' && q.kind !== 'town'
      ? [...townNames].map(([code, name]) => ({ regionCode: code, name, ...summarise(counts.filter((c) => c.region === code), answeredRows.find((r) => r.region === code)?.n ?? 0) })).filter((t) => t.answered > 0)
      : [];
    questions.push({ key: q.key, kind: q.kind, title: q.title, required: q.required, ...summarise(counts, answered), byTown });
  }
  const towns = townQuestion ? (await db.execute<{ region: string; n: number }>(sql`SELECT region_code AS region, count(*)::int AS n FROM survey_responses WHERE survey_id = ${id} GROUP BY 1`)).rows : [];
  return {
    id: survey.id, title: survey.title, status: survey.status, n: total,
    method: { zh: '份额的95%误差范围 = 1.96 × √(p(1−p)/n)（简单随机抽样的正态近似，不作有限总体校正），单位为百分点', en: '95 % margin of a share = 1.96 × √(p(1−p)/n) (normal approximation for a simple random sample, no finite-population correction), in percentage points' },
    questions,
    towns: (townQuestion?.options ?? []).map((o) => ({ regionCode: o.key, name: o.label, responses: towns.find((t) => t.region === o.key)?.n ?? 0, quota: townQuestion?.quotas?.[o.key] ?? null })),
  };
}

export interface RawResponse { id: string; submittedAt: Date; regionCode: string; regionName: string; answers: Record<string, AnswerValue> }

/** The raw answers, a page at a time, without the phone's hash or the device. */
export async function surveyResponsesPage(db: Db, actor: Actor, id: string, offset: number, limit: number) {
  requireReader(actor);
  const survey = await loadSurvey(db, actor, id);
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: surveyResponses.id, submittedAt: surveyResponses.submittedAt, regionCode: surveyResponses.regionCode, regionName: sql<string>`coalesce(${regions.name}, ${surveyResponses.regionCode})`, answers: surveyResponses.answers })
      .from(surveyResponses).leftJoin(regions, eq(regions.code, surveyResponses.regionCode)).where(eq(surveyResponses.surveyId, id))
      .orderBy(desc(surveyResponses.submittedAt), desc(surveyResponses.id)).limit(limit).offset(offset),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(surveyResponses).where(eq(surveyResponses.surveyId, id)),
  ]);
  return { survey, items: items as RawResponse[], total };
}

/** One answer as the raw sheet shows it: an option's label, a list of labels, a score, a text. */
export function answerText(q: SurveyQuestion, v: AnswerValue | undefined): string | number | null {
  if (v === undefined || v === null) return null;
  const label = (key: string) => q.options?.find((o) => o.key === key)?.label ?? key;
  if (Array.isArray(v)) return v.map(label).join('；');
  if (typeof v === 'number') return v;
  return q.kind === 'single' || q.kind === 'town' ? label(v) : v;
}

// ---- binding to indicators -----------------------------------------------------------------------------

/** The rows of the office's plan that surveys can give (群众获得感: 宣传教育培训普及率, 参与程度, 满意程度). */
export async function bindableIndicators(db: Db, actor: Actor) {
  requireReader(actor);
  const rows = await db.select({ id: indicators.id, no: indicators.no, name: indicators.name, formula: indicators.formula, planId: indicatorPlans.id, planTitle: indicatorPlans.title, regionCode: indicatorPlans.regionCode })
    .from(indicators).innerJoin(indicatorPlans, eq(indicatorPlans.id, indicators.planId))
    .where(and(isNull(indicatorPlans.supersededAt), areaSql(actor, indicatorPlans.regionCode), sql`${indicators.formula} IN ('survey_awareness', 'survey_participation', 'survey_satisfaction')`))
    .orderBy(asc(indicatorPlans.regionCode), asc(indicators.no)).limit(100);
  return { items: rows };
}

/**
 * 绑定指标: a question of the survey gives a row of the plan of the survey's region (or a plan above
 * it), with what counts as positive. A binding on the same row replaces the one before (kept, ended).
 */
export async function bindQuestion(db: Db, ctx: Ctx, id: string, input: { questionKey: string; indicatorId: string; rule: BindingRule }) {
  const actor = ctx.actor;
  requireManager(actor);
  const survey = await loadSurvey(db, actor, id);
  const qIndex = survey.questions.findIndex((q) => q.key === input.questionKey);
  if (qIndex < 0) throw badRequest('UNKNOWN_QUESTION', '问卷中没有这道题', 'The survey has no such question', 'questionKey');
  const [row] = await db.select({ indicator: indicators, plan: indicatorPlans }).from(indicators).innerJoin(indicatorPlans, eq(indicatorPlans.id, indicators.planId)).where(eq(indicators.id, input.indicatorId));
  if (!row || !regionWithin(row.plan.regionCode, actor.regionCode)) throw badRequest('UNKNOWN_INDICATOR', '本辖区的指标体系中没有这项指标', 'No such indicator in your area’s plan', 'indicatorId');
  if (row.plan.supersededAt) throw badRequest('SUPERSEDED_PLAN', '该指标体系已被新版本替代', 'That plan has been superseded', 'indicatorId');
  if (!isSurveyFormula(row.indicator.formula)) throw badRequest('NOT_A_SURVEY_INDICATOR', '只有“群众获得感”中由问卷计算的指标（宣传教育培训普及率、参与程度、满意程度）可以绑定问卷题目', 'Only the survey rows (publicity reach, participation, satisfaction) take a survey question', 'indicatorId');
  if (!regionWithin(survey.regionCode, row.plan.regionCode)) throw badRequest('REGION_OUTSIDE_PLAN', '问卷的调查区域不在该指标体系的区域内', 'The survey’s region lies outside the plan’s', 'indicatorId');
  const problem = ruleProblem(survey.questions[qIndex], input.rule);
  if (problem) throw badRequest(problem.code, problem.zh, problem.en, problem.path);
  return db.transaction(async (tx) => {
    const ended = await tx.update(surveyBindings).set({ endedAt: new Date(), endedBy: actor.userId })
      .where(and(eq(surveyBindings.surveyId, id), eq(surveyBindings.indicatorId, input.indicatorId), isNull(surveyBindings.endedAt))).returning({ id: surveyBindings.id });
    const [binding] = await tx.insert(surveyBindings).values({ surveyId: id, questionKey: input.questionKey, indicatorId: input.indicatorId, formula: row.indicator.formula!, rule: input.rule, boundBy: actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'survey.bind', entityType: 'survey_binding', entityId: binding.id, regionCode: survey.regionCode, organisationId: actor.organisationId, after: { ...binding, replaced: ended.map((e) => e.id) } });
    return { ...binding, indicatorNo: row.indicator.no, indicatorName: row.indicator.name };
  });
}

export async function endBinding(db: Db, ctx: Ctx, id: string, bindingId: string) {
  requireManager(ctx.actor);
  const survey = await loadSurvey(db, ctx.actor, id);
  return db.transaction(async (tx) => {
    const [after] = await tx.update(surveyBindings).set({ endedAt: new Date(), endedBy: ctx.actor.userId })
      .where(and(eq(surveyBindings.id, bindingId), eq(surveyBindings.surveyId, id), isNull(surveyBindings.endedAt))).returning();
    if (!after) throw notFound({ zh: '绑定', en: 'Binding' });
    await recordAudit(tx, ctx, { action: 'survey.unbind', entityType: 'survey_binding', entityId: bindingId, regionCode: survey.regionCode, organisationId: ctx.actor.organisationId, after });
    return after;
  });
}

// ---- the public side ----------------------------------------------------------------------------------

const keyCache = new Map<string, Buffer>();

/**
 * The server's survey keys: the config has no secret of its own, so each key is 32 random bytes made
 * on first use and kept in survey_keys. Whoever reads the database can test phone numbers against
 * their HMACs (there are few mobile numbers): the hash keeps numbers out of sight, not out of reach.
 */
export async function surveyKey(db: Db, name: 'phone' | 'device'): Promise<Buffer> {
  const cached = keyCache.get(name);
  if (cached) return cached;
  await db.insert(surveyKeys).values({ name, key: crypto.randomBytes(32).toString('base64') }).onConflictDoNothing();
  const [row] = await db.select({ key: surveyKeys.key }).from(surveyKeys).where(eq(surveyKeys.name, name));
  const key = Buffer.from(row.key, 'base64');
  keyCache.set(name, key);
  return key;
}

const hmac = (key: Buffer, text: string) => crypto.createHmac('sha256', key).update(text).digest('base64url');

/** A new device id with its signature, as the cookie carries it. */
export async function newDeviceCookie(db: Db): Promise<string> {
  const id = crypto.randomUUID();
  return `${id}.${hmac(await surveyKey(db, 'device'), id).slice(0, 22)}`;
}

/** The device id of a cookie the server signed, or null for none or a forged one. */
export async function deviceOf(db: Db, cookie: string | undefined): Promise<string | null> {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{22})$/.exec(cookie ?? '');
  if (!m) return null;
  const expected = hmac(await surveyKey(db, 'device'), m[1]).slice(0, 22);
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(m[2])) ? m[1] : null;
}

export const phoneHmac = async (db: Db, phone: string) => hmac(await surveyKey(db, 'phone'), phone);

const open = (s: Survey, today: string) => s.status === 'published' && (!s.closesOn || s.closesOn >= today);

/** A survey as the public sees it: published or closed (a draft is not found). */
export async function publicSurvey(db: Db, id: string, now = new Date()) {
  const [s] = await db.select().from(surveys).where(eq(surveys.id, id));
  if (!s || s.status === 'draft') throw notFound(SURVEY);
  const [region] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, s.regionCode));
  return { id: s.id, title: s.title, intro: s.intro, regionCode: s.regionCode, regionName: region?.name ?? s.regionCode, closesOn: s.closesOn, open: open(s, shanghaiDate(now)),
    questions: s.questions.map(({ quotas: _q, ...q }) => q) };
}

/** 可参与的问卷: the published surveys open now for a region (its own, the areas above it and below it), for the portal and a resident's home page. */
export async function openSurveys(db: Db, regionCode: string, now = new Date()) {
  const today = shanghaiDate(now);
  const rows = await db.select({ id: surveys.id, title: surveys.title, regionCode: surveys.regionCode, closesOn: surveys.closesOn }).from(surveys)
    .where(and(eq(surveys.status, 'published'), sql`(${surveys.closesOn} IS NULL OR ${surveys.closesOn} >= ${today}::date)`,
      sql`(${surveys.regionCode} LIKE ${`${regionScopePrefix(regionCode)}%`} OR ${regionCode} LIKE ${surveys.regionCode} || '%')`))
    .orderBy(desc(surveys.publishedAt)).limit(50);
  return rows.map((r) => ({ ...r, link: `/s/${r.id}` }));
}

/**
 * 提交问卷: one answer per device (the signed cookie) and per phone (its HMAC), within the town's quota,
 * checked against the survey's questions; the survey's row is locked so that two answers cannot both
 * take a town's last place.
 */
export async function submitAnswer(db: Db, ctx: AuditContext, id: string, input: { answers: AnswerValue[]; phone?: string | null; device: string | null }, now = new Date()) {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(surveys).where(eq(surveys.id, id)).for('update');
    if (!s || s.status === 'draft') throw notFound(SURVEY);
    if (!open(s, shanghaiDate(now))) throw conflict('SURVEY_CLOSED', '该问卷已结束，不再收集答卷', 'This survey is closed: it takes no more answers', 'id');
    if (!input.device) throw badRequest('DEVICE_REQUIRED', '请先打开问卷页面再提交（需要允许 Cookie）', 'Open the survey’s page before answering (cookies must be allowed)', 'device');
    const problems = answerProblems(s.questions, input.answers);
    throwFirst(problems);
    const phone = input.phone ? await phoneHmac(db, input.phone) : null;
    const [byDevice] = await tx.select({ id: surveyResponses.id }).from(surveyResponses).where(and(eq(surveyResponses.surveyId, id), eq(surveyResponses.deviceId, input.device)));
    if (byDevice) throw conflict('ALREADY_ANSWERED', '本设备已提交过这份问卷', 'This device has answered this survey already', 'device');
    if (phone) {
      const [byPhone] = await tx.select({ id: surveyResponses.id }).from(surveyResponses).where(and(eq(surveyResponses.surveyId, id), eq(surveyResponses.phoneHmac, phone)));
      if (byPhone) throw conflict('ALREADY_ANSWERED', '该手机号已提交过这份问卷', 'This phone number has answered this survey already', 'phone');
    }
    const answers: Record<string, AnswerValue> = {};
    s.questions.forEach((q, i) => { const v = input.answers[i]; if (v !== null && v !== undefined && !(Array.isArray(v) && !v.length) && !(typeof v === 'string' && !v.trim())) answers[q.key] = typeof v === 'string' ? v.trim() : v; });
    const townIndex = s.questions.findIndex((q) => q.kind === 'town');
    const town = townIndex >= 0 ? (answers[s.questions[townIndex].key] as string | undefined) : undefined;
    if (town !== undefined) {
      const quota = s.questions[townIndex].quotas?.[town];
      if (quota !== undefined) {
        const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(surveyResponses).where(and(eq(surveyResponses.surveyId, id), eq(surveyResponses.regionCode, town)));
        if (n >= quota) throw conflict('QUOTA_FULL', '该镇（街道）的样本已满，感谢您的参与', 'This town’s quota is full: thank you for taking part', `answers.${townIndex}`);
      }
    }
    const [row] = await tx.insert(surveyResponses).values({ surveyId: id, regionCode: town ?? s.regionCode, answers, deviceId: input.device, phoneHmac: phone, submittedAt: now }).returning({ id: surveyResponses.id, submittedAt: surveyResponses.submittedAt, regionCode: surveyResponses.regionCode });
    // The audit keeps what was answered where, never the phone's hash or the device.
    await recordAudit(tx, { ...ctx, actorLabel: ctx.actor ? undefined : 'public' }, { action: 'survey.answer', entityType: 'survey_response', entityId: row.id, regionCode: row.regionCode, after: { surveyId: id, regionCode: row.regionCode, answers } });
    return { id: row.id, submittedAt: row.submittedAt };
  });
}
