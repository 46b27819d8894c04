import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { indicatorPlans, indicators, indicatorTargets } from './schema';
import { indicatorUnit } from '../../domain/format';
import { regions } from '../platform/regions/schema';
import { seesArea, type Actor } from '../platform/policy';
import { regionWithin } from '../../domain/region-code';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { shanghaiDate, shanghaiYear } from '../../domain/labels';
import { formulaByKey } from './formulas';
import type { Formula, FormulaQuery, RecordsPage } from './formula';

// How a computed indicator got its value: the method in words, the inputs with their figures, the
// same figure for each region one level down, and the records counted (a page at a time, or all of
// them as an Excel download). Every official who sees the plan sees the figures; the records are
// listed for the zero-waste office and the departments the formula names.

const INDICATOR = { zh: '指标', en: 'Indicator' };
const NEXT_LEVEL: Record<string, string> = { province: 'city', city: 'county', county: 'town' };

/** The indicator, its plan, its formula and the query for a region and year the actor may see. */
async function computedIndicator(db: Db, actor: Actor, indicatorId: string, regionCode: string | undefined, year: number | undefined) {
  const [row] = await db.select({ indicator: indicators, plan: indicatorPlans }).from(indicators).innerJoin(indicatorPlans, eq(indicatorPlans.id, indicators.planId)).where(eq(indicators.id, indicatorId));
  if (!row || !seesArea(actor, row.plan.regionCode)) throw notFound(INDICATOR);
  const region = regionCode ?? row.plan.regionCode;
  if (!regionWithin(region, row.plan.regionCode)) throw badRequest('REGION_OUTSIDE_PLAN', `${region} 不在该指标体系的区域（${row.plan.regionCode}）内`, `${region} lies outside the area of this indicator plan (${row.plan.regionCode})`, 'regionCode');
  if (!seesArea(actor, region)) throw notFound(INDICATOR);
  const formula = row.indicator.formula ? formulaByKey(row.indicator.formula) : null;
  if (!formula) throw conflict('NOT_COMPUTED', '该指标不由平台计算（由部门填报或定性评估）', 'The platform does not compute this indicator: it is reported or assessed', 'id');
  const targets = await db.select({ text: indicatorTargets.text }).from(indicatorTargets).where(eq(indicatorTargets.indicatorId, row.indicator.id));
  const query: FormulaQuery = {
    regionCode: region, year: year ?? shanghaiYear(), unit: indicatorUnit({ unit: row.indicator.unit, targets, baselineText: row.indicator.baselineText }), baselineYear: row.plan.baselineYear,
    baselineValue: row.indicator.baselineValue, baselineText: row.indicator.baselineText,
  };
  return { indicator: row.indicator, plan: row.plan, formula, query };
}

/** Whether the actor may list the records behind a formula's value. */
export const seesRecords = (actor: Actor, formula: Formula) =>
  actor.role === 'platform_admin' || actor.role === 'office' || (actor.role === 'regulator' && !!actor.domain && (formula.recordsFor ?? []).includes(actor.domain));

export async function indicatorComputation(db: Db, actor: Actor, indicatorId: string, regionCode?: string, year?: number) {
  const { indicator, formula, query } = await computedIndicator(db, actor, indicatorId, regionCode, year);
  const [region] = await db.select().from(regions).where(eq(regions.code, query.regionCode));
  const computed = await formula.compute(db, query);
  // One level down: a county's towns, a city's counties, each computed the same way (their sums make the parent's).
  const children = region && NEXT_LEVEL[region.level]
    ? await db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.parentCode, region.code)).orderBy(asc(regions.code)).limit(60)
    : [];
  const breakdown = [];
  for (const child of children) {
    const c = await formula.compute(db, { ...query, regionCode: child.code });
    breakdown.push({ regionCode: child.code, name: child.name, numerator: c.numerator, denominator: c.denominator, value: c.value });
  }
  const today = shanghaiDate(new Date());
  const end = `${query.year}-12-31`;
  return {
    indicator: { id: indicator.id, no: indicator.no, name: indicator.name, unit: query.unit },
    regionCode: query.regionCode, regionName: region?.name ?? query.regionCode, year: query.year,
    period: { from: `${query.year}-01-01`, to: end < today ? end : today },
    formula: { key: formula.key, label: formula.label, method: formula.method },
    inputs: formula.inputs.map((input) => {
      const figure = computed.inputs?.find((i) => i.key === input.key);
      return { ...input, value: figure?.value ?? null, note: figure?.note ?? null };
    }),
    numerator: computed.numerator, denominator: computed.denominator, value: computed.value, missing: computed.missing ?? null,
    breakdown, hasRecords: !!formula.records && seesRecords(actor, formula),
  };
}

export async function indicatorRecords(db: Db, actor: Actor, indicatorId: string, input: { regionCode?: string; year?: number; offset: number; limit: number }): Promise<RecordsPage & { formula: Formula; title: string }> {
  const { indicator, formula, query } = await computedIndicator(db, actor, indicatorId, input.regionCode, input.year);
  if (!formula.records) throw conflict('NO_RECORDS', '该指标的计算不逐条列出记录', 'This computation does not list its records', 'id');
  if (!seesRecords(actor, formula)) throw forbidden('该指标的明细记录由无废办和主管部门查看', 'The records behind this indicator are for the zero-waste office and the departments in charge');
  const page = await formula.records(db, query, { offset: input.offset, limit: input.limit });
  return { ...page, formula, title: `${indicator.no} ${indicator.name}（${query.regionCode}，${query.year}年）` };
}
