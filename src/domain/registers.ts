// The registers the indicator formulas count (名录): credentials an organisation holds, industrial
// parks and their 循环化改造, 无废城市细胞 and 危险废物规范化环境管理抽查. Vocabularies with their labels
// and the rules a record must keep, shared by the server and the console.

export interface Labelled<T extends string = string> { value: T; zh: string; en: string }

export const CREDENTIAL_KINDS = [
  { value: 'clean_production_audit', zh: '清洁生产审核（评估通过）', en: 'Cleaner-production audit (passed)' },
  { value: 'green_factory', zh: '绿色工厂', en: 'Green factory' },
  { value: 'zero_waste_factory', zh: '无废工厂', en: 'Zero-waste factory' },
  { value: 'pollution_insurance', zh: '环境污染责任保险', en: 'Environmental pollution liability insurance' },
] as const satisfies readonly Labelled[];
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number]['value'];
export const CREDENTIAL_KIND_VALUES = CREDENTIAL_KINDS.map((k) => k.value) as [CredentialKind, ...CredentialKind[]];

export const CREDENTIAL_LEVELS = [
  { value: 'national', zh: '国家级', en: 'National' },
  { value: 'provincial', zh: '省级', en: 'Provincial' },
  { value: 'municipal', zh: '市级', en: 'Municipal' },
] as const satisfies readonly Labelled[];
export type CredentialLevel = (typeof CREDENTIAL_LEVELS)[number]['value'];
export const CREDENTIAL_LEVEL_VALUES = CREDENTIAL_LEVELS.map((k) => k.value) as [CredentialLevel, ...CredentialLevel[]];

export const PARK_LEVELS = [...CREDENTIAL_LEVELS, { value: 'county', zh: '县级', en: 'County' }] as const satisfies readonly Labelled[];
export type ParkLevel = (typeof PARK_LEVELS)[number]['value'];
export const PARK_LEVEL_VALUES = PARK_LEVELS.map((k) => k.value) as [ParkLevel, ...ParkLevel[]];

export const CIRCULAR_STATUSES = [
  { value: 'none', zh: '未开展', en: 'Not started' },
  { value: 'in_progress', zh: '改造中', en: 'In progress' },
  { value: 'done', zh: '已完成', en: 'Done' },
] as const satisfies readonly Labelled[];
export type CircularStatus = (typeof CIRCULAR_STATUSES)[number]['value'];
export const CIRCULAR_STATUS_VALUES = CIRCULAR_STATUSES.map((k) => k.value) as [CircularStatus, ...CircularStatus[]];

export const CELL_KINDS = [
  { value: 'agency', zh: '机关', en: 'Government agency' },
  { value: 'enterprise', zh: '企业', en: 'Enterprise' },
  { value: 'school', zh: '学校', en: 'School' },
  { value: 'hospital', zh: '医院', en: 'Hospital' },
  { value: 'restaurant', zh: '饭店', en: 'Restaurant' },
  { value: 'mall', zh: '商场', en: 'Shopping mall' },
  { value: 'market', zh: '集贸市场', en: 'Market' },
  { value: 'community', zh: '社区', en: 'Residential community' },
  { value: 'village', zh: '村镇', en: 'Village or town' },
  { value: 'scenic', zh: '景区', en: 'Scenic area' },
  { value: 'other', zh: '其他', en: 'Other' },
] as const satisfies readonly Labelled[];
export type CellKind = (typeof CELL_KINDS)[number]['value'];
export const CELL_KIND_VALUES = CELL_KINDS.map((k) => k.value) as [CellKind, ...CellKind[]];

export const labelOf = (list: readonly Labelled[], value: string | null | undefined, lang: 'zh' | 'en' = 'zh') =>
  (value ? list.find((e) => e.value === value)?.[lang] ?? value : '');

/**
 * Which credentials carry a level: a green factory is always named at a level (国家级/省级/市级 绿色工厂);
 * a zero-waste factory may be; an audit and an insurance policy never are.
 */
export const LEVEL_RULE: Record<CredentialKind, 'required' | 'optional' | 'none'> = {
  clean_production_audit: 'none', green_factory: 'required', zero_waste_factory: 'optional', pollution_insurance: 'none',
};
/** An insurance policy runs for a term: its end is part of the record. */
export const VALID_UNTIL_REQUIRED: Record<CredentialKind, boolean> = {
  clean_production_audit: false, green_factory: false, zero_waste_factory: false, pollution_insurance: true,
};

/** Whether a credential counts on a day: issued by then, not past its term, not ended (ended_on is the first day it no longer counts). */
export function inForceOn(c: { issuedOn: string; validUntil: string | null; endedOn: string | null }, day: string): boolean {
  return c.issuedOn <= day && (c.validUntil === null || c.validUntil >= day) && (c.endedOn === null || c.endedOn > day);
}

/**
 * 工业企业 as the shares count them: a verified enterprise registered as a waste producer whose
 * industry is a trade of 采矿业, 制造业 or 电力、热力、燃气及水生产和供应业 (GB/T 4754 B–D), which the
 * register's free-text industry tells by leaving out the service trades whose producers are
 * 社会源 (hospitals and clinics, garages, laboratories, schools, catering, trade and logistics, farming).
 * An enterprise without an industry is not counted: the register says too little to count it.
 */
export const NON_INDUSTRIAL_TRADES = '医疗|卫生|医院|诊所|门诊|妇幼|疾控|保健|维修|修理|检验|检测|实验室|学校|教育|科研|餐饮|住宿|酒店|宾馆|商贸|零售|批发|超市|物流|运输|仓储|养殖|种植|农业|畜牧|物业';
const NON_INDUSTRIAL = new RegExp(NON_INDUSTRIAL_TRADES);
export const isIndustrialTrade = (industry: string | null | undefined) => !!industry && industry.trim() !== '' && !NON_INDUSTRIAL.test(industry);
