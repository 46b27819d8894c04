import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSession } from '../http/context';
import { bilingual } from '../http/zod-messages';
import { pageQuery, pageSchema } from '../http/pagination';
import { calendarMonth, calendarYear, decimal, text } from '../http/inputs';
import { calendarDay, calendarMonth as monthOut, instant, vocabularyText } from '../http/presenter';
import { fileReport, listReports, reportDetail, reportGrid, sendReminder, issueReportNotice, listActions, reportingTasks } from './service';

// 月度工作进展 (seed 004 五(三)(四)): a county's commerce bureau files; the city bureau reads the grid,
// reminds (提醒) and issues notices (通报). Sessions only: this is the work of people.

const count = (zh: string, en: string) => z.number({ error: bilingual(`${zh}应为整数`, `${en} is a whole number`) })
  .int({ error: bilingual(`${zh}应为整数`, `${en} is a whole number`) }).min(0, { error: bilingual(`${zh}不能为负`, `${en} cannot be negative`) })
  .max(10_000, { error: bilingual(`${zh}不能超过 10,000`, `${en} cannot exceed 10,000`) });
const percent = z.number({ error: bilingual('完成进度应为 0–100 的整数', 'Progress is a whole number from 0 to 100') })
  .int({ error: bilingual('完成进度应为整数', 'Progress is a whole number') })
  .min(0, { error: bilingual('完成进度不能为负', 'Progress cannot be negative') })
  .max(100, { error: bilingual('完成进度不能超过100%', 'Progress cannot exceed 100 %') });
const said = (max: number, zh: string, en: string) => text(max).pipe(z.string().min(2, { message: bilingual(`请填写${zh}（至少2个字）`, `Give ${en} (2 characters at least)`) }));

const reportBody = z.object({
  month: calendarMonth,
  stationsBuilt: count('本月建成回收站点数', 'Stations built this month'),
  sortingCentre: said(200, '分拣中心建设情况', 'how the sorting centre stands'),
  mallsCreated: count('本月创建无废商场数', 'Malls created this month'),
  recoveredT: decimal({ places: 2, max: 10_000_000, what: { zh: '本月再生资源回收量（吨）', en: 'Tonnes recovered this month' } }).nullable().optional(),
  note: text(2000).optional(),
  lines: z.array(z.object({
    taskId: z.uuid({ error: bilingual('任务编号格式不正确', 'The task id is malformed') }),
    percent,
    text: said(2000, '本月工作进展', 'what was done this month'),
  }).strict()).min(1, { message: bilingual('至少填写一项任务的进展', 'Report on one task at least') }).max(20, { message: bilingual('最多20项任务', 'At most 20 tasks') }),
}).strict();

const months = z.array(calendarMonth).min(1, { message: bilingual('请选择涉及的月份', 'Name the months concerned') }).max(24);
const countyCode = z.string().trim().regex(/^\d{6}$/, { message: bilingual('县级行政区划代码应为6位数字', 'A county code has 6 digits') });
const reminderBody = z.object({ regionCode: countyCode, months, title: text(100).pipe(z.string().min(2)).optional(), body: said(2000, '提醒内容', 'the reminder’s text') }).strict();
const noticeBody = z.object({ regionCode: countyCode, months, title: said(100, '通报标题', 'the notice’s title'), body: said(5000, '通报内容', 'the notice’s text') }).strict();

const line = z.object({ id: z.string(), reportId: z.string(), taskId: z.string(), percent: z.number(), text: z.string(), taskProgressId: z.string() });
const report = z.object({
  id: z.string(), regionCode: z.string(), organisationId: z.string(), month: monthOut, stationsBuilt: z.number(), sortingCentre: z.string(), mallsCreated: z.number(),
  recoveredT: z.number().nullable().describe('t'), note: z.string(), supersedes: z.string().nullable().describe('the earlier filing of the same month this one corrects'), filedBy: z.string(), filedAt: instant,
});
const reportRow = z.object({
  id: z.string(), regionCode: z.string(), regionName: z.string(), organisationName: z.string(), month: monthOut, stationsBuilt: z.number(), sortingCentre: z.string(), mallsCreated: z.number(),
  recoveredT: z.number().nullable(), averagePercent: z.number().nullable().describe('%'), versions: z.number().describe('filings of this month'), filedAt: instant,
});
const detail = report.extend({
  organisationName: z.string(), regionName: z.string(), current: z.boolean().describe('false when a later filing supersedes it'),
  lines: z.array(z.object({ taskId: z.string(), no: z.number(), title: z.string(), percent: z.number(), text: z.string() })),
  history: z.array(z.object({ id: z.string(), filedAt: instant, supersedes: z.string().nullable() })),
});
const STATUS = ['filed', 'late', 'missing', 'due', 'open'];
const grid = z.object({
  year: z.number(), months: z.array(monthOut), today: calendarDay,
  rows: z.array(z.object({
    regionCode: z.string(), name: z.string(), dueDay: z.number().describe('day of the next month a report is due'), reminders: z.number(), notices: z.number(), late: z.number(), missing: z.number(),
    cells: z.array(z.object({ month: monthOut, status: vocabularyText(STATUS), dueOn: calendarDay, reportId: z.string().nullable(), firstFiledOn: calendarDay.nullable(), versions: z.number() })),
  })),
});
const action = z.object({
  id: z.string(), kind: vocabularyText(['reminder', 'notice']), regionCode: z.string(), months: z.array(monthOut), title: z.string(), body: z.string(), noticeId: z.string().nullable(), sentAt: instant,
});
const actionSent = action.extend({ cityCode: z.string(), organisationId: z.string(), sentBy: z.string(), notified: z.array(z.string()) });
const taskList = z.object({ list: z.string(), regionCode: z.string(), items: z.array(z.object({ id: z.string(), no: z.number(), title: z.string(), deadlineText: z.string(), lead: z.array(z.string()) })) });

export async function recyclingReportRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['recycling-reports'];

  api.get('/api/recycling/reports/tasks', { schema: { tags, summary: '再生资源回收体系建设重点任务 The city’s ten key tasks the monthly reports cover', response: { 200: taskList } } },
    async (request) => reportingTasks(db, requireSession(request)));
  api.post('/api/recycling/reports', {
    schema: { tags, summary: '报送月度工作进展 A county commerce bureau files a month (over, or the current month from the 25th): per task what was done and a percent, and the month’s figures; a second filing supersedes the first', body: reportBody, response: { 201: report.extend({ lines: z.array(line) }) } },
  }, async (request, reply) => reply.status(201).send(await fileReport(db, { ...auditContext(request), actor: requireSession(request) }, request.body)));
  api.get('/api/recycling/reports', {
    schema: { tags, summary: '月度工作进展 The latest report of each county and month in your area', querystring: z.object({ month: calendarMonth.optional(), year: calendarYear.optional(), regionCode: z.string().regex(/^\d{6}$/).optional() }).extend(pageQuery), response: { 200: pageSchema(reportRow) } },
  }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    return listReports(db, requireSession(request), f, page, pageSize);
  });
  api.get('/api/recycling/reports/grid', {
    schema: { tags, summary: '报送情况 Counties × months of a year: filed on time, late, missing, due or not yet open', querystring: z.object({ year: calendarYear }), response: { 200: grid } },
  }, async (request) => reportGrid(db, requireSession(request), request.query.year));
  api.get('/api/recycling/reports/actions', {
    schema: { tags, summary: '提醒与通报 Reminders and notices sent about the counties of your area', querystring: z.object(pageQuery), response: { 200: pageSchema(action) } },
  }, async (request) => listActions(db, requireSession(request), request.query.page, request.query.pageSize));
  api.post('/api/recycling/reports/reminders', {
    schema: { tags, summary: '提醒 The city bureau reminds a slow county (a notification to its commerce bureau)', body: reminderBody, response: { 201: actionSent } },
  }, async (request, reply) => reply.status(201).send(await sendReminder(db, { ...auditContext(request), actor: requireSession(request) }, request.body)));
  api.post('/api/recycling/reports/notices', {
    schema: { tags, summary: '通报 The city bureau issues a notice on a seriously late county (a task notice of the plan’s tasks)', body: noticeBody, response: { 201: actionSent } },
  }, async (request, reply) => reply.status(201).send(await issueReportNotice(db, { ...auditContext(request), actor: requireSession(request) }, request.body)));
  api.get('/api/recycling/reports/:id', {
    schema: { tags, summary: '工作进展报告 A report, its lines and every filing of its month', params: z.object({ id: z.uuid() }), response: { 200: detail } },
  }, async (request) => reportDetail(db, requireSession(request), request.params.id));
}
