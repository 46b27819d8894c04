import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/deps';
import { auditContext, requireSession } from '../../http/context';
import { calendarDay, calendarYear, text } from '../../http/inputs';
import { bilingual } from '../../http/zod-messages';
import { setWorkCalendar, workCalendar } from './service';

const tags = ['work-calendar'];
const named = z.object({ day: z.string(), name: z.object({ zh: z.string(), en: z.string() }) });
const calendarOut = z.object({
  regionCode: z.string(), year: z.number(), editable: z.boolean(),
  national: z.object({ covered: z.boolean().describe('the State Council arrangement of this year is known to the platform'), source: z.object({ zh: z.string(), en: z.string() }), holidays: z.array(named), workdays: z.array(named) }),
  own: z.array(z.object({ regionCode: z.string(), day: z.string(), kind: z.enum(['holiday', 'workday']), note: z.string() })),
  workingDays: z.number().describe('working days in the year for the region'),
});

export async function workCalendarRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/work-calendar', {
    schema: { tags, summary: '工作日历 The year’s working calendar of your region: the State Council’s holidays and make-up working days, and what the office added; every deadline in working days follows it', querystring: z.object({ year: calendarYear.default(() => new Date().getFullYear()) }), response: { 200: calendarOut } },
  }, async (request) => workCalendar(db, requireSession(request), request.query.year));

  api.put('/api/work-calendar', {
    schema: { tags, summary: '设置工作日历 The office sets its region’s days of a year (they replace what it set for that year): a newly published year, a local holiday, a make-up working day', body: z.object({
      year: calendarYear,
      days: z.array(z.object({ day: calendarDay, kind: z.enum(['holiday', 'workday'], { error: bilingual('类型应为 holiday（放假）或 workday（上班）', 'kind is holiday or workday') }), note: text(60).optional() }).strict()).max(120),
    }).strict(), response: { 200: calendarOut } },
  }, async (request) => setWorkCalendar(db, { ...auditContext(request), actor: requireSession(request) }, request.body.year, request.body.days));
}
