import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requirePermission, requireScope, auditContext } from '../http/context';
import { idempotent } from '../http/idempotency';
import { pageQuery, queryBoolean } from '../http/pagination';
import { AppError } from '../http/errors';
import { calendarDay, text } from '../http/inputs';
import { bilingual } from '../http/zod-messages';
import { STREAM_DEFINITIONS, STREAM_KEYS, streamDefinition } from '../../domain/streams';
import { SIGNATURE_PHOTOS_MAX } from '../../domain/manifests/engine';
import { manifestHooks } from '../streams';
import { evaluateFor } from '../alarms/engine';
import { createManifest, editManifest, signManifest, pageManifests, manifestDetail, requestRevision, decideRevision, transporterChoices, manifestsByIds, refusalError } from './service';
import { canManifests, manifestRefusal } from './policy';
import { licensedReceivers } from '../hazardous/receivers';
import { errorBody, itemsOf } from '../http/presenter';
import { PHOTO_MAX_BYTES, PHOTO_NAME } from '../files/photos';
import { manifestPhoto, uploadManifestPhoto } from './photos';
import { readPhotoUpload } from '../http/upload';
import { manifestPhotoStored, manifestSchema, manifestPage, manifestDetailSchema, revisionSchema, ruleTableSchema, streamListSchema, licensedReceiverSchema, transporterChoicePage } from './presenter';

/** Whether a signed manifest records a weight difference: what the weight_mismatch rule reports. */
const hasWeightDifference = (m: { discrepancies: unknown[] }) => m.discrepancies.some((d) => (d as { kind?: string } | null)?.kind === 'weight');

const fieldValues = z.record(z.string().max(40), z.union([z.string().max(500), z.number().finite(), z.boolean(), z.array(z.string().max(40)).max(20), z.null()]));
const signBody = z.object({
  action: z.enum(['sign_emission', 'sign_transport', 'sign_handover', 'sign_reception', 'cancel']),
  data: fieldValues.optional(),
  place: text(100).optional(),
  longitude: z.number().min(73).max(136).optional(),
  latitude: z.number().min(3).max(54).optional(),
  // Uploaded first (POST /api/manifests/:id/photos), by the signer, for this manifest.
  photos: z.array(z.string().regex(PHOTO_NAME, { message: bilingual('照片名称不正确，请重新上传', 'Not a stored photo: upload it again') }))
    .max(SIGNATURE_PHOTOS_MAX, { message: bilingual(`每次签署最多附 ${SIGNATURE_PHOTOS_MAX} 张照片`, `${SIGNATURE_PHOTOS_MAX} photos per signature at most`) }).optional(),
}).strict();

export async function manifestRoutes(app: FastifyInstance, { db, config: settings }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: Parameters<typeof auditContext>[0]) => ({ ...auditContext(request), actor: requirePermission(request, 'manifests.read', 'manifests:write') });

  api.get('/api/manifests/rules/:stream', {
    schema: { tags: ['manifests'], summary: '联单规则表 The rule table: who fills each field, from which signature it is required and sealed', params: z.object({ stream: z.enum(STREAM_KEYS) }), response: { 200: ruleTableSchema } },
  }, async (request) => {
    const definition = streamDefinition(request.params.stream);
    const config = definition.manifest;
    return {
      stream: config.stream, label: config.label, weightTolerance: config.weightTolerance, receiptWorkingDays: config.receiptWorkingDays, paperEntryWorkingDays: config.paperEntryWorkingDays, steps: config.steps,
      fields: config.fields.map((f) => ({ field: f.field, label: f.label, kind: f.kind, owner: f.owner, requiredFrom: f.requiredFrom, conditional: !!f.requiredWhen, sealedFrom: f.sealedFrom,
        options: f.options ? [...f.options] : null, pattern: f.pattern?.source ?? null, range: f.range ?? null, fixedFrom: f.fixed ?? null })),
      loadSource: definition.loadSource, receivers: definition.receivers, producers: definition.producers,
      batchFields: definition.batchFields.map((f) => ({ field: f.field, label: f.label, kind: f.kind, required: f.required, range: f.range ?? null, options: f.options ? [...f.options] : null })),
      create: z.toJSONSchema(manifestHooks(definition.key).createBody, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as { type: 'object'; properties: Record<string, Record<string, unknown>> },
    };
  });

  api.get('/api/streams', {
    schema: { tags: ['manifests'], summary: '废物流 The waste streams the platform runs (the registry): catalogue, who sends them, who regulates them, where a load comes from', response: { 200: streamListSchema } },
  }, async (request) => {
    requirePermission(request, 'manifests.read', 'manifests:read');
    return {
      items: STREAM_DEFINITIONS.map((d) => ({
        key: d.key, label: d.label, catalogue: d.catalogue, codeExample: d.codeExample, categoryPrefix: d.categoryPrefix, batchPrefix: d.batchPrefix, bulkStore: d.bulkStore,
        loadSource: d.loadSource, receivers: d.receivers, producers: d.producers, regulators: d.regulators.map((r) => ({ domain: r.domain, ...(r.codePrefix ? { codePrefix: r.codePrefix } : {}) })), declares: !!d.declaration,
      })),
    };
  });

  api.get('/api/manifests/receivers', {
    schema: { tags: ['manifests'], summary: '可选接受单位 Receivers licensed for a code on a date, with capacity left', querystring: z.object({ wasteCode: z.string().regex(/^\d{3}-\d{3}-\d{2}$/), date: calendarDay }), response: { 200: itemsOf(licensedReceiverSchema) } },
  }, async (request) => {
    requirePermission(request, 'manifests.read', 'manifests:read');
    return { items: await licensedReceivers(db, request.query.wasteCode, request.query.date) };
  });

  api.get('/api/manifests/transporters', {
    schema: { tags: ['manifests'], summary: '可选承运单位 Verified transporters with their vehicles and drivers', querystring: z.object({ q: z.string().trim().max(60).optional() }).extend(pageQuery), response: { 200: transporterChoicePage } },
  }, async (request) => {
    requirePermission(request, 'manifests.read', 'manifests:read');
    return transporterChoices(db, request.query.q, request.query.page, request.query.pageSize);
  });

  /** Creates a manifest of a stream from a request its hooks have read; its created event is queued in the same transaction. */
  const create = (stream: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const c = ctx(request);
    const input = manifestHooks(stream).prepare(request.body as Record<string, unknown>);
    return idempotent(db, request, reply, 201, (q) => createManifest(q, c, input, stream));
  };

  // One create route for every stream of the registry: `stream` says which, and the body is that
  // stream's (its hooks' createBody). Without `stream` a request is read as the registry's first
  // stream, hazardous waste, as integrations written before the other streams send it.
  const createBody = z.discriminatedUnion('stream',
    STREAM_KEYS.map((key, i) => manifestHooks(key).createBody.extend({ stream: i === 0 ? z.literal(key).default(key) : z.literal(key) })) as unknown as [z.ZodObject<{ stream: z.ZodLiteral<string> }>, ...z.ZodObject<{ stream: z.ZodLiteral<string> }>[]],
    { error: bilingual(`应为 ${STREAM_KEYS.join('、')} 之一`, `must be one of ${STREAM_KEYS.join(', ')}`) });
  api.post('/api/manifests', {
    schema: {
      tags: ['manifests'], summary: `新建联单 Create a manifest of any stream (${STREAM_KEYS.join(', ')}): batches in store, or a project's truckload. Send Idempotency-Key to make retries safe.`,
      body: createBody, response: { 201: manifestSchema },
    },
  }, async (request, reply) => create((request.body as { stream: string }).stream)(request, reply));

  api.post('/api/manifests/industrial', {
    schema: {
      tags: ['manifests'], deprecated: true, summary: '一般工业固体废物交接联单（已弃用：请用 POST /api/manifests 并注明 stream）Deprecated: POST /api/manifests with "stream": "industrial"',
      body: manifestHooks('industrial').createBody, response: { 201: manifestSchema },
    },
  }, create('industrial'));

  api.get('/api/manifests', {
    schema: { tags: ['manifests'], summary: '联单列表 Manifests you are party to or regulate', querystring: z.object({ status: z.string().max(30).optional(), wasteCode: z.string().max(20).optional(), q: z.string().max(20).optional(), role: z.enum(['producer', 'transporter', 'receiver']).optional(), overdue: queryBoolean.optional(), discrepancy: queryBoolean.optional(), paper: queryBoolean.optional() }).extend(pageQuery), response: { 200: manifestPage } },
  }, async (request) => {
    const actor = requirePermission(request, 'manifests.read', 'manifests:read');
    const { page, pageSize, ...filter } = request.query;
    return pageManifests(db, actor, filter, page, pageSize);
  });

  api.get('/api/manifests/:id', { schema: { tags: ['manifests'], summary: '联单详情 A manifest with parties, signatures, events and whose turn it is', params: z.object({ id: z.uuid() }), response: { 200: manifestDetailSchema } } }, async (request) => {
    return manifestDetail(db, requireScope(request, 'manifests:read', 'manifests:write'), request.params.id);
  });

  api.patch('/api/manifests/:id', {
    schema: { tags: ['manifests'], summary: '填写联单字段 Fill in fields of your own, unsealed step', params: z.object({ id: z.uuid() }), body: z.object({ data: fieldValues, version: z.number().int().optional() }).strict(), response: { 200: manifestSchema } },
  }, async (request) => editManifest(db, ctx(request), request.params.id, request.body.data, request.body.version));

  api.post('/api/manifests/:id/sign', {
    schema: { tags: ['manifests'], summary: '签署 Sign the step whose turn it is (with its data). Idempotency-Key makes a resend safe.', params: z.object({ id: z.uuid() }), body: signBody, response: { 200: manifestSchema } },
  }, async (request, reply) => {
    const c = ctx(request);
    // Differences found at reception are reported at once, not at the next scan, from the reception as committed.
    // A reception without a weight difference cannot raise it: no rule, no transaction.
    return idempotent(db, request, reply, 200, (q) => signManifest(q, c, request.params.id, request.body),
      async (signed) => { if (request.body.action === 'sign_reception' && hasWeightDifference(signed)) await evaluateFor(db, ['weight_mismatch'], signed.id); });
  });

  api.post('/api/manifests/:id/photos', {
    schema: { tags: ['manifests'], summary: `上传签署照片 A photo to sign with (multipart field "photo"): JPEG, PNG or WebP by its bytes, ${PHOTO_MAX_BYTES / 1024 / 1024} MB at most, metadata removed. For someone who may sign the manifest (a driver: a load that names him); the signature then names it in "photos".`,
      consumes: ['multipart/form-data'], params: z.object({ id: z.uuid() }), response: { 201: manifestPhotoStored } },
  }, async (request, reply) => {
    return reply.status(201).send(await uploadManifestPhoto(db, ctx(request), settings.dataDir, request.params.id, () => readPhotoUpload(request)));
  });

  api.get('/api/manifests/:id/photos/:name', {
    schema: { tags: ['manifests'], summary: '签署照片 A photo a signature carries, for whoever may see the manifest (metadata already removed)', params: z.object({ id: z.uuid(), name: z.string().regex(PHOTO_NAME) }) },
  }, async (request, reply) => {
    const photo = await manifestPhoto(db, requireScope(request, 'manifests:read', 'manifests:write'), settings.dataDir, request.params.id, request.params.name);
    // Private: the manifest's visibility decides, so no shared cache keeps it.
    return reply.type(photo.mime).header('cache-control', 'private, max-age=3600').send(photo.bytes);
  });

  api.post('/api/manifests/sign-batch', {
    schema: {
      tags: ['manifests'], summary: '批量签署 Sign several manifests at once; each answers for itself',
      body: z.object({ ids: z.array(z.uuid()).min(1).max(100), action: signBody.shape.action, data: fieldValues.optional() }).strict(),
      response: { 200: z.object({ results: z.array(z.object({ id: z.string(), ok: z.boolean(), status: z.string().optional(), error: errorBody.optional() })) }) },
    },
  }, async (request) => {
    const c = ctx(request);
    const { action: signing, data } = request.body;
    const action = signing === 'cancel' ? 'cancel' : 'sign';
    const ids = [...new Set(request.body.ids)];
    // The policy answers on the whole set first; a refused id answers as its own signature would
    // (one the caller may not see: NOT_FOUND), and the rest are signed one by one.
    const found = new Map((await manifestsByIds(db, ids)).map((m) => [m.id, m]));
    const allowed = canManifests(c.actor, action, [...found.values()], signing);
    const results = [];
    for (const id of ids) {
      // PostgreSQL answers ids in lower case, whichever case they were sent in.
      if (!allowed.get(id.toLowerCase())) {
        results.push({ id, ok: false, error: refusalError(manifestRefusal(c.actor, action, found.get(id.toLowerCase()), signing)!).toJSON() });
        continue;
      }
      try {
        const m = await signManifest(db, c, id, { action: signing, data });
        results.push({ id, ok: true, status: m.status });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ id, ok: false, error: error.toJSON() });
      }
    }
    return { results };
  });

  api.post('/api/manifests/:id/revisions', {
    schema: { tags: ['manifests'], summary: '修改申请 Request a correction of signed fields; the other signers approve', params: z.object({ id: z.uuid() }), body: z.object({ changes: fieldValues, reason: text(500).pipe(z.string().min(2)) }).strict(), response: { 201: revisionSchema } },
  }, async (request, reply) => reply.status(201).send(await requestRevision(db, ctx(request), request.params.id, request.body.changes, request.body.reason)));

  api.post('/api/manifests/:id/revisions/:revisionId/:decision', {
    schema: { tags: ['manifests'], summary: '审批修改申请 Approve or refuse a revision request', params: z.object({ id: z.uuid(), revisionId: z.uuid(), decision: z.enum(['approve', 'refuse']) }), response: { 200: revisionSchema } },
  }, async (request) => decideRevision(db, ctx(request), request.params.id, request.params.revisionId, request.params.decision === 'approve'));
}
