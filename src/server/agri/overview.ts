import { and, desc, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { indicatorPlans, indicators } from '../indicators/schema';
import { planStatus, type IndicatorStatusRow } from '../indicators/service';
import { formulaByKey } from '../indicators/formulas';
import { forbidden, notFound } from '../http/errors';
import type { Actor } from '../platform/policy';
import { impliedParent, regionWithin } from '../../domain/region-code';

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

/** The plan in force for the area: its own, else the nearest above it (a town reads its county's). */
async function planFor(db: Db, regionCode: string) {
  const codes: string[] = [];
  for (let code: string | null = regionCode; code; code = impliedParent(code)) codes.push(code);
  const [plan] = await db.select().from(indicatorPlans).where(and(inArray(indicatorPlans.regionCode, codes), isNull(indicatorPlans.supersededAt)))
    .orderBy(desc(sql`length(${indicatorPlans.regionCode})`), desc(indicatorPlans.version)).limit(1);
  return plan ?? null;
}

export async function agriOverview(db: Db, actor: Actor, input: { regionCode?: string; year?: number }): Promise<{ plan: { id: string; title: string; regionCode: string } | null; regionCode: string; rows: IndicatorStatusRow[] }> {
  if (!maySee(actor)) throw forbidden();
  const regionCode = input.regionCode ?? actor.regionCode;
  // The actor's own area or a part of it: a town station asking for its county is told there is nothing.
  if (!isAdmin(actor) && !regionWithin(regionCode, actor.regionCode)) throw notFound(OVERVIEW);
  const plan = await planFor(db, regionCode);
  if (!plan) return { plan: null, regionCode, rows: [] };
  const status = await planStatus(db, actor, plan.id, regionCode, input.year, isAgricultural);
  return { plan: { id: plan.id, title: plan.title, regionCode: plan.regionCode }, regionCode, rows: status.rows };
}
