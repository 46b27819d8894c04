import { splitUnits } from '../tasks/units';
import type { Status } from './progress';

// How the plan page narrows and orders its rows. A plan holds a few dozen indicators, all sent at
// once, so this runs in the browser; it is pure so that it is tested here.

/** Where a row's value comes from (the server says, per row): the platform's own data, a department's report, or a person's assessment. */
export type Source = 'computed' | 'reported' | 'qualitative';

export const SOURCE_LABELS: Record<Source, { zh: string; en: string }> = {
  computed: { zh: '平台计算', en: 'Computed' },
  reported: { zh: '部门填报', en: 'Reported' },
  qualitative: { zh: '定性评估', en: 'Qualitative' },
};

/** Most urgent first: behind, at risk, on track, achieved; rows a person or a report must still fill in last. */
export const STATUS_ORDER: Status[] = ['off_track', 'at_risk', 'on_track', 'achieved', 'awaiting_assessment', 'no_data'];

export interface ViewRow { no: number; name: string; level1: string; responsible: string; status: string; source: Source }

export interface RowFilter { statuses?: string[]; level1?: string; department?: string; source?: Source; text?: string }
export type RowSort = { by: 'no' | 'status' | 'level1' | 'responsible'; order: 'ascend' | 'descend' };

export function matches(row: ViewRow, f: RowFilter): boolean {
  if (f.statuses?.length && !f.statuses.includes(row.status)) return false;
  if (f.level1 && row.level1 !== f.level1) return false;
  if (f.department && !splitUnits(row.responsible).includes(f.department)) return false;
  if (f.source && row.source !== f.source) return false;
  const text = f.text?.trim();
  if (text && !row.name.includes(text) && String(row.no) !== text) return false;
  return true;
}

const zh = new Intl.Collator('zh-CN');

/** The comparison behind each sortable column; ties keep the plan's order (序号). */
export function compareBy(by: RowSort['by'], level1Order: string[] = []): (a: ViewRow, b: ViewRow) => number {
  const rank = (s: string) => { const i = STATUS_ORDER.indexOf(s as Status); return i < 0 ? STATUS_ORDER.length : i; };
  const primary: (a: ViewRow, b: ViewRow) => number = {
    no: () => 0,
    status: (a: ViewRow, b: ViewRow) => rank(a.status) - rank(b.status),
    // Areas in the order the plan lists them, not alphabetically.
    level1: (a: ViewRow, b: ViewRow) => level1Order.indexOf(a.level1) - level1Order.indexOf(b.level1),
    // A row naming no department ("/") goes after those that do.
    responsible: (a: ViewRow, b: ViewRow) => {
      const x = splitUnits(a.responsible)[0], y = splitUnits(b.responsible)[0];
      return x === undefined || y === undefined ? (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0) : zh.compare(x, y);
    },
  }[by];
  return (a, b) => primary(a, b) || a.no - b.no;
}

export function viewRows<T extends ViewRow>(rows: T[], filter: RowFilter, sort: RowSort): T[] {
  const level1Order = [...new Set([...rows].sort((a, b) => a.no - b.no).map((r) => r.level1))];
  const compare = compareBy(sort.by, level1Order);
  const sign = sort.order === 'descend' ? -1 : 1;
  return rows.filter((r) => matches(r, filter)).sort((a, b) => sign * compare(a, b));
}

/** The choices of the filters: areas in plan order, departments by how many rows name them. */
export function filterChoices(rows: ViewRow[]) {
  const departments = new Map<string, number>();
  for (const r of rows) for (const d of new Set(splitUnits(r.responsible))) departments.set(d, (departments.get(d) ?? 0) + 1);
  return {
    level1: [...new Set(rows.map((r) => r.level1).filter(Boolean))],
    departments: [...departments].sort((a, b) => b[1] - a[1] || zh.compare(a[0], b[0])).map(([name, count]) => ({ name, count })),
  };
}

/** How many rows each source and each status has. */
export function counts(rows: ViewRow[]) {
  const bySource: Record<Source, number> = { computed: 0, reported: 0, qualitative: 0 };
  const byStatus: Record<string, number> = {};
  for (const r of rows) { bySource[r.source]++; byStatus[r.status] = (byStatus[r.status] ?? 0) + 1; }
  return { bySource, byStatus };
}
