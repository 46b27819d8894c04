// Targets as plans write them: ">95%", "＞97%", "98%以上", "≤300", "低于24万吨", "8%（较2020年）",
// "200-300", "稳步降低", "完成聊城市下达目标". A numeric target gets a comparator, value, unit and
// (for changes) a base year; anything else is qualitative and assessed by a person. The original
// text is always kept beside the parse.
export type Comparator = '>' | '>=' | '<' | '<=' | '=' | 'between';

export interface NumericTarget {
  kind: 'numeric';
  comparator: Comparator;
  value: number;
  /** Upper bound when comparator is 'between'. */
  upper?: number;
  unit: string;
  /** "8%（较2020年）": a change relative to that year's value. */
  baseYear?: number;
  /** "100%（汽修行业）": what the figure is limited to. */
  scope?: string;
  /** No comparator was written ("88%"): it follows the indicator's direction (≥ rising, ≤ falling). */
  implicit?: boolean;
  /**
   * The indicator's value is itself the change from the base year (下降幅度, 增长率: see targetOn), so
   * it is compared with the target as it is, and its path starts at 0 in the base year.
   */
  valueIsChange?: boolean;
  text: string;
}

export interface QualitativeTarget {
  kind: 'qualitative';
  /** What the words suggest, when they say it ("稳步降低" → decrease). */
  direction?: 'increase' | 'decrease';
  text: string;
}

export type ParsedTarget = NumericTarget | QualitativeTarget | { kind: 'none'; text: string };

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const UNIT = String.raw`(%|‰|万吨|吨\/万元|吨\/万平方米|吨\/人|吨|万元|亿元|万平方米|平方米|个|家|座|处|台|辆|项|次|天|日|年|小时|公斤|千克|kg|t)?`;

/** Full-width characters and spaces to their plain forms. */
export function normaliseTargetText(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/[≧]/g, '≥').replace(/[≦]/g, '≤')
    .replace(/\s+/g, '')
    .trim();
}

const PREFIX: [RegExp, Comparator][] = [
  [/^(>=|≥|不低于|不少于|至少|达到|达|力争达到|力争|稳定在|保持在?|维持在?)/, '>='],
  [/^(<=|≤|不高于|不超过|不大于|控制在)/, '<='],
  [/^(>|高于|大于|超过)/, '>'],
  [/^(<|低于|小于|少于)/, '<'],
];
const SUFFIX: [RegExp, Comparator][] = [
  [/(以上|及以上|或以上)$/, '>='],
  [/(以下|及以下|或以下|以内)$/, '<='],
];

export function parseTarget(raw: string | null | undefined): ParsedTarget {
  const text = (raw ?? '').trim();
  const s = normaliseTargetText(text);
  if (!s || /^[\/—\-–]+$|^无$|^\\$/.test(s)) return { kind: 'none', text };

  let rest = s;
  let baseYear: number | undefined;
  const base = /[(（]?较(\d{4})年?(?:基[准数]值?)?[)）]?/.exec(rest);
  if (base) {
    baseYear = Number(base[1]);
    rest = rest.replace(base[0], '');
  }
  // A trailing note in brackets that is not a base year says what the figure covers.
  let scope: string | undefined;
  const note = /[(（]([^()（）]+)[)）]$/.exec(rest);
  if (note && !/^\d/.test(note[1])) {
    scope = note[1];
    rest = rest.slice(0, note.index);
  }
  let comparator: Comparator | null = null;
  for (const [re, c] of PREFIX) if (re.test(rest)) { comparator = c; rest = rest.replace(re, ''); break; }
  for (const [re, c] of SUFFIX) if (re.test(rest)) { comparator = comparator ?? c; rest = rest.replace(re, ''); break; }
  // "降低8%" / "提高10%" / "增长2.3%": a change against a base.
  const change = /^(降低|减少|下降|提高|提升|增长|增加)/.exec(rest);
  if (change) rest = rest.slice(change[0].length);

  const range = new RegExp(`^${NUMBER}${UNIT}[-~～至到]${NUMBER}${UNIT}$`).exec(rest);
  if (range) {
    return { kind: 'numeric', comparator: 'between', value: Number(range[1]), upper: Number(range[3]), unit: range[4] ?? range[2] ?? '', ...(baseYear ? { baseYear } : {}), ...(scope ? { scope } : {}), text };
  }
  const single = new RegExp(`^${NUMBER}${UNIT}$`).exec(rest);
  if (single) {
    const decreasing = change && /降低|减少|下降/.test(change[0]);
    return {
      kind: 'numeric',
      comparator: comparator ?? '>=',
      value: decreasing ? -Number(single[1]) : Number(single[1]),
      unit: single[2] ?? '',
      ...(baseYear || change ? { baseYear: baseYear ?? undefined } : {}),
      ...(scope ? { scope } : {}),
      ...(comparator ? {} : { implicit: true }),
      text,
    };
  }
  const direction = /降低|减少|下降|削减|减量/.test(s) ? 'decrease' : /提高|提升|增长|增加|扩大/.test(s) ? 'increase' : undefined;
  return { kind: 'qualitative', ...(direction ? { direction } : {}), text };
}

/**
 * A target as it applies to its indicator. On an indicator whose value is a change in % (下降幅度,
 * 降低幅度, 增长率: see CHANGE_INDICATOR in columns.ts), "5%（较2020年）" and "降低5%" both mean a change
 * of at least 5 % in the named direction: the figure is the change itself, never negative.
 */
export function targetOn(isChangeIndicator: boolean, parsed: ParsedTarget): ParsedTarget {
  if (!isChangeIndicator || parsed.kind !== 'numeric' || (parsed.unit !== '%' && parsed.unit !== '')) return parsed;
  return { ...parsed, value: Math.abs(parsed.value), ...(parsed.upper !== undefined ? { upper: Math.abs(parsed.upper) } : {}), valueIsChange: true };
}

/** An indicator whose targets are all words (建立协调机制, 稳步降低 …): a person gives a verdict, not a number. */
export const allQualitative = (targets: { kind?: string }[]) => targets.length > 0 && targets.every((t) => t.kind !== 'numeric');

/**
 * Whether a year of an indicator is judged by a person: every target is in words, or the year lies past
 * the last numeric target and words follow it (1.64 in 2022, then 稳步降低), as the progress method says.
 */
export function judgedInWords(targets: { year: number; parsed: { kind?: string } }[], year: number): boolean {
  if (allQualitative(targets.map((t) => t.parsed))) return true;
  const numeric = targets.filter((t) => t.parsed.kind === 'numeric').map((t) => t.year);
  const lastNumeric = Math.max(...numeric);
  return lastNumeric < Math.max(...targets.map((t) => t.year)) && year > lastNumeric;
}

/** A value in the target's unit converted to a base unit, so 24万吨 and 240000吨 compare. */
export function toBaseUnit(value: number, unit: string): { value: number; unit: string } {
  switch (unit) {
    case '万吨': return { value: value * 10_000, unit: '吨' };
    case '亿元': return { value: value * 10_000, unit: '万元' };
    case '‰': return { value: value / 10, unit: '%' };
    case 't': return { value, unit: '吨' };
    case 'kg':
    case '千克':
    case '公斤': return { value: value / 1000, unit: '吨' };
    default: return { value, unit };
  }
}

/** Whether an actual value meets a numeric target (both in the same unit after toBaseUnit). */
export function meets(target: NumericTarget, actual: number): boolean {
  const t = toBaseUnit(target.value, target.unit).value;
  switch (target.comparator) {
    case '>': return actual > t;
    case '>=': return actual >= t;
    case '<': return actual < t;
    case '<=': return actual <= t;
    case '=': return Math.abs(actual - t) < 1e-9;
    case 'between': return actual >= t && actual <= toBaseUnit(target.upper!, target.unit).value;
  }
}
