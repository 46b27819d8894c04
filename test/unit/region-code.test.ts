import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { impliedParent, isRegionCode, regionLevelOf, regionScopePrefix, regionWithin } from '../../src/domain/region-code';

// GB/T 2260 region codes and the prefix scoping every list depends on.
const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'.split('')), { minLength: n, maxLength: n }).map((a) => a.join(''));
const nonZero2 = fc.integer({ min: 1, max: 99 }).map((n) => String(n).padStart(2, '0'));
const county = fc.tuple(fc.integer({ min: 11, max: 65 }), nonZero2, nonZero2).map(([p, c, k]) => `${p}${c}${k}`);

describe('region codes', () => {
  it.each(['370000', '371500', '371581', '371581101'])('knows %s as a region code', (code) => {
    expect(isRegionCode(code)).toBe(true);
  });

  it.each(['37158', '3715811', '37158110', '3715811010', '37158a', ' 371581', ''])('refuses %j as a region code', (code) => {
    expect(isRegionCode(code)).toBe(false);
    expect(regionLevelOf(code)).toBeNull();
  });

  it.each([['370000', 'province'], ['371500', 'city'], ['371581', 'county'], ['371525', 'county'], ['371581101', 'town'], ['371581001', 'town']])('reads %s as a %s', (code, level) => {
    expect(regionLevelOf(code)).toBe(level);
  });

  it.each([['370000', '37'], ['371500', '3715'], ['371581', '371581'], ['371581101', '371581101']])('scopes %s by the prefix %s', (code, prefix) => {
    expect(regionScopePrefix(code)).toBe(prefix);
  });

  it('refuses to scope something that is not a region code', () => {
    expect(() => regionScopePrefix('abc')).toThrow('not a region code: abc');
  });

  it.each([
    ['371581101', '371581', true], ['371581', '371581', true], ['371581', '371500', true], ['371525001', '371500', true],
    ['371581', '370000', true], ['371525001', '371581', false], ['371581', '371525', false], ['371500', '371581', false],
    ['371581102', '371581101', false], ['381581', '370000', false], ['3715810', '371581', true],
  ] as const)('puts %s within %s: %s', (code, scope, within) => {
    expect(regionWithin(code, scope)).toBe(within);
  });

  it.each([['371581101', '371581'], ['371581', '371500'], ['371500', '370000'], ['370000', null]])('gives %s the parent %s', (code, parent) => {
    expect(impliedParent(code)).toBe(parent);
  });

  it('puts every town of a county within the county, its city and its province, and in no other county', () => {
    fc.assert(fc.property(county, digits(3), county, (countyCode, town, other) => {
      const townCode = `${countyCode}${town}`;
      expect(regionWithin(townCode, countyCode)).toBe(true);
      expect(regionWithin(townCode, `${countyCode.slice(0, 4)}00`)).toBe(true);
      expect(regionWithin(townCode, `${countyCode.slice(0, 2)}0000`)).toBe(true);
      if (other !== countyCode) expect(regionWithin(townCode, other)).toBe(false);
    }));
  });

  it('climbs from any town to its province in three steps', () => {
    fc.assert(fc.property(county, digits(3), (countyCode, town) => {
      const chain: (string | null)[] = [`${countyCode}${town}`];
      while (chain.at(-1)) chain.push(impliedParent(chain.at(-1)!));
      expect(chain.map((c) => c && regionLevelOf(c))).toEqual(['town', 'county', 'city', 'province', null]);
    }));
  });
});
