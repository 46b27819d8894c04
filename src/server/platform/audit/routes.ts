import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/deps';
import { requireSessionPermission } from '../../http/context';
import { AppError, forbidden } from '../../http/errors';
import { pageQuery, pageSchema } from '../../http/pagination';
import { sendXlsx } from '../../http/excel';
import { PROBLEM_TEXT } from './service';
import { auditStatus, exportAuditHead, signingPublicKey, verifyAudit } from './export';
import { actorText, auditPage, auditRows, presentAuditRow, type AuditListRow } from './query';
import { verifiesAudit } from '../policy';

const filterQuery = z.object({
  entityType: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(80).optional(),
  action: z.string().trim().max(60).optional(),
  actor: z.string().trim().max(64).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
const words = z.object({ zh: z.string(), en: z.string() });
const item = z.object({
  id: z.number(), at: z.date(), actorLabel: z.string(), action: z.string(), entityType: z.string(), entityId: z.string(), regionCode: z.string().nullable(), before: z.unknown(), after: z.unknown(), ip: z.string().nullable(),
  actorName: z.string().nullable().describe('the actor\'s name (null for the system or a registration)'), actorOrganisation: z.string().nullable().describe('the actor\'s organisation'),
  targetName: z.string().nullable().describe('the record\'s number or name, where known'),
  summary: words.describe('the row as a sentence: who did what to which record'),
  changes: z.array(z.object({ field: z.string(), label: words, before: words.nullable(), after: words })).describe('field-level differences (before → after); a record made has only its values after'),
});

const head = z.object({ seq: z.number(), id: z.number(), hash: z.string(), count: z.number() });
const headExport = z.object({ v: z.literal(1), database: z.string(), exportedAt: z.string(), head: head.nullable(), publicKeyId: z.string(), signature: z.string() });
const reasons = Object.keys(PROBLEM_TEXT) as [keyof typeof PROBLEM_TEXT, ...(keyof typeof PROBLEM_TEXT)[]];
const verification = z.object({
  ok: z.boolean(), checked: z.number(), legacy: z.number(), foreign: z.number(), head: head.nullable(), verifiedAt: z.string(),
  problems: z.array(z.object({ id: z.number(), reason: z.enum(reasons), detail: z.string().optional() })),
  export: z.object({ exportedAt: z.string(), head: head.nullable(), signatureValid: z.boolean() }).nullable(),
});

export async function auditRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/audit', { schema: { tags: ['audit'], summary: '审计日志 Audit log within your scope, newest first: a department reads its region’s rows about the shared registers and plans and about the waste it regulates', querystring: filterQuery.extend(pageQuery), response: { 200: pageSchema(item) } } }, async (request) => {
    const actor = requireSessionPermission(request, 'audit.read');
    const { page, pageSize, ...f } = request.query;
    return auditPage(db, actor, f, page, pageSize);
  });

  api.get('/api/audit/export.xlsx', { schema: { tags: ['audit'], summary: '导出审计日志 Export the audit log', querystring: filterQuery } }, async (request, reply) => {
    const actor = requireSessionPermission(request, 'audit.read');
    // Each row put in words once for its two columns (an export runs to tens of thousands of rows).
    const words = new WeakMap<AuditListRow, ReturnType<typeof presentAuditRow>>();
    const present = (r: AuditListRow) => words.get(r) ?? words.set(r, presentAuditRow(r)).get(r)!;
    return sendXlsx(reply, '审计日志.xlsx', '审计日志', [
      { header: '序号 #', width: 8, value: (r) => r.id },
      { header: '时间 Time', width: 22, value: (r) => r.at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
      { header: '操作人 Actor', value: (r) => actorText(r).zh },
      { header: '单位 Organisation', width: 24, value: (r) => r.actorOrganisation ?? '' },
      { header: '说明 Summary', width: 60, value: (r) => present(r).summary.zh },
      { header: '变更 Changes', width: 60, value: (r) => present(r).changes.map((c) => `${c.label.zh}：${c.before ? `${c.before.zh} → ` : ''}${c.after.zh}`).join('\n') },
      { header: '操作代码 Action', width: 24, value: (r) => r.action },
      { header: '对象 Entity', value: (r) => r.entityType },
      { header: '对象标识 Entity id', width: 38, value: (r) => r.entityId },
      { header: '区划 Region', value: (r) => r.regionCode },
    ], (offset: number, limit: number) => auditRows(db, actor, request.query, offset, limit));
  });

  api.get('/api/audit/verify', {
    schema: { tags: ['audit'], summary: '校验哈希链 Verify the whole audit chain: every row\'s MAC and link, rows not written by the application, and the last signed export (rows cut from the end, a rewritten chain)', response: { 200: verification } },
  }, async (request) => {
    const actor = requireSessionPermission(request, 'audit.read');
    if (!verifiesAudit(actor)) throw forbidden('仅平台管理员和无废办可校验', 'Only the platform administrator and the zero-waste office verify the chain');
    return verifyAudit(db, config.audit);
  });

  api.get('/api/audit/status', {
    schema: { tags: ['audit'], summary: '审计链状态 The signing public key, the last signed export of the chain head and the last verification (platform administrator)', response: { 200: z.object({
      publicKey: z.object({ pem: z.string(), id: z.string() }).nullable(), lastExport: headExport.nullable(),
      lastVerification: z.object({ verifiedAt: z.string(), ok: z.boolean(), checked: z.number(), problems: z.number() }).nullable(),
      exportMinutes: z.number(), webhook: z.boolean(),
    }) } },
  }, async (request) => {
    const actor = requireSessionPermission(request, 'audit.read');
    if (actor.role !== 'platform_admin') throw forbidden('仅平台管理员可查看', 'Only the platform administrator sees the chain\'s keys and exports');
    return auditStatus(db, config.audit);
  });

  api.post('/api/audit/export', {
    schema: { tags: ['audit'], summary: '导出链头 Sign and export the chain head now (platform administrator); the server also does it on a schedule', response: { 200: headExport } },
  }, async (request) => {
    const actor = requireSessionPermission(request, 'audit.read');
    if (actor.role !== 'platform_admin') throw forbidden('仅平台管理员可导出链头', 'Only the platform administrator exports the chain head');
    return exportAuditHead(db, config.audit, (line) => request.log.warn(line));
  });

  api.get('/api/audit/signing-key', {
    schema: { tags: ['audit'], summary: '验签公钥 The Ed25519 public key (PEM) that verifies exported chain heads: public, so a third party can check an export' },
  }, async (_request, reply) => {
    const key = signingPublicKey(config.audit);
    if (!key) throw new AppError(404, 'NO_SIGNING_KEY', { zh: '尚未生成签名密钥（首次导出时生成）', en: 'No signing key yet: it is made at the first export' });
    return reply.type('application/x-pem-file').send(key.pem);
  });
}
