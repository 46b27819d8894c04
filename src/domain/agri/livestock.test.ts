import { describe, expect, it } from 'vitest';
import { estimatedManureT, facilityGaps, isScaleFarm, manureBalance, pigEquivalents, requiredStorageM3, utilisationRate, speciesRule, SPECIES } from './livestock';
import { LIVESTOCK_SETTINGS } from './livestock-settings';

describe('scale farms', () => {
  it('reads pigs, beef cattle, sheep, broilers and ducks by head sold, dairy cows and laying hens by head in stock', () => {
    expect(isScaleFarm('pig', { stock: 300, sold: 560 }, 500)).toBe(true);
    expect(isScaleFarm('pig', { stock: 120, sold: 210 }, 500)).toBe(false);
    expect(isScaleFarm('dairy_cattle', { stock: 150, sold: 30 }, 100)).toBe(true);
    expect(isScaleFarm('layer', { stock: 9000, sold: 60_000 }, 10_000)).toBe(false);
    expect(isScaleFarm('broiler', { stock: 8000, sold: 45_000 }, 50_000)).toBe(false);
    expect(isScaleFarm('beef_cattle', { stock: 90, sold: 75 }, 50)).toBe(true);
  });

  it('declares one regional setting per species, defaulting to its threshold, and the storage days', () => {
    expect(LIVESTOCK_SETTINGS.map((s) => s.key)).toEqual([...SPECIES.map((s) => `livestock.scale.${s.value}`), 'livestock.storage_days']);
    expect(LIVESTOCK_SETTINGS.find((s) => s.key === 'livestock.scale.pig')!.default).toBe(500);
    expect(LIVESTOCK_SETTINGS.every((s) => s.domains.includes('agriculture') && s.basis.length > 10)).toBe(true);
  });
});

describe('pig equivalents (农办牧〔2018〕1号)', () => {
  it('counts 100 pigs as 15 dairy cows, 30 beef cattle, 250 sheep or 2,500 poultry', () => {
    expect(pigEquivalents('dairy_cattle', 15)).toBeCloseTo(100, 9);
    expect(pigEquivalents('beef_cattle', 30)).toBeCloseTo(100, 9);
    expect(pigEquivalents('sheep', 250)).toBeCloseTo(100, 9);
    expect(pigEquivalents('layer', 2500)).toBeCloseTo(100, 9);
    expect(pigEquivalents('duck', 2500)).toBeCloseTo(100, 9);
  });
});

describe('manure', () => {
  it('estimates a month from head in stock, the daily coefficient and the days of the month', () => {
    expect(estimatedManureT('pig', 2400, 2026, 2)).toBeCloseTo(2400 * 0.012 * 28, 6);
    expect(estimatedManureT('pig', 2400, 2024, 2)).toBeCloseTo(2400 * 0.012 * 29, 6);
    expect(estimatedManureT('layer', 10_000, 2026, 1)).toBeCloseTo(10_000 * speciesRule('layer')!.dailyManureT * 31, 6);
  });

  it('counts what was used by every way and leaves no negative remainder', () => {
    expect(manureBalance({ generatedT: 100, fieldT: 60, fertiliserT: 18.9, biogasT: 10, soldT: 0 })).toEqual({ usedT: 88.9, unusedT: 11.1 });
    expect(manureBalance({ generatedT: 100, fieldT: 120, fertiliserT: 0, biogasT: 0, soldT: 0 }).unusedT).toBe(0);
  });

  it('caps the utilisation rate at what was generated', () => {
    expect(utilisationRate(92, 100)).toBe(92);
    expect(utilisationRate(130, 100)).toBe(100);
    expect(utilisationRate(1, 0)).toBeNull();
  });
});

describe('facilities', () => {
  const complete = { storageM3: 4320, dryYardM2: 800, covered: true, rainSeparated: true };
  it('needs a liquid store of head × daily slurry × storage days', () => {
    expect(requiredStorageM3('pig', 2400, 180)).toBe(4320);
    expect(facilityGaps('pig', 2400, complete, 180)).toEqual([]);
    expect(facilityGaps('pig', 2400, { ...complete, storageM3: 4319 }, 180)).toEqual(['storage']);
  });

  it('names every gap: rain and sewage together, an uncovered yard, no dry-manure yard', () => {
    expect(facilityGaps('pig', 2400, { storageM3: 0, dryYardM2: 0, covered: false, rainSeparated: false }, 180)).toEqual(['rain_separated', 'covered', 'dry_yard', 'storage']);
  });

  it('asks no liquid store of species without slurry', () => {
    expect(facilityGaps('sheep', 900, { ...complete, storageM3: 0 }, 180)).toEqual([]);
  });
});
