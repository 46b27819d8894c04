import { describe, expect, it } from 'vitest';
import { keyOf, parseFigure, valueProblem, yearProblem } from './values';
import { statisticKey } from './keys';

const gdp = statisticKey('gdp')!;
const population = statisticKey('resident_population')!;

describe('a statistical figure', () => {
  it('takes a plausible GDP in 万元 with up to four decimals', () => {
    expect(valueProblem(gdp, 4_215_600.25)).toBeNull();
    expect(valueProblem(gdp, 0)).toBeNull();
    expect(valueProblem(gdp, 0.1 + 0.2)).toBeNull();
  });

  it('refuses a negative value, naming the statistic', () => {
    expect(valueProblem(gdp, -1)?.zh).toBe('地区生产总值不能为负（-1）');
  });

  it('refuses a fraction of a person, and more decimals than are kept', () => {
    expect(valueProblem(population, 721_380.5)?.zh).toContain('应为整数');
    expect(valueProblem(population, 721_380)).toBeNull();
    expect(valueProblem(gdp, 1.00001)?.en).toContain('at most 4 decimal places');
  });

  it('refuses an implausibly large or non-finite value', () => {
    expect(valueProblem(gdp, 2e12)?.en).toContain('implausibly large');
    expect(valueProblem(gdp, Number.NaN)?.en).toContain('must be a number');
  });

  it('is for a year from 1990 to next year', () => {
    expect(yearProblem(1990, 2026)).toBeNull();
    expect(yearProblem(2027, 2026)).toBeNull();
    expect(yearProblem(2028, 2026)?.zh).toBe('年份应在 1990 至 2027 之间');
    expect(yearProblem(1989, 2026)).not.toBeNull();
  });

  it('names an unknown key', () => {
    expect(keyOf('gdp')).toEqual({ key: gdp });
    expect(keyOf('gnp')).toMatchObject({ problem: { zh: expect.stringContaining('“gnp”不是平台的统计指标代码') } });
  });

  it('reads numbers as people write them in a sheet', () => {
    expect(parseFigure('4,012,345.6')).toBe(4_012_345.6);
    expect(parseFigure('１２．５')).toBe(12.5);
    expect(parseFigure('180个', '个')).toBe(180);
    expect(parseFigure('-3')).toBe(-3);
    expect(parseFigure('abc')).toBeNull();
    expect(parseFigure('')).toBeNull();
    expect(parseFigure('1e5')).toBeNull();
  });
});
