import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps';
import { requireOfficial } from '../http/context';
import { calendarYear } from '../http/inputs';
import { pageQuery } from '../http/pagination';
import { EXPORT_MAX_ROWS, sendXlsx } from '../http/excel';
import { bilingual } from '../http/presenter';
import { indicatorComputation, indicatorRecords } from './computation';

// 计算过程 and 明细: a computed indicator's inputs, method and breakdown, and the records it counted.

const inputKind = z.enum(['ledger', 'manifests', 'declarations', 'registry', 'statistics', 'plan', 'weighbridge', 'survey']);
const figures = { numerator: z.number(), denominator: z.number().nullable(), value: z.number().nullable() };

const computationSchema = z.object({
  indicator: z.object({ id: z.string(), no: z.number(), name: z.string(), unit: z.string() }),
  regionCode: z.string(), regionName: z.string(), year: z.number(),
  period: z.object({ from: z.string(), to: z.string() }).describe('the days counted: the calendar year, up to today while it runs'),
  formula: z.object({ key: z.string(), label: bilingual, method: bilingual.describe('how it counts, in words') }),
  inputs: z.array(z.object({ key: z.string(), kind: inputKind, label: bilingual, unit: z.string(), value: z.number().nullable(), note: bilingual.nullable() })),
  ...figures,
  missing: bilingual.nullable().describe('why there is no value, when there is none'),
  breakdown: z.array(z.object({ regionCode: z.string(), name: z.string(), ...figures })).describe('the same computation for each region one level down'),
  hasRecords: z.boolean().describe('whether you may list the records behind the value'),
});

const recordsSchema = z.object({
  columns: z.array(z.object({ key: z.string(), label: bilingual, kind: z.enum(['text', 'number', 'date', 'tonnes']).optional() })),
  items: z.array(z.object({ id: z.string(), href: z.string().nullable().describe('the console page of the record'), cells: z.record(z.string(), z.union([z.string(), z.number(), z.null()])) })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});

const query = z.object({ regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(), year: calendarYear.optional() });
const params = z.object({ id: z.uuid() });

export async function indicatorComputationRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/indicators/:id/computation', {
    schema: { tags: ['indicators'], summary: '计算过程 How the platform computed an indicator: method, inputs with their figures, period, breakdown one level down', params, querystring: query, response: { 200: computationSchema } },
  }, async (request) => indicatorComputation(db, requireOfficial(request, 'organisations.read'), request.params.id, request.query.regionCode, request.query.year));

  api.get('/api/indicators/:id/records', {
    schema: { tags: ['indicators'], summary: '计算明细 The records a computed value counted (manifests, organisations, register entries), a page at a time', params, querystring: query.extend(pageQuery), response: { 200: recordsSchema } },
  }, async (request) => {
    const { page, pageSize, ...rest } = request.query;
    const found = await indicatorRecords(db, requireOfficial(request, 'organisations.read'), request.params.id, { ...rest, offset: (page - 1) * pageSize, limit: pageSize });
    return { columns: found.columns, items: found.items, total: found.total, page, pageSize };
  });

  api.get('/api/indicators/:id/records.xlsx', {
    schema: { tags: ['indicators'], summary: '导出计算明细 The records behind a computed value as an Excel sheet', params, querystring: query },
  }, async (request, reply) => {
    const actor = requireOfficial(request, 'organisations.read');
    const first = await indicatorRecords(db, actor, request.params.id, { ...request.query, offset: 0, limit: 1 });
    const columns = first.columns.map((c) => ({ header: c.label.zh, width: c.kind ? 14 : 28, value: (row: { cells: Record<string, string | number | null> }) => row.cells[c.key] ?? '' }));
    return sendXlsx(reply, `${first.title}.xlsx`, '计算明细', columns, async (offset, limit) => {
      if (offset >= EXPORT_MAX_ROWS) return [];
      return (await indicatorRecords(db, actor, request.params.id, { ...request.query, offset, limit })).items;
    });
  });
}
