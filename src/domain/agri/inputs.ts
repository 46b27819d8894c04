// 化肥、农药使用量 (临清 indicators 18 and 19, 天桥 20 and 21, 济宁经开区 19 and 20): counted from the
// farm-input dealers' sales where their books are complete, else from the statistics bureau's figure.
// Fertiliser counts as 折纯量, the tonnes of pure nutrient (N + P2O5 + K2O) its labelled content holds,
// the way agricultural statistics report it; pesticide as product tonnes, with the active ingredient beside.

/** A fertiliser's labelled nutrient content in % of its mass (GB/T 15063 states it as N, P2O5, K2O). */
export interface Nutrients { nPct: number; p2o5Pct: number; k2oPct: number }

/** The total nutrient share of a fertiliser in %; more than 100 % cannot be. */
export const totalNutrientPct = (n: Nutrients) => Math.round((n.nPct + n.p2o5Pct + n.k2oPct) * 1000) / 1000;

/** 折纯量 of a sale in kg: the product's mass times its total nutrient share. */
export const pureNutrientKg = (productKg: number, n: Nutrients) => Math.round(productKg * totalNutrientPct(n) * 10) / 1000;

/** The active ingredient (有效成分) of a pesticide sale in kg: the product's mass times its content. */
export const activeIngredientKg = (productKg: number, contentPct: number) => Math.round(productKg * contentPct * 10) / 1000;

export type UseSource = 'sales' | 'statistics';

/**
 * Whether the dealers' books count for an area's use: every dealer registered there reported a sale in
 * the year. Fewer reporting than registered (or none registered) leaves the statistics figure to count.
 */
export const salesComplete = (reporting: number, registered: number) => registered > 0 && reporting >= registered;

/** The per-亩 figure, kg per 亩 from tonnes over 亩, or null without an area. */
export const perMu = (tonnes: number | null, mu: number | null) => (tonnes !== null && mu && mu > 0 ? Math.round((tonnes * 1000 / mu) * 10_000) / 10_000 : null);

/**
 * A baseline cell written in tonnes, with or without a footnote mark after the unit (济宁经开区's
 * "221吨1", "6165吨1"): its tonnes, or null when it says something else.
 */
export function baselineCellTonnes(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(万吨|吨|t)\s*[0-9¹²³*]?\s*$/.exec(text);
  if (!m) return null;
  return m[2] === '万吨' ? Number(m[1]) * 10_000 : Number(m[1]);
}
