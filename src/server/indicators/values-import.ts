import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database';
import { indicators, indicatorTargets, indicatorValues, indicatorPlans } from './schema';
import { regions } from '../platform/regions/schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { seesArea, type Actor } from '../platform/policy';
import { regionWithin } from '../../domain/region-code';
import { badRequest, forbidden, notFound } from '../http/errors';
import { headerIndex } from '../http/excel';
import { allQualitative } from '../../domain/indicators/targets';
import { isPercentShare, PERCENT_RANGE, reportsIndicatorValues, supersededPlan } from './service';
import { controlCharacterProblem } from '../http/inputs';

// 指标数据批量填报: one sheet of values (indicator number, region, year, month, value, numerator,
// denominator, note) for many regions and months at once. Every row is checked before anything is
// saved; the whole sheet goes in one transaction or not at all.
type Ctx = AuditContext & { actor: Actor };
type Problem = { row: number; message: { zh: string; en: string } };
export interface ValueRow { row: number; no: number; regionCode: string; year: number; month: number | null; value: number; numerator: number | null; denominator: number | null; note: string }

const toNumber = (text: string) => {
  const t = text.replace(/[,，\s]/g, '').replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/%$/, '');
  return t === '' ? null : Number(t);
};

export function valuesFromGrid(headers: string[], rows: string[][]): { values: ValueRow[]; problems: Problem[] } {
  const col = { no: headerIndex(headers, /^(指标)?序号$/), region: headerIndex(headers, /区划代码|行政区划代码/), year: headerIndex(headers, /^年份$|^年度$/), month: headerIndex(headers, /^月份$/),
    value: headerIndex(headers, /^(数值|指标值|值)$/), numerator: headerIndex(headers, /分子/), denominator: headerIndex(headers, /分母/), note: headerIndex(headers, /说明|备注/) };
  const missing = (['no', 'region', 'year', 'value'] as const).filter((k) => col[k] < 0);
  if (missing.length) return { values: [], problems: [{ row: 1, message: { zh: '表头须含“序号”“区划代码”“年份”“数值”列', en: 'The header needs 序号, 区划代码, 年份 and 数值 columns' } }] };
  const values: ValueRow[] = [];
  const problems: Problem[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    const at = (index: number) => (index < 0 ? '' : (cells[index] ?? '').trim());
    const say = (zh: string, en: string) => problems.push({ row, message: { zh: `第${row}行：${zh}`, en: `Row ${row}: ${en}` } });
    const no = toNumber(at(col.no)), year = toNumber(at(col.year)), month = toNumber(at(col.month)), value = toNumber(at(col.value));
    const numerator = toNumber(at(col.numerator)), denominator = toNumber(at(col.denominator));
    const regionCode = at(col.region);
    if (controlCharacterProblem(row, cells)) return say('含有不可见的控制字符', 'contains control characters');
    if (no === null || !Number.isInteger(no) || no < 1) return say(`序号“${at(col.no)}”不是正整数`, `number "${at(col.no)}" is not a positive integer`);
    if (!/^\d{6}(\d{3})?$/.test(regionCode)) return say(`区划代码“${regionCode}”应为6位（县级）或9位（乡镇）数字`, `region code "${regionCode}" must be 6 or 9 digits`);
    if (year === null || !Number.isInteger(year) || year < 2000 || year > 2100) return say(`年份“${at(col.year)}”无效`, `year "${at(col.year)}" is not valid`);
    if (month !== null && (!Number.isInteger(month) || month < 1 || month > 12)) return say(`月份“${at(col.month)}”应为1–12`, `month "${at(col.month)}" must be 1–12`);
    if (value === null || !Number.isFinite(value)) return say(`数值“${at(col.value)}”不是数字`, `value "${at(col.value)}" is not a number`);
    // numeric(18, 6) holds twelve digits before the point.
    if ([value, numerator, denominator].some((n) => n !== null && Math.abs(n) >= 1e12)) return say('数值超出范围（绝对值应小于 10¹²）', 'a number is out of range (below 10¹² in size)');
    if ((numerator === null) !== (denominator === null)) return say('分子和分母须同时填写', 'give both numerator and denominator, or neither');
    if ((numerator !== null && !Number.isFinite(numerator)) || (denominator !== null && !(denominator > 0))) return say('分子须为数字、分母须大于0', 'the numerator must be a number and the denominator above 0');
    values.push({ row, no, regionCode, year, month, value, numerator, denominator, note: at(col.note).slice(0, 500) });
  });
  return { values, problems };
}

export async function importValues(db: Db, ctx: Ctx, planId: string, rows: ValueRow[]) {
  const actor = ctx.actor;
  if (!reportsIndicatorValues(actor)) throw forbidden('由责任部门填报指标值', 'Indicator values are reported by the responsible departments');
  const [plan] = await db.select().from(indicatorPlans).where(eq(indicatorPlans.id, planId));
  if (!plan || !seesArea(actor, plan.regionCode)) throw notFound({ zh: '指标体系', en: 'Indicator plan' });
  if (plan.supersededAt) throw supersededPlan();
  if (!rows.length) throw badRequest('NO_ROWS', '表中没有可导入的数据', 'The sheet holds no values', 'file');
  const list = await db.select({ id: indicators.id, no: indicators.no, name: indicators.name, unit: indicators.unit, formula: indicators.formula }).from(indicators).where(eq(indicators.planId, planId));
  const targets = list.length ? await db.select({ id: indicatorTargets.indicatorId, parsed: indicatorTargets.parsed }).from(indicatorTargets).where(inArray(indicatorTargets.indicatorId, list.map((i) => i.id))) : [];
  const targetsOf = (id: string) => targets.filter((t) => t.id === id).map((t) => t.parsed);
  const qualitative = new Set(list.filter((i) => allQualitative(targetsOf(i.id))).map((i) => i.id));
  const shares = new Set(list.filter((i) => isPercentShare(i, targetsOf(i.id))).map((i) => i.id));
  const byNo = new Map(list.map((i) => [i.no, i]));
  const codes = [...new Set(rows.map((r) => r.regionCode))];
  const known = new Set((await db.select({ code: regions.code }).from(regions).where(inArray(regions.code, codes))).map((r) => r.code));
  const problems: string[] = [];
  const problemsEn: string[] = [];
  for (const r of rows) {
    const i = byNo.get(r.no);
    const say = (zh: string, en: string) => { if (problems.length < 50) { problems.push(`第${r.row}行：${zh}`); problemsEn.push(`Row ${r.row}: ${en}`); } };
    if (!i) say(`指标体系中没有序号 ${r.no}`, `the plan has no indicator ${r.no}`);
    else if (i.formula) say(`序号 ${r.no} 由平台自动计算，无需填报`, `indicator ${r.no} is computed by the platform`);
    else if (qualitative.has(i.id)) say(`序号 ${r.no} 为定性指标，请在页面上给出评估结论`, `indicator ${r.no} is qualitative: give a verdict on its page`);
    else if (shares.has(i.id) && (r.value < 0 || r.value > 100)) say(`序号 ${r.no}：${PERCENT_RANGE.zh}`, `indicator ${r.no}: ${PERCENT_RANGE.en}`);
    if (!known.has(r.regionCode)) say(`区划代码 ${r.regionCode} 不存在`, `region ${r.regionCode} does not exist`);
    else if (actor.role !== 'platform_admin' && !regionWithin(r.regionCode, actor.regionCode)) say(`区划 ${r.regionCode} 不在本辖区`, `region ${r.regionCode} is outside your area`);
    else if (!regionWithin(r.regionCode, plan.regionCode)) say(`区划 ${r.regionCode} 不在该指标体系的区域（${plan.regionCode}）内`, `region ${r.regionCode} lies outside the plan's area (${plan.regionCode})`);
  }
  if (problems.length) throw badRequest('TABLE_PROBLEMS', problems.join('；'), problemsEn.join('; '), 'file');
  const approved = actor.role === 'office' || actor.role === 'platform_admin';
  const now = new Date();
  return db.transaction(async (tx) => {
    for (let k = 0; k < rows.length; k += 1000) {
      await tx.insert(indicatorValues).values(rows.slice(k, k + 1000).map((r) => ({
        indicatorId: byNo.get(r.no)!.id, regionCode: r.regionCode, year: r.year, month: r.month, value: r.value, numerator: r.numerator, denominator: r.denominator,
        origin: 'reported' as const, status: approved ? 'approved' as const : 'submitted' as const, note: r.note, reportedBy: actor.userId, reportedAt: now,
        ...(approved ? { reviewedBy: actor.userId, reviewedAt: now } : {}),
      })));
    }
    await recordAudit(tx, ctx, { action: 'indicator.import_values', entityType: 'indicator_plan', entityId: planId, regionCode: plan.regionCode, after: { rows: rows.length, status: approved ? 'approved' : 'submitted' } });
    return { inserted: rows.length, status: approved ? 'approved' : 'submitted' };
  });
}
