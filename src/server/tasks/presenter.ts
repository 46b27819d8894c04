import { z } from 'zod';
import { calendarDay, calendarMonth, instant, pgTimestamp, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';

// What leaves the server about tasks (任务清单), projects (项目清单) and notifications.

const taskStateSchema = z.enum(['not_started', 'in_progress', 'done', 'due_soon', 'overdue', 'ongoing']);
const units = z.array(z.string());

/** A task as stored. */
export const taskSchema = z.object({
  id: z.string(), regionCode: z.string(), list: z.string(), section: z.string(), no: z.number(), title: z.string(), content: z.string(),
  lead: units, responsible: units, cooperating: units, deadlineText: z.string().describe('完成时限 as the plan words it'),
  deadline: calendarDay.nullable().describe('the deadline read from deadlineText, when it names a day'), createdAt: instant,
});

/** A row of the task list: the task, its latest percent and its state today. */
export const taskListItem = taskSchema.pick({ id: true, list: true, section: true, no: true, title: true, lead: true, responsible: true, cooperating: true, deadlineText: true, deadline: true })
  .extend({ percent: z.number().nullable().describe('the latest progress report’s percent'), state: taskStateSchema });
export const taskPage = pageSchema(taskListItem).extend({
  may: z.object({ import: z.boolean().describe('POST /api/tasks/import for this area'), notice: z.boolean().describe('POST /api/tasks/notices') }).describe('what the caller may do with the list'),
});
/** The departments a region's tasks name (for the task list's filter), most often named first. */
export const taskUnitsSchema = z.object({ items: z.array(z.object({ name: z.string(), count: z.number().describe('tasks naming it as lead or responsible unit') })) });

/** A monthly progress report on a task. */
export const taskProgressSchema = z.object({
  id: z.string(), taskId: z.string(), period: calendarMonth, percent: z.number(), text: z.string(), attachments: z.array(z.object({ name: z.string() })),
  organisationId: z.string(), reportedBy: z.string(), reportedAt: instant,
});

export const taskDetailSchema = taskSchema.extend({
  state: taskStateSchema,
  progress: z.array(taskProgressSchema.extend({ organisationName: z.string() })).describe('newest first'),
  actions: z.object({ reportProgress: z.boolean().describe('the caller’s unit is named on the task, or the caller is the office') }),
});

/** 通报, with the departments it notified. */
export const taskNoticeSchema = z.object({
  id: z.string(), regionCode: z.string(), title: z.string(), body: z.string(), taskIds: z.array(z.string()), issuedBy: z.string(), issuedAt: instant,
  notified: z.array(z.string()).describe('names of the departments notified'),
});

/** 年度工作总结: the tasks naming a unit, with the year's reports. */
export const annualSummarySchema = z.object({
  unit: z.string(), year: z.number(), total: z.number(), done: z.number(), overdue: z.number(),
  items: z.array(z.object({
    id: z.string(), list: z.string(), no: z.number(), title: z.string(), role: vocabularyText(['lead', 'responsible', 'cooperating']).describe('how the task names the unit'),
    deadlineText: z.string(), percent: z.number().nullable(), state: taskStateSchema,
    reports: z.array(z.object({ period: calendarMonth, percent: z.number(), text: z.string() })),
  })),
});

/** What an import did: rows already on the list (same number) are skipped. */
export const importCounts = z.object({ inserted: z.number(), skipped: z.number() });

/** A project as stored; investment in 万元, as written and as read. */
export const projectSchema = z.object({
  id: z.string(), regionCode: z.string(), no: z.number(), name: z.string(), owner: z.string(), content: z.string(), place: z.string(), period: z.string(),
  investmentText: z.string(), investmentWanYuan: z.number().nullable(), funding: z.string(), progress: z.string(), category: z.string(),
});

export const projectPage = pageSchema(projectSchema.extend({
  latestUpdate: z.string().nullable().describe('the latest progress note'),
  latestUpdateAt: pgTimestamp.nullable().describe('when it was filed (read by a subquery: PostgreSQL text, not ISO 8601)'),
})).extend({ investmentWanYuan: z.number().describe('total investment of all projects that match'), categories: z.array(z.string()) });

export const projectUpdateSchema = z.object({
  id: z.string(), projectId: z.string(), period: calendarMonth, text: z.string(), investedWanYuan: z.number().nullable(),
  organisationId: z.string().nullable(), reportedBy: z.string(), reportedAt: instant,
});

export const projectDetailSchema = projectSchema.extend({ updates: z.array(projectUpdateSchema).describe('newest first') });

export const notificationSchema = z.object({
  id: z.string(), organisationId: z.string(), kind: z.string().describe('task_due, task_overdue, task_notice, alarm, …'), dedupeKey: z.string(),
  title: z.string(), link: z.string().describe('a console path'), createdAt: instant, readAt: instant.nullable(),
});
export const notificationPage = pageSchema(notificationSchema).extend({ unread: z.number() });
