import { sql, type SQL } from 'drizzle-orm';
import { regionScopePrefix } from '../../domain/region-code';
import { incinerationShare, type FacilityKind } from '../../domain/household';
import { CLEARED_KINDS, SOURCE } from './weighbridge';
import { residentRecyclablesTonnes } from '../recycling/formulas';
import { annualised, PERCENT_UNIT, percent, yearElapsed, type Formula, type RecordsPage, type Text } from '../indicators/formula';

// 生活垃圾 indicators (ADR 0006), from the household register and the weighbridges' daily sums:
// 清运量 (all, or other waste only), 回收利用率 and 资源化利用率, the sorting coverage of communities
// and of villages, and 焚烧处理能力占比. Tonnes count where a load is finally weighed (CLEARED_AT),
// by the town it came from (else the facility's place), so a transfer station's load is not counted twice.

const RECORDS_FOR = ['urban', 'housing'] as const;
const like = (regionCode: string) => `${regionScopePrefix(regionCode)}%`;
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** The last day of the year that has data: 31 December, or today while the year runs. */
const asOf = (year: number) => { const today = shanghaiToday(); return `${year}-12-31` < today ? `${year}-12-31` : today; };

/** The year's tonnes weighed at the clearing facilities, by class, for the area. */
async function yearTonnes(db: Parameters<Formula['compute']>[0], regionCode: string, year: number) {
  const rows = (await db.execute<{ waste_class: string; kind: FacilityKind; t: number; days: number }>(sql`
    SELECT d.waste_class, f.kind, sum(d.net_t)::float8 AS t, count(DISTINCT d.day)::int AS days
    FROM weighbridge_daily d JOIN household_facilities f ON f.id = d.facility_id
    WHERE f.kind IN (${CLEARED_KINDS}) AND ${SOURCE} LIKE ${like(regionCode)} AND d.day >= make_date(${year}, 1, 1) AND d.day < make_date(${year + 1}, 1, 1)
    GROUP BY 1, 2`)).rows;
  const of = (test: (r: { waste_class: string; kind: FacilityKind }) => boolean) => rows.filter(test).reduce((s, r) => s + r.t, 0);
  return { rows, of, total: of(() => true), days: rows.reduce((m, r) => Math.max(m, r.days), 0) };
}

/** The facilities that weighed the year's tonnes, with theirs: the records behind a tonnage. */
async function facilityRecords(db: Parameters<Formula['compute']>[0], regionCode: string, year: number, classes: SQL, page: { offset: number; limit: number }): Promise<RecordsPage> {
  const rows = (await db.execute<{ id: string; name: string; kind: FacilityKind; region: string; t: number; tickets: number; total: number }>(sql`
    SELECT f.id, f.name, f.kind, coalesce(rg.name, f.region_code) AS region, sum(d.net_t)::float8 AS t, sum(d.tickets)::int AS tickets, count(*) OVER ()::int AS total
    FROM weighbridge_daily d JOIN household_facilities f ON f.id = d.facility_id LEFT JOIN regions rg ON rg.code = f.region_code
    WHERE f.kind IN (${CLEARED_KINDS}) AND ${SOURCE} LIKE ${like(regionCode)} AND d.day >= make_date(${year}, 1, 1) AND d.day < make_date(${year + 1}, 1, 1) AND ${classes}
    GROUP BY f.id, f.name, f.kind, rg.name, f.region_code ORDER BY t DESC, f.name LIMIT ${page.limit} OFFSET ${page.offset}`)).rows;
  return {
    columns: [{ key: 'facility', label: { zh: '设施', en: 'Facility' } }, { key: 'region', label: { zh: '所在区域', en: 'Area' } }, { key: 'tickets', label: { zh: '磅单数', en: 'Tickets' }, kind: 'number' }, { key: 'tonnes', label: { zh: '净重（吨）', en: 'Net (t)' }, kind: 'tonnes' }],
    items: rows.map((r) => ({ id: r.id, href: '/household', cells: { facility: r.name, region: r.region, tickets: r.tickets, tonnes: Math.round(r.t * 1000) / 1000 } })),
    total: rows[0]?.total ?? 0,
  };
}

function clearedTonnage(spec: { key: string; label: Text; matches: RegExp; classes: readonly string[] | null; what: Text }): Formula {
  const only = spec.classes ? sql`d.waste_class IN (${sql.join(spec.classes.map((c) => sql`${c}`), sql`, `)})` : sql`true`;
  return {
    key: spec.key,
    label: spec.label,
    method: {
      zh: `当年各生活垃圾处理设施（焚烧厂、卫生填埋场、餐厨垃圾处理厂、可回收物分拣中心）地磅称重的${spec.what.zh}净重之和，按垃圾来源镇街（未注明的按设施所在地）计入本辖区；经中转站的垃圾只在最终设施计一次；更正、作废的磅单以最新版本计。年度未结束时，按已过天数折算为全年（已称重量与折算量均列出）；单位为万吨时换算。`,
      en: `The net weight of ${spec.what.en} weighed in the year at the household-waste facilities (incineration, sanitary landfill, kitchen-waste plant, recyclables sorting centre), counted in the area the load came from (else where it was weighed); a load through a transfer station counts once, where it ends; a corrected or cancelled ticket counts as its latest version. While the year runs, the tonnes so far are scaled to a full year by the days gone by (both shown); converted to 万吨 where the indicator says so.`,
    },
    inputs: [
      { key: 'soFar', kind: 'weighbridge', label: { zh: `已称重${spec.what.zh}`, en: `${spec.what.en} weighed so far` }, unit: '吨' },
      { key: 'annualised', kind: 'weighbridge', label: { zh: '折算全年', en: 'Scaled to the year' }, unit: '吨' },
      { key: 'days', kind: 'weighbridge', label: { zh: '有称重数据的天数', en: 'Days with weighings' }, unit: '天' },
    ],
    matches: spec.matches,
    units: /^(万吨|吨|t|)$/,
    recordsFor: RECORDS_FOR,
    async compute(db, { regionCode, year, unit }) {
      const tonnes = await yearTonnes(db, regionCode, year);
      const soFar = spec.classes ? tonnes.of((r) => spec.classes!.includes(r.waste_class)) : tonnes.total;
      if (!tonnes.days || yearElapsed(year) === 0) return { numerator: soFar, denominator: null, value: null, inputs: [{ key: 'soFar', value: soFar }, { key: 'annualised', value: null }, { key: 'days', value: tonnes.days }], missing: { zh: `${year}年本辖区没有生活垃圾处理设施的称重记录`, en: `No weighbridge records of household-waste facilities in ${year}` } };
      const year_ = annualised(year, soFar);
      const value = unit === '万吨' ? Math.round(year_ / 100) / 100 : Math.round(year_ * 10) / 10;
      return { numerator: year_, denominator: null, value, inputs: [{ key: 'soFar', value: Math.round(soFar * 1000) / 1000 }, { key: 'annualised', value: Math.round(year_ * 10) / 10 }, { key: 'days', value: tonnes.days }] };
    },
    records: (db, { regionCode, year }, page) => facilityRecords(db, regionCode, year, only, page),
  };
}

function recoveredShare(spec: { key: string; label: Text; matches: RegExp; recovered: (r: { waste_class: string; kind: FacilityKind }) => boolean; method: Text; recoveredLabel: Text }): Formula {
  return {
    key: spec.key,
    label: spec.label,
    method: spec.method,
    inputs: [
      { key: 'recovered', kind: 'weighbridge', label: spec.recoveredLabel, unit: '吨' },
      { key: 'total', kind: 'weighbridge', label: { zh: '生活垃圾清运量（已称重）', en: 'Household waste weighed' }, unit: '吨' },
      { key: 'renewable', kind: 'ledger', label: { zh: '居民交售再生资源回收网点的可回收物', en: 'Recyclables residents sold to the recycling network' }, unit: '吨' },
    ],
    matches: spec.matches,
    units: PERCENT_UNIT,
    recordsFor: RECORDS_FOR,
    async compute(db, { regionCode, year }) {
      const [tonnes, renewable] = await Promise.all([yearTonnes(db, regionCode, year), residentRecyclablesTonnes(db, regionCode, year)]);
      // What residents sell to the recycling network never reaches a weighbridge: it is recovered, and part of what households discard.
      const recovered = tonnes.of(spec.recovered) + renewable, total = tonnes.total + renewable;
      return {
        numerator: recovered, denominator: total, value: percent(recovered, total),
        inputs: [{ key: 'recovered', value: Math.round(recovered * 1000) / 1000 }, { key: 'total', value: Math.round(tonnes.total * 1000) / 1000 }, { key: 'renewable', value: renewable }],
        ...(tonnes.total ? {} : { missing: { zh: `${year}年本辖区没有生活垃圾处理设施的称重记录`, en: `No weighbridge records of household-waste facilities in ${year}` } }),
      };
    },
    records: (db, { regionCode, year }, page) => facilityRecords(db, regionCode, year, sql`true`, page),
  };
}

function sortingCoverage(spec: { key: string; kind: 'community' | 'village'; matches: RegExp; label: Text; what: Text }): Formula {
  const latest = (day: string) => sql`JOIN LATERAL (SELECT s.households, s.sorted_deposit AND s.sorted_collection AND s.sorted_transport AND s.sorted_treatment AS covered
    FROM household_place_status s WHERE s.place_id = p.id AND s.as_of <= ${day}::date ORDER BY s.as_of DESC, s.created_at DESC LIMIT 1) s ON true`;
  const where = (regionCode: string) => sql`p.kind = ${spec.kind} AND p.region_code LIKE ${like(regionCode)}`;
  return {
    key: spec.key,
    label: spec.label,
    method: {
      zh: `按小区（村）名录在年末（年度未结束时为今天）的状态：投放、收集、运输、处理四个环节均已分类的${spec.what.zh}的户数，除以全部${spec.what.zh}的户数；状态按日期记录，取当日有效的一条。`,
      en: `From the register as it stood at the year’s end (today while the year runs): households in ${spec.what.en} sorted at all four stages (deposit, collection, transport, treatment) over all households in ${spec.what.en}; each place counts with its status in force on that day.`,
    },
    inputs: [
      { key: 'covered', kind: 'registry', label: { zh: `四环节分类的${spec.what.zh}户数`, en: `Households in ${spec.what.en} sorted at all stages` }, unit: '户' },
      { key: 'households', kind: 'registry', label: { zh: `${spec.what.zh}总户数`, en: `Households in ${spec.what.en}` }, unit: '户' },
      { key: 'places', kind: 'registry', label: { zh: `登记的${spec.what.zh}数`, en: `${spec.what.en} registered` }, unit: '个' },
    ],
    matches: spec.matches,
    units: PERCENT_UNIT,
    recordsFor: RECORDS_FOR,
    async compute(db, { regionCode, year }) {
      const [row] = (await db.execute<{ covered: number; households: number; places: number }>(sql`
        SELECT coalesce(sum(s.households) FILTER (WHERE s.covered), 0)::int AS covered, coalesce(sum(s.households), 0)::int AS households, count(*)::int AS places
        FROM household_places p ${latest(asOf(year))} WHERE ${where(regionCode)}`)).rows;
      return {
        numerator: row.covered, denominator: row.households, value: percent(row.covered, row.households),
        inputs: [{ key: 'covered', value: row.covered }, { key: 'households', value: row.households }, { key: 'places', value: row.places }],
        ...(row.households ? {} : { missing: { zh: `本辖区名录中没有${spec.what.zh}`, en: `The area’s register has no ${spec.what.en}` } }),
      };
    },
    async records(db, { regionCode, year }, page) {
      const rows = (await db.execute<{ id: string; name: string; region: string; households: number; covered: boolean; total: number }>(sql`
        SELECT p.id, p.name, coalesce(rg.name, p.region_code) AS region, s.households, s.covered, count(*) OVER ()::int AS total
        FROM household_places p ${latest(asOf(year))} LEFT JOIN regions rg ON rg.code = p.region_code WHERE ${where(regionCode)}
        ORDER BY p.region_code, p.name, p.id LIMIT ${page.limit} OFFSET ${page.offset}`)).rows;
      return {
        columns: [{ key: 'place', label: spec.kind === 'community' ? { zh: '小区', en: 'Community' } : { zh: '行政村', en: 'Village' } }, { key: 'region', label: { zh: '镇街', en: 'Town' } },
          { key: 'households', label: { zh: '户数', en: 'Households' }, kind: 'number' }, { key: 'covered', label: { zh: '四环节分类', en: 'Sorted at all stages' } }],
        items: rows.map((r) => ({ id: r.id, href: '/household', cells: { place: r.name, region: r.region, households: r.households, covered: r.covered ? '✓' : '✗' } })),
        total: rows[0]?.total ?? 0,
      };
    },
  };
}

const capacityShare: Formula = {
  key: 'household_incineration_capacity_share',
  label: { zh: '生活垃圾焚烧处理能力占比 = 焚烧处理能力 / 生活垃圾无害化处理能力', en: 'Incineration capacity / all household-waste treatment capacity (t/d)' },
  method: {
    zh: '设施名录中在用的生活垃圾焚烧厂的设计处理能力（吨/日）之和，除以在用的焚烧厂与卫生填埋场处理能力之和；餐厨垃圾、粪便处理设施不计；按设施所在区域统计，取当前名录。',
    en: 'The design capacity (t/d) of the incineration plants in use, over that of the incineration plants and sanitary landfills in use; kitchen-waste and faecal-sludge plants are left out; by where the facility is, from the register as it stands.',
  },
  inputs: [
    { key: 'incineration', kind: 'registry', label: { zh: '焚烧处理能力', en: 'Incineration capacity' }, unit: '吨/日' },
    { key: 'treatment', kind: 'registry', label: { zh: '无害化处理能力', en: 'Treatment capacity' }, unit: '吨/日' },
  ],
  matches: /焚烧处理能力占比/,
  units: PERCENT_UNIT,
  recordsFor: RECORDS_FOR,
  async compute(db, { regionCode }) {
    const rows = (await db.execute<{ kind: FacilityKind; capacity: number }>(sql`
      SELECT kind, capacity_t_per_day::float8 AS capacity FROM household_facilities WHERE status = 'in_use' AND capacity_t_per_day IS NOT NULL AND region_code LIKE ${like(regionCode)}`)).rows;
    const facilities = rows.map((r) => ({ kind: r.kind, capacityTPerDay: r.capacity }));
    const incineration = facilities.filter((f) => f.kind === 'incineration').reduce((s, f) => s + f.capacityTPerDay, 0);
    const treatment = facilities.filter((f) => f.kind === 'incineration' || f.kind === 'sanitary_landfill').reduce((s, f) => s + f.capacityTPerDay, 0);
    return {
      numerator: incineration, denominator: treatment, value: incinerationShare(facilities),
      inputs: [{ key: 'incineration', value: incineration }, { key: 'treatment', value: treatment }],
      ...(treatment ? {} : { missing: { zh: '本辖区设施名录中没有在用的焚烧厂或卫生填埋场', en: 'No incineration plant or sanitary landfill in use in the area’s register' } }),
    };
  },
  async records(db, { regionCode }, page) {
    const rows = (await db.execute<{ id: string; name: string; kind: FacilityKind; capacity: number | null; status: string; total: number }>(sql`
      SELECT id, name, kind, capacity_t_per_day::float8 AS capacity, status, count(*) OVER ()::int AS total FROM household_facilities
      WHERE kind IN ('incineration', 'sanitary_landfill') AND region_code LIKE ${like(regionCode)} ORDER BY kind, name LIMIT ${page.limit} OFFSET ${page.offset}`)).rows;
    return {
      columns: [{ key: 'facility', label: { zh: '设施', en: 'Facility' } }, { key: 'kind', label: { zh: '类型', en: 'Kind' } }, { key: 'capacity', label: { zh: '处理能力（吨/日）', en: 'Capacity (t/d)' }, kind: 'number' }, { key: 'status', label: { zh: '状态', en: 'Status' } }],
      items: rows.map((r) => ({ id: r.id, href: '/household', cells: { facility: r.name, kind: r.kind === 'incineration' ? '焚烧厂' : '卫生填埋场', capacity: r.capacity, status: r.status === 'in_use' ? '在用' : '停用' } })),
      total: rows[0]?.total ?? 0,
    };
  },
};

const recovered = (r: { waste_class: string }) => r.waste_class === 'recyclable' || r.waste_class === 'kitchen';

export const householdFormulas: Formula[] = [
  clearedTonnage({
    key: 'household_cleared', matches: /^生活垃圾清运量/, classes: null, what: { zh: '生活垃圾', en: 'household waste' },
    label: { zh: '生活垃圾清运量 = 当年生活垃圾处理设施地磅净重之和', en: 'Net weight of household waste weighed at the treatment facilities in the year' },
  }),
  clearedTonnage({
    key: 'household_other_cleared', matches: /其他生活垃圾清运量|其他垃圾清运量/, classes: ['other', 'mixed'], what: { zh: '其他垃圾（含混合垃圾）', en: 'residual waste (mixed included)' },
    label: { zh: '其他生活垃圾清运量 = 当年处理设施地磅称重的其他垃圾与混合垃圾净重之和', en: 'Net weight of residual and mixed waste weighed at the treatment facilities in the year' },
  }),
  recoveredShare({
    key: 'household_recovery_rate', matches: /生活垃圾回收利用率/, recovered,
    label: { zh: '生活垃圾回收利用率 = (可回收物 + 厨余垃圾 + 居民交售的再生资源) / (生活垃圾清运量 + 居民交售的再生资源)', en: '(Recyclables + kitchen waste + recyclables residents sold) / (household waste weighed + recyclables residents sold)' },
    recoveredLabel: { zh: '可回收物与厨余垃圾', en: 'Recyclables and kitchen waste' },
    method: {
      zh: '当年可回收物分拣中心称重的可回收物、餐厨（厨余）垃圾处理厂称重的厨余垃圾，与居民交售再生资源回收网点（预约上门回收和到站交售，按网点电子台账）的可回收物之和，除以生活垃圾清运量（处理设施地磅净重，按来源镇街计入）与居民交售量之和。',
      en: 'Recyclables weighed at the sorting centre, kitchen waste weighed at the kitchen-waste plant, and the recyclables residents sold to the recycling network (booked pickups and sales at a station, from the stations’ ledgers) in the year, over all household waste weighed at the treatment facilities (by the town of origin) plus what residents sold.',
    },
  }),
  recoveredShare({
    key: 'household_resource_rate', matches: /生活垃圾资源化利用率/, recovered: (r) => recovered(r) || (r.kind === 'incineration' && (r.waste_class === 'other' || r.waste_class === 'mixed')),
    label: { zh: '生活垃圾资源化利用率 = (可回收物 + 厨余垃圾 + 焚烧发电的其他垃圾 + 居民交售的再生资源) / (生活垃圾清运量 + 居民交售的再生资源)', en: '(Recyclables + kitchen waste + residual waste incinerated with energy recovery + recyclables residents sold) / (household waste weighed + recyclables residents sold)' },
    recoveredLabel: { zh: '回收利用与焚烧发电量', en: 'Recovered and incinerated with energy recovery' },
    method: {
      zh: '当年可回收物、厨余垃圾、进入焚烧发电厂的其他垃圾（能量回收），以及居民交售再生资源回收网点的可回收物，除以生活垃圾清运量与居民交售量之和；进入卫生填埋场的不计入分子。',
      en: 'Recyclables, kitchen waste, residual waste delivered to the waste-to-energy plant, and the recyclables residents sold to the recycling network in the year, over all household waste weighed plus what residents sold; what goes to a sanitary landfill does not count as recovered.',
    },
  }),
  sortingCoverage({ key: 'household_community_coverage', kind: 'community', matches: /居民小区生活垃圾分类覆盖率/, what: { zh: '居民小区', en: 'residential communities' },
    label: { zh: '城市居民小区生活垃圾分类覆盖率 = 四环节分类小区户数 / 小区总户数', en: 'Households in communities sorted at all four stages / households in communities' } }),
  sortingCoverage({ key: 'household_village_coverage', kind: 'village', matches: /农村地区生活垃圾分类覆盖率/, what: { zh: '行政村', en: 'villages' },
    label: { zh: '农村地区生活垃圾分类覆盖率 = 四环节分类行政村户数 / 行政村总户数', en: 'Households in villages sorted at all four stages / households in villages' } }),
  capacityShare,
];
