import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { regionScopePrefix } from '../../domain/region-code';
import { PERCENT_UNIT, percent, type Formula, type FormulaQuery, type RecordsPage, type Text } from '../indicators/formula';
import { DEMONSTRATION_LEVELS, FACILITY_RULE, SPECIES } from '../../domain/agri/livestock';
import { completeSql, farmYearsInForce, fertiliserSql, isScaleSql, manureMonthsInForce, pigEquivalentSql } from './sql';
import { LIVESTOCK_FARM, pageFarmsWhere } from './service';
import { statistic } from '../statistics/read';

/** The statistics key of the whole area's livestock in pig equivalents (backyard keepers included). */
export const PIG_EQUIVALENTS_STATISTIC = 'livestock_pig_equivalents';

// 畜禽 indicators (issue 16) from the farm register and the manure ledger: 畜禽粪污综合利用率 (临清 16,
// 天桥 17, 济宁经开区 17), 畜禽规模养殖比重 (临清 6, 济宁经开区 9), 畜禽养殖标准化示范场占比 (天桥 7) and
// the scale farms' facility rate. Each sums the farms of the area, so a county's figure is the sum of
// its towns'.

const RECORDS_FOR = ['agriculture'] as const;
const inArea = (regionCode: string): SQL => sql`o.region_code LIKE ${`${regionScopePrefix(regionCode)}%`}`;

export type AreaFigures = {
  farms: number; farmsRecorded: number; scaleFarms: number; completeScaleFarms: number; demonstrationScaleFarms: number;
  pigEquivalents: number; scalePigEquivalents: number;
  farmsWithLedger: number; months: number; generatedT: number; fieldT: number; fieldAreaMu: number; fertiliserT: number; biogasT: number; soldT: number;
  /** Used by every way, each farm counted at most up to what it generated in the year. */
  usedCountedT: number;
};

/** The year's figures of the farms (organisations, alias `o`) that `scope` selects. */
export async function areaFigures(db: Db, scope: SQL, year: number): Promise<AreaFigures> {
  const [row] = (await db.execute<AreaFigures>(sql`
    WITH farms AS (SELECT o.id FROM organisations o WHERE ${LIVESTOCK_FARM} AND ${scope}),
    y AS (SELECT ${isScaleSql('y')} AS scale, ${completeSql('y')} AS complete, ${pigEquivalentSql('y')} AS pe,
        y.demonstration_level IS NOT NULL AND y.demonstration_year <= ${year} AS designated
      FROM ${farmYearsInForce(year)} y JOIN farms ON farms.id = y.organisation_id),
    m AS (SELECT mm.organisation_id, count(*) AS months, sum(mm.generated_t)::float8 AS gen, sum(mm.field_t)::float8 AS field, sum(coalesce(mm.field_area_mu, 0))::float8 AS area,
        sum(mm.biogas_t)::float8 AS biogas, sum(mm.sold_t)::float8 AS sold, sum(${fertiliserSql(sql`mm.organisation_id`, sql`mm.year`, sql`mm.month`)})::float8 AS fert
      FROM ${manureMonthsInForce(year)} mm JOIN farms ON farms.id = mm.organisation_id GROUP BY mm.organisation_id)
    SELECT (SELECT count(*) FROM farms)::int AS farms, (SELECT count(*) FROM y)::int AS "farmsRecorded",
      (SELECT count(*) FILTER (WHERE scale) FROM y)::int AS "scaleFarms", (SELECT count(*) FILTER (WHERE scale AND complete) FROM y)::int AS "completeScaleFarms",
      (SELECT count(*) FILTER (WHERE scale AND designated) FROM y)::int AS "demonstrationScaleFarms",
      (SELECT coalesce(sum(pe), 0) FROM y)::float8 AS "pigEquivalents", (SELECT coalesce(sum(pe) FILTER (WHERE scale), 0) FROM y)::float8 AS "scalePigEquivalents",
      (SELECT count(*) FROM m)::int AS "farmsWithLedger", (SELECT coalesce(sum(months), 0) FROM m)::int AS months,
      (SELECT coalesce(sum(gen), 0) FROM m)::float8 AS "generatedT", (SELECT coalesce(sum(field), 0) FROM m)::float8 AS "fieldT", (SELECT coalesce(sum(area), 0) FROM m)::float8 AS "fieldAreaMu",
      (SELECT coalesce(sum(fert), 0) FROM m)::float8 AS "fertiliserT", (SELECT coalesce(sum(biogas), 0) FROM m)::float8 AS "biogasT", (SELECT coalesce(sum(sold), 0) FROM m)::float8 AS "soldT",
      (SELECT coalesce(sum(least(field + fert + biogas + sold, gen)), 0) FROM m)::float8 AS "usedCountedT"`)).rows;
  return row;
}

const t4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The farms of the area with their year, as the records behind a value. */
async function farmRecords(db: Db, q: FormulaQuery, page: { offset: number; limit: number }, filter: { scale?: boolean } = {}): Promise<RecordsPage> {
  const pageSize = page.limit;
  const found = await pageFarmsWhere(db, inArea(q.regionCode), { year: q.year, ...filter }, Math.floor(page.offset / pageSize) + 1, pageSize);
  const speciesZh = (s: string | null) => SPECIES.find((x) => x.value === s)?.zh ?? '—';
  return {
    columns: [
      { key: 'farm', label: { zh: '养殖场', en: 'Farm' } }, { key: 'region', label: { zh: '所在镇街', en: 'Town' } }, { key: 'species', label: { zh: '畜种', en: 'Species' } },
      { key: 'stock', label: { zh: '存栏', en: 'In stock' }, kind: 'number' }, { key: 'sold', label: { zh: '年出栏', en: 'Sold a year' }, kind: 'number' },
      { key: 'pigEquivalents', label: { zh: '猪当量', en: 'Pig equivalents' }, kind: 'number' }, { key: 'scale', label: { zh: '规模养殖场', en: 'Scale farm' } },
      { key: 'complete', label: { zh: '设施配套', en: 'Facilities complete' } }, { key: 'demonstration', label: { zh: '标准化示范场', en: 'Demonstration farm' } },
      { key: 'generated', label: { zh: '粪污产生量（吨）', en: 'Manure generated (t)' }, kind: 'tonnes' }, { key: 'used', label: { zh: '综合利用量（吨）', en: 'Manure used (t)' }, kind: 'tonnes' },
      { key: 'rate', label: { zh: '综合利用率（%）', en: 'Utilisation (%)' }, kind: 'number' },
    ],
    items: found.items.map((f) => ({
      id: f.id, href: '/agri/farms', cells: {
        farm: f.name, region: f.regionName ?? f.regionCode, species: speciesZh(f.species), stock: f.stockHead, sold: f.soldHead, pigEquivalents: f.pigEquivalents,
        scale: f.scale === null ? '未登记' : f.scale ? '是' : '否', complete: f.complete === null ? '—' : f.complete ? '是' : '否',
        demonstration: f.demonstrationLevel ? `${DEMONSTRATION_LEVELS.find((l) => l.value === f.demonstrationLevel)?.zh ?? f.demonstrationLevel}（${f.demonstrationYear}）` : '—',
        generated: f.generatedT, used: f.usedT, rate: f.utilisationRate === null ? null : Math.round(f.utilisationRate * 100) / 100,
      },
    })),
    total: found.total,
  };
}

const noFarms = (year: number): Text => ({ zh: `${year}年本辖区没有养殖场登记记录`, en: `No farm records in the area for ${year}` });

export const livestockFormulas: Formula[] = [
  {
    key: 'manure_utilisation_rate',
    label: { zh: '畜禽粪污综合利用率 = 综合利用量 / 粪污产生量', en: 'Livestock manure utilisation = manure used / manure generated' },
    method: {
      zh: '本辖区养殖场当年各月粪污台账（以最新更正为准）：产生量为按存栏量和产污系数测算或实测的量；综合利用量为还田、交有机肥厂（交接联单的地磅接收量，按交接日期计入当月）、沼气利用、出售之和，每个养殖场计入的利用量不超过其当年产生量（往年贮存量的利用不计）。未填报台账的月份不计入分子和分母。',
      en: 'The area’s farms’ monthly manure records of the year (as last corrected): generated as estimated from head in stock and the coefficient, or as measured; used = spread on fields + handed to organic-fertiliser plants (the weighbridge weight of received hand-over manifests, by hand-over day) + biogas + sold, each farm counting no more than it generated in the year (using manure stored from earlier years is left out). Months not recorded count in neither.',
    },
    inputs: [
      { key: 'generated', kind: 'registry', label: { zh: '粪污产生量', en: 'Manure generated' }, unit: '吨' },
      { key: 'field', kind: 'registry', label: { zh: '还田利用量', en: 'Spread on fields' }, unit: '吨' },
      { key: 'fertiliser', kind: 'manifests', label: { zh: '交有机肥厂量（联单接收量）', en: 'To fertiliser plants (received on manifests)' }, unit: '吨' },
      { key: 'biogas', kind: 'registry', label: { zh: '沼气利用量', en: 'Biogas' }, unit: '吨' },
      { key: 'sold', kind: 'registry', label: { zh: '出售量', en: 'Sold' }, unit: '吨' },
      { key: 'used', kind: 'registry', label: { zh: '计入的综合利用量', en: 'Used, as counted' }, unit: '吨' },
      { key: 'farms', kind: 'registry', label: { zh: '填报台账的养殖场', en: 'Farms with manure records' }, unit: '家' },
    ],
    matches: /畜禽粪污.*综合利用率/,
    units: PERCENT_UNIT,
    recordsFor: RECORDS_FOR,
    async compute(db, { regionCode, year }) {
      const f = await areaFigures(db, inArea(regionCode), year);
      const inputs = [
        { key: 'generated', value: t4(f.generatedT) }, { key: 'field', value: t4(f.fieldT) }, { key: 'fertiliser', value: t4(f.fertiliserT) }, { key: 'biogas', value: t4(f.biogasT) },
        { key: 'sold', value: t4(f.soldT) }, { key: 'used', value: t4(f.usedCountedT) }, { key: 'farms', value: f.farmsWithLedger },
      ];
      if (!(f.generatedT > 0)) return { numerator: 0, denominator: 0, value: null, inputs, missing: { zh: `${year}年本辖区没有养殖场填报粪污台账`, en: `No farm of the area recorded its manure in ${year}` } };
      return { numerator: f.usedCountedT, denominator: f.generatedT, value: percent(f.usedCountedT, f.generatedT), inputs };
    },
    records: (db, q, page) => farmRecords(db, q, page),
  },
  {
    key: 'livestock_scale_share',
    label: { zh: '畜禽规模养殖比重 = 规模养殖场存栏猪当量 / 畜禽存栏总量（猪当量）', en: 'Scale-farming share = pig equivalents in scale farms / all livestock in pig equivalents' },
    method: {
      zh: '本辖区登记养殖场当年的存栏量按《畜禽粪污土地承载力测算技术指南》（农办牧〔2018〕1号）折算为猪当量（100头猪相当于15头奶牛、30头肉牛、250只羊、2500只家禽）；规模养殖场为达到本地区规模标准（按畜种的年出栏或存栏，地区设置）的养殖场。分母取本辖区统计数据“畜禽存栏总量（折猪当量，含散养户）”，未录入或小于登记养殖场合计时取登记养殖场合计（此时未登记的散养户不在分母中，比重偏高，方法中注明）。',
      en: 'The year’s head in stock of the area’s registered farms as pig equivalents (农办牧〔2018〕1号: 100 pigs = 15 dairy cows = 30 beef cattle = 250 sheep = 2,500 poultry); a scale farm meets the region’s threshold for its species (sold a year, or in stock; a regional setting). The denominator is the area’s statistic “livestock in stock, pig equivalents (backyard keepers included)”; where none is entered, or it is below the registered farms’ sum, the registered farms’ sum (backyard keepers off the register are then left out and the share reads high).',
    },
    inputs: [
      { key: 'scale', kind: 'registry', label: { zh: '规模养殖场存栏猪当量', en: 'Pig equivalents in scale farms' }, unit: '猪当量' },
      { key: 'all', kind: 'registry', label: { zh: '全部登记养殖场存栏猪当量', en: 'Pig equivalents in all registered farms' }, unit: '猪当量' },
      { key: 'statistics', kind: 'statistics', label: { zh: '畜禽存栏总量（折猪当量，含散养户）', en: 'Livestock in stock, pig equivalents (statistics)' }, unit: '猪当量' },
      { key: 'scaleFarms', kind: 'registry', label: { zh: '规模养殖场', en: 'Scale farms' }, unit: '家' },
      { key: 'farms', kind: 'registry', label: { zh: '已登记当年数据的养殖场', en: 'Farms recorded for the year' }, unit: '家' },
    ],
    matches: /畜禽规模养殖比重/,
    units: PERCENT_UNIT,
    recordsFor: RECORDS_FOR,
    async compute(db, { regionCode, year }) {
      const f = await areaFigures(db, inArea(regionCode), year);
      const figure = await statistic(db, regionCode, year, PIG_EQUIVALENTS_STATISTIC);
      const denominator = Math.max(f.pigEquivalents, figure?.value ?? 0);
      const inputs = [
        { key: 'scale', value: Math.round(f.scalePigEquivalents * 10) / 10 }, { key: 'all', value: Math.round(f.pigEquivalents * 10) / 10 },
        { key: 'statistics', value: figure?.value ?? null, note: figure ? { zh: figure.source, en: figure.source } : { zh: '未录入，取登记养殖场合计', en: 'Not entered: the registered farms’ sum is used' } },
        { key: 'scaleFarms', value: f.scaleFarms }, { key: 'farms', value: f.farmsRecorded },
      ];
      if (!(denominator > 0)) return { numerator: 0, denominator: 0, value: null, inputs, missing: noFarms(year) };
      return { numerator: f.scalePigEquivalents, denominator, value: percent(f.scalePigEquivalents, denominator), inputs };
    },
    records: (db, q, page) => farmRecords(db, q, page),
  },
  {
    key: 'livestock_facility_rate',
    label: { zh: '规模养殖场粪污处理设施装备配套率 = 设施配套的规模养殖场 / 规模养殖场', en: 'Scale farms with complete manure facilities / scale farms' },
    method: { zh: `本辖区当年的规模养殖场中设施配套的比例。${FACILITY_RULE.zh}`, en: `The share of the area’s scale farms of the year whose facilities are complete. ${FACILITY_RULE.en}` },
    inputs: [
      { key: 'complete', kind: 'registry', label: { zh: '设施配套的规模养殖场', en: 'Scale farms with complete facilities' }, unit: '家' },
      { key: 'scaleFarms', kind: 'registry', label: { zh: '规模养殖场', en: 'Scale farms' }, unit: '家' },
    ],
    matches: /规模养殖场.*设施.*配套率/,
    units: PERCENT_UNIT,
    recordsFor: RECORDS_FOR,
    async compute(db, { regionCode, year }) {
      const f = await areaFigures(db, inArea(regionCode), year);
      const inputs = [{ key: 'complete', value: f.completeScaleFarms }, { key: 'scaleFarms', value: f.scaleFarms }];
      if (!f.scaleFarms) return { numerator: 0, denominator: 0, value: null, inputs, missing: noFarms(year) };
      return { numerator: f.completeScaleFarms, denominator: f.scaleFarms, value: percent(f.completeScaleFarms, f.scaleFarms), inputs };
    },
    records: (db, q, page) => farmRecords(db, q, page, { scale: true }),
  },
  {
    key: 'livestock_demonstration_share',
    label: { zh: '畜禽养殖标准化示范场占比 = 标准化示范场 / 规模养殖场', en: 'Demonstration farms / scale farms' },
    method: {
      zh: '本辖区当年的规模养殖场中，持有部、省或市级畜禽养殖标准化示范场认定（认定年份不晚于当年）的比例。',
      en: 'The share of the area’s scale farms of the year that hold a national, provincial or municipal 标准化示范场 designation given in or before the year.',
    },
    inputs: [
      { key: 'designated', kind: 'registry', label: { zh: '标准化示范场', en: 'Demonstration farms' }, unit: '家' },
      { key: 'scaleFarms', kind: 'registry', label: { zh: '规模养殖场', en: 'Scale farms' }, unit: '家' },
    ],
    matches: /畜禽养殖标准化示范场占比/,
    units: PERCENT_UNIT,
    recordsFor: RECORDS_FOR,
    async compute(db, { regionCode, year }) {
      const f = await areaFigures(db, inArea(regionCode), year);
      const inputs = [{ key: 'designated', value: f.demonstrationScaleFarms }, { key: 'scaleFarms', value: f.scaleFarms }];
      if (!f.scaleFarms) return { numerator: 0, denominator: 0, value: null, inputs, missing: noFarms(year) };
      return { numerator: f.demonstrationScaleFarms, denominator: f.scaleFarms, value: percent(f.demonstrationScaleFarms, f.scaleFarms), inputs };
    },
    records: (db, q, page) => farmRecords(db, q, page, { scale: true }),
  },
];
