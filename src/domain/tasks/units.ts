// Plans name units as "市综合行政执法局", "区综合行政执法局" or "临清市综合行政执法局"; departments in
// the platform carry their full names. A unit matches a department when their cores agree.
const PREFIX = /^(山东省|[\u4e00-\u9fa5]{1,6}?(市|区|县))(?=[\u4e00-\u9fa5]{3,})/;

export function unitCore(name: string): string {
  let s = name.replace(/[“”"\s]/g, '');
  // "聊城市生态环境局临清市分局" stays whole: the 分局 names its parent.
  if (/分局$/.test(s)) return s.replace(/^聊城市|^济南市|^济宁市/, '');
  for (let i = 0; i < 2 && PREFIX.test(s); i++) s = s.replace(PREFIX, '');
  return s.replace(/^(市|区|县)/, '');
}

export const unitMatches = (unitName: string, organisationName: string) => {
  const a = unitCore(unitName), b = unitCore(organisationName);
  return a.length >= 3 && (a === b || b.endsWith(a) || a.endsWith(b));
};

export type TaskState = 'not_started' | 'in_progress' | 'done' | 'due_soon' | 'overdue' | 'ongoing';

export const TASK_STATE_LABELS: Record<TaskState, { zh: string; en: string }> = {
  not_started: { zh: '未开始', en: 'Not started' }, in_progress: { zh: '推进中', en: 'In progress' }, done: { zh: '已完成', en: 'Done' },
  due_soon: { zh: '即将到期', en: 'Due soon' }, overdue: { zh: '已逾期', en: 'Overdue' }, ongoing: { zh: '持续推进', en: 'Ongoing' },
};

/** Where a task stands from its deadline and its last reported progress. */
export function taskState(deadline: string | null, lastPercent: number | null, now = new Date(), soonDays = 14): TaskState {
  if (lastPercent !== null && lastPercent >= 100) return 'done';
  if (!deadline) return lastPercent === null ? 'not_started' : 'ongoing';
  const end = new Date(`${deadline}T23:59:59+08:00`).getTime();
  if (end < now.getTime()) return 'overdue';
  if (end - now.getTime() <= soonDays * 86_400_000) return 'due_soon';
  return lastPercent === null || lastPercent === 0 ? 'not_started' : 'in_progress';
}
