import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../http/deps';
import { SESSION_COOKIE } from '../../http/deps';
import { AppError } from '../../http/errors';
import { requireActor, auditContext, requireCaller } from '../../http/context';
import { login, logout, changePassword, accountOf, type Account } from './service';
import { overLimit } from './login-limiter';
import { MIN_PASSWORD_LENGTH } from './passwords';
import { permissionsOf, assignableRoles, type Actor } from '../policy';
import { abilitiesOf, pagesOf, viewerOf } from '../pages';
import { organisationFields, text } from '../organisations/inputs';
import { registerEnterprise } from '../organisations/service';
import { registerResident } from './user-service';
import { bilingual } from '../../http/zod-messages';
import { regionCodeField } from '../organisations/inputs';

export const passwordField = z.string().min(MIN_PASSWORD_LENGTH, { message: bilingual(`密码至少 ${MIN_PASSWORD_LENGTH} 位`, `Passwords have at least ${MIN_PASSWORD_LENGTH} characters`) }).max(200);
export const usernameField = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/, { message: bilingual('用户名为3-40位字母、数字、点、下划线或连字符', 'Usernames are 3-40 letters, digits, dots, underscores or hyphens') });

const meSchema = z.object({
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: z.string(), domain: z.string().nullable() }),
  organisation: z.object({ id: z.string(), name: z.string(), kind: z.string(), status: z.string(), regionCode: z.string(), capabilities: z.array(z.string()), rejectionReason: z.string().nullable() }).nullable(),
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  csrfToken: z.string(),
  permissions: z.array(z.string()),
  assignableRoles: z.array(z.string()),
  /** The console's pages this person may open (its menu), in order, named in both languages. */
  pages: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string() })),
  /** The page buttons this person may use that are not about one record (audit.verify, credit.manage, …). */
  may: z.array(z.string()),
});

async function presentMe(db: AppDeps['db'], { user, region, organisation: org }: Account, actor: Actor, csrfToken: string) {
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, domain: user.domain },
    organisation: org ? { id: org.id, name: org.name, kind: org.kind, status: org.status, regionCode: org.regionCode, capabilities: org.capabilities, rejectionReason: org.rejectionReason } : null,
    region: { code: region.code, name: region.name, level: region.level },
    csrfToken,
    permissions: permissionsOf(actor),
    assignableRoles: assignableRoles(actor),
    ...(await viewerOf(db, actor).then((v) => ({ pages: pagesOf(v), may: abilitiesOf(v) }))),
  };
}

// Per client address: 20 logins, or 20 registrations, in 5 minutes.
const ATTEMPTS = 20;
const WINDOW_MS = 5 * 60_000;

export async function accountRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const setCookie = (reply: FastifyReply, token: string, expires: Date) =>
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, expires });

  api.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: '登录 Log in (sets the session cookie)', body: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }), response: { 200: meSchema } },
  }, async (request, reply) => {
    if (await overLimit(db, `login:${request.ip}`, ATTEMPTS, WINDOW_MS)) {
      throw new AppError(429, 'TOO_MANY_ATTEMPTS', { zh: '登录尝试过于频繁，请5分钟后再试', en: 'Too many login attempts: try again in 5 minutes' });
    }
    const session = await login(db, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] ?? null, sessionHours: config.sessionHours });
    setCookie(reply, session.token, session.expiresAt);
    return presentMe(db, await accountOf(db, session.actor), session.actor, session.csrfToken);
  });

  api.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出 Log out', response: { 204: z.null() } } }, async (request, reply) => {
    if (request.sessionToken) await logout(db, request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  api.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户 The logged-in user, permissions and CSRF token', response: { 200: meSchema } } }, async (request: FastifyRequest) => {
    const actor = requireActor(request);
    if (actor.via !== 'session') throw new AppError(400, 'SESSION_ONLY', { zh: '仅适用于登录用户', en: 'Only for logged-in users' });
    return presentMe(db, await accountOf(db, actor), actor, request.csrfToken!);
  });

  api.post('/api/auth/password', {
    schema: { tags: ['auth'], summary: '修改密码 Change password (ends other sessions)', body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordField }).strict(), response: { 204: z.null() } },
  }, async (request, reply) => {
    const actor = requireCaller(request);
    if (actor.via !== 'session') throw new AppError(400, 'SESSION_ONLY', { zh: '仅适用于登录用户', en: 'Only for logged-in users' });
    await changePassword(db, { ...auditContext(request), actor }, request.body.currentPassword, request.body.newPassword, request.sessionToken);
    return reply.status(204).send(null);
  });

  api.post('/api/register/enterprise', {
    schema: {
      tags: ['auth'], summary: '企业自主注册 Enterprise self-registration (pending until the regulator verifies it)',
      body: z.object({
        organisation: organisationFields,
        admin: z.object({ username: usernameField, password: passwordField, displayName: text(40).pipe(z.string().min(1)), phone: z.string().trim().max(20).optional() }).strict(),
      }).strict(),
      response: { 201: z.object({ organisationId: z.string(), status: z.string() }) },
    },
  }, async (request, reply) => {
    if (await overLimit(db, `register:${request.ip}`, ATTEMPTS, WINDOW_MS)) throw new AppError(429, 'TOO_MANY_ATTEMPTS', { zh: '提交过于频繁，请稍后再试', en: 'Too many submissions: try again later' });
    const result = await registerEnterprise(db, request.ip, request.body);
    return reply.status(201).send(result);
  });

  api.post('/api/register/resident', {
    schema: {
      tags: ['auth'], summary: '居民注册 Resident registration',
      body: z.object({ username: usernameField, password: passwordField, displayName: text(40).pipe(z.string().min(1)), regionCode: regionCodeField }).strict(),
      response: { 201: z.object({ userId: z.string() }) },
    },
  }, async (request, reply) => {
    if (await overLimit(db, `register:${request.ip}`, ATTEMPTS, WINDOW_MS)) throw new AppError(429, 'TOO_MANY_ATTEMPTS', { zh: '提交过于频繁，请稍后再试', en: 'Too many submissions: try again later' });
    return reply.status(201).send(await registerResident(db, request.ip, request.body));
  });
}
