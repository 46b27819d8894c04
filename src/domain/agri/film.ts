// 农膜 (farm film): the vocabularies of the film ledgers and the rules they follow.
// 农用薄膜管理办法 (2020): selling PE mulch film thinner than 0.010 mm is forbidden (GB 13735-2017 sets
// 0.010 mm as the least thickness of polyethylene mulch); sellers, users, collection points and
// recyclers keep ledgers at least two years. 农膜回收率 = film taken back ÷ film used.

export const FILM_TYPES = [
  { value: 'pe_mulch', zh: 'PE 地膜', en: 'PE mulch film' },
  { value: 'biodegradable_mulch', zh: '全生物降解地膜', en: 'Fully biodegradable mulch' },
  { value: 'greenhouse', zh: '棚膜', en: 'Greenhouse film' },
  { value: 'other', zh: '其他农膜', en: 'Other film' },
] as const;
export type FilmType = (typeof FILM_TYPES)[number]['value'];

/** The four ledgers: a dealer's sales, a user's use, a collection point's take-back, a recycler's intake. */
export const FILM_LEDGERS = [
  { value: 'sale', zh: '销售', en: 'Sale', capability: 'agri_dealer' },
  { value: 'use', zh: '使用', en: 'Use', capability: 'farm' },
  { value: 'takeback', zh: '回收', en: 'Take-back', capability: 'collection_station' },
  { value: 'intake', zh: '再生利用入库', en: 'Recycler intake', capability: 'recycler' },
] as const;
export type FilmLedger = (typeof FILM_LEDGERS)[number]['value'];

/** 农用薄膜管理办法 / GB 13735-2017: the least thickness of PE mulch film that may be sold, mm. */
export const MIN_PE_MULCH_MM = 0.01;

/** Whether a sale is of forbidden film: PE mulch under 0.010 mm. */
export const forbiddenMulch = (filmType: string, thicknessMm: number) => filmType === 'pe_mulch' && thicknessMm < MIN_PE_MULCH_MM - 1e-9;

/** The ledger a company keeps by its capabilities (the first that matches), or null. */
export const ledgerOf = (capabilities: readonly string[]): FilmLedger | null => FILM_LEDGERS.find((l) => capabilities.includes(l.capability))?.value ?? null;

/** 农膜回收率 in % to 2 decimals, null without film used. */
export const recoveryRate = (collectedT: number, usedT: number) => (usedT > 0 ? Math.round((collectedT / usedT) * 10_000) / 100 : null);

/** How long the ledgers are kept at least (农用薄膜管理办法: 台账保存两年以上). */
export const LEDGER_KEPT_YEARS = 2;

export const filmTypeLabel = (value: string) => FILM_TYPES.find((t) => t.value === value) ?? { value, zh: value, en: value };
export const filmLedgerLabel = (value: string) => FILM_LEDGERS.find((t) => t.value === value) ?? { value, zh: value, en: value, capability: '' };
