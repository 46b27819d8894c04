import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/deps';
import { requireSessionPermission } from '../../http/context';
import { forbidden } from '../../http/errors';
import { pageQuery, pageSchema } from '../../http/pagination';
import { sendXlsx } from '../../http/excel';
import { verifyAuditChain } from './service';
import { auditPage, auditRows } from './query';

const filterQuery = z.object({
  entityType: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(80).optional(),
  action: z.string().trim().max(60).optional(),
  actor: z.string().trim().max(64).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
const item = z.object({ id: z.number(), at: z.date(), actorLabel: z.string(), action: z.string(), entityType: z.string(), entityId: z.string(), regionCode: z.string().nullable(), before: z.unknown(), after: z.unknown(), ip: z.string().nullable() });

export async function auditRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/audit', { schema: { tags: ['audit'], summary: '审计日志 Audit log within your scope, newest first: a department reads its region’s rows about the shared registers and plans and about the waste it regulates', querystring: filterQuery.extend(pageQuery), response: { 200: pageSchema(item) } } }, async (request) => {
    const actor = requireSessionPermission(request, 'audit.read');
    const { page, pageSize, ...f } = request.query;
    return auditPage(db, actor, f, page, pageSize);
  });

  api.get('/api/audit/export.xlsx', { schema: { tags: ['audit'], summary: '导出审计日志 Export the audit log', querystring: filterQuery } }, async (request, reply) => {
    const actor = requireSessionPermission(request, 'audit.read');
    return sendXlsx(reply, '审计日志.xlsx', '审计日志', [
      { header: '序号 #', width: 8, value: (r) => r.id },
      { header: '时间 Time', width: 22, value: (r) => r.at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
      { header: '操作人 Actor', value: (r) => r.actorLabel },
      { header: '操作 Action', width: 24, value: (r) => r.action },
      { header: '对象 Entity', value: (r) => r.entityType },
      { header: '对象标识 Entity id', width: 38, value: (r) => r.entityId },
      { header: '区划 Region', value: (r) => r.regionCode },
      { header: '变更前 Before', width: 50, value: (r) => (r.before ? JSON.stringify(r.before) : '') },
      { header: '变更后 After', width: 50, value: (r) => (r.after ? JSON.stringify(r.after) : '') },
    ], (offset: number, limit: number) => auditRows(db, actor, request.query, offset, limit));
  });

  api.get('/api/audit/verify', {
    schema: { tags: ['audit'], summary: '校验哈希链 Verify the whole audit hash chain', response: { 200: z.object({ ok: z.boolean(), checked: z.number(), problems: z.array(z.object({ id: z.number(), reason: z.string() })) }) } },
  }, async (request) => {
    const actor = requireSessionPermission(request, 'audit.read');
    if (actor.role !== 'platform_admin' && actor.role !== 'office') throw forbidden('仅平台管理员和无废办可校验', 'Only the platform administrator and the zero-waste office verify the chain');
    return verifyAuditChain(db);
  });
}
