import { and, eq, sql, desc, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { users, sessions } from './schema';
import { organisations } from '../organisations/schema';
import { hashPassword } from './passwords';
import { recordAudit, type AuditContext } from '../audit/service';
import { assignableRoles, canUser, userScope, type Actor } from '../policy';
import { forbidden, notFound, badRequest } from '../../http/errors';
import { containsPattern, type Page } from '../../http/pagination';
import { scopeCondition, assertUsernameFree, loadOrganisation, requireRegion } from '../organisations/service';
import type { Role } from '../../../domain/enums';

const USER = { zh: '用户', en: 'User' };

export interface UserFilter { q?: string; role?: Role; status?: 'active' | 'disabled'; organisationId?: string }

function conditions(actor: Actor, filter: UserFilter): SQL {
  // Machine accounts belong to their tokens (managed on the token page), not to the user list.
  const parts: SQL[] = [scopeCondition(userScope(actor), users.regionCode, users.organisationId), eq(users.kind, 'person')];
  if (filter.q) parts.push(sql`(${users.username} ILIKE ${containsPattern(filter.q)} OR ${users.displayName} ILIKE ${containsPattern(filter.q)})`);
  if (filter.role) parts.push(eq(users.role, filter.role));
  if (filter.status) parts.push(eq(users.status, filter.status));
  if (filter.organisationId) parts.push(eq(users.organisationId, filter.organisationId));
  return and(...parts)!;
}

const columns = {
  id: users.id, username: users.username, displayName: users.displayName, role: users.role, domain: users.domain, status: users.status,
  organisationId: users.organisationId, organisationName: organisations.name, regionCode: users.regionCode, lastLoginAt: users.lastLoginAt,
  lockedUntil: users.lockedUntil, createdAt: users.createdAt, organisationKind: organisations.kind,
};

export function listUsers(db: Db, actor: Actor, filter: UserFilter, offset: number, limit: number) {
  return db.select(columns).from(users).leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(conditions(actor, filter)).orderBy(desc(users.createdAt), users.id).limit(limit).offset(offset);
}

export async function pageUsers(db: Db, actor: Actor, filter: UserFilter, page: number, pageSize: number): Promise<Page<Omit<Awaited<ReturnType<typeof listUsers>>[number], 'organisationKind'> & { actions: { update: boolean; resetPassword: boolean } }>> {
  const [items, [{ total }]] = await Promise.all([
    listUsers(db, actor, filter, (page - 1) * pageSize, pageSize),
    db.select({ total: sql<number>`count(*)` }).from(users).where(conditions(actor, filter)),
  ]);
  // What the caller may do with each person, by the rule the writes below enforce (an office manages the
  // departments' accounts, not the companies'; nobody disables or re-roles themselves).
  return {
    items: items.map(({ organisationKind, ...u }) => {
      const manage = canUser(actor, 'manage', u, organisationKind ? { kind: organisationKind } : null) && u.id !== actor.userId;
      return { ...u, actions: { update: manage, resetPassword: manage } };
    }),
    total, page, pageSize,
  };
}

export interface NewUser { username: string; displayName: string; password: string; role: Role; organisationId?: string; phone?: string }

export async function createUser(db: Db, ctx: AuditContext & { actor: Actor }, input: NewUser) {
  const actor = ctx.actor;
  // Enterprise administrators add users to their own company only; whatever organisation they send is ignored.
  const organisationId = actor.role === 'platform_admin' || actor.role === 'office' ? input.organisationId ?? actor.organisationId : actor.organisationId;
  if (!organisationId) throw badRequest('ORGANISATION_REQUIRED', '请选择用户所属单位', 'Choose the user’s organisation', 'organisationId');
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const org = await loadOrganisation(tx, actor, organisationId);
    if (!assignableRoles(actor, org).includes(input.role)) {
      throw forbidden(`不能为该单位创建“${input.role}”角色的用户`, `You cannot give role ${input.role} to a user of this organisation`);
    }
    await assertUsernameFree(tx, input.username);
    const [user] = await tx.insert(users).values({
      username: input.username, passwordHash, displayName: input.displayName, phone: input.phone ?? null, role: input.role,
      organisationId: org.id, regionCode: org.regionCode, domain: org.kind === 'government' ? org.domain : null,
    }).returning(columnsWithoutJoin);
    await recordAudit(tx, ctx, { action: 'user.create', entityType: 'user', entityId: user.id, regionCode: user.regionCode, organisationId: org.id, after: user });
    return user;
  });
}

const columnsWithoutJoin = { id: users.id, username: users.username, displayName: users.displayName, role: users.role, domain: users.domain, status: users.status, organisationId: users.organisationId, regionCode: users.regionCode };

async function loadManagedUser(tx: Db | Parameters<Parameters<Db['transaction']>[0]>[0], actor: Actor, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound(USER);
  const [row] = await tx.select({ user: users, orgKind: organisations.kind }).from(users).leftJoin(organisations, eq(organisations.id, users.organisationId)).where(eq(users.id, id)).for('update', { of: users });
  if (!row || !canUser(actor, 'read', row.user, row.orgKind ? { kind: row.orgKind } : null)) throw notFound(USER);
  if (!canUser(actor, 'manage', row.user, row.orgKind ? { kind: row.orgKind } : null)) throw forbidden();
  return row;
}

export async function updateUser(db: Db, ctx: AuditContext & { actor: Actor }, id: string, patch: { displayName?: string; role?: Role; status?: 'active' | 'disabled' }) {
  return db.transaction(async (tx) => {
    const { user: before, orgKind } = await loadManagedUser(tx, ctx.actor, id);
    if (patch.role && patch.role !== before.role && !assignableRoles(ctx.actor, orgKind ? { kind: orgKind } : undefined).includes(patch.role)) {
      throw forbidden('不能授予该角色', 'You cannot give this role');
    }
    if (id === ctx.actor.userId && (patch.status === 'disabled' || (patch.role && patch.role !== before.role))) {
      throw badRequest('SELF_CHANGE', '不能停用自己或更改自己的角色', 'You cannot disable yourself or change your own role', patch.status ? 'status' : 'role');
    }
    const [after] = await tx.update(users).set({ ...patch, ...(patch.status === 'active' ? { failedLogins: 0, lockedUntil: null } : {}) }).where(eq(users.id, id)).returning(columnsWithoutJoin);
    if (patch.status === 'disabled' || patch.role) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, ctx, { action: 'user.update', entityType: 'user', entityId: id, regionCode: before.regionCode, organisationId: before.organisationId, before, after });
    return after;
  });
}

export async function resetPassword(db: Db, ctx: AuditContext & { actor: Actor }, id: string, password: string) {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const { user } = await loadManagedUser(tx, ctx.actor, id);
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null }).where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, ctx, { action: 'user.reset_password', entityType: 'user', entityId: id, regionCode: user.regionCode, organisationId: user.organisationId });
  });
}

export async function registerResident(db: Db, ip: string, input: { username: string; password: string; displayName: string; regionCode: string }) {
  await requireRegion(db, input.regionCode, 'regionCode', ['county', 'town']);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await assertUsernameFree(tx, input.username);
    const [user] = await tx.insert(users).values({ username: input.username, passwordHash, displayName: input.displayName, role: 'resident', regionCode: input.regionCode }).returning(columnsWithoutJoin);
    await recordAudit(tx, { actor: null, actorLabel: `registration:${input.username}`, ip }, { action: 'user.create', entityType: 'user', entityId: user.id, regionCode: user.regionCode, after: user });
    return { userId: user.id };
  });
}

