import { sql } from 'drizzle-orm';
import { projects } from '../tasks/schema';
import { regionScopePrefix } from '../../domain/region-code';
import { streamFormulas } from '../streams';
import { registerFormulas } from '../registers/formulas';
import { constructionAttributeFormulas } from '../construction/formulas';
import { householdFormulas } from '../household/formulas';
import { strawFormulas } from '../straw/formulas';
import { filmFormulas } from '../film/formulas';
import { farmInputFormulas } from '../farm-inputs/formulas';
import { complaintFormulas } from '../complaints/formulas';
import { caseFormulas } from '../cases/formulas';
import { creditFormulas } from '../credit/formulas';
import { percent as rate, PERCENT_UNIT, type Formula } from './formula';
import { surveyFormulas } from '../surveys/formulas';
import { inArea, inYearDate, manifestRecords, rows } from './formula-sql';

export type { Formula, Computed, FormulaQuery } from './formula';

export const FORMULAS: Formula[] = [
  {
    key: 'project_investment',
    label: { zh: '“无废城市”建设项目投资总额 = 项目清单总投资之和', en: 'Total investment of the plan’s project list' },
    method: {
      zh: '本辖区项目清单中所有项目的总投资之和（万元，按指标单位换算为亿元或元）；市级含所辖县区的项目。',
      en: 'The total investment of every project on the area’s project list (万元, converted to the indicator’s unit); a city includes its counties’ projects.',
    },
    inputs: [{ key: 'investment', kind: 'registry', label: { zh: '项目清单总投资', en: 'Project list investment' }, unit: '万元' }],
    matches: /项目.*投资(总额|额)|投资总额/,
    units: /^(亿元|万元|元|)$/,
    async compute(db, { regionCode, unit }) {
      const [row] = await db.select({ wan: sql<number>`coalesce(sum(${projects.investmentWanYuan}), 0)`.mapWith(Number), n: sql<number>`count(*)`.mapWith(Number) })
        .from(projects).where(sql`${projects.regionCode} LIKE ${`${regionScopePrefix(regionCode)}%`}`);
      if (!row.n) return { numerator: 0, denominator: null, value: null };
      const value = /亿/.test(unit) ? row.wan / 10_000 : /^元$/.test(unit) ? row.wan * 10_000 : row.wan;
      return { numerator: row.wan, denominator: null, value: Math.round(value * 100) / 100, inputs: [{ key: 'investment', value: row.wan }] };
    },
    async records(db, { regionCode }, page) {
      const found = await rows<{ id: string; name: string; region: string; wan: number; status: string; total: number }>(db, sql`
        SELECT p.id, p.name, coalesce(rg.name, p.region_code) AS region, p.investment_wan_yuan::float8 AS wan, p.status, count(*) OVER ()::int AS total
        FROM projects p LEFT JOIN regions rg ON rg.code = p.region_code WHERE ${inArea(sql`p.region_code`, regionCode)}
        ORDER BY p.investment_wan_yuan DESC NULLS LAST, p.name LIMIT ${page.limit} OFFSET ${page.offset}`);
      return {
        columns: [{ key: 'name', label: { zh: '项目', en: 'Project' } }, { key: 'region', label: { zh: '所在区域', en: 'Area' } }, { key: 'investment', label: { zh: '总投资（万元）', en: 'Investment (10,000 yuan)' }, kind: 'number' }, { key: 'status', label: { zh: '状态', en: 'Status' } }],
        items: found.map((f) => ({ id: f.id, href: '/projects', cells: { name: f.name, region: f.region, investment: f.wan, status: f.status } })),
        total: found[0]?.total ?? 0,
      };
    },
  },
  {
    key: 'construction_recycling_rate',
    label: { zh: '建筑垃圾资源化利用率 = 进入资源化利用厂的量 / 运出并接收的建筑垃圾总量', en: 'Construction waste received by recycling plants / all construction waste received' },
    method: {
      zh: '当年计划日期的建筑垃圾联单中，已接收且接收场所为资源化利用厂的接收量，除以全部已接收量；按项目所在区域统计。',
      en: 'Construction manifests planned this year and received: the weight received by recycling plants over all weight received, by the project’s area.',
    },
    inputs: [
      { key: 'recycled', kind: 'manifests', label: { zh: '资源化利用厂接收量', en: 'Received by recycling plants' }, unit: '吨' },
      { key: 'total', kind: 'manifests', label: { zh: '接收总量', en: 'All received' }, unit: '吨' },
    ],
    matches: /建筑垃圾.*(资源化|综合)利用率/,
    recordsFor: ['housing', 'urban'],
    units: PERCENT_UNIT,
    async compute(db, { regionCode, year }) {
      const [row] = (await db.execute<{ recycled: number; total: number }>(sql`
        SELECT coalesce(sum(m.received_weight_t) FILTER (WHERE s.kind = 'recycling'), 0)::float8 AS recycled, coalesce(sum(m.received_weight_t), 0)::float8 AS total
        FROM manifests m JOIN construction_projects p ON p.id = (m.data->>'projectId')::uuid JOIN disposal_sites s ON s.id = (m.data->>'siteId')::uuid
        WHERE m.stream = 'construction' AND m.status IN ('received', 'partially_refused') AND p.region_code LIKE ${`${regionScopePrefix(regionCode)}%`}
          AND m.planned_date >= make_date(${year}, 1, 1) AND m.planned_date < make_date(${year + 1}, 1, 1)`)).rows;
      return { numerator: row.recycled, denominator: row.total, value: rate(row.recycled, row.total), inputs: [{ key: 'recycled', value: row.recycled }, { key: 'total', value: row.total }] };
    },
    records: (db, { regionCode, year }, page) => manifestRecords(db, sql`m.stream = 'construction' AND m.status IN ('received', 'partially_refused') AND ${inYearDate(sql`m.planned_date`, year)}
      AND EXISTS (SELECT 1 FROM construction_projects cp WHERE cp.id = (m.data->>'projectId')::uuid AND ${inArea(sql`cp.region_code`, regionCode)})`, sql`m.received_weight_t`, page),
  },
  {
    key: 'construction_discharge_per_area',
    label: { zh: '新建建筑施工现场建筑废弃物排放量 = 新建项目运出的工程垃圾、拆除垃圾、装修垃圾（吨）/ 建筑面积（万平方米）', en: 'Construction waste (without muck and slurry) sent off new-build sites, t per 10,000 m² of floor area' },
    // 不包括工程渣土、工程泥浆: only 工程垃圾, 拆除垃圾 and 装修垃圾 count.
    method: {
      zh: '当年新建项目运出的工程垃圾、拆除垃圾、装修垃圾（不含工程渣土、工程泥浆），以接收量（无则提货量、申报量）计，除以这些项目的建筑面积（万平方米）。',
      en: 'Construction waste (without muck and slurry) sent off new-build sites this year, by received (else picked-up, else declared) weight, over those projects’ floor area in 10,000 m².',
    },
    inputs: [
      { key: 'sent', kind: 'manifests', label: { zh: '新建项目运出量', en: 'Sent off new-build sites' }, unit: '吨' },
      { key: 'area', kind: 'registry', label: { zh: '建筑面积', en: 'Floor area' }, unit: '万平方米' },
    ],
    matches: /施工现场建筑(废弃物|垃圾).*排放量/,
    recordsFor: ['housing', 'urban'],
    units: /^吨\/万(平方米|m2|㎡)$/,
    async compute(db, { regionCode, year }) {
      // New-build projects of the area that sent loads off this year, with their floor area once each.
      const [row] = (await db.execute<{ t: number; area: number }>(sql`
        WITH sent AS (
          SELECT p.id, p.floor_area_m2, sum(coalesce(m.received_weight_t, (m.data->>'pickupWeightT')::numeric, m.declared_weight_t)) AS t
          FROM manifests m JOIN construction_projects p ON p.id = (m.data->>'projectId')::uuid
          WHERE m.stream = 'construction' AND m.status IN ('in_transit', 'received', 'partially_refused') AND p.kind = 'new' AND m.waste_code NOT IN ('CW01', 'CW02')
            AND p.region_code LIKE ${`${regionScopePrefix(regionCode)}%`} AND m.planned_date >= make_date(${year}, 1, 1) AND m.planned_date < make_date(${year + 1}, 1, 1)
          GROUP BY p.id, p.floor_area_m2)
        SELECT coalesce(sum(t), 0)::float8 AS t, coalesce(sum(floor_area_m2), 0)::float8 / 10000 AS area FROM sent`)).rows;
      return { numerator: row.t, denominator: row.area || null, value: row.area > 0 ? Math.round((row.t / row.area) * 100) / 100 : null, inputs: [{ key: 'sent', value: row.t }, { key: 'area', value: row.area }] };
    },
    records: (db, { regionCode, year }, page) => manifestRecords(db, sql`m.stream = 'construction' AND m.status IN ('in_transit', 'received', 'partially_refused') AND m.waste_code NOT IN ('CW01', 'CW02')
      AND ${inYearDate(sql`m.planned_date`, year)}
      AND EXISTS (SELECT 1 FROM construction_projects cp WHERE cp.id = (m.data->>'projectId')::uuid AND cp.kind = 'new' AND ${inArea(sql`cp.region_code`, regionCode)})`,
    sql`coalesce(m.received_weight_t, (m.data->>'pickupWeightT')::numeric, m.declared_weight_t)`, page),
  },
  {
    key: 'bulk_storage_rectified_share',
    label: { zh: '完成综合整治的堆场数量占比 = 整改全部销号的堆存场所 / 发现问题须整改的堆存场所', en: 'Bulk storage sites whose every rectification is signed off / sites with a rectification' },
    method: {
      zh: '截至年末：已发现问题须整改的大宗工业固体废物堆存场所中，到年末全部整改均已验收销号的场所所占比例。',
      en: 'At the end of the year: of the bulk storage sites with a problem found by then, the share whose every rectification was signed off by then.',
    },
    inputs: [
      { key: 'done', kind: 'registry', label: { zh: '整改全部销号的堆场', en: 'Sites with every rectification signed off' }, unit: '处' },
      { key: 'total', kind: 'registry', label: { zh: '须整改的堆场', en: 'Sites with a rectification' }, unit: '处' },
    ],
    matches: /堆存场所.*综合整治.*占比/,
    recordsFor: ['ecology'],
    units: PERCENT_UNIT,
    async compute(db, { regionCode, year }) {
      // As at the end of the year: a site counts once a problem was found there by then, and as done
      // when every problem found by then was signed off by then.
      const end = sql`make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, 'Asia/Shanghai')`;
      const [row] = (await db.execute<{ done: number; total: number }>(sql`
        SELECT count(*) FILTER (WHERE r.open = 0)::int AS done, count(*)::int AS total
        FROM bulk_storage_sites s
        JOIN LATERAL (SELECT count(*) FILTER (WHERE x.verified_at IS NULL OR x.verified_at >= ${end}) AS open
          FROM bulk_storage_rectifications x WHERE x.site_id = s.id AND x.found_on < make_date(${year + 1}, 1, 1)
          HAVING count(*) > 0) r ON true
        WHERE s.region_code LIKE ${`${regionScopePrefix(regionCode)}%`}`)).rows;
      return { numerator: row.done, denominator: row.total, value: rate(row.done, row.total), inputs: [{ key: 'done', value: row.done }, { key: 'total', value: row.total }] };
    },
    async records(db, { regionCode, year }, page) {
      const end = sql`make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, 'Asia/Shanghai')`;
      const found = await rows<{ id: string; name: string; region: string; found: number; open: number; total: number }>(db, sql`
        SELECT s.id, s.name, coalesce(rg.name, s.region_code) AS region, r.found::int, r.open::int, count(*) OVER ()::int AS total
        FROM bulk_storage_sites s LEFT JOIN regions rg ON rg.code = s.region_code
        JOIN LATERAL (SELECT count(*) AS found, count(*) FILTER (WHERE x.verified_at IS NULL OR x.verified_at >= ${end}) AS open
          FROM bulk_storage_rectifications x WHERE x.site_id = s.id AND x.found_on < make_date(${year + 1}, 1, 1) HAVING count(*) > 0) r ON true
        WHERE ${inArea(sql`s.region_code`, regionCode)} ORDER BY r.open DESC, s.name LIMIT ${page.limit} OFFSET ${page.offset}`);
      return {
        columns: [{ key: 'name', label: { zh: '堆存场所', en: 'Storage site' } }, { key: 'region', label: { zh: '所在区域', en: 'Area' } },
          { key: 'found', label: { zh: '发现问题', en: 'Problems found' }, kind: 'number' }, { key: 'open', label: { zh: '年末未销号', en: 'Open at year end' }, kind: 'number' }],
        items: found.map((f) => ({ id: f.id, href: '/bulk-storage', cells: { name: f.name, region: f.region, found: f.found, open: f.open } })),
        total: found[0]?.total ?? 0,
      };
    },
  },
];

/** Every formula: the platform-wide ones above, then those the streams' hook files bring (src/server/streams.ts). */
export const allFormulas = () => [...FORMULAS, ...streamFormulas(), ...registerFormulas, ...constructionAttributeFormulas, ...householdFormulas,
  // 农业固体废物 (issue 16): straw, farm film and farm-input use; the streams' own (pesticide packaging …) come through their hooks.
  ...strawFormulas, ...filmFormulas, ...farmInputFormulas,
  // 信访投诉举报 (issue 18): row 41.
  ...complaintFormulas,
  // 群众获得感 (issue 18): rows 43–45 from the answers to bound survey questions.
  ...surveyFormulas,
  // 行政处罚案件 (issue 18): rows 40 and 42.
  ...caseFormulas,
  // 企业环境信用评价 (issue 18): the share of solid-waste enterprises rated.
  ...creditFormulas];

export const formulaFor = (name: string) => allFormulas().find((f) => f.matches.test(name)) ?? null;
export const formulaByKey = (key: string) => allFormulas().find((f) => f.key === key) ?? null;
/** The whole registry, for the import preview's choice of formula (GET /api/indicators/formulas). */
export const listFormulas = (): Formula[] => allFormulas();
