import type { Db } from '../../db/database';
import type { Actor } from '../../platform/policy';
import type { AuditContext } from '../../platform/audit/service';
import { guessColumns } from '../../../domain/indicators/columns';
import { importPlan, rowsFromTable } from '../../indicators/service';
import { importTasks } from '../../tasks/service';
import { tasksFromGrid } from '../../tasks/import';
import { importProjects, projectsFromGrid } from '../../tasks/projects';
import type { DemoPlan } from './types';
import { LINQING_PLAN } from './linqing';
import { JINING_KFQ_PLAN } from './jining-kfq';
import { TIANQIAO_PLAN } from './tianqiao';

export const DEMO_PLANS: DemoPlan[] = [LINQING_PLAN, JINING_KFQ_PLAN, TIANQIAO_PLAN];

const SEED_ACTOR: Actor = {
  via: 'session', userId: null, tokenId: null, username: 'demo-seed', role: 'platform_admin', organisationId: null, organisationKind: null, organisationStatus: null,
  regionCode: '370000', domain: 'general', scopes: [],
};

/** A plan's tables through the same readers an office's Excel import uses; a table they cannot read stops the seed. */
export async function loadDemoPlan(db: Db, plan: DemoPlan, ctx: AuditContext = { actor: null, actorLabel: 'demo-seed' }) {
  const seedCtx = { ...ctx, actor: SEED_ACTOR };
  const { headers, rows } = plan.indicators;
  const read = rowsFromTable(headers, rows, guessColumns(headers, plan.baselineYear, rows));
  if (read.problems.length) throw new Error(`${plan.title}: ${read.problems.map((p) => p.message.zh).join('；')}`);
  await importPlan(db, seedCtx, { regionCode: plan.regionCode, title: plan.title, source: plan.source, baselineYear: plan.baselineYear, rows: read.rows });
  let taskCount = 0;
  for (const { list, table } of plan.taskLists) {
    const tasks = tasksFromGrid(list, table.headers, table.rows);
    if (tasks.problems.length) throw new Error(`${list}: ${tasks.problems.map((p) => p.message.zh).join('；')}`);
    taskCount += (await importTasks(db, seedCtx, plan.regionCode, tasks.tasks)).inserted;
  }
  let projectCount = 0;
  if (plan.projects) {
    const projects = projectsFromGrid(plan.projects.headers, plan.projects.rows);
    if (projects.problems.length) throw new Error(`${plan.title} 项目清单: ${projects.problems.map((p) => p.message.zh).join('；')}`);
    projectCount = (await importProjects(db, seedCtx, plan.regionCode, projects.projects)).inserted;
  }
  return { indicators: read.rows.length, tasks: taskCount, projects: projectCount };
}
