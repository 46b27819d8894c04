// The column layouts real indicator tables use (seed 000: 基准值 + 2023 + 2025 + 责任单位; seed 001:
// 现状值 + 2025目标值 + 数据来源; seed 002: 单位 + 2020 + 2022..2025 + 数据来源部门 + 责任部门 + 备注).
// Headers are matched by what they say; the user corrects the guess in a preview.
export type ColumnRole = 'no' | 'level1' | 'level2' | 'name' | 'unit' | 'baseline' | 'target' | 'dataSource' | 'responsible' | 'note' | 'ignore';

export interface ColumnGuess { index: number; header: string; role: ColumnRole; year?: number }

export function guessColumns(headers: string[], baselineYear = 2020): ColumnGuess[] {
  return headers.map((raw, index) => {
    const header = raw.replace(/\s+/g, '');
    const year = /(20\d{2})/.exec(header)?.[1];
    const g = (role: ColumnRole, y?: number): ColumnGuess => ({ index, header: raw, role, ...(y ? { year: y } : {}) });
    if (/^序号$|^编号$|^No\.?$/i.test(header)) return g('no');
    if (/一级/.test(header)) return g('level1');
    if (/二级/.test(header)) return g('level2');
    if (/三级|指标名称|^指标$/.test(header)) return g('name');
    if (/^单位$|计量单位/.test(header)) return g('unit');
    if (/数据来源/.test(header)) return g('dataSource');
    if (/责任/.test(header)) return g('responsible');
    if (/备注/.test(header)) return g('note');
    if (/基准|现状/.test(header)) return g('baseline', year ? Number(year) : baselineYear);
    if (year && Number(year) === baselineYear && !/目标/.test(header)) return g('baseline', Number(year));
    if (year) return g('target', Number(year));
    if (/目标/.test(header)) return g('target');
    return g('ignore');
  });
}

/** A star in the name marks a mandatory (★) or self-chosen (☆) indicator; the mark is kept apart from the name. */
export function splitMark(name: string): { name: string; mark: 'mandatory' | 'optional' | null } {
  const mark = name.includes('★') ? 'mandatory' : name.includes('☆') ? 'optional' : null;
  return { name: name.replace(/[★☆]/g, '').trim(), mark };
}

/** Unit from the name's parentheses, e.g. "一般工业固体废物综合利用率（%）". */
export function unitFromName(name: string): string {
  return /[（(]([^（）()]*(%|吨|万元|个|家|座|亿元|平方米|‰)[^（）()]*)[）)]\s*$/.exec(name)?.[1] ?? '';
}

/** Decreasing indicators: intensities, landfill, generation amounts; otherwise from the target's comparator. */
export function guessDirection(name: string, comparators: string[]): 'increase' | 'decrease' {
  if (comparators.some((c) => c === '<' || c === '<=')) return 'decrease';
  if (comparators.some((c) => c === '>' || c === '>=')) return /强度|填埋|产生量|排放量|清运量/.test(name) ? 'decrease' : 'increase';
  return /强度|填埋量|产生量|排放量|清运量|降低|减少/.test(name) ? 'decrease' : 'increase';
}
