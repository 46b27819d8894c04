// 利用/处置方式: the codes a receiver writes on a manifest (危险废物转移联单) and an operator on its
// licence and ledger, as HJ 1259-2022 (危险废物管理计划和管理台账制定技术导则) and the 经营许可证 use
// them: R for utilisation, D for disposal (numbered after Annex IV of the Basel Convention), C for the
// other ways the national forms list (co-processing in a cement kiln, building materials, cleaning
// packaging). D6, D7 and D11 (into water, into the sea, incineration at sea) are left out: they are
// forbidden here, and no receiver may pick them. One list serves the rule tables, the server's value
// check, the console's select and the 大屏's node names.

export interface TreatmentMethod { value: string; zh: string; en: string; kind: 'utilisation' | 'disposal' | 'other' }

const R: [number, string, string][] = [
  [1, '作为燃料（直接燃烧除外）或以其他方式产生能量', 'Used as fuel (not direct burning) or to generate energy'],
  [2, '溶剂回收/再生（如蒸馏、萃取等）', 'Solvent reclamation or regeneration (distillation, extraction)'],
  [3, '再循环/再利用不是用作溶剂的有机物', 'Recycling of organic substances not used as solvents'],
  [4, '再循环/再利用金属和金属化合物', 'Recycling of metals and metal compounds'],
  [5, '再循环/再利用其他无机物', 'Recycling of other inorganic materials'],
  [6, '再生酸或碱', 'Regeneration of acids or bases'],
  [7, '回收污染减除剂的组分', 'Recovery of components used for pollution abatement'],
  [8, '回收催化剂组分', 'Recovery of components from catalysts'],
  [9, '废油再提炼或其他废油的再利用', 'Used-oil re-refining or other reuse of oil'],
  [10, '土地处理，使农业或生态改善受益', 'Land treatment benefiting agriculture or ecology'],
  [11, '使用 R1–R10 所得的残余物', 'Use of residues from R1–R10'],
  [12, '交换废物以进行 R1–R11', 'Exchange of wastes for R1–R11'],
  [13, '为 R1–R12 积累物料', 'Accumulation of material for R1–R12'],
  [15, '其他利用方式', 'Other utilisation'],
];

const D: [number, string, string][] = [
  [1, '填埋', 'Landfill'],
  [2, '土地处理', 'Land treatment'],
  [3, '深层灌注', 'Deep injection'],
  [4, '地表存放', 'Surface impoundment'],
  [5, '特别设计的填埋', 'Specially engineered landfill'],
  [8, '生物处理', 'Biological treatment'],
  [9, '物理化学处理', 'Physico-chemical treatment'],
  [10, '焚烧', 'Incineration'],
  [12, '永久贮存', 'Permanent storage'],
  [13, '处置前混合', 'Blending before disposal'],
  [14, '处置前重新包装', 'Repackaging before disposal'],
  [15, '处置前暂时贮存', 'Storage pending disposal'],
  [16, '其他处置方式', 'Other disposal'],
];

const C: [number, string, string][] = [
  [1, '水泥窑协同处置', 'Co-processing in a cement kiln'],
  [2, '生产建筑材料', 'Making building materials'],
  [3, '清洗（包装容器）', 'Cleaning (packaging)'],
];

/** The R, D and C codes, each with its name in Chinese and English ("D10 焚烧" as the select shows it). */
export const TREATMENT_METHODS: TreatmentMethod[] = [
  ...R.map(([n, zh, en]) => ({ value: `R${n}`, zh, en, kind: 'utilisation' as const })),
  ...D.map(([n, zh, en]) => ({ value: `D${n}`, zh, en, kind: 'disposal' as const })),
  ...C.map(([n, zh, en]) => ({ value: `C${n}`, zh, en, kind: 'other' as const })),
];

/** What a licensed collector writes at reception: it stores; the receiver after it treats. */
export const COLLECTION_METHOD = '收集贮存';

/** The code with its name, in one language: "D10 焚烧", "D10 Incineration". */
export const methodChoice = (m: TreatmentMethod) => ({ value: m.value, zh: `${m.value} ${m.zh}`, en: `${m.value} ${m.en}` });

/**
 * A method as a reader sees it: a code with its name, the collector's 收集贮存, or, for manifests
 * signed before the list was enforced (free text, kept as written: manifests are append-only), the
 * text itself.
 */
export function methodLabel(value: string | null | undefined, lang: 'zh' | 'en' = 'zh'): string {
  if (!value) return '';
  const found = TREATMENT_METHODS.find((m) => m.value === value);
  if (found) return `${found.value} ${lang === 'zh' ? found.zh : found.en}`;
  if (value === COLLECTION_METHOD) return lang === 'zh' ? '收集贮存' : 'Collected into store';
  return value;
}
