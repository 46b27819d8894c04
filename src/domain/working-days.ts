// Working days in Asia/Shanghai. A working day is Monday to Friday, except the statutory holidays the
// State Council announces each year (国务院办公厅关于节假日安排的通知), plus the make-up working
// days (调休上班) it moves onto weekends. The server builds the calendar (the national one and what a
// region's office adds); these functions only count.
export interface WorkCalendar { holidays: ReadonlySet<string>; extraWorkdays: ReadonlySet<string> }
/** Weekends only: for tests and for code that has no calendar at hand. */
export const PLAIN_CALENDAR: WorkCalendar = { holidays: new Set(), extraWorkdays: new Set() };

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** The Shanghai date (YYYY-MM-DD) of a moment. */
export const shanghaiDay = (t: number) => new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** Whether a day is a working day: a moment (ms) is taken on its Shanghai date; a string is a date. */
export function isWorkingDay(day: number | string, calendar: WorkCalendar = PLAIN_CALENDAR): boolean {
  const key = typeof day === 'string' ? day : shanghaiDay(day);
  if (calendar.extraWorkdays.has(key)) return true;
  if (calendar.holidays.has(key)) return false;
  const d = new Date(`${key}T00:00:00Z`).getUTCDay();
  return d !== 0 && d !== 6;
}

/**
 * The end (24:00 Shanghai) of the n-th working day after the day of `from`: a receipt due in 5 working
 * days from a Friday signature ends on the next Friday; across the Spring Festival it moves past the
 * holiday, and a make-up Saturday counts.
 */
export function addWorkingDays(from: Date, n: number, calendar: WorkCalendar = PLAIN_CALENDAR): Date {
  let t = Date.parse(`${shanghaiDay(from.getTime())}T00:00:00+08:00`);
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    if (isWorkingDay(t, calendar)) left--;
  }
  return new Date(t + DAY_MS);
}
