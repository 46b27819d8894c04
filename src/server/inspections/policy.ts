import type { Actor } from '../platform/policy';
import { regionWithin } from '../../domain/region-code';

// Who does what in 双随机、一公开 and enforcement cases: the ecology bureau keeps the lists, draws,
// records the checks and runs the cases of its area; the zero-waste office, general departments and
// the administrator read; a company reads its own checks and cases; no one else. Police have no login:
// their answers are entered by the bureau.

export const isEcology = (a: Actor) => a.role === 'regulator' && a.domain === 'ecology';
const isReaderOfficial = (a: Actor) => a.role === 'platform_admin' || a.role === 'office' || (a.role === 'regulator' && (a.domain === 'ecology' || a.domain === 'general'));
const isCompany = (a: Actor) => (a.role === 'enterprise_admin' || a.role === 'enterprise_member') && a.organisationKind === 'enterprise' && a.organisationStatus === 'verified' && !!a.organisationId;

/** The bureau's own work: an ecology official of a department, logged in. */
export const mayManage = (a: Actor) => isEcology(a) && !!a.organisationId && a.via === 'session';
/** Reads the area's lists, draws, checks and cases. */
export const mayReadArea = (a: Actor) => isReaderOfficial(a);
/** Reads its own checks and cases. */
export const mayReadOwn = (a: Actor) => isCompany(a);
export const mayRead = (a: Actor) => mayReadArea(a) || mayReadOwn(a);

/** A record of a region and a party, as the actor may see it. */
export function canSee(a: Actor, record: { regionCode: string; organisationId: string | null }) {
  if (a.role === 'platform_admin') return true;
  if (mayReadArea(a)) return regionWithin(record.regionCode, a.regionCode);
  return mayReadOwn(a) && record.organisationId === a.organisationId;
}
