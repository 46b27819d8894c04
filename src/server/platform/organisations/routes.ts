import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/deps';
import { requireActor, requirePermission, requireSessionPermission, auditContext, requireCaller } from '../../http/context';
import { pageQuery, pageSchema } from '../../http/pagination';
import { sendXlsx } from '../../http/excel';
import { forbidden } from '../../http/errors';
import { tokenAllows } from '../policy';
import { CAPABILITIES, ORG_STATUSES, ORG_KINDS } from '../../../domain/enums';
import { isRegionCode } from '../../../domain/region-code';
import { governmentFields, organisationPatch, licenceInput, licenceCorrection, licenceEnd, vehicleInput, driverInput, text } from './inputs';
import { organisationSchema, organisationListItem, organisationDetailSchema, licenceSchema, vehicleSchema, driverSchema } from './presenter';
import { pageOrganisations, listOrganisations, organisationDetail, createOrganisation, updateOrganisation, reviewOrganisation, addLicence, endLicence, correctLicence, addVehicle, addDriver } from './service';

const filterQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(ORG_STATUSES.values).optional(),
  kind: z.enum(ORG_KINDS.values).optional(),
  capability: z.enum(CAPABILITIES.values).optional(),
  regionCode: z.string().refine(isRegionCode).optional(),
});
const idParams = z.object({ id: z.uuid() });
const licenceParams = z.object({ id: z.uuid(), licenceId: z.uuid() });

export async function organisationRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof auditContext>[0]) => ({ ...auditContext(request), actor: requireCaller(request) });

  api.get('/api/organisations', { schema: { tags: ['organisations'], summary: '单位列表 Organisations within your scope', querystring: filterQuery.extend(pageQuery), response: { 200: pageSchema(organisationListItem) } } }, async (request) => {
    const actor = requireCaller(request);
    if (!tokenAllows(actor, 'organisation:read')) throw forbidden('该接口令牌无 organisation:read 权限', 'This API token lacks the organisation:read scope');
    const { page, pageSize, ...filter } = request.query;
    return pageOrganisations(db, actor, filter, page, pageSize);
  });

  api.get('/api/organisations/export.xlsx', { schema: { tags: ['organisations'], summary: '导出单位 Export organisations to Excel', querystring: filterQuery } }, async (request, reply) => {
    const actor = requirePermission(request, 'organisations.read');
    return sendXlsx(reply, '单位.xlsx', '单位', [
      { header: '单位名称 Name', width: 36, value: (o) => o.name },
      { header: '统一社会信用代码 Credit code', width: 24, value: (o) => o.creditCode },
      { header: '类型 Kind', value: (o) => ORG_KINDS.label(o.kind) },
      { header: '所在区划 Region', value: (o) => `${o.regionName}（${o.regionCode}）` },
      { header: '类别 Capabilities', width: 30, value: (o) => o.capabilities.map((c) => CAPABILITIES.label(c)).join('、') },
      { header: '状态 Status', value: (o) => ORG_STATUSES.label(o.status) },
      { header: '联系人 Contact', value: (o) => o.contactName },
      { header: '电话 Phone', value: (o) => o.contactPhone },
      { header: '登记时间 Registered', width: 22, value: (o) => o.createdAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
    ], (offset: number, limit: number) => listOrganisations(db, actor, request.query, offset, limit));
  });

  api.get('/api/organisations/:id', { schema: { tags: ['organisations'], summary: '单位详情 Organisation with licences, vehicles, drivers and what you may do', params: idParams, response: { 200: organisationDetailSchema } } }, async (request) => {
    const actor = requireCaller(request);
    if (!tokenAllows(actor, 'organisation:read')) throw forbidden('该接口令牌无 organisation:read 权限', 'This API token lacks the organisation:read scope');
    return organisationDetail(db, actor, request.params.id);
  });

  api.post('/api/organisations', { schema: { tags: ['organisations'], summary: '新增单位 Add an organisation (verified at once)', body: governmentFields, response: { 201: organisationSchema } } }, async (request, reply) => {
    const actor = requireSessionPermission(request, 'organisations.create');
    return reply.status(201).send(await createOrganisation(db, { ...auditContext(request), actor }, request.body));
  });

  api.patch('/api/organisations/:id', { schema: { tags: ['organisations'], summary: '修改单位 Update an organisation', params: idParams, body: organisationPatch, response: { 200: organisationSchema } } }, async (request) => {
    return updateOrganisation(db, ctx(request), request.params.id, request.body, 'update');
  });

  api.post('/api/organisations/:id/resubmit', { schema: { tags: ['organisations'], summary: '修改后重新提交审核 Correct and resubmit a registration', params: idParams, body: organisationPatch, response: { 200: organisationSchema } } }, async (request) => {
    return updateOrganisation(db, ctx(request), request.params.id, request.body, 'resubmit');
  });

  api.post('/api/organisations/:id/verify', { schema: { tags: ['organisations'], summary: '审核通过 Verify a registration', params: idParams, response: { 200: organisationSchema } } }, async (request) => {
    const actor = requireSessionPermission(request, 'organisations.verify');
    return reviewOrganisation(db, { ...auditContext(request), actor }, request.params.id, { verdict: 'verified' });
  });

  api.post('/api/organisations/:id/reject', {
    schema: { tags: ['organisations'], summary: '驳回 Reject a registration with a reason', params: idParams, body: z.object({ reason: text(500).pipe(z.string().min(2)) }).strict(), response: { 200: organisationSchema } },
  }, async (request) => {
    const actor = requireSessionPermission(request, 'organisations.verify');
    return reviewOrganisation(db, { ...auditContext(request), actor }, request.params.id, { verdict: 'rejected', reason: request.body.reason });
  });

  // A licence, vehicle or driver is added from a session only: a machine token never registers assets.
  const sessionCtx = (request: Parameters<typeof auditContext>[0]) => {
    const c = ctx(request);
    if (c.actor.via !== 'session') throw forbidden();
    return c;
  };
  api.post('/api/organisations/:id/licences', { schema: { tags: ['organisations'], summary: '登记经营许可证 Add a licence (receivers)', params: idParams, body: licenceInput, response: { 201: licenceSchema } } },
    async (request, reply) => reply.status(201).send(await addLicence(db, sessionCtx(request), request.params.id, request.body)));
  api.post('/api/organisations/:id/vehicles', { schema: { tags: ['organisations'], summary: '登记车辆 Add a vehicle (transporters)', params: idParams, body: vehicleInput, response: { 201: vehicleSchema } } },
    async (request, reply) => reply.status(201).send(await addVehicle(db, sessionCtx(request), request.params.id, request.body)));
  api.post('/api/organisations/:id/drivers', { schema: { tags: ['organisations'], summary: '登记驾驶员 Add a driver (transporters)', params: idParams, body: driverInput, response: { 201: driverSchema } } },
    async (request, reply) => reply.status(201).send(await addDriver(db, sessionCtx(request), request.params.id, request.body)));

  // A licence is never edited in place: it ends, or a correction supersedes it. Session only, as adding is.
  api.post('/api/organisations/:id/licences/:licenceId/end', {
    schema: { tags: ['organisations'], summary: '终止经营许可证 End a licence (注销、吊销) from a day, with a reason: the record stays in the history', params: licenceParams, body: licenceEnd, response: { 200: licenceSchema } },
  }, async (request) => endLicence(db, sessionCtx(request), request.params.id, request.params.licenceId, request.body));
  api.post('/api/organisations/:id/licences/:licenceId/corrections', {
    schema: { tags: ['organisations'], summary: '更正经营许可证 Correct a licence: a new record that supersedes it', params: licenceParams, body: licenceCorrection, response: { 201: licenceSchema } },
  }, async (request, reply) => reply.status(201).send(await correctLicence(db, sessionCtx(request), request.params.id, request.params.licenceId, request.body)));
}
