import type { Db } from '../db/database';
import { departmentOverview, type PlanRow } from '../indicators/department-overview';
import type { Actor } from '../platform/policy';

// 再生资源 at a glance (issue 17): the rows of the area's plan the commerce bureau answers for (再生资源
//回收量增长率, 医疗卫生机构可回收物回收率, 无废商场 …), and those the recycling network's ledgers feed
// (生活垃圾回收利用率 counts what residents sell to it), computed for the area and year.

/** Formulas that read the recycling network's ledgers. */
const FROM_RECYCLING = new Set(['recyclables_growth_rate', 'medical_recyclables_rate', 'household_recovery_rate', 'household_resource_rate']);

/** The bureau's rows: led or shared by a commerce department (商务局, 商务投资促进局), or computed from the recycling ledgers. */
export const isRecycling = (row: PlanRow) => /商务|再生资源/.test(`${row.lead} ${row.responsible}`) || (!!row.formula && FROM_RECYCLING.has(row.formula));

/** Whether a row is computed from the recycling ledgers (the 大屏 shows those). */
export const fromRecyclingLedgers = (row: Pick<PlanRow, 'formula'>) => !!row.formula && FROM_RECYCLING.has(row.formula);

export const recyclingOverview = (db: Db, actor: Actor, input: { regionCode?: string; year?: number }) =>
  departmentOverview(db, actor, { domain: 'commerce', label: { zh: '再生资源指标', en: 'Renewable-resource indicators' }, isMine: isRecycling }, input);
