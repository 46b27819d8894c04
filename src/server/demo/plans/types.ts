// The plans of three jurisdictions, entered by the project from their published documents (seeds
// 000, 001, 002) as tables laid out the way each document lays them out. The demo loads them through
// the same column guessing and row reading that an office's Excel import goes through.

/** A table as printed: one header row, then rows of cells as written (merged cells filled in the first row only). */
export interface DemoTable { headers: string[]; rows: string[][] }

export interface DemoPlan {
  /** Where the plan is loaded (GB/T 2260). */
  regionCode: string;
  title: string;
  /** The document it comes from, e.g. "临政办字〔2022〕xx号 附件". */
  source: string;
  baselineYear: number;
  indicators: DemoTable;
  /** Task lists; a row whose only filled cell is a heading like "（一）建立协调机制" starts a section. */
  taskLists: { list: string; table: DemoTable }[];
  /** The project list (项目清单), where the plan has one. */
  projects?: DemoTable;
}
