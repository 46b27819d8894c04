import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { cellApplications as cells, cellApplicationSteps as steps, cellChecklists, cellObjectionAnswers as answers, cellObjections as objections, type CellCriterionAnswer } from './schema';
import { organisations } from '../platform/organisations/schema';
import { zeroWasteCells } from '../registers/schema';
import { regions } from '../platform/regions/schema';
import { users } from '../platform/accounts/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { containsPattern } from '../http/pagination';
import { regionLevelOf, regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate, shanghaiYear } from '../../domain/labels';
import {
  CELL_KINDS, CELL_STATES, CELL_TARGETS, defaultChecklist, MALL_TARGETS, STATE_AFTER, cellKind, checkResult, cumulativeTarget, fieldOfRegisterKind, findingScore, noticeEnd, stepAllowed,
  type CellField, type CellKind, type CellState, type CellStep, type Checklist, type Criterion, type Finding,
} from '../../domain/cells';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { isEnterpriseUser, isReviewer, mayApplyForOwn, mayApplyOnBehalf, maySetChecklist, readableKinds } from './policy';
import { calendarFor } from '../platform/calendar/service';

type Ctx = AuditContext & { actor: Actor };
const CELL = { zh: '无废细胞申报', en: 'Zero-waste cell application' };

/** The cell's name: its own, or (older mall applications written before names were kept) its organisation's. */
const nameSql = sql<string>`coalesce(nullif(${cells.name}, ''), (SELECT o.name FROM organisations o WHERE o.id = ${cells.organisationId}), '')`;

const kindOf = (value: string) => {
  const kind = cellKind(value);
  if (!kind) throw badRequest('UNKNOWN_KIND', '无废细胞类型不正确', 'Not a kind of zero-waste cell', 'kind');
  return kind;
};

/** The state of a cell: its latest step's. */
export const stateSql = sql<CellState | null>`(SELECT CASE s.step ${sql.raw(Object.entries(STATE_AFTER).map(([step, state]) => `WHEN '${step}' THEN '${state}'`).join(' '))} END
  FROM cell_application_steps s WHERE s.cell_id = "cell_applications"."id" ORDER BY s.at DESC, s.id DESC LIMIT 1)`;

async function latestStep(q: Queryable, cellId: string, step?: CellStep) {
  const [row] = await q.select().from(steps).where(step ? and(eq(steps.cellId, cellId), eq(steps.step, step)) : eq(steps.cellId, cellId)).orderBy(desc(steps.at), desc(steps.id)).limit(1);
  return row;
}
const stateOf = async (q: Queryable, cellId: string): Promise<CellState | null> => {
  const last = await latestStep(q, cellId);
  return last ? STATE_AFTER[last.step] : null;
};

// ---- checklists: the built-in default (version 1) or the office's latest version for the area ----

export interface ChecklistInForce extends Checklist { id: string | null; regionCode: string | null }

/** The checklist a new application of the kind in the region is sent under: the nearest office's latest version. */
export async function checklistInForce(q: Queryable, kind: CellKind, regionCode: string): Promise<ChecklistInForce> {
  const [row] = await q.select().from(cellChecklists)
    .where(and(eq(cellChecklists.kind, kind.value), sql`${regionCode} LIKE ${cellChecklists.regionCode} || '%'`))
    .orderBy(desc(sql`length(${cellChecklists.regionCode})`), desc(cellChecklists.version)).limit(1);
  return row ? { id: row.id, regionCode: row.regionCode, version: row.version, passScore: row.passScore, noticeDays: row.noticeDays, criteria: row.criteria } : { ...defaultChecklist(kind), id: null, regionCode: null };
}

/** The checklist an application was (last) sent under. */
async function checklistOfCell(q: Queryable, kind: CellKind, cellId: string): Promise<ChecklistInForce> {
  const submit = await latestStep(q, cellId, 'submit');
  const id = (submit?.data as { checklistId?: string | null } | undefined)?.checklistId;
  if (id) {
    const [row] = await q.select().from(cellChecklists).where(eq(cellChecklists.id, id));
    if (row) return { id: row.id, regionCode: row.regionCode, version: row.version, passScore: row.passScore, noticeDays: row.noticeDays, criteria: row.criteria };
  }
  return { ...defaultChecklist(kind), id: null, regionCode: null };
}

/** 设定创建标准: the office publishes a new version of a kind's checklist for its area; applications already sent keep theirs. */
export async function setChecklist(db: Db, ctx: Ctx, input: { kind: string; passScore: number; noticeDays: number; criteria: Criterion[]; note: string }) {
  const { actor } = ctx;
  if (!maySetChecklist(actor) || !actor.organisationId) throw forbidden('创建标准由无废城市建设办公室设定', 'The zero-waste office sets the checklists');
  const kind = kindOf(input.kind);
  input.criteria.forEach((c, i) => {
    if (input.criteria.findIndex((x) => x.key === c.key) !== i) throw badRequest('DUPLICATE_ITEM', '标准项代码不能重复', 'Each criterion key once', `criteria.${i}.key`);
  });
  const max = input.criteria.reduce((t, c) => t + c.maxScore, 0);
  if (input.passScore > max) throw badRequest('PASS_ABOVE_MAX', `合格分（${input.passScore}分）不能高于满分（${max}分）`, `The pass score (${input.passScore}) is above the full score (${max})`, 'passScore');
  return db.transaction(async (tx) => {
    const [{ last }] = await tx.select({ last: sql<number>`coalesce(max(${cellChecklists.version}), 1)`.mapWith(Number) }).from(cellChecklists)
      .where(and(eq(cellChecklists.kind, kind.value), eq(cellChecklists.regionCode, actor.regionCode)));
    const [row] = await tx.insert(cellChecklists).values({ kind: kind.value, regionCode: actor.regionCode, version: last + 1, passScore: input.passScore, noticeDays: input.noticeDays, criteria: input.criteria, note: input.note, organisationId: actor.organisationId!, byUser: actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'cell.checklist', entityType: 'cell_checklist', entityId: row.id, regionCode: row.regionCode, organisationId: actor.organisationId, after: row });
    return row;
  });
}

/** Every kind with the checklist in force for the caller's area, and the office's versions of it. */
export async function listChecklists(db: Db, actor: Actor) {
  const kinds = readableKinds(actor) ?? (mayApplyForOwn(actor) ? CELL_KINDS.map((k) => k.value) : null);
  if (!kinds) throw forbidden();
  const region = actor.role === 'platform_admin' ? '' : actor.regionCode;
  const versions = await db.select({ id: cellChecklists.id, kind: cellChecklists.kind, regionCode: cellChecklists.regionCode, version: cellChecklists.version, note: cellChecklists.note, at: cellChecklists.at })
    .from(cellChecklists).where(region ? sql`${region} LIKE ${cellChecklists.regionCode} || '%'` : sql`true`).orderBy(asc(cellChecklists.kind), desc(cellChecklists.at)).limit(500);
  const items = await Promise.all(CELL_KINDS.filter((k) => kinds.includes(k.value)).map(async (k) => ({
    kind: k.value, zh: k.zh, en: k.en, reviewer: k.reviewer, field: k.field, onBehalf: k.applicants.onBehalf, selfKinds: k.applicants.self,
    checklist: await checklistInForce(db, k, region || '37'),
    versions: versions.filter((v) => v.kind === k.value),
  })));
  return { items };
}

// ---- applying ----

export interface ApplyInput {
  kind: string;
  criteria: CellCriterionAnswer[];
  onBehalf?: { name: string; regionCode: string };
  longitude?: number; latitude?: number;
}

/** 申报: an organisation for itself, or an official for a community or village; again after a return, refusal or revocation. */
export async function applyForCell(db: Db, ctx: Ctx, input: ApplyInput) {
  const { actor } = ctx;
  const kind = kindOf(input.kind);
  let applicant: { organisationId: string | null; onBehalfBy: string | null; name: string; regionCode: string; longitude: number | null; latitude: number | null };
  if (input.onBehalf) {
    if (!kind.applicants.onBehalf) throw badRequest('NOT_ON_BEHALF', `${kind.zh}由单位自行申报`, `A ${kind.en.toLowerCase()} applies for itself`, 'onBehalf');
    if (!mayApplyOnBehalf(actor, kind, input.onBehalf.regionCode) || !actor.organisationId) throw forbidden(`代社区、村庄申报${kind.zh}的，须为本辖区无废办或主管部门`, `Only the area's office or the kind's department applies on behalf of a community or village`);
    const [town] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, input.onBehalf.regionCode));
    if (!town || regionLevelOf(town.code) !== 'town') throw badRequest('NOT_A_TOWN', '请填写社区、村庄所在乡镇（街道）的9位行政区划代码', 'Give the 9-digit code of the town the community or village is in', 'onBehalf.regionCode');
    applicant = { organisationId: null, onBehalfBy: actor.organisationId, name: input.onBehalf.name, regionCode: town.code, longitude: input.longitude ?? null, latitude: input.latitude ?? null };
  } else {
    if (!mayApplyForOwn(actor)) throw forbidden('无废细胞由申报单位本单位人员申报', 'An organisation’s own users apply for it');
    const [org] = await db.select().from(organisations).where(eq(organisations.id, actor.organisationId!));
    const fits = !!org && org.status === 'verified' && kind.applicants.self.includes(org.kind) && (!kind.applicants.capability || org.capabilities.includes(kind.applicants.capability));
    if (!fits) throw forbidden(kind.applicants.capability === 'mall' ? `只有登记为“商场、超市”的单位可申报${kind.zh}` : `本单位不能申报${kind.zh}`, kind.applicants.capability === 'mall' ? `Only an organisation registered as a mall or supermarket applies for a ${kind.en.toLowerCase()}` : `Your organisation cannot apply for a ${kind.en.toLowerCase()}`);
    applicant = { organisationId: org.id, onBehalfBy: null, name: org.name, regionCode: org.regionCode, longitude: input.longitude ?? org.longitude, latitude: input.latitude ?? org.latitude };
  }
  return db.transaction(async (tx) => {
    const checklist = await checklistInForce(tx, kind, applicant.regionCode);
    const criteria = checkCriteria(checklist, input.criteria);
    const [existing] = await tx.select().from(cells).where(applicant.organisationId
      ? and(eq(cells.organisationId, applicant.organisationId), eq(cells.kind, kind.value))
      : and(isNull(cells.organisationId), eq(cells.kind, kind.value), eq(cells.regionCode, applicant.regionCode), eq(cells.name, applicant.name))).for('update');
    const state = existing ? await stateOf(tx, existing.id) : null;
    if (!stepAllowed(state, 'submit')) throw conflict('ALREADY_APPLIED', `已申报（${CELL_STATES[state!].zh}），无需重复提交`, `Already applied (${CELL_STATES[state!].en})`);
    const cell = existing ?? (await tx.insert(cells).values({ kind: kind.value, ...applicant }).returning())[0];
    const [step] = await tx.insert(steps).values({ cellId: cell.id, step: 'submit', data: { checklistVersion: checklist.version, checklistId: checklist.id, criteria }, organisationId: actor.organisationId!, byUser: actor.userId }).returning();
    await recordAudit(tx, ctx, { action: existing ? 'cell.resubmit' : 'cell.apply', entityType: 'cell_application', entityId: cell.id, regionCode: cell.regionCode, organisationId: actor.organisationId, after: { cell, step } });
    return { ...cell, state: 'submitted' as CellState, step };
  });
}

/** Every criterion once, in the checklist's order; a required criterion without evidence names criteria.N.evidence. */
function checkCriteria(checklist: Checklist, given: CellCriterionAnswer[]): CellCriterionAnswer[] {
  given.forEach((item, i) => {
    const criterion = checklist.criteria.find((c) => c.key === item.key);
    if (!criterion) throw badRequest('UNKNOWN_ITEM', '清单中没有该项', 'Not an item of the checklist', `criteria.${i}.key`);
    if (given.findIndex((x) => x.key === item.key) !== i) throw badRequest('DUPLICATE_ITEM', '同一项只能填写一次', 'Each item once', `criteria.${i}.key`);
    if (criterion.evidenceRequired && !item.evidence.length) throw badRequest('MISSING_EVIDENCE', `“${criterion.zh}”须附证明材料（文件或照片名称）`, `“${criterion.en}” needs evidence (a document or photo)`, `criteria.${i}.evidence`);
  });
  const missing = checklist.criteria.filter((c) => !given.some((i) => i.key === c.key));
  if (missing.length) throw badRequest('MISSING_ITEM', `请填写：${missing.map((m) => m.zh).join('、')}`, `Fill in: ${missing.map((m) => m.en).join(', ')}`, 'criteria');
  return checklist.criteria.map((c) => given.find((i) => i.key === c.key)!);
}

// ---- the department's steps ----

/** The cell for a reviewer: 403 for a department that does not review its kind, 404 outside its area. */
async function cellForReview(q: Queryable, actor: Actor, id: string) {
  const [cell] = await q.select().from(cells).where(eq(cells.id, id)).for('update');
  const kind = cell ? cellKind(cell.kind) : undefined;
  if (!cell || !kind) throw notFound(CELL);
  if (!isReviewer(actor, kind)) throw forbidden(`${kind.zh}由${reviewerName(kind)}审查、命名`, `The ${reviewerNameEn(kind)} reviews and names a ${kind.en.toLowerCase()}`);
  if (!regionWithin(cell.regionCode, actor.regionCode)) throw notFound(CELL);
  if (cell.organisationId && cell.organisationId === actor.organisationId) throw forbidden('不能审查本单位的申报', 'A department does not review its own application');
  return { cell, kind, state: await stateOf(q, cell.id) };
}
const REVIEWER_NAMES: Record<string, [string, string]> = {
  office: ['无废城市建设办公室', 'zero-waste office'], commerce: ['商务主管部门', 'commerce department'], ecology: ['生态环境部门', 'ecology department'],
  urban: ['城市管理（环卫）部门', 'urban management department'], agriculture: ['农业农村部门', 'agriculture department'], health: ['卫生健康部门', 'health department'],
};
const reviewerName = (k: CellKind) => REVIEWER_NAMES[k.reviewer]?.[0] ?? k.reviewer;
const reviewerNameEn = (k: CellKind) => REVIEWER_NAMES[k.reviewer]?.[1] ?? k.reviewer;

type Made = { data: object; decidedOn?: string; registerId?: string | null };
async function appendStep(db: Db, ctx: Ctx, id: string, step: Exclude<CellStep, 'submit'>, make: (tx: Queryable, c: { cell: typeof cells.$inferSelect; kind: CellKind; state: CellState | null }) => Promise<Made> | Made) {
  const actor = ctx.actor;
  return db.transaction(async (tx) => {
    const found = await cellForReview(tx, actor, id);
    const { cell, state } = found;
    if (!stepAllowed(state, step)) {
      if (step === 'approve' && (state === 'submitted' || state === 'accepted')) throw conflict('NO_CHECK', '尚未现场核查，不能命名', 'Not checked on site yet: it cannot be named', 'id');
      throw conflict('WRONG_STATE', `当前状态为“${state ? CELL_STATES[state].zh : '未申报'}”，不能执行此操作`, `In state “${state ? CELL_STATES[state].en : 'not applied'}” this step is not possible`, 'id');
    }
    const made = await make(tx, found);
    const [row] = await tx.insert(steps).values({ cellId: cell.id, step, data: made.data as never, decidedOn: made.decidedOn ?? null, registerId: made.registerId ?? null, organisationId: actor.organisationId!, byUser: actor.userId }).returning();
    await recordAudit(tx, ctx, { action: `cell.${step}`, entityType: 'cell_application', entityId: cell.id, regionCode: cell.regionCode, organisationId: actor.organisationId, after: row });
    return { ...cell, state: STATE_AFTER[step], step: row };
  });
}

/** 受理: the department takes the application up (optional before the check). */
export async function acceptCell(db: Db, ctx: Ctx, id: string, input: { note: string }) {
  return appendStep(db, ctx, id, 'accept', () => ({ data: { note: input.note } }));
}

/** 现场核查: the day, the inspectors and points for every criterion (or pass/fail: full points or none). */
export async function checkCell(db: Db, ctx: Ctx, id: string, input: { checkedOn: string; inspectors: string[]; findings: Finding[] }, now = new Date()) {
  return appendStep(db, ctx, id, 'check', async (tx, { kind, cell }) => {
    if (input.checkedOn > shanghaiDate(now)) throw badRequest('FUTURE_DATE', '核查日期不能晚于今天', 'The check cannot be dated after today', 'checkedOn');
    const checklist = await checklistOfCell(tx, kind, cell.id);
    input.findings.forEach((f, i) => {
      const criterion = checklist.criteria.find((c) => c.key === f.key);
      if (!criterion) throw badRequest('UNKNOWN_ITEM', '清单中没有该项', 'Not an item of the checklist', `findings.${i}.key`);
      if (input.findings.findIndex((x) => x.key === f.key) !== i) throw badRequest('DUPLICATE_ITEM', '同一项只能核查一次', 'Each item once', `findings.${i}.key`);
      if (f.score === undefined && f.pass === undefined) throw badRequest('NO_SCORE', '请给出该项得分', 'Score this criterion', `findings.${i}.score`);
      if (f.score !== undefined && f.score > criterion.maxScore) throw badRequest('SCORE_ABOVE_MAX', `“${criterion.zh}”最高${criterion.maxScore}分`, `“${criterion.en}” has ${criterion.maxScore} points at most`, `findings.${i}.score`);
    });
    const missing = checklist.criteria.filter((c) => !input.findings.some((f) => f.key === c.key));
    if (missing.length) throw badRequest('MISSING_ITEM', `请逐项核查：${missing.map((m) => m.zh).join('、')}`, `Check every item: ${missing.map((m) => m.en).join(', ')}`, 'findings');
    const findings = checklist.criteria.map((c) => { const f = input.findings.find((x) => x.key === c.key)!; return { key: c.key, score: findingScore(f, c), note: f.note }; });
    const result = checkResult(checklist, findings);
    return { data: { checkedOn: input.checkedOn, inspectors: input.inspectors, findings, total: result.total, passScore: result.passScore, passed: result.passed } };
  });
}

async function lastCheck(q: Queryable, cellId: string) {
  const row = await latestStep(q, cellId, 'check');
  return row ? (row.data as { checkedOn: string; findings: Finding[]; total?: number; passed?: boolean }) : null;
}

/** Whether the last check passed: its recorded verdict, or (older mall checks) every item passed. */
const checkPassed = (check: { findings: Finding[]; passed?: boolean }) => check.passed ?? check.findings.every((f) => f.pass !== false);

/** 公示: the department publishes the notice from a day; it lasts the checklist's working days. */
export async function startNotice(db: Db, ctx: Ctx, id: string, input: { startOn: string }, now = new Date()) {
  return appendStep(db, ctx, id, 'notice', async (tx, { kind, cell }) => {
    const checklist = await checklistOfCell(tx, kind, cell.id);
    if (checklist.noticeDays <= 0) throw conflict('NO_NOTICE', `${kind.zh}核查通过后直接命名，无需公示`, `A ${kind.en.toLowerCase()} is named after the check, with no public notice`, 'id');
    const check = await lastCheck(tx, cell.id);
    if (!check || !checkPassed(check)) throw conflict('CHECK_FAILED', '现场核查未达到合格分，请退回整改或不予命名', 'The on-site check did not reach the pass score: return or refuse it', 'id');
    if (input.startOn < check.checkedOn) throw badRequest('BEFORE_CHECK', '公示不能早于现场核查日期', 'The notice cannot start before the check', 'startOn');
    const latest = shanghaiDate(new Date(now.getTime() + 30 * 86_400_000));
    if (input.startOn > latest) throw badRequest('TOO_LATE', '公示开始日期不能晚于30天后', 'The notice starts within 30 days', 'startOn');
    return { data: { startOn: input.startOn, endOn: noticeEnd(input.startOn, checklist.noticeDays, await calendarFor(tx, cell.regionCode)), workingDays: checklist.noticeDays } };
  });
}

/** The objections raised against the current notice, each with its answer (null: open). */
async function noticeObjections(q: Queryable, noticeStepId: string) {
  return q.select({ id: objections.id, reason: objections.reason, contact: objections.contact, at: objections.at, outcome: answers.outcome, reply: answers.reply, answeredAt: answers.at })
    .from(objections).leftJoin(answers, eq(answers.objectionId, objections.id)).where(eq(objections.noticeStepId, noticeStepId)).orderBy(asc(objections.at)).limit(500);
}

/** 命名: after a passed check and, where the kind has one, a public notice that has ended with every objection answered. */
export async function approveCell(db: Db, ctx: Ctx, id: string, input: { decisionNo: string; decidedOn: string }, now = new Date()) {
  return appendStep(db, ctx, id, 'approve', async (tx, { kind, cell, state }) => {
    const today = shanghaiDate(now);
    if (input.decidedOn > today) throw badRequest('FUTURE_DATE', '命名日期不能晚于今天', 'The decision cannot be dated after today', 'decidedOn');
    const checklist = await checklistOfCell(tx, kind, cell.id);
    const check = await lastCheck(tx, cell.id);
    if (!check || !checkPassed(check)) throw conflict('CHECK_FAILED', '现场核查未达到合格分，请退回整改', 'The on-site check failed: return it for changes', 'id');
    if (input.decidedOn < check.checkedOn) throw badRequest('BEFORE_CHECK', '命名日期不能早于现场核查日期', 'The decision cannot be dated before the check', 'decidedOn');
    if (state === 'checked' && checklist.noticeDays > 0) throw conflict('NOTICE_REQUIRED', `${kind.zh}须经公示${checklist.noticeDays}个工作日后命名`, `A ${kind.en.toLowerCase()} is named after ${checklist.noticeDays} working days of public notice`, 'id');
    if (state === 'in_notice') {
      const notice = (await latestStep(tx, cell.id, 'notice'))!;
      const { endOn } = notice.data as { endOn: string };
      if (today <= endOn) throw conflict('NOTICE_NOT_ENDED', `公示期至${endOn}，期满后方可命名`, `The notice runs to ${endOn}: name it after that`, 'id');
      if (input.decidedOn <= endOn) throw badRequest('BEFORE_NOTICE_END', `命名日期应在公示期满（${endOn}）之后`, `The decision is dated after the notice ended (${endOn})`, 'decidedOn');
      const open = (await noticeObjections(tx, notice.id)).filter((o) => !o.outcome);
      if (open.length) throw conflict('OBJECTION_OPEN', `公示期间有${open.length}条异议尚未答复`, `${open.length} objection(s) of the notice not answered yet`, 'id');
    }
    const registerId = await enterRegister(tx, ctx, cell, kind, input.decidedOn, input.decisionNo);
    return { data: { decisionNo: input.decisionNo, decidedOn: input.decidedOn }, decidedOn: input.decidedOn, registerId };
  });
}

/** A named cell enters the register of 无废城市细胞 (名录) the indicator 开展“无废细胞”建设的单位数量 (row 34) counts. */
async function enterRegister(tx: Queryable, ctx: Ctx, cell: typeof cells.$inferSelect, kind: CellKind, namedOn: string, decisionNo: string) {
  const [bureau] = ctx.actor.organisationId ? await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, ctx.actor.organisationId)) : [];
  const [named] = await tx.select({ id: zeroWasteCells.id }).from(zeroWasteCells).where(and(
    cell.organisationId ? eq(zeroWasteCells.organisationId, cell.organisationId) : and(eq(zeroWasteCells.name, cell.name), sql`${zeroWasteCells.regionCode} LIKE ${`${cell.regionCode.slice(0, 6)}%`}`),
    eq(zeroWasteCells.kind, kind.registerKind), sql`${zeroWasteCells.endedOn} IS NULL`));
  if (named) return named.id;
  const [row] = await tx.insert(zeroWasteCells).values({
    regionCode: cell.regionCode, name: cell.name, kind: kind.registerKind, organisationId: cell.organisationId, namedOn, namedBy: bureau?.name ?? '', evidence: [{ name: decisionNo, note: `${kind.zh}命名文件` }], recordedBy: ctx.actor.userId!,
  }).returning();
  await recordAudit(tx, ctx, { action: 'registers.cell_record', entityType: 'zero_waste_cell', entityId: row.id, regionCode: row.regionCode, organisationId: row.organisationId, after: row });
  return row.id;
}

/** 退回修改: with the reasons; the applicant changes and sends it again. */
export async function returnCell(db: Db, ctx: Ctx, id: string, input: { reasons: string }) {
  return appendStep(db, ctx, id, 'return', () => ({ data: { reasons: input.reasons } }));
}

/** 不予命名: with the reasons; the applicant may start again later. */
export async function refuseCell(db: Db, ctx: Ctx, id: string, input: { reasons: string }) {
  return appendStep(db, ctx, id, 'refuse', () => ({ data: { reasons: input.reasons } }));
}

/** 摘牌: a named cell loses its name from a day, with the reasons; its register row ends that day, so row 34 no longer counts it. */
export async function revokeCell(db: Db, ctx: Ctx, id: string, input: { reasons: string; endedOn: string }, now = new Date()) {
  return appendStep(db, ctx, id, 'revoke', async (tx, { cell }) => {
    if (input.endedOn > shanghaiDate(now)) throw badRequest('FUTURE_DATE', '摘牌日期不能晚于今天', 'The revocation cannot be dated after today', 'endedOn');
    const approval = (await latestStep(tx, cell.id, 'approve'))!;
    if (input.endedOn < approval.decidedOn!) throw badRequest('BEFORE_NAMED', '摘牌日期不能早于命名日期', 'The revocation cannot be dated before the naming', 'endedOn');
    const registerId = approval.registerId;
    if (registerId) {
      const [before] = await tx.select().from(zeroWasteCells).where(eq(zeroWasteCells.id, registerId)).for('update');
      if (before && !before.endedOn) {
        const [after] = await tx.update(zeroWasteCells).set({ endedOn: input.endedOn, endReason: input.reasons }).where(eq(zeroWasteCells.id, registerId)).returning();
        await recordAudit(tx, ctx, { action: 'registers.cell_end', entityType: 'zero_waste_cell', entityId: registerId, regionCode: after.regionCode, organisationId: after.organisationId, before, after });
      }
    }
    return { data: { reasons: input.reasons }, decidedOn: input.endedOn, registerId };
  });
}

/** 异议答复: the department answers an objection of the notice: dismissed, or upheld, and then the application is returned or refused with the reply. */
export async function answerObjection(db: Db, ctx: Ctx, id: string, objectionId: string, input: { outcome: 'upheld' | 'dismissed'; reply: string; then?: 'return' | 'refuse' }) {
  const { actor } = ctx;
  if (input.outcome === 'upheld' && !input.then) throw badRequest('THEN_REQUIRED', '异议成立的，请选择退回修改或不予命名', 'An upheld objection returns or refuses the application: choose which', 'then');
  return db.transaction(async (tx) => {
    const { cell, state } = await cellForReview(tx, actor, id);
    const [objection] = await tx.select().from(objections).where(and(eq(objections.id, objectionId), eq(objections.cellId, cell.id)));
    if (!objection) throw notFound({ zh: '异议', en: 'Objection' });
    const [done] = await tx.select({ id: answers.id }).from(answers).where(eq(answers.objectionId, objectionId));
    if (done) throw conflict('ANSWERED', '该异议已答复', 'This objection has been answered', 'objectionId');
    const [answer] = await tx.insert(answers).values({ objectionId, outcome: input.outcome, reply: input.reply, organisationId: actor.organisationId!, byUser: actor.userId! }).returning();
    await recordAudit(tx, ctx, { action: 'cell.objection_answer', entityType: 'cell_application', entityId: cell.id, regionCode: cell.regionCode, organisationId: actor.organisationId, after: answer });
    let next: CellState | null = state;
    if (input.outcome === 'upheld' && input.then && stepAllowed(state, input.then)) {
      const [row] = await tx.insert(steps).values({ cellId: cell.id, step: input.then, data: { reasons: `异议成立：${input.reply}` }, organisationId: actor.organisationId!, byUser: actor.userId }).returning();
      await recordAudit(tx, ctx, { action: `cell.${input.then}`, entityType: 'cell_application', entityId: cell.id, regionCode: cell.regionCode, organisationId: actor.organisationId, after: row });
      next = STATE_AFTER[input.then];
    }
    return { id: answer.id, objectionId, outcome: answer.outcome, reply: answer.reply, at: answer.at, state: next };
  });
}

// ---- reading ----

function listScope(actor: Actor): SQL {
  if (actor.role === 'platform_admin') return sql`true`;
  const kinds = readableKinds(actor);
  const own = actor.organisationId && mayApplyForOwn(actor) ? or(eq(cells.organisationId, actor.organisationId), eq(cells.onBehalfBy, actor.organisationId)) : undefined;
  if (kinds) {
    const area = and(sql`${cells.regionCode} LIKE ${`${regionScopePrefix(actor.regionCode)}%`}`, inArray(cells.kind, kinds))!;
    return own ? or(area, own)! : area;
  }
  if (own) return own;
  throw forbidden('无废细胞由主管部门、无废办和申报单位查看', 'Zero-waste cells are for the competent departments, the office and the applicants');
}

export interface CellFilter { kind?: string; state?: CellState; regionCode?: string; q?: string; year?: number }

/** Applications with their state, paged on the server; a department its kinds in its area, an applicant its own. */
export async function listCells(db: Db, actor: Actor, f: CellFilter, page: number, pageSize: number) {
  const parts: SQL[] = [listScope(actor)];
  if (f.kind) parts.push(eq(cells.kind, kindOf(f.kind).value));
  if (f.state) parts.push(sql`${stateSql} = ${f.state}`);
  if (f.regionCode) parts.push(sql`${cells.regionCode} LIKE ${`${regionScopePrefix(f.regionCode)}%`}`);
  if (f.q) parts.push(sql`${nameSql} ILIKE ${containsPattern(f.q)}`);
  const named = sql<string | null>`(SELECT max(s.decided_on)::text FROM ${steps} s WHERE s.cell_id = "cell_applications"."id" AND s.step = 'approve')`;
  if (f.year) parts.push(sql`substr(${named}, 1, 4) = ${String(f.year)}`);
  const where = and(...parts)!;
  const lastAt = sql<Date | null>`(SELECT max(s.at) FROM ${steps} s WHERE s.cell_id = "cell_applications"."id")`.mapWith((v: string | null) => (v === null ? null : new Date(v)));
  const [items, [{ total }]] = await Promise.all([
    db.select({ id: cells.id, kind: cells.kind, organisationId: cells.organisationId, organisationName: nameSql, regionCode: cells.regionCode,
      regionName: sql<string>`coalesce(${regions.name}, ${cells.regionCode})`, state: stateSql, namedOn: named, updatedAt: lastAt })
      .from(cells).leftJoin(regions, eq(regions.code, cells.regionCode))
      .where(where).orderBy(desc(lastAt), asc(cells.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(cells).where(where),
  ]);
  return { items, total, page, pageSize };
}

/** Older mall applications stored their answers as items with attachments: shown as criteria with evidence. */
function presentData(step: string, data: Record<string, unknown>) {
  if (step === 'submit' && Array.isArray(data.items) && !data.criteria) {
    return { checklistVersion: 1, checklistId: null, criteria: (data.items as { key: string; description: string; attachments?: { name: string }[] }[]).map((i) => ({ key: i.key, description: i.description, evidence: i.attachments ?? [] })) };
  }
  return data;
}

/** An application with every step (who, when, what), its checklist, the notice's objections; what the actor may do next. */
export async function cellDetail(db: Db, actor: Actor, id: string, now = new Date()) {
  const [row] = await db.select({ cell: cells, name: nameSql, regionName: sql<string>`coalesce(${regions.name}, ${cells.regionCode})` })
    .from(cells).leftJoin(regions, eq(regions.code, cells.regionCode)).where(eq(cells.id, id));
  const kind = row ? cellKind(row.cell.kind) : undefined;
  const own = !!row && !!actor.organisationId && mayApplyForOwn(actor) && (actor.organisationId === row.cell.organisationId || actor.organisationId === row.cell.onBehalfBy);
  const official = !!row && (actor.role === 'platform_admin' || (!!readableKinds(actor)?.includes(row.cell.kind) && regionWithin(row.cell.regionCode, actor.regionCode)));
  if (!row || !kind || !(own || official)) throw notFound(CELL);
  const history = await db.select({ id: steps.id, step: steps.step, data: steps.data, decidedOn: steps.decidedOn, at: steps.at, byName: sql<string>`coalesce(${users.displayName}, '')`, organisationName: organisations.name })
    .from(steps).leftJoin(users, eq(users.id, steps.byUser)).innerJoin(organisations, eq(organisations.id, steps.organisationId))
    .where(eq(steps.cellId, id)).orderBy(asc(steps.at), asc(steps.id)).limit(500);
  const state = history.length ? STATE_AFTER[history[history.length - 1].step as CellStep] : null;
  const checklist = await checklistOfCell(db, kind, id);
  const notice = [...history].reverse().find((h) => h.step === 'notice');
  // The objections' contacts are for the department that answers them, never for the applicant.
  const objectionRows = notice ? (await noticeObjections(db, notice.id)).map((o) => ({ ...o, contact: official ? o.contact : null })) : [];
  const reviewer = isReviewer(actor, kind) && regionWithin(row.cell.regionCode, actor.regionCode) && row.cell.organisationId !== actor.organisationId;
  const noticeData = notice?.data as { startOn: string; endOn: string } | undefined;
  const today = shanghaiDate(now);
  const may = {
    resubmit: own && stepAllowed(state, 'submit'),
    accept: reviewer && stepAllowed(state, 'accept'),
    check: reviewer && stepAllowed(state, 'check'),
    notice: reviewer && stepAllowed(state, 'notice') && checklist.noticeDays > 0,
    approve: reviewer && stepAllowed(state, 'approve') && (state === 'checked' ? checklist.noticeDays === 0 : !!noticeData && today > noticeData.endOn && objectionRows.every((o) => o.outcome)),
    return: reviewer && stepAllowed(state, 'return'),
    refuse: reviewer && stepAllowed(state, 'refuse'),
    revoke: reviewer && stepAllowed(state, 'revoke'),
    answer: reviewer && objectionRows.some((o) => !o.outcome),
  };
  return {
    ...row.cell, name: row.name, organisationName: row.name, regionName: row.regionName, state, field: kind.field,
    checklist: { version: checklist.version, passScore: checklist.passScore, noticeDays: checklist.noticeDays, criteria: checklist.criteria },
    history: history.map((h) => ({ ...h, data: presentData(h.step, h.data as Record<string, unknown>) })),
    objections: objectionRows, may,
  };
}

/**
 * 无废商场 named against the targets (seed 004 四(二)): each county of the city, per year from 2023, how
 * many were named that year, the cumulative count and the cumulative target (2 by 2023, 3 by 2024;
 * development zones 1 and 2); and the city's total against 30 by the end of 2025.
 */
export async function cellTargets(db: Db, actor: Actor, kindValue: string, now = new Date()) {
  const kind = kindOf(kindValue);
  if (actor.role !== 'platform_admin' && !readableKinds(actor)?.includes(kind.value)) throw forbidden();
  const city = actor.role === 'platform_admin' || regionLevelOf(actor.regionCode) === 'province' ? null : `${actor.regionCode.slice(0, 4)}00`;
  const lastYear = Math.max(2025, shanghaiYear(now));
  const years = Array.from({ length: lastYear - 2023 + 1 }, (_, i) => 2023 + i);
  const counties = await db.select({ code: regions.code, name: regions.name }).from(regions)
    .where(and(eq(regions.level, 'county'), actor.role === 'platform_admin' ? sql`true` : sql`${regions.code} LIKE ${`${regionScopePrefix(actor.regionCode)}%`}`)).orderBy(regions.code).limit(300);
  const named = await db.select({ county: sql<string>`substr(${cells.regionCode}, 1, 6)`, year: sql<number>`extract(year FROM ${steps.decidedOn})::int`, count: sql<number>`count(DISTINCT ${cells.id})::int` })
    .from(steps).innerJoin(cells, eq(cells.id, steps.cellId))
    .where(and(eq(steps.step, 'approve'), eq(cells.kind, kind.value), city ? sql`${cells.regionCode} LIKE ${`${city.slice(0, 4)}%`}` : sql`true`))
    .groupBy(sql`1`, sql`2`);
  const byYear = (match: (county: string) => boolean, targets: readonly { year: number; count: number }[]) => {
    let cumulative = named.filter((n) => match(n.county) && n.year < years[0]).reduce((t, n) => t + n.count, 0);
    return years.map((year) => {
      const that = named.filter((n) => match(n.county) && n.year === year).reduce((t, n) => t + n.count, 0);
      cumulative += that;
      return { year, named: that, cumulative, target: cumulativeTarget(targets, year) };
    });
  };
  const rows = counties.map((c) => ({ regionCode: c.code, name: c.name, zone: /开发区|高新|度假区/.test(c.name), years: byYear((x) => x === c.code, /开发区|高新|度假区/.test(c.name) ? MALL_TARGETS.zone : MALL_TARGETS.county) }));
  const [cityRow] = city ? await db.select({ name: regions.name }).from(regions).where(eq(regions.code, city)) : [];
  return { kind: kind.value, years, rows, city: city ? { regionCode: city, name: cityRow?.name ?? city, years: byYear(() => true, MALL_TARGETS.city) } : null };
}

/**
 * 细胞创建进度: the cells in force at the end of each year from 2023 (the register row 34 counts: named
 * through this flow or recorded before it), per field and per kind, against the plan's targets of the
 * area (临清: 30 by 2025, 6 industrial, 18 in daily life, 6 rural; seed 000 三(七)).
 */
export async function cellCounts(db: Db, actor: Actor, regionCode?: string, now = new Date()) {
  if (actor.role !== 'platform_admin' && actor.role !== 'office' && !(actor.role === 'regulator' && readableKinds(actor))) throw forbidden();
  const area = regionCode ?? (actor.role === 'platform_admin' ? '371581' : actor.regionCode);
  if (actor.role !== 'platform_admin' && !regionWithin(area, actor.regionCode)) throw notFound({ zh: '行政区', en: 'Region' });
  const lastYear = Math.max(2025, shanghaiYear(now));
  const years = Array.from({ length: lastYear - 2023 + 1 }, (_, i) => 2023 + i);
  // A register row named through the flow takes its kind from the application; an older record, from the register.
  const rows = (await db.execute<{ kind: string; register_kind: string; named_on: string; ended_on: string | null }>(sql`
    SELECT a.kind, z.kind AS register_kind, z.named_on::text, z.ended_on::text FROM zero_waste_cells z
    LEFT JOIN LATERAL (SELECT c.kind FROM cell_application_steps s JOIN cell_applications c ON c.id = s.cell_id WHERE s.register_id = z.id AND s.step = 'approve' LIMIT 1) a ON true
    WHERE z.region_code LIKE ${`${regionScopePrefix(area)}%`} LIMIT 20000`)).rows;
  const inForce = (r: (typeof rows)[number], year: number) => r.named_on <= `${year}-12-31` && (!r.ended_on || r.ended_on > `${year}-12-31`);
  const fieldOf = (r: (typeof rows)[number]): CellField => (r.kind ? cellKind(r.kind)?.field ?? 'life' : fieldOfRegisterKind(r.register_kind));
  const target = CELL_TARGETS.filter((t) => t.regionCode === area).sort((a, b) => a.year - b.year);
  const targetAt = (year: number, pick: (t: (typeof CELL_TARGETS)[number]) => number) => { const due = target.filter((t) => t.year <= year); return due.length ? pick(due[due.length - 1]) : null; };
  const label = (r: (typeof rows)[number]) => r.kind ?? `register:${r.register_kind}`;
  const kindsSeen = [...new Set(rows.map(label))];
  return {
    regionCode: area, years,
    total: years.map((year) => ({ year, count: rows.filter((r) => inForce(r, year)).length, named: rows.filter((r) => r.named_on.startsWith(String(year))).length, target: targetAt(year, (t) => t.total) })),
    fields: (['industrial', 'life', 'rural'] as CellField[]).map((field) => ({
      field, years: years.map((year) => ({ year, count: rows.filter((r) => fieldOf(r) === field && inForce(r, year)).length, target: targetAt(year, (t) => t.fields[field]) })),
    })),
    kinds: kindsSeen.sort().map((k) => ({ kind: k, years: years.map((year) => ({ year, count: rows.filter((r) => label(r) === k && inForce(r, year)).length })) })),
  };
}
