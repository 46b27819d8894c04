import { createRequire } from 'node:module';
import type { WorkCalendar } from '../../../domain/working-days';

// The State Council's yearly holiday arrangements (国务院办公厅关于节假日安排的通知) as the
// maintained `chinese-days` package ships them: holidays (with the weekends inside a holiday period)
// and the make-up working days moved onto weekends. A year the package does not know yet is added by
// the office (PUT /api/work-calendar) until the package is updated.
interface Shipped { holidays: Record<string, string>; workdays: Record<string, string> }
const require = createRequire(import.meta.url);
const shipped = require('chinese-days/dist/chinese-days.json') as Shipped;
const version = (require('chinese-days/package.json') as { version: string }).version;

/** "Spring Festival,春节,4" → 春节 / Spring Festival. */
function nameOf(raw: string) {
  const [en, zh] = raw.split(',');
  return { zh: zh ?? en, en };
}

export const NATIONAL_SOURCE = { zh: `国务院办公厅节假日安排（chinese-days ${version}）`, en: `State Council holiday arrangements (chinese-days ${version})` };
export const NATIONAL_CALENDAR: WorkCalendar = { holidays: new Set(Object.keys(shipped.holidays)), extraWorkdays: new Set(Object.keys(shipped.workdays)) };
const years = Object.keys(shipped.holidays).map((d) => Number(d.slice(0, 4)));
export const NATIONAL_YEARS = { first: Math.min(...years), last: Math.max(...years) };

/** The national holidays and make-up working days of a year, with their names. */
export function nationalYear(year: number) {
  const pick = (from: Record<string, string>) => Object.entries(from).filter(([day]) => day.startsWith(`${year}-`)).sort(([a], [b]) => a.localeCompare(b)).map(([day, raw]) => ({ day, name: nameOf(raw) }));
  return { covered: year >= NATIONAL_YEARS.first && year <= NATIONAL_YEARS.last, holidays: pick(shipped.holidays), workdays: pick(shipped.workdays) };
}
