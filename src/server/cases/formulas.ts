import { sql, type SQL } from 'drizzle-orm';
import { regionScopePrefix } from '../../domain/region-code';
import { PERCENT_UNIT, percent, type Formula, type RecordColumn } from '../indicators/formula';

// Rows 40 and 42 of the indicator system, counted from the ecology bureau's enforcement cases
// (enforcement_cases and their steps). Only 固体废物环境污染案件 count (solid_waste). A city is the sum of
// its counties: each count filters the cases by region prefix.

const area = (regionCode: string) => `${regionScopePrefix(regionCode)}%`;
const col = (key: string, zh: string, en: string, kind?: RecordColumn['kind']): RecordColumn => ({ key, label: { zh, en }, ...(kind ? { kind } : {}) });
const CHECK = '✓', CROSS = '✗';
const stepOn = (kind: string) => sql`(SELECT s."on" FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = ${kind} ORDER BY s.recorded_at LIMIT 1)`;
const hasStep = (kind: string) => sql`EXISTS (SELECT 1 FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = ${kind})`;
const inYear = (column: SQL, year: number) => sql`${column} >= make_date(${year}, 1, 1) AND ${column} < make_date(${year + 1}, 1, 1)`;

/** Row 40's population: solid-waste cases of the area transferred to the police in the year (by the day of transfer). */
const transferred = (regionCode: string, year: number) => sql`c.solid_waste AND c.region_code LIKE ${area(regionCode)} AND ${inYear(stepOn('police_transfer'), year)}`;
const policeFiled = sql`EXISTS (SELECT 1 FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = 'police_answer' AND (s.data->>'filed')::boolean)`;
const policeAnswered = hasStep('police_answer');

/** Row 42's population: solid-waste cases of the area opened in the year where damage compensation is not ruled out. */
const compensable = (regionCode: string, year: number) => sql`c.solid_waste AND c.region_code LIKE ${area(regionCode)} AND ${inYear(sql`c.opened_on`, year)} AND NOT ${hasStep('compensation_na')}`;

export const caseFormulas: Formula[] = [
  {
    key: 'solid_waste_criminal_filing_rate',
    label: { zh: '固体废物环境污染刑事案件立案率 = 公安机关已立案的移送案件数 / 移送公安机关的案件数', en: 'Solid-waste criminal cases filed by the police / cases transferred to the police' },
    method: {
      zh: '当年（按移送日期）生态环境部门移送公安机关的本辖区固体废物环境污染案件为分母；其中公安机关登记为已立案的（不论答复在何时登记）为分子。公安机关尚未答复的案件计入分母、不计入分子，答复不予立案的同样只计入分母；市级为各县区之和。',
      en: 'Solid-waste pollution cases of the area the ecology bureau transferred to the police in the year (by the day of transfer) are the denominator; those the police are recorded to have filed (whenever the answer was recorded) are the numerator. A case awaiting the police’s answer, or one the police declined, counts in the denominator only. A city is the sum of its counties.',
    },
    inputs: [
      { key: 'filed', kind: 'registry', label: { zh: '公安机关已立案', en: 'Filed by the police' }, unit: '件' },
      { key: 'transferred', kind: 'registry', label: { zh: '移送公安机关', en: 'Transferred to the police' }, unit: '件' },
      { key: 'awaiting', kind: 'registry', label: { zh: '待公安机关答复', en: 'Awaiting the police' }, unit: '件' },
    ],
    matches: /固体废物环境污染刑事案件立案率/,
    units: PERCENT_UNIT,
    recordsFor: ['ecology'],
    async compute(db, { regionCode, year }) {
      const [row] = (await db.execute<{ filed: number; transferred: number; awaiting: number }>(sql`
        SELECT count(*) FILTER (WHERE ${policeFiled})::int AS filed, count(*)::int AS transferred, count(*) FILTER (WHERE NOT ${policeAnswered})::int AS awaiting
        FROM enforcement_cases c WHERE ${transferred(regionCode, year)}`)).rows;
      return {
        numerator: row.filed, denominator: row.transferred, value: percent(row.filed, row.transferred),
        inputs: [{ key: 'filed', value: row.filed }, { key: 'transferred', value: row.transferred }, { key: 'awaiting', value: row.awaiting }],
        ...(row.transferred ? {} : { missing: { zh: `${year}年本辖区没有移送公安机关的固体废物环境污染案件`, en: `No solid-waste case of the area was transferred to the police in ${year}` } }),
      };
    },
    async records(db, { regionCode, year }, page) {
      const [rows, count] = await Promise.all([
        db.execute<{ id: string; case_no: string; party_name: string; transferred: string; receipt: string; filed: boolean | null; answered: string | null }>(sql`
          SELECT c.id, c.case_no, c.party_name, ${stepOn('police_transfer')}::text AS transferred,
            (SELECT s.data->>'receiptNo' FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = 'police_transfer' LIMIT 1) AS receipt,
            (SELECT (s.data->>'filed')::boolean FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = 'police_answer' LIMIT 1) AS filed, ${stepOn('police_answer')}::text AS answered
          FROM enforcement_cases c WHERE ${transferred(regionCode, year)} ORDER BY 4 DESC, c.case_no LIMIT ${page.limit} OFFSET ${page.offset}`),
        db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM enforcement_cases c WHERE ${transferred(regionCode, year)}`),
      ]);
      return {
        columns: [col('caseNo', '案件编号', 'Case'), col('party', '当事人', 'Party'), col('transferredOn', '移送日期', 'Transferred', 'date'), col('receipt', '移送回执', 'Receipt'),
          col('filed', '公安立案', 'Filed'), col('answeredOn', '答复日期', 'Answered', 'date')],
        items: rows.rows.map((r) => ({ id: r.id, href: `/cases?case=${r.id}`, cells: {
          caseNo: r.case_no, party: r.party_name, transferredOn: r.transferred, receipt: r.receipt, filed: r.filed === null ? '待答复' : r.filed ? CHECK : CROSS, answeredOn: r.answered,
        } })),
        total: count.rows[0].total,
      };
    },
  },
  {
    key: 'solid_waste_damage_compensation_coverage',
    label: { zh: '固体废物环境污染案件开展生态环境损害赔偿工作的覆盖率 = 已启动损害赔偿的案件数 / 适用损害赔偿的案件数', en: 'Solid-waste cases with damage compensation started / cases where it applies' },
    method: {
      zh: '当年（按立案日期）本辖区立案的固体废物环境污染案件中，除经生态环境部门认定不适用生态环境损害赔偿（须写明理由，如未造成生态环境损害）的以外，均为分母；其中已启动赔偿磋商或赔偿诉讼的为分子。尚未作出认定的案件视为适用，计入分母；市级为各县区之和。',
      en: 'Solid-waste pollution cases of the area opened in the year (by the day opened), except those the ecology bureau ruled outside damage compensation (with its reason, e.g. no ecological damage), are the denominator; those where compensation consultation or litigation has started are the numerator. A case not yet assessed is taken to apply and counts in the denominator. A city is the sum of its counties.',
    },
    inputs: [
      { key: 'started', kind: 'registry', label: { zh: '已启动损害赔偿', en: 'Compensation started' }, unit: '件' },
      { key: 'applicable', kind: 'registry', label: { zh: '适用损害赔偿的案件', en: 'Cases where it applies' }, unit: '件' },
      { key: 'ruledOut', kind: 'registry', label: { zh: '认定不适用', en: 'Ruled not applicable' }, unit: '件' },
    ],
    matches: /固体废物环境污染案件.*生态环境损害赔偿.*覆盖率/,
    units: PERCENT_UNIT,
    recordsFor: ['ecology'],
    async compute(db, { regionCode, year }) {
      const [row] = (await db.execute<{ started: number; applicable: number; ruled_out: number }>(sql`
        SELECT count(*) FILTER (WHERE ${hasStep('compensation')})::int AS started, count(*)::int AS applicable,
          (SELECT count(*)::int FROM enforcement_cases c WHERE c.solid_waste AND c.region_code LIKE ${area(regionCode)} AND ${inYear(sql`c.opened_on`, year)} AND ${hasStep('compensation_na')}) AS ruled_out
        FROM enforcement_cases c WHERE ${compensable(regionCode, year)}`)).rows;
      return {
        numerator: row.started, denominator: row.applicable, value: percent(row.started, row.applicable),
        inputs: [{ key: 'started', value: row.started }, { key: 'applicable', value: row.applicable }, { key: 'ruledOut', value: row.ruled_out }],
        ...(row.applicable ? {} : { missing: { zh: `${year}年本辖区没有适用生态环境损害赔偿的固体废物环境污染案件`, en: `No solid-waste case of the area opened in ${year} calls for damage compensation` } }),
      };
    },
    async records(db, { regionCode, year }, page) {
      const [rows, count] = await Promise.all([
        db.execute<{ id: string; case_no: string; party_name: string; opened: string; mode: string | null; started: string | null }>(sql`
          SELECT c.id, c.case_no, c.party_name, c.opened_on::text AS opened,
            (SELECT s.data->>'mode' FROM enforcement_case_steps s WHERE s.case_id = c.id AND s.kind = 'compensation' LIMIT 1) AS mode, ${stepOn('compensation')}::text AS started
          FROM enforcement_cases c WHERE ${compensable(regionCode, year)} ORDER BY c.opened_on DESC, c.case_no LIMIT ${page.limit} OFFSET ${page.offset}`),
        db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM enforcement_cases c WHERE ${compensable(regionCode, year)}`),
      ]);
      return {
        columns: [col('caseNo', '案件编号', 'Case'), col('party', '当事人', 'Party'), col('openedOn', '立案日期', 'Opened', 'date'), col('started', '已启动', 'Started'),
          col('mode', '方式', 'Mode'), col('startedOn', '启动日期', 'Started on', 'date')],
        items: rows.rows.map((r) => ({ id: r.id, href: `/cases?case=${r.id}`, cells: {
          caseNo: r.case_no, party: r.party_name, openedOn: r.opened, started: r.started ? CHECK : CROSS, mode: r.mode === 'consultation' ? '磋商' : r.mode === 'litigation' ? '诉讼' : null, startedOn: r.started,
        } })),
        total: count.rows[0].total,
      };
    },
  },
];
