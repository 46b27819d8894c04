import { sql } from 'drizzle-orm';
import { PERCENT_UNIT, percent, type Formula } from '../indicators/formula';
import { inArea, rows } from '../indicators/formula-sql';

// 农膜回收率 (临清 row 17, 天桥 18, 济宁开发区 18) from the film ledgers: the tonnes the towns'
// collection points took back over the tonnes the co-operatives and farms recorded using, in the year.

export const filmFormulas: Formula[] = [{
  key: 'film_recovery_rate',
  label: { zh: '农膜回收率 = 回收站点回收量 / 农膜使用量', en: 'Film taken back at the collection points / film used' },
  method: {
    zh: '农膜使用单位（合作社、规模种植户）按镇街记录的当年农膜使用量为分母，各镇街回收站点记录的当年废旧农膜回收量为分子，按记录所在镇街计入本辖区；更正过的记录只计最新版本。经营单位的销售量和再生利用单位的入库量一并列出，供核对。',
    en: 'The film the users (co-operatives, large farms) recorded using in the year, by town, is the denominator; the waste film the towns’ collection points recorded taking back in the year is the numerator, each counted in the town of its record; a corrected row counts as its latest version. Dealers’ sales and recyclers’ intake are shown beside them for checking.',
  },
  inputs: [
    { key: 'collected', kind: 'registry', label: { zh: '废旧农膜回收量', en: 'Waste film taken back' }, unit: '吨' },
    { key: 'used', kind: 'registry', label: { zh: '农膜使用量', en: 'Film used' }, unit: '吨' },
    { key: 'sold', kind: 'registry', label: { zh: '农膜销售量（核对）', en: 'Film sold (for checking)' }, unit: '吨' },
    { key: 'recycled', kind: 'registry', label: { zh: '再生利用入库量（核对）', en: 'Taken in by recyclers (for checking)' }, unit: '吨' },
  ],
  matches: /农膜回收率/,
  units: PERCENT_UNIT,
  recordsFor: ['agriculture'],
  async compute(db, { regionCode, year }) {
    const [row] = await rows<{ collected: number; used: number; sold: number; recycled: number }>(db, sql`
      SELECT coalesce(sum(tonnes) FILTER (WHERE ledger = 'takeback'), 0)::float8 AS collected, coalesce(sum(tonnes) FILTER (WHERE ledger = 'use'), 0)::float8 AS used,
        coalesce(sum(tonnes) FILTER (WHERE ledger = 'sale'), 0)::float8 AS sold, coalesce(sum(tonnes) FILTER (WHERE ledger = 'intake'), 0)::float8 AS recycled
      FROM film_records WHERE superseded_by IS NULL AND year = ${year} AND ${inArea(sql`region_code`, regionCode)}`);
    const inputs = [{ key: 'collected', value: row.collected }, { key: 'used', value: row.used }, { key: 'sold', value: row.sold }, { key: 'recycled', value: row.recycled }];
    if (row.used <= 0) return { numerator: row.collected, denominator: row.used, value: null, inputs, missing: { zh: `${year}年本辖区尚无农膜使用记录`, en: `No film use has been recorded in the area for ${year}` } };
    return { numerator: row.collected, denominator: row.used, value: percent(row.collected, row.used), inputs };
  },
  async records(db, { regionCode, year }, page) {
    const found = await rows<{ code: string; town: string; used: number; collected: number; total: number }>(db, sql`
      SELECT f.region_code AS code, coalesce(min(rg.name), f.region_code) AS town, coalesce(sum(f.tonnes) FILTER (WHERE f.ledger = 'use'), 0)::float8 AS used,
        coalesce(sum(f.tonnes) FILTER (WHERE f.ledger = 'takeback'), 0)::float8 AS collected, count(*) OVER ()::int AS total
      FROM film_records f LEFT JOIN regions rg ON rg.code = f.region_code
      WHERE f.superseded_by IS NULL AND f.year = ${year} AND f.ledger IN ('use', 'takeback') AND ${inArea(sql`f.region_code`, regionCode)}
      GROUP BY f.region_code ORDER BY f.region_code LIMIT ${page.limit} OFFSET ${page.offset}`);
    return {
      columns: [{ key: 'town', label: { zh: '镇街', en: 'Town' } }, { key: 'used', label: { zh: '使用量（吨）', en: 'Used (t)' }, kind: 'tonnes' },
        { key: 'collected', label: { zh: '回收量（吨）', en: 'Taken back (t)' }, kind: 'tonnes' }, { key: 'rate', label: { zh: '回收率（%）', en: 'Rate (%)' }, kind: 'number' }],
      items: found.map((f) => { const rate = percent(f.collected, f.used); return { id: f.code, href: '/agri/film', cells: { town: f.town, used: Math.round(f.used * 1000) / 1000, collected: Math.round(f.collected * 1000) / 1000, rate: rate === null ? null : Math.round(rate * 100) / 100 } }; }),
      total: found[0]?.total ?? 0,
    };
  },
}];
