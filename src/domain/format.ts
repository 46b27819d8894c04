// How the console writes an indicator's figures: in the indicator's unit, rounded as a person would
// write them in a report (45.7%, 11,766.9 吨, 1.50 亿元, 0.039 吨/万元), never as the float the
// computation left ("45.679000000001").

export type Lang = 'zh' | 'en';

const PERCENT = /^[%％]$/;
const PERMILLE = /^‰$/;
const MONEY = /^(亿元|万元|元)$/;
const TONNES = /^(吨|万吨|t|公斤|千克)$/;
// An intensity or a rate per something (吨/万元, 吨/万平方米, 公斤/人·日).
const PER = /[/／]/;
const COUNT = /^(个|家|座|处|项|次|件|辆|台|人|户|所|条|批)$/;

/** English for the units plans write in Chinese; any other unit is shown as written. */
const UNIT_EN: Record<string, string> = {
  吨: 't', 万吨: '10 kt', 公斤: 'kg', 千克: 'kg', 元: 'yuan', 万元: '10k yuan', 亿元: '100M yuan',
  平方米: 'm²', 万平方米: '10k m²', 立方米: 'm³', '吨/万元': 't per 10k yuan', '吨/万平方米': 't per 10k m²',
};

const grouped = (value: number, min: number, max: number) =>
  new Intl.NumberFormat('zh-CN', { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: true }).format(value);

/** Decimals for a weight: fewer as it grows, so 11,766.9 吨 and 0.125 吨 both read naturally. */
const tonneDecimals = (value: number) => (Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 1 ? 2 : 3);

/** The number alone, rounded for its unit, with thousands separators. */
export function formatNumber(value: number, unit: string): string {
  const u = unit.trim();
  if (!Number.isFinite(value)) return '';
  if (PERCENT.test(u) || PERMILLE.test(u)) return grouped(value, 0, 1);
  if (MONEY.test(u)) return grouped(value, 2, 2);
  if (PER.test(u)) {
    // Intensities are small: keep three significant digits below 10 (0.039, 3.21), two decimals above.
    if (value !== 0 && Math.abs(value) < 10) return new Intl.NumberFormat('zh-CN', { maximumSignificantDigits: 3 }).format(value);
    return grouped(value, 0, 2);
  }
  if (TONNES.test(u)) return grouped(value, 0, tonneDecimals(value));
  if (COUNT.test(u)) return grouped(value, 0, Number.isInteger(value) ? 0 : 1);
  return grouped(value, 0, Math.abs(value) >= 1000 ? 1 : 2);
}

/** The unit as the reader's language writes it. */
export const unitText = (unit: string, lang: Lang) => (lang === 'zh' ? unit.trim() : UNIT_EN[unit.trim()] ?? unit.trim());

/** A figure with its unit ("45.7%", "12,345.6 吨", "1.50 亿元"); empty for a missing value. */
export function formatValue(value: number | null | undefined, unit: string, lang: Lang = 'zh'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const u = unit.trim();
  const n = formatNumber(value, u);
  if (!u) return n;
  if (PERCENT.test(u) || PERMILLE.test(u)) return `${n}${u === '％' ? '%' : u}`;
  return `${n} ${unitText(u, lang)}`;
}

// A unit as plans write it after a number in a baseline or target ("74%", "低于24万吨", "1.5亿元").
const UNIT_AFTER_NUMBER = /\d\s*(%|％|‰|吨\/万元|吨\/万平方米|万吨|吨|亿元|万元|元|万平方米|平方米|个|家|座|处|项)/;

/**
 * The unit an indicator's value is in: its own unit column where the plan has one, else the unit its
 * targets are written in, else its baseline's (a plan without a 单位 column writes "74%" in each target).
 */
export function indicatorUnit(row: { unit: string; targets: { text: string }[]; baselineText: string }): string {
  if (row.unit.trim()) return row.unit.trim();
  for (const text of [...row.targets.map((t) => t.text), row.baselineText]) {
    const hit = UNIT_AFTER_NUMBER.exec(text);
    if (hit) return hit[1] === '％' ? '%' : hit[1];
  }
  return '';
}

const HAZARD_NAMES: Record<string, [string, string]> = { T: ['毒性', 'toxic'], C: ['腐蚀性', 'corrosive'], I: ['易燃性', 'ignitable'], R: ['反应性', 'reactive'], In: ['感染性', 'infectious'] };

/**
 * 危险特性 in words (毒性、易燃性), from the letters the 名录 writes (T、I), as a list or as one text
 * ("T、I", "T,I", "T/In"). A letter the list does not know is kept as written.
 */
export function hazardText(letters: readonly string[] | string | null | undefined, lang: Lang = 'zh'): string {
  const list = typeof letters === 'string' ? letters.split(/[,，/、\s]+/).filter(Boolean) : [...(letters ?? [])];
  const names = list.map((h) => (HAZARD_NAMES[h] ? HAZARD_NAMES[h][lang === 'zh' ? 0 : 1] : h));
  return names.join(lang === 'zh' ? '、' : ', ');
}

// The unit a count of containers is read in, from what the packaging says it is.
const CONTAINER_UNITS: [RegExp, string, string][] = [[/桶|drum/i, '桶', 'drums'], [/袋|bag/i, '袋', 'bags'], [/箱|box/i, '箱', 'boxes'], [/罐|tank/i, '罐', 'tanks']];

/** 包装数量 as a whole number with its unit: "4 桶" for 200L铁桶, "3 袋", otherwise "4 件" (never "4.000"). */
export function containerCountText(count: number | string | null | undefined, packaging: string | null | undefined, lang: Lang = 'zh'): string {
  const n = Number(count);
  if (count === null || count === undefined || count === '' || !Number.isFinite(n)) return '';
  const unit = CONTAINER_UNITS.find(([re]) => re.test(packaging ?? ''));
  return `${grouped(Math.round(n), 0, 0)} ${unit ? unit[lang === 'zh' ? 1 : 2] : lang === 'zh' ? '件' : 'items'}`;
}

/** Tonnes as the console writes a weight it shows (45.68 吨, 0.125 吨, 11,766.9 吨). */
export const tonnesText = (value: number | null | undefined, lang: Lang = 'zh') => formatValue(value, '吨', lang);
