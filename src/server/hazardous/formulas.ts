import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { ledgerSums } from '../ledger/monthly';
import { COUNT_UNIT, PERCENT_UNIT, annualised, declineFrom, percent, type Formula, type FormulaQuery, type RecordsPage } from '../indicators/formula';
import { baselineTonnes, inArea, inYearDate, inYearTime, manifestRecords, medicalPopulation, MEDICAL_POPULATION_INPUTS, organisationRecords, rows, statisticInput } from '../indicators/formula-sql';
import { MEDICAL_INDUSTRY_PG, SOCIAL_SOURCE_INDUSTRY_PG } from '../../domain/indicators/populations';

// Indicators of hazardous waste computed from the ledger, the manifests and the register of
// organisations. 工业危险废物 leaves out medical waste (HW01), which has indicators of its own.

const INDUSTRIAL_HW = sql`waste_category(l.waste_code) LIKE 'HW%' AND waste_category(l.waste_code) <> 'HW01'`;
const GDP = { zh: '地区生产总值', en: 'Gross regional product' };
const ECOLOGY = ['ecology'] as const;

/** Industrial hazardous waste generated in the area this year (ledger sums, without HW01). */
async function industrialHazardousGenerated(db: Db, regionCode: string, year: number) {
  const sums = await ledgerSums(db, { regionCode, year, by: ['category', 'kind'], kinds: ['generate', 'self_utilise'], categoryPrefix: 'HW' });
  const of = (kind: string) => sums.filter((s) => s.kind === kind && s.category !== 'HW01').reduce((t, s) => t + s.quantityT, 0);
  return { generated: of('generate'), selfUtilised: of('self_utilise') };
}

/** Per producer of the area: industrial hazardous waste generated and utilised by itself this year, from the ledger. */
function producerLedgerRecords(db: Db, q: FormulaQuery, page: { offset: number; limit: number }): Promise<RecordsPage> {
  const where = sql`${inArea(sql`l.region_code`, q.regionCode)} AND ${inYearTime(sql`l.at`, q.year)} AND ${INDUSTRIAL_HW}`;
  return organisationRecords(db, [
    { key: 'generatedT', label: { zh: '产生量（吨）', en: 'Generated (t)' }, kind: 'tonnes' },
    { key: 'selfUtilisedT', label: { zh: '自行利用量（吨）', en: 'Utilised by itself (t)' }, kind: 'tonnes' },
    { key: 'transferredT', label: { zh: '委外转移量（吨）', en: 'Transferred out (t)' }, kind: 'tonnes' },
  ], sql`
    SELECT o.id, o.name, rg.name AS region,
      coalesce(sum(l.quantity_t) FILTER (WHERE l.kind = 'generate'), 0)::float8 AS "generatedT",
      coalesce(sum(l.quantity_t) FILTER (WHERE l.kind = 'self_utilise'), 0)::float8 AS "selfUtilisedT",
      coalesce(sum(l.quantity_t) FILTER (WHERE l.kind = 'transfer_out'), 0)::float8 AS "transferredT",
      count(*) OVER ()::int AS total
    FROM ledger_movements l JOIN organisations o ON o.id = l.organisation_id JOIN regions rg ON rg.code = o.region_code
    WHERE ${where} GROUP BY o.id, o.name, rg.name ORDER BY 4 DESC, o.name`,
  sql`SELECT count(DISTINCT l.organisation_id)::int AS n FROM ledger_movements l WHERE ${where}`, page);
}

/** Manifests of industrial hazardous waste produced in the area, planned this year and received. */
const receivedIndustrialHw = (q: FormulaQuery) => sql`m.stream = 'hazardous' AND m.status IN ('received', 'partially_refused') AND ${inArea(sql`m.region_code`, q.regionCode)}
  AND ${inYearDate(sql`m.planned_date`, q.year)} AND waste_category(m.waste_code) <> 'HW01'`;

const utilisedByReceiver = (q: FormulaQuery) => sql`${receivedIndustrialHw(q)} AND m.data->>'treatmentMethod' LIKE 'R%'`;
const landfilled = (q: FormulaQuery) => sql`${receivedIndustrialHw(q)} AND m.data->>'treatmentMethod' = 'D1'`;

async function sumReceived(db: Db, where: ReturnType<typeof sql>) {
  const [row] = await rows<{ t: number }>(db, sql`SELECT coalesce(sum(m.received_weight_t), 0)::float8 AS t FROM manifests m WHERE ${where}`);
  return row.t;
}

/** Registered units of a kind (by industry) in the area and, of them, those that handed hazardous waste over on a manifest this year. */
function coveredUnits(pattern: string, q: FormulaQuery) {
  return sql`
    SELECT o.id, o.name, rg.name AS region, o.industry,
      count(m.id)::int AS handovers, max(m.planned_date)::text AS last_date
    FROM organisations o JOIN regions rg ON rg.code = o.region_code
    LEFT JOIN manifests m ON m.producer_id = o.id AND m.stream = 'hazardous' AND m.status NOT IN ('draft', 'cancelled') AND ${inYearDate(sql`m.planned_date`, q.year)}
    WHERE o.kind = 'enterprise' AND o.status = 'verified' AND 'producer' = ANY(o.capabilities) AND o.industry ~ ${pattern} AND ${inArea(sql`o.region_code`, q.regionCode)}
    GROUP BY o.id, o.name, rg.name, o.industry`;
}

async function coverage(db: Db, pattern: string, q: FormulaQuery) {
  const [row] = await rows<{ covered: number; registered: number }>(db, sql`SELECT count(*) FILTER (WHERE handovers > 0)::int AS covered, count(*)::int AS registered FROM (${coveredUnits(pattern, q)}) u`);
  return row;
}

function coverageRecords(db: Db, pattern: string, q: FormulaQuery, page: { offset: number; limit: number }) {
  return organisationRecords(db, [
    { key: 'industry', label: { zh: '行业', en: 'Industry' } },
    { key: 'handovers', label: { zh: '当年转移联单数', en: 'Manifests this year' }, kind: 'number' },
    { key: 'lastDate', label: { zh: '最近一次转移', en: 'Last hand-over' }, kind: 'date' },
  ], sql`SELECT id, name, region, industry, handovers, last_date AS "lastDate", count(*) OVER ()::int AS total FROM (${coveredUnits(pattern, q)}) u ORDER BY handovers, name`,
  sql`SELECT count(*)::int AS n FROM (${coveredUnits(pattern, q)}) u`, page);
}

export const hazardousFormulas: Formula[] = [
  {
    key: 'hazardous_utilisation_rate',
    label: { zh: '工业危险废物综合利用处置率 =（自行利用处置量 + 委外转移量）/ 产生量', en: 'Industrial hazardous waste utilised or disposed of, or transferred out / generated' },
    method: {
      zh: '当年台账中工业危险废物（不含医疗废物 HW01）自行利用、自行处置和委外转移的量之和，除以当年产生量；按产生单位所在区域统计，市级为各县区之和。',
      en: 'This year’s ledger: industrial hazardous waste (without medical waste, HW01) utilised or disposed of by its producer or transferred out, over the quantity generated; by the producer’s area, a city being the sum of its counties.',
    },
    inputs: [
      { key: 'handled', kind: 'ledger', label: { zh: '自行利用处置量 + 委外转移量', en: 'Utilised, disposed of or transferred out' }, unit: '吨' },
      { key: 'generated', kind: 'ledger', label: { zh: '产生量', en: 'Generated' }, unit: '吨' },
    ],
    matches: /危险废物.*利用处置率/,
    units: PERCENT_UNIT,
    recordsFor: ECOLOGY,
    async compute(db, { regionCode, year }) {
      const sums = await ledgerSums(db, { regionCode, year, by: ['category', 'kind'], kinds: ['generate', 'self_utilise', 'self_dispose', 'transfer_out'], categoryPrefix: 'HW' });
      const of = (...kinds: string[]) => sums.filter((s) => s.category !== 'HW01' && kinds.includes(s.kind)).reduce((t, s) => t + s.quantityT, 0);
      const handled = of('self_utilise', 'self_dispose', 'transfer_out'), generated = of('generate');
      return { numerator: handled, denominator: generated, value: percent(handled, generated), inputs: [{ key: 'handled', value: handled }, { key: 'generated', value: generated }] };
    },
    records: producerLedgerRecords,
  },
  {
    key: 'hazardous_intensity',
    label: { zh: '工业危险废物产生强度 = 工业危险废物产生量（吨）/ 地区生产总值（万元）', en: 'Industrial hazardous waste generated (t) / gross regional product (10,000 yuan)' },
    method: {
      zh: '当年台账登记的工业危险废物产生量（不含医疗废物 HW01），除以统计部门录入的当年地区生产总值（万元）。',
      en: 'Industrial hazardous waste generated this year by the ledger (without medical waste, HW01), over the year’s gross regional product entered by the statistics bureau (10,000 yuan).',
    },
    inputs: [
      { key: 'generated', kind: 'ledger', label: { zh: '工业危险废物产生量', en: 'Industrial hazardous waste generated' }, unit: '吨' },
      { key: 'gdp', kind: 'statistics', label: GDP, unit: '万元' },
    ],
    matches: /危险废物产生强度/,
    units: /^(吨\/万元|)$/,
    recordsFor: ECOLOGY,
    async compute(db, q) {
      const { generated } = await industrialHazardousGenerated(db, q.regionCode, q.year);
      const gdp = await statisticInput(db, q.regionCode, q.year, 'gdp', GDP);
      const value = gdp.value ? Math.round((generated / gdp.value) * 1_000_000) / 1_000_000 : null;
      return { numerator: generated, denominator: gdp.value, value, inputs: [{ key: 'generated', value: generated }, { key: 'gdp', value: gdp.value }], missing: gdp.missing };
    },
    records: producerLedgerRecords,
  },
  {
    key: 'hazardous_recovery_rate',
    label: { zh: '工业危险废物综合利用率 =（自行利用量 + 委外利用量）/ 产生量', en: 'Industrial hazardous waste utilised (by the producer or a receiver) / generated' },
    method: {
      zh: '当年台账中工业危险废物（不含 HW01）的自行利用量，加上当年计划日期、已接收且接收方式为利用（R 类）的转移联单接收量，除以当年产生量；按产生单位所在区域统计。',
      en: 'Industrial hazardous waste (without HW01) utilised by its producer this year by the ledger, plus the weight received on manifests planned this year whose method is utilisation (R codes), over the quantity generated; by the producer’s area.',
    },
    inputs: [
      { key: 'selfUtilised', kind: 'ledger', label: { zh: '自行利用量', en: 'Utilised by the producer' }, unit: '吨' },
      { key: 'utilisedByReceivers', kind: 'manifests', label: { zh: '委外利用量（R 类接收）', en: 'Utilised by receivers (R codes)' }, unit: '吨' },
      { key: 'generated', kind: 'ledger', label: { zh: '产生量', en: 'Generated' }, unit: '吨' },
    ],
    matches: /工业危险废物综合利用率/,
    units: PERCENT_UNIT,
    recordsFor: ECOLOGY,
    async compute(db, q) {
      const { generated, selfUtilised } = await industrialHazardousGenerated(db, q.regionCode, q.year);
      const byReceivers = await sumReceived(db, utilisedByReceiver(q));
      const utilised = selfUtilised + byReceivers;
      return {
        numerator: utilised, denominator: generated, value: percent(utilised, generated),
        inputs: [{ key: 'selfUtilised', value: selfUtilised }, { key: 'utilisedByReceivers', value: byReceivers }, { key: 'generated', value: generated }],
      };
    },
    records: (db, q, page) => manifestRecords(db, utilisedByReceiver(q), sql`m.received_weight_t`, page),
  },
  {
    key: 'hazardous_landfill_decline',
    label: { zh: '工业危险废物填埋处置量下降幅度 =（基准年填埋量 − 当年填埋量）/ 基准年填埋量', en: 'Decline of industrial hazardous waste landfilled against the base year' },
    method: {
      zh: '当年计划日期、已接收且处置方式为填埋（D1）的工业危险废物联单接收量（不含 HW01，按产生单位所在区域），与基准年填埋量相比下降的百分比；基准年填埋量取统计部门录入的基准年数据，未录入时取指标体系中的基准值。当年尚未结束时，年初至今的量按已过天数折算为全年量后比较。',
      en: 'Industrial hazardous waste (without HW01) received for landfill (D1) on manifests planned this year, by the producer’s area, as a percentage decline from the base year; the base-year figure is the statistics bureau’s, else the plan’s own baseline. While the year runs, the quantity so far is scaled to a full year by the days gone by.',
    },
    inputs: [
      { key: 'landfilled', kind: 'manifests', label: { zh: '当年填埋处置量（年初至今）', en: 'Landfilled this year so far' }, unit: '吨' },
      { key: 'annualised', kind: 'manifests', label: { zh: '折算全年填埋处置量', en: 'Landfilled, as a full year' }, unit: '吨' },
      { key: 'baseline', kind: 'statistics', label: { zh: '基准年填埋处置量', en: 'Landfilled in the base year' }, unit: '吨' },
    ],
    matches: /危险废物填埋处置量下降幅度/,
    units: PERCENT_UNIT,
    recordsFor: ECOLOGY,
    async compute(db, q) {
      const soFar = await sumReceived(db, landfilled(q));
      const current = annualised(q.year, soFar);
      const base = await baselineTonnes(db, q, 'hw_landfilled_t');
      return {
        numerator: current, denominator: base.value, value: base.value === null ? null : declineFrom(base.value, current),
        inputs: [{ key: 'landfilled', value: soFar }, { key: 'annualised', value: current }, { key: 'baseline', value: base.value, note: base.from }],
        missing: base.value === null ? base.from : undefined,
      };
    },
    records: (db, q, page) => manifestRecords(db, landfilled(q), sql`m.received_weight_t`, page),
  },
  {
    key: 'medical_waste_coverage',
    label: { zh: '医疗废物收集处置体系覆盖率 = 当年有医疗废物转移联单的医疗卫生机构数 / 医疗卫生机构数', en: 'Medical institutions whose waste was collected this year / medical institutions' },
    method: {
      zh: '平台登记的医疗卫生机构（行业为医院、卫生院、诊所、社区卫生服务中心等）中，当年有危险废物转移联单（含收集单位公交式收运）的机构数，除以医疗卫生机构数；机构数取平台登记数与统计部门录入数中的较大者，未登记的机构视为未覆盖。',
      en: 'Of the medical institutions registered on the platform (hospitals, township health centres, clinics, community health centres …), those with a hazardous-waste manifest this year (collection rounds included), over the number of medical institutions: the larger of those registered and the statistics bureau’s count, an unregistered institution counting as not covered.',
    },
    inputs: [
      { key: 'covered', kind: 'manifests', label: { zh: '当年有转移联单的机构', en: 'Institutions with a manifest this year' }, unit: '个' },
      ...MEDICAL_POPULATION_INPUTS,
    ],
    matches: /医疗废物收集处置体系覆盖率/,
    units: PERCENT_UNIT,
    recordsFor: ['ecology', 'health'],
    async compute(db, q) {
      const { covered, registered } = await coverage(db, MEDICAL_INDUSTRY_PG, q);
      const population = await medicalPopulation(db, q, registered);
      return { numerator: covered, denominator: population.all, value: percent(covered, population.all), inputs: [{ key: 'covered', value: covered }, ...population.inputs] };
    },
    records: (db, q, page) => coverageRecords(db, MEDICAL_INDUSTRY_PG, q, page),
  },
  {
    key: 'social_source_coverage',
    label: { zh: '社会源危险废物收集处置体系覆盖率 = 当年有转移联单的社会源产废单位 / 登记的社会源产废单位', en: 'Social-source producers with a manifest this year / registered social-source producers' },
    method: {
      zh: '平台登记的社会源危险废物产生单位（机动车维修、检验检测、实验室、学校、印刷、加油站等行业，不含医疗卫生机构）中，当年有危险废物转移联单（含收集单位收运）的单位所占比例；指标单位为“家”时给出纳入收集体系的单位数。',
      en: 'Of the registered social-source producers of hazardous waste (vehicle repair, testing, laboratories, schools, printing, petrol stations …, medical institutions aside), the share with a hazardous-waste manifest this year (collection included); for an indicator counted in units (家), the number of such producers.',
    },
    inputs: [
      { key: 'covered', kind: 'manifests', label: { zh: '当年有转移联单的单位', en: 'Producers with a manifest this year' }, unit: '家' },
      { key: 'registered', kind: 'registry', label: { zh: '登记的社会源产废单位', en: 'Registered social-source producers' }, unit: '家' },
    ],
    matches: /社会源危险废物(收集处置体系覆盖率|产生单位数量)/,
    units: new RegExp(`${PERCENT_UNIT.source}|${COUNT_UNIT.source}`),
    recordsFor: ECOLOGY,
    async compute(db, q) {
      const { covered, registered } = await coverage(db, SOCIAL_SOURCE_INDUSTRY_PG, q);
      const inputs = [{ key: 'covered', value: covered }, { key: 'registered', value: registered }];
      if (COUNT_UNIT.test(q.unit) && q.unit !== '') return { numerator: covered, denominator: null, value: covered, inputs };
      return { numerator: covered, denominator: registered, value: percent(covered, registered), inputs };
    },
    records: (db, q, page) => coverageRecords(db, SOCIAL_SOURCE_INDUSTRY_PG, q, page),
  },
];
