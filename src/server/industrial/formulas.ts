import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { ledgerSums } from '../ledger/monthly';
import { PERCENT_UNIT, annualised, declineFrom, percent, type Formula, type FormulaQuery, type RecordsPage } from '../indicators/formula';
import { baselineTonnes, inArea, inYearDate, inYearTime, organisationRecords, rows, statisticInput } from '../indicators/formula-sql';

// Indicators of general industrial solid waste (一般工业固体废物, SW classes) from the ledger and the
// hand-over manifests (委托利用/处置, whose purpose says which).

const GDP = { zh: '地区生产总值', en: 'Gross regional product' };
const ECOLOGY = ['ecology'] as const;

/** Weight received this year on hand-overs of the area's producers for a purpose (利用 or 处置). */
async function handedOver(db: Db, q: FormulaQuery, purpose: '利用' | '处置') {
  const [row] = await rows<{ t: number }>(db, sql`
    SELECT coalesce(sum(m.received_weight_t), 0)::float8 AS t FROM manifests m
    WHERE m.stream = 'industrial' AND m.status IN ('received', 'partially_refused') AND m.data->>'purpose' = ${purpose}
      AND ${inArea(sql`m.region_code`, q.regionCode)} AND ${inYearDate(sql`m.planned_date`, q.year)}`);
  return row.t;
}

/**
 * The year's SW ledger sums of the area by kind; `stored` is what the year added to the producers'
 * stores (in, less what left them: out, utilised or disposed of by the producer), never below 0.
 */
async function swLedger(db: Db, q: FormulaQuery) {
  const sums = await ledgerSums(db, { regionCode: q.regionCode, year: q.year, by: ['kind'], kinds: ['generate', 'self_utilise', 'self_dispose', 'store_in', 'store_out'], categoryPrefix: 'SW' });
  const of = (kind: string) => sums.filter((s) => s.kind === kind).reduce((t, s) => t + s.quantityT, 0);
  return { generated: of('generate'), selfUtilised: of('self_utilise'), selfDisposed: of('self_dispose'), stored: Math.max(0, of('store_in') - of('store_out') - of('self_utilise') - of('self_dispose')) };
}

/** Per producer: what it generated, utilised, disposed of, stored, and handed over this year. */
function producerRecords(db: Db, q: FormulaQuery, page: { offset: number; limit: number }): Promise<RecordsPage> {
  const ledger = sql`${inArea(sql`l.region_code`, q.regionCode)} AND ${inYearTime(sql`l.at`, q.year)} AND waste_category(l.waste_code) LIKE 'SW%'`;
  const handover = (purpose: string) => sql`(SELECT coalesce(sum(m.received_weight_t), 0) FROM manifests m WHERE m.producer_id = o.id AND m.stream = 'industrial'
    AND m.status IN ('received', 'partially_refused') AND m.data->>'purpose' = ${purpose} AND ${inYearDate(sql`m.planned_date`, q.year)})::float8`;
  return organisationRecords(db, [
    { key: 'generatedT', label: { zh: '产生量（吨）', en: 'Generated (t)' }, kind: 'tonnes' },
    { key: 'selfUtilisedT', label: { zh: '自行利用量（吨）', en: 'Utilised by itself (t)' }, kind: 'tonnes' },
    { key: 'utilisationHandoverT', label: { zh: '委托利用量（吨）', en: 'Handed over for use (t)' }, kind: 'tonnes' },
    { key: 'disposedT', label: { zh: '自行处置 + 委托处置（吨）', en: 'Disposed of (t)' }, kind: 'tonnes' },
    { key: 'storedT', label: { zh: '当年新增贮存（吨）', en: 'Added to storage (t)' }, kind: 'tonnes' },
  ], sql`
    SELECT o.id, o.name, rg.name AS region, s."generatedT", s."selfUtilisedT", ${handover('利用')} AS "utilisationHandoverT",
      (s."selfDisposedT" + ${handover('处置')}) AS "disposedT", greatest(s."storedT", 0) AS "storedT", count(*) OVER ()::int AS total
    FROM (SELECT l.organisation_id,
        coalesce(sum(l.quantity_t) FILTER (WHERE l.kind = 'generate'), 0)::float8 AS "generatedT",
        coalesce(sum(l.quantity_t) FILTER (WHERE l.kind = 'self_utilise'), 0)::float8 AS "selfUtilisedT",
        coalesce(sum(l.quantity_t) FILTER (WHERE l.kind = 'self_dispose'), 0)::float8 AS "selfDisposedT",
        coalesce(sum(l.quantity_t * l.store_effect), 0)::float8 AS "storedT"
      FROM ledger_movements l WHERE ${ledger} GROUP BY l.organisation_id) s
    JOIN organisations o ON o.id = s.organisation_id JOIN regions rg ON rg.code = o.region_code
    ORDER BY s."generatedT" DESC, o.name`,
  sql`SELECT count(DISTINCT l.organisation_id)::int AS n FROM ledger_movements l WHERE ${ledger}`, page);
}

export const industrialFormulas: Formula[] = [
  {
    key: 'industrial_solid_intensity',
    label: { zh: '一般工业固体废物产生强度 = 一般工业固体废物产生量（吨）/ 地区生产总值（万元）', en: 'General industrial solid waste generated (t) / gross regional product (10,000 yuan)' },
    method: {
      zh: '当年台账登记的一般工业固体废物（SW 类）产生量，除以统计部门录入的当年地区生产总值（万元）。',
      en: 'General industrial solid waste (SW classes) generated this year by the ledger, over the year’s gross regional product entered by the statistics bureau (10,000 yuan).',
    },
    inputs: [
      { key: 'generated', kind: 'ledger', label: { zh: '一般工业固体废物产生量', en: 'Generated' }, unit: '吨' },
      { key: 'gdp', kind: 'statistics', label: GDP, unit: '万元' },
    ],
    matches: /一般工业固体废物产生强度/,
    units: /^(吨\/万元|)$/,
    recordsFor: ECOLOGY,
    async compute(db, q) {
      const { generated } = await swLedger(db, q);
      const gdp = await statisticInput(db, q.regionCode, q.year, 'gdp', GDP);
      const value = gdp.value ? Math.round((generated / gdp.value) * 10_000) / 10_000 : null;
      return { numerator: generated, denominator: gdp.value, value, inputs: [{ key: 'generated', value: generated }, { key: 'gdp', value: gdp.value }], missing: gdp.missing };
    },
    records: producerRecords,
  },
  {
    key: 'industrial_solid_utilisation_rate',
    label: { zh: '一般工业固体废物综合利用率 =（自行利用量 + 委托利用量）/ 产生量', en: 'General industrial solid waste utilised (by the producer or on hand-overs for use) / generated' },
    method: {
      zh: '当年台账中一般工业固体废物的自行利用量，加上当年计划日期、委托目的为“利用”且已接收的转移联单接收量，除以当年产生量；按产生单位所在区域统计。综合利用往年贮存量未计入分母。',
      en: 'General industrial solid waste utilised by its producer this year by the ledger, plus the weight received on hand-overs for use planned this year, over the quantity generated; by the producer’s area. Earlier years’ stock utilised this year is not added to the denominator.',
    },
    inputs: [
      { key: 'selfUtilised', kind: 'ledger', label: { zh: '自行利用量', en: 'Utilised by the producer' }, unit: '吨' },
      { key: 'handedOverForUse', kind: 'manifests', label: { zh: '委托利用量', en: 'Handed over for use' }, unit: '吨' },
      { key: 'generated', kind: 'ledger', label: { zh: '产生量', en: 'Generated' }, unit: '吨' },
    ],
    matches: /一般工业固体废物综合利用率/,
    units: PERCENT_UNIT,
    recordsFor: ECOLOGY,
    async compute(db, q) {
      const { generated, selfUtilised } = await swLedger(db, q);
      const forUse = await handedOver(db, q, '利用');
      const utilised = selfUtilised + forUse;
      return {
        numerator: utilised, denominator: generated, value: percent(utilised, generated),
        inputs: [{ key: 'selfUtilised', value: selfUtilised }, { key: 'handedOverForUse', value: forUse }, { key: 'generated', value: generated }],
      };
    },
    records: producerRecords,
  },
  {
    key: 'industrial_solid_storage_disposal_decline',
    label: { zh: '一般工业固体废物贮存处置量下降幅度 =（基准年贮存处置量 − 当年贮存处置量）/ 基准年贮存处置量', en: 'Decline of general industrial solid waste stored or disposed of against the base year' },
    method: {
      zh: '当年贮存处置量 = 自行处置量 + 委托处置且已接收的量 + 当年新增贮存量（入库减出库，不低于0），按产生单位所在区域；与基准年相比下降的百分比。基准年数据取统计部门录入的基准年数据，未录入时取指标体系中的基准值。当年尚未结束时，年初至今的量按已过天数折算为全年量后比较。',
      en: 'Stored or disposed of this year = disposed of by the producer + received on hand-overs for disposal + added to storage (in minus out, at least 0), by the producer’s area; as a percentage decline from the base year, whose figure is the statistics bureau’s, else the plan’s own baseline. While the year runs, the quantity so far is scaled to a full year by the days gone by.',
    },
    inputs: [
      { key: 'disposed', kind: 'ledger', label: { zh: '自行处置 + 委托处置量', en: 'Disposed of' }, unit: '吨' },
      { key: 'stored', kind: 'ledger', label: { zh: '当年新增贮存量', en: 'Added to storage' }, unit: '吨' },
      { key: 'annualised', kind: 'ledger', label: { zh: '折算全年贮存处置量', en: 'Stored or disposed of, as a full year' }, unit: '吨' },
      { key: 'baseline', kind: 'statistics', label: { zh: '基准年贮存处置量', en: 'Stored or disposed of in the base year' }, unit: '吨' },
    ],
    matches: /一般工业固体废物贮存处置量下降幅度/,
    units: PERCENT_UNIT,
    recordsFor: ECOLOGY,
    async compute(db, q) {
      const { selfDisposed, stored } = await swLedger(db, q);
      const disposed = selfDisposed + await handedOver(db, q, '处置');
      const current = annualised(q.year, disposed + stored);
      const base = await baselineTonnes(db, q, 'sw_stored_disposed_t');
      return {
        numerator: current, denominator: base.value, value: base.value === null ? null : declineFrom(base.value, current),
        inputs: [{ key: 'disposed', value: disposed }, { key: 'stored', value: stored }, { key: 'annualised', value: current }, { key: 'baseline', value: base.value, note: base.from }],
        missing: base.value === null ? base.from : undefined,
      };
    },
    records: producerRecords,
  },
];
