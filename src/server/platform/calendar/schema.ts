import { pgTable, text, date, uuid, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// The days a region's office sets against the national calendar: a holiday the national calendar does
// not have yet (a new year published before the platform's package knows it), a local holiday, or a
// make-up working day (调休上班). The most specific region's row wins over the national day.
export const workCalendarDays = pgTable('work_calendar_days', {
  regionCode: text('region_code').notNull(),
  day: date('day').notNull(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  note: text('note').notNull().default(''),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('work_calendar_days_uq').on(t.regionCode, t.day)]);
