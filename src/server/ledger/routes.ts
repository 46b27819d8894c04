import type { FastifyInstance } from 'fastify';
import { streamDefinition } from '../../domain/streams';
import { CATALOGUES } from '../../domain/enums';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requirePermission, requireScope, auditContext } from '../http/context';
import { pageQuery, queryBoolean } from '../http/pagination';
import { decimal, pastDateTime, quantityT, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import { batchFieldIssues } from '../../domain/streams/batch-fields';
import { createBatch, recordMovement, storeView, batchDetail, canSeeBatchFor, recentMovements, industrialReceivers, LEDGER_STREAM_KEYS } from './service';
import { batchSchema, movementSchema, storePage, industrialReceiverPage, movementPage, batchDetailSchema } from './presenter';

// numeric(14, 4): a batch or movement is 0.0001 t (0.1 kg) or more, to 4 decimals, and at most 10,000 t.
const weight = quantityT(10_000);


export async function ledgerRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof auditContext>[0]) => ({ ...auditContext(request), actor: requirePermission(request, 'ledger.write', 'ledger:write') });

  api.post('/api/ledger/batches', {
    schema: {
      tags: ['ledger'], summary: '登记产生批次（B.1，可同时入库 B.2）Record a generated batch (and store it)',
      body: z.object({
        // Integrations that predate the stream parameter send hazardous batches: the registry's first stream.
        stream: z.enum(LEDGER_STREAM_KEYS).default(LEDGER_STREAM_KEYS[0]),
        wasteCode: z.string().trim().toUpperCase().max(20),
        internalName: text(100).optional(), physicalForm: text(20).pipe(z.string().min(1)), mainComponents: text(200).optional(),
        containerType: text(40).pipe(z.string().min(1)), containerVolumeL: decimal({ places: 1, min: 'above0', max: 100_000, what: { zh: '容器容积', en: 'The container volume' } }).optional(), containerCount: z.number().int().positive().max(10_000),
        quantityT: weight, facilityCode: text(40).optional(), storageFacility: text(60).optional(), generatedAt: pastDateTime.optional(), storeNow: z.boolean().default(true),
        attributes: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean()])).optional().describe('the stream’s batch fields (batchFields of GET /api/manifests/rules/{stream}), e.g. { "moisturePct": 78.5 } for sludge'),
      }).strict().superRefine((b, ctx) => {
        const definition = streamDefinition(b.stream);
        for (const issue of batchFieldIssues(definition.batchFields, b.attributes ?? {})) ctx.addIssue({ code: 'custom', path: ['attributes', issue.field], message: bilingual(issue.zh, issue.en) });
        if (!definition.codePattern.test(b.wasteCode)) {
          ctx.addIssue({ code: 'custom', path: ['wasteCode'], message: bilingual(`应为${CATALOGUES.label(definition.catalogue, 'zh')}中的代码（如 ${definition.codeExample}）`, `Must be a code of the ${CATALOGUES.label(definition.catalogue, 'en')} (e.g. ${definition.codeExample})`) });
        }
        // A container's volume sizes its label (HJ 1276); bulk waste in a 灰库 has none.
        if (!definition.bulkStore && b.containerVolumeL === undefined) ctx.addIssue({ code: 'custom', path: ['containerVolumeL'], message: bilingual('请填写容器容积', 'Give the container volume') });
      }),
      response: { 201: batchSchema },
    },
  }, async (request, reply) => reply.status(201).send(await createBatch(db, ctx(request), request.body)));

  api.post('/api/ledger/batches/:id/movements', {
    schema: {
      tags: ['ledger'], summary: '入库/出库/自行利用/自行处置 Store in, store out, own utilisation or disposal', params: z.object({ id: z.uuid() }),
      body: z.object({ kind: z.enum(['store_in', 'store_out', 'self_utilise', 'self_dispose']), quantityT: weight, at: pastDateTime.optional(), treatmentMethod: text(20).optional(), storageFacility: text(60).optional(), note: text(200).optional() }).strict(),
      response: { 201: movementSchema },
    },
  }, async (request, reply) => reply.status(201).send(await recordMovement(db, ctx(request), request.params.id, request.body)));

  api.get('/api/ledger/store', {
    schema: { tags: ['ledger'], summary: '贮存情况 What is held in store and for how long (one-year limit)', querystring: z.object({ wasteCode: z.string().optional(), overdueOnly: queryBoolean.optional(), stream: z.enum(LEDGER_STREAM_KEYS).optional() }).extend(pageQuery), response: { 200: storePage } },
  }, async (request) => {
    const actor = requirePermission(request, 'manifests.read', ['ledger:read', 'ledger:write', 'manifests:read']);
    const { page, pageSize, ...filter } = request.query;
    return storeView(db, actor, filter, page, pageSize);
  });

  api.get('/api/ledger/industrial-receivers', {
    schema: { tags: ['ledger'], summary: '可选受托单位 Companies that may take general industrial waste on a hand-over manifest', querystring: z.object({ q: z.string().trim().max(60).optional() }).extend(pageQuery), response: { 200: industrialReceiverPage } },
  }, async (request) => {
    const actor = requirePermission(request, 'manifests.read', ['ledger:read', 'ledger:write', 'manifests:read']);
    return industrialReceivers(db, actor, request.query.q, request.query.page, request.query.pageSize);
  });

  api.get('/api/ledger/movements', { schema: { tags: ['ledger'], summary: '台账流水 Ledger movements within your scope', querystring: z.object(pageQuery), response: { 200: movementPage } } }, async (request) => {
    const actor = requirePermission(request, 'manifests.read', ['ledger:read', 'ledger:write', 'manifests:read']);
    return recentMovements(db, actor, request.query.page, request.query.pageSize);
  });

  api.get('/api/ledger/batches/:id', { schema: { tags: ['ledger'], summary: '批次详情 A batch with its movements', params: z.object({ id: z.uuid() }), response: { 200: batchDetailSchema } } }, async (request) => {
    const actor = requireScope(request, 'ledger:read', 'ledger:write', 'manifests:read');
    return batchDetail(db, actor, { id: request.params.id }, (b) => canSeeBatchFor(db, actor, b));
  });

  api.get('/api/labels/:token', {
    schema: { tags: ['ledger'], summary: '扫码查看容器 What a label’s QR code opens (for whoever may see it)', params: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{10,40}$/) }), response: { 200: batchDetailSchema } },
  }, async (request) => {
    const actor = requireScope(request, 'ledger:read', 'ledger:write', 'manifests:read');
    return batchDetail(db, actor, { labelToken: request.params.token }, (b) => canSeeBatchFor(db, actor, b));
  });
}
