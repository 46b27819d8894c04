import { describe, expect, it } from 'vitest';
import { parseTarget, meets, judgedInWords, type NumericTarget } from './targets';

describe('reading targets as plans write them', () => {
  it.each([
    ['>95%', { comparator: '>', value: 95, unit: '%' }],
    ['＞97%', { comparator: '>', value: 97, unit: '%' }],
    ['≥90%', { comparator: '>=', value: 90, unit: '%' }],
    ['98%以上', { comparator: '>=', value: 98, unit: '%' }],
    ['≤300', { comparator: '<=', value: 300, unit: '' }],
    ['低于24万吨', { comparator: '<', value: 24, unit: '万吨' }],
    ['100%', { comparator: '>=', value: 100, unit: '%', implicit: true }],
    ['200-300', { comparator: 'between', value: 200, upper: 300, unit: '' }],
    ['200～300吨/万平方米', { comparator: 'between', value: 200, upper: 300, unit: '吨/万平方米' }],
    ['不低于 60%', { comparator: '>=', value: 60, unit: '%' }],
    ['30个', { comparator: '>=', value: 30, unit: '个', implicit: true }],
  ])('reads %s as a numeric target', (text, expected) => {
    expect(parseTarget(text)).toEqual({ kind: 'numeric', ...expected, text });
  });

  it('keeps the base year of a change: 8%（较2020年）', () => {
    expect(parseTarget('8%（较2020年）')).toEqual({ kind: 'numeric', comparator: '>=', value: 8, unit: '%', baseYear: 2020, implicit: true, text: '8%（较2020年）' });
    expect(parseTarget('较2020年降低8%')).toMatchObject({ kind: 'numeric', value: -8, unit: '%', baseYear: 2020 });
  });

  it.each([
    ['稳步降低', 'decrease'],
    ['稳步提升', 'increase'],
    ['完成聊城市下达目标', undefined],
    ['建立协调机制', undefined],
  ])('keeps %s as a qualitative target for a person to assess', (text, direction) => {
    const parsed = parseTarget(text);
    expect(parsed.kind).toBe('qualitative');
    expect((parsed as { direction?: string }).direction).toBe(direction);
    expect(parsed.text).toBe(text);
  });

  it('reads 稳定在90%以上 and keeps a scope note apart: 100%（汽修行业）', () => {
    expect(parseTarget('稳定在90%以上')).toMatchObject({ kind: 'numeric', comparator: '>=', value: 90, unit: '%' });
    expect(parseTarget('100%（汽修行业）')).toMatchObject({ kind: 'numeric', value: 100, unit: '%', scope: '汽修行业', implicit: true });
    expect(parseTarget('＞97%')).not.toHaveProperty('implicit');
  });

  it('treats "/" and "—" as no target', () => {
    expect(parseTarget('/').kind).toBe('none');
    expect(parseTarget('—').kind).toBe('none');
    expect(parseTarget('').kind).toBe('none');
  });

  it('compares values across units: 23.5万吨 meets 低于24万吨', () => {
    const target = parseTarget('低于24万吨') as NumericTarget;
    expect(meets(target, 235_000)).toBe(true);
    expect(meets(target, 240_000)).toBe(false);
    expect(meets(parseTarget('200-300') as NumericTarget, 250)).toBe(true);
  });
});

describe('which years a person judges', () => {
  const targets = (cells: [number, string][]) => cells.map(([year, text]) => ({ year, parsed: parseTarget(text) }));
  it('judges every year of a target in words, and the years after the last figure when words follow it', () => {
    expect(judgedInWords(targets([[2023, '完成'], [2025, '/']]), 2026)).toBe(true);
    const thenWords = targets([[2022, '1.64'], [2023, '稳步降低'], [2025, '稳步降低']]);
    expect(judgedInWords(thenWords, 2022)).toBe(false);
    expect(judgedInWords(thenWords, 2024)).toBe(true);
    // A figure for the last year is measured, whatever the words before it.
    expect(judgedInWords(targets([[2023, '取得初步成效'], [2025, '90%']]), 2026)).toBe(false);
  });
});
