import { splitUnits } from '../tasks/units';
import { parseTarget } from './targets';

// The column layouts real indicator tables use (seed 000: 基准值 + 2023 + 2025 + 责任单位; seed 001:
// 现状值 + 2025目标值 + 数据来源; seed 002: 单位 + 2020 + 2022..2025 + 数据来源部门 + 责任部门 + 备注), and
// those a county may send: 领域, 指标类型(必选/可选), ★/☆ in a column of its own, 牵头部门 beside
// 配合部门, 现状值（2021年）, 2024年目标. Headers are read by their words; where the words say nothing
// (or something ambiguous, like a bare 单位 over department names), by what the cells hold. The user
// corrects the guess in a preview.
export const COLUMN_ROLES = ['no', 'level1', 'level2', 'name', 'mark', 'unit', 'baseline', 'target', 'dataSource', 'lead', 'responsible', 'note', 'ignore'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

export interface ColumnGuess { index: number; header: string; role: ColumnRole; year?: number }

/** Full-width letters, digits and symbols (％ ＞ （ ） １２) to their plain forms; full-width spaces to spaces. */
export const halfWidth = (text: string) => text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');

/** A header as its words: half-width, without spaces or line breaks. */
export const normaliseHeader = (raw: string) => halfWidth(raw).replace(/\s+/g, '');

/** A unit as written, with full-width symbols made plain ("％" → "%"). */
export const normaliseUnit = (raw: string) => halfWidth(raw).replace(/\s+/g, '');

const HEADER_WORDS: [RegExp, ColumnRole][] = [
  [/^(序号|编号|序|No\.?)$/i, 'no'],
  // Before the name: "指标类型" is the mark, not the name.
  [/指标类型|指标类别|指标属性|指标性质|^类型$|^属性$|必选|可选|自选|^[★☆]|是否必选/, 'mark'],
  [/一级|^(重点)?领域|^方面$|^类别$/, 'level1'],
  [/二级/, 'level2'],
  [/三级|指标名称|^指标$|^指标项$|^具体指标$|^指标内容$/, 'name'],
  [/^(计量|指标)?单位$|^单位\(|计量单位/, 'unit'],
  [/数据来源|来源部门|数据提供/, 'dataSource'],
  [/牵头/, 'lead'],
  [/责任|配合|协办|参与|协同/, 'responsible'],
  [/备注|说明/, 'note'],
];
const BASELINE_WORDS = /基准|现状|基期|基数|基线/;
const TARGET_WORDS = /目标|预期|规划/;
const yearOf = (header: string) => {
  const y = /((19|20)\d{2})/.exec(header)?.[1];
  return y ? Number(y) : undefined;
};

/** The role a header's words give, or null when they say nothing the importer knows. */
export function roleFromHeader(raw: string, baselineYear: number): { role: ColumnRole; year?: number } | null {
  const header = normaliseHeader(raw);
  if (!header) return null;
  for (const [re, role] of HEADER_WORDS) if (re.test(header)) return { role };
  const year = yearOf(header);
  if (BASELINE_WORDS.test(header)) return { role: 'baseline', year: year ?? baselineYear };
  if (year !== undefined && !TARGET_WORDS.test(header) && year === baselineYear) return { role: 'baseline', year };
  if (year !== undefined) return { role: 'target', year };
  if (TARGET_WORDS.test(header)) return { role: 'target' };
  return null;
}

// ---- What the cells of a column hold ----

export type ColumnContent = 'empty' | 'serial' | 'mark' | 'unit' | 'department' | 'figure' | 'text';

const PLACEHOLDER = /^([/／\\—\-–]+|无|暂无)$/;
const UNIT_WORD = String.raw`(%|‰|万?吨(二氧化碳)?|[万亿]?元|万?人|个|家|座|处|项|台|辆|次|户|亩|头|只|天|日|年|月|小时|万?平方米|m2|㎡|立方米|m3|公里|km|kg|千克|公斤|t)`;
const UNIT_CELL = new RegExp(`^${UNIT_WORD}(\\/${UNIT_WORD})?$`, 'i');
const DEPARTMENT = /(局|委|办|中心|政府|部门|部|院|所|站|队|公司|集团|组|会|厅|办事处|管委会|街道)([(（]单位[)）])?(等)?$/;

/** A cell that marks a row mandatory (★, 必选) or optional (☆, 可选, 自选); null when it says neither. */
export function markOf(cell: string): 'mandatory' | 'optional' | null {
  const s = normaliseHeader(cell);
  if (!s) return null;
  if (/★|必选|^是$/.test(s)) return 'mandatory';
  if (/☆|可选|自选|^否$/.test(s)) return 'optional';
  return null;
}

/** What most of a column's cells are (placeholders like "/" left out). */
export function columnContent(cells: string[]): ColumnContent {
  const values = cells.map((c) => halfWidth(c ?? '').replace(/\s+/g, '')).filter((c) => c && !PLACEHOLDER.test(c));
  if (values.length === 0) return 'empty';
  const share = (test: (v: string) => boolean) => values.filter(test).length / values.length;
  if (share((v) => /^\d{1,4}$/.test(v)) === 1) return 'serial';
  if (share((v) => markOf(v) !== null && v.length <= 6) >= 0.8) return 'mark';
  if (share((v) => UNIT_CELL.test(v)) >= 0.8) return 'unit';
  if (share((v) => { const units = splitUnits(v); return units.length > 0 && units.every((u) => DEPARTMENT.test(u)); }) >= 0.6) return 'department';
  if (share((v) => parseTarget(v).kind === 'numeric') >= 0.6) return 'figure';
  return 'text';
}

/** Words indicator names end with or hold: 率, 量, 占比, 强度, 机制 … */
const NAME_WORDS = /率|量|占比|比例|比重|强度|幅度|数量|情况|机制|程度|总额|能力/;

/**
 * Each column's role: from its header's words, then from its cells where the header says nothing or is
 * ambiguous. `rows` (the table's first rows) are optional: without them only the headers are read.
 */
export function guessColumns(headers: string[], baselineYear = 2020, rows: string[][] = []): ColumnGuess[] {
  // A baseline column that names its year ("现状值（2021年）") sets the year a bare year column is compared with.
  const namedBase = headers.map((h) => normaliseHeader(h)).filter((h) => BASELINE_WORDS.test(h)).map(yearOf).find((y) => y !== undefined);
  const base = namedBase ?? baselineYear;
  const contentOf = (index: number) => columnContent(rows.slice(0, 200).map((r) => r[index] ?? ''));
  const guesses: ColumnGuess[] = headers.map((raw, index) => {
    const byHeader = roleFromHeader(raw, base);
    const g = (role: ColumnRole, year?: number): ColumnGuess => ({ index, header: raw, role, ...(year ? { year } : {}) });
    if (!rows.length) return byHeader ? g(byHeader.role, byHeader.year) : g('ignore');
    const content = contentOf(index);
    // A bare 单位 (or a unit column) over department names is the responsible unit, not a unit of measure.
    if (byHeader?.role === 'unit' && content === 'department') return g('responsible');
    if (byHeader) return g(byHeader.role, byHeader.year);
    switch (content) {
      case 'mark': return g('mark');
      case 'unit': return g('unit');
      case 'department': return g('responsible');
      default: return g('ignore');
    }
  });
  if (!rows.length) return guesses;
  const has = (role: ColumnRole) => guesses.some((c) => c.role === role);
  // Only one column per role where a table has only one: the first of several stays, the others are unknown.
  for (const role of ['no', 'name', 'mark', 'unit', 'level1', 'level2'] as ColumnRole[]) {
    guesses.filter((c) => c.role === role).slice(1).forEach((c) => { c.role = 'ignore'; });
  }
  const unknown = () => guesses.filter((c) => c.role === 'ignore');
  if (!has('no')) {
    const first = unknown().find((c) => c.index === 0 && contentOf(0) === 'serial');
    if (first) first.role = 'no';
  }
  if (!has('name')) {
    // The column of indicator names: text cells, mostly different from each other, worded like indicators.
    const scored = unknown().map((c) => {
      const values = rows.map((r) => (r[c.index] ?? '').trim()).filter(Boolean);
      const named = values.filter((v) => NAME_WORDS.test(v)).length;
      return { c, score: contentOf(c.index) === 'text' && values.length ? (named / values.length) * new Set(values).size : 0 };
    }).filter((x) => x.score > 0).sort((a, b) => b.score - a.score);
    if (scored[0]) scored[0].c.role = 'name';
  }
  // Unknown text columns left of the name, whose cells repeat or are blank under merged cells: the areas.
  const nameAt = guesses.find((c) => c.role === 'name')?.index;
  if (nameAt !== undefined) {
    const areas = unknown().filter((c) => c.index < nameAt && contentOf(c.index) === 'text' && mergedLike(rows.map((r) => (r[c.index] ?? '').trim())));
    for (const c of areas) {
      if (!has('level1')) c.role = 'level1';
      else if (!has('level2')) c.role = 'level2';
    }
  }
  return guesses;
}

/** Cells that name groups: a fifth or more of them blank (merged) or repeated. */
function mergedLike(values: string[]): boolean {
  const filled = values.filter(Boolean);
  return filled.length > 0 && values.length >= 2 && new Set(filled).size <= values.length * 0.8;
}

/**
 * A header on two rows (目标值 merged over 2023年 | 2025年): the second row's words joined to the first's.
 * The second row is a header row when its cells repeat the header above (merged down) or are years or
 * the words of a value column, and at least one of them is new.
 */
export function mergeHeaderRows(headers: string[], rows: string[][]): { headers: string[]; rows: string[][] } {
  const next = rows[0];
  if (!next) return { headers, rows };
  const sub = /^((19|20)\d{2}年?(目标值?|基准值?|现状值?)?|目标值?|基准值?|现状值?)$/;
  const cells = headers.map((_, i) => normaliseHeader(next[i] ?? ''));
  const fits = cells.every((c, i) => !c || c === normaliseHeader(headers[i]) || sub.test(c));
  const adds = cells.some((c, i) => c && c !== normaliseHeader(headers[i]));
  if (!fits || !adds) return { headers, rows };
  return { headers: headers.map((h, i) => (cells[i] && cells[i] !== normaliseHeader(h) ? `${h}${next[i].trim()}` : h)), rows: rows.slice(1) };
}

/** A star in the name marks a mandatory (★) or self-chosen (☆) indicator; the mark is kept apart from the name. */
export function splitMark(name: string): { name: string; mark: 'mandatory' | 'optional' | null } {
  const mark = name.includes('★') ? 'mandatory' : name.includes('☆') ? 'optional' : null;
  return { name: name.replace(/[★☆]/g, '').trim(), mark };
}

/** Unit from the name's parentheses, e.g. "一般工业固体废物综合利用率（%）". */
export function unitFromName(name: string): string {
  const unit = /[（(]([^（）()]*(%|％|吨|万元|个|家|座|亿元|平方米|‰)[^（）()]*)[）)]\s*$/.exec(name)?.[1];
  return unit ? normaliseUnit(unit) : '';
}

/**
 * Indicators whose value is itself a change from a base year, in %: 下降幅度 (a decline of 6 % is
 * written 6), 增长率. More is better for all of them: a 5 %（较2020年）target on a 下降幅度 means a
 * decline of at least 5 %.
 */
export const CHANGE_INDICATOR = /(下降|降低|减少|削减|增长|提高|提升|增加)(幅度|率)|降幅|增幅|减幅/;

/** Decreasing indicators: intensities, landfill, generation amounts; otherwise from the target's comparator. */
export function guessDirection(name: string, comparators: string[]): 'increase' | 'decrease' {
  if (CHANGE_INDICATOR.test(name)) return 'increase';
  if (comparators.some((c) => c === '<' || c === '<=')) return 'decrease';
  if (comparators.some((c) => c === '>' || c === '>=')) return /强度|填埋|产生量|排放量|清运量/.test(name) ? 'decrease' : 'increase';
  return /强度|填埋量|产生量|排放量|清运量|降低|减少/.test(name) ? 'decrease' : 'increase';
}
