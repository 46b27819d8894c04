import { sql } from 'drizzle-orm';
import { PERCENT_UNIT, percent, type Formula } from '../indicators/formula';
import { inArea, rows } from '../indicators/formula-sql';
import { STRAW_USES, cropLabel } from '../../domain/agri/straw';

// 秸秆综合利用率 (临清 row 15, 天桥 16, 济宁开发区 16) from the towns' season filings: the tonnes used by
// the five uses over the collectable straw, the current filing of each town, harvest and crop.

const USE_SUMS = sql.raw(STRAW_USES.map((u) => `coalesce(sum(${u.value.replace(/T$/, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_t), 0)::float8 AS "${u.value}"`).join(', '));

export const strawFormulas: Formula[] = [{
  key: 'straw_utilisation_rate',
  label: { zh: '秸秆综合利用率 = 五种利用量之和 / 可收集量', en: 'Straw used by the five uses / collectable straw' },
  method: {
    zh: '各镇街农业综合服务站按收获季（三夏、三秋）和作物填报播种面积、产量和五种利用量（肥料化含直接还田、饲料化、燃料化、基料化、原料化）；可收集量 = 产量 × 草谷比 × 可收集系数（本辖区设置的系数，未设置时用黄淮海区参考值，每条记录保存所用系数）。当年本辖区各镇街、作物最新一次填报的利用量之和除以可收集量之和；更正过的填报只计最新版本。',
    en: 'Each town’s agricultural station files, per harvest (summer, autumn) and crop, the sown area, the yield and the tonnes of the five uses (fertiliser including return to the field, feed, fuel, substrate, raw material); collectable straw = yield × grass-to-grain ratio × collectable share (the area’s own coefficients, else the 黄淮海 reference values; each filing keeps those it used). The year’s used tonnes over the collectable tonnes of the latest filing of each town and crop in the area.',
  },
  inputs: [
    { key: 'collectable', kind: 'registry', label: { zh: '秸秆可收集量', en: 'Collectable straw' }, unit: '吨' },
    { key: 'used', kind: 'registry', label: { zh: '秸秆利用量（五化合计）', en: 'Straw used (five uses)' }, unit: '吨' },
    ...STRAW_USES.map((u) => ({ key: u.value, kind: 'registry' as const, label: { zh: u.zh, en: u.en }, unit: '吨' })),
  ],
  matches: /秸秆综合利用率/,
  units: PERCENT_UNIT,
  recordsFor: ['agriculture'],
  async compute(db, { regionCode, year }) {
    const [row] = await rows<Record<string, number> & { collectable: number; used: number; n: number }>(db, sql`
      SELECT coalesce(sum(collectable_t), 0)::float8 AS collectable, coalesce(sum(used_t), 0)::float8 AS used, count(*)::int AS n, ${USE_SUMS}
      FROM straw_seasons WHERE superseded_by IS NULL AND year = ${year} AND ${inArea(sql`region_code`, regionCode)}`);
    const inputs = [{ key: 'collectable', value: row.collectable }, { key: 'used', value: row.used }, ...STRAW_USES.map((u) => ({ key: u.value, value: row[u.value] }))];
    if (!row.n || row.collectable <= 0) return { numerator: row.used, denominator: row.collectable, value: null, inputs, missing: { zh: `${year}年本辖区尚无秸秆利用填报`, en: `No straw season has been filed in the area for ${year}` } };
    return { numerator: row.used, denominator: row.collectable, value: percent(row.used, row.collectable), inputs };
  },
  async records(db, { regionCode, year }, page) {
    const found = await rows<{ key: string; town: string; crop: string; collectable: number; used: number; total: number }>(db, sql`
      SELECT s.region_code || ':' || s.crop AS key, coalesce(min(rg.name), s.region_code) AS town, s.crop, sum(s.collectable_t)::float8 AS collectable, sum(s.used_t)::float8 AS used, count(*) OVER ()::int AS total
      FROM straw_seasons s LEFT JOIN regions rg ON rg.code = s.region_code
      WHERE s.superseded_by IS NULL AND s.year = ${year} AND ${inArea(sql`s.region_code`, regionCode)}
      GROUP BY s.region_code, s.crop ORDER BY s.region_code, s.crop LIMIT ${page.limit} OFFSET ${page.offset}`);
    return {
      columns: [{ key: 'town', label: { zh: '镇街', en: 'Town' } }, { key: 'crop', label: { zh: '作物', en: 'Crop' } }, { key: 'collectable', label: { zh: '可收集量（吨）', en: 'Collectable (t)' }, kind: 'tonnes' },
        { key: 'used', label: { zh: '利用量（吨）', en: 'Used (t)' }, kind: 'tonnes' }, { key: 'rate', label: { zh: '综合利用率（%）', en: 'Rate (%)' }, kind: 'number' }],
      items: found.map((f) => ({ id: f.key, href: '/agri/straw', cells: { town: f.town, crop: cropLabel(f.crop).zh, collectable: Math.round(f.collectable * 1000) / 1000, used: Math.round(f.used * 1000) / 1000, rate: percent(f.used, f.collectable) === null ? null : Math.round(percent(f.used, f.collectable)! * 100) / 100 } })),
      total: found[0]?.total ?? 0,
    };
  },
}];
