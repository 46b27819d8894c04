// 月度工作进展 (seed 004 五(四)): each county's commerce bureau reports every month on the ten key
// tasks of 聊城市再生资源回收体系建设实施方案; the city bureau tells who filed, who filed late and who
// did not (五(三): 提醒 the slow, 通报 the seriously late).

/** The task list the monthly reports are about, as the city's task list names it. */
export const RECYCLING_TASK_LIST = '再生资源回收体系建设重点任务';

/** The plan began on 2023-07-15 (四(一)): no report is asked for an earlier month. */
export const FIRST_REPORT_MONTH = '2023-07';

/** From this day of a month, the month may be reported on (the last working week). */
export const FILE_FROM_DAY = 25;

const pad = (n: number) => String(n).padStart(2, '0');

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

/**
 * Whether a month may be filed on `today` (YYYY-MM-DD, Asia/Shanghai): a month that is over, or the
 * current month from the 25th (a bureau reports the month's work in its last week).
 */
export function monthOpen(month: string, today: string): boolean {
  const current = today.slice(0, 7);
  return month < current || (month === current && Number(today.slice(8, 10)) >= FILE_FROM_DAY);
}

/** The day a month's report is due: `dueDay` of the next month. */
export function dueDate(month: string, dueDay: number): string {
  return `${nextMonth(month)}-${pad(dueDay)}`;
}

export type ReportStatus = 'filed' | 'late' | 'missing' | 'due' | 'open';

export const REPORT_STATUS_LABELS: Record<ReportStatus, { zh: string; en: string }> = {
  filed: { zh: '按时报送', en: 'Filed on time' },
  late: { zh: '逾期报送', en: 'Filed late' },
  missing: { zh: '未报送', en: 'Missing' },
  due: { zh: '待报送', en: 'Due' },
  open: { zh: '未到报送期', en: 'Not yet open' },
};

/**
 * A county's month: filed by the due day (filed), after it (late), not filed after it (missing), not
 * filed but not yet due (due), or not yet open for filing (open). `firstFiledOn` is the Shanghai day
 * of the first filing: a later correction does not make an on-time report late.
 */
export function reportStatus(month: string, today: string, dueDay: number, firstFiledOn: string | null): ReportStatus {
  const due = dueDate(month, dueDay);
  if (firstFiledOn) return firstFiledOn <= due ? 'filed' : 'late';
  if (!monthOpen(month, today)) return 'open';
  return today > due ? 'missing' : 'due';
}
