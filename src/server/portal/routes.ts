import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../http/deps';
import { auditContext, requireSession } from '../http/context';
import { AppError } from '../http/errors';
import { bilingual } from '../http/zod-messages';
import { pageQuery, pageSchema } from '../http/pagination';
import { calendarDay, regionCode, text } from '../http/inputs';
import { sendXlsx } from '../http/excel';
import { freeRecord, instant } from '../http/presenter';
import { perAddressLimit } from '../platform/accounts/login-limiter';
import { regions } from '../platform/regions/schema';
import { ARTICLE_KIND_VALUES, DATASET_FREQUENCY_VALUES, DATASET_LICENCE_VALUES, csvCell } from '../../domain/portal';
import { PublicCache } from './cache';
import { complaintCounts } from '../complaints/service';
import { shanghaiYear } from '../../domain/labels';
import { DATASETS, DATASET_KEYS, collectionPoints, countCollectionPoints, currentPrices, type DatasetDefinition } from './datasets';
import { publicAreas, publicIndicators } from './indicators';
import { dcatCatalog, dcatDataset, withContext } from './dcat';
import {
  articleForEditor, createArticle, listArticles, listDatasets, publicArticle, publicArticles, publishArticle, publishDataset, publishedDataset, publishedDatasets,
  updateArticle, withdrawArticle, withdrawDataset,
} from './service';

// 信息公开 and 开放数据: the office's console routes (sessions of the office only) and the public portal's
// routes (no login). Public answers are cached per area for a minute or five (cache.ts) and carry
// Cache-Control, so a crowd of visitors costs the database one computation per interval.

const PUBLIC_PER_MINUTE = 300;
const SHORT = 60_000;
const LONG = 5 * 60_000;
const kind = z.enum(ARTICLE_KIND_VALUES, { error: bilingual('类别应为 news（工作动态）、policy（政策文件）、plan（建设方案）或 notice（通知公告）', 'The kind is news, policy, plan or notice') });
const titled = (max: number, zh: string, en: string) => text(max).pipe(z.string().min(2, { message: bilingual(`请填写${zh}（至少2个字）`, `Give ${en} (2 characters at least)`) }));
const attachment = z.object({ name: titled(200, '附件名称', 'the attachment’s name'), note: text(200).optional() }).strict();
const articleBody = z.object({
  regionCode: regionCode.optional(), kind, title: titled(120, '标题', 'a title'), summary: text(500).optional(), body: text(50_000).optional(), issuer: text(100).optional(), documentNo: text(60).optional(),
  attachments: z.array(attachment).max(20).optional(), publishedOn: calendarDay.optional(),
}).strict();
const articlePatch = articleBody.omit({ regionCode: true }).partial().strict();
const reasonBody = z.object({ reason: titled(500, '原因', 'the reason') }).strict();
const datasetBody = z.object({
  regionCode: regionCode.optional(),
  dataset: z.enum(DATASET_KEYS, { error: bilingual(`数据集应为 ${DATASET_KEYS.join('、')} 之一`, `The dataset is one of ${DATASET_KEYS.join(', ')}`) }),
  title: titled(120, '标题', 'a title').optional(), description: text(2000).optional(), keywords: z.array(titled(20, '关键词', 'a keyword')).max(10).optional(),
  publisher: titled(100, '发布单位', 'the publisher'),
  licence: z.enum(DATASET_LICENCE_VALUES, { error: bilingual('许可协议应为 CC-BY-4.0 或 CC0-1.0', 'The licence is CC-BY-4.0 or CC0-1.0') }),
  frequency: z.enum(DATASET_FREQUENCY_VALUES).optional(),
}).strict();
const id = z.object({ id: z.uuid() });
const slug = z.object({ slug: z.string().regex(/^\d{6,9}-[a-z-]{2,40}$/, { message: bilingual('数据集地址不正确', 'Not a dataset address') }) });
const area = z.object({ region: regionCode });
const labelText = z.object({ zh: z.string(), en: z.string() });

const articleRow = z.object({
  id: z.string(), regionCode: z.string(), regionName: z.string(), kind: z.string(), title: z.string(), summary: z.string(), issuer: z.string(), documentNo: z.string(),
  state: z.string(), publishedOn: z.string().nullable(), publishedAt: instant.nullable(), updatedAt: instant, withdrawReason: z.string().nullable().optional(),
  attachments: z.array(z.object({ name: z.string(), note: z.string().optional() })).optional(),
});
const articleFull = z.object({
  id: z.string(), regionCode: z.string(), kind: z.string(), title: z.string(), summary: z.string(), body: z.string(), issuer: z.string(), documentNo: z.string(),
  attachments: z.array(z.object({ name: z.string(), note: z.string().optional() })), state: z.string(), publishedOn: z.string().nullable(), publishedAt: instant.nullable(),
  withdrawnAt: instant.nullable(), withdrawReason: z.string().nullable(), createdAt: instant, updatedAt: instant,
});
const publicArticleFull = articleFull.omit({ state: true, withdrawnAt: true, withdrawReason: true, createdAt: true }).extend({ regionName: z.string() });
const datasetRow = z.object({
  id: z.string(), regionCode: z.string(), dataset: z.string(), slug: z.string(), title: z.string(), description: z.string(), keywords: z.array(z.string()), publisher: z.string(),
  licence: z.string(), frequency: z.string(), publishedAt: instant, withdrawnAt: instant.nullable(), withdrawReason: z.string().nullable(), updatedAt: instant,
});
const indicatorView = z.object({
  regionCode: z.string(), regionName: z.string(), year: z.number(), plan: z.object({ title: z.string(), regionCode: z.string(), baselineYear: z.number() }),
  computedRows: z.number(), counts: z.record(z.string(), z.number()), computedAt: z.string(),
  rows: z.array(z.object({
    no: z.number(), level1: z.string(), level2: z.string(), name: z.string(), mark: z.string().nullable(), unit: z.string(), valueUnit: z.string(), baselineText: z.string(),
    targets: z.array(z.object({ year: z.number(), text: z.string() })), value: z.object({ year: z.number(), value: z.number() }).nullable(),
    source: labelText, status: z.object({ value: z.string(), zh: z.string(), en: z.string() }), updatedAt: z.string().nullable(),
  })),
});
const pointRow = z.object({ id: z.string(), name: z.string(), kind: z.object({ value: z.string(), zh: z.string(), en: z.string() }), operator: z.string().nullable(), regionCode: z.string(), regionName: z.string(), address: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable() });
const priceRow = z.object({ company: z.string(), category: z.string(), applianceType: z.string(), categoryLabel: labelText, unit: z.string(), priceYuan: z.number(), effectiveFrom: z.string() });
const jsonLd = z.record(z.string(), z.unknown());

export async function portalRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const cache = new PublicCache(LONG);
  const shortCache = new PublicCache(SHORT);
  const forgetAll = { forget: () => { cache.forget(); shortCache.forget(); } };
  const tags = ['portal'];
  const ctx = (request: FastifyRequest) => ({ ...auditContext(request), actor: requireSession(request) });

  // ---- The office's console ----
  api.get('/api/portal/articles', {
    schema: { tags, summary: '信息公开稿件 The office’s articles in every state', querystring: z.object({ kind: kind.optional(), state: z.enum(['draft', 'published', 'withdrawn']).optional(), q: z.string().max(60).optional() }).extend(pageQuery), response: { 200: pageSchema(articleRow) } },
  }, async (request) => { const { page, pageSize, ...f } = request.query; return listArticles(db, requireSession(request), f, page, pageSize); });
  api.post('/api/portal/articles', {
    schema: { tags, summary: '新建稿件 A draft: news, a policy or plan (with its issuing body and number), a notice', body: articleBody, response: { 201: articleFull } },
  }, async (request, reply) => reply.status(201).send(await createArticle(db, ctx(request), request.body, forgetAll)));
  api.get('/api/portal/articles/:id', { schema: { tags, summary: '稿件 One article as the office edits it', params: id, response: { 200: articleFull } } },
    async (request) => articleForEditor(db, requireSession(request), request.params.id));
  api.patch('/api/portal/articles/:id', {
    schema: { tags, summary: '修改稿件 Change an article’s text (the audit log keeps the earlier text)', params: id, body: articlePatch, response: { 200: articleFull } },
  }, async (request) => updateArticle(db, ctx(request), request.params.id, request.body, forgetAll));
  api.post('/api/portal/articles/:id/publish', { schema: { tags, summary: '发布 Publish a draft on the portal', params: id, response: { 200: articleFull } } },
    async (request) => publishArticle(db, ctx(request), request.params.id, forgetAll));
  api.post('/api/portal/articles/:id/withdraw', { schema: { tags, summary: '撤回 Take a published article off the portal, with the reason', params: id, body: reasonBody, response: { 200: articleFull } } },
    async (request) => withdrawArticle(db, ctx(request), request.params.id, request.body.reason, forgetAll));

  api.get('/api/portal/dataset-kinds', {
    schema: { tags, summary: '可发布的数据集 The datasets an office may publish, with their columns', response: { 200: z.object({ items: z.array(z.object({ key: z.string(), title: labelText, description: labelText, keywords: z.array(z.string()), frequency: z.string(), columns: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), type: z.string() })) })) }) } },
  }, async (request) => { requireSession(request); return { items: DATASETS.map(({ page: _page, theme: _theme, ...d }) => d) }; });
  api.get('/api/portal/datasets', { schema: { tags, summary: '已发布的数据集 The area’s datasets, published or withdrawn', querystring: z.object(pageQuery), response: { 200: pageSchema(datasetRow) } } },
    async (request) => listDatasets(db, requireSession(request), request.query.page, request.query.pageSize));
  api.post('/api/portal/datasets', {
    schema: { tags, summary: '发布数据集 Publish a dataset of the area as open data (CSV, Excel, DCAT) at a stable address', body: datasetBody, response: { 201: datasetRow } },
  }, async (request, reply) => reply.status(201).send(await publishDataset(db, ctx(request), request.body, forgetAll)));
  api.post('/api/portal/datasets/:id/withdraw', { schema: { tags, summary: '撤回数据集 Stop publishing a dataset, with the reason (its address answers 404 until published again)', params: id, body: reasonBody, response: { 200: datasetRow } } },
    async (request) => withdrawDataset(db, ctx(request), request.params.id, request.body.reason, forgetAll));

  // ---- The public portal: no login ----
  const throttle = perAddressLimit(db, { name: 'public-portal', max: PUBLIC_PER_MINUTE, windowMs: 60_000 });
  const open = async (request: FastifyRequest, reply: FastifyReply, seconds = 60) => {
    await throttle(request);
    reply.header('cache-control', `public, max-age=${seconds}`);
  };
  // Absolute addresses only from the deployment's own setting: a Host header is the client's to write, and a cached answer would pass it on to everyone.
  const base = config.publicUrl ?? '';
  const regionName = async (code: string) => (await db.select({ name: regions.name }).from(regions).where(eq(regions.code, code)))[0]?.name ?? code;

  api.get('/api/public/areas', { schema: { tags: ['public'], summary: '公开区域 The cities and counties with a public indicator view', response: { 200: z.object({ items: z.array(z.object({ regionCode: z.string(), name: z.string(), level: z.string(), parentCode: z.string().nullable(), plan: z.string().nullable(), primary: z.boolean().describe('the area opened first') })) }) } } },
    async (request, reply) => { await open(request, reply, 300); return { items: await cache.get('areas', () => publicAreas(db)) }; });
  api.get('/api/public/indicators', {
    schema: { tags: ['public'], summary: '指标公开 The indicator system of an area: value, target, progress, source and when updated (computed at most every 5 minutes)', querystring: area, response: { 200: indicatorView } },
  }, async (request, reply) => {
    await open(request, reply, 300);
    const view = await cache.get(`indicators:${request.query.region}`, () => publicIndicators(db, request.query.region));
    if (!view) throw new AppError(404, 'NO_PLAN', { zh: '该地区尚未发布“无废城市”建设指标体系', en: 'No zero-waste plan is published for this area' }, 'region');
    return view;
  });
  api.get('/api/public/home', {
    schema: { tags: ['public'], summary: '门户首页 An area at a glance: progress counts, collection points, cells, the latest articles', querystring: area,
      response: { 200: z.object({ regionCode: z.string(), regionName: z.string(), indicators: z.object({ total: z.number(), computed: z.number(), counts: z.record(z.string(), z.number()), plan: z.string() }).nullable(), collectionPoints: z.number(), datasets: z.number(), latest: z.array(articleRow),
        complaints: z.object({ year: z.number(), total: z.number(), answered: z.number(), inHand: z.number() }).describe('this year’s reports of the area: received, answered (resolved or closed), still in hand') }) } },
  }, async (request, reply) => {
    await open(request, reply);
    const code = request.query.region;
    return shortCache.get(`home:${code}`, async () => {
      const year = shanghaiYear();
      const [name, view, points, sets, latest, reports] = await Promise.all([
        regionName(code), cache.get(`indicators:${code}`, () => publicIndicators(db, code)), countCollectionPoints(db, code), publishedDatasets(db, code), publicArticles(db, { regionCode: code, page: 1, pageSize: 6 }),
        complaintCounts(db, code, year),
      ]);
      const count = (statuses: string[]) => reports.items.filter((r) => statuses.includes(r.status)).reduce((n, r) => n + r.n, 0);
      return {
        regionCode: code, regionName: name, indicators: view ? { total: view.rows.length, computed: view.computedRows, counts: view.counts, plan: view.plan.title } : null,
        collectionPoints: points, datasets: sets.length, latest: latest.items,
        complaints: { year, total: reports.total, answered: count(['resolved', 'closed']), inHand: count(['submitted', 'accepted', 'assigned', 'in_progress']) },
      };
    });
  });
  api.get('/api/public/articles', {
    schema: { tags: ['public'], summary: '政策、方案与动态 Published articles of an area and of the areas above it', querystring: area.extend({ kind: kind.optional() }).extend(pageQuery), response: { 200: pageSchema(articleRow) } },
  }, async (request, reply) => {
    await open(request, reply);
    const q = request.query;
    return shortCache.get(`articles:${q.region}:${q.kind ?? ''}:${q.page}:${q.pageSize}`, () => publicArticles(db, { regionCode: q.region, kind: q.kind, page: q.page, pageSize: q.pageSize }));
  });
  api.get('/api/public/articles/:id', { schema: { tags: ['public'], summary: '稿件全文 One published article', params: id, response: { 200: publicArticleFull } } },
    async (request, reply) => { await open(request, reply); return shortCache.get(`article:${request.params.id}`, () => publicArticle(db, request.params.id)); });
  api.get('/api/public/collection-points', {
    schema: { tags: ['public'], summary: '回收网点和收集站点 Recycling stations, sorting centres and collection points with where they are', querystring: area.extend({ kind: z.enum(['recycling_station', 'sorting_centre', 'collection_station']).optional() }).extend(pageQuery), response: { 200: pageSchema(pointRow) } },
  }, async (request, reply) => {
    await open(request, reply, 300);
    const q = request.query;
    return cache.get(`points:${q.region}:${q.kind ?? ''}:${q.page}:${q.pageSize}`, async () => {
      const [items, total] = await Promise.all([collectionPoints(db, q.region, (q.page - 1) * q.pageSize, q.pageSize, q.kind), countCollectionPoints(db, q.region, q.kind)]);
      return { items, total, page: q.page, pageSize: q.pageSize };
    });
  });
  api.get('/api/public/recycling-prices', {
    schema: { tags: ['public'], summary: '再生资源回收价格 Each company’s prices in force (its latest list)', querystring: area.extend(pageQuery), response: { 200: z.object({ items: z.array(priceRow), page: z.number(), pageSize: z.number() }) } },
  }, async (request, reply) => {
    await open(request, reply, 300);
    const q = request.query;
    return cache.get(`prices:${q.region}:${q.page}:${q.pageSize}`, async () => ({ items: await currentPrices(db, q.region, (q.page - 1) * q.pageSize, q.pageSize), page: q.page, pageSize: q.pageSize }));
  });

  // Open data: the DCAT catalogue, each dataset's description, and its rows as CSV or Excel.
  api.get('/api/public/open-data', {
    schema: { tags: ['public'], summary: '开放数据目录 The catalogue of published datasets (DCAT, JSON-LD)', querystring: z.object({ region: regionCode.optional() }), response: { 200: jsonLd } },
  }, async (request, reply) => {
    await open(request, reply, 300);
    reply.type('application/ld+json; charset=utf-8');
    return cache.get(`catalog:${request.query.region ?? ''}`, async () => {
      const rows = await publishedDatasets(db, request.query.region);
      const entries = await Promise.all(rows.map(async (row) => ({ row, def: DATASETS.find((d) => d.key === row.dataset)!, regionName: await regionName(row.regionCode) })));
      return dcatCatalog(base, entries.filter((e) => e.def));
    });
  });
  api.get('/api/public/open-data/:slug', {
    schema: { tags: ['public'], summary: '数据集说明 One dataset’s description (DCAT, JSON-LD) with its CSV and Excel addresses and columns', params: slug, response: { 200: jsonLd } },
  }, async (request, reply) => {
    await open(request, reply, 300);
    const { row, def } = await publishedDataset(db, request.params.slug);
    reply.type('application/ld+json; charset=utf-8');
    return withContext(dcatDataset(base, row, def, await regionName(row.regionCode)));
  });
  api.get('/api/public/open-data/:slug/rows', {
    schema: { tags: ['public'], summary: '数据预览 A page of a dataset’s rows as JSON, for the portal’s table', params: slug, querystring: z.object(pageQuery), response: { 200: z.object({ columns: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), type: z.string() })), items: z.array(freeRecord), page: z.number(), pageSize: z.number() }) } },
  }, async (request, reply) => {
    await open(request, reply);
    const { row, def } = await publishedDataset(db, request.params.slug);
    const { page, pageSize } = request.query;
    return shortCache.get(`rows:${row.slug}:${page}:${pageSize}`, async () => ({ columns: def.columns, items: await def.page(db, row.regionCode, (page - 1) * pageSize, pageSize), page, pageSize }));
  });
  api.get('/api/public/open-data/:slug/data.csv', { schema: { tags: ['public'], summary: '下载 CSV The dataset as CSV (UTF-8 with BOM, first row the column titles)', params: slug } },
    async (request, reply) => {
      await open(request, reply, 300);
      const { row, def } = await publishedDataset(db, request.params.slug);
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${row.slug}.csv"`);
      return reply.send(Readable.from(csvLines(def, row.regionCode, db)));
    });
  api.get('/api/public/open-data/:slug/data.xlsx', { schema: { tags: ['public'], summary: '下载 Excel The dataset as an Excel workbook', params: slug } },
    async (request, reply) => {
      await open(request, reply, 300);
      const { row, def } = await publishedDataset(db, request.params.slug);
      return sendXlsx<Record<string, string | number | null>>(reply, `${row.slug}.xlsx`, row.title.slice(0, 31), def.columns.map((c) => ({ header: c.zh, width: c.type === 'string' ? 28 : 14, value: (r) => r[c.key] ?? null })),
        (offset, limit) => def.page(db, row.regionCode, offset, limit));
    });
}

/** The CSV a page of rows at a time, so a large dataset is never held whole. */
async function* csvLines(def: DatasetDefinition, regionCode: string, db: AppDeps['db']) {
  yield `\uFEFF${def.columns.map((c) => csvCell(c.zh)).join(',')}\r\n`;
  const PAGE = 1000;
  for (let offset = 0; ; offset += PAGE) {
    const rows = await def.page(db, regionCode, offset, PAGE);
    if (rows.length) yield rows.map((r) => `${def.columns.map((c) => csvCell(r[c.key])).join(',')}\r\n`).join('');
    if (rows.length < PAGE) return;
  }
}
