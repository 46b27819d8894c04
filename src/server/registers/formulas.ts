import { sql, type SQL } from 'drizzle-orm';
import { regionScopePrefix } from '../../domain/region-code';
import { shanghaiDate } from '../../domain/labels';
import { CELL_KINDS, CIRCULAR_STATUSES, CREDENTIAL_LEVELS, NON_INDUSTRIAL_TRADES, PARK_LEVELS, labelOf } from '../../domain/registers';
import { COUNT_UNIT, PERCENT_UNIT, percent, type Formula, type FormulaQuery, type RecordColumn, type RecordsPage, type Text } from '../indicators/formula';

// Indicators counted from the registers (名录): credentials of companies, industrial parks, zero-waste
// cells and compliance checks. A city is the sum of its counties: every count filters the records by
// region prefix and adds them up, and a share keeps its numerator and denominator.

const area = (regionCode: string) => `${regionScopePrefix(regionCode)}%`;

/**
 * The day a year's register is read on: the last day of the year, or today while the year is under
 * way (a policy that runs out in June counts in March, not at a year end still ahead).
 */
export const asOfDay = (year: number, today = shanghaiDate(new Date())) => {
  const end = `${year}-12-31`;
  return end < today ? end : today;
};
const asOfNote = (day: string): Text => ({ zh: `截至 ${day}`, en: `as at ${day}` });

/** A credential counts on the day: issued by then, not past its term, not ended by then. */
const inForce = (c: string, day: string) => sql`(${sql.raw(c)}.issued_on <= ${day}::date AND (${sql.raw(c)}.valid_until IS NULL OR ${sql.raw(c)}.valid_until >= ${day}::date)
  AND (${sql.raw(c)}.ended_on IS NULL OR ${sql.raw(c)}.ended_on > ${day}::date))`;

/**
 * 工业企业 of the area (domain/registers.ts: isIndustrialTrade): verified enterprises registered as
 * waste producers whose industry is set and is not one of the service trades.
 */
const industrialEnterprises = (o: string, regionCode: string) => sql`(${sql.raw(o)}.kind = 'enterprise' AND ${sql.raw(o)}.status = 'verified' AND 'producer' = ANY(${sql.raw(o)}.capabilities)
  AND coalesce(btrim(${sql.raw(o)}.industry), '') <> '' AND ${sql.raw(o)}.industry !~ ${NON_INDUSTRIAL_TRADES} AND ${sql.raw(o)}.region_code LIKE ${area(regionCode)})`;
const INDUSTRIAL_WORDS: Text = {
  zh: '工业企业指本辖区已审核、登记为产废单位、所属行业为采矿、制造或电力热力燃气水生产供应的企业（医疗卫生、汽车维修、检验检测、学校、餐饮、商贸物流、农业等社会源单位不计）',
  en: 'industrial enterprises are the area’s verified companies registered as waste producers whose trade is mining, manufacturing or utilities (hospitals, garages, laboratories, schools, catering, trade and logistics, farming and other social sources are left out)',
};

const levelsSql = (levels: string[]) => sql`(${sql.join(levels.map((l) => sql`${l}`), sql`, `)})`;
const PROVINCIAL_UP = ['national', 'provincial'];
const CHECK = '✓', CROSS = '✗';
const orgHref = (id: string) => `/organisations/${id}`;
const col = (key: string, zh: string, en: string, kind?: RecordColumn['kind']): RecordColumn => ({ key, label: { zh, en }, ...(kind ? { kind } : {}) });

// ---- shares of industrial enterprises holding a credential -------------------------------------------

/** Industrial enterprises of the area holding a credential of the kind (and level) in force on the year's day / all of them. */
function industrialShare(spec: { key: string; kind: string; levels?: string[]; matches: RegExp; label: Text; what: Text }): Formula {
  const held = (day: string) => sql`EXISTS (SELECT 1 FROM organisation_credentials c WHERE c.organisation_id = o.id AND c.kind = ${spec.kind}
    ${spec.levels ? sql`AND c.level IN ${levelsSql(spec.levels)}` : sql``} AND ${inForce('c', day)})`;
  return {
    key: spec.key,
    label: spec.label,
    method: {
      zh: `截至年末（当年为截至今日）持有有效${spec.what.zh}的工业企业数，除以本辖区工业企业总数；${INDUSTRIAL_WORDS.zh}。有效指已发证、未过有效期且未注销；市级为各县区之和。`,
      en: `Industrial enterprises holding a ${spec.what.en} in force at the end of the year (today, for the year under way), over all industrial enterprises of the area; ${INDUSTRIAL_WORDS.en}. In force: issued by then, within its term and not ended. A city is the sum of its counties.`,
    },
    inputs: [
      { key: 'held', kind: 'registry', label: { zh: `持有${spec.what.zh}的工业企业`, en: `Industrial enterprises holding a ${spec.what.en}` }, unit: '家' },
      { key: 'enterprises', kind: 'registry', label: { zh: '工业企业', en: 'Industrial enterprises' }, unit: '家' },
    ],
    matches: spec.matches,
    units: PERCENT_UNIT,
    async compute(db, { regionCode, year }) {
      const day = asOfDay(year);
      const [row] = (await db.execute<{ held: number; total: number }>(sql`
        SELECT count(*) FILTER (WHERE ${held(day)})::int AS held, count(*)::int AS total FROM organisations o WHERE ${industrialEnterprises('o', regionCode)}`)).rows;
      return {
        numerator: row.held, denominator: row.total, value: percent(row.held, row.total),
        inputs: [{ key: 'held', value: row.held, note: asOfNote(day) }, { key: 'enterprises', value: row.total, note: asOfNote(day) }],
        ...(row.total ? {} : { missing: { zh: '本辖区名录中没有工业企业', en: 'The area’s register holds no industrial enterprise' } }),
      };
    },
    async records(db, { regionCode, year }, page) {
      const day = asOfDay(year);
      const where = industrialEnterprises('o', regionCode);
      const [rows, count] = await Promise.all([
        db.execute<{ id: string; name: string; industry: string; region: string | null; reference: string | null; level: string | null; issued: string | null; until: string | null }>(sql`
          SELECT o.id, o.name, o.industry, r.name AS region, c.reference, c.level, c.issued_on::text AS issued, c.valid_until::text AS until
          FROM organisations o LEFT JOIN regions r ON r.code = o.region_code
          LEFT JOIN LATERAL (SELECT c.* FROM organisation_credentials c WHERE c.organisation_id = o.id AND c.kind = ${spec.kind}
            ${spec.levels ? sql`AND c.level IN ${levelsSql(spec.levels)}` : sql``} AND ${inForce('c', day)} ORDER BY c.issued_on DESC LIMIT 1) c ON true
          WHERE ${where} ORDER BY (c.id IS NULL), o.name, o.id LIMIT ${page.limit} OFFSET ${page.offset}`),
        db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM organisations o WHERE ${where}`),
      ]);
      return {
        columns: [col('organisation', '企业', 'Company'), col('industry', '行业', 'Industry'), col('region', '所在地', 'Place'), col('counted', '计入', 'Counted'),
          col('reference', '证书编号', 'Certificate'), ...(spec.kind === 'green_factory' ? [col('level', '级别', 'Level')] : []), col('issuedOn', '发证日期', 'Issued', 'date'), col('validUntil', '有效期至', 'Valid until', 'date')],
        items: rows.rows.map((r) => ({ id: r.id, href: orgHref(r.id), cells: {
          organisation: r.name, industry: r.industry, region: r.region, counted: r.reference ? CHECK : CROSS, reference: r.reference, level: labelOf(CREDENTIAL_LEVELS, r.level), issuedOn: r.issued, validUntil: r.until,
        } })),
        total: count.rows[0].total,
      };
    },
  };
}

// ---- counts of companies holding a credential ---------------------------------------------------------

/** Companies of the area holding a credential of the kind (levels), counted once each; `since`: issued after the plan's base year. */
function credentialCount(spec: { key: string; kind: string; levels?: string[]; newSinceBase?: boolean; matches: RegExp; label: Text; method: Text; input: Text }): Formula {
  const condition = (q: FormulaQuery, day: string) => sql`c.kind = ${spec.kind} AND c.region_code LIKE ${area(q.regionCode)} ${spec.levels ? sql`AND c.level IN ${levelsSql(spec.levels)}` : sql``}
    AND ${spec.newSinceBase ? sql`c.issued_on >= make_date(${q.baselineYear + 1}, 1, 1) AND c.issued_on <= ${day}::date AND (c.ended_on IS NULL OR c.ended_on > ${day}::date)` : inForce('c', day)}`;
  return {
    key: spec.key, label: spec.label, method: spec.method,
    inputs: [{ key: 'companies', kind: 'registry', label: spec.input, unit: '家' }],
    matches: spec.matches,
    units: COUNT_UNIT,
    async compute(db, q) {
      const day = asOfDay(q.year);
      const [row] = (await db.execute<{ n: number }>(sql`SELECT count(DISTINCT c.organisation_id)::int AS n FROM organisation_credentials c WHERE ${condition(q, day)}`)).rows;
      return { numerator: row.n, denominator: null, value: row.n, inputs: [{ key: 'companies', value: row.n, note: spec.newSinceBase ? { zh: `${q.baselineYear + 1}年1月1日至${day}`, en: `1 January ${q.baselineYear + 1} to ${day}` } : asOfNote(day) }] };
    },
    async records(db, q, page) {
      const day = asOfDay(q.year);
      const [rows, count] = await Promise.all([
        db.execute<{ id: string; organisation_id: string; name: string; level: string | null; reference: string; issued: string; until: string | null }>(sql`
          SELECT c.id, c.organisation_id, o.name, c.level, c.reference, c.issued_on::text AS issued, c.valid_until::text AS until
          FROM organisation_credentials c JOIN organisations o ON o.id = c.organisation_id WHERE ${condition(q, day)}
          ORDER BY c.issued_on DESC, o.name, c.id LIMIT ${page.limit} OFFSET ${page.offset}`),
        db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM organisation_credentials c WHERE ${condition(q, day)}`),
      ]);
      return {
        columns: [col('organisation', '企业', 'Company'), col('level', '级别', 'Level'), col('reference', '证书编号', 'Certificate'), col('issuedOn', '发证日期', 'Issued', 'date'), col('validUntil', '有效期至', 'Valid until', 'date')],
        items: rows.rows.map((r) => ({ id: r.id, href: orgHref(r.organisation_id), cells: { organisation: r.name, level: labelOf(CREDENTIAL_LEVELS, r.level), reference: r.reference, issuedOn: r.issued, validUntil: r.until } })),
        total: count.rows[0].total,
      };
    },
  };
}

// ---- industrial parks --------------------------------------------------------------------------------

/** Parks of the area whose 循环化改造 had started (or finished) by the day, or (with eco) that are eco-industrial parks / all parks of the area. */
function parkShare(spec: { key: string; eco: boolean; matches: RegExp; label: Text; method: Text }): Formula {
  const counted = (day: string) => sql`((p.circular_status <> 'none' AND coalesce(p.circular_started_on, p.circular_done_on) <= ${day}::date)${spec.eco ? sql` OR p.eco_park` : sql``})`;
  return {
    key: spec.key, label: spec.label, method: spec.method,
    inputs: [
      { key: 'parks', kind: 'registry', label: spec.eco ? { zh: '开展生态工业园区建设或循环化改造的园区', en: 'Parks building an eco-industrial park or under circular retrofit' } : { zh: '开展循环化改造的园区', en: 'Parks under circular retrofit' }, unit: '个' },
      { key: 'total', kind: 'registry', label: { zh: '工业园区', en: 'Industrial parks' }, unit: '个' },
    ],
    matches: spec.matches,
    units: PERCENT_UNIT,
    async compute(db, { regionCode, year }) {
      const day = asOfDay(year);
      const [row] = (await db.execute<{ n: number; total: number }>(sql`
        SELECT count(*) FILTER (WHERE ${counted(day)})::int AS n, count(*)::int AS total FROM industrial_parks p WHERE p.region_code LIKE ${area(regionCode)}`)).rows;
      return {
        numerator: row.n, denominator: row.total, value: percent(row.n, row.total),
        inputs: [{ key: 'parks', value: row.n, note: asOfNote(day) }, { key: 'total', value: row.total }],
        ...(row.total ? {} : { missing: { zh: '本辖区尚未登记工业园区', en: 'No industrial park of the area is recorded' } }),
      };
    },
    async records(db, { regionCode, year }, page) {
      const day = asOfDay(year);
      const [rows, count] = await Promise.all([
        db.execute<{ id: string; name: string; level: string; status: string; started: string | null; done: string | null; eco: boolean; counted: boolean }>(sql`
          SELECT p.id, p.name, p.level, p.circular_status AS status, p.circular_started_on::text AS started, p.circular_done_on::text AS done, p.eco_park AS eco, ${counted(day)} AS counted
          FROM industrial_parks p WHERE p.region_code LIKE ${area(regionCode)} ORDER BY ${counted(day)} DESC, p.name, p.id LIMIT ${page.limit} OFFSET ${page.offset}`),
        db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM industrial_parks p WHERE p.region_code LIKE ${area(regionCode)}`),
      ]);
      return {
        columns: [col('park', '园区', 'Park'), col('level', '级别', 'Level'), col('status', '循环化改造', 'Circular retrofit'), col('startedOn', '开始日期', 'Started', 'date'),
          col('doneOn', '完成日期', 'Done', 'date'), ...(spec.eco ? [col('ecoPark', '生态工业园区', 'Eco-industrial park')] : []), col('counted', '计入', 'Counted')],
        items: rows.rows.map((r) => ({ id: r.id, href: `/registers?tab=parks&park=${r.id}`, cells: {
          park: r.name, level: labelOf(PARK_LEVELS, r.level), status: labelOf(CIRCULAR_STATUSES, r.status), startedOn: r.started, doneOn: r.done, ecoPark: r.eco ? CHECK : CROSS, counted: r.counted ? CHECK : CROSS,
        } })),
        total: count.rows[0].total,
      };
    },
  };
}

// ---- the registers' formulas ---------------------------------------------------------------------------

export const registerFormulas: Formula[] = [
  industrialShare({
    key: 'clean_production_audit_share',
    kind: 'clean_production_audit',
    matches: /清洁生产审核/,
    label: { zh: '通过清洁生产审核评估工业企业占比 = 持有有效清洁生产审核评估结论的工业企业 / 工业企业', en: 'Industrial enterprises with a cleaner-production audit passed and in force / industrial enterprises' },
    what: { zh: '清洁生产审核评估（验收）结论', en: 'cleaner-production audit (passed)' },
  }),
  industrialShare({
    key: 'green_factory_share',
    kind: 'green_factory',
    matches: /绿色工厂.*占比/,
    label: { zh: '开展绿色工厂建设的企业占比 = 获评绿色工厂（任一级别）的工业企业 / 工业企业', en: 'Industrial enterprises named green factories (any level) / industrial enterprises' },
    what: { zh: '绿色工厂称号（国家级、省级或市级）', en: 'green-factory title (national, provincial or municipal)' },
  }),
  credentialCount({
    key: 'green_factories_new_provincial',
    kind: 'green_factory', levels: PROVINCIAL_UP, newSinceBase: true,
    matches: /新增.*绿色工厂/,
    label: { zh: '新增省级以上绿色工厂数量 = 基准年后获评省级、国家级绿色工厂的企业数', en: 'Companies named provincial or national green factories after the plan’s base year' },
    method: {
      zh: '本辖区自指标体系基准年次年1月1日起至年末（当年为截至今日）获评省级或国家级绿色工厂、且未被撤销的企业数（同一企业计一次）；市级为各县区之和。',
      en: 'Companies of the area named provincial or national green factories from 1 January after the plan’s base year to the end of the year (today, for the year under way), and not withdrawn; each company once. A city is the sum of its counties.',
    },
    input: { zh: '新增省级以上绿色工厂', en: 'New provincial or national green factories' },
  }),
  credentialCount({
    key: 'green_factories_provincial',
    kind: 'green_factory', levels: PROVINCIAL_UP,
    matches: /省级(及)?以上绿色工厂.*企业(数量|数)/,
    label: { zh: '开展省级及以上绿色工厂建设的企业数量 = 持有有效省级、国家级绿色工厂称号的企业数', en: 'Companies holding a provincial or national green-factory title in force' },
    method: {
      zh: '截至年末（当年为截至今日）持有有效省级或国家级绿色工厂称号的本辖区企业数（同一企业计一次）；市级为各县区之和。',
      en: 'Companies of the area holding a provincial or national green-factory title in force at the end of the year (today, for the year under way); each company once. A city is the sum of its counties.',
    },
    input: { zh: '省级及以上绿色工厂', en: 'Provincial or national green factories' },
  }),
  credentialCount({
    key: 'zero_waste_factories',
    kind: 'zero_waste_factory',
    matches: /无废工厂.*(数量|数)/,
    label: { zh: '开展“无废工厂”建设的企业数量 = 持有有效“无废工厂”命名的企业数', en: 'Companies named zero-waste factories (in force)' },
    method: {
      zh: '截至年末（当年为截至今日）获“无废工厂”命名且未撤销的本辖区企业数（同一企业计一次）；市级为各县区之和。',
      en: 'Companies of the area named zero-waste factories and not withdrawn at the end of the year (today, for the year under way); each company once. A city is the sum of its counties.',
    },
    input: { zh: '“无废工厂”', en: 'Zero-waste factories' },
  }),
  parkShare({
    key: 'circular_parks_share',
    eco: false,
    matches: /^(?!.*生态工业园区).*循环化改造.*工业园区.*占比/,
    label: { zh: '开展循环化改造的工业园区占比 = 已启动或完成循环化改造的园区 / 工业园区', en: 'Industrial parks whose circular retrofit has started or is done / industrial parks' },
    method: {
      zh: '本辖区登记的工业园区中，截至年末（当年为截至今日）循环化改造已开始（改造中）或已完成的园区所占比例；市级为各县区之和。',
      en: 'Of the industrial parks recorded in the area, the share whose circular retrofit had started (in progress) or was done by the end of the year (today, for the year under way). A city is the sum of its counties.',
    },
  }),
  parkShare({
    key: 'eco_or_circular_parks_share',
    eco: true,
    matches: /生态工业园区.*工业园区.*占比/,
    label: { zh: '开展生态工业园区建设、循环化改造的工业园区占比 =（生态工业园区 + 已启动或完成循环化改造的园区）/ 工业园区', en: 'Industrial parks that are eco-industrial parks or under (or done with) circular retrofit / industrial parks' },
    method: {
      zh: '本辖区登记的工业园区中，为生态工业园区，或截至年末（当年为截至今日）循环化改造已开始或已完成的园区所占比例（一个园区计一次）；市级为各县区之和。',
      en: 'Of the industrial parks recorded in the area, the share that are eco-industrial parks or whose circular retrofit had started or was done by the end of the year (today, for the year under way); each park once. A city is the sum of its counties.',
    },
  }),
  {
    key: 'zero_waste_cells',
    label: { zh: '开展“无废城市细胞”建设的单位数量 = 已命名且未摘牌的无废城市细胞数', en: 'Zero-waste cells named and not ended' },
    method: {
      zh: '截至年末（当年为截至今日）本辖区已命名、未摘牌的“无废城市细胞”数（机关、企事业单位、学校、医院、饭店、商场、集贸市场、社区、村镇、景区等）：经平台申报、主管部门现场核查、公示无异议（或异议已答复）后命名的，命名时记入名录，摘牌之日起不再计入；平台启用前命名的按名录登记计入。市级为各县区之和。',
      en: 'Zero-waste cells of the area (agencies, companies, schools, hospitals, restaurants, malls, markets, communities, villages, scenic areas …) named by the end of the year (today, for the year under way) and not ended by then: a cell named through the platform (application, on-site check by its department, public notice with every objection answered) enters the register when named and leaves it on the day it is revoked; cells named before the platform count as recorded in the register. A city is the sum of its counties.',
    },
    inputs: [{ key: 'cells', kind: 'registry', label: { zh: '无废城市细胞', en: 'Zero-waste cells' }, unit: '个' }],
    matches: /无废(城市)?细胞.*(数量|数)/,
    units: COUNT_UNIT,
    async compute(db, { regionCode, year }) {
      const day = asOfDay(year);
      const [row] = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM zero_waste_cells z WHERE ${cellCounted(regionCode, day)}`)).rows;
      return { numerator: row.n, denominator: null, value: row.n, inputs: [{ key: 'cells', value: row.n, note: asOfNote(day) }] };
    },
    async records(db, { regionCode, year }, page) {
      const day = asOfDay(year);
      const [rows, count] = await Promise.all([
        db.execute<{ id: string; name: string; kind: string; region: string | null; named: string; by: string }>(sql`
          SELECT z.id, z.name, z.kind, r.name AS region, z.named_on::text AS named, z.named_by AS by FROM zero_waste_cells z LEFT JOIN regions r ON r.code = z.region_code
          WHERE ${cellCounted(regionCode, day)} ORDER BY z.named_on DESC, z.name, z.id LIMIT ${page.limit} OFFSET ${page.offset}`),
        db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM zero_waste_cells z WHERE ${cellCounted(regionCode, day)}`),
      ]);
      return {
        columns: [col('cell', '名称', 'Name'), col('kind', '类型', 'Kind'), col('region', '所在地', 'Place'), col('namedOn', '命名日期', 'Named', 'date'), col('namedBy', '命名单位', 'Named by')],
        items: rows.rows.map((r) => ({ id: r.id, href: `/registers?tab=cells&cell=${r.id}`, cells: { cell: r.name, kind: labelOf(CELL_KINDS, r.kind), region: r.region, namedOn: r.named, namedBy: r.by } })),
        total: count.rows[0].total,
      };
    },
  },
  {
    key: 'pollution_insurance_coverage',
    label: { zh: '危险废物经营单位环境污染责任保险覆盖率 = 投保有效环境污染责任保险的持证经营单位 / 持证经营单位', en: 'Licensed hazardous-waste operators insured against pollution liability / licensed operators' },
    method: {
      zh: '截至年末（当年为截至今日）持有有效危险废物经营许可证（在有效期内、未注销）的本辖区单位中，环境污染责任保险在保险期间内的单位所占比例；市级为各县区之和。',
      en: 'Of the area’s units holding a hazardous-waste licence in force at the end of the year (today, for the year under way: within its term, not ended), the share whose pollution liability insurance was within its term then. A city is the sum of its counties.',
    },
    inputs: [
      { key: 'insured', kind: 'registry', label: { zh: '已投保的持证经营单位', en: 'Licensed operators insured' }, unit: '家' },
      { key: 'licensed', kind: 'registry', label: { zh: '持证经营单位', en: 'Licensed operators' }, unit: '家' },
    ],
    matches: /环境污染责任保险覆盖率/,
    units: PERCENT_UNIT,
    async compute(db, { regionCode, year }) {
      const day = asOfDay(year);
      const [row] = (await db.execute<{ insured: number; licensed: number }>(sql`
        SELECT count(*) FILTER (WHERE ${insured(day)})::int AS insured, count(*)::int AS licensed FROM organisations o WHERE ${licensed(regionCode, day)}`)).rows;
      return {
        numerator: row.insured, denominator: row.licensed, value: percent(row.insured, row.licensed),
        inputs: [{ key: 'insured', value: row.insured, note: asOfNote(day) }, { key: 'licensed', value: row.licensed, note: asOfNote(day) }],
        ...(row.licensed ? {} : { missing: { zh: '本辖区没有持有有效危险废物经营许可证的单位', en: 'No unit of the area holds a hazardous-waste licence in force' } }),
      };
    },
    async records(db, { regionCode, year }, page) {
      const day = asOfDay(year);
      const [rows, count] = await Promise.all([
        db.execute<{ id: string; name: string; licence: string; policy: string | null; until: string | null }>(sql`
          SELECT o.id, o.name,
            (SELECT string_agg(l.number, '、' ORDER BY l.number) FROM licences l WHERE l.organisation_id = o.id AND ${licenceInForce('l', day)}) AS licence,
            c.reference AS policy, c.valid_until::text AS until
          FROM organisations o LEFT JOIN LATERAL (SELECT c.* FROM organisation_credentials c WHERE c.organisation_id = o.id AND c.kind = 'pollution_insurance' AND ${inForce('c', day)}
            ORDER BY c.valid_until DESC NULLS LAST LIMIT 1) c ON true
          WHERE ${licensed(regionCode, day)} ORDER BY (c.id IS NULL), o.name, o.id LIMIT ${page.limit} OFFSET ${page.offset}`),
        db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM organisations o WHERE ${licensed(regionCode, day)}`),
      ]);
      return {
        columns: [col('organisation', '经营单位', 'Operator'), col('licence', '经营许可证', 'Licence'), col('counted', '已投保', 'Insured'), col('policy', '保单号', 'Policy'), col('validUntil', '保险期至', 'Insured until', 'date')],
        items: rows.rows.map((r) => ({ id: r.id, href: orgHref(r.id), cells: { organisation: r.name, licence: r.licence, counted: r.policy ? CHECK : CROSS, policy: r.policy, validUntil: r.until } })),
        total: count.rows[0].total,
      };
    },
  },
  {
    key: 'compliance_check_pass_rate',
    label: { zh: '危险废物规范化管理抽查合格率 = 抽查合格次数 / 抽查次数', en: 'Hazardous-waste compliance checks passed / checks' },
    method: {
      zh: '当年（按抽查日期）生态环境部门对本辖区危险废物产生、收集、利用处置单位开展规范化环境管理抽查，合格的次数除以抽查总次数（复查另计一次）；抽查包括直接登记的检查和“双随机、一公开”抽取后按检查表登记的检查（无否决项不符合且得分不低于70分为合格）；市级为各县区之和。',
      en: 'The year’s checks (by the day checked) of the area’s hazardous-waste producers, collectors and operators by the ecology bureau: those passed over all checks (a re-check is a check of its own). Checks are those recorded directly and those of the random draws (双随机) recorded against the checklist (passed: no veto item failing and a score of 70 or more). A city is the sum of its counties.',
    },
    inputs: [
      { key: 'passed', kind: 'registry', label: { zh: '合格次数', en: 'Checks passed' }, unit: '次' },
      { key: 'checks', kind: 'registry', label: { zh: '抽查次数', en: 'Checks' }, unit: '次' },
    ],
    matches: /规范化(环境)?管理(抽查|评估).*合格率/,
    units: PERCENT_UNIT,
    async compute(db, { regionCode, year }) {
      const [row] = (await db.execute<{ passed: number; checks: number }>(sql`
        SELECT count(*) FILTER (WHERE k.passed)::int AS passed, count(*)::int AS checks FROM compliance_checks k WHERE ${checksOf(regionCode, year)}`)).rows;
      return {
        numerator: row.passed, denominator: row.checks, value: percent(row.passed, row.checks),
        inputs: [{ key: 'passed', value: row.passed }, { key: 'checks', value: row.checks }],
        ...(row.checks ? {} : { missing: { zh: `${year}年本辖区尚无抽查记录`, en: `No check of the area is recorded for ${year}` } }),
      };
    },
    async records(db, { regionCode, year }, page) {
      const [rows, count] = await Promise.all([
        db.execute<{ id: string; organisation_id: string; name: string; checked: string; passed: boolean; score: number | null; findings: string }>(sql`
          SELECT k.id, k.organisation_id, o.name, k.checked_on::text AS checked, k.passed, k.score::float8 AS score, k.findings
          FROM compliance_checks k JOIN organisations o ON o.id = k.organisation_id WHERE ${checksOf(regionCode, year)}
          ORDER BY k.checked_on DESC, o.name, k.id LIMIT ${page.limit} OFFSET ${page.offset}`),
        db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM compliance_checks k WHERE ${checksOf(regionCode, year)}`),
      ]);
      return {
        columns: [col('organisation', '被查单位', 'Unit checked'), col('checkedOn', '抽查日期', 'Checked', 'date'), col('passed', '合格', 'Passed'), col('score', '得分', 'Score', 'number'), col('findings', '发现问题', 'Findings')],
        items: rows.rows.map((r) => ({ id: r.id, href: `/registers?tab=checks&organisationId=${r.organisation_id}`, cells: {
          organisation: r.name, checkedOn: r.checked, passed: r.passed ? CHECK : CROSS, score: r.score, findings: r.findings,
        } })),
        total: count.rows[0].total,
      };
    },
  },
];

function cellCounted(regionCode: string, day: string): SQL {
  return sql`z.region_code LIKE ${area(regionCode)} AND z.named_on <= ${day}::date AND (z.ended_on IS NULL OR z.ended_on > ${day}::date)`;
}
const licenceInForce = (l: string, day: string) => sql`(${sql.raw(l)}.valid_from <= ${day}::date AND ${sql.raw(l)}.valid_to >= ${day}::date AND (${sql.raw(l)}.ended_on IS NULL OR ${sql.raw(l)}.ended_on > ${day}::date))`;
/** Units of the area holding a hazardous-waste licence (经营许可证, including 收集许可证) in force on the day. */
function licensed(regionCode: string, day: string): SQL {
  return sql`o.region_code LIKE ${area(regionCode)} AND EXISTS (SELECT 1 FROM licences l WHERE l.organisation_id = o.id AND ${licenceInForce('l', day)})`;
}
const insured = (day: string) => sql`EXISTS (SELECT 1 FROM organisation_credentials c WHERE c.organisation_id = o.id AND c.kind = 'pollution_insurance' AND ${inForce('c', day)})`;
function checksOf(regionCode: string, year: number): SQL {
  return sql`k.region_code LIKE ${area(regionCode)} AND k.checked_on >= make_date(${year}, 1, 1) AND k.checked_on < make_date(${year + 1}, 1, 1)`;
}
