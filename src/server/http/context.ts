import type { FastifyRequest } from 'fastify';
import { unauthenticated, forbidden } from './errors';
import { hasPermission, tokenAllows, type Actor, type Permission } from '../platform/policy';
import type { AuditContext } from '../platform/audit/service';
import type { TokenScope } from '../../domain/enums';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
    csrfToken: string | null;
  }
}

/** Whoever called, a person or a machine token with any scope: for routes that check the caller themselves (a token's own upload, whoami). */
export function requireCaller(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

/**
 * A logged-in person. A machine token is refused here: a route a token may read names the scope
 * that grants it (requireScope, requirePermission), so a new route is closed to tokens until it does.
 */
export function requireActor(request: FastifyRequest): Actor {
  return requireScope(request);
}

/** The actor, who must hold the permission (and, for a machine token, one of the scopes). */
export function requirePermission(request: FastifyRequest, permission: Permission, scope?: TokenScope | TokenScope[]): Actor {
  const actor = requireCaller(request);
  const scopes = scope === undefined ? [] : Array.isArray(scope) ? scope : [scope];
  if (actor.via === 'token' && !scopes.some((s) => tokenAllows(actor, s))) throw forbidden('该接口令牌无此权限范围', 'This API token lacks the scope for this call');
  if (!hasPermission(actor, permission)) throw forbidden();
  return actor;
}

/** The actor; a machine token must hold the scope for the call (a session is not limited by scopes). */
export function requireScope(request: FastifyRequest, ...scopes: TokenScope[]): Actor {
  const actor = requireCaller(request);
  if (actor.via === 'token' && !scopes.some((scope) => tokenAllows(actor, scope))) throw forbidden('该接口令牌无此权限范围', 'This API token lacks the scope for this call');
  return actor;
}

/** A logged-in person: alarm handling and other work of people is never done by a machine token. */
export function requireSession(request: FastifyRequest): Actor {
  const actor = requireCaller(request);
  if (actor.via !== 'session') throw forbidden('此操作须由用户登录后完成', 'This needs a logged-in user, not an API token');
  return actor;
}

/** Sessions only: user administration is never done by a machine token. */
export function requireSessionPermission(request: FastifyRequest, permission: Permission): Actor {
  const actor = requireCaller(request);
  if (actor.via !== 'session') throw forbidden('此操作须由用户登录后完成', 'This needs a logged-in user, not an API token');
  if (!hasPermission(actor, permission)) throw forbidden();
  return actor;
}

/** An official (a government department or the platform administrator) holding the permission. */
export function requireOfficial(request: FastifyRequest, permission: Permission): Actor {
  const actor = requirePermission(request, permission);
  if (actor.organisationKind !== 'government' && actor.role !== 'platform_admin') throw forbidden();
  return actor;
}

export const auditContext = (request: FastifyRequest): AuditContext => ({ actor: request.actor, ip: request.ip });

/**
 * Fastify's trustProxy from WUFEI_TRUST_PROXY: which peers' X-Forwarded-For is believed. `1` (or
 * `loopback`) a proxy on this machine; otherwise a comma-separated list of addresses or CIDRs. Any
 * other peer is taken at its own address, whatever it writes in the header. Unset: nobody's.
 */
export function trustedProxies(value: string | undefined): string | false {
  const setting = value?.trim() ?? '';
  if (setting === '' || setting === '0') return false;
  if (setting === '1' || setting === 'true') return 'loopback';
  return setting.split(',').map((part) => part.trim()).filter(Boolean).join(',');
}
