import { parseTarget } from './targets';
import { markOf, type ColumnRole } from './columns';

// What the import preview marks on each cell before anything is saved: errors stop the import,
// warnings say how a cell will be read. Runs in the browser as the user corrects the columns, and
// on the server before it saves.
export interface CellProblem { row: number; column: number | null; level: 'error' | 'warning'; message: { zh: string; en: string } }

const clean = (text: string | undefined) => (text ?? '').replace(/\s*\n\s*/g, '').trim();

export function checkTable(rows: string[][], mapping: { index: number; role: ColumnRole | string; year?: number }[]): CellProblem[] {
  const problems: CellProblem[] = [];
  const col = (role: string) => mapping.find((m) => m.role === role)?.index;
  const nameCol = col('name');
  if (nameCol === undefined) return [{ row: -1, column: null, level: 'error', message: { zh: '请指定“三级指标/指标名称”所在列', en: 'Tell which column holds the indicator name' } }];
  for (const m of mapping.filter((c) => c.role === 'target' && !c.year)) {
    problems.push({ row: -1, column: m.index, level: 'error', message: { zh: '目标值列需注明年份', en: 'A target column needs its year' } });
  }
  const noCol = col('no');
  const baselineCol = col('baseline');
  const seen = new Map<number, number>();
  rows.forEach((cells, row) => {
    const name = clean(cells[nameCol]);
    if (!name) {
      if (cells.some((c) => clean(c))) problems.push({ row, column: nameCol, level: 'warning', message: { zh: '没有指标名称，此行不导入', en: 'No indicator name: this row is skipped' } });
      return;
    }
    if (noCol !== undefined) {
      const text = clean(cells[noCol]);
      const no = Number(text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
      if (text && (!Number.isInteger(no) || no < 1)) problems.push({ row, column: noCol, level: 'error', message: { zh: `序号“${text}”不是正整数`, en: `Number "${text}" is not a positive integer` } });
      else if (text && seen.has(no)) problems.push({ row, column: noCol, level: 'error', message: { zh: `序号 ${no} 与第 ${seen.get(no)! + 1} 行重复`, en: `Number ${no} repeats row ${seen.get(no)! + 1}` } });
      else if (text) seen.set(no, row);
    }
    if (baselineCol !== undefined) {
      const text = clean(cells[baselineCol]);
      if (text && !/^[/／—-]$/.test(text) && parseTarget(text).kind !== 'numeric') problems.push({ row, column: baselineCol, level: 'warning', message: { zh: '基准值不是数值：不画进度路径', en: 'The baseline is not a number: no progress path is drawn' } });
    }
    for (const m of mapping.filter((c) => c.role === 'mark')) {
      const text = clean(cells[m.index]);
      if (text && !/^[/／—-]$/.test(text) && markOf(text) === null) problems.push({ row, column: m.index, level: 'warning', message: { zh: `“${text}”不是必选/可选（★/☆）标记：此行不标记`, en: `"${text}" is not a mandatory/optional (★/☆) mark: the row is left unmarked` } });
    }
    for (const m of mapping.filter((c) => c.role === 'target')) {
      const text = clean(cells[m.index]);
      if (!text || /^[/／—-]$/.test(text)) continue;
      const parsed = parseTarget(text);
      if (parsed.kind === 'qualitative') problems.push({ row, column: m.index, level: 'warning', message: { zh: '定性目标：由责任部门提供佐证、无废办评估', en: 'Qualitative target: a person assesses it with evidence' } });
    }
  });
  return problems;
}
