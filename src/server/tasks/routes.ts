import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireActor, requireSessionPermission, auditContext, requireCaller } from '../http/context';
import { pageQuery, queryBoolean } from '../http/pagination';
import { sendXlsx } from '../http/excel';
import { calendarMonth, calendarYear, decimal, text } from '../http/inputs';
import { TASK_COLUMNS, listTasks, taskUnits, taskDetail, reportProgress, issueNotice, myNotifications, markNotificationRead, annualSummary, importTasks } from './service';
import { listProjects, projectDetail, importProjects, projectsFromGrid, reportProjectProgress } from './projects';
import { readSpreadsheetUpload } from '../http/upload';
import { tasksFromGrid } from './import';
import { readGrid } from '../http/excel';
import { badRequest } from '../http/errors';
import { taskPage, taskUnitsSchema, taskDetailSchema, taskProgressSchema, taskNoticeSchema, annualSummarySchema, importCounts, projectPage, projectDetailSchema, projectUpdateSchema, notificationPage } from './presenter';

const filterQuery = z.object({ regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(), list: z.string().max(40).optional(), state: z.enum(['not_started', 'in_progress', 'done', 'due_soon', 'overdue', 'ongoing']).optional(), mine: queryBoolean.optional(), q: z.string().max(60).optional(),
  unit: z.string().trim().min(1).max(60).optional().describe('a department named as lead or responsible unit'),
  sort: z.enum(['no', 'state', 'deadline', 'percent']).optional(), order: z.enum(['asc', 'desc']).optional() });

export async function taskRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const official = (request: Parameters<typeof auditContext>[0]) => requireSessionPermission(request, 'organisations.read');

  api.get('/api/tasks', { schema: { tags: ['tasks'], summary: '任务清单 Tasks with their latest progress and state', querystring: filterQuery.extend(pageQuery), response: { 200: taskPage } } }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    return listTasks(db, official(request), f, page, pageSize);
  });
  api.get('/api/tasks/units', { schema: { tags: ['tasks'], summary: '任务责任单位 The departments the tasks name as lead or responsible unit, with how many tasks name each', querystring: z.object({ regionCode: filterQuery.shape.regionCode }), response: { 200: taskUnitsSchema } } },
    async (request) => taskUnits(db, official(request), request.query.regionCode));
  api.get('/api/tasks/export.xlsx', { schema: { tags: ['tasks'], summary: '导出任务进展表 The task progress table', querystring: filterQuery } }, async (request, reply) => {
    const actor = official(request);
    return sendXlsx(reply, '任务进展表.xlsx', '任务进展', TASK_COLUMNS, async (offset: number, limit: number) => (await listTasks(db, actor, request.query, offset / limit + 1, limit)).items);
  });
  api.post('/api/tasks/import', {
    schema: { tags: ['tasks'], summary: '导入任务清单 Import a task list from Excel/CSV (multipart: file, list); 完成时限 is read into a date', consumes: ['multipart/form-data'], response: { 201: importCounts } },
  }, async (request, reply) => {
    const actor = official(request);
    const { buffer, filename, fields } = await readSpreadsheetUpload(request, { zh: '任务清单', en: 'task list' });
    const list = (fields.list ?? '').trim() || filename.replace(/\.\w+$/, '');
    const grid = await readGrid(buffer, filename, /^(序号|任务清单|任务名称|重点任务)$/).catch(() => { throw badRequest('FILE_UNREADABLE', '无法读取该文件', 'The file could not be read', 'file'); });
    const { tasks: rows, problems } = tasksFromGrid(list.slice(0, 40), grid.headers, grid.rows);
    if (problems.length) throw badRequest('TABLE_PROBLEMS', problems.map((p) => p.message.zh).join('；'), problems.map((p) => p.message.en).join('; '), 'file');
    return reply.status(201).send(await importTasks(db, { ...auditContext(request), actor }, actor.regionCode, rows));
  });

  api.get('/api/tasks/:id', { schema: { tags: ['tasks'], summary: '任务详情 A task and its progress reports', params: z.object({ id: z.uuid() }), response: { 200: taskDetailSchema } } },
    async (request) => taskDetail(db, official(request), request.params.id));
  api.post('/api/tasks/:id/progress', {
    schema: { tags: ['tasks'], summary: '报送进展 File monthly progress (units named on the task)', params: z.object({ id: z.uuid() }),
      body: z.object({ period: calendarMonth, percent: z.number().int().min(0).max(100), text: text(2000).pipe(z.string().min(2)), attachments: z.array(z.object({ name: text(200).pipe(z.string().min(1)) }).strict()).max(20).optional() }).strict(),
      response: { 201: taskProgressSchema } },
  }, async (request, reply) => reply.status(201).send(await reportProgress(db, { ...auditContext(request), actor: official(request) }, request.params.id, request.body)));
  api.post('/api/tasks/notices', {
    schema: { tags: ['tasks'], summary: '发布通报 Issue a notice naming seriously late tasks', body: z.object({ title: text(100).pipe(z.string().min(2)), body: text(5000).pipe(z.string().min(2)), taskIds: z.array(z.uuid()).min(1).max(200) }).strict(), response: { 201: taskNoticeSchema } },
  }, async (request, reply) => reply.status(201).send(await issueNotice(db, { ...auditContext(request), actor: official(request) }, request.body)));
  api.get('/api/tasks/summary/:year', {
    schema: { tags: ['tasks'], summary: '年度工作总结 A unit’s year: its tasks, progress reports and states', params: z.object({ year: calendarYear }), querystring: z.object({ unit: z.string().max(60).optional() }), response: { 200: annualSummarySchema } },
  }, async (request) => annualSummary(db, official(request), request.params.year, request.query.unit));
  const projectQuery = z.object({ regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(), q: z.string().max(60).optional(), category: z.string().max(60).optional() });
  api.get('/api/projects', { schema: { tags: ['tasks'], summary: '项目清单 Projects, their latest progress and the total investment (万元) of all that match', querystring: projectQuery.extend(pageQuery), response: { 200: projectPage } } }, async (request) => {
    const { page, pageSize, ...f } = request.query;
    return listProjects(db, official(request), f, page, pageSize);
  });
  api.get('/api/projects/export.xlsx', { schema: { tags: ['tasks'], summary: '导出项目清单 The project list with latest progress', querystring: projectQuery } }, async (request, reply) => {
    const actor = official(request);
    type Row = Awaited<ReturnType<typeof listProjects>>['items'][number];
    return sendXlsx<Row>(reply, '项目清单.xlsx', '项目清单', [
      { header: '序号', width: 6, value: (p) => p.no }, { header: '类别', width: 14, value: (p) => p.category }, { header: '项目名称', width: 36, value: (p) => p.name },
      { header: '建设单位', width: 24, value: (p) => p.owner }, { header: '建设内容', width: 50, value: (p) => p.content }, { header: '建设地点', width: 16, value: (p) => p.place },
      { header: '建设期限', width: 14, value: (p) => p.period }, { header: '总投资（万元）', width: 14, value: (p) => p.investmentWanYuan }, { header: '资金来源', width: 16, value: (p) => p.funding },
      { header: '最新进展', width: 40, value: (p) => p.latestUpdate ?? p.progress },
    ], async (offset: number, limit: number) => (await listProjects(db, actor, request.query, offset / limit + 1, limit)).items);
  });
  api.post('/api/projects/import', {
    schema: { tags: ['tasks'], summary: '导入项目清单 Import a project list from Excel/CSV (multipart: file); columns are found by their headers, investment read into 万元', consumes: ['multipart/form-data'], response: { 201: importCounts } },
  }, async (request, reply) => {
    const actor = official(request);
    const { buffer, filename } = await readSpreadsheetUpload(request, { zh: '项目清单', en: 'project list' });
    const grid = await readGrid(buffer, filename, /^(序号|项目名称)$/).catch(() => { throw badRequest('FILE_UNREADABLE', '无法读取该文件', 'The file could not be read', 'file'); });
    const { projects: rows, problems } = projectsFromGrid(grid.headers, grid.rows);
    if (problems.length) throw badRequest('TABLE_PROBLEMS', problems.map((p) => p.message.zh).join('；'), problems.map((p) => p.message.en).join('; '), 'file');
    return reply.status(201).send(await importProjects(db, { ...auditContext(request), actor }, actor.regionCode, rows));
  });
  api.get('/api/projects/:id', { schema: { tags: ['tasks'], summary: '项目详情 A project and its progress notes', params: z.object({ id: z.uuid() }), response: { 200: projectDetailSchema } } },
    async (request) => projectDetail(db, official(request), request.params.id));
  api.post('/api/projects/:id/progress', {
    schema: { tags: ['tasks'], summary: '报送项目进展 File a progress note (and the investment made so far, 万元)', params: z.object({ id: z.uuid() }),
      body: z.object({ period: calendarMonth, text: text(2000).pipe(z.string().min(2)),
        // numeric(14, 2): 万元 to two decimals (100 yuan).
        investedWanYuan: decimal({ places: 2, max: 10_000_000, what: { zh: '累计完成投资', en: 'The investment made' } }).optional() }).strict(), response: { 201: projectUpdateSchema } },
  }, async (request, reply) => reply.status(201).send(await reportProjectProgress(db, { ...auditContext(request), actor: official(request) }, request.params.id, request.body)));

  api.get('/api/notifications', { schema: { tags: ['platform'], summary: '消息 Reminders and notices to your organisation', querystring: z.object(pageQuery), response: { 200: notificationPage } } },
    async (request) => myNotifications(db, requireActor(request), request.query.page, request.query.pageSize));
  api.post('/api/notifications/:id/read', { schema: { tags: ['platform'], summary: '标为已读 Mark read', params: z.object({ id: z.uuid() }), response: { 204: z.null() } } }, async (request, reply) => {
    await markNotificationRead(db, requireCaller(request), request.params.id);
    return reply.status(204).send(null);
  });
}
