// 无废细胞 (zero-waste cells): a shop, school, community, office or restaurant that meets a checklist
// and is named (命名) by its competent department after an on-site check. Only 无废商场 is built now
// (seed 004 三(六)); the public-side issue adds the other kinds by adding a kind and its checklist here.

export interface ChecklistItem { key: string; zh: string; en: string; hint: { zh: string; en: string } }

export interface CellKind {
  value: string; zh: string; en: string;
  /** The department domain that checks and names this kind. */
  domain: 'commerce';
  /** The capability an organisation needs to apply. */
  capability: 'mall';
  checklist: ChecklistItem[];
}

export const CELL_KINDS: CellKind[] = [
  {
    value: 'mall', zh: '无废商场', en: 'Zero-waste mall', domain: 'commerce', capability: 'mall',
    // Seed 004 三(六) and 三(十): recyclable packaging, a green-products area, sorting facilities, and the
    // 光盘行动 / 节俭消费 signs.
    checklist: [
      { key: 'packaging', zh: '可循环包装材料', en: 'Recyclable packaging', hint: { zh: '引导商户选用可循环、可降解包装，减少过度包装', en: 'Tenants use reusable or recyclable packaging; no over-packaging' } },
      { key: 'green_zone', zh: '绿色产品专区（环境标志产品、节能产品）', en: 'Green products area (eco-labelled, energy-saving)', hint: { zh: '设置环境标志产品、节能产品专门销售区域', en: 'A sales area for eco-labelled and energy-saving products' } },
      { key: 'sorting', zh: '垃圾分类设施', en: 'Waste sorting facilities', hint: { zh: '合理布置四分类投放设施并有专人管理', en: 'Four-bin sorting points, placed sensibly and looked after' } },
      { key: 'publicity', zh: '宣传（光盘行动、节俭消费标识）', en: 'Publicity (clean-plate and thrift signs)', hint: { zh: '餐饮区设置节俭消费标识，开展绿色消费宣传', en: 'Thrift signs in the food court; green-consumption publicity' } },
    ],
  },
];

export const CELL_KIND_VALUES = CELL_KINDS.map((k) => k.value) as [string, ...string[]];
export const cellKind = (value: string) => CELL_KINDS.find((k) => k.value === value);

/** The steps of a cell's history, each appended; the latest decides its state. */
export const CELL_STEPS = ['submit', 'check', 'approve', 'return'] as const;
export type CellStep = (typeof CELL_STEPS)[number];

export const CELL_STATES = {
  submitted: { zh: '已提交待核查', en: 'Submitted, awaiting the check' },
  checked: { zh: '已现场核查', en: 'Checked on site' },
  approved: { zh: '已命名', en: 'Named' },
  returned: { zh: '退回修改', en: 'Returned for changes' },
} as const;
export type CellState = keyof typeof CELL_STATES;

export const STATE_AFTER: Record<CellStep, CellState> = { submit: 'submitted', check: 'checked', approve: 'approved', return: 'returned' };

/** Which step may follow the current state (null: none yet). A named cell is final. */
export function stepAllowed(state: CellState | null, step: CellStep): boolean {
  switch (step) {
    case 'submit': return state === null || state === 'returned';
    case 'check': return state === 'submitted' || state === 'checked';
    case 'return': return state === 'submitted' || state === 'checked';
    case 'approve': return state === 'checked';
  }
}

/**
 * 无废商场 targets of seed 004 四(二): each county (县市区) at least 2 by the end of 2023 and 3 in all by
 * the end of 2024; each development zone (开发区、高新区、度假区) 1 and 2; the city 30 in all by the end of 2025.
 */
export const MALL_TARGETS = {
  county: [{ year: 2023, count: 2 }, { year: 2024, count: 3 }],
  zone: [{ year: 2023, count: 1 }, { year: 2024, count: 2 }],
  city: [{ year: 2025, count: 30 }],
} as const;

/** The cumulative target an area has for the end of a year (the latest target at or before it), or null before the first. */
export function cumulativeTarget(targets: readonly { year: number; count: number }[], year: number): number | null {
  const due = targets.filter((t) => t.year <= year);
  return due.length ? due[due.length - 1].count : null;
}
