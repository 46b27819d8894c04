import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requirePermission, requireScope, auditContext } from '../http/context';
import { pageQuery } from '../http/pagination';
import { calendarDay, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import { planRound, producerChoices, pageRounds, roundDetail, joinRound, closeRound, manifestChain } from './service';
import { roundSchema, producerChoicePage, roundPage, roundDetailSchema, manifestChainSchema, type ChainLink } from './presenter';
import { manifestSchema } from '../manifests/presenter';

export async function roundRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof auditContext>[0]) => ({ ...auditContext(request), actor: requirePermission(request, 'manifests.read', 'manifests:write') });

  api.post('/api/rounds', {
    schema: {
      tags: ['rounds'], summary: '安排收运路线 A licensed collector plans a round (公交式收运): vehicle, driver, the code it collects, the stops in order',
      body: z.object({ roundDate: calendarDay, vehicleId: z.uuid(), driverId: z.uuid(), wasteCode: z.string().regex(/^\d{3}-\d{3}-\d{2}$/, { message: bilingual('废物代码格式应为 841-001-01', 'A waste code looks like 841-001-01') }),
        producerIds: z.array(z.uuid()).min(1, { message: bilingual('至少安排一个收运站点', 'Add at least one stop') }).max(60, { message: bilingual('一条路线最多60个站点', 'At most 60 stops on a round') }), note: text(300).optional() }).strict(),
      response: { 201: roundSchema },
    },
  }, async (request, reply) => reply.status(201).send(await planRound(db, ctx(request), request.body)));

  api.get('/api/rounds/producers', { schema: { tags: ['rounds'], summary: '可选站点 Verified producers of your city, for a round’s stops (collectors)', querystring: z.object({ q: z.string().trim().max(60).optional() }).extend(pageQuery), response: { 200: producerChoicePage } } },
    async (request) => producerChoices(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.query.q, request.query.page, request.query.pageSize));

  api.get('/api/rounds', { schema: { tags: ['rounds'], summary: '收运路线 Rounds you run, stop on, or regulate', querystring: z.object(pageQuery), response: { 200: roundPage } } },
    async (request) => pageRounds(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.query.page, request.query.pageSize));

  api.get('/api/rounds/:id', { schema: { tags: ['rounds'], summary: '路线详情 A round with each stop and its manifest', params: z.object({ id: z.uuid() }), response: { 200: roundDetailSchema } } },
    async (request) => roundDetail(db, requirePermission(request, 'manifests.read', 'manifests:read'), request.params.id));

  api.post('/api/rounds/:id/join', {
    schema: { tags: ['rounds'], summary: '本站点出联单 A producer on the round makes its own manifest to the collector (from the given batches, or all of the code in store)', params: z.object({ id: z.uuid() }),
      body: z.object({ batchIds: z.array(z.uuid()).max(200).optional(), dangerousGoodsClass: text(80).optional(), emergencyMeasures: text(500).optional() }).strict(), response: { 201: manifestSchema } },
  }, async (request, reply) => reply.status(201).send(await joinRound(db, ctx(request), request.params.id, request.body)));

  api.post('/api/rounds/:id/close', { schema: { tags: ['rounds'], summary: '结束路线 The collector closes the round once every manifest on it is settled', params: z.object({ id: z.uuid() }), response: { 200: roundSchema } } },
    async (request) => closeRound(db, ctx(request), request.params.id));

  api.get('/api/manifests/:id/chain', { schema: { tags: ['rounds'], summary: '追溯链 Where a load came from and where it went through a collector’s store', params: z.object({ id: z.uuid() }), response: { 200: manifestChainSchema } } },
    async (request) => {
      const chain = await manifestChain(db, requireScope(request, 'manifests:read', 'manifests:write'), request.params.id);
      // Read by db.execute, whose rows are typed loosely: each is the summary manifestChain selects.
      return { ...chain, upstream: chain.upstream as ChainLink[], downstream: chain.downstream as (ChainLink & { batchNo: string })[] };
    });
}
