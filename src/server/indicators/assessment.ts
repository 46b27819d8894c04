import type { FastifyReply } from 'fastify';
import type { Db } from '../db/database';
import type { Actor } from '../platform/policy';
import { planStatus, type IndicatorStatusRow } from './service';
import { listTasks, TASK_COLUMNS, type TaskListItem } from '../tasks/service';
import { listProjects } from '../tasks/projects';
import { onePage, sendWorkbook, type ExcelSheet } from '../http/excel';
import { STATUS_LABELS, type Status } from '../../domain/indicators/progress';

// 年度评估报告: the year's assessment as one workbook the office can hand in or print: the summary
// (statuses by area, ★ indicators, tasks, projects), every indicator with its value, source, status
// and the reason, the tasks with their states, and the projects with their latest progress.
const STATUSES = Object.keys(STATUS_LABELS) as Status[];
const origin = (r: IndicatorStatusRow) => (r.latest ? (r.latest.origin === 'computed' ? '平台计算' : '部门填报') : r.qualitative && r.status !== 'awaiting_assessment' ? '人工评估' : '');

export async function sendAssessmentReport(reply: FastifyReply, db: Db, actor: Actor, planId: string, regionCode: string | undefined, year: number) {
  const status = await planStatus(db, actor, planId, regionCode, year);
  const { plan, rows } = status;
  const count = (list: IndicatorStatusRow[], s: Status) => list.filter((r) => r.status === s).length;
  const areas = [...new Set(rows.map((r) => r.level1))];
  const mandatory = rows.filter((r) => r.mark === 'mandatory');
  const [tasks, overdue, done, projects] = await Promise.all([
    listTasks(db, actor, { regionCode: status.regionCode }, 1, 1),
    listTasks(db, actor, { regionCode: status.regionCode, state: 'overdue' }, 1, 1),
    listTasks(db, actor, { regionCode: status.regionCode, state: 'done' }, 1, 1),
    listProjects(db, actor, { regionCode: status.regionCode }, 1, 1),
  ]);
  type Line = { item: string; value: string | number };
  const now = new Date(Date.now() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);
  const summary: Line[] = [
    { item: '指标体系', value: plan.title }, { item: '评估年度', value: year }, { item: '区划代码', value: status.regionCode }, { item: '生成时间（北京时间）', value: now },
    { item: '指标总数', value: rows.length },
    ...STATUSES.map((s) => ({ item: `  ${STATUS_LABELS[s].zh}`, value: count(rows, s) })),
    { item: '★必选指标', value: mandatory.length }, { item: '  其中已达标', value: count(mandatory, 'achieved') }, { item: '  其中进度滞后或存在风险', value: count(mandatory, 'off_track') + count(mandatory, 'at_risk') },
    ...areas.map((a) => { const inArea = rows.filter((r) => r.level1 === a); return { item: `${a}（${inArea.length}项）`, value: STATUSES.filter((s) => count(inArea, s)).map((s) => `${STATUS_LABELS[s].zh}${count(inArea, s)}`).join('，') }; }),
    { item: '任务总数', value: tasks.total }, { item: '  已完成', value: done.total }, { item: '  已逾期', value: overdue.total },
    { item: '项目数', value: projects.total }, { item: '项目计划总投资（万元）', value: projects.investmentWanYuan },
    { item: '评估方法', value: '定量指标按基准值到目标值的直线路径评估（达到应有进度95%以上为按进度推进，50%–95%为存在风险，50%以下为进度滞后）；定性指标由责任部门提供佐证、无废办评估。' },
  ];
  type Project = Awaited<ReturnType<typeof listProjects>>['items'][number];
  const sheets: [ExcelSheet<Line>, ExcelSheet<IndicatorStatusRow>, ExcelSheet<TaskListItem>, ExcelSheet<Project>] = [
    { name: '评估概况', columns: [{ header: '项目', width: 30, value: (l) => l.item }, { header: '内容', width: 80, value: (l) => l.value }], fetchPage: onePage(summary) },
    { name: '指标评估', fetchPage: onePage(rows), columns: [
      { header: '序号', width: 6, value: (r) => r.no }, { header: '一级指标', width: 14, value: (r) => r.level1 }, { header: '三级指标', width: 36, value: (r) => r.name },
      { header: '类型', width: 8, value: (r) => (r.mark === 'mandatory' ? '★必选' : r.mark === 'optional' ? '☆自选' : '') }, { header: '单位', width: 10, value: (r) => r.unit },
      { header: `${plan.baselineYear}基准值`, width: 14, value: (r) => r.baselineText },
      { header: '目标值', width: 24, value: (r) => r.targets.map((t) => `${t.year}：${t.text}`).join('；') },
      { header: '最新值', width: 12, value: (r) => r.latest?.value ?? '' }, { header: '数据年份', width: 10, value: (r) => r.latest?.year ?? '' },
      { header: '分子/分母', width: 18, value: (r) => (r.latest?.numerator != null && r.latest.denominator != null ? `${r.latest.numerator} / ${r.latest.denominator}` : '') },
      { header: '数据来源', width: 10, value: origin }, { header: '状态', width: 12, value: (r) => STATUS_LABELS[r.status].zh },
      { header: '评估说明', width: 60, value: (r) => (r.explanation as { reason: { zh: string } }).reason.zh }, { header: '责任单位', width: 30, value: (r) => r.responsible },
    ] },
    { name: '任务完成情况', fetchPage: async (offset, limit) => (await listTasks(db, actor, { regionCode: status.regionCode }, offset / limit + 1, limit)).items, columns: TASK_COLUMNS },
    { name: '项目进展', fetchPage: async (offset, limit) => (await listProjects(db, actor, { regionCode: status.regionCode }, offset / limit + 1, limit)).items, columns: [
      { header: '序号', width: 6, value: (p) => p.no }, { header: '项目名称', width: 36, value: (p) => p.name }, { header: '建设单位', width: 24, value: (p) => p.owner },
      { header: '总投资（万元）', width: 14, value: (p) => p.investmentWanYuan }, { header: '建设期限', width: 14, value: (p) => p.period }, { header: '最新进展', width: 50, value: (p) => p.latestUpdate ?? p.progress },
    ] },
  ];
  return sendWorkbook(reply, `${plan.title}_${year}年度评估报告.xlsx`, sheets);
}
