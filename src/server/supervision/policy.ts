import { hasPermission, canOrganisation, type Actor, type OrganisationRef } from '../platform/policy';
import { licensedStreams, regulatedStreams } from '../../domain/streams';
import { regionWithin, isRegionCode } from '../../domain/region-code';
import { forbidden } from '../http/errors';

// Who sees the regulator's views, of which area, and which hazardous waste in it.

/** All hazardous waste, medical waste only (HW01, 841-…), or none of it. */
export type WasteScope = 'all' | 'medical' | 'none';

const isOfficial = (a: Actor) => a.role === 'office' || a.role === 'regulator';

/**
 * The licensed waste (hazardous, from the registry: streams whose receivers hold a licence) an
 * official supervises: all of it when the department regulates such a stream whole (a general
 * department too), the medical part when it regulates only a code prefix of it (the health commission,
 * 841-), else none. Read from the same definitions as the manifest lists, so the two agree.
 */
export function supervisedWaste(actor: Actor): WasteScope {
  if (actor.role === 'platform_admin' || actor.role === 'office') return 'all';
  if (actor.role !== 'regulator') return 'none';
  if (actor.domain === 'general') return 'all';
  const licensed = new Set(licensedStreams().map((d) => d.key));
  const entries = regulatedStreams(actor.domain).filter((r) => licensed.has(r.stream));
  if (entries.some((r) => !r.codePrefix)) return 'all';
  return entries.length ? 'medical' : 'none';
}

export interface SupervisionScope { regionCode: string; waste: Exclude<WasteScope, 'none'> }

/**
 * The area and waste a supervision view shows: the actor's own area, or a part of it the client
 * names (a town). Enterprises, and departments that regulate no hazardous waste, are refused.
 */
export function supervisionScope(actor: Actor, regionCode?: string): SupervisionScope {
  if (actor.role !== 'platform_admin' && !isOfficial(actor)) throw forbidden('监管视图仅供监管部门使用', 'The supervision views are for regulators');
  const waste = supervisedWaste(actor);
  if (waste === 'none') throw forbidden('贵部门不负责危险废物监管', 'Your department does not regulate hazardous waste');
  const region = regionCode ?? actor.regionCode;
  if (!isRegionCode(region) || (actor.role !== 'platform_admin' && !regionWithin(region, actor.regionCode))) {
    throw forbidden('只能查看本辖区', 'You can view your own area only');
  }
  return { regionCode: region, waste };
}

export interface HistoryAccess { waste: WasteScope; audit: boolean; own: boolean }

/**
 * 企业档案: the enterprise itself (not its drivers) sees all of its own record; officials of its area
 * see it with their department's waste; any other enterprise is refused. `null`: not found for
 * this actor (an official of another area is not told that the organisation exists).
 */
export function historyAccess(actor: Actor, org: OrganisationRef): HistoryAccess | null {
  if (actor.organisationId === org.id && (actor.role === 'enterprise_admin' || actor.role === 'enterprise_member')) {
    return { waste: 'all', audit: hasPermission(actor, 'audit.read'), own: true };
  }
  if (actor.role !== 'platform_admin' && !isOfficial(actor)) throw forbidden('只能查看本单位的档案', 'You can view your own organisation’s record only');
  if (!canOrganisation(actor, 'read', org)) return null;
  const waste = supervisedWaste(actor);
  // The audit trail names every kind of record; a department sees it where it sees all hazardous
  // waste, and then only the rows the audit log gives it (not, for ecology, a builder's loads).
  return { waste, audit: waste === 'all' && hasPermission(actor, 'audit.read'), own: false };
}
