import type { Db } from '../db/database';
import type { indicators } from '../indicators/schema';
import { coveringPlan, planStatus, type IndicatorStatusRow } from '../indicators/service';
import { formulaByKey } from '../indicators/formulas';
import { forbidden, notFound } from '../http/errors';
import type { Actor } from '../platform/policy';
import { regionWithin } from '../../domain/region-code';

// 农业固体废物 at a glance (issue 16): the rows of the area's indicator plan that the agriculture
// bureau answers for (those it leads, and those computed from the farm records), with their values
// for the area and year, computed as the plan page computes them. A town's agricultural station sees
// its town's figures against the county's plan.

const isAdmin = (actor: Actor) => actor.role === 'platform_admin';
const OVERVIEW = { zh: '农业固体废物指标', en: 'Agricultural indicators' };

/** Whether a row's value is computed from the farm records (its formula lists them for agriculture). */
export function fromFarmRecords(row: Pick<typeof indicators.$inferSelect, 'formula'>) {
  const formula = row.formula ? formulaByKey(row.formula) : null;
  return !!formula?.recordsFor?.includes('agriculture');
}

/** The bureau's rows: led or shared by an agriculture department (农业农村局, 农业服务中心), or computed from the farm records. */
export const isAgricultural = (row: Pick<typeof indicators.$inferSelect, 'lead' | 'responsible' | 'formula'>) => /农业/.test(`${row.lead} ${row.responsible}`) || fromFarmRecords(row);

/** Who may look: the zero-waste office, a general department, an agriculture department (the bureau and its town stations), the platform's administrator. */
const maySee = (actor: Actor) => isAdmin(actor) || actor.role === 'office' || (actor.role === 'regulator' && (actor.domain === 'agriculture' || actor.domain === 'general'));

export async function agriOverview(db: Db, actor: Actor, input: { regionCode?: string; year?: number }): Promise<{ plan: { id: string; title: string; regionCode: string } | null; regionCode: string; rows: IndicatorStatusRow[] }> {
  if (!maySee(actor)) throw forbidden();
  const regionCode = input.regionCode ?? actor.regionCode;
  // The actor's own area or a part of it: a town station asking for its county is told there is nothing.
  if (!isAdmin(actor) && !regionWithin(regionCode, actor.regionCode)) throw notFound(OVERVIEW);
  const plan = await coveringPlan(db, regionCode);
  if (!plan) return { plan: null, regionCode, rows: [] };
  const status = await planStatus(db, actor, plan.id, regionCode, input.year, isAgricultural);
  return { plan: { id: plan.id, title: plan.title, regionCode: plan.regionCode }, regionCode, rows: status.rows };
}
