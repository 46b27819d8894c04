import { describe, expect, it } from 'vitest';
import { activeIngredientKg, baselineCellTonnes, perMu, pureNutrientKg, salesComplete, totalNutrientPct } from './inputs';

describe('farm-input use', () => {
  it('turns a fertiliser sale into 折纯量 by its N, P2O5 and K2O', () => {
    // 40 kg of a 15-15-15 compound fertiliser holds 18 kg of nutrient; 1 t of urea (46 % N) 460 kg.
    expect(totalNutrientPct({ nPct: 15, p2o5Pct: 15, k2oPct: 15 })).toBe(45);
    expect(pureNutrientKg(40, { nPct: 15, p2o5Pct: 15, k2oPct: 15 })).toBe(18);
    expect(pureNutrientKg(1000, { nPct: 46, p2o5Pct: 0, k2oPct: 0 })).toBe(460);
  });

  it('gives a pesticide’s active ingredient from its content', () => {
    expect(activeIngredientKg(200, 5)).toBe(10);
    expect(activeIngredientKg(0.5, 1.8)).toBe(0.009);
  });

  it('counts the dealers’ books only when every registered dealer reported', () => {
    expect(salesComplete(20, 20)).toBe(true);
    expect(salesComplete(19, 20)).toBe(false);
    expect(salesComplete(0, 0)).toBe(false);
  });

  it('reads a baseline in tonnes with a footnote mark, and nothing else', () => {
    expect(baselineCellTonnes('221吨1')).toBe(221);
    expect(baselineCellTonnes('6165吨1')).toBe(6165);
    expect(baselineCellTonnes('1.2万吨')).toBe(12_000);
    expect(baselineCellTonnes('4.15%（较2019年）')).toBeNull();
    expect(baselineCellTonnes('/')).toBeNull();
  });

  it('divides by the sown area in kg per 亩', () => {
    expect(perMu(1.5, 1000)).toBe(1.5);
    expect(perMu(1, 0)).toBeNull();
  });
});
