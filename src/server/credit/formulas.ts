import { sql } from 'drizzle-orm';
import { PERCENT_UNIT, percent, type Formula } from '../indicators/formula';
import { inArea, organisationRecords, rows } from '../indicators/formula-sql';
import { CAPABILITIES } from '../../domain/enums';
import { CREDIT_CAPABILITIES } from '../../domain/credit';
import { solidWasteEnterpriseSql } from './service';

// 纳入企业环境信用评价范围的固体废物相关企业数量占比 (临清 36, 天桥 36, 济宁经开区 37; target 100 %):
// the solid-waste enterprises of the area the ecology bureau rated for the year, over all of them.

const population = (regionCode: string) => sql`${solidWasteEnterpriseSql('o')} AND ${inArea(sql`o.region_code`, regionCode)}`;
/** Rated for the year: a rating of the year in any run, whoever's area the run covered. */
const rated = (year: number) => sql`EXISTS (SELECT 1 FROM credit_ratings r WHERE r.organisation_id = o.id AND r.year = ${year})`;
const capabilityNames = CREDIT_CAPABILITIES.map((c) => CAPABILITIES.label(c)).join('、');

export const creditFormulas: Formula[] = [
  {
    key: 'credit_rated_share',
    label: { zh: '纳入企业环境信用评价范围的固体废物相关企业数量占比 = 当年已评价的固体废物相关企业 / 固体废物相关企业', en: 'Solid-waste enterprises rated for the year / all solid-waste enterprises' },
    method: {
      zh: `本辖区已审核的固体废物相关企业（企业类型，具有以下任一资质：${capabilityNames}）中，生态环境部门已在平台开展当年企业环境信用年度评价（冻结其评分和等级）的企业所占比例。评价后新入驻的企业在下一次评价前不计入分子。`,
      en: `Of the area's verified solid-waste enterprises (enterprises with any of: ${CREDIT_CAPABILITIES.join(', ')}), the share the ecology bureau rated for the year on the platform (an annual rating that froze its score and grade). An enterprise that joined after the rating counts only once rated.`,
    },
    inputs: [
      { key: 'rated', kind: 'registry', label: { zh: '当年已评价企业', en: 'Rated for the year' }, unit: '家' },
      { key: 'enterprises', kind: 'registry', label: { zh: '固体废物相关企业', en: 'Solid-waste enterprises' }, unit: '家' },
    ],
    matches: /纳入企业环境信用评价范围的固体废物相关企业/,
    units: PERCENT_UNIT,
    recordsFor: ['ecology'],
    async compute(db, q) {
      const [row] = await rows<{ rated: number; total: number }>(db, sql`SELECT count(*) FILTER (WHERE ${rated(q.year)})::int AS rated, count(*)::int AS total FROM organisations o WHERE ${population(q.regionCode)}`);
      if (!row.total) return { numerator: 0, denominator: 0, value: null, inputs: [{ key: 'rated', value: 0 }, { key: 'enterprises', value: 0 }], missing: { zh: '本辖区没有固体废物相关企业', en: 'No solid-waste enterprises in the area' } };
      return { numerator: row.rated, denominator: row.total, value: percent(row.rated, row.total), inputs: [{ key: 'rated', value: row.rated }, { key: 'enterprises', value: row.total }] };
    },
    records: (db, q, page) => organisationRecords(db, [
      { key: 'grade', label: { zh: '当年评价等级', en: 'Grade of the year' } },
      { key: 'score', label: { zh: '评分', en: 'Score' }, kind: 'number' },
    ], sql`SELECT o.id, o.name, coalesce(rg.name, o.region_code) AS region,
        coalesce((SELECT r.grade FROM credit_ratings r JOIN credit_rating_runs u ON u.id = r.run_id WHERE r.organisation_id = o.id AND r.year = ${q.year} ORDER BY u.rated_at DESC LIMIT 1), '未评价') AS grade,
        (SELECT r.score FROM credit_ratings r JOIN credit_rating_runs u ON u.id = r.run_id WHERE r.organisation_id = o.id AND r.year = ${q.year} ORDER BY u.rated_at DESC LIMIT 1) AS score,
        count(*) OVER ()::int AS total
      FROM organisations o LEFT JOIN regions rg ON rg.code = o.region_code WHERE ${population(q.regionCode)} ORDER BY ${rated(q.year)}, o.region_code, o.name`,
    sql`SELECT count(*)::int AS n FROM organisations o WHERE ${population(q.regionCode)}`, page),
  },
];
