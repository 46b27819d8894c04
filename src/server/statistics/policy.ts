import { sql, type SQL } from 'drizzle-orm';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import type { Actor } from '../platform/policy';

// Who reads and who enters 统计数据. Every official of an area reads its figures (a department
// computes its indicators from them); the statistics bureau (a department of domain 'statistics')
// and the zero-waste office enter them for their own area; the platform administrator anywhere.
// Companies, residents and machine tokens do neither.

export type StatisticAction = 'read' | 'enter';

const isAdmin = (a: Actor) => a.role === 'platform_admin';
const isOfficial = (a: Actor) => (a.role === 'office' || a.role === 'regulator') && a.organisationKind === 'government' && a.via === 'session';
/** Whether the actor enters figures at all (somewhere in its area). */
export const entersStatistics = (a: Actor) => isAdmin(a) || (isOfficial(a) && (a.role === 'office' || a.domain === 'statistics'));
/** Whether the actor reads figures at all. */
export const readsStatistics = (a: Actor) => isAdmin(a) || isOfficial(a);

export function canStatistic(a: Actor, action: StatisticAction, regionCode: string): boolean {
  if (isAdmin(a)) return true;
  if (!regionWithin(regionCode, a.regionCode)) return false;
  return action === 'read' ? readsStatistics(a) : entersStatistics(a);
}

/** The SQL twin of canStatistic(actor, 'read', row.region_code), on the statistical_inputs table aliased `alias`. */
export function visibleFiguresSql(a: Actor, alias = 'statistical_inputs'): SQL {
  if (isAdmin(a)) return sql`true`;
  if (!readsStatistics(a)) return sql`false`;
  return sql`${sql.identifier(alias)}.region_code LIKE ${`${regionScopePrefix(a.regionCode)}%`}`;
}
