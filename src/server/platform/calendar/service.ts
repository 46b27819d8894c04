import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/database';
import { recordAudit, type AuditContext } from '../audit/service';
import { keepsRegionTables, type Actor } from '../policy';
import { badRequest, forbidden } from '../../http/errors';
import { regionLineage } from '../../../domain/region-code';
import { isWorkingDay, type WorkCalendar } from '../../../domain/working-days';
import { workCalendarDays } from './schema';
import { NATIONAL_CALENDAR, NATIONAL_SOURCE, nationalYear } from './national';

export type CalendarDayKind = 'holiday' | 'workday';
export interface CalendarDayInput { day: string; kind: CalendarDayKind; note?: string }
type Ctx = AuditContext & { actor: Actor };


// A region's calendar is read on every deadline it sets (a manifest leaving, a complaint received): kept a
// minute per process, and dropped at once in the process that changes it.
const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; calendar: WorkCalendar }>();
export const forgetCalendars = () => cache.clear();

/** The working calendar in force for a region: the national one, then each region above it and itself. */
export async function calendarFor(q: Queryable, regionCode: string): Promise<WorkCalendar> {
  const hit = cache.get(regionCode);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.calendar;
  const lineage = regionLineage(regionCode);
  const rows = await q.select({ regionCode: workCalendarDays.regionCode, day: sql<string>`${workCalendarDays.day}::text`, kind: workCalendarDays.kind })
    .from(workCalendarDays).where(inArray(workCalendarDays.regionCode, lineage));
  let calendar: WorkCalendar = NATIONAL_CALENDAR;
  if (rows.length) {
    const holidays = new Set(NATIONAL_CALENDAR.holidays);
    const extra = new Set(NATIONAL_CALENDAR.extraWorkdays);
    // The province's rows first, the region's own last: the nearer office has the last word on a day.
    rows.sort((a, b) => lineage.indexOf(b.regionCode) - lineage.indexOf(a.regionCode));
    for (const r of rows) {
      if (r.kind === 'holiday') { holidays.add(r.day); extra.delete(r.day); } else { extra.add(r.day); holidays.delete(r.day); }
    }
    calendar = { holidays, extraWorkdays: extra };
  }
  cache.set(regionCode, { at: Date.now(), calendar });
  return calendar;
}

const yearRange = (year: number) => and(gte(workCalendarDays.day, `${year}-01-01`), lt(workCalendarDays.day, `${year + 1}-01-01`));

/** A year as the office sees it: the national days with their names, what the region (and those above) set, and the count of working days. */
export async function workCalendar(db: Db, actor: Actor, year: number) {
  const lineage = regionLineage(actor.regionCode);
  const own = await db.select({ regionCode: workCalendarDays.regionCode, day: sql<string>`${workCalendarDays.day}::text`, kind: workCalendarDays.kind, note: workCalendarDays.note })
    .from(workCalendarDays).where(and(inArray(workCalendarDays.regionCode, lineage), yearRange(year))).orderBy(asc(workCalendarDays.day), asc(workCalendarDays.regionCode));
  const calendar = await calendarFor(db, actor.regionCode);
  let workingDays = 0;
  for (let t = Date.parse(`${year}-01-01T12:00:00+08:00`); t < Date.parse(`${year + 1}-01-01T00:00:00+08:00`); t += 86_400_000) if (isWorkingDay(t, calendar)) workingDays++;
  return { regionCode: actor.regionCode, year, editable: keepsRegionTables(actor), national: { ...nationalYear(year), source: NATIONAL_SOURCE }, own, workingDays };
}

/**
 * The office sets its region's days of a year (they replace what it set for that year): when the State
 * Council publishes a year the platform does not know yet, or for a local holiday or make-up day.
 */
export async function setWorkCalendar(db: Db, ctx: Ctx, year: number, days: CalendarDayInput[]) {
  if (!keepsRegionTables(ctx.actor)) throw forbidden('工作日历由无废办维护', 'The zero-waste office keeps the working calendar');
  const seen = new Set<string>();
  days.forEach((d, i) => {
    if (!d.day.startsWith(`${year}-`)) throw badRequest('DAY_OUTSIDE_YEAR', `日期不在${year}年内`, `The day is not in ${year}`, `days.${i}.day`);
    if (seen.has(d.day)) throw badRequest('DAY_TWICE', `${d.day} 出现了两次`, `${d.day} is listed twice`, `days.${i}.day`);
    seen.add(d.day);
  });
  const regionCode = ctx.actor.regionCode;
  await db.transaction(async (tx) => {
    const mine = and(eq(workCalendarDays.regionCode, regionCode), yearRange(year));
    const before = await tx.select({ day: sql<string>`${workCalendarDays.day}::text`, kind: workCalendarDays.kind, note: workCalendarDays.note }).from(workCalendarDays).where(mine).orderBy(asc(workCalendarDays.day));
    await tx.delete(workCalendarDays).where(mine);
    if (days.length) await tx.insert(workCalendarDays).values(days.map((d) => ({ regionCode, day: d.day, kind: d.kind, note: d.note ?? '', updatedBy: ctx.actor.userId })));
    await recordAudit(tx, ctx, { action: 'work_calendar.set', entityType: 'work_calendar', entityId: `${regionCode}:${year}`, regionCode, before, after: days });
  });
  forgetCalendars();
  return workCalendar(db, ctx.actor, year);
}
