// The exchange board's vocabulary, shared by the server's checks and the console's pages.

/** Units a recycled product may be counted in, with their English; general industrial solid waste is always in tonnes. */
export const PRODUCT_UNIT_LABELS = { 吨: 't', 立方米: 'm³', 万块: '10k pcs', 块: 'pcs', 平方米: 'm²', 件: 'items' } as const;
export type ProductUnit = keyof typeof PRODUCT_UNIT_LABELS;
export const PRODUCT_UNITS = Object.keys(PRODUCT_UNIT_LABELS) as [ProductUnit, ...ProductUnit[]];

type Lang = 'zh' | 'en';
export const unitLabel = (unit: string, lang: Lang) => (lang === 'zh' ? unit : (PRODUCT_UNIT_LABELS as Record<string, string>)[unit] ?? unit);
/** An amount in its unit ("1,200 吨", "3,000 m³"); empty when there is none. */
export const amountLabel = (value: number | null | undefined, unit: string, lang: Lang) =>
  (value === null || value === undefined ? '' : `${Number(value).toLocaleString('zh-CN', { maximumFractionDigits: 3 })} ${unitLabel(unit, lang)}`);
/** A listing's quantity with how often it comes ("120 吨 / 每月"). */
export const listingQuantity = (value: number, unit: string, frequency: string, lang: Lang) => `${amountLabel(value, unit, lang)}${frequency ? ` / ${frequency}` : ''}`;
/** A listing's price per unit, or 面议 when it gives none. */
export const listingPrice = (priceYuan: number | null, unit: string, lang: Lang) =>
  (priceYuan === null ? (lang === 'zh' ? '面议' : 'Negotiable') : `${priceYuan} ${lang === 'zh' ? '元' : 'yuan'}/${unitLabel(unit, lang)}`);
