import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { auditLog } from './schema';
import { users } from '../accounts/schema';
import type { Actor } from '../policy';
import { auditScopeSql } from './scope';
import { auditChanges, auditSummary } from '../../../domain/audit-words';

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

/** The row's entity id as a uuid, only for rows of that type (the CASE keeps the cast off other rows' ids). */
const idOf = (entityType: string) => sql`(CASE WHEN audit_log.entity_type = ${entityType} THEN audit_log.entity_id END)::uuid`;

// Names instead of ids, looked up per row of the page (a page is at most 100 rows, each lookup by primary key):
// the actor's name and organisation, and the record's number or name (a manifest's number, an organisation's
// or user's name; otherwise what the row itself says the record is called).
const columns = {
  id: auditLog.id, at: auditLog.at, actorLabel: auditLog.actorLabel, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId,
  regionCode: auditLog.regionCode, before: auditLog.before, after: auditLog.after, ip: auditLog.ip,
  actorName: sql<string | null>`(SELECT u.display_name FROM users u WHERE u.id = audit_log.actor_user_id)`,
  actorOrganisation: sql<string | null>`(SELECT o.name FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = audit_log.actor_user_id)`,
  targetName: sql<string | null>`(CASE audit_log.entity_type
    WHEN 'manifest' THEN (SELECT m.number FROM manifests m WHERE m.id = ${idOf('manifest')})
    WHEN 'organisation' THEN (SELECT o.name FROM organisations o WHERE o.id = ${idOf('organisation')})
    WHEN 'household_place' THEN (SELECT p.name FROM household_places p WHERE p.id = ${idOf('household_place')})
    WHEN 'user' THEN (SELECT u.display_name || '（' || u.username || '）' FROM users u WHERE u.id = ${idOf('user')})
    ELSE left(coalesce(audit_log.after->>'number', audit_log.after->>'name', audit_log.after->>'title', audit_log.after->>'plate',
      audit_log.before->>'number', audit_log.before->>'name', audit_log.before->>'title'), 60) END)`,
};

/** Rows from `offset`, for a page or an export's chunk. */
export function auditRows(db: Db, actor: Actor, f: AuditFilter, offset: number, limit: number) {
  // The page's rows are chosen first and their names looked up for them alone: in one query the rows an
  // OFFSET skips would have theirs looked up too, and an export reads tens of thousands of rows in chunks.
  const chosen = db.select().from(auditLog).where(conditions(actor, f)).orderBy(desc(auditLog.id)).limit(limit).offset(offset).as('audit_log');
  return db.select(columns).from(chosen).orderBy(desc(auditLog.id));
}

export type AuditListRow = Awaited<ReturnType<typeof auditRows>>[number];

/** Who did it, in words: the person's name, else what the row was written as (系统 for the server's own work). */
export const actorText = (row: Pick<AuditListRow, 'actorName' | 'actorLabel'>) =>
  row.actorName ? { zh: row.actorName, en: row.actorName } : row.actorLabel === 'system' ? { zh: '系统', en: 'The system' } : { zh: row.actorLabel, en: row.actorLabel };

/** A row as the list answers it: the raw record, and the same in words (the sentence and the field-level differences). */
export function presentAuditRow(row: AuditListRow) {
  return { ...row, summary: auditSummary({ ...row, actorName: actorText(row) }), changes: auditChanges(row.before, row.after) };
}

export async function auditPage(db: Db, actor: Actor, f: AuditFilter, page: number, pageSize: number) {
  const [items, [{ total }]] = await Promise.all([
    auditRows(db, actor, f, (page - 1) * pageSize, pageSize),
    db.select({ total: sql<number>`count(*)` }).from(auditLog).where(conditions(actor, f)),
  ]);
  return { items: items.map(presentAuditRow), total, page, pageSize };
}
