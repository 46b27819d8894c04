import type { Db } from '../db/database';

// What an indicator formula is. Indicators whose data is on the platform are computed, never typed in.
// A formula says in words how it counts (open-sdg style), names the inputs it reads, returns numerator
// and denominator (so a city's value is recomputed from its counties' sums, never averaged from their
// rates), and can list the records behind a value. The registry is indicators/formulas.ts.

export type Text = { zh: string; en: string };

/** Where an input comes from: the ledger's sums, manifests, a register (organisations, credentials, parks …), statistics (统计数据), the plan itself (its baseline), the weighbridges' daily sums, or the answers to a survey (问卷调查). */
export type InputKind = 'ledger' | 'manifests' | 'declarations' | 'registry' | 'statistics' | 'plan' | 'weighbridge' | 'survey';

export interface FormulaInput { key: string; kind: InputKind; label: Text; unit: string }

/** What the formula is asked: the region (a city sums its counties), the year, and the indicator it is bound to. */
export interface FormulaQuery {
  regionCode: string;
  year: number;
  /** The indicator's unit as written (%, 吨/万元, 亿元, 个 …). */
  unit: string;
  /** The plan's base year and the indicator's baseline figure (in the indicator's base unit) when the table gives one. */
  baselineYear: number;
  baselineValue: number | null;
  /** The baseline cell as written (11766.86吨, 97%, /), for formulas that need its unit. */
  baselineText: string;
}

export interface Computed {
  numerator: number;
  /** Null for a sum or a count (investment, tonnes, units), which rolls up by adding. */
  denominator: number | null;
  value: number | null;
  /** Every input with the figure it had, so a person can check the arithmetic. */
  inputs?: { key: string; value: number | null; note?: Text }[];
  /** Why there is no value, when there is none (no statistics for the year, no base-year figure …). */
  missing?: Text;
}

export interface RecordColumn { key: string; label: Text; kind?: 'text' | 'number' | 'date' | 'tonnes' }
export interface RecordsPage {
  columns: RecordColumn[];
  /** Each record with its cells by column key, and where the console shows it, when it has a page. */
  items: { id: string; href: string | null; cells: Record<string, string | number | null> }[];
  total: number;
}

export interface Formula {
  key: string;
  /** The formula in one line, 名称 = 分子 / 分母. */
  label: Text;
  /** How it counts, in words: what is in, what is out, which day decides. */
  method: Text;
  inputs: FormulaInput[];
  /** Names in indicator tables that mean this formula. */
  matches: RegExp;
  /** Units of indicators it can give a value for (the office cannot bind it to any other). */
  units: RegExp;
  compute: (db: Db, q: FormulaQuery) => Promise<Computed>;
  /**
   * Department domains (besides the zero-waste office) whose officials may list the records behind a
   * value; every official who sees the plan sees the figures themselves.
   */
  recordsFor?: readonly string[];
  /** The records the value counted, a page at a time. */
  records?: (db: Db, q: FormulaQuery, page: { offset: number; limit: number }) => Promise<RecordsPage>;
}

/** A share in % with three decimals kept (the page rounds), or null without a denominator. */
export const percent = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 100_000) / 1000 : null);

/** A relative decline in % from the base: positive when the figure fell (下降幅度), negative when it rose. */
export const declineFrom = (base: number, current: number) => (base > 0 ? Math.round(((base - current) / base) * 100_000) / 1000 : null);

const DAY = 86_400_000;

/** How much of a calendar year has gone by in Asia/Shanghai, today counted: 1 for a past year, 0 for one to come. */
export function yearElapsed(year: number, now = new Date()): number {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  const current = shanghai.getUTCFullYear();
  if (year < current) return 1;
  if (year > current) return 0;
  const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY;
  const gone = Math.floor((shanghai.getTime() - Date.UTC(year, 0, 1)) / DAY) + 1;
  return gone / days;
}

/**
 * A year's amount as a whole year's: while the year runs, the amount so far over the share of the year
 * gone by, so that a decline against a full base year is not flattered by the months still to come.
 */
export const annualised = (year: number, soFar: number, now = new Date()) => {
  const share = yearElapsed(year, now);
  return share > 0 && share < 1 ? soFar / share : soFar;
};

/** Units: a percentage, or blank (a table without a unit column, whose targets say %). */
export const PERCENT_UNIT = /^(%|％|)$/;
export const COUNT_UNIT = /^(个|家|座|处|项|)$/;

/** The bounds of a calendar year in Asia/Shanghai, for SQL. */
export const yearStart = (year: number) => `${year}-01-01`;
export const yearEnd = (year: number) => `${year + 1}-01-01`;
