import { pgTable, text, uuid, timestamp, integer, numeric, index, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { organisations } from '../platform/organisations/schema';
import { tasks, taskProgress, taskNotices } from '../tasks/schema';

// 月度工作进展 (seed 004 五(三)(四)): a county commerce bureau's monthly report on the ten key tasks of
// the recycling plan, with the month's key figures; the city bureau's reminders (提醒) and notices
// (通报). Append-only: a second filing of a month is a new report that supersedes the first.

export const recyclingProgressReports = pgTable('recycling_progress_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The county (or development zone) reported on: the filing bureau's region. */
  regionCode: text('region_code').notNull(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  month: text('month').notNull(),
  /** 回收站点: stations built in the month. */
  stationsBuilt: integer('stations_built').notNull(),
  /** 分拣中心: how the county's sorting centre stands, as the bureau writes it. */
  sortingCentre: text('sorting_centre').notNull(),
  /** 无废商场 named in the month. */
  mallsCreated: integer('malls_created').notNull(),
  /** 再生资源回收量 of the month, t; null when not yet known. */
  recoveredT: numeric('recovered_t', { precision: 12, scale: 2, mode: 'number' }),
  note: text('note').notNull().default(''),
  /** The report this one corrects (the same county and month), or null for the first. */
  supersedes: uuid('supersedes'),
  filedBy: uuid('filed_by').notNull(),
  filedAt: timestamp('filed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('recycling_progress_reports_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.month, t.filedAt),
  check('recycling_progress_reports_counts', sql`${t.stationsBuilt} >= 0 AND ${t.mallsCreated} >= 0 AND (${t.recoveredT} IS NULL OR ${t.recoveredT} >= 0)`),
]);

/** A report's line on one task: what was done and how far along it is; also written as the task's progress. */
export const recyclingProgressLines = pgTable('recycling_progress_lines', {
  id: uuid('id').primaryKey().defaultRandom(),
  reportId: uuid('report_id').notNull().references(() => recyclingProgressReports.id),
  taskId: uuid('task_id').notNull().references(() => tasks.id),
  percent: integer('percent').notNull(),
  text: text('text').notNull(),
  taskProgressId: uuid('task_progress_id').notNull().references(() => taskProgress.id),
}, (t) => [
  index('recycling_progress_lines_report_idx').on(t.reportId),
  check('recycling_progress_lines_percent', sql`${t.percent} BETWEEN 0 AND 100`),
]);

/** 提醒 and 通报: the city bureau's word to a slow or seriously late county, with the months it names. */
export const recyclingReportActions = pgTable('recycling_report_actions', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull().$type<'reminder' | 'notice'>(),
  /** The city whose bureau acts. */
  cityCode: text('city_code').notNull(),
  /** The county named. */
  regionCode: text('region_code').notNull(),
  months: text('months').array().notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  /** The task notice (任务通报) a 通报 is recorded as. */
  noticeId: uuid('notice_id').references(() => taskNotices.id),
  organisationId: uuid('organisation_id').notNull(),
  sentBy: uuid('sent_by').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('recycling_report_actions_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.sentAt),
  index('recycling_report_actions_city_idx').on(t.cityCode, t.sentAt),
]);
