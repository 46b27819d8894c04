import type { FieldRule, ManifestData, StreamConfig } from './engine';

// Every value put on a manifest is checked by the kind its rule gives it, before the engine merges
// it and long before it is sealed by a signature: a weight is a number of tonnes in a sane range
// with no more decimals than the ledger keeps, a date is a real calendar day, a code comes from its
// vocabulary or has its format, a reference is an id. Before this check a weight of "NaN" or
// "１２３" and a planned date of 2025-02-30 were sealed as written.

export type ValueProblem = 'WRONG_TYPE' | 'OUT_OF_RANGE' | 'TOO_PRECISE' | 'NOT_A_DAY' | 'OUT_OF_WINDOW' | 'NOT_IN_LIST' | 'BAD_FORMAT' | 'TOO_LONG' | 'FIXED';
export interface ValueIssue { field: string; problem: ValueProblem; zh: string; en: string }

/** Tonnes are kept with four decimals (numeric(14,4)). */
export const WEIGHT_DECIMALS = 4;
/** One load: far above any truck, far below what a typing slip produces. */
export const MAX_LOAD_T = 1000;
const EARLIEST = Date.UTC(2000, 0, 1);
const DAY = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A code has the shape of a catalogue or method code: letters, digits and dashes, nothing to interpret. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9.\-]{0,19}$/;

/** True for YYYY-MM-DD naming a day that exists (no 30 February). */
export function isCalendarDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const decimals = (n: number) => {
  const scaled = n * 10 ** WEIGHT_DECIMALS;
  return Math.abs(scaled - Math.round(scaled)) > 1e-6 * Math.max(1, Math.abs(scaled));
};

function issue(field: string, problem: ValueProblem, zh: string, en: string): ValueIssue {
  return { field, problem, zh, en };
}

/** What a value is checked by: a manifest field's rule, or a batch field of a stream. */
export type ValueRule = Pick<FieldRule, 'field' | 'label' | 'kind' | 'options' | 'pattern' | 'range'>;

/** The problem with one value of a field, or null. `null` clears a field and is always allowed here (the signature's required check decides). */
export function checkValue(rule: ValueRule, value: unknown, now: Date): ValueIssue | null {
  const { field } = rule;
  const name = rule.label;
  if (value === null) return null;
  if (rule.options && rule.kind !== 'list') {
    if (typeof value !== 'string' || !rule.options.some((o) => o.value === value)) {
      const values = rule.options.map((o) => o.value).slice(0, 12);
      return issue(field, 'NOT_IN_LIST', `${name.zh}应为以下之一：${values.join('、')}`, `${name.en} must be one of: ${values.join(', ')}`);
    }
    return null;
  }
  switch (rule.kind) {
    case 'text':
      if (typeof value !== 'string') return issue(field, 'WRONG_TYPE', `${name.zh}应为文本`, `${name.en} must be text`);
      if (value.length > 500) return issue(field, 'TOO_LONG', `${name.zh}最多 500 字`, `${name.en} is at most 500 characters`);
      return null;
    case 'number':
    case 'weight': {
      // A number as JSON sends it: "12,345.6", "１２３" or "NaN" as text are not read into one.
      if (typeof value !== 'number' || !Number.isFinite(value)) return issue(field, 'WRONG_TYPE', `${name.zh}应为数字`, `${name.en} must be a number`);
      const max = rule.range?.max ?? (rule.kind === 'weight' ? MAX_LOAD_T : 1_000_000);
      const min = rule.range?.min ?? 0;
      if (value < min || value > max) return issue(field, 'OUT_OF_RANGE', `${name.zh}应在 ${min} 到 ${max} 之间`, `${name.en} must be between ${min} and ${max}`);
      if (rule.range?.integer && !Number.isInteger(value)) return issue(field, 'TOO_PRECISE', `${name.zh}应为整数`, `${name.en} must be a whole number`);
      if (rule.kind === 'weight' && decimals(value)) return issue(field, 'TOO_PRECISE', `${name.zh}最多保留 ${WEIGHT_DECIMALS} 位小数（0.0001 吨）`, `${name.en} has at most ${WEIGHT_DECIMALS} decimals (0.0001 t)`);
      return null;
    }
    case 'date': {
      if (typeof value !== 'string' || !isCalendarDay(value)) return issue(field, 'NOT_A_DAY', `${name.zh}应为真实存在的日期（年-月-日）`, `${name.en} must be a real calendar day (YYYY-MM-DD)`);
      const at = Date.parse(`${value}T00:00:00Z`);
      if (at < EARLIEST || at > now.getTime() + 366 * DAY) return issue(field, 'OUT_OF_WINDOW', `${name.zh}应在 2000 年以后、一年以内`, `${name.en} must be after 2000 and within a year from now`);
      return null;
    }
    case 'datetime': {
      const at = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && isCalendarDay(value.slice(0, 10)) ? Date.parse(value) : NaN;
      if (!Number.isFinite(at)) return issue(field, 'NOT_A_DAY', `${name.zh}应为有效的日期时间`, `${name.en} must be a valid date and time`);
      if (at < EARLIEST || at > now.getTime() + DAY) return issue(field, 'OUT_OF_WINDOW', `${name.zh}应在 2000 年以后且不晚于明天`, `${name.en} must be after 2000 and not after tomorrow`);
      return null;
    }
    case 'code':
      if (typeof value !== 'string' || !(rule.pattern ?? CODE).test(value)) return issue(field, 'BAD_FORMAT', `${name.zh}格式不正确`, `${name.en} has the wrong format`);
      return null;
    case 'ref':
      if (typeof value !== 'string' || !UUID.test(value)) return issue(field, 'BAD_FORMAT', `${name.zh}应为记录编号（UUID）`, `${name.en} must be a record id (UUID)`);
      return null;
    case 'list':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length > 40) || value.length > 20) return issue(field, 'WRONG_TYPE', `${name.zh}应为文本列表`, `${name.en} must be a list of texts`);
      if (rule.options && value.some((v) => !rule.options!.some((o) => o.value === v))) return issue(field, 'NOT_IN_LIST', `${name.zh}含有不在列表中的值`, `${name.en} holds a value outside its list`);
      return null;
    case 'boolean':
      if (typeof value !== 'boolean') return issue(field, 'WRONG_TYPE', `${name.zh}应为是或否`, `${name.en} must be true or false`);
      return null;
  }
}

/**
 * The problems with values someone sends for a manifest (an edit, a signature's data, a revision).
 * Fields the platform fills at creation from the load (`fixed`) are refused unless sent back unchanged: they follow the batches,
 * the project or the truck and would otherwise part from the manifest's own columns. Unknown fields
 * are left to the engine, which names them.
 */
export function checkValues(config: StreamConfig, values: ManifestData, current: ManifestData = {}, now = new Date()): ValueIssue[] {
  const issues: ValueIssue[] = [];
  for (const [field, value] of Object.entries(values)) {
    const rule = config.fields.find((f) => f.field === field);
    if (!rule) continue;
    // Sending a fixed field back unchanged (a form that shows it for checking) is no change.
    if (rule.fixed && JSON.stringify(value) !== JSON.stringify(current[field])) {
      issues.push(issue(field, 'FIXED', `${rule.label.zh}由平台按${rule.fixed.zh}生成，不能直接修改`, `${rule.label.en} is set by the platform from ${rule.fixed.en} and cannot be changed directly`));
      continue;
    }
    if (rule.fixed) continue;
    const found = checkValue(rule, value, now);
    if (found) issues.push(found);
  }
  return issues;
}
