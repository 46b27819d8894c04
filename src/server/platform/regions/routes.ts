import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/deps';
import { requireSessionPermission, auditContext } from '../../http/context';
import { badRequest, notFound } from '../../http/errors';
import { readTable } from '../../http/excel';
import { isRegionCode } from '../../../domain/region-code';
import { childrenOf, regionWithAncestors, normaliseRegionRows, importRegions } from './service';

const regionItem = z.object({ code: z.string(), name: z.string(), level: z.string(), parentCode: z.string().nullable(), childCount: z.number() });

export async function regionRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/regions', {
    schema: {
      tags: ['regions'], summary: '下级区划 Children of a region (the tree, one level at a time). Without parent: your own region, or the provinces.',
      querystring: z.object({ parent: z.string().optional() }), response: { 200: z.object({ items: z.array(regionItem) }) },
    },
  }, async (request) => {
    const parent = request.query.parent?.trim();
    if (parent) {
      if (!isRegionCode(parent)) throw badRequest('BAD_REGION_CODE', '行政区划代码应为6位或9位数字', 'A region code has 6 or 9 digits', 'parent');
      return { items: await childrenOf(db, parent) };
    }
    const actor = request.actor;
    if (actor && actor.role !== 'platform_admin') {
      const own = await regionWithAncestors(db, actor.regionCode);
      if (own) {
        const [self] = (await childrenOf(db, own.parentCode)).filter((r) => r.code === own.code);
        return { items: self ? [self] : [] };
      }
    }
    return { items: await childrenOf(db, null) };
  });

  api.get('/api/regions/:code', {
    schema: { tags: ['regions'], summary: '区划详情 A region with its ancestors', params: z.object({ code: z.string() }),
      response: { 200: z.object({ code: z.string(), name: z.string(), level: z.string(), parentCode: z.string().nullable(), ancestors: z.array(z.object({ code: z.string(), name: z.string(), level: z.string() })) }) } },
  }, async (request) => {
    const region = isRegionCode(request.params.code) ? await regionWithAncestors(db, request.params.code) : null;
    if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
    return region;
  });

  api.post('/api/regions/import', {
    schema: {
      tags: ['regions'], summary: '导入区划 Import regions from CSV or Excel (multipart field "file")', consumes: ['multipart/form-data'],
      response: { 200: z.object({ inserted: z.number(), updated: z.number(), problems: z.array(z.object({ row: z.number(), message: z.object({ zh: z.string(), en: z.string() }) })) }) },
    },
  }, async (request) => {
    requireSessionPermission(request, 'regions.import');
    const file = request.isMultipart() ? await request.file() : undefined;
    if (!file) throw badRequest('FILE_REQUIRED', '请上传 CSV 或 Excel 文件', 'Upload a CSV or Excel file', 'file');
    if (!/\.(csv|xlsx)$/i.test(file.filename)) throw badRequest('FILE_TYPE', '只支持 .csv 和 .xlsx 文件', 'Only .csv and .xlsx files are accepted', 'file');
    const rows = await readTable(await file.toBuffer(), file.filename).catch(() => { throw badRequest('FILE_UNREADABLE', '无法读取该文件', 'The file could not be read', 'file'); });
    const { regions, problems } = normaliseRegionRows(rows);
    if (regions.length === 0) throw badRequest('NO_ROWS', '文件中没有可导入的区划', 'The file holds no usable region rows', 'file');
    return { ...(await importRegions(db, auditContext(request), regions, file.filename)), problems };
  });
}
