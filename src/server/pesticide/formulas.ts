import { sql } from 'drizzle-orm';
import { PERCENT_UNIT, percent, type Formula } from '../indicators/formula';
import { inArea, inYearDate, organisationRecords, rows, statisticInput } from '../indicators/formula-sql';

// 农药包装废弃物回收率 (天桥 indicator 19; 临清 task 20 asks ≥ 80 % by 2025): packages the area's
// stations received over packages its dealers sold, in the year. Returns count at the station only:
// a dealer's take-back is handed over to the station and counting both would count a package twice.

const RECORDS_FOR = ['agriculture'] as const;

async function yearFigures(db: Parameters<Formula['compute']>[0], regionCode: string, year: number) {
  const [row] = await rows<{ sold: number; soldKg: number; received: number; receivedKg: number; dealers: number; stations: number }>(db, sql`
    SELECT (SELECT coalesce(sum(package_count), 0)::int FROM pesticide_sales s WHERE ${inArea(sql`s.region_code`, regionCode)} AND ${inYearDate(sql`s.sold_on`, year)}) AS sold,
      (SELECT coalesce(sum(package_count * package_weight_g) / 1000.0, 0)::float8 FROM pesticide_sales s WHERE ${inArea(sql`s.region_code`, regionCode)} AND ${inYearDate(sql`s.sold_on`, year)}) AS "soldKg",
      (SELECT coalesce(sum(bottle_count + bag_count + drum_count), 0)::int FROM pesticide_receipts r WHERE ${inArea(sql`r.region_code`, regionCode)} AND ${inYearDate(sql`r.received_on`, year)}) AS received,
      (SELECT coalesce(sum(weight_kg), 0)::float8 FROM pesticide_receipts r WHERE ${inArea(sql`r.region_code`, regionCode)} AND ${inYearDate(sql`r.received_on`, year)}) AS "receivedKg"`);
  return row;
}

export const pesticideFormulas: Formula[] = [{
  key: 'pesticide_packaging_recovery_rate',
  label: { zh: '农药包装废弃物回收率 = 收储站点接收的包装废弃物数量 / 农药经营门店销售的包装数量（按个数；按重量同时列出）', en: 'Pesticide packages received by the collection stations / packages the dealers sold (by count; by weight alongside)' },
  method: {
    zh: '当年各镇街收储站点接收的农药包装废弃物（经营门店交站与农户直接交回之和）个数，除以本辖区农药经营门店当年销售的农药包装个数；经营门店从农户处回收的包装在交站时计入，不重复计算。按重量的回收率（接收称重 ÷ 销售包装空重之和）一并列出。辖区内没有经营门店销售记录时，取统计数据中的农药包装物销售量和回收量。',
    en: 'Pesticide packages received this year by the town collection stations (handed over by dealers and brought by farmers) over the packages the area’s dealers sold this year; what a dealer takes back counts when it reaches the station, never twice. The rate by weight (weighed at the station over the empty packaging sold) is shown alongside. Without dealers’ sales in the area, the statistics’ packages sold and recovered are used.',
  },
  inputs: [
    { key: 'received', kind: 'registry', label: { zh: '收储站点接收数量', en: 'Received at the stations' }, unit: '个' },
    { key: 'sold', kind: 'registry', label: { zh: '经营门店销售包装数量', en: 'Packages sold by dealers' }, unit: '个' },
    { key: 'receivedKg', kind: 'registry', label: { zh: '收储站点接收重量', en: 'Weight received at the stations' }, unit: 'kg' },
    { key: 'soldKg', kind: 'registry', label: { zh: '销售包装空重', en: 'Empty packaging sold' }, unit: 'kg' },
    { key: 'byWeight', kind: 'registry', label: { zh: '按重量的回收率', en: 'Rate by weight' }, unit: '%' },
    { key: 'statisticsSold', kind: 'statistics', label: { zh: '农药包装物销售量（统计）', en: 'Packages sold (statistics)' }, unit: '个' },
    { key: 'statisticsRecovered', kind: 'statistics', label: { zh: '农药包装废弃物回收量（统计）', en: 'Packages recovered (statistics)' }, unit: '个' },
  ],
  matches: /农药包装废弃物回收率/,
  units: PERCENT_UNIT,
  recordsFor: RECORDS_FOR,
  async compute(db, { regionCode, year }) {
    const f = await yearFigures(db, regionCode, year);
    const byWeight = percent(f.receivedKg, f.soldKg);
    const platform = [
      { key: 'received', value: f.received }, { key: 'sold', value: f.sold },
      { key: 'receivedKg', value: Math.round(f.receivedKg * 10) / 10 }, { key: 'soldKg', value: Math.round(f.soldKg * 10) / 10 }, { key: 'byWeight', value: byWeight },
    ];
    if (f.sold > 0) {
      return { numerator: f.received, denominator: f.sold, value: percent(f.received, f.sold), inputs: [...platform, { key: 'statisticsSold', value: null, note: { zh: '不采用：有经营门店销售记录', en: 'Not used: the dealers’ sales are on record' } }, { key: 'statisticsRecovered', value: null }] };
    }
    const sold = await statisticInput(db, regionCode, year, 'pesticide_packages_sold', { zh: '农药包装物销售量', en: 'pesticide packages sold' });
    const recovered = await statisticInput(db, regionCode, year, 'pesticide_packages_recovered', { zh: '农药包装废弃物回收量', en: 'pesticide packages recovered' });
    const source = sold.source ? { zh: `统计数据（${sold.source}）`, en: `Statistics (${sold.source})` } : undefined;
    return {
      numerator: recovered.value ?? 0, denominator: sold.value, value: sold.value && recovered.value !== null ? percent(recovered.value, sold.value) : null,
      inputs: [...platform, { key: 'statisticsSold', value: sold.value, note: source ?? sold.missing }, { key: 'statisticsRecovered', value: recovered.value, note: recovered.missing }],
      missing: sold.missing ?? recovered.missing,
    };
  },
  async records(db, { regionCode, year }, page) {
    const where = sql`o.capabilities && ARRAY['agri_dealer', 'collection_station']::text[] AND ${inArea(sql`o.region_code`, regionCode)}`;
    const sold = sql`(SELECT coalesce(sum(s.package_count), 0)::int FROM pesticide_sales s WHERE s.dealer_id = o.id AND ${inYearDate(sql`s.sold_on`, year)})`;
    const received = sql`(SELECT coalesce(sum(r.bottle_count + r.bag_count + r.drum_count), 0)::int FROM pesticide_receipts r WHERE r.station_id = o.id AND ${inYearDate(sql`r.received_on`, year)})`;
    return organisationRecords(db, [
      { key: 'sold', label: { zh: '销售包装（个）', en: 'Packages sold' }, kind: 'number' },
      { key: 'received', label: { zh: '站点接收（个）', en: 'Received at the station' }, kind: 'number' },
    ], sql`SELECT o.id, o.name, coalesce(rg.name, o.region_code) AS region, ${sold} AS sold, ${received} AS received, count(*) OVER ()::int AS total
      FROM organisations o LEFT JOIN regions rg ON rg.code = o.region_code WHERE ${where} ORDER BY o.region_code, o.name`,
    sql`SELECT count(*)::int AS n FROM organisations o WHERE ${where}`, page);
  },
}];
