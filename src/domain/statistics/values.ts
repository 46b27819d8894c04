import { statisticKey, type StatisticKey } from './keys';

// What a statistical figure may be, checked the same way wherever it enters (the form, the API, a
// row of the Excel sheet): a known key, a year from 1990 to next year (a plan's base year lies in the
// past; next year's figure may be a target the bureau publishes ahead), a number that is not negative,
// whole for counts (人, 户, 个, 头, 只), with at most four decimals and below a trillion.

/** A text in Chinese and English (the server's error messages have the same shape). */
export interface Message { zh: string; en: string }

export const EARLIEST_STATISTIC_YEAR = 1990;
/** The latest year a figure may be for: next year in Shanghai. */
export const latestStatisticYear = (currentYear: number) => currentYear + 1;
export const STATISTIC_DECIMALS = 4;
export const STATISTIC_MAX = 1_000_000_000_000;

export const yearProblem = (year: number, currentYear: number): Message | null =>
  !Number.isInteger(year) || year < EARLIEST_STATISTIC_YEAR || year > latestStatisticYear(currentYear)
    ? { zh: `年份应在 ${EARLIEST_STATISTIC_YEAR} 至 ${latestStatisticYear(currentYear)} 之间`, en: `The year must lie between ${EARLIEST_STATISTIC_YEAR} and ${latestStatisticYear(currentYear)}` }
    : null;

/** Whether the number has more decimals than we keep (1e-4), allowing for binary fractions (0.1 + 0.2). */
const tooFine = (value: number) => Math.abs(value * 10 ** STATISTIC_DECIMALS - Math.round(value * 10 ** STATISTIC_DECIMALS)) > 1e-6 * Math.max(1, Math.abs(value));

/** The problem with a value for a key, in words that name the key and its unit, or null. */
export function valueProblem(key: StatisticKey, value: number): Message | null {
  if (!Number.isFinite(value)) return { zh: `${key.zh}应为数字`, en: `${key.en} must be a number` };
  if (value < 0) return { zh: `${key.zh}不能为负（${value}）`, en: `${key.en} cannot be negative (${value})` };
  if (value > STATISTIC_MAX) return { zh: `${key.zh} ${value} ${key.unit}超出合理范围`, en: `${key.en} of ${value} ${key.unit} is implausibly large` };
  if (key.integer && !Number.isInteger(value)) return { zh: `${key.zh}以“${key.unit}”计，应为整数（${value}）`, en: `${key.en} is counted in ${key.unit} and must be a whole number (${value})` };
  if (tooFine(value)) return { zh: `${key.zh}最多保留 ${STATISTIC_DECIMALS} 位小数`, en: `${key.en} has at most ${STATISTIC_DECIMALS} decimal places` };
  return null;
}

/** The key of a code, or the problem naming the code. */
export function keyOf(code: string): { key: StatisticKey } | { problem: Message } {
  const key = statisticKey(code.trim());
  return key ? { key } : { problem: { zh: `“${code}”不是平台的统计指标代码（如 gdp、resident_population）`, en: `"${code}" is not a statistic the platform knows (e.g. gdp, resident_population)` } };
}

/** A number as people write it in a sheet: "4,012,345.6", "１２．５", "12.5万元"'s unit left off; null when it is not one. */
export function parseFigure(text: string, unit = ''): number | null {
  let t = text.replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，\s]/g, '');
  if (unit && t.endsWith(unit)) t = t.slice(0, -unit.length);
  if (t === '' || !/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}
