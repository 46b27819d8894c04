import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database';
import { projects, projectUpdates } from './schema';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { isOfficeOf, seesArea, type Actor } from '../platform/policy';
import { regionScopePrefix, regionWithin } from '../../domain/region-code';
import { containsPattern } from '../http/pagination';
import { headerIndex } from '../http/excel';
import { controlCharacterProblem } from '../http/inputs';
import { badRequest, forbidden, notFound } from '../http/errors';

// 项目清单: a plan's projects with owner, content, place, period, investment and funding. The
// table is read in whatever column order the plan prints; investment is kept as written and in 万元.
type Ctx = AuditContext & { actor: Actor };
const PROJECT = { zh: '项目', en: 'Project' };

export interface ProjectInput {
  no: number; name: string; owner: string; content: string; place: string; period: string;
  investmentText: string; investmentWanYuan: number | null; funding: string; progress: string; category: string;
}


/** "1.2亿元" → 12000; "5000" under a 万元 header → 5000; "约3000万元" → 3000; text without a number → null. */
export function investmentWanYuan(text: string, header = ''): number | null {
  const cleaned = text.replace(/[，,\s]/g, '').replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const match = /(\d+(?:\.\d+)?)\s*(亿元|亿|万元|万|元)?/.exec(cleaned);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2] ?? (/亿元/.test(header) ? '亿元' : /万元/.test(header) ? '万元' : /[（(]元[)）]/.test(header) ? '元' : '万元');
  const wan = unit.startsWith('亿') ? value * 10_000 : unit === '元' ? value / 10_000 : value;
  return Math.round(wan * 100) / 100;
}

export function projectsFromGrid(headers: string[], rows: string[][]): { projects: ProjectInput[]; problems: { row: number; message: { zh: string; en: string } }[] } {
  const col = {
    no: headerIndex(headers, /^序号$/), name: headerIndex(headers, /项目名称|^名称$|^项目$/), owner: headerIndex(headers, /建设单位|实施主体|实施单位|业主|责任单位|牵头单位/),
    content: headerIndex(headers, /建设内容|内容|规模/), place: headerIndex(headers, /地点|位置|所在/), period: headerIndex(headers, /期限|周期|年限|起止|建设时间/),
    investment: headerIndex(headers, /投资/), funding: headerIndex(headers, /资金来源|资金/), progress: headerIndex(headers, /进展|进度/), category: headerIndex(headers, /类别|类型|领域/),
  };
  const problems: { row: number; message: { zh: string; en: string } }[] = [];
  if (col.name < 0) return { projects: [], problems: [{ row: 1, message: { zh: '表头中没有“项目名称”列', en: 'No project-name column in the header' } }] };
  const out: ProjectInput[] = [];
  let category = '';
  rows.forEach((cells, i) => {
    const at = (index: number) => (index < 0 ? '' : (cells[index] ?? '').replace(/\s*\n\s*/g, '').trim());
    const filled = cells.map((c) => c.trim()).filter(Boolean);
    if (filled.length === 1 && !at(col.name)) { category = filled[0]; return; }
    if (filled.length === 1 && /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])/.test(filled[0])) { category = filled[0]; return; }
    const name = at(col.name);
    if (!name || /^合计|^总计/.test(name) || /^合计|^总计/.test(at(col.no))) return;
    const control = controlCharacterProblem(i + 2, cells);
    if (control) { problems.push(control); return; }
    const no = Number(at(col.no) || out.length + 1);
    if (!Number.isInteger(no) || no < 1) { problems.push({ row: i + 2, message: { zh: `第${i + 2}行：序号不是正整数`, en: `Row ${i + 2}: the number is not a positive integer` } }); return; }
    const investmentText = at(col.investment);
    const wan = investmentText ? investmentWanYuan(investmentText, col.investment >= 0 ? headers[col.investment] : '') : null;
    if (investmentText && wan === null && !/^[/／—-]$/.test(investmentText)) problems.push({ row: i + 2, message: { zh: `第${i + 2}行：投资额“${investmentText}”不是数字`, en: `Row ${i + 2}: investment "${investmentText}" is not a number` } });
    out.push({ no, name, owner: at(col.owner), content: at(col.content), place: at(col.place), period: at(col.period), investmentText, investmentWanYuan: wan, funding: at(col.funding), progress: at(col.progress), category: at(col.category) || category });
  });
  const seen = new Set<number>();
  for (const p of out) {
    if (seen.has(p.no)) problems.push({ row: p.no, message: { zh: `序号 ${p.no} 重复`, en: `Number ${p.no} appears twice` } });
    seen.add(p.no);
  }
  return { projects: out, problems };
}

export async function importProjects(db: Db, ctx: Ctx, regionCode: string, rows: ProjectInput[]) {
  if (!isOfficeOf(ctx.actor, regionCode)) throw forbidden('由本辖区无废办导入项目清单', 'The zero-waste office imports its project list');
  if (!rows.length) throw badRequest('NO_ROWS', '没有可导入的项目', 'No projects to import', 'file');
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(projects).values(rows.map((r) => ({ ...r, regionCode }))).onConflictDoNothing().returning({ id: projects.id });
    await recordAudit(tx, ctx, { action: 'projects.import', entityType: 'projects', entityId: regionCode, regionCode, after: { count: inserted.length } });
    return { inserted: inserted.length, skipped: rows.length - inserted.length };
  });
}

export interface ProjectFilter { regionCode?: string; q?: string; category?: string }

function projectWhere(actor: Actor, f: ProjectFilter): SQL {
  const region = f.regionCode ?? actor.regionCode;
  if (!seesArea(actor, region)) throw forbidden();
  const parts: SQL[] = [sql`${projects.regionCode} LIKE ${`${regionScopePrefix(region)}%`}`];
  if (f.q) parts.push(sql`(${projects.name} ILIKE ${containsPattern(f.q)} OR ${projects.owner} ILIKE ${containsPattern(f.q)})`);
  if (f.category) parts.push(eq(projects.category, f.category));
  return and(...parts)!;
}

/** One page of projects, the total investment of all that match, and the latest progress note of each. */
export async function listProjects(db: Db, actor: Actor, f: ProjectFilter, page: number, pageSize: number) {
  const where = projectWhere(actor, f);
  const latest = sql<string | null>`(SELECT u.text FROM ${projectUpdates} u WHERE u.project_id = "projects"."id" ORDER BY u.reported_at DESC LIMIT 1)`;
  const latestAt = sql<string | null>`(SELECT u.reported_at FROM ${projectUpdates} u WHERE u.project_id = "projects"."id" ORDER BY u.reported_at DESC LIMIT 1)`;
  const [items, [{ total, investment }], categories] = await Promise.all([
    db.select({ project: projects, latestUpdate: latest, latestUpdateAt: latestAt }).from(projects).where(where).orderBy(projects.regionCode, projects.no).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ total: sql<number>`count(*)`.mapWith(Number), investment: sql<number>`coalesce(sum(${projects.investmentWanYuan}), 0)`.mapWith(Number) }).from(projects).where(where),
    db.selectDistinct({ category: projects.category }).from(projects).where(projectWhere(actor, { regionCode: f.regionCode })).orderBy(projects.category).limit(100),
  ]);
  return { items: items.map((r) => ({ ...r.project, latestUpdate: r.latestUpdate, latestUpdateAt: r.latestUpdateAt })), total, page, pageSize, investmentWanYuan: investment, categories: categories.map((c) => c.category).filter(Boolean) };
}

export async function projectDetail(db: Db, actor: Actor, id: string) {
  const [project] = await db.select().from(projects).where(eq(projects.id, id));
  if (!project || !seesArea(actor, project.regionCode)) throw notFound(PROJECT);
  const updates = await db.select().from(projectUpdates).where(eq(projectUpdates.projectId, id)).orderBy(sql`${projectUpdates.reportedAt} DESC`).limit(200);
  return { ...project, updates };
}

/** 项目进展: appended, never overwritten; the latest one is what the list shows. */
export async function reportProjectProgress(db: Db, ctx: Ctx, id: string, input: { period: string; text: string; investedWanYuan?: number }) {
  const actor = ctx.actor;
  const [project] = await db.select().from(projects).where(eq(projects.id, id));
  if (!project || !seesArea(actor, project.regionCode)) throw notFound(PROJECT);
  if (actor.role !== 'office' && actor.role !== 'regulator' && actor.role !== 'platform_admin') throw forbidden('项目进展由主管部门或无废办报送', 'Project progress is filed by the departments or the office');
  if (input.investedWanYuan !== undefined && project.investmentWanYuan !== null && input.investedWanYuan > project.investmentWanYuan * 1.5) {
    throw badRequest('INVESTED_TOO_HIGH', `累计完成投资 ${input.investedWanYuan} 万元 远超计划总投资 ${project.investmentWanYuan} 万元，请核对`, `Invested ${input.investedWanYuan} 万元 is far above the planned ${project.investmentWanYuan} 万元: check the figure`, 'investedWanYuan');
  }
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(projectUpdates).values({ projectId: id, period: input.period, text: input.text, investedWanYuan: input.investedWanYuan ?? null, reportedBy: actor.userId!, organisationId: actor.organisationId }).returning();
    await recordAudit(tx, ctx, { action: 'project.progress', entityType: 'project', entityId: id, regionCode: project.regionCode, organisationId: actor.organisationId, after: row });
    return row;
  });
}
