import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/database';
import { enforcementCases as cases, enforcementCaseSteps as steps } from './schema';
import { inspections } from '../inspections/schema';
import { complaints } from '../complaints/schema';
import { alarms } from '../alarms/schema';
import { organisations } from '../platform/organisations/schema';
import { users } from '../platform/accounts/schema';
import { recordAudits, type AuditContext } from '../platform/audit/service';
import type { Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { caseState, stepProblem, type CaseSource, type CaseStep, type StepKind } from '../../domain/cases';
import { AppError, badRequest, conflict, forbidden, notFound } from '../http/errors';
import { canSee, mayManage, mayRead, mayReadArea } from '../inspections/policy';

// 行政处罚案件: opened from what found the wrong (a complaint, a random inspection, an alarm or
// otherwise), then steps appended. Rows 40 and 42 (cases/formulas.ts) read the steps.

type Ctx = AuditContext & { actor: Actor };
const CASE = { zh: '案件', en: 'Case' };
const today = () => shanghaiDate(new Date());
const area = (code: string) => `${regionScopePrefix(code)}%`;

function requireManager(a: Actor) {
  if (!mayManage(a)) throw forbidden('行政处罚案件由本辖区生态环境部门办理', 'Enforcement cases are handled by the ecology bureau of the area');
}
function requireReader(a: Actor) {
  if (!mayRead(a)) throw forbidden('行政处罚案件供生态环境部门、无废办及当事企业查阅', 'Cases are for the ecology bureau, the zero-waste office and the party');
}
function notFuture(day: string, path: string, zh: string, en: string) {
  if (day > today()) throw badRequest('FUTURE_DATE', `${zh}不能晚于今天`, `${en} cannot be in the future`, path);
}

/** What a case's source says about it: the party (当事人) and the region the case belongs to. */
interface SourceFacts { partyId: string | null; partyName: string | null; regionCode: string | null }

/**
 * A complaint (信访投诉举报) named by its id or its number (TS…) must be of the actor's area; it names a
 * place, not a unit, so the case's party is the one the bureau names (partyId or partyName).
 */
async function complaintSource(q: Queryable, actor: Actor, id: string): Promise<SourceFacts> {
  const [row] = await q.select({ regionCode: complaints.regionCode }).from(complaints)
    .where(uuidLike.test(id) ? eq(complaints.id, id) : eq(complaints.complaintNo, id));
  if (!row || !regionWithin(row.regionCode, actor.regionCode)) throw badRequest('UNKNOWN_SOURCE', '案件来源记录不存在或不属于本辖区', 'The source record does not exist or is not of your area', 'source.id');
  return { partyId: null, partyName: null, regionCode: row.regionCode };
}

const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function sourceFacts(q: Queryable, actor: Actor, kind: CaseSource, id: string | undefined): Promise<SourceFacts> {
  if (kind === 'other') return { partyId: null, partyName: null, regionCode: null };
  if (!id) throw badRequest('SOURCE_REQUIRED', '请指明案件来源的记录', 'Name the record the case comes from', 'source.id');
  const unknown = () => badRequest('UNKNOWN_SOURCE', '案件来源记录不存在或不属于本辖区', 'The source record does not exist or is not of your area', 'source.id');
  switch (kind) {
    case 'complaint': return complaintSource(q, actor, id);
    case 'inspection': {
      if (!uuidLike.test(id)) throw unknown();
      const [row] = await q.select({ organisationId: inspections.organisationId, regionCode: inspections.regionCode, name: organisations.name })
        .from(inspections).innerJoin(organisations, eq(organisations.id, inspections.organisationId)).where(eq(inspections.id, id));
      if (!row || !regionWithin(row.regionCode, actor.regionCode)) throw unknown();
      return { partyId: row.organisationId, partyName: row.name, regionCode: row.regionCode };
    }
    case 'alarm': {
      if (!uuidLike.test(id)) throw unknown();
      const [row] = await q.select({ organisationId: alarms.organisationId, regionCode: alarms.regionCode, name: organisations.name })
        .from(alarms).leftJoin(organisations, eq(organisations.id, alarms.organisationId)).where(eq(alarms.id, id));
      if (!row || !regionWithin(row.regionCode, actor.regionCode)) throw unknown();
      return { partyId: row.organisationId, partyName: row.name, regionCode: row.regionCode };
    }
  }
}

export interface CaseInput {
  caseNo: string; title: string; facts: string; source: { kind: CaseSource; id?: string };
  partyId?: string; partyName?: string; solidWaste: boolean; openedOn: string;
}

/** 立案: the case with its number, its source and party, in one transaction with its audit row. */
export async function openCase(db: Db, ctx: Ctx, input: CaseInput) {
  const actor = ctx.actor;
  requireManager(actor);
  notFuture(input.openedOn, 'openedOn', '立案日期', 'The day opened');
  return db.transaction(async (tx) => {
    const facts = await sourceFacts(tx, actor, input.source.kind, input.source.id);
    let partyId = facts.partyId, partyName = facts.partyName, regionCode = facts.regionCode ?? actor.regionCode;
    if (!partyId && input.partyId) {
      const [org] = await tx.select().from(organisations).where(eq(organisations.id, input.partyId));
      if (!org || org.kind !== 'enterprise' || !regionWithin(org.regionCode, actor.regionCode)) throw badRequest('UNKNOWN_ORGANISATION', '当事单位须为本辖区的企业', 'The party must be a company of your area', 'partyId');
      partyId = org.id; partyName = org.name; regionCode = org.regionCode;
    }
    if (!partyName) partyName = input.partyName ?? null;
    if (!partyName) throw badRequest('PARTY_REQUIRED', '请填写当事人（单位或个人）', 'Name the party (a unit or a person)', 'partyName');
    const [dup] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.caseNo, input.caseNo));
    if (dup) throw conflict('DUPLICATE_CASE_NO', `案件编号“${input.caseNo}”已被使用`, `The case number "${input.caseNo}" is taken`, 'caseNo');
    const [row] = await tx.insert(cases).values({
      regionCode, organisationId: actor.organisationId!, caseNo: input.caseNo, title: input.title, facts: input.facts, sourceKind: input.source.kind, sourceId: input.source.id ?? null,
      partyId, partyName, solidWaste: input.solidWaste, openedOn: input.openedOn, openedBy: actor.userId!,
    }).returning();
    await recordAudits(tx, ctx, [{ action: 'case.open', entityType: 'enforcement_case', entityId: row.id, regionCode: row.regionCode, organisationId: partyId, after: row }]);
    return row;
  });
}

export type StepInput =
  | { kind: 'investigation'; on: string; note: string }
  | { kind: 'decision'; on: string; decisionNo: string; penaltyWan: number; note?: string }
  | { kind: 'closure'; on: string; note: string }
  | { kind: 'police_transfer'; on: string; receiptNo: string; note?: string }
  | { kind: 'police_answer'; on: string; filed: boolean; note?: string }
  | { kind: 'compensation'; on: string; mode: 'consultation' | 'litigation'; note?: string }
  | { kind: 'compensation_na'; on: string; reason: string };

/** A step of a case, checked against the steps it has (domain/cases.ts stepProblem), with its audit row. */
export async function addStep(db: Db, ctx: Ctx, caseId: string, input: StepInput) {
  const actor = ctx.actor;
  requireManager(actor);
  notFuture(input.on, 'on', '日期', 'The day');
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!row || !regionWithin(row.regionCode, actor.regionCode)) throw notFound(CASE);
    const had = await tx.select({ kind: steps.kind, on: steps.on, data: steps.data }).from(steps).where(eq(steps.caseId, caseId)).orderBy(asc(steps.recordedAt)).limit(200);
    const { kind, on, ...data } = input;
    const problem = stepProblem(row.openedOn, had, { kind, on, data });
    if (problem) throw new AppError(problem.status, problem.code, { zh: problem.zh, en: problem.en }, problem.path, [{ path: problem.path, message: { zh: problem.zh, en: problem.en } }]);
    const [step] = await tx.insert(steps).values({ caseId, kind, on, data, recordedBy: actor.userId! }).returning();
    await recordAudits(tx, ctx, [{ action: `case.${kind}`, entityType: 'enforcement_case', entityId: caseId, regionCode: row.regionCode, organisationId: row.partyId, after: step }]);
    return { ...step, state: caseState([...had, { kind, on, data }]) };
  });
}

function visibleSql(actor: Actor): SQL {
  if (actor.role === 'platform_admin') return sql`true`;
  if (mayReadArea(actor)) return sql`c.region_code LIKE ${area(actor.regionCode)}`;
  return sql`c.party_id = ${actor.organisationId}::uuid`;
}

const STATE_SQL = sql`
  CASE WHEN EXISTS (SELECT 1 FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = 'closure') THEN 'closed'
       WHEN EXISTS (SELECT 1 FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = 'decision') THEN 'decided' ELSE 'open' END`;
const POLICE_SQL = sql`
  coalesce((SELECT CASE WHEN (s.data->>'filed')::boolean THEN 'filed' ELSE 'not_filed' END FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = 'police_answer' LIMIT 1),
    CASE WHEN EXISTS (SELECT 1 FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = 'police_transfer') THEN 'transferred' ELSE 'none' END)`;
const COMP_SQL = sql`
  CASE WHEN EXISTS (SELECT 1 FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = 'compensation') THEN 'started'
       WHEN EXISTS (SELECT 1 FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = 'compensation_na') THEN 'not_applicable' ELSE 'pending' END`;

export async function pageCases(db: Db, actor: Actor, f: { year?: number; status?: string; sourceKind?: CaseSource; q?: string; page: number; pageSize: number }) {
  requireReader(actor);
  const parts: SQL[] = [visibleSql(actor)];
  if (f.year) parts.push(sql`c.opened_on >= make_date(${f.year}, 1, 1) AND c.opened_on < make_date(${f.year + 1}, 1, 1)`);
  if (f.status) parts.push(sql`(${STATE_SQL}) = ${f.status}`);
  if (f.sourceKind) parts.push(sql`c.source_kind = ${f.sourceKind}`);
  if (f.q) parts.push(sql`(c.case_no ILIKE ${`%${f.q.replace(/[\\%_]/g, (x) => `\\${x}`)}%`} OR c.party_name ILIKE ${`%${f.q.replace(/[\\%_]/g, (x) => `\\${x}`)}%`})`);
  const where = sql.join(parts, sql` AND `);
  const [rows, count] = await Promise.all([
    db.execute<{ id: string; caseNo: string; title: string; partyName: string; partyId: string | null; regionCode: string; sourceKind: CaseSource; solidWaste: boolean; openedOn: string; status: string; police: string; compensation: string; penaltyWan: number | null }>(sql`
      SELECT c.id, c.case_no AS "caseNo", c.title, c.party_name AS "partyName", c.party_id AS "partyId", c.region_code AS "regionCode", c.source_kind AS "sourceKind", c.solid_waste AS "solidWaste",
        c.opened_on::text AS "openedOn", ${STATE_SQL} AS status, ${POLICE_SQL} AS police, ${COMP_SQL} AS compensation,
        (SELECT (s.data->>'penaltyWan')::float8 FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = 'decision' LIMIT 1) AS "penaltyWan"
      FROM enforcement_cases c WHERE ${where} ORDER BY c.opened_on DESC, c.opened_at DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`),
    db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM enforcement_cases c WHERE ${where}`),
  ]);
  return { items: rows.rows, total: count.rows[0].total, page: f.page, pageSize: f.pageSize };
}

export async function caseDetail(db: Db, actor: Actor, id: string) {
  requireReader(actor);
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  if (!row || !canSee(actor, { regionCode: row.regionCode, organisationId: row.partyId })) throw notFound(CASE);
  const history = await db.select({ id: steps.id, kind: steps.kind, on: steps.on, data: steps.data, recordedAt: steps.recordedAt, byName: sql<string>`coalesce(${users.displayName}, '')` })
    .from(steps).leftJoin(users, eq(users.id, steps.recordedBy)).where(eq(steps.caseId, id)).orderBy(asc(steps.recordedAt)).limit(200);
  const state = caseState(history as CaseStep[]);
  const manage = mayManage(actor) && regionWithin(row.regionCode, actor.regionCode);
  const possible = (kind: StepKind) => manage && stepProblem(row.openedOn, history as CaseStep[], { kind, on: today(), data: {} }) === null;
  return {
    ...row, ...state, steps: history,
    may: Object.fromEntries((['investigation', 'decision', 'closure', 'police_transfer', 'police_answer', 'compensation', 'compensation_na'] as const).map((k) => [k, possible(k)])) as Record<StepKind, boolean>,
  };
}
