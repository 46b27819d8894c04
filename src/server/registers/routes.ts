import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireScope, requireSession } from '../http/context';
import { pageQuery, queryBoolean } from '../http/pagination';
import { calendarDay, calendarYear, decimal, regionCode, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import { shanghaiYear } from '../../domain/labels';
import { CELL_KIND_VALUES, CIRCULAR_STATUS_VALUES, CREDENTIAL_KIND_VALUES, CREDENTIAL_LEVEL_VALUES, PARK_LEVEL_VALUES } from '../../domain/registers';
import {
  endCell, endCredential, pageCells, pageChecks, pageCredentials, pageParks, parkDetail, recordCell, recordCheck, recordCredential, recordPark, registerSummary, updateParkStatus,
} from './service';
import { cellPage, cellSchema, checkPage, checkSchema, credentialPage, credentialSchema, parkDetailSchema, parkPage, parkSchema, registerSummarySchema } from './presenter';

// The registers (名录) over HTTP: parse, then the service checks the policy in its transaction.
const TAGS = ['registers'];

const named = (max: number, zh: string, en: string) => text(max).pipe(z.string().min(2, { message: bilingual(`${zh}至少2个字`, `${en} needs at least 2 characters`) }));
const evidence = z.array(z.object({ name: named(200, '材料名称', 'The name'), note: text(500).optional() }).strict())
  .max(20, { message: bilingual('佐证材料最多20项', 'At most 20 pieces of evidence') });
const ending = z.object({ endedOn: calendarDay, reason: text(500).pipe(z.string().min(2, { message: bilingual('请说明终止原因', 'Say why it ends') })) }).strict();
const circular = {
  circularStatus: z.enum(CIRCULAR_STATUS_VALUES, { message: bilingual('改造状态应为 none（未开展）、in_progress（改造中）或 done（已完成）', 'The status is none, in_progress or done') }),
  circularStartedOn: calendarDay.optional(), circularDoneOn: calendarDay.optional(), ecoPark: z.boolean().optional(),
};
const id = z.object({ id: z.uuid() });

export async function registersRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Records are people's acts (the department that issued or checked signs for it): sessions only.
  const write = (request: FastifyRequest) => ({ ...auditContext(request), actor: requireSession(request) });
  const read = (request: FastifyRequest) => requireScope(request, 'organisation:read');

  api.get('/api/registers/summary', {
    schema: { tags: TAGS, summary: '名录概况 Credentials in force by kind, parks, zero-waste cells and the year’s checks in your area, and what you may record',
      querystring: z.object({ year: calendarYear.optional() }), response: { 200: registerSummarySchema } },
  }, async (request) => registerSummary(db, read(request), request.query.year ?? shanghaiYear()));

  // ---- credentials
  api.post('/api/registers/credentials', {
    schema: { tags: TAGS, summary: '登记企业资质与认证 Record a company’s cleaner-production audit, green factory, zero-waste factory or pollution insurance (the department in charge of its area)',
      body: z.object({
        organisationId: z.uuid(), kind: z.enum(CREDENTIAL_KIND_VALUES), level: z.enum(CREDENTIAL_LEVEL_VALUES).optional(),
        reference: named(100, '证书、名单或保单编号', 'The certificate, list or policy number'), issuedOn: calendarDay, validUntil: calendarDay.optional(), evidence: evidence.optional(), note: text(1000).optional(),
      }).strict(),
      response: { 201: credentialSchema } },
  }, async (request, reply) => reply.status(201).send(await recordCredential(db, write(request), request.body)));

  api.get('/api/registers/credentials', {
    schema: { tags: TAGS, summary: '企业资质与认证 Credentials you may read (an official’s area; a company its own), newest first',
      querystring: z.object({ kind: z.enum(CREDENTIAL_KIND_VALUES).optional(), organisationId: z.uuid().optional(), status: z.enum(['in_force', 'expired', 'ended']).optional(),
        regionCode: regionCode.optional(), q: text(50).optional(), ...pageQuery }),
      response: { 200: credentialPage } },
  }, async (request) => pageCredentials(db, read(request), request.query));

  api.post('/api/registers/credentials/:id/end', {
    schema: { tags: TAGS, summary: '终止 End a credential from a day (revoked, withdrawn, recorded in error), with the reason', params: id, body: ending, response: { 200: credentialSchema } },
  }, async (request) => endCredential(db, write(request), request.params.id, request.body));

  // ---- industrial parks
  api.post('/api/registers/parks', {
    schema: { tags: TAGS, summary: '登记工业园区 Record an industrial park of your area with its 循环化改造 status (the zero-waste office or the ecology bureau)',
      body: z.object({ name: named(100, '园区名称', 'The name'), level: z.enum(PARK_LEVEL_VALUES), regionCode, ...circular, circularStatus: circular.circularStatus.optional(), note: text(1000).optional() }).strict(),
      response: { 201: parkSchema } },
  }, async (request, reply) => reply.status(201).send(await recordPark(db, write(request), request.body)));

  api.get('/api/registers/parks', {
    schema: { tags: TAGS, summary: '工业园区 Industrial parks of your area',
      querystring: z.object({ circularStatus: z.enum(CIRCULAR_STATUS_VALUES).optional(), regionCode: regionCode.optional(), q: text(50).optional(), ...pageQuery }), response: { 200: parkPage } },
  }, async (request) => pageParks(db, read(request), request.query));

  api.get('/api/registers/parks/:id', {
    schema: { tags: TAGS, summary: '园区详情 A park with each change of its status', params: id, response: { 200: parkDetailSchema } },
  }, async (request) => parkDetail(db, read(request), request.params.id));

  api.post('/api/registers/parks/:id/status', {
    schema: { tags: TAGS, summary: '更新循环化改造状态 The park’s 循环化改造 as it now stands (the days given are the whole state); each change is kept in its history',
      params: id, body: z.object({ ...circular, note: text(1000).optional() }).strict(), response: { 200: parkSchema } },
  }, async (request) => updateParkStatus(db, write(request), request.params.id, request.body));

  // ---- zero-waste cells
  api.post('/api/registers/cells', {
    schema: { tags: TAGS, summary: '登记无废城市细胞 Record a unit named a zero-waste cell (the zero-waste office)',
      body: z.object({ name: named(100, '名称', 'The name'), kind: z.enum(CELL_KIND_VALUES), regionCode: regionCode.optional(), organisationId: z.uuid().optional(), namedOn: calendarDay,
        namedBy: text(100).optional(), evidence: evidence.optional() }).strict(),
      response: { 201: cellSchema } },
  }, async (request, reply) => reply.status(201).send(await recordCell(db, write(request), request.body)));

  api.get('/api/registers/cells', {
    schema: { tags: TAGS, summary: '无废城市细胞 Zero-waste cells of your area',
      querystring: z.object({ kind: z.enum(CELL_KIND_VALUES).optional(), active: queryBoolean.optional(), regionCode: regionCode.optional(), q: text(50).optional(), ...pageQuery }),
      response: { 200: cellPage } },
  }, async (request) => pageCells(db, read(request), request.query));

  api.post('/api/registers/cells/:id/end', {
    schema: { tags: TAGS, summary: '摘牌 A cell loses its name from a day, with the reason', params: id, body: ending, response: { 200: cellSchema } },
  }, async (request) => endCell(db, write(request), request.params.id, request.body));

  // ---- compliance checks
  api.post('/api/registers/checks', {
    schema: { tags: TAGS, summary: '登记规范化管理抽查 Record a check of a hazardous-waste unit of your area: passed or not, score 0–100, findings (required when failed) (the ecology bureau)',
      body: z.object({ organisationId: z.uuid(), checkedOn: calendarDay, passed: z.boolean(), score: decimal({ places: 1, max: 100, what: { zh: '得分', en: 'The score' } }).optional(),
        findings: text(2000).optional() }).strict(),
      response: { 201: checkSchema } },
  }, async (request, reply) => reply.status(201).send(await recordCheck(db, write(request), request.body)));

  api.get('/api/registers/checks', {
    schema: { tags: TAGS, summary: '规范化管理抽查 Checks you may read (an official’s area; a company its own), newest first',
      querystring: z.object({ year: calendarYear.optional(), passed: queryBoolean.optional(), organisationId: z.uuid().optional(), regionCode: regionCode.optional(), q: text(50).optional(), ...pageQuery }),
      response: { 200: checkPage } },
  }, async (request) => pageChecks(db, read(request), request.query));
}
