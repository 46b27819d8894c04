import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * When each scheduled job last started. The queue delivers a scheduled run at least once (a retry, or
 * a schedule seen twice around a minute's edge can deliver it again); a run first claims its period
 * here in one statement, so a second delivery within the same period does nothing.
 */
export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
});
