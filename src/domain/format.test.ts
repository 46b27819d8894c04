import { describe, expect, it } from 'vitest';
import { formatNumber, formatValue, indicatorUnit } from './format';

describe('an indicator figure as a report writes it', () => {
  it('rounds a percentage to one decimal and drops a trailing zero', () => {
    expect(formatValue(45.679, '%')).toBe('45.7%');
    expect(formatValue(100, '%')).toBe('100%');
    expect(formatValue(99.95, '％')).toBe('100%');
    expect(formatValue(-4.25, '%')).toBe('-4.3%');
  });

  it('writes tonnes with 吨 and thousands separators, with fewer decimals as the weight grows', () => {
    expect(formatValue(11766.86, '吨')).toBe('11,766.9 吨');
    expect(formatValue(1234567, '吨')).toBe('1,234,567 吨');
    expect(formatValue(12.345, '吨')).toBe('12.35 吨');
    expect(formatValue(0.1254, '吨')).toBe('0.125 吨');
    expect(formatValue(22.37, '万吨')).toBe('22.37 万吨');
  });

  it('writes money in 万元 and 亿元 with two decimals', () => {
    expect(formatValue(1.5, '亿元')).toBe('1.50 亿元');
    expect(formatValue(21100, '万元')).toBe('21,100.00 万元');
    expect(formatValue(0.126, '亿元')).toBe('0.13 亿元');
  });

  it('keeps three significant digits of a small intensity', () => {
    expect(formatValue(0.039123, '吨/万元')).toBe('0.0391 吨/万元');
    expect(formatValue(3.2149, '吨/万元')).toBe('3.21 吨/万元');
    expect(formatValue(0, '吨/万元')).toBe('0 吨/万元');
  });

  it('counts in whole numbers', () => {
    expect(formatValue(30, '个')).toBe('30 个');
    expect(formatValue(1200, '家')).toBe('1,200 家');
  });

  it('gives English units in English and nothing for a missing value', () => {
    expect(formatValue(11766.86, '吨', 'en')).toBe('11,766.9 t');
    expect(formatValue(1.5, '亿元', 'en')).toBe('1.50 100M yuan');
    expect(formatValue(null, '%')).toBe('');
    expect(formatValue(undefined, '吨')).toBe('');
    expect(formatValue(Number.NaN, '吨')).toBe('');
  });

  it('rounds a figure without a unit to two decimals', () => {
    expect(formatValue(45.679, '')).toBe('45.68');
    expect(formatNumber(123456.78, '')).toBe('123,456.8');
  });
});

describe('the unit an indicator is in', () => {
  it('takes the plan’s unit column when there is one', () => {
    expect(indicatorUnit({ unit: '吨/万元', targets: [{ text: '完成市下达目标' }], baselineText: '3.21' })).toBe('吨/万元');
  });

  it('reads it from the targets, else the baseline, when the plan has no unit column', () => {
    expect(indicatorUnit({ unit: '', targets: [{ text: '/' }, { text: '＞97％' }], baselineText: '97%' })).toBe('%');
    // 临清 24: the baseline is a weight, the targets a decline in %: the value is the decline.
    expect(indicatorUnit({ unit: '', targets: [{ text: '5%（较2020年）' }], baselineText: '11766.86吨' })).toBe('%');
    expect(indicatorUnit({ unit: '', targets: [{ text: '低于24万吨' }], baselineText: '22.37万吨' })).toBe('万吨');
    expect(indicatorUnit({ unit: '', targets: [{ text: '完成聊城市下达目标' }], baselineText: '3.21吨/万元（聊城市）' })).toBe('吨/万元');
    expect(indicatorUnit({ unit: '', targets: [{ text: '1.5亿元' }], baselineText: '/' })).toBe('亿元');
    expect(indicatorUnit({ unit: '', targets: [{ text: '建立工作考核机制' }], baselineText: '/' })).toBe('');
  });
});
