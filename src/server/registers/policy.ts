import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';

// Who may read and record the registers (名录). Every official of the area reads them (they are the
// area's, like the organisation register); a company reads its own credentials and checks. Who
// records what follows who issues it:
// - 清洁生产审核, 无废工厂, 环境污染责任保险: the ecology bureau (生态环境分局) of the area;
// - 绿色工厂: the industry bureau (工信局), which has no department domain of its own on the platform, so
//   the zero-waste office or a general department records it for it (the ecology bureau may too);
// - the office, which keeps the plan, may record any credential and keeps the parks and the cells;
// - 危险废物规范化环境管理抽查: the ecology bureau, whose inspectors check (not the office).

export type RegisterKind = 'credential' | 'park' | 'cell' | 'check';
export type RegisterAction = 'read' | 'record' | 'end' | 'update';

const isAdmin = (a: Actor) => a.role === 'platform_admin';
const official = (a: Actor) => a.role === 'office' || a.role === 'regulator';
const ecology = (a: Actor) => a.role === 'regulator' && (a.domain === 'ecology' || a.domain === 'general');
const inArea = (a: Actor, regionCode: string) => isAdmin(a) || regionWithin(regionCode, a.regionCode);
const companyUser = (a: Actor) => a.organisationKind === 'enterprise' && a.organisationStatus === 'verified' && (a.role === 'enterprise_admin' || a.role === 'enterprise_member');

/** Who records credentials (in its area): the same departments for every kind, as above. */
const recordsCredential = (a: Actor) => isAdmin(a) || a.role === 'office' || ecology(a);
const keepsParks = (a: Actor) => isAdmin(a) || a.role === 'office' || ecology(a);
const keepsCells = (a: Actor) => isAdmin(a) || a.role === 'office';
const checks = (a: Actor) => isAdmin(a) || ecology(a);

/** Whether the actor reads any of this register (the console's menu, and a 403 before a list that would be empty by rule). */
export function readsRegister(a: Actor, register: RegisterKind): boolean {
  if (isAdmin(a) || official(a)) return true;
  return (register === 'credential' || register === 'check') && companyUser(a);
}

/** Whether the actor may record a new entry of the register somewhere (the console's create buttons). */
export function recordsRegister(a: Actor, register: RegisterKind): boolean {
  switch (register) {
    case 'credential': return recordsCredential(a);
    case 'park': return keepsParks(a);
    case 'cell': return keepsCells(a);
    case 'check': return checks(a);
  }
}

interface Entry { regionCode: string; organisationId?: string | null }

/** Access to one entry of a register: reading it, and recording, ending or updating it in its area. */
export function canRegister(a: Actor, action: RegisterAction, register: RegisterKind, entry: Entry): boolean {
  if (action === 'read') {
    if (isAdmin(a) || (official(a) && inArea(a, entry.regionCode))) return true;
    return readsRegister(a, register) && !official(a) && !!entry.organisationId && entry.organisationId === a.organisationId;
  }
  if (!inArea(a, entry.regionCode)) return false;
  switch (register) {
    case 'credential': return recordsCredential(a);
    case 'park': return keepsParks(a);
    case 'cell': return keepsCells(a);
    case 'check': return checks(a) && action === 'record';
  }
}

/** The rows of a register the actor reads, as SQL on the table's alias (`region_code`, `organisation_id`). */
export function visibleSql(a: Actor, register: RegisterKind, alias: string): SQL {
  const t = sql.raw(alias);
  if (isAdmin(a)) return sql`true`;
  if (official(a)) return sql`${t}.region_code LIKE ${`${regionScopePrefix(a.regionCode)}%`}`;
  if (readsRegister(a, register) && a.organisationId) return sql`${t}.organisation_id = ${a.organisationId}::uuid`;
  return sql`false`;
}
