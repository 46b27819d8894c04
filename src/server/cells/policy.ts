import type { Actor } from '../platform/policy';
import { regionLevelOf, regionWithin } from '../../domain/region-code';
import { CELL_KINDS, type CellKind } from '../../domain/cells';

// Who does what with zero-waste cells (one place, tested as a matrix in test/api/permissions-cells.test.ts):
// - applies for itself: a verified organisation of a kind the cell kind allows (a mall needs the mall
//   capability), by its own users: an enterprise's administrator or member, a government unit's office
//   or regulator account;
// - applies for a community, village, school or scenic area (onBehalf kinds): the county or town zero-waste
//   office, or the kind's own department, for a town of its area (the community's region code);
// - reviews, checks, puts on notice, answers objections, names, returns, refuses, revokes: the kind's
//   department of the county (DOMAINS: commerce, ecology, urban, agriculture, health), or the county's
//   office where no department fits; never for its own organisation's application;
// - reads: the office and the platform administrator every kind, a department the kinds it reviews (a
//   general department every kind), in its area; an applicant its own applications;
// - sets the checklists: the office, for its area.

export const isEnterpriseUser = (a: Actor) => (a.role === 'enterprise_admin' || a.role === 'enterprise_member') && a.organisationStatus === 'verified';
const isGovernmentUser = (a: Actor) => (a.role === 'office' || a.role === 'regulator') && a.organisationKind === 'government';

/** An organisation's own user who may apply for it (the kind's organisation kinds are checked by the service). */
export const mayApplyForOwn = (a: Actor) => a.via === 'session' && !!a.organisationId && (isEnterpriseUser(a) || isGovernmentUser(a));

/** An official who may apply on behalf of a community or village of the kind, in a town of its area. */
export function mayApplyOnBehalf(a: Actor, kind: CellKind, regionCode: string): boolean {
  if (a.via !== 'session' || !kind.applicants.onBehalf || !regionWithin(regionCode, a.regionCode)) return false;
  return a.role === 'office' || (a.role === 'regulator' && a.domain === kind.reviewer);
}

/** The county department (or office) that reviews and names the kind, in its county. */
export function isReviewer(a: Actor, kind: CellKind): boolean {
  if (a.via !== 'session' || regionLevelOf(a.regionCode) !== 'county') return false;
  return kind.reviewer === 'office' ? a.role === 'office' : a.role === 'regulator' && a.domain === kind.reviewer;
}

/** The kinds an official reads in its area; null: not an official reader (an applicant sees its own only). */
export function readableKinds(a: Actor): string[] | null {
  if (a.role === 'platform_admin' || a.role === 'office') return CELL_KINDS.map((k) => k.value);
  if (a.role === 'regulator') {
    if (a.domain === 'general') return CELL_KINDS.map((k) => k.value);
    const own = CELL_KINDS.filter((k) => k.reviewer === a.domain).map((k) => k.value);
    return own.length ? own : null;
  }
  return null;
}

/** The office sets checklists for its area (a county's or a city's). */
export const maySetChecklist = (a: Actor) => a.via === 'session' && a.role === 'office';
