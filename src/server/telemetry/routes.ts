import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireActor, requireCaller, requireScope } from '../http/context';
import { forbidden } from '../http/errors';
import { tokenAllows } from '../platform/policy';
import { bilingual } from '../http/zod-messages';
import { ingestPositions, manifestTrack, liveVehicles, loadsOnTheRoad, TRANSPORT_RULES } from './service';
import { evaluateFor } from '../alarms/engine';
import { manifestTrackSchema, liveVehiclesSchema } from './presenter';
import { afterAnswer } from '../http/after-answer';

export const MAX_POINTS = 10_000;
/** A batch of MAX_POINTS points in plain JSON stays well under this; a bigger body is answered 413 before it is read. */
export const MAX_BATCH_BYTES = 3 * 1024 * 1024;
const degrees = (zh: string, en: string, min: number, max: number) => {
  const range = bilingual(`${zh}超出中国范围（${min}–${max}）`, `${en} outside China (${min}–${max})`);
  return z.number({ error: bilingual(`${zh}须为数字（度，WGS-84）`, `${en} must be a number (degrees, WGS-84)`) }).min(min, { message: range }).max(max, { message: range });
};
const point = z.object({
  plate: z.string().trim().toUpperCase().min(5).max(10),
  at: z.coerce.date({ error: bilingual('定位时间须为 ISO 8601 时间，如 2026-11-25T08:30:00+08:00', 'The time must be an ISO 8601 time, e.g. 2026-11-25T08:30:00+08:00') }),
  longitude: degrees('经度', 'Longitude', 73, 136),
  latitude: degrees('纬度', 'Latitude', 3, 54),
  // A device's own reading, kept as a real number in any precision it sends (the column is `real`).
  speedKmh: z.number().min(0).max(250).optional().meta({ 'x-float': true }),
  heading: z.number().int().min(0).max(359).optional(),
}).strict();
const splitBatch = bilingual(`每批最多 ${MAX_POINTS} 个定位点，请分批上传`, `At most ${MAX_POINTS} points per batch: split the upload`);

export async function telemetryRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const later = afterAnswer(app);
  api.post('/api/telemetry/positions', {
    bodyLimit: MAX_BATCH_BYTES,
    // What the 413 for a body over the limit tells the sender to do (see app.ts).
    config: { tooLarge: { zh: `每批最多 ${MAX_POINTS} 个定位点，请拆分后分批上传`, en: `at most ${MAX_POINTS} points per batch: split the upload into several batches` } },
    schema: {
      tags: ['telemetry'], summary: `车辆定位批量上传 GPS positions in batches (Bearer token with telemetry:write; at most ${MAX_POINTS} points). A bad point rejects the batch; resent points are skipped.`,
      body: z.object({ points: z.array(point).min(1).max(MAX_POINTS, { message: splitBatch }) }).strict(),
      response: { 200: z.object({ accepted: z.number(), duplicates: z.number() }) },
    },
  }, async (request) => {
    const actor = requireCaller(request);
    if (actor.via !== 'token' || !tokenAllows(actor, 'telemetry:write')) throw forbidden('请使用具有 telemetry:write 权限的接口令牌', 'Use an API token with the telemetry:write scope');
    const result = await ingestPositions(db, actor, request.body.points);
    // The transport rules look at these loads as the positions arrive, after the answer is sent.
    if (result.accepted) {
      const plates = [...new Set(request.body.points.map((p) => p.plate))];
      later(request, 'transport rules after GPS ingest', async () => {
        for (const id of await loadsOnTheRoad(db, actor.organisationId!, plates)) await evaluateFor(db, TRANSPORT_RULES, id);
      });
    }
    return result;
  });
  api.get('/api/manifests/:id/track', { schema: { tags: ['telemetry'], summary: '运输轨迹 The route actually driven for a manifest', params: z.object({ id: z.uuid() }), response: { 200: manifestTrackSchema } } },
    async (request) => manifestTrack(db, requireScope(request, 'manifests:read', 'manifests:write', 'telemetry:read'), request.params.id));
  api.get('/api/telemetry/live', { schema: { tags: ['telemetry'], summary: '在途车辆 Vehicles carrying the waste you regulate (or carry) now, in your area; regionCode narrows to a part of it (another area answers 404)', querystring: z.object({ regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional() }), response: { 200: liveVehiclesSchema } } },
    async (request) => {
      const live = await liveVehicles(db, requireScope(request, 'telemetry:read'), request.query.regionCode);
      // The service types `at` as a Date, but db.execute leaves PostgreSQL's text: declared as it is sent.
      return { items: live.items.map((v) => ({ ...v, at: v.at as unknown as string | null })) };
    });
}
