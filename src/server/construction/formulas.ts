import { sql } from 'drizzle-orm';
import { regionScopePrefix } from '../../domain/region-code';
import { PERCENT_UNIT, percent, type Formula, type Text } from '../indicators/formula';

// 绿色建筑、装配式建筑占新建建筑的比例, from the attributes the construction projects carry (the
// project's company says them when it registers; the housing bureau may correct them). By floor
// area, over the new-build projects that started in the year. A project that has not said counts in
// the denominator and not in the numerator: the share is of all new building, and an unstated
// building is not counted as green until someone says it is; the figure of those not stated is shown.

type Attribute = 'green_building' | 'prefabricated';

function newBuildShare(spec: { key: string; attribute: Attribute; matches: RegExp; label: Text; what: Text }): Formula {
  const column = sql.raw(`p.${spec.attribute}`);
  const newBuild = (regionCode: string, year: number) => sql`p.kind = 'new' AND p.region_code LIKE ${`${regionScopePrefix(regionCode)}%`}
    AND p.start_date >= make_date(${year}, 1, 1) AND p.start_date < make_date(${year + 1}, 1, 1)`;
  return {
    key: spec.key,
    label: spec.label,
    method: {
      zh: `当年开工的新建工程项目中，${spec.what.zh}的建筑面积除以全部新建项目的建筑面积；未填写是否为${spec.what.zh}的项目计入分母、不计入分子（其面积单列）；按项目所在区域统计，市级为各县区之和。`,
      en: `Of the new-build projects that started in the year, the floor area of ${spec.what.en} over the floor area of all of them; a project that has not said whether it is ${spec.what.en} counts in the denominator and not in the numerator (its area is shown apart). By the project’s area; a city is the sum of its counties.`,
    },
    inputs: [
      { key: 'attributed', kind: 'registry', label: { zh: `${spec.what.zh}建筑面积`, en: `Floor area of ${spec.what.en}` }, unit: '平方米' },
      { key: 'total', kind: 'registry', label: { zh: '新建建筑面积', en: 'New-build floor area' }, unit: '平方米' },
      { key: 'notStated', kind: 'registry', label: { zh: '其中未填写的建筑面积', en: 'Of which not stated' }, unit: '平方米' },
    ],
    matches: spec.matches,
    units: PERCENT_UNIT,
    async compute(db, { regionCode, year }) {
      const [row] = (await db.execute<{ attributed: number; total: number; unstated: number }>(sql`
        SELECT coalesce(sum(p.floor_area_m2) FILTER (WHERE ${column}), 0)::float8 AS attributed, coalesce(sum(p.floor_area_m2), 0)::float8 AS total,
          coalesce(sum(p.floor_area_m2) FILTER (WHERE ${column} IS NULL), 0)::float8 AS unstated
        FROM construction_projects p WHERE ${newBuild(regionCode, year)}`)).rows;
      return {
        numerator: row.attributed, denominator: row.total, value: percent(row.attributed, row.total),
        inputs: [{ key: 'attributed', value: row.attributed }, { key: 'total', value: row.total }, { key: 'notStated', value: row.unstated }],
        ...(row.total ? {} : { missing: { zh: `${year}年本辖区没有开工的新建工程项目`, en: `No new-build project of the area started in ${year}` } }),
      };
    },
    async records(db, { regionCode, year }, page) {
      const [rows, count] = await Promise.all([
        db.execute<{ id: string; name: string; owner: string; start: string; area: number; attr: boolean | null; star: number | null }>(sql`
          SELECT p.id, p.name, o.name AS owner, p.start_date::text AS start, p.floor_area_m2::float8 AS area, ${column} AS attr, p.green_star AS star
          FROM construction_projects p JOIN organisations o ON o.id = p.organisation_id WHERE ${newBuild(regionCode, year)}
          ORDER BY p.start_date DESC, p.name, p.id LIMIT ${page.limit} OFFSET ${page.offset}`),
        db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM construction_projects p WHERE ${newBuild(regionCode, year)}`),
      ]);
      return {
        columns: [
          { key: 'project', label: { zh: '项目', en: 'Project' } }, { key: 'owner', label: { zh: '建设单位', en: 'Company' } },
          { key: 'startDate', label: { zh: '开工日期', en: 'Started' }, kind: 'date' }, { key: 'floorAreaM2', label: { zh: '建筑面积（平方米）', en: 'Floor area (m²)' }, kind: 'number' },
          { key: 'attribute', label: spec.attribute === 'green_building' ? { zh: '绿色建筑', en: 'Green building' } : { zh: '装配式建筑', en: 'Prefabricated' } },
          ...(spec.attribute === 'green_building' ? [{ key: 'star', label: { zh: '星级', en: 'Stars' }, kind: 'number' as const }] : []),
        ],
        items: rows.rows.map((r) => ({ id: r.id, href: `/construction?project=${r.id}`, cells: {
          project: r.name, owner: r.owner, startDate: r.start, floorAreaM2: r.area, attribute: r.attr === null ? '未填写' : r.attr ? '✓' : '✗', star: r.star,
        } })),
        total: count.rows[0].total,
      };
    },
  };
}

export const constructionAttributeFormulas: Formula[] = [
  newBuildShare({
    key: 'green_building_share',
    attribute: 'green_building',
    matches: /绿色建筑占新建建筑/,
    label: { zh: '绿色建筑占新建建筑的比例 = 当年开工新建项目中绿色建筑面积 / 新建建筑面积', en: 'Floor area of green buildings / new-build floor area, projects started in the year' },
    what: { zh: '绿色建筑', en: 'green buildings' },
  }),
  newBuildShare({
    key: 'prefabricated_share',
    attribute: 'prefabricated',
    matches: /装配式建筑占新建建筑/,
    label: { zh: '装配式建筑占新建建筑的比例 = 当年开工新建项目中装配式建筑面积 / 新建建筑面积', en: 'Floor area of prefabricated buildings / new-build floor area, projects started in the year' },
    what: { zh: '装配式建筑', en: 'prefabricated buildings' },
  }),
];
