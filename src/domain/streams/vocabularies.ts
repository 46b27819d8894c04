// Vocabularies of manifest fields, shared by the rule tables, the server's value check and the
// console's selects.

import { COLLECTION_METHOD, TREATMENT_METHODS, methodChoice } from '../treatment-methods';

export interface Choice { value: string; zh: string; en: string }

export const RECEPTION_OUTCOMES: Choice[] = [
  { value: 'accepted', zh: '接受', en: 'Accepted' },
  { value: 'partially_refused', zh: '部分拒收', en: 'Partly refused' },
  { value: 'refused', zh: '拒收', en: 'Refused' },
];

export { COLLECTION_METHOD };

/**
 * 利用/处置方式 of a hazardous-waste receiver, as its licence states them (the R, D and C codes of
 * HJ 1259-2022, src/domain/treatment-methods.ts), and collection into store by a licensed collector.
 */
export const HAZARDOUS_METHODS: Choice[] = [
  ...TREATMENT_METHODS.map(methodChoice),
  { value: COLLECTION_METHOD, zh: '收集贮存（持收集经营许可证）', en: 'Collected into store (collection licence)' },
];

/** 利用/处置方式 of a general industrial solid-waste receiver: the same R, D and C codes, nothing typed freely. */
export const INDUSTRIAL_METHODS: Choice[] = TREATMENT_METHODS.map(methodChoice);

export const INDUSTRIAL_PURPOSES: Choice[] = [
  { value: '利用', zh: '利用', en: 'Utilisation' },
  { value: '处置', zh: '处置', en: 'Disposal' },
];
