// Vocabularies of manifest fields, shared by the rule tables, the server's value check and the
// console's selects.

export interface Choice { value: string; zh: string; en: string }

export const RECEPTION_OUTCOMES: Choice[] = [
  { value: 'accepted', zh: '接受', en: 'Accepted' },
  { value: 'partially_refused', zh: '部分拒收', en: 'Partly refused' },
  { value: 'refused', zh: '拒收', en: 'Refused' },
];

/** What a licensed collector enters as its method at reception: it stores, the receiver after it treats. */
export const COLLECTION_METHOD = '收集贮存';

const R_LABELS: Record<number, string> = {
  1: '作为燃料或以其他方式产生能量', 2: '溶剂回收/再生', 3: '再循环/再利用有机物', 4: '再循环/再利用金属和金属化合物',
  5: '再循环/再利用其他无机物', 6: '再生酸或碱', 7: '回收污染减除剂的组分', 8: '回收催化剂组分', 9: '废油再提炼或其他废油再利用',
};
const D_LABELS: Record<number, string> = { 1: '填埋', 9: '物理化学处理', 10: '焚烧', 16: '其他处置方式' };

/**
 * 利用/处置方式 of a hazardous-waste receiver, as its licence states them: R codes for utilisation,
 * D codes for disposal (the Basel Convention's Annex IV numbering the national list follows), C codes
 * for co-processing in a cement kiln or another industrial furnace, and collection into store.
 */
export const HAZARDOUS_METHODS: Choice[] = [
  ...Array.from({ length: 15 }, (_, i) => ({ value: `R${i + 1}`, zh: `R${i + 1} ${R_LABELS[i + 1] ?? (i + 1 === 15 ? '其他利用方式' : '利用')}`, en: `R${i + 1} utilisation` })),
  ...Array.from({ length: 16 }, (_, i) => ({ value: `D${i + 1}`, zh: `D${i + 1} ${D_LABELS[i + 1] ?? '处置'}`, en: `D${i + 1} disposal` })),
  ...Array.from({ length: 5 }, (_, i) => ({ value: `C${i + 1}`, zh: `C${i + 1} ${i === 0 ? '水泥窑协同处置' : '协同处置'}`, en: `C${i + 1} co-processing` })),
  { value: COLLECTION_METHOD, zh: '收集贮存（持收集经营许可证）', en: 'Collected into store (collection licence)' },
];

export const INDUSTRIAL_PURPOSES: Choice[] = [
  { value: '利用', zh: '利用', en: 'Utilisation' },
  { value: '处置', zh: '处置', en: 'Disposal' },
];
