import { z } from 'zod';
import type { Db } from '../db/database';
import type { indicators } from './schema';
import { coveringPlan, planStatus, type IndicatorStatusRow } from './service';
import { planStatusSchema } from './presenter';
import { forbidden, notFound } from '../http/errors';
import type { Actor } from '../platform/policy';
import { regionWithin } from '../../domain/region-code';
import type { Domain } from '../../domain/enums';

// A department's system at a glance (农业固体废物, 再生资源 …): the rows of the area's indicator plan
// the department answers for (those it leads or shares, and those computed from its system's
// records), with their values for the area and year, computed as the plan page computes them. A town
// official sees his town's figures against the county's plan.

export type PlanRow = Pick<typeof indicators.$inferSelect, 'lead' | 'responsible' | 'formula'>;

export interface DepartmentView {
  /** The department domain whose officials look, besides the office, a general department and the administrator. */
  domain: Domain;
  /** What the overview is called, for "not found". */
  label: { zh: string; en: string };
  /** Whether a row of the plan is the department's. */
  isMine: (row: PlanRow) => boolean;
}

export interface DepartmentOverview { plan: { id: string; title: string; regionCode: string } | null; regionCode: string; rows: IndicatorStatusRow[] }

export async function departmentOverview(db: Db, actor: Actor, view: DepartmentView, input: { regionCode?: string; year?: number }): Promise<DepartmentOverview> {
  const isAdmin = actor.role === 'platform_admin';
  if (!(isAdmin || actor.role === 'office' || (actor.role === 'regulator' && (actor.domain === view.domain || actor.domain === 'general')))) throw forbidden();
  const regionCode = input.regionCode ?? actor.regionCode;
  // The actor's own area or a part of it: a town official asking for his county is told there is nothing.
  if (!isAdmin && !regionWithin(regionCode, actor.regionCode)) throw notFound(view.label);
  const plan = await coveringPlan(db, regionCode);
  if (!plan) return { plan: null, regionCode, rows: [] };
  const status = await planStatus(db, actor, plan.id, regionCode, input.year, view.isMine);
  return { plan: { id: plan.id, title: plan.title, regionCode: plan.regionCode }, regionCode, rows: status.rows };
}

export const departmentOverviewSchema = z.object({
  plan: z.object({ id: z.string(), title: z.string(), regionCode: z.string() }).nullable().describe('the plan in force for the area (a town reads its county’s); null when the area has none'),
  regionCode: z.string(),
  rows: planStatusSchema.shape.rows,
});
