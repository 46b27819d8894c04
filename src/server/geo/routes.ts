import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { auditContext, requireScope, requireSession } from '../http/context';
import { forbidden } from '../http/errors';
import { bilingual } from '../http/zod-messages';
import { importOutlines, outlinesFor, outlineVersions, MAX_FEATURES } from './service';
import { mayImportOutlines } from './policy';
import { outlinesSchema, importResultSchema, versionsSchema } from './presenter';

/** A file of a county's surveyed town boundaries fits; a bigger body is answered 413 before it is read. */
export const MAX_OUTLINE_BYTES = 16 * 1024 * 1024;
const regionCode = z.string().regex(/^\d{6}(\d{3})?$/, { message: bilingual('行政区划代码应为6位或9位数字', 'A region code has 6 or 9 digits') });

export async function geoRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/geo/outlines', {
    bodyLimit: MAX_OUTLINE_BYTES,
    config: { tooLarge: { zh: '边界文件不能超过 16 MB，请先简化或拆分', en: 'an outline file may be at most 16 MB: simplify or split it' } },
    schema: {
      tags: ['geo'], summary: `导入区划边界 Import region outlines: a GeoJSON FeatureCollection whose features carry the region code (properties.adcode) or name, at most ${MAX_FEATURES} features. Replaces each region's outline; the old one is kept as a version.`,
      body: z.object({
        type: z.literal('FeatureCollection', { error: bilingual('须为 GeoJSON FeatureCollection', 'Must be a GeoJSON FeatureCollection') }),
        features: z.array(z.unknown()),
        source: z.string().trim().min(1, { message: bilingual('请写明边界数据的来源', 'Name where the outlines come from') }).max(200),
        licence: z.string().trim().min(1, { message: bilingual('请写明边界数据的许可或授权', 'Name the licence or permission the outlines come under') }).max(200),
        approximate: z.boolean().default(false).describe('true: an approximate line (示意), drawn dashed and said so in the legend'),
      }).passthrough(),
      response: { 200: importResultSchema },
    },
  }, async (request) => {
    const actor = requireSession(request);
    if (!mayImportOutlines(actor)) throw forbidden('只有无废办或平台管理员可以导入区划边界', 'Only the office or the platform administrator imports region outlines');
    const { features, source, licence, approximate } = request.body;
    return importOutlines(db, actor, auditContext(request), { features, source, licence, approximate });
  });

  api.get('/api/geo/outlines', {
    schema: {
      tags: ['geo'], summary: '区划边界 The outlines a map of your area draws (the region and its children, e.g. a county and its towns), with the base-map tile source; answers 304 to a matching If-None-Match',
      querystring: z.object({ regionCode: regionCode.optional() }), response: { 200: outlinesSchema, 304: z.null() },
    },
  }, async (request, reply) => {
    const actor = requireScope(request, 'telemetry:read', 'manifests:read');
    const answer = await outlinesFor(db, actor, request.query.regionCode, config.map);
    // Outlines change on import only: a map revalidates and is answered 304 without the geometry.
    const tag = `"${crypto.createHash('sha256').update(JSON.stringify(answer)).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', tag).header('cache-control', 'private, no-cache');
    if (request.headers['if-none-match'] === tag) return reply.status(304).send(null);
    return answer;
  });

  api.get('/api/geo/outlines/:regionCode/versions', {
    schema: { tags: ['geo'], summary: '边界版本 Every version of a region’s outline, newest first', params: z.object({ regionCode }), response: { 200: versionsSchema } },
  }, async (request) => outlineVersions(db, requireScope(request, 'telemetry:read', 'manifests:read'), request.params.regionCode));
}
