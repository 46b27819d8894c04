import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { PERCENT_UNIT, annualised, percent, type Formula, type FormulaQuery } from '../indicators/formula';
import { inArea, inYearDate, medicalPopulation, MEDICAL_POPULATION_INPUTS, organisationRecords, rows, statisticInput } from '../indicators/formula-sql';
import { statistic } from '../statistics/read';
import { MEDICAL_INDUSTRY_PG } from '../../domain/indicators/populations';

// The indicators the renewable-resource system computes (issue 17, ADR 0008): 再生资源回收量增长率
// (临清 22, seed 004's 2.3 % in 2023 and 5 % in 2025 against 2020) and 医疗卫生机构可回收物回收率
// (临清 23). An item counts once, where it first enters a station's or sorting centre's ledger: a load
// a sorting centre receives from a station was counted at the station.

const RECORDS_FOR = ['commerce'] as const;

/** Intake lines that count as recovered: every first intake, not a station's load received by the sorting centre. */
const firstIntake = (regionCode: string, year: number) => sql`i.source <> 'load' AND ${inArea(sql`i.region_code`, regionCode)} AND ${inYearDate(sql`i.received_on`, year)}`;

/** Tonnes recovered in the area and year from the stations' and sorting centres' ledgers. */
export async function recoveredTonnes(db: Db, regionCode: string, year: number, only: SQL = sql`true`): Promise<number> {
  const [row] = await rows<{ t: number }>(db, sql`SELECT coalesce(sum(i.weight_kg), 0)::float8 / 1000 AS t FROM recycling_intake i WHERE ${firstIntake(regionCode, year)} AND ${only}`);
  return Math.round(row.t * 1000) / 1000;
}

/** Recyclables residents sold to the recycling network (booked pickups and sales at a station): part of household waste recovered. */
export const residentRecyclablesTonnes = (db: Db, regionCode: string, year: number) => recoveredTonnes(db, regionCode, year, sql`i.source IN ('booking', 'walk_in')`);

const growthFrom = (base: number, current: number) => (base > 0 ? Math.round(((current - base) / base) * 100_000) / 1000 : null);

async function recoveredThisYear(db: Db, q: FormulaQuery) {
  const soFar = await recoveredTonnes(db, q.regionCode, q.year);
  if (soFar > 0) return { soFar, current: Math.round(annualised(q.year, soFar) * 1000) / 1000, fromStatistics: null };
  const figure = await statistic(db, q.regionCode, q.year, 'recyclables_recovered_t');
  return { soFar, current: figure?.value ?? null, fromStatistics: figure ? { zh: `${q.year}年统计数据（${figure.source}）`, en: `${q.year} statistics (${figure.source})` } : null };
}

/** Medical institutions of the area (as the medical-waste coverage counts them) and the recyclables each handed to the network this year. */
const institutions = (q: FormulaQuery) => sql`
  SELECT o.id, o.name, rg.name AS region, o.industry, count(i.id)::int AS handovers, coalesce(sum(i.weight_kg), 0)::float8 AS kg, max(i.received_on)::text AS last_date
  FROM organisations o JOIN regions rg ON rg.code = o.region_code
  LEFT JOIN recycling_intake i ON i.seller_org_id = o.id AND i.source = 'institution' AND ${inYearDate(sql`i.received_on`, q.year)}
  WHERE o.kind = 'enterprise' AND o.status = 'verified' AND 'producer' = ANY(o.capabilities) AND o.industry ~ ${MEDICAL_INDUSTRY_PG} AND ${inArea(sql`o.region_code`, q.regionCode)}
  GROUP BY o.id, o.name, rg.name, o.industry`;

export const recyclingFormulas: Formula[] = [
  {
    key: 'recyclables_growth_rate',
    label: { zh: '再生资源回收量增长率 =（当年回收量 − 基准年回收量）/ 基准年回收量', en: 'Growth of recyclables recovered against the base year' },
    method: {
      zh: '当年本辖区再生资源回收网点和分拣中心电子台账的回收量（居民预约上门、居民交售、流动回收人员、单位和医疗卫生机构交售；分拣中心接收网点转运的不重复计入），与基准年（聊城市方案为2020年）回收量相比增长的百分比；基准年回收量取统计数据。当年尚未结束时，年初至今的量按已过天数折算为全年量。本辖区网点尚未在平台建账时，取当年统计数据。',
      en: 'Recyclables taken in this year by the area’s recycling stations and sorting centre, from their electronic ledgers (booked pickups, residents’ sales, mobile collectors, companies and medical institutions; a station’s load received by the sorting centre is not counted twice), as a percentage growth on the base year (2020 in 聊城’s plan), whose figure comes from the statistics. While the year runs, the quantity so far is scaled to a full year by the days gone by. Where the area’s stations keep no ledger on the platform yet, the year’s statistics are used.',
    },
    inputs: [
      { key: 'recovered', kind: 'ledger', label: { zh: '当年回收量（年初至今）', en: 'Recovered this year so far' }, unit: '吨' },
      { key: 'annualised', kind: 'ledger', label: { zh: '折算全年回收量', en: 'Recovered, as a full year' }, unit: '吨' },
      { key: 'baseline', kind: 'statistics', label: { zh: '基准年回收量', en: 'Recovered in the base year' }, unit: '吨' },
    ],
    matches: /再生资源回收量增长率/,
    units: PERCENT_UNIT,
    recordsFor: RECORDS_FOR,
    async compute(db, q) {
      const year = await recoveredThisYear(db, q);
      const base = await statisticInput(db, q.regionCode, q.baselineYear, 'recyclables_recovered_t', { zh: '再生资源回收量（基准年）', en: 'recyclables recovered (base year)' });
      const value = base.value === null || year.current === null ? null : growthFrom(base.value, year.current);
      return {
        numerator: year.current ?? 0, denominator: base.value, value,
        inputs: [
          { key: 'recovered', value: year.soFar }, { key: 'annualised', value: year.current, ...(year.fromStatistics ? { note: year.fromStatistics } : {}) },
          { key: 'baseline', value: base.value, note: base.source ? { zh: `${q.baselineYear}年统计数据（${base.source}）`, en: `${q.baselineYear} statistics (${base.source})` } : base.missing },
        ],
        missing: base.missing ?? (year.current === null ? { zh: `${q.year}年本辖区回收网点没有台账记录，也未录入统计数据`, en: `No station ledgers and no statistics for ${q.year}` } : undefined),
      };
    },
    async records(db, q, page) {
      const where = sql`o.capabilities && ARRAY['recycling_station', 'sorting_centre']::text[] AND ${inArea(sql`o.region_code`, q.regionCode)}`;
      const tonnes = sql`(SELECT coalesce(sum(i.weight_kg), 0)::float8 / 1000 FROM recycling_intake i WHERE i.site_id = o.id AND ${firstIntake(q.regionCode, q.year)})`;
      return organisationRecords(db, [{ key: 'tonnes', label: { zh: '当年回收量（吨）', en: 'Recovered this year (t)' }, kind: 'tonnes' }],
        sql`SELECT o.id, o.name, coalesce(rg.name, o.region_code) AS region, ${tonnes} AS tonnes, count(*) OVER ()::int AS total FROM organisations o LEFT JOIN regions rg ON rg.code = o.region_code WHERE ${where} ORDER BY o.region_code, o.name`,
        sql`SELECT count(*)::int AS n FROM organisations o WHERE ${where}`, page);
    },
  },
  {
    key: 'medical_recyclables_rate',
    label: { zh: '医疗卫生机构可回收物回收率 = 当年将可回收物交再生资源回收单位回收的医疗卫生机构数 / 医疗卫生机构数', en: 'Medical institutions whose recyclables went to the recycling network this year / medical institutions' },
    method: {
      zh: '平台登记的医疗卫生机构（与医疗废物收集处置体系覆盖率同一范围：医院、卫生院、诊所、社区卫生服务中心等）中，当年有未被污染的输液瓶（袋）等可回收物交再生资源回收网点或分拣中心、记入其电子台账的机构数，除以医疗卫生机构数；机构数取平台登记数与统计部门录入数中的较大者。交售重量一并列出。',
      en: 'Of the medical institutions registered on the platform (the same population as the medical-waste coverage: hospitals, township health centres, clinics, community health centres …), those whose uncontaminated infusion bottles and bags or other recyclables reached a recycling station or sorting centre this year, entered in its electronic ledger, over the number of medical institutions: the larger of those registered and the statistics bureau’s count. The weight handed over is shown alongside.',
    },
    inputs: [
      { key: 'covered', kind: 'ledger', label: { zh: '当年交售可回收物的机构', en: 'Institutions that handed recyclables over' }, unit: '个' },
      ...MEDICAL_POPULATION_INPUTS,
      { key: 'tonnes', kind: 'ledger', label: { zh: '交售可回收物重量', en: 'Recyclables handed over' }, unit: '吨' },
    ],
    matches: /医疗卫生机构可回收物回收率/,
    units: PERCENT_UNIT,
    recordsFor: ['commerce', 'health'],
    async compute(db, q) {
      const [row] = await rows<{ covered: number; registered: number; kg: number; sites: number }>(db, sql`SELECT count(*) FILTER (WHERE handovers > 0)::int AS covered, count(*)::int AS registered, coalesce(sum(kg), 0)::float8 AS kg,
        (SELECT count(*)::int FROM recycling_sites s WHERE ${inArea(sql`s.region_code`, q.regionCode)}) AS sites FROM (${institutions(q)}) u`);
      const { all, inputs: population } = await medicalPopulation(db, q, row.registered);
      // Without a recycling station on the platform there is nothing to count yet: no value, rather than a 0 % that blames the hospitals.
      if (!row.sites && !row.covered) {
        return { numerator: 0, denominator: all, value: null, inputs: [{ key: 'covered', value: null }, ...population, { key: 'tonnes', value: null }],
          missing: { zh: '本辖区再生资源回收网点尚未在平台建立电子台账', en: 'No recycling station of the area keeps its ledger on the platform yet' } };
      }
      return {
        numerator: row.covered, denominator: all, value: percent(row.covered, all),
        inputs: [{ key: 'covered', value: row.covered }, ...population, { key: 'tonnes', value: Math.round(row.kg) / 1000 }],
        ...(all ? {} : { missing: { zh: '本辖区没有登记的医疗卫生机构', en: 'No medical institution is registered in the area' } }),
      };
    },
    records: (db, q, page) => organisationRecords(db, [
      { key: 'industry', label: { zh: '行业', en: 'Industry' } },
      { key: 'handovers', label: { zh: '当年交售次数', en: 'Hand-overs this year' }, kind: 'number' },
      { key: 'kg', label: { zh: '交售重量（千克）', en: 'Handed over (kg)' }, kind: 'number' },
      { key: 'lastDate', label: { zh: '最近一次交售', en: 'Last hand-over' }, kind: 'date' },
    ], sql`SELECT id, name, region, industry, handovers, round(kg::numeric, 1)::float8 AS kg, last_date AS "lastDate", count(*) OVER ()::int AS total FROM (${institutions(q)}) u ORDER BY handovers, name`,
    sql`SELECT count(*)::int AS n FROM (${institutions(q)}) u`, page),
  },
];
