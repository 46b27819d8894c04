import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireActor, requireSessionPermission } from '../http/context';
import { calendarYear } from '../http/inputs';
import { forbidden } from '../http/errors';
import { pageQuery } from '../http/pagination';
import { sendXlsx } from '../http/excel';
import { bilingual } from '../http/zod-messages';
import { CAPABILITIES } from '../../domain/enums';
import { isRegionCode } from '../../domain/region-code';
import { shanghaiYear } from '../../domain/labels';
import { AGE_BAND_KEYS, KEY_UNIT_REASONS, KEY_UNIT_REASON_KEYS } from '../../domain/supervision';
import { supervisionScope } from './policy';
import { keyUnitPage, storeOverviewSchema, capacitySchema, facilityMapSchema, enterpriseHistorySchema } from './presenter';
import { keyUnits, storeOverview, capacityMatching, facilityMap, enterpriseHistory, type KeyUnit } from './service';

const regionCode = z.string().trim().refine(isRegionCode, { message: bilingual('区划代码应为6位或9位数字', 'Region codes have 6 or 9 digits') }).optional();
const keyUnitQuery = z.object({ regionCode, reason: z.enum(KEY_UNIT_REASON_KEYS).optional() });

/** What a reason's details say, in a line of the export. */
function reasonText(r: KeyUnit['reasons'][number]): string {
  const d = r.detail as Record<string, unknown>;
  const label = KEY_UNIT_REASONS[r.reason]?.zh ?? r.reason;
  switch (r.reason) {
    case 'key_class': return `${label}（${d.year}年计划，${d.expectedT}吨）`;
    case 'licensed': return `${label}（${(d.licences as string[]).join('、')}）`;
    case 'high_alarm': case 'frequent_alarms': return `${label}（${d.count}次）`;
    case 'refused_manifest': return `${label}（${d.count}张）`;
    case 'overdue_store': return `${label}（${d.batches}批，${d.heldT}吨）`;
    default: return label;
  }
}

export async function supervisionRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Officials' views: a logged-in official (never a machine token), in their own area and domain.
  const scopeOf = (request: Parameters<typeof requireActor>[0], region?: string) => supervisionScope(requireSessionPermission(request, 'organisations.read'), region);

  api.get('/api/supervision/key-units', {
    schema: { tags: ['supervision'], summary: '重点监管单位名录 The key-supervision units of the area, each with the reasons it is listed (computed on each request)', querystring: keyUnitQuery.extend(pageQuery), response: { 200: keyUnitPage } },
  }, async (request) => {
    const { page, pageSize, regionCode: region, reason } = request.query;
    return { ...(await keyUnits(db, scopeOf(request, region), { reason }, (page - 1) * pageSize, pageSize)), page, pageSize };
  });

  api.get('/api/supervision/key-units/export.xlsx', {
    schema: { tags: ['supervision'], summary: '导出重点监管单位名录 Export the key-supervision list to Excel', querystring: keyUnitQuery },
  }, async (request, reply) => {
    const scope = scopeOf(request, request.query.regionCode);
    return sendXlsx<KeyUnit>(reply, '重点监管单位名录.xlsx', '重点监管单位', [
      { header: '单位名称 Name', width: 36, value: (u) => u.name },
      { header: '统一社会信用代码 Credit code', width: 24, value: (u) => u.creditCode },
      { header: '所在区划 Region', width: 20, value: (u) => `${u.regionName ?? ''}（${u.regionCode}）` },
      { header: '行业 Industry', value: (u) => u.industry ?? '' },
      { header: '类别 Capabilities', width: 24, value: (u) => u.capabilities.map((c) => CAPABILITIES.label(c)).join('、') },
      { header: '列入原因 Reasons', width: 70, value: (u) => u.reasons.map(reasonText).join('；') },
    ], async (offset, limit) => (await keyUnits(db, scope, { reason: request.query.reason }, offset, limit)).items);
  });

  api.get('/api/supervision/store', {
    schema: {
      tags: ['supervision'], summary: '贮存情况 Waste in store across all producers of the area: tonnes and oldest age per organisation and code, with totals per age band',
      querystring: z.object({
        regionCode, band: z.enum(AGE_BAND_KEYS).optional(), sort: z.enum(['age_desc', 'age_asc', 'tonnes_desc']).default('age_desc'),
        wasteCode: z.string().trim().regex(/^\d{3}-\d{3}-\d{2}$/, { message: bilingual('废物代码格式应为 900-041-49', 'Waste codes look like 900-041-49') }).optional(),
      }).extend(pageQuery),
      response: { 200: storeOverviewSchema },
    },
  }, async (request) => {
    const { page, pageSize, regionCode: region, ...filter } = request.query;
    return storeOverview(db, scopeOf(request, region), filter, page, pageSize);
  });

  api.get('/api/supervision/capacity', {
    schema: { tags: ['supervision'], summary: '产能匹配 Generation against licensed capacity per HW category for a year', querystring: z.object({ regionCode, year: calendarYear.optional() }), response: { 200: capacitySchema } },
  }, async (request) => capacityMatching(db, scopeOf(request, request.query.regionCode), request.query.year ?? shanghaiYear()));

  api.get('/api/supervision/map', {
    schema: { tags: ['supervision'], summary: '设施地图 Producers, stores and licensed receivers of the area with coordinates and what they hold or may take', querystring: z.object({ regionCode }), response: { 200: facilityMapSchema } },
  }, async (request) => facilityMap(db, scopeOf(request, request.query.regionCode)));

  api.get('/api/organisations/:id/history', {
    schema: { tags: ['supervision'], summary: '企业档案 One enterprise on one page: profile, licences, plans, declarations, manifests, ledger, store, alarms, audit', params: z.object({ id: z.uuid() }), response: { 200: enterpriseHistorySchema } },
  }, async (request) => {
    const actor = requireActor(request);
    if (actor.via !== 'session') throw forbidden('此页面须由用户登录后查看', 'This needs a logged-in user, not an API token');
    return enterpriseHistory(db, actor, request.params.id);
  });
}
