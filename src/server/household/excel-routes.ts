import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSession } from '../http/context';
import { readSpreadsheetUpload } from '../http/upload';
import { bilingual } from '../http/zod-messages';
import { calendarDay, instant, vocabularyText } from '../http/presenter';
import { TICKET_CLASSES } from '../../domain/household';
import { confirmPlacesImport, placesTemplate, previewPlacesImport, PLACE_COLUMNS } from './places-import';
import { confirmTicketsImport, previewTicketsImport, TICKET_COLUMNS, MAX_TICKET_ROWS } from './tickets-import';
import { watcher } from './routes';

// 生活垃圾 Excel imports over HTTP: the register of communities and villages (template → preview →
// confirm) and a facility's weighbridge history as its software exports it. `?confirm=false` (the
// default) previews and writes nothing; `?confirm=true` writes all or nothing. People's work in the
// console: sessions only; who may import is decided by the services (keepers of the area, a
// facility's operator for its own facility).

const TAGS = ['household'];
const message = z.object({ zh: z.string(), en: z.string() });
const cellProblem = z.object({ path: z.string().describe('sheet!cell, e.g. 小区和村!E5'), row: z.number(), column: z.string().describe('the column key'), message });
const confirmQuery = z.object({
  confirm: z.enum(['true', 'false'], { error: bilingual('confirm 取 true（写入）或 false（预览）', 'confirm is true (write) or false (preview)') }).default('false'),
});
const statusValues = z.object({
  asOf: calendarDay, households: z.number(), sortedDeposit: z.boolean(), sortedCollection: z.boolean(), sortedTransport: z.boolean(), sortedTreatment: z.boolean(), collectionRooms: z.number(),
});
const placesPreview = z.object({
  filename: z.string(),
  rows: z.array(z.object({
    row: z.number().describe('the row in the sheet'), status: vocabularyText(['new', 'status', 'unchanged', 'problem']).describe('new place; new dated status of a registered place; nothing to change; a problem'),
    cells: z.object(Object.fromEntries(Object.keys(PLACE_COLUMNS).map((k) => [k, z.string()])) as Record<keyof typeof PLACE_COLUMNS, z.ZodString>).describe('each cell as read'),
    regionCode: z.string().nullable(), regionName: z.string().nullable(), kind: vocabularyText(['community', 'village']).nullable(), name: z.string(), address: z.string(),
    values: statusValues.nullable().describe('the status the row gives (null with a problem)'), placeId: z.string().nullable().describe('the registered place it matches'),
    current: statusValues.nullable().describe('the latest status of that place'), problems: z.array(cellProblem),
  })),
  counts: z.object({ new: z.number(), status: z.number(), unchanged: z.number(), problem: z.number() }), problems: z.number().describe('problem cells in all; confirming is refused while there are any'),
});
const placesConfirmed = z.object({ filename: z.string(), created: z.number(), statuses: z.number(), unchanged: z.number() });

const ticketsPreview = z.object({
  filename: z.string(), facility: z.object({ id: z.string(), name: z.string() }),
  unit: vocabularyText(['t', 'kg']).describe('what the weights were read in; kilograms are converted to tonnes'), unitBasis: vocabularyText(['header', 'magnitude']).describe('a header said so, or the size of the gross weights'), unitNote: message,
  columns: z.array(z.object({ key: vocabularyText(Object.keys(TICKET_COLUMNS)), header: z.string() })).describe('which column of the file was read as what'),
  counts: z.object({ rows: z.number(), new: z.number(), resent: z.number().describe('already stored with the same values: skipped'), problem: z.number() }), problems: z.number(),
  rows: z.array(z.object({
    row: z.number(), status: vocabularyText(['new', 'resent', 'problem']), ticketNo: z.string(), plate: z.string(), cargo: z.string(), wasteClass: vocabularyText(Object.keys(TICKET_CLASSES)).nullable(),
    grossT: z.number().nullable(), tareT: z.number().nullable(), netT: z.number().nullable(), inAt: instant.nullable(), outAt: instant.nullable(),
    originRegionCode: z.string().nullable(), originName: z.string().nullable(), routeId: z.string().nullable(), routeName: z.string().nullable(), problems: z.array(cellProblem),
  })).describe('at most 200 rows, those with problems first'),
});
const ticketsConfirmed = z.object({ filename: z.string(), facility: z.object({ id: z.string(), name: z.string() }), rows: z.number(), accepted: z.number(), duplicates: z.number(), unit: vocabularyText(['t', 'kg']) });

const PLACES_FILE = { zh: '小区和村名录', en: 'register of communities and villages' };
const TICKETS_FILE = { zh: '磅单导出', en: 'weighbridge export' };

export async function householdExcelRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const watch = watcher(app, db);
  const ctx = (request: FastifyRequest) => ({ ...auditContext(request), actor: requireSession(request) });

  api.get('/api/household/places/template.xlsx', {
    schema: { tags: TAGS, summary: '小区和村名录模板 The register as a sheet: your area’s communities and villages with their latest status, the towns to choose from',
      querystring: z.object({ regionCode: z.string().trim().regex(/^\d{6}(\d{3})?$/, { message: bilingual('行政区划代码应为6位或9位数字', 'A region code has 6 or 9 digits') }).optional().describe('a part of your area') }) },
  }, async (request, reply) => {
    const { filename, buffer } = await placesTemplate(db, requireSession(request), request.query.regionCode);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`).send(buffer);
  });

  api.post('/api/household/places/import', {
    schema: { tags: TAGS, summary: '导入小区和村名录 Upload the filled register (.xlsx): confirm=false previews each row (new place, new dated status, unchanged, problem by cell); confirm=true writes all rows in one transaction, or nothing when any row has a problem',
      consumes: ['multipart/form-data'], querystring: confirmQuery, response: { 200: placesPreview, 201: placesConfirmed } },
  }, async (request, reply) => {
    const context = ctx(request);
    const { buffer, filename } = await readSpreadsheetUpload(request, PLACES_FILE);
    if (request.query.confirm === 'true') return reply.status(201).send(await confirmPlacesImport(db, context, buffer, filename));
    return reply.status(200).send(await previewPlacesImport(db, context.actor, buffer, filename));
  });

  api.post('/api/household/facilities/:id/tickets/import', {
    schema: { tags: TAGS, summary: `导入磅单历史 A facility’s weighbridge history as its software exports it (.xlsx or .csv, at most ${MAX_TICKET_ROWS} rows; weights in t or kg): confirm=false previews, confirm=true writes through the weighbridge checks (resent tickets skipped), all or nothing`,
      consumes: ['multipart/form-data'], params: z.object({ id: z.uuid() }), querystring: confirmQuery, response: { 200: ticketsPreview, 201: ticketsConfirmed } },
  }, async (request, reply) => {
    const context = ctx(request);
    const { buffer, filename } = await readSpreadsheetUpload(request, TICKETS_FILE);
    if (request.query.confirm !== 'true') return reply.status(200).send(await previewTicketsImport(db, context.actor, request.params.id, buffer, filename));
    const { written, ...done } = await confirmTicketsImport(db, context, request.params.id, buffer, filename);
    watch(request, written);
    return reply.status(201).send(done);
  });
}
