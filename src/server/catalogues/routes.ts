import { readSpreadsheetUpload } from '../http/upload';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireSessionPermission, auditContext, requireScope } from '../http/context';
import { badRequest } from '../http/errors';
import { pageQuery } from '../http/pagination';
import { readTable, sendXlsx } from '../http/excel';
import { CATALOGUES, HAZARD_CHARACTERISTICS, type CatalogueKind, type TokenScope } from '../../domain/enums';
import { importCatalogue, listCatalogueVersions, listEntries, normaliseEntries, pageEntries } from './service';

// The national lists are read by a token that files or reads manifests and ledgers (it needs the codes), or one made to read them.
const CATALOGUE_READERS: TokenScope[] = ['catalogues:read', 'manifests:read', 'manifests:write', 'ledger:read', 'ledger:write'];

const catalogueParam = z.object({ catalogue: z.enum(CATALOGUES.values) });
const entryQuery = z.object({ versionId: z.uuid().optional(), q: z.string().trim().max(60).optional(), category: z.string().trim().max(20).optional() });
const entry = z.object({ code: z.string(), name: z.string(), category: z.string(), categoryName: z.string(), industry: z.string(), description: z.string(), hazard: z.array(z.string()) });

export async function catalogueRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/catalogues', {
    schema: { tags: ['catalogues'], summary: '名录及其版本 Catalogues and their versions',
      response: { 200: z.array(z.object({ catalogue: z.string(), zh: z.string(), en: z.string(), versions: z.array(z.object({ id: z.string(), label: z.string(), source: z.string(), isCurrent: z.boolean(), entryCount: z.number(), importedAt: z.date() })) })) } },
  }, async (request) => {
    requireScope(request, ...CATALOGUE_READERS);
    const versions = await listCatalogueVersions(db);
    return CATALOGUES.entries.map((c) => ({ catalogue: c.value, zh: c.zh, en: c.en, versions: versions.filter((v) => v.catalogue === c.value) }));
  });

  api.get('/api/catalogues/:catalogue/entries', {
    schema: { tags: ['catalogues'], summary: '名录条目 Entries of a catalogue version (current by default), searchable by code or name', params: catalogueParam, querystring: entryQuery.extend(pageQuery),
      response: { 200: z.object({ items: z.array(entry), total: z.number(), page: z.number(), pageSize: z.number(), version: z.object({ id: z.string(), label: z.string() }), categories: z.array(z.object({ category: z.string(), categoryName: z.string() })) }) } },
  }, async (request) => {
    requireScope(request, ...CATALOGUE_READERS);
    const { page, pageSize, ...filter } = request.query;
    return pageEntries(db, request.params.catalogue, filter, page, pageSize);
  });

  api.get('/api/catalogues/:catalogue/entries/export.xlsx', { schema: { tags: ['catalogues'], summary: '导出名录 Export entries to Excel', params: catalogueParam, querystring: entryQuery } }, async (request, reply) => {
    requireScope(request, ...CATALOGUE_READERS);
    const kind = request.params.catalogue;
    return sendXlsx(reply, `${CATALOGUES.label(kind)}.xlsx`, '名录', [
      { header: '类别 Category', value: (e) => e.category },
      { header: '类别名称 Category name', width: 24, value: (e) => e.categoryName },
      { header: '行业来源 Industry', width: 24, value: (e) => e.industry },
      { header: '代码 Code', width: 14, value: (e) => e.code },
      { header: '名称/描述 Name', width: 60, value: (e) => e.description || e.name },
      { header: '危险特性 Hazard', value: (e) => e.hazard.map((h) => `${h} ${HAZARD_CHARACTERISTICS.label(h)}`).join('、') },
    ], (offset: number, limit: number) => listEntries(db, kind, request.query, offset, limit));
  });

  api.post('/api/catalogues/:catalogue/import', {
    schema: { tags: ['catalogues'], summary: '导入名录新版本 Import a catalogue version from CSV/Excel (multipart: file, label, makeCurrent)', params: catalogueParam, consumes: ['multipart/form-data'],
      response: { 201: z.object({ id: z.string(), label: z.string(), entryCount: z.number(), isCurrent: z.boolean(), problems: z.array(z.object({ row: z.number(), message: z.object({ zh: z.string(), en: z.string() }) })) }) } },
  }, async (request, reply) => {
    requireSessionPermission(request, 'catalogues.import');
    const kind = request.params.catalogue as CatalogueKind;
    const { buffer: fileBuffer, filename, fields } = await readSpreadsheetUpload(request, { zh: '名录', en: 'catalogue' });
    const label = (fields.label ?? '').trim();
    if (label.length < 1 || label.length > 60) throw badRequest('LABEL_REQUIRED', '请填写版本名称（如“2025年版”）', 'Give the version a label (such as "2025")', 'label');
    const rows = await readTable(fileBuffer, filename).catch(() => { throw badRequest('FILE_UNREADABLE', '无法读取该文件', 'The file could not be read', 'file'); });
    const { entries, problems } = normaliseEntries(kind, rows);
    const version = await importCatalogue(db, auditContext(request), { catalogue: kind, label, source: filename, makeCurrent: fields.makeCurrent === 'true', entries });
    return reply.status(201).send({ id: version.id, label: version.label, entryCount: version.entryCount, isCurrent: version.isCurrent, problems });
  });
}
