// Working days in Asia/Shanghai: Monday to Friday. Statutory holidays and their make-up working days
// change every year; a deployment lists them (WorkCalendar) and the default has none.
export interface WorkCalendar { holidays: Set<string>; extraWorkdays: Set<string> }
export const PLAIN_CALENDAR: WorkCalendar = { holidays: new Set(), extraWorkdays: new Set() };

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const dayKey = (t: number) => new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
const weekday = (t: number) => new Date(t + SHANGHAI_OFFSET_MS).getUTCDay();

export function isWorkingDay(t: number, calendar: WorkCalendar = PLAIN_CALENDAR): boolean {
  const key = dayKey(t);
  if (calendar.extraWorkdays.has(key)) return true;
  if (calendar.holidays.has(key)) return false;
  const d = weekday(t);
  return d !== 0 && d !== 6;
}

/** The end (24:00 Shanghai) of the n-th working day after the day of `from`. */
export function addWorkingDays(from: Date, n: number, calendar: WorkCalendar = PLAIN_CALENDAR): Date {
  const startOfDay = Date.parse(`${dayKey(from.getTime())}T00:00:00+08:00`);
  let t = startOfDay;
  let left = n;
  while (left > 0) {
    t += 86_400_000;
    if (isWorkingDay(t, calendar)) left--;
  }
  return new Date(t + 86_400_000);
}
