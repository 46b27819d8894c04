import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { auditLog } from './schema';
import { users } from '../accounts/schema';
import type { Actor } from '../policy';
import { auditScopeSql } from './scope';

// Reading the audit log (审计日志) within the actor's scope, newest first.

export interface AuditFilter { entityType?: string; entityId?: string; action?: string; actor?: string; from?: Date; to?: Date }

function conditions(actor: Actor, f: AuditFilter): SQL {
  const parts: SQL[] = [auditScopeSql(actor)];
  if (f.entityType) parts.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) parts.push(eq(auditLog.entityId, f.entityId));
  if (f.action) parts.push(eq(auditLog.action, f.action));
  if (f.actor) parts.push(sql`${auditLog.actorUserId} IN (SELECT ${users.id} FROM ${users} WHERE lower(${users.username}) = lower(${f.actor}))`);
  if (f.from) parts.push(gte(auditLog.at, f.from));
  if (f.to) parts.push(lt(auditLog.at, f.to));
  return and(...parts)!;
}

const columns = { id: auditLog.id, at: auditLog.at, actorLabel: auditLog.actorLabel, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId, regionCode: auditLog.regionCode, before: auditLog.before, after: auditLog.after, ip: auditLog.ip };

/** Rows from `offset`, for a page or an export's chunk. */
export const auditRows = (db: Db, actor: Actor, f: AuditFilter, offset: number, limit: number) =>
  db.select(columns).from(auditLog).where(conditions(actor, f)).orderBy(desc(auditLog.id)).limit(limit).offset(offset);

export async function auditPage(db: Db, actor: Actor, f: AuditFilter, page: number, pageSize: number) {
  const [items, [{ total }]] = await Promise.all([
    auditRows(db, actor, f, (page - 1) * pageSize, pageSize),
    db.select({ total: sql<number>`count(*)` }).from(auditLog).where(conditions(actor, f)),
  ]);
  return { items, total, page, pageSize };
}
