import { pgTable, text, uuid, timestamp, integer, jsonb, date, numeric, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// 任务清单: a plan's measures with lead, responsible and cooperating units and deadlines; units file
// monthly progress; the office issues notices (通报) on seriously late tasks.
export const tasks = pgTable('tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  list: text('list').notNull(),
  section: text('section').notNull().default(''),
  no: integer('no').notNull(),
  title: text('title').notNull(),
  content: text('content').notNull().default(''),
  lead: text('lead').array().notNull().default(sql`'{}'::text[]`),
  responsible: text('responsible').array().notNull().default(sql`'{}'::text[]`),
  cooperating: text('cooperating').array().notNull().default(sql`'{}'::text[]`),
  deadlineText: text('deadline_text').notNull().default(''),
  deadline: date('deadline'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('tasks_list_no_uq').on(t.regionCode, t.list, t.no),
  index('tasks_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.deadline),
]);

export const taskProgress = pgTable('task_progress', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull(),
  period: text('period').notNull(),
  percent: integer('percent').notNull(),
  text: text('text').notNull(),
  attachments: jsonb('attachments').notNull().$type<{ name: string }[]>().default([]),
  organisationId: uuid('organisation_id').notNull(),
  reportedBy: uuid('reported_by').notNull(),
  reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('task_progress_task_idx').on(t.taskId, t.reportedAt)]);

export const taskNotices = pgTable('task_notices', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  taskIds: uuid('task_ids').array().notNull(),
  issuedBy: uuid('issued_by').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('task_notices_region_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.issuedAt)]);

export const projects = pgTable('projects', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  no: integer('no').notNull(),
  name: text('name').notNull(),
  owner: text('owner').notNull().default(''),
  content: text('content').notNull().default(''),
  place: text('place').notNull().default(''),
  period: text('period').notNull().default(''),
  investmentText: text('investment_text').notNull().default(''),
  investmentWanYuan: numeric('investment_wan_yuan', { precision: 14, scale: 2, mode: 'number' }),
  funding: text('funding').notNull().default(''),
  progress: text('progress').notNull().default(''),
  category: text('category').notNull().default(''),
}, (t) => [uniqueIndex('projects_no_uq').on(t.regionCode, t.no)]);

// In-app notices to a department or company: reminders before deadlines, escalations, alarms later.
export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  kind: text('kind').notNull(),
  // Same key, same notice: a scan that runs twice does not remind twice.
  dedupeKey: text('dedupe_key').notNull(),
  title: text('title').notNull(),
  link: text('link').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
}, (t) => [uniqueIndex('notifications_dedupe_uq').on(t.organisationId, t.dedupeKey), index('notifications_org_idx').on(t.organisationId, t.createdAt)]);

// 项目进展: progress notes on a project, appended (the list shows the latest).
export const projectUpdates = pgTable('project_updates', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id').notNull(),
  period: text('period').notNull(),
  text: text('text').notNull(),
  investedWanYuan: numeric('invested_wan_yuan', { precision: 14, scale: 2, mode: 'number' }),
  organisationId: uuid('organisation_id'),
  reportedBy: uuid('reported_by').notNull(),
  reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('project_updates_project_idx').on(t.projectId, t.reportedAt)]);
