import { describe, expect, it } from 'vitest';
import { DEFAULT_COEFFICIENTS, strawFigures, utilisationRate, yieldFromPerMu, type StrawUses } from './straw';

const uses = (o: Partial<StrawUses>): StrawUses => ({ fieldReturnT: 0, fertiliserT: 0, feedT: 0, fuelT: 0, substrateT: 0, materialT: 0, ...o });

describe('the straw resource ledger arithmetic', () => {
  it('computes theoretical and collectable straw from yield and the crop’s coefficients', () => {
    // 10 000 t of wheat × 1.1 = 11 000 t of straw; × 0.85 = 9 350 t collectable.
    const f = strawFigures(10_000, DEFAULT_COEFFICIENTS.wheat, uses({ fieldReturnT: 7000, feedT: 1900 }));
    expect(f).toEqual({ theoreticalT: 11_000, collectableT: 9350, usedT: 8900, rate: 95.19 });
  });
  it('sums all five uses, both parts of 肥料化 included', () => {
    expect(strawFigures(100, { grainRatio: 1, collectableShare: 1 }, uses({ fieldReturnT: 10, fertiliserT: 20, feedT: 30, fuelT: 5, substrateT: 3, materialT: 2 })).usedT).toBe(70);
  });
  it('gives no rate without collectable straw', () => {
    expect(utilisationRate(0, 0)).toBeNull();
    expect(utilisationRate(96, 100)).toBe(96);
  });
  it('turns 公斤/亩 and 亩 into tonnes', () => {
    expect(yieldFromPerMu(420, 10_000)).toBe(4200);
  });
});
