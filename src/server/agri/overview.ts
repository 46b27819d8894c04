import type { Db } from '../db/database';
import { formulaByKey } from '../indicators/formulas';
import { departmentOverview, type PlanRow } from '../indicators/department-overview';
import type { Actor } from '../platform/policy';

// 农业固体废物 at a glance (issue 16): the rows of the area's plan the agriculture bureau answers for,
// computed for the area and year; a town's agricultural station sees its town against the county's plan.

/** Whether a row's value is computed from the farm records (its formula lists them for agriculture). */
export function fromFarmRecords(row: Pick<PlanRow, 'formula'>) {
  const formula = row.formula ? formulaByKey(row.formula) : null;
  return !!formula?.recordsFor?.includes('agriculture');
}

/** The bureau's rows: led or shared by an agriculture department (农业农村局, 农业服务中心), or computed from the farm records. */
export const isAgricultural = (row: PlanRow) => /农业/.test(`${row.lead} ${row.responsible}`) || fromFarmRecords(row);

export const agriOverview = (db: Db, actor: Actor, input: { regionCode?: string; year?: number }) =>
  departmentOverview(db, actor, { domain: 'agriculture', label: { zh: '农业固体废物指标', en: 'Agricultural indicators' }, isMine: isAgricultural }, input);
