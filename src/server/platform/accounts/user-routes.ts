import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/deps';
import { requireSessionPermission, auditContext } from '../../http/context';
import { pageQuery, pageSchema } from '../../http/pagination';
import { sendXlsx } from '../../http/excel';
import { ROLES, USER_STATUSES } from '../../../domain/enums';
import { pageUsers, listUsers, createUser, updateUser, resetPassword } from './user-service';
import { passwordField, usernameField } from './routes';
import { text } from '../organisations/inputs';
import { bilingual } from '../../http/zod-messages';

const userItem = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), role: z.string(), domain: z.string().nullable(), status: z.string(),
  organisationId: z.string().nullable(), organisationName: z.string().nullable().optional(), regionCode: z.string(), lastLoginAt: z.date().nullable().optional(),
  lockedUntil: z.date().nullable().optional(), createdAt: z.date().optional(),
});
const filterQuery = z.object({ q: z.string().trim().max(60).optional(), role: z.enum(ROLES.values).optional(), status: z.enum(['active', 'disabled']).optional(), organisationId: z.uuid().optional() });
const idParams = z.object({ id: z.uuid() });

export async function userRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/users', { schema: { tags: ['users'], summary: '用户列表 Users within your scope', querystring: filterQuery.extend(pageQuery), response: { 200: pageSchema(userItem.extend({ actions: z.object({ update: z.boolean(), resetPassword: z.boolean() }).describe('what the caller may do with this person (PATCH, reset-password)') })) } } }, async (request) => {
    const actor = requireSessionPermission(request, 'users.read');
    const { page, pageSize, ...filter } = request.query;
    return pageUsers(db, actor, filter, page, pageSize);
  });

  api.get('/api/users/export.xlsx', { schema: { tags: ['users'], summary: '导出用户 Export users to Excel', querystring: filterQuery } }, async (request, reply) => {
    const actor = requireSessionPermission(request, 'users.read');
    return sendXlsx(reply, '用户.xlsx', '用户', [
      { header: '用户名 Username', value: (u) => u.username },
      { header: '姓名 Name', value: (u) => u.displayName },
      { header: '角色 Role', value: (u) => ROLES.label(u.role) },
      { header: '单位 Organisation', width: 36, value: (u) => u.organisationName },
      { header: '区划 Region', value: (u) => u.regionCode },
      { header: '状态 Status', value: (u) => USER_STATUSES.label(u.status) },
      { header: '最近登录 Last login', width: 22, value: (u) => u.lastLoginAt?.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) ?? '' },
    ], (offset: number, limit: number) => listUsers(db, actor, request.query, offset, limit));
  });

  api.post('/api/users', {
    schema: {
      tags: ['users'], summary: '新增用户 Create a user',
      body: z.object({ username: usernameField, displayName: text(40).pipe(z.string().min(1)), password: passwordField, role: z.enum(ROLES.values), organisationId: z.uuid().optional(), phone: z.string().trim().max(20).optional() }).strict(),
      response: { 201: userItem },
    },
  }, async (request, reply) => {
    const actor = requireSessionPermission(request, 'users.manage');
    return reply.status(201).send(await createUser(db, { ...auditContext(request), actor }, request.body));
  });

  api.patch('/api/users/:id', {
    schema: {
      tags: ['users'], summary: '修改用户 Change name, role or status', params: idParams,
      body: z.object({ displayName: text(40).pipe(z.string().min(1)).optional(), role: z.enum(ROLES.values).optional(), status: z.enum(['active', 'disabled']).optional() }).strict()
        .refine((patch) => Object.keys(patch).length > 0, { message: bilingual('请至少修改一项（姓名、角色或状态）', 'Change at least one of name, role or status') }),
      response: { 200: userItem },
    },
  }, async (request) => {
    const actor = requireSessionPermission(request, 'users.manage');
    return updateUser(db, { ...auditContext(request), actor }, request.params.id, request.body);
  });

  api.post('/api/users/:id/reset-password', {
    schema: { tags: ['users'], summary: '重置密码 Reset a user’s password (ends their sessions)', params: idParams, body: z.object({ password: passwordField }).strict(), response: { 204: z.null() } },
  }, async (request, reply) => {
    const actor = requireSessionPermission(request, 'users.manage');
    await resetPassword(db, { ...auditContext(request), actor }, request.params.id, request.body.password);
    return reply.status(204).send(null);
  });
}
