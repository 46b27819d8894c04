import { sql } from 'drizzle-orm';
import { PERCENT_UNIT, declineFrom, type Computed, type Formula, type FormulaQuery, type Text } from '../indicators/formula';
import { inArea, inYearDate, organisationRecords } from '../indicators/formula-sql';
import { baselineCellTonnes, perMu } from '../../domain/agri/inputs';
import { sownArea, useFigure, type InputKind } from './use';

// 化学农药/化学肥料施用量下降幅度 (临清 18 and 19, 济宁经开区 19 and 20) and their 亩均 form (天桥 20
// and 21): this year's use against the plan's base year. The base is the platform's own sales of the
// base year when its books were complete, else the statistics figure of that year, else the plan's
// baseline cell in tonnes (济宁经开区's "221吨1"); 亩均 divides each year by that year's sown area.

type Db = Parameters<Formula['compute']>[0];

const WHAT: Record<InputKind, { zh: string; en: string; unit: string }> = {
  pesticide: { zh: '化学农药施用量（实物量）', en: 'chemical pesticides used (product)', unit: '吨' },
  fertiliser: { zh: '化学肥料施用量（折纯量）', en: 'chemical fertilisers used (pure nutrient)', unit: '吨' },
};

async function baseline(db: Db, q: FormulaQuery, kind: InputKind): Promise<{ tonnes: number | null; from: Text }> {
  const base = await useFigure(db, q.regionCode, q.baselineYear, kind);
  if (base.tonnes !== null) return { tonnes: base.tonnes, from: { zh: `${q.baselineYear}年${base.sourceNote.zh}`, en: `${q.baselineYear}: ${base.sourceNote.en}` } };
  const cell = baselineCellTonnes(q.baselineText);
  if (cell !== null) return { tonnes: cell, from: { zh: `指标体系中的基准值（${q.baselineText}）`, en: `The plan’s baseline (${q.baselineText})` } };
  return { tonnes: null, from: { zh: `尚无${q.baselineYear}年基准值（无完整销售台账、统计数据或指标体系中的吨数）`, en: `No ${q.baselineYear} baseline (no complete sales, statistics or tonnes in the plan)` } };
}

function decline(kind: InputKind, perArea: boolean): Formula {
  const what = WHAT[kind];
  const key = `${kind}_use_${perArea ? 'per_mu_' : ''}decline`;
  const noun = kind === 'pesticide' ? '化学农药' : '化学肥料';
  return {
    key,
    label: perArea
      ? { zh: `${noun}施用量亩均下降幅度 =（基准年亩均施用量 − 当年亩均施用量）/ 基准年亩均施用量`, en: `Decline of ${what.en} per 亩 of sown area against the base year` }
      : { zh: `${noun}施用量下降幅度 =（基准年施用量 − 当年施用量）/ 基准年施用量`, en: `Decline of ${what.en} against the base year` },
    method: {
      zh: `当年${what.zh}：本辖区全部已登记农药经营门店当年均有销售记录时，取销售台账之和（${kind === 'pesticide' ? '农药按产品实物吨数，并列出有效成分吨数' : '化肥按氮、五氧化二磷、氧化钾含量折纯'}，年度未结束时按已过天数折算全年）；门店报送不全时取统计数据，并注明来源。基准年同样取当年完整的销售台账，否则取统计数据，再否则取指标体系中的基准值（吨）。${perArea ? '亩均：各年施用量除以当年农作物播种面积（粮食、棉花、蔬菜，统计数据）。' : ''}`,
      en: `This year’s ${what.en}: the sum of the dealers’ sales when every dealer registered in the area reported a sale this year (${kind === 'pesticide' ? 'pesticides in product tonnes, with active-ingredient tonnes shown' : 'fertilisers as pure nutrient from their N, P2O5 and K2O'}; scaled to a full year while it runs); with fewer dealers reporting, the statistics figure, its source stated. The base year likewise from complete sales, else statistics, else the plan’s baseline in tonnes.${perArea ? ' Per 亩: each year’s use over that year’s sown area (grain, cotton, vegetables; statistics).' : ''}`,
    },
    inputs: [
      { key: 'current', kind: 'registry', label: { zh: `当年${what.zh}`, en: `This year’s ${what.en}` }, unit: what.unit },
      { key: 'sales', kind: 'registry', label: { zh: '销售台账之和（年初至今）', en: 'Dealers’ sales so far' }, unit: what.unit },
      ...(kind === 'pesticide' ? [{ key: 'active', kind: 'registry' as const, label: { zh: '有效成分（销售台账）', en: 'Active ingredient (sales)' }, unit: '吨' }] : []),
      { key: 'reporting', kind: 'registry', label: { zh: '报送销售的门店 / 登记门店', en: 'Dealers reporting / registered' }, unit: '家' },
      { key: 'statistics', kind: 'statistics', label: { zh: `当年${what.zh}（统计）`, en: `This year’s ${what.en} (statistics)` }, unit: what.unit },
      { key: 'baseline', kind: 'plan', label: { zh: `基准年${what.zh}`, en: `Base year ${what.en}` }, unit: what.unit },
      ...(perArea ? [
        { key: 'sownArea', kind: 'statistics' as const, label: { zh: '当年播种面积', en: 'Sown area this year' }, unit: '亩' },
        { key: 'baseSownArea', kind: 'statistics' as const, label: { zh: '基准年播种面积', en: 'Sown area in the base year' }, unit: '亩' },
      ] : []),
    ],
    matches: perArea ? new RegExp(`${noun}施用量亩均下降幅度`) : new RegExp(`${noun}施用量下降幅度`),
    units: PERCENT_UNIT,
    recordsFor: ['agriculture'],
    async compute(db, q): Promise<Computed> {
      const now = await useFigure(db, q.regionCode, q.year, kind);
      const base = await baseline(db, q, kind);
      const inputs: Computed['inputs'] = [
        { key: 'current', value: now.tonnes, note: now.sourceNote }, { key: 'sales', value: now.salesT },
        ...(kind === 'pesticide' ? [{ key: 'active', value: now.activeT }] : []),
        { key: 'reporting', value: now.reporting, note: { zh: `登记门店 ${now.registered} 家`, en: `${now.registered} dealers registered` } },
        { key: 'statistics', value: now.statisticsT }, { key: 'baseline', value: base.tonnes, note: base.from },
      ];
      let current = now.tonnes, previous = base.tonnes;
      if (perArea) {
        const [area, baseArea] = await Promise.all([sownArea(db, q.regionCode, q.year), sownArea(db, q.regionCode, q.baselineYear)]);
        inputs.push({ key: 'sownArea', value: area.mu }, { key: 'baseSownArea', value: baseArea.mu });
        current = perMu(current, area.mu);
        previous = perMu(previous, baseArea.mu);
        if (area.mu === null || baseArea.mu === null) return { numerator: 0, denominator: null, value: null, inputs, missing: { zh: `未录入${area.mu === null ? q.year : q.baselineYear}年播种面积（统计数据）`, en: `No sown area for ${area.mu === null ? q.year : q.baselineYear} (statistics)` } };
      }
      if (current === null) return { numerator: 0, denominator: previous, value: null, inputs, missing: now.sourceNote };
      if (previous === null) return { numerator: current, denominator: null, value: null, inputs, missing: base.from };
      return { numerator: current, denominator: previous, value: declineFrom(previous, current), inputs };
    },
    async records(db, { regionCode, year }, page) {
      const table = kind === 'pesticide' ? sql`pesticide_sales` : sql`fertiliser_sales`;
      const amount = kind === 'pesticide' ? sql`s.product_kg` : sql`s.pure_kg`;
      const where = sql`o.capabilities @> ARRAY['agri_dealer']::text[] AND ${inArea(sql`o.region_code`, regionCode)}`;
      const sum = sql`(SELECT coalesce(sum(${amount}), 0)::float8 / 1000 FROM ${table} s WHERE s.dealer_id = o.id AND ${inYearDate(sql`s.sold_on`, year)})`;
      const lines = sql`(SELECT count(*)::int FROM ${table} s WHERE s.dealer_id = o.id AND ${inYearDate(sql`s.sold_on`, year)})`;
      return organisationRecords(db, [
        { key: 'tonnes', label: { zh: kind === 'pesticide' ? '销售量（吨，实物）' : '销售量（吨，折纯）', en: kind === 'pesticide' ? 'Sold (t, product)' : 'Sold (t, pure nutrient)' }, kind: 'tonnes' },
        { key: 'lines', label: { zh: '销售记录（条）', en: 'Sales records' }, kind: 'number' },
      ], sql`SELECT o.id, o.name, coalesce(rg.name, o.region_code) AS region, round(${sum}::numeric, 3)::float8 AS tonnes, ${lines} AS lines, count(*) OVER ()::int AS total
        FROM organisations o LEFT JOIN regions rg ON rg.code = o.region_code WHERE ${where} ORDER BY o.region_code, o.name`,
      sql`SELECT count(*)::int AS n FROM organisations o WHERE ${where}`, page);
    },
  };
}

export const farmInputFormulas: Formula[] = [decline('pesticide', false), decline('fertiliser', false), decline('pesticide', true), decline('fertiliser', true)];
