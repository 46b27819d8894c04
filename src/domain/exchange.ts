// The exchange board's vocabulary, shared by the server's checks and the console's forms.

/** Units a recycled product may be counted in, with their English; general industrial solid waste is always in tonnes. */
export const PRODUCT_UNIT_LABELS = { 吨: 't', 立方米: 'm³', 万块: '10k pcs', 块: 'pcs', 平方米: 'm²', 件: 'items' } as const;
export type ProductUnit = keyof typeof PRODUCT_UNIT_LABELS;
export const PRODUCT_UNITS = Object.keys(PRODUCT_UNIT_LABELS) as [ProductUnit, ...ProductUnit[]];
