import { describe, expect, it } from 'vitest';
import { guessColumns, splitMark, unitFromName, guessDirection } from './columns';

describe('recognising the column layouts of real indicator tables', () => {
  it('reads seed 000’s layout: 基准值 + 2023 + 2025 + 责任单位', () => {
    const g = guessColumns(['序号', '一级指标', '二级指标', '三级指标', '2020基准值', '2023目标值', '2025目标值', '责任单位']);
    expect(g.map((c) => c.role)).toEqual(['no', 'level1', 'level2', 'name', 'baseline', 'target', 'target', 'responsible']);
    expect(g[5].year).toBe(2023);
  });
  it('reads seed 001’s layout: 现状值 + 2025目标值 + 数据来源', () => {
    const g = guessColumns(['序号', '一级指标', '二级指标', '三级指标', '现状值（2020年）', '目标值（2025年）', '数据来源']);
    expect(g.map((c) => c.role)).toEqual(['no', 'level1', 'level2', 'name', 'baseline', 'target', 'dataSource']);
  });
  it('reads seed 002’s layout: 单位 + 2020 + 2022..2025 + 数据来源部门 + 责任部门 + 备注', () => {
    const g = guessColumns(['序号', '一级指标', '二级指标', '三级指标', '单位', '2020年', '2022年', '2023年', '2024年', '2025年', '数据来源部门', '责任部门', '备注']);
    expect(g.map((c) => c.role)).toEqual(['no', 'level1', 'level2', 'name', 'unit', 'baseline', 'target', 'target', 'target', 'target', 'dataSource', 'responsible', 'note']);
    expect(g.filter((c) => c.role === 'target').map((c) => c.year)).toEqual([2022, 2023, 2024, 2025]);
  });
  it('keeps ★ and ☆ apart from the name, and finds a unit in parentheses', () => {
    expect(splitMark('一般工业固体废物产生强度★')).toEqual({ name: '一般工业固体废物产生强度', mark: 'mandatory' });
    expect(splitMark('绿色矿山建成率☆')).toEqual({ name: '绿色矿山建成率', mark: 'optional' });
    expect(unitFromName('工业危险废物利用处置率（%）')).toBe('%');
  });
  it('guesses the direction from the target and the name', () => {
    expect(guessDirection('一般工业固体废物产生强度', ['<='])).toBe('decrease');
    expect(guessDirection('生活垃圾回收利用率', ['>='])).toBe('increase');
    expect(guessDirection('生活垃圾填埋量', [])).toBe('decrease');
  });
});
