import type { SettingDefinition } from './settings';
import type { Capability } from './enums';

// 企业环境信用评价 (seed 000 三(七)2(2) 落实环境治理信用制度; indicator 36): a score per enterprise
// from a base and the events in force, a grade by the region's scheme, the blacklist on top. Pure:
// the server, the console and the tests share it. The grades follow 《企业环境信用评价办法（试行）》
// (环发〔2013〕150号) 第四条: 环保诚信 (绿), 环保良好 (蓝), 环保警示 (黄), 环保不良 (红); the A–E
// scheme is for regions whose provincial system grades by letters.

export type Text = { zh: string; en: string };

/**
 * 固体废物相关企业: a verified enterprise holding any of these capabilities, i.e. one that produces,
 * collects, stores, carries, uses or disposes of solid waste as its business or its process (产生、收集、
 * 贮存、运输、利用、处置). Left out: restaurants, farms, farm-input dealers, shops, construction sites
 * (projects, not enterprises of the credit system), which the other departments' systems rate.
 */
export const CREDIT_CAPABILITIES: Capability[] = [
  'producer', 'transporter', 'receiver', 'collector', 'recycler', 'wastewater_plant', 'kitchen_collector', 'grease_recycler',
  'fertiliser_plant', 'carcass_plant', 'recycling_station', 'sorting_centre', 'ewaste_dismantler',
];

/** The kinds of score event: found by the sweep in platform data, or recorded by an official. */
export interface CreditEventKind {
  value: string; zh: string; en: string;
  /** Points it usually carries (negative lowers the score); an official's kinds give their own. */
  points: number;
  /** Months an event stays in force from its day, unless given. */
  validityMonths: number;
  by: 'sweep' | 'official';
}

export const CREDIT_EVENT_KINDS: CreditEventKind[] = [
  // 危险废物转移管理办法 第十二条 / the stream's deadline: the receiver did not confirm in time.
  { value: 'receipt_overdue', zh: '超期未确认接收', en: 'Receipt not confirmed in time', points: -5, validityMonths: 12, by: 'sweep' },
  // A load the receiver refused: the producer's description did not hold.
  { value: 'manifest_refused', zh: '转移联单被拒收', en: 'Load refused by the receiver', points: -3, validityMonths: 12, by: 'sweep' },
  { value: 'alarm_overdue', zh: '预警逾期未处置', en: 'Alarm left open past its deadline', points: -2, validityMonths: 12, by: 'sweep' },
  { value: 'declaration_missing', zh: '逾期未申报', en: 'Declaration late or missing', points: -5, validityMonths: 12, by: 'sweep' },
  // 行政处罚: 环境信用评价办法 第十三条, a decision with its number and legal basis.
  { value: 'penalty', zh: '行政处罚', en: 'Administrative penalty', points: -20, validityMonths: 12, by: 'official' },
  { value: 'commendation', zh: '表彰奖励', en: 'Commendation', points: 5, validityMonths: 12, by: 'official' },
  // Kinds the lead adds at merge with their sweep sources (complaints, inspections).
  { value: 'complaint_upheld', zh: '信访投诉查证属实', en: 'Complaint upheld', points: -5, validityMonths: 12, by: 'sweep' },
  { value: 'inspection_failed', zh: '抽查不合格', en: 'Inspection failed', points: -10, validityMonths: 12, by: 'sweep' },
];
export const creditEventKind = (value: string) => CREDIT_EVENT_KINDS.find((k) => k.value === value);
export const OFFICIAL_KINDS = ['penalty', 'commendation'] as const;
export type OfficialKind = (typeof OFFICIAL_KINDS)[number];

/** The day `months` months after `day` (YYYY-MM-DD), clamped to the month's end (01-31 + 1 → 02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface ScoredEvent {
  points: number;
  validFrom: string;
  /** The first day it no longer counts. */
  validUntil: string;
  /** The first day it no longer counts because a repair or a correction ended it early. */
  endedOn?: string | null;
}

/** In force on `day`: from its first day up to (not including) its end or its early end. */
export function inForce(e: ScoredEvent, day: string): boolean {
  const until = e.endedOn && e.endedOn < e.validUntil ? e.endedOn : e.validUntil;
  return e.validFrom <= day && day < until;
}

/** The score on `day`: the base plus the points of the events in force, never below 0. */
export function creditScore(base: number, events: ScoredEvent[], day: string): number {
  return Math.max(0, base + events.filter((e) => inForce(e, day)).reduce((s, e) => s + e.points, 0));
}

export interface Grade { value: string; zh: string; en: string; colour: string; label: Text; min: number }

/** Scheme 1: four colours (环发〔2013〕150号). Scheme 2: A–E. The thresholds are the score's lower bounds. */
export const GRADE_SCHEMES: Record<1 | 2, { label: Text; grades: Grade[] }> = {
  1: {
    label: { zh: '四色（绿、蓝、黄、红）', en: 'Four colours' },
    grades: [
      { value: 'green', zh: '绿', en: 'Green', colour: 'green', label: { zh: '环保诚信', en: 'Trustworthy' }, min: 90 },
      { value: 'blue', zh: '蓝', en: 'Blue', colour: 'blue', label: { zh: '环保良好', en: 'Good' }, min: 75 },
      { value: 'yellow', zh: '黄', en: 'Yellow', colour: 'gold', label: { zh: '环保警示', en: 'Warning' }, min: 60 },
      { value: 'red', zh: '红', en: 'Red', colour: 'red', label: { zh: '环保不良', en: 'Poor' }, min: 0 },
    ],
  },
  2: {
    label: { zh: '五级（A–E）', en: 'Five letters (A–E)' },
    grades: [
      { value: 'A', zh: 'A', en: 'A', colour: 'green', label: { zh: '诚信', en: 'Trustworthy' }, min: 95 },
      { value: 'B', zh: 'B', en: 'B', colour: 'cyan', label: { zh: '良好', en: 'Good' }, min: 85 },
      { value: 'C', zh: 'C', en: 'C', colour: 'blue', label: { zh: '一般', en: 'Fair' }, min: 75 },
      { value: 'D', zh: 'D', en: 'D', colour: 'gold', label: { zh: '警示', en: 'Warning' }, min: 60 },
      { value: 'E', zh: 'E', en: 'E', colour: 'red', label: { zh: '不良', en: 'Poor' }, min: 0 },
    ],
  },
};
export const GRADE_VALUES = [...GRADE_SCHEMES[1].grades, ...GRADE_SCHEMES[2].grades].map((g) => g.value);

export const schemeOf = (setting: number): 1 | 2 => (setting === 2 ? 2 : 1);

/** The grade of a score; a blacklisted enterprise takes the lowest grade whatever its score (黑名单). */
export function gradeOf(scheme: 1 | 2, score: number, blacklisted: boolean): Grade {
  const grades = GRADE_SCHEMES[scheme].grades;
  if (blacklisted) return grades[grades.length - 1];
  return grades.find((g) => score >= g.min) ?? grades[grades.length - 1];
}

export const gradeByValue = (value: string) => [...GRADE_SCHEMES[1].grades, ...GRADE_SCHEMES[2].grades].find((g) => g.value === value);

/** A blacklist entry is in force from its first day until it is lifted or its end (both the first day it no longer holds). */
export function listedOn(entry: { listedFrom: string; listedUntil: string | null; liftedOn?: string | null }, day: string): boolean {
  const ends = [entry.listedUntil, entry.liftedOn ?? null].filter((d): d is string => !!d).sort()[0];
  return entry.listedFrom <= day && (!ends || day < ends);
}

export type RepairStatus = 'pending' | 'approved' | 'rejected';

export const CREDIT_SCHEME_SETTING = 'credit.grade_scheme';
export const CREDIT_BASE_SETTING = 'credit.base_score';

export const CREDIT_SETTINGS: SettingDefinition[] = [
  {
    key: CREDIT_SCHEME_SETTING,
    label: { zh: '企业环境信用评价等级方案（1 = 绿蓝黄红四色，2 = A–E五级）', en: 'Enterprise credit grades (1 = four colours, 2 = A–E)' },
    unit: { zh: '方案', en: 'scheme' },
    default: 1, min: 1, max: 2,
    domains: ['ecology'],
    basis: '《企业环境信用评价办法（试行）》（环发〔2013〕150号）第四条：环保诚信、良好、警示、不良四个等级，依次以绿牌、蓝牌、黄牌、红牌表示',
  },
  {
    key: CREDIT_BASE_SETTING,
    label: { zh: '企业环境信用评价基础分', en: 'Enterprise credit base score' },
    unit: { zh: '分', en: 'points' },
    default: 100, min: 60, max: 1000,
    domains: ['ecology'],
    basis: '平台默认：基础分100分，加减有效期内的信用事件分值',
  },
];
