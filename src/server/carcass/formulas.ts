import { sql } from 'drizzle-orm';
import { CENTRAL_METHODS, CARCASS_METHODS, CARCASS_SPECIES, REPORT_STATES, centralRate, type ReportState } from '../../domain/agri/carcass';
import { PERCENT_UNIT, type Formula } from '../indicators/formula';
import { inArea, inYearDate, rows } from '../indicators/formula-sql';
import { reportInForce, reportManifest, reportStateSql } from './queries';

// 病死畜禽集中无害化处理率 (临清 row 29, 天桥 row 30, 济宁开发区 row 30), from the death reports and the
// plant's receptions of their manifests.

const CENTRAL = sql.raw(CENTRAL_METHODS.map((m) => `'${m}'`).join(', '));

export const carcassFormulas: Formula[] = [{
  key: 'carcass_central_treatment_rate',
  label: { zh: '病死畜禽集中无害化处理率 = 集中无害化处理头数 / 报告死亡头数', en: 'Dead livestock treated centrally (head) / dead livestock reported (head)' },
  method: {
    zh: '分母：本辖区（按死亡地所在乡镇）当年死亡的病死畜禽报告头数，含养殖场报告和乡镇畜牧站代散户报告；已撤销的报告不计，被更正的报告按更正后的数计。分子：其中经处理厂接收并以化制、高温法、焚烧或发酵处理的头数（按接收数量）；深埋为应急处理，不计入集中处理；尚未收集或在途的不计。以头数计算，重量（报告估重、进厂称重）同列备查。',
    en: 'Denominator: head of dead livestock reported as dying this year in the area (by the town where they died), from farms and from town stations for scattered households; cancelled reports are left out and a corrected report counts as corrected. Numerator: of those, the head the plant received and treated by rendering, high temperature, incineration or fermentation (head received); deep burial is an emergency measure and is not centralised; loads not yet collected or on the road are not counted. Counted by head; the weights (estimated, weighed at the plant) are shown beside it.',
  },
  inputs: [
    { key: 'reportedHead', kind: 'registry', label: { zh: '报告死亡头数', en: 'Head reported' }, unit: '头' },
    { key: 'reportedWeightT', kind: 'registry', label: { zh: '报告估计重量', en: 'Weight reported (estimated)' }, unit: '吨' },
    { key: 'treatedHead', kind: 'manifests', label: { zh: '集中无害化处理头数', en: 'Head treated centrally' }, unit: '头' },
    { key: 'treatedWeightT', kind: 'manifests', label: { zh: '集中处理进厂重量', en: 'Weight treated centrally (weighed in)' }, unit: '吨' },
  ],
  matches: /病死畜禽.*集中.*无害化处理率/,
  units: PERCENT_UNIT,
  recordsFor: ['agriculture'],
  async compute(db, { regionCode, year }) {
    const [row] = await rows<{ reported: number; reportedKg: number; treated: number; treatedT: number }>(db, sql`
      SELECT coalesce(sum(r.head), 0)::int AS reported, coalesce(sum(r.weight_kg), 0)::float8 AS "reportedKg",
        coalesce(sum((m.data->>'receivedHead')::int) FILTER (WHERE m.status IN ('received', 'partially_refused') AND m.data->>'treatmentMethod' IN (${CENTRAL})), 0)::int AS treated,
        coalesce(sum(m.received_weight_t) FILTER (WHERE m.status IN ('received', 'partially_refused') AND m.data->>'treatmentMethod' IN (${CENTRAL})), 0)::float8 AS "treatedT"
      FROM carcass_reports r ${reportManifest('r')}
      WHERE ${inArea(sql`r.region_code`, regionCode)} AND ${inYearDate(sql`r.died_on`, year)} AND ${reportInForce('r')}`);
    return {
      numerator: row.treated, denominator: row.reported, value: centralRate(row.treated, row.reported),
      inputs: [
        { key: 'reportedHead', value: row.reported }, { key: 'reportedWeightT', value: Math.round(row.reportedKg) / 1000 },
        { key: 'treatedHead', value: row.treated }, { key: 'treatedWeightT', value: Math.round(row.treatedT * 1000) / 1000 },
      ],
      ...(row.reported ? {} : { missing: { zh: '当年没有病死畜禽报告', en: 'No dead livestock reported this year' } }),
    };
  },
  async records(db, { regionCode, year }, page) {
    const found = await rows<{ id: string; died_on: string; source: string; town: string; species: string; head: number; weight_kg: number; state: ReportState; received_head: number | null; method: string | null; number: string | null; total: number }>(db, sql`
      SELECT r.id, r.died_on::text, coalesce(f.name, '散户 ' || r.household_name || '（' || r.village || '）') AS source, coalesce(rg.name, r.region_code) AS town, r.species, r.head, r.weight_kg::float8 AS weight_kg,
        ${reportStateSql('r')} AS state, (m.data->>'receivedHead')::int AS received_head, m.data->>'treatmentMethod' AS method, m.number, count(*) OVER ()::int AS total
      FROM carcass_reports r ${reportManifest('r')} LEFT JOIN organisations f ON f.id = r.farm_id LEFT JOIN regions rg ON rg.code = r.region_code
      WHERE ${inArea(sql`r.region_code`, regionCode)} AND ${inYearDate(sql`r.died_on`, year)}
      ORDER BY r.died_on DESC, r.reported_at DESC, r.id LIMIT ${page.limit} OFFSET ${page.offset}`);
    const label = (list: { value: string; zh: string }[], v: string | null) => (v ? list.find((x) => x.value === v)?.zh ?? v : null);
    return {
      columns: [
        { key: 'diedOn', label: { zh: '死亡日期', en: 'Died on' }, kind: 'date' }, { key: 'source', label: { zh: '养殖场/散户', en: 'Farm or household' } },
        { key: 'town', label: { zh: '乡镇', en: 'Town' } }, { key: 'species', label: { zh: '种类', en: 'Species' } },
        { key: 'head', label: { zh: '报告头数', en: 'Head reported' }, kind: 'number' }, { key: 'weightKg', label: { zh: '估重（千克）', en: 'Estimated (kg)' }, kind: 'number' },
        { key: 'state', label: { zh: '状态', en: 'State' } }, { key: 'receivedHead', label: { zh: '接收头数', en: 'Head received' }, kind: 'number' },
        { key: 'method', label: { zh: '处理方式', en: 'Method' } }, { key: 'manifest', label: { zh: '联单', en: 'Manifest' } },
      ],
      items: found.map((f) => ({ id: f.id, href: '/agri/carcass', cells: {
        diedOn: f.died_on, source: f.source, town: f.town, species: label(CARCASS_SPECIES, f.species), head: f.head, weightKg: f.weight_kg,
        state: REPORT_STATES[f.state]?.zh ?? f.state, receivedHead: f.received_head, method: label(CARCASS_METHODS, f.method), manifest: f.number,
      } })),
      total: found[0]?.total ?? 0,
    };
  },
}];
