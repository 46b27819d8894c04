import { and, eq, sql, desc, inArray, asc, isNull } from 'drizzle-orm';
import type { Db } from '../db/database';
import { indicatorPlans, indicators, indicatorTargets, indicatorValues } from './schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { isOfficeOf, seesArea, type Actor } from '../platform/policy';
import { impliedParent, regionScopePrefix, regionWithin } from '../../domain/region-code';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { allQualitative, judgedInWords, parseTarget, targetOn, toBaseUnit, type ParsedTarget } from '../../domain/indicators/targets';
import { assessProgress, type Status } from '../../domain/indicators/progress';
import { CHANGE_INDICATOR, guessDirection, markOf, normaliseUnit, splitMark, unitFromName, type ColumnGuess } from '../../domain/indicators/columns';
import { joinUnits, splitUnits } from '../../domain/tasks/units';
import { formulaFor, formulaByKey, type Formula } from './formulas';
import { indicatorUnit } from '../../domain/format';
import { shanghaiYear } from '../../domain/labels';
import { requireRegion } from '../platform/regions/service';

type Ctx = AuditContext & { actor: Actor };
const PLAN = { zh: '指标体系', en: 'Indicator plan' };

export interface NormalisedRow {
  /** The row's place in the table as read (0 = the first row under the header). */
  row: number;
  no: number; level1: string; level2: string; name: string; mark: 'mandatory' | 'optional' | null; unit: string;
  baseline: string; targets: Record<string, string>; dataSource: string;
  /** 牵头部门 and 责任/配合部门, each split into units and joined with 、 (tasks/units.ts splitUnits). */
  lead: string; responsible: string;
  note: string; original: Record<string, string>;
}

const fullWidthDigits = (text: string) => text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/**
 * Cells to rows: merged 一级/二级 cells carry down, ★/☆ leave the name (or come from a mark column:
 * ★/☆, 必选/可选), units come from the name when the table has no unit column, the units of the lead
 * and responsible columns are split and joined.
 */
export function rowsFromTable(headers: string[], table: string[][], mapping: ColumnGuess[]): { rows: NormalisedRow[]; problems: { row: number; message: { zh: string; en: string } }[] } {
  const col = (role: ColumnGuess['role']) => mapping.find((m) => m.role === role)?.index;
  const cols = (role: ColumnGuess['role']) => mapping.filter((m) => m.role === role).map((m) => m.index);
  const nameCol = col('name');
  if (nameCol === undefined) throw badRequest('NO_NAME_COLUMN', '请指定“三级指标/指标名称”所在列', 'Tell which column holds the indicator name', 'mapping');
  const rows: NormalisedRow[] = [];
  const problems: { row: number; message: { zh: string; en: string } }[] = [];
  let level1 = '', level2 = '';
  table.forEach((cells, i) => {
    const at = (index: number | undefined) => (index === undefined ? '' : (cells[index] ?? '').replace(/\s*\n\s*/g, '').trim());
    const rawName = at(nameCol);
    if (!rawName) return;
    level1 = at(col('level1')) || level1;
    level2 = at(col('level2')) || level2;
    const { name, mark: star } = splitMark(rawName);
    const markCol = col('mark');
    const mark = (markCol !== undefined ? markOf(at(markCol)) : null) ?? star;
    const noText = fullWidthDigits(at(col('no')));
    const no = noText ? Number(noText) : rows.length + 1;
    if (!Number.isInteger(no) || no < 1) {
      problems.push({ row: i + 2, message: { zh: `第${i + 2}行：序号“${noText}”不是正整数`, en: `Row ${i + 2}: number "${noText}" is not a positive integer` } });
      return;
    }
    const targets: Record<string, string> = {};
    for (const m of mapping.filter((c) => c.role === 'target' && c.year)) {
      const text = at(m.index);
      if (text) targets[String(m.year)] = text;
    }
    const unitsOf = (role: ColumnGuess['role']) => joinUnits(cols(role).flatMap((index) => splitUnits(at(index))));
    rows.push({
      row: i, no, level1, level2, name, mark, unit: normaliseUnit(at(col('unit'))) || unitFromName(name), baseline: at(col('baseline')), targets,
      dataSource: at(col('dataSource')), lead: unitsOf('lead'), responsible: unitsOf('responsible'), note: at(col('note')),
      original: Object.fromEntries(headers.map((h, index) => [h || `列${index + 1}`, (cells[index] ?? '').trim()])),
    });
  });
  const seen = new Set<number>();
  for (const r of rows) {
    if (seen.has(r.no)) problems.push({ row: r.no, message: { zh: `序号 ${r.no} 重复`, en: `Number ${r.no} appears twice` } });
    seen.add(r.no);
  }
  return { rows, problems };
}

const baselineNumber = (text: string) => {
  const parsed = parseTarget(text);
  return parsed.kind === 'numeric' ? toBaseUnit(parsed.value, parsed.unit).value : null;
};

/** The unit a formula must be able to give: the unit column's (or the name's), else the unit the figures are written in ("1.5亿元"). */
export function effectiveUnit(row: Pick<NormalisedRow, 'unit' | 'targets' | 'baseline'>): string {
  return indicatorUnit({ unit: row.unit, targets: Object.values(row.targets).map((text) => ({ text })), baselineText: row.baseline });
}

/** The formula the platform proposes for a row: the one its name means, when it can give the row's unit. */
export function proposeFormula(row: Pick<NormalisedRow, 'name' | 'unit' | 'targets' | 'baseline'>): Formula | null {
  const formula = formulaFor(row.name);
  return formula && formula.units.test(effectiveUnit(row)) ? formula : null;
}

/**
 * The formula of each row: the office's choice where it made one (a key, or null: reported, not
 * computed), the proposal elsewhere. A key the registry does not know, or a formula that cannot give
 * the row's unit, is refused naming the row.
 */
export function chooseFormulas(rows: NormalisedRow[], chosen: Record<string, string | null> | undefined): Map<number, string | null> {
  const byNo = new Map(rows.map((r) => [r.no, r]));
  for (const no of Object.keys(chosen ?? {})) {
    if (!byNo.has(Number(no))) throw badRequest('FORMULA_ROW', `公式指定给了表中不存在的序号 ${no}`, `A formula is given for number ${no}, which the table does not have`, `formulas.${no}`);
  }
  return new Map(rows.map((r) => {
    const key = chosen && String(r.no) in chosen ? chosen[String(r.no)] : proposeFormula(r)?.key ?? null;
    if (key === null) return [r.no, null];
    const formula = formulaByKey(key);
    if (!formula) throw badRequest('UNKNOWN_FORMULA', `第 ${r.no} 项“${r.name}”：没有名为 ${key} 的计算公式`, `No. ${r.no} "${r.name}": there is no formula ${key}`, `formulas.${r.no}`);
    const unit = effectiveUnit(r);
    if (!formula.units.test(unit)) {
      throw badRequest('FORMULA_UNIT', `第 ${r.no} 项“${r.name}”的单位“${unit || '无'}”不是公式“${formula.label.zh}”能给出的单位`,
        `No. ${r.no} "${r.name}": the formula "${formula.label.en}" cannot give its unit "${unit || 'none'}"`, `formulas.${r.no}`);
    }
    return [r.no, key];
  }));
}

/** The preview's proposal for each row the guessed columns read (none when no column holds the names). */
export function proposalsFor(headers: string[], table: string[][], mapping: ColumnGuess[]) {
  if (!mapping.some((m) => m.role === 'name')) return [];
  return rowsFromTable(headers, table, mapping).rows.map((r) => {
    const formula = proposeFormula(r);
    return { row: r.row, no: r.no, name: r.name, unit: effectiveUnit(r), formula: formula?.key ?? null, label: formula?.label ?? null };
  });
}

/** A plan a later version replaced is kept as it was: values go to the current version. */
export const supersededPlan = () => conflict('PLAN_SUPERSEDED', '该指标体系已被新版本替换，只可查看；请在现行版本中填报', 'A later version replaced this plan: it is kept for reading; report in the current version', 'planId');

const yearsText = (years: number[]) => (years.length ? years.join('、') : '—');

/**
 * One transaction: the plan, its indicators and their targets, each row with the formula chosen (or
 * proposed). A current plan of the same region whose target years overlap is refused (PLAN_EXISTS)
 * unless the request names it in `replaces`: then the new plan is its next version and the old one is
 * kept, marked superseded, with an audit record of each.
 */
export async function importPlan(db: Db, ctx: Ctx, input: { regionCode: string; title: string; source: string; baselineYear: number; rows: NormalisedRow[]; formulas?: Record<string, string | null>; replaces?: string }) {
  if (input.rows.length === 0) throw badRequest('NO_ROWS', '表中没有可导入的指标', 'The table holds no indicators', 'file');
  await requireRegion(db, input.regionCode, 'regionCode');
  const actor = ctx.actor;
  if (!isOfficeOf(actor, input.regionCode)) {
    throw forbidden('只有本辖区无废办可以导入指标体系', 'Only the zero-waste office of the area imports its indicator plan');
  }
  const formulas = chooseFormulas(input.rows, input.formulas);
  const years = [...new Set(input.rows.flatMap((r) => Object.keys(r.targets).map(Number)))].sort();
  return db.transaction(async (tx) => {
    // One import per region at a time, so two offices' clicks cannot both pass the overlap check.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`indicator-plan:${input.regionCode}`}))`);
    const current = await tx.select().from(indicatorPlans).where(and(eq(indicatorPlans.regionCode, input.regionCode), isNull(indicatorPlans.supersededAt))).orderBy(asc(indicatorPlans.createdAt)).for('update');
    const replaced = input.replaces ? current.find((p) => p.id === input.replaces) : undefined;
    if (input.replaces && !replaced) {
      throw badRequest('REPLACES_UNKNOWN', '要替换的指标体系不存在、不属于该区域或已被替换', 'The plan to replace does not exist, belongs to another region or has been replaced already', 'replaces');
    }
    const overlapping = current.find((p) => p.id !== replaced?.id && p.years.some((y) => years.includes(y)));
    if (overlapping) {
      throw conflict('PLAN_EXISTS', `该区域已有现行指标体系“${overlapping.title}”（第${overlapping.version}版，目标年份 ${yearsText(overlapping.years)}，编号 ${overlapping.id}），与本次导入的年份重叠；如需替换，请在导入时注明替换它（replaces）`,
        `The region has a current plan "${overlapping.title}" (version ${overlapping.version}, target years ${yearsText(overlapping.years)}, id ${overlapping.id}) whose years overlap this one: to replace it, send replaces: "${overlapping.id}"`, 'replaces');
    }
    const sameTitle = current.find((p) => p.id !== replaced?.id && p.title === input.title);
    if (sameTitle) throw conflict('DUPLICATE_PLAN', `“${input.title}”已导入`, `"${input.title}" is imported already`, 'title');
    if (replaced) await tx.update(indicatorPlans).set({ supersededAt: new Date() }).where(eq(indicatorPlans.id, replaced.id));
    const [plan] = await tx.insert(indicatorPlans).values({
      regionCode: input.regionCode, title: input.title, source: input.source, baselineYear: input.baselineYear, years, createdBy: actor.userId,
      version: replaced ? replaced.version + 1 : 1, supersedesId: replaced?.id ?? null,
    }).returning();
    const inserted = await tx.insert(indicators).values(input.rows.map((r) => {
      const parsed = Object.values(r.targets).map(parseTarget);
      return {
        planId: plan.id, regionCode: input.regionCode, no: r.no, level1: r.level1, level2: r.level2, name: r.name, mark: r.mark, unit: r.unit,
        direction: guessDirection(r.name, parsed.flatMap((p) => (p.kind === 'numeric' ? [p.comparator] : []))), baselineText: r.baseline, baselineValue: baselineNumber(r.baseline),
        // The lead units first, then the responsible ones; each column's text as written stays in original.
        dataSource: r.dataSource, lead: r.lead, responsible: joinUnits([...splitUnits(r.lead), ...splitUnits(r.responsible)]), note: r.note, formula: formulas.get(r.no) ?? null, original: r.original,
      };
    })).returning({ id: indicators.id, no: indicators.no });
    const targets = input.rows.flatMap((r) => {
      const id = inserted.find((i) => i.no === r.no)!.id;
      const change = CHANGE_INDICATOR.test(r.name);
      return Object.entries(r.targets).map(([year, text]) => ({ indicatorId: id, year: Number(year), text, parsed: targetOn(change, parseTarget(text)) as unknown as Record<string, unknown> }));
    });
    if (targets.length) await tx.insert(indicatorTargets).values(targets);
    if (replaced) {
      await recordAudit(tx, ctx, { action: 'indicators.supersede', entityType: 'indicator_plan', entityId: replaced.id, regionCode: input.regionCode,
        before: { version: replaced.version, supersededAt: null }, after: { version: replaced.version, supersededAt: new Date(), supersededBy: plan.id } });
    }
    await recordAudit(tx, ctx, { action: 'indicators.import', entityType: 'indicator_plan', entityId: plan.id, regionCode: input.regionCode,
      after: { title: plan.title, indicators: inserted.length, version: plan.version, supersedes: plan.supersedesId, computed: [...formulas.values()].filter(Boolean).length } });
    return { ...plan, indicatorCount: inserted.length };
  });
}


/**
 * The plans the actor may see, a page at a time: those of its area and below, and those of the areas
 * above it (a county official reads the city's plan), as seesArea says; current ones first, then those a
 * later version superseded (newest version first).
 */
export async function listPlans(db: Db, actor: Actor, page = 1, pageSize = 100) {
  if (actor.role !== 'platform_admin' && actor.role !== 'office' && actor.role !== 'regulator') return { items: [], total: 0, page, pageSize };
  const above: string[] = [];
  for (let code = impliedParent(actor.regionCode); code; code = impliedParent(code)) above.push(code);
  const visible = actor.role === 'platform_admin' ? sql`true`
    : sql`(${indicatorPlans.regionCode} LIKE ${`${regionScopePrefix(actor.regionCode)}%`} ${above.length ? sql`OR ${inArray(indicatorPlans.regionCode, above)}` : sql``})`;
  const [plans, [{ total }]] = await Promise.all([
    db.select({ plan: indicatorPlans, count: sql<number>`(SELECT count(*) FROM ${indicators} i WHERE i.plan_id = "indicator_plans"."id")`.mapWith(Number) }).from(indicatorPlans).where(visible)
      .orderBy(sql`${indicatorPlans.supersededAt} IS NOT NULL`, asc(indicatorPlans.regionCode), desc(indicatorPlans.version), asc(indicatorPlans.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(indicatorPlans).where(visible),
  ]);
  return { items: plans.map((p) => ({ ...p.plan, indicatorCount: p.count })), total, page, pageSize };
}

/** Where a row's value comes from: the platform computes it, a department reports it, or a person assesses a qualitative target. */
export type IndicatorSource = 'computed' | 'reported' | 'qualitative';

export interface IndicatorStatusRow {
  id: string; no: number; level1: string; level2: string; name: string; mark: string | null; unit: string; direction: string; baselineText: string;
  targets: { year: number; text: string }[]; lead: string; responsible: string; dataSource: string; formula: string | null; formulaLabel: { zh: string; en: string } | null; source: IndicatorSource; qualitative: boolean;
  latest: { year: number; value: number; numerator: number | null; denominator: number | null; origin: string; status: string } | null;
  status: Status; explanation: unknown;
}

/**
 * The table with, for each indicator, its latest approved (or computed) value in the region and its
 * status; `only` keeps some rows (a department's), so that the others are not computed.
 */
export async function planStatus(db: Db, actor: Actor, planId: string, regionCode?: string, asOfYear?: number, only?: (row: typeof indicators.$inferSelect) => boolean): Promise<{ plan: typeof indicatorPlans.$inferSelect; regionCode: string; rows: IndicatorStatusRow[] }> {
  const [plan] = await db.select().from(indicatorPlans).where(eq(indicatorPlans.id, planId));
  if (!plan || !seesArea(actor, plan.regionCode)) throw notFound(PLAN);
  const region = regionCode ?? plan.regionCode;
  const year = asOfYear ?? shanghaiYear();
  const list = (await db.select().from(indicators).where(eq(indicators.planId, planId)).orderBy(indicators.no)).filter((i) => !only || only(i));
  const ids = list.map((i) => i.id);
  const [targets, values] = ids.length ? await Promise.all([
    db.select().from(indicatorTargets).where(inArray(indicatorTargets.indicatorId, ids)),
    db.select().from(indicatorValues).where(and(inArray(indicatorValues.indicatorId, ids), eq(indicatorValues.regionCode, region), sql`${indicatorValues.month} IS NULL`, sql`${indicatorValues.status} <> 'returned'`)).orderBy(desc(indicatorValues.year), desc(indicatorValues.reportedAt)),
  ]) : [[], []];
  const rows = await Promise.all(list.map(async (i) => {
    let latest: IndicatorStatusRow['latest'] = null;
    let missing: { zh: string; en: string } | null = null;
    const formula = i.formula ? formulaByKey(i.formula) : null;
    if (formula) {
      // A plan without a unit column (临清's) writes its unit in the targets: the formula gives its value in that unit.
      const unit = indicatorUnit({ unit: i.unit, targets: targets.filter((t) => t.indicatorId === i.id), baselineText: i.baselineText });
      const c = await formula.compute(db, { regionCode: region, year, unit, baselineYear: plan.baselineYear, baselineValue: i.baselineValue, baselineText: i.baselineText });
      if (c.value !== null) latest = { year, value: c.value, numerator: c.numerator, denominator: c.denominator, origin: 'computed', status: 'approved' };
      else missing = c.missing ?? { zh: `${year}年平台尚无可计算的数据`, en: `No platform data to compute from for ${year}` };
    }
    if (!latest) {
      const v = values.find((x) => x.indicatorId === i.id && x.status === 'approved' && x.value !== null);
      if (v && v.value !== null) latest = { year: v.year, value: v.value, numerator: v.numerator, denominator: v.denominator, origin: v.origin, status: v.status };
    }
    const its = targets.filter((t) => t.indicatorId === i.id).sort((a, b) => a.year - b.year);
    // Values are in the indicator's unit (1.25 亿元, 23.6 万吨); targets and the baseline compare in the base unit (万元, 吨).
    const valueUnit = indicatorUnit({ unit: i.unit, targets: its, baselineText: i.baselineText });
    const assessed = assessProgress({
      direction: i.direction, baselineYear: plan.baselineYear, baseline: i.baselineValue,
      targets: its.map((t) => ({ year: t.year, target: t.parsed as unknown as ParsedTarget })), latest: latest ? { year: latest.year, value: toBaseUnit(latest.value, valueUnit).value } : null, asOfYear: year,
    });
    // A qualitative target is what a person says it is, with the reason they gave.
    const verdict = values.find((x) => x.indicatorId === i.id && x.status === 'approved' && x.verdict !== null);
    const progress = assessed.status === 'awaiting_assessment' && verdict
      ? { status: verdict.verdict as Status, explanation: { reason: { zh: `${verdict.year}年评估：${verdict.note || '见佐证材料'}`, en: `Assessed for ${verdict.year}: ${verdict.note || 'see the evidence'}` } }, verdictYear: verdict.year }
      : assessed;
    const qualitative = judgedInWords(its.map((t) => ({ year: t.year, parsed: t.parsed as { kind?: string } })), year);
    // Without data, a computed row says why (no statistics for the year, no base-year figure …).
    const explained = progress.status === 'no_data' && missing ? { ...progress, explanation: { ...progress.explanation, reason: missing } } : progress;
    return {
      id: i.id, no: i.no, level1: i.level1, level2: i.level2, name: i.name, mark: i.mark, unit: i.unit, direction: i.direction, baselineText: i.baselineText,
      targets: its.map((t) => ({ year: t.year, text: t.text })), lead: i.lead, responsible: i.responsible, dataSource: i.dataSource, formula: i.formula,
      formulaLabel: formula?.label ?? null, source: (formula ? 'computed' : allQualitative(its.map((t) => t.parsed)) ? 'qualitative' : 'reported') as IndicatorSource, latest, qualitative, ...explained,
    };
  }));
  return { plan, regionCode: region, rows };
}

/**
 * The plan in force for an area: its own, else the nearest above it (a town reads its county's), the
 * newest where a region has more than one current plan; null when neither it nor any area above has one.
 */
export async function coveringPlan(db: Db, regionCode: string) {
  const covering = [regionCode];
  for (let up = impliedParent(regionCode); up; up = impliedParent(up)) covering.push(up);
  const plans = await db.select().from(indicatorPlans).where(and(inArray(indicatorPlans.regionCode, covering), isNull(indicatorPlans.supersededAt))).orderBy(desc(indicatorPlans.createdAt));
  return covering.map((code) => plans.find((p) => p.regionCode === code)).find(Boolean) ?? null;
}

/** A department reports a value with its evidence; the office approves it. Computed indicators are not typed in. */
export type Verdict = 'achieved' | 'on_track' | 'at_risk' | 'off_track';

// A percentage that measures a change (下降幅度, 增长率) may fall below 0 or pass 100; any other (覆盖率,
// 利用率, 占比, 比重) is a share of a whole.
const CHANGE_WORDS = /幅度|增长|下降|降低|减少|增幅|降幅/;

const PERCENT = /^[%％]$/;
export const PERCENT_RANGE = { zh: '该指标为百分比，数值应在 0 至 100 之间', en: 'This indicator is a percentage: the value lies between 0 and 100' };

/** Whether the indicator's number is a share in % (its unit, or the unit of a numeric target, is %), so 0–100. */
export function isPercentShare(indicator: { name: string; unit: string }, targets: Record<string, unknown>[]): boolean {
  const percent = PERCENT.test(indicator.unit.trim()) || targets.some((t) => t.kind === 'numeric' && PERCENT.test(String(t.unit ?? '')));
  return percent && !CHANGE_WORDS.test(indicator.name);
}

/** How an indicator is reported for a year, from its targets: qualitative (建立协调机制, 稳步降低 …: a person's verdict, not a number), and whether its number is a share in %. */
async function reportingKind(db: Db, indicator: { id: string; name: string; unit: string }, year: number) {
  const targets = await db.select({ year: indicatorTargets.year, parsed: indicatorTargets.parsed }).from(indicatorTargets).where(eq(indicatorTargets.indicatorId, indicator.id));
  return { qualitative: judgedInWords(targets.map((t) => ({ year: t.year, parsed: t.parsed as { kind?: string } })), year), share: isPercentShare(indicator, targets.map((t) => t.parsed)) };
}

/** Who reports indicator values: the departments, the office and the administrator (asked by both writes and the console's button). */
export const reportsIndicatorValues = (a: Actor) => a.role === 'platform_admin' || a.role === 'office' || a.role === 'regulator';

export async function reportValue(db: Db, ctx: Ctx, indicatorId: string, input: { regionCode: string; year: number; month?: number; value?: number; verdict?: Verdict; numerator?: number; denominator?: number; note?: string; evidence?: { name: string; note?: string }[] }) {
  const actor = ctx.actor;
  if (!reportsIndicatorValues(actor)) throw forbidden('由责任部门填报指标值', 'Indicator values are reported by the responsible departments');
  await requireRegion(db, input.regionCode, 'regionCode');
  if (actor.role !== 'platform_admin' && !regionWithin(input.regionCode, actor.regionCode)) throw forbidden('只能填报本辖区的指标值', 'You report values for your own area only');
  const [indicator] = await db.select().from(indicators).where(eq(indicators.id, indicatorId));
  if (!indicator || !seesArea(actor, indicator.regionCode)) throw notFound({ zh: '指标', en: 'Indicator' });
  const [plan] = await db.select({ supersededAt: indicatorPlans.supersededAt }).from(indicatorPlans).where(eq(indicatorPlans.id, indicator.planId));
  if (plan?.supersededAt) throw supersededPlan();
  if (!regionWithin(input.regionCode, indicator.regionCode)) throw badRequest('REGION_OUTSIDE_PLAN', `${input.regionCode} 不在该指标体系的区域（${indicator.regionCode}）内`, `${input.regionCode} lies outside the area of this indicator plan (${indicator.regionCode})`, 'regionCode');
  const { qualitative, share } = await reportingKind(db, indicator, input.year);
  // A computed value is never typed in; but when its target is in words (完成聊城市下达目标) a person still gives the verdict.
  if (indicator.formula && (!qualitative || input.value !== undefined)) throw conflict('COMPUTED_INDICATOR', '该指标由平台根据台账数据自动计算，无需填报', 'The platform computes this indicator from its own data: it is not reported', 'value');
  if (share && input.value !== undefined && (input.value < 0 || input.value > 100)) throw badRequest('PERCENT_RANGE', PERCENT_RANGE.zh, PERCENT_RANGE.en, 'value');
  if (qualitative && !input.verdict) throw badRequest('VERDICT_REQUIRED', '该指标为定性目标，请给出评估结论（已达标/按进度推进/存在风险/进度滞后）并附佐证说明', 'This target is qualitative: give a verdict (achieved, on track, at risk, off track) with evidence', 'verdict');
  if (!qualitative && input.value === undefined) throw badRequest('VALUE_REQUIRED', '请填写指标值', 'Give the value', 'value');
  if (!qualitative && input.verdict) throw badRequest('VERDICT_NOT_ALLOWED', '该指标有量化目标，平台按数值评估进度，无需评估结论', 'This target is numeric: the platform assesses it from the value', 'verdict');
  if (qualitative && (input.note ?? '').trim().length < 2 && !(input.evidence ?? []).length) throw badRequest('EVIDENCE_REQUIRED', '定性评估须写明依据或附佐证材料', 'A verdict needs a reason or evidence', 'note');
  if ((input.numerator === undefined) !== (input.denominator === undefined)) throw badRequest('RATIO_PARTS', '分子和分母须同时填写', 'Give both numerator and denominator, or neither', 'numerator');
  if (input.denominator !== undefined && input.denominator <= 0) throw badRequest('DENOMINATOR', '分母须大于0', 'The denominator must be above 0', 'denominator');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(indicatorValues).values({
      indicatorId, regionCode: input.regionCode, year: input.year, month: input.month ?? null, value: qualitative ? null : input.value!, verdict: qualitative ? input.verdict! : null, numerator: input.numerator ?? null, denominator: input.denominator ?? null,
      origin: 'reported', status: actor.role === 'office' || actor.role === 'platform_admin' ? 'approved' : 'submitted', evidence: input.evidence ?? [], note: input.note ?? '', reportedBy: actor.userId,
      ...(actor.role === 'office' || actor.role === 'platform_admin' ? { reviewedBy: actor.userId, reviewedAt: new Date() } : {}),
    }).returning();
    await recordAudit(tx, ctx, { action: 'indicator.report', entityType: 'indicator_value', entityId: row.id, regionCode: input.regionCode, after: row });
    return row;
  });
}

export async function reviewValue(db: Db, ctx: Ctx, valueId: string, approve: boolean, note?: string) {
  const actor = ctx.actor;
  return db.transaction(async (tx) => {
    const [v] = await tx.select().from(indicatorValues).where(eq(indicatorValues.id, valueId)).for('update');
    if (!v || !(actor.role === 'platform_admin' || (actor.role === 'office' && regionWithin(v.regionCode, actor.regionCode)))) throw notFound({ zh: '指标值', en: 'Indicator value' });
    if (v.status !== 'submitted') throw conflict('VALUE_DECIDED', '该填报已处理', 'This report has been decided already');
    const [after] = await tx.update(indicatorValues).set({ status: approve ? 'approved' : 'returned', reviewedBy: actor.userId, reviewedAt: new Date(), note: note ?? v.note }).where(eq(indicatorValues.id, valueId)).returning();
    await recordAudit(tx, ctx, { action: approve ? 'indicator.approve' : 'indicator.return', entityType: 'indicator_value', entityId: valueId, regionCode: v.regionCode, before: { status: v.status }, after: { status: after.status } });
    return after;
  });
}

/**
 * A region's value from the values of the regions below it: sums of numerators over sums of
 * denominators, never an average of rates. Values without both parts cannot be rolled up.
 */
export function rollUp(children: { numerator: number | null; denominator: number | null }[]): { numerator: number; denominator: number; value: number | null; complete: boolean } {
  const usable = children.filter((c) => c.numerator !== null && c.denominator !== null);
  const numerator = usable.reduce((s, c) => s + c.numerator!, 0);
  const denominator = usable.reduce((s, c) => s + c.denominator!, 0);
  return { numerator, denominator, value: denominator > 0 ? Math.round((numerator / denominator) * 100_000) / 1000 : null, complete: usable.length === children.length };
}
