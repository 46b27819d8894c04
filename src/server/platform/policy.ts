import { regionWithin } from '../../domain/region-code';
import { STREAM_DEFINITIONS, REGISTER_AREAS, regulatedStreams } from '../../domain/streams';
import type { Role, Domain, OrgStatus, OrgKind, TokenScope } from '../../domain/enums';

// The one place that decides access. Routes ask `can…(actor, action, record)`; nothing checks a role
// inline. Every decision depends only on the actor as loaded on the server (role, region,
// organisation), never on anything the client sent.

export interface Actor {
  via: 'session' | 'token';
  userId: string | null;
  tokenId: string | null;
  username: string;
  role: Role;
  organisationId: string | null;
  organisationKind: OrgKind | null;
  organisationStatus: OrgStatus | null;
  /** The root of what the actor may see: a department's region, a company's region. */
  regionCode: string;
  domain: Domain | null;
  scopes: TokenScope[];
}

export type Permission =
  | 'regions.read' | 'regions.import'
  | 'organisations.read' | 'organisations.create' | 'organisations.verify'
  | 'users.read' | 'users.manage'
  | 'tokens.manage'
  | 'catalogues.read' | 'catalogues.import'
  | 'audit.read'
  | 'organisation.own'
  | 'ledger.write' | 'manifests.read';

const isAdmin = (a: Actor) => a.role === 'platform_admin';
const isOfficial = (a: Actor) => a.role === 'office' || a.role === 'regulator';
const isEnterprise = (a: Actor) => a.role === 'enterprise_admin' || a.role === 'enterprise_member' || a.role === 'driver';
const verifiedEnterprise = (a: Actor) => isEnterprise(a) && a.organisationStatus === 'verified';
const withinScope = (a: Actor, regionCode: string) => isAdmin(a) || regionWithin(regionCode, a.regionCode);

/** What the console's menu and buttons are built from. */
export function permissionsOf(a: Actor): Permission[] {
  const p: Permission[] = ['regions.read', 'catalogues.read'];
  if (isAdmin(a)) p.push('regions.import', 'catalogues.import');
  if (isAdmin(a) || isOfficial(a)) p.push('organisations.read', 'organisations.verify', 'users.read', 'audit.read');
  if (isAdmin(a) || a.role === 'office') p.push('organisations.create', 'users.manage', 'tokens.manage');
  if (isEnterprise(a)) p.push('organisation.own');
  if (a.role === 'enterprise_admin' && verifiedEnterprise(a)) p.push('users.read', 'users.manage', 'tokens.manage', 'audit.read');
  if (isAdmin(a) || isOfficial(a) || verifiedEnterprise(a)) p.push('manifests.read');
  if (verifiedEnterprise(a) && a.role !== 'driver') p.push('ledger.write');
  return p;
}

export const hasPermission = (a: Actor, permission: Permission) => permissionsOf(a).includes(permission);

/** The zero-waste office of the region (or the administrator): imports the area's plans, tasks and projects. */
export const isOfficeOf = (a: Actor, regionCode: string) => isAdmin(a) || (a.role === 'office' && regionWithin(regionCode, a.regionCode));
/** Checks the audit chain: the administrator and the offices. */
export const verifiesAudit = (a: Actor) => isAdmin(a) || a.role === 'office';

export interface OrganisationRef { id: string; regionCode: string; kind: OrgKind; status: OrgStatus }
export type OrganisationAction = 'read' | 'update' | 'verify' | 'manage' | 'resubmit';

export function canOrganisation(a: Actor, action: OrganisationAction, org: OrganisationRef): boolean {
  const own = a.organisationId === org.id;
  switch (action) {
    case 'read':
      return own || ((isAdmin(a) || isOfficial(a)) && withinScope(a, org.regionCode));
    case 'update':
      // Officials of the office correct records in their area; a company keeps its own contact data.
      return (own && a.role === 'enterprise_admin' && org.status === 'verified')
        || ((isAdmin(a) || a.role === 'office') && withinScope(a, org.regionCode));
    case 'verify':
      // 审核: the regulator or office of the enterprise's region, never the enterprise itself.
      // An already verified company is the service's 409, not a 403: the reviewer may act on it.
      return org.kind === 'enterprise' && !own && (isAdmin(a) || isOfficial(a)) && withinScope(a, org.regionCode);
    case 'resubmit':
      return own && a.role === 'enterprise_admin' && org.status !== 'verified';
    case 'manage':
      // Licences, vehicles, drivers: kept by the company itself once verified, or by an administrator.
      return (own && a.role === 'enterprise_admin' && org.status === 'verified') || isAdmin(a);
  }
}

/** The roles an actor may give to users of the given organisation. */
export function assignableRoles(a: Actor, target?: { kind: OrgKind }): Role[] {
  if (isAdmin(a)) return target?.kind === 'enterprise' ? ['enterprise_admin', 'enterprise_member', 'driver'] : target?.kind === 'government' ? ['platform_admin', 'office', 'regulator'] : ['platform_admin', 'office', 'regulator', 'enterprise_admin', 'enterprise_member', 'driver'];
  if (a.role === 'office') return target?.kind === 'enterprise' ? [] : ['office', 'regulator'];
  if (a.role === 'enterprise_admin' && verifiedEnterprise(a)) return ['enterprise_admin', 'enterprise_member', 'driver'];
  return [];
}

export interface UserRef { id: string; organisationId: string | null; regionCode: string; role: Role }

export function canUser(a: Actor, action: 'read' | 'manage', user: UserRef, userOrg: { kind: OrgKind } | null): boolean {
  if (isAdmin(a)) return true;
  if (a.userId === user.id) return action === 'read';
  const ownOrg = user.organisationId !== null && user.organisationId === a.organisationId;
  if (a.role === 'enterprise_admin' && verifiedEnterprise(a)) return ownOrg;
  if (a.role === 'office') {
    if (!withinScope(a, user.regionCode)) return false;
    return action === 'read' || (userOrg?.kind === 'government' && user.role !== 'platform_admin');
  }
  if (a.role === 'regulator') return action === 'read' && withinScope(a, user.regionCode);
  return false;
}

/** The filter every list query applies: a region subtree, one organisation, or nothing for the admin. */
export type Scope = { all: true } | { regionCode: string } | { organisationId: string } | { none: true };

export function organisationScope(a: Actor): Scope {
  if (isAdmin(a)) return { all: true };
  if (isOfficial(a)) return { regionCode: a.regionCode };
  if (a.organisationId) return { organisationId: a.organisationId };
  return { none: true };
}

export function userScope(a: Actor): Scope {
  if (isAdmin(a)) return { all: true };
  if (isOfficial(a)) return { regionCode: a.regionCode };
  if (a.role === 'enterprise_admin' && verifiedEnterprise(a) && a.organisationId) return { organisationId: a.organisationId };
  return { none: true };
}

/**
 * The waste an official regulates, as data: the platform admin, the office and a general department
 * everything ('all'); a department the streams (and, for the health commission, the codes) that
 * regulatedBy() in domain/streams gives it; anyone else nothing. A unit test holds the two
 * together, so the SQL built from this (platform/scope-sql.ts) agrees with canSeeManifest.
 */
export type RegulatedWaste = 'all' | { stream: string; codePrefix?: string; categoryPrefix: string }[];

export function regulatedWaste(a: Actor): RegulatedWaste {
  if (isAdmin(a) || a.role === 'office' || (a.role === 'regulator' && a.domain === 'general')) return 'all';
  if (a.role !== 'regulator') return [];
  return regulatedStreams(a.domain);
}

/** Whether regulated waste covers a record of this stream and code (the JS twin of regulatedSql). */
export const regulates = (waste: RegulatedWaste, stream: string, code: string) =>
  waste === 'all' || waste.some((w) => w.stream === stream && (!w.codePrefix || code.startsWith(w.codePrefix)));

/**
 * Whether the actor may see a record of this stream and code as far as its department goes: an
 * official only the waste it regulates; anyone else is not limited here (a company's lists are its
 * own organisation's already).
 */
export const seesWaste = (a: Actor, stream: string, code: string) => !(a.role === 'office' || a.role === 'regulator') || regulates(regulatedWaste(a), stream, code);

/** An official who regulates the whole of a stream, every code of it (not the health commission for hazardous waste). */
export const regulatesStream = (a: Actor, stream: string) => regulates(regulatedWaste(a), stream, '');

/**
 * Audit rows of records that belong to one stream, by the record's entity type. Rows of manifests,
 * batches, ledger movements, declarations, rounds, alarms and exchange records are placed by the
 * record itself (its stream and waste code), in SQL: see audit/scope.ts.
 */
export const AUDIT_STREAM_ENTITIES: Record<string, string[]> = Object.fromEntries([...STREAM_DEFINITIONS, ...REGISTER_AREAS].map((d) => [d.key, d.auditEntities]));

/**
 * Audit rows every official of the area reads whatever the department: the registers everyone of
 * the area consults (organisations, users, their licences, vehicles and drivers, tokens, webhooks),
 * the area's settings, its plan, indicators, tasks and projects, its statistical figures (统计数据) and
 * the registers the indicators count.
 */
export const AUDIT_SHARED_ENTITIES = ['organisation', 'user', 'licence', 'vehicle', 'driver', 'api_token', 'webhook', 'setting',
  'indicator_plan', 'indicator_value', 'task', 'tasks', 'task_notice', 'project', 'projects', 'statistical_input',
  // The registers (名录) the indicators count: credentials, parks, zero-waste cells, compliance checks.
  'organisation_credential', 'industrial_park', 'zero_waste_cell', 'compliance_check'];

/**
 * Whose audit rows an actor reads: the platform admin all; the office and a general department all
 * of their region; a department the rows of its region about the shared registers and plans and
 * about records of the waste it regulates (`waste`); a verified company's administrator its own.
 */
export type AuditScope = Scope | { regionCode: string; waste: Exclude<RegulatedWaste, 'all'> };

export function auditScope(a: Actor): AuditScope {
  if (isAdmin(a)) return { all: true };
  if (a.role === 'office' || a.role === 'regulator') {
    const waste = regulatedWaste(a);
    return waste === 'all' ? { regionCode: a.regionCode } : { regionCode: a.regionCode, waste };
  }
  if (a.role === 'enterprise_admin' && verifiedEnterprise(a) && a.organisationId) return { organisationId: a.organisationId };
  return { none: true };
}

export function canManageTokens(a: Actor, organisationId: string): boolean {
  return hasPermission(a, 'tokens.manage') && (isAdmin(a) || a.organisationId === organisationId);
}

/** Machine tokens act only within their scopes; sessions are not limited by scope. */
/**
 * Plans, tasks and projects of an area: the officials of that area, of an area above it, or of one
 * inside it (a county's office sees the city's plan it works under); the platform admin sees all.
 */
export const seesArea = (a: Actor, regionCode: string) => isAdmin(a) || ((a.role === 'office' || a.role === 'regulator') && (regionWithin(regionCode, a.regionCode) || regionWithin(a.regionCode, regionCode)));

/** The zero-waste office of a government (or the platform administrator), in person: it keeps its region's tables (routing, calendar). */
export const keepsRegionTables = (a: Actor) => a.via === 'session' && (a.role === 'platform_admin' || (a.role === 'office' && a.organisationKind === 'government'));
export const tokenAllows = (a: Actor, scope: TokenScope) => a.via === 'session' || a.scopes.includes(scope);
