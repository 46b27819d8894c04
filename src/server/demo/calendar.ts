import { shanghaiDate } from '../../domain/labels';

// The demo year's calendar: the twelve months up to today (the current one included), each day as
// Shanghai sees it, and the line between history (written in bulk, demo/history.ts) and the last
// two weeks, which go through the services so that what is open today is really open.

const DAY = 86_400_000;

/** Days of the last weeks that the services make; everything before is history. */
export const LIVE_DAYS = 8;

export interface DemoMonth { year: number; month: number; days: number; index: number }

/** A Shanghai day as a string, n days after `day`. */
export const addDays = (day: string, n: number) => shanghaiDate(new Date(new Date(`${day}T12:00:00+08:00`).getTime() + n * DAY));

/** `hour` (may be fractional) o'clock on a Shanghai day. */
export const at = (day: string, hour: number) => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + Math.round(hour * 60) * 60_000);

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (day: string) => new Date(`${day}T12:00:00+08:00`).getUTCDay();

export function demoCalendar(now: Date) {
  const today = shanghaiDate(now);
  const [y, m] = today.split('-').map(Number);
  const months: DemoMonth[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    const year = d.getUTCFullYear(), month = d.getUTCMonth() + 1;
    months.push({ year, month, days: new Date(Date.UTC(year, month, 0)).getUTCDate(), index: 11 - i });
  }
  const first = `${months[0].year}-${String(months[0].month).padStart(2, '0')}-01`;
  // History ends where the live weeks begin.
  const liveFrom = addDays(today, -LIVE_DAYS);
  const days: string[] = [];
  for (let d = first; d < liveFrom; d = addDays(d, 1)) days.push(d);
  const liveDays: string[] = [];
  for (let d = liveFrom; d <= today; d = addDays(d, 1)) liveDays.push(d);
  const monthOf = (day: string) => months.find((mm) => mm.year === Number(day.slice(0, 4)) && mm.month === Number(day.slice(5, 7)))!;
  return { today, first, liveFrom, months, historyDays: days, liveDays, monthOf };
}

/** A repeatable stream of numbers in [0, 1) (mulberry32), so the demo's totals are the same on every start of the same day. */
export function randomFrom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Rounded to `places` decimals. */
export const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * `hour` o'clock on a day of the live weeks, never after `now`: a moment later today is moved to a
 * few minutes before now, earlier hours further back, keeping the day's order up to `lastHour`.
 */
export function liveMoment(now: Date, day: string, hour: number, lastHour = 24): Date {
  const moment = at(day, hour);
  return moment.getTime() < now.getTime() ? moment : new Date(now.getTime() - (lastHour - hour) * 60_000);
}
