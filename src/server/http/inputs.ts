import { z } from 'zod';
import { bilingual } from './zod-messages';
import type { Message } from './errors';

// Request primitives the routes share, so that a date, a quantity or a region code is checked the
// same way everywhere and the error names the field: a date is a real calendar day in a plausible
// window, and a time that has passed is not in the future; a quantity is one the database stores as
// sent (numeric(p, s) would round 0.0000001 t to a 0 t batch); a region code has the right shape
// (whether it exists is the service's question: requireRegion in platform/regions/service.ts).
// Each carries a description for the OpenAPI document; times that may not lie ahead carry
// `x-not-future`, which the fuzz test (test/api/fuzz.test.ts) reads.
export { text, phoneField, isoDate, calendarDate, regionCodeField } from '../platform/organisations/inputs';

/** Characters no text of ours holds (tab, line feed and carriage return are text): the rule of text(), for cells read from a sheet. */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
/** The problem of a sheet row that holds one, or null. */
export const controlCharacterProblem = (row: number, cells: string[]) => (cells.some((c) => CONTROL_CHARACTERS.test(c))
  ? { row, message: { zh: `第${row}行：含有不可见的控制字符`, en: `Row ${row}: contains control characters` } } : null);

/** The window the dates of this platform's records lie in. */
export const EARLIEST_DAY = '2000-01-01';
export const LATEST_DAY = '2100-12-31';
/** A device's clock may run a little ahead of ours. */
const CLOCK_SKEW_MS = 10 * 60_000;

const isRealDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
};

/** A day written YYYY-MM-DD that is in the calendar (no 2025-02-30), from 2000 to 2100. */
/** A year of the platform's records, as a path or query parameter: 2000 to 2100. */
export const calendarYear = z.coerce.number().int().min(2000).max(2100);

export const calendarDay = z.string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: bilingual('日期格式应为 YYYY-MM-DD', 'Dates are written YYYY-MM-DD'), abort: true })
  .refine(isRealDay, { message: bilingual('不是有效的日期', 'Not a real date'), abort: true })
  .refine((day) => day >= EARLIEST_DAY && day <= LATEST_DAY, { message: bilingual(`日期应在 ${EARLIEST_DAY} 至 ${LATEST_DAY} 之间`, `The date must lie between ${EARLIEST_DAY} and ${LATEST_DAY}`) })
  .meta({ format: 'date', description: `YYYY-MM-DD: a real day from ${EARLIEST_DAY} to ${LATEST_DAY}` });

/** A month written YYYY-MM, from 2000-01 to 2100-12: a period reported on. */
export const calendarMonth = z.string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: bilingual('月份格式应为 YYYY-MM', 'A month is written YYYY-MM'), abort: true })
  .refine((month) => month >= EARLIEST_DAY.slice(0, 7) && month <= LATEST_DAY.slice(0, 7), { message: bilingual('月份应在 2000-01 至 2100-12 之间', 'The month must lie between 2000-01 and 2100-12') })
  .meta({ description: 'YYYY-MM: a month from 2000-01 to 2100-12' });

/**
 * A moment that has passed (when waste was generated, moved, read): ISO 8601 with its offset,
 * 2026-11-25T08:30:00+08:00, or a day (2026-11-25, read as midnight UTC); given to the service as a Date.
 */
export const pastDateTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  error: bilingual('时间应为 ISO 8601 格式的真实时间，如 2026-11-25T08:30:00+08:00', 'A time is a real ISO 8601 time, e.g. 2026-11-25T08:30:00+08:00'),
})
  .transform((written) => new Date(written))
  .refine((at) => at.getTime() >= Date.parse(`${EARLIEST_DAY}T00:00:00+08:00`), { message: bilingual(`时间不能早于 ${EARLIEST_DAY}`, `The time cannot be before ${EARLIEST_DAY}`), abort: true })
  .refine((at) => at.getTime() <= Date.now() + CLOCK_SKEW_MS, { message: bilingual('时间不能晚于现在', 'The time cannot be in the future') })
  .meta({ description: `ISO 8601 time with offset, or YYYY-MM-DD; from ${EARLIEST_DAY} to now`, 'x-not-future': true });

/**
 * A number stored in a numeric(precision, places) column: at most `places` decimals, so nothing the
 * sender wrote is rounded away (0.0000001 t is refused, not stored as 0), from `min` (0, or
 * 'above0': the smallest step) to `max`.
 */
export function decimal({ places, max, what, min = 0 }: { places: number; max: number; what: Message; min?: number | 'above0' }) {
  const step = Number(`1e-${places}`);
  const low = min === 'above0' ? step : min;
  const tooSmall = min === 'above0' ? bilingual(`${what.zh}须大于0（最小 ${step}）`, `${what.en} must be above 0 (${step} at least)`)
    : min === 0 ? bilingual(`${what.zh}不能为负`, `${what.en} cannot be negative`)
      : bilingual(`${what.zh}不能小于 ${min.toLocaleString('en')}`, `${what.en} must be at least ${min.toLocaleString('en')}`);
  return z.number({ error: bilingual(`${what.zh}应为数字`, `${what.en} must be a number`) })
    .min(low, { message: tooSmall })
    .max(max, { message: bilingual(`${what.zh}不能超过 ${max.toLocaleString('en')}`, `${what.en} cannot exceed ${max.toLocaleString('en')}`) })
    .multipleOf(step, { message: bilingual(`${what.zh}最多保留 ${places} 位小数`, `${what.en} has at most ${places} decimal places`) });
}

/** Tonnes above 0 to 4 decimals (0.1 kg), as the ledger and manifests store them (numeric(14, 4)). */
export const quantityT = (max: number, what: Message = { zh: '重量', en: 'The weight' }) => decimal({ places: 4, min: 'above0', max, what });

/** A GB/T 2260 region code: 6 digits (county and above) or 9 (town). */
export const regionCode = z.string().trim().regex(/^\d{6}(\d{3})?$/, { message: bilingual('行政区划代码应为6位（县级）或9位（乡镇级）数字', 'A region code has 6 digits (county) or 9 digits (town)') });
