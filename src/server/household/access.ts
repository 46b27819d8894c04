import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../platform/policy';
import { keepsRecordsOf } from '../../domain/streams';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { forbidden } from '../http/errors';

// Who keeps and reads the household register (ADR 0006): the departments that regulate household
// waste (urban management, housing: REGISTER_AREAS), a general department and the zero-waste office
// of the area, and the platform administrator. A facility's operator reads its own facility and its
// tickets; companies and residents see nothing else of the register.

export const keepsHousehold = (a: Actor) => keepsRecordsOf(a, 'household');

export const inArea = (a: Actor, regionCode: string) => a.role === 'platform_admin' || regionWithin(regionCode, a.regionCode);

export function requireKeeper(a: Actor) {
  if (!keepsHousehold(a)) throw forbidden('生活垃圾名录由城市管理、住房城乡建设部门维护', 'The household-waste register is kept by urban management and housing');
  return a;
}

/** Rows of the keeper's area, by a region column. */
export const areaSql = (a: Actor, column: SQL): SQL =>
  a.role === 'platform_admin' ? sql`true` : sql`${column} LIKE ${`${regionScopePrefix(a.regionCode)}%`}`;

/** Narrowing to a part of the area asked for (a town, a county); outside the area it matches nothing, as a record out of scope does. */
export const narrowSql = (a: Actor, column: SQL, regionCode?: string): SQL | undefined => {
  if (!regionCode) return undefined;
  if (!inArea(a, regionCode)) return sql`false`;
  return sql`${column} LIKE ${`${regionScopePrefix(regionCode)}%`}`;
};
