import { canOrganisation, type Actor, type OrganisationRef } from '../policy';

export type LicenceAction = 'add' | 'correct' | 'end';

/**
 * 经营许可证. The holder keeps its own records (its administrator, once verified) as the platform
 * administrator may: add, correct, end. The authority over the company's area — the ecology-environment
 * regulator, which issues the licences, or the zero-waste office — may end one (注销、吊销) but never
 * write one in the company's name.
 */
export function canLicence(a: Actor, action: LicenceAction, org: OrganisationRef): boolean {
  if (canOrganisation(a, 'manage', org)) return true;
  const authority = a.role === 'office' || (a.role === 'regulator' && a.domain === 'ecology');
  return action === 'end' && authority && canOrganisation(a, 'verify', org);
}
