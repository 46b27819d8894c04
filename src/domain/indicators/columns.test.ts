import { describe, expect, it } from 'vitest';
import { guessColumns, splitMark, unitFromName, guessDirection, mergeHeaderRows, markOf, columnContent } from './columns';

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

// Layouts the seeds do not have, as a county might send them.
const roleList = (g: ReturnType<typeof guessColumns>) => g.map((c) => (c.year ? `${c.role}:${c.year}` : c.role));

describe('recognising layouts the importer has not seen', () => {
  it('reads a county table: 领域, 指标类型(必选/可选), 现状值（2021年）, 2024年目标, 牵头部门 beside 配合部门', () => {
    const headers = ['序号', '领域', '指标名称', '指标类型(必选/可选)', '单位', '现状值（2021年）', '2024年目标', '2025年目标', '牵头部门', '配合部门'];
    const rows = [
      ['1', '工业源头减量', '一般工业固体废物产生强度', '必选', '吨/万元', '1.3', '≤1.2', '≤1.1', '县工业和信息化局', '县统计局'],
      ['2', '', '绿色工厂数量', '可选', '家', '2', '3', '4', '县工业和信息化局', '县发展和改革局、县生态环境分局'],
    ];
    expect(roleList(guessColumns(headers, 2020, rows))).toEqual(['no', 'level1', 'name', 'mark', 'unit', 'baseline:2021', 'target:2024', 'target:2025', 'lead', 'responsible']);
    // A bare year is the baseline when it is the year a 现状值 column names.
    expect(roleList(guessColumns(['指标名称', '现状值（2021年）', '2021年', '2025年'])).slice(1)).toEqual(['baseline:2021', 'baseline:2021', 'target:2025']);
  });

  it('reads full-width headers and finds an unnamed column of ★/☆ and one of units by their cells', () => {
    const headers = ['序　号', '重点领域', '指标项', '', '', '２０２０年基准值', '２０２５年目标值', '责任单位', '备　注'];
    const rows = [
      ['１', '源头减量', '工业危险废物产生强度', '★', '吨／万元', '０.０３９', '≤０.０３５', '县生态环境分局', ''],
      ['２', '', '秸秆综合利用率', '☆', '％', '９４％', '＞９５％', '县农业农村局', ''],
      ['３', '资源化利用', '农膜回收率', '★', '％', '９１％', '≥９２％', '县农业农村局', '2021年数据'],
    ];
    expect(roleList(guessColumns(headers, 2020, rows))).toEqual(['no', 'level1', 'name', 'mark', 'unit', 'baseline:2020', 'target:2025', 'responsible', 'note']);
  });

  it('reads a bare 单位 over department names as the responsible unit, and finds unnamed area and name columns by their cells', () => {
    const headers = ['', '', '', '2020年', '2023年', '2025年', '单位'];
    const rows = [
      ['固体废物源头减量', '工业源头减量', '一般工业固体废物综合利用率（%）', '70%', '72%', '75%', '市工业和信息化局'],
      ['', '', '工业危险废物利用处置率（%）', '100%', '100%', '100%', '市生态环境局临清分局'],
      ['', '农业源头减量', '畜禽粪污综合利用率（%）', '90%', '92%', '95%', '市农业农村局'],
      ['保障能力', '制度体系', '“无废城市”建设协调机制', '/', '建立', '完善', '市政府办公室'],
    ];
    expect(roleList(guessColumns(headers, 2020, rows))).toEqual(['level1', 'level2', 'name', 'baseline:2020', 'target:2023', 'target:2025', 'responsible']);
    // Without the cells, the headers alone: 单位 is a unit of measure.
    expect(guessColumns(headers).at(-1)!.role).toBe('unit');
  });

  it('joins a header written on two rows: 目标值 over 2023年 | 2025年', () => {
    const merged = mergeHeaderRows(['编号', '三级指标', '2020年', '目标值', '目标值', '责任单位'], [
      ['编号', '三级指标', '2020年', '2023年', '2025年', '责任单位'],
      ['1', '秸秆综合利用率', '94%', '>95%', '>95%', '市农业农村局'],
    ]);
    expect(merged.headers).toEqual(['编号', '三级指标', '2020年', '目标值2023年', '目标值2025年', '责任单位']);
    expect(merged.rows).toHaveLength(1);
    expect(roleList(guessColumns(merged.headers, 2020, merged.rows))).toEqual(['no', 'name', 'baseline:2020', 'target:2023', 'target:2025', 'responsible']);
    // A first data row is not a header.
    const plain = mergeHeaderRows(['序号', '三级指标', '2025年'], [['1', '秸秆综合利用率', '>95%']]);
    expect(plain.rows).toHaveLength(1);
  });

  it('reads marks from ★/☆, 必选/可选 (with or without 指标), 自选 and 是/否', () => {
    expect(['★', '必选', '必选指标', '是'].map(markOf)).toEqual(['mandatory', 'mandatory', 'mandatory', 'mandatory']);
    expect(['☆', '可选', '可选指标', '自选', '否'].map(markOf)).toEqual(['optional', 'optional', 'optional', 'optional', 'optional']);
    expect(markOf('')).toBeNull();
    expect(columnContent(['★', '', '☆', '/'])).toBe('mark');
    expect(columnContent(['%', '吨/万元', '个', '％'])).toBe('unit');
    expect(columnContent(['区城市管理局区公安分局', '县统计局', '相关镇〔街道、开发区〕人民政府'])).toBe('department');
    expect(columnContent(['＞95%', '98%以上', '≤300'])).toBe('figure');
  });

  it('keeps the seeds’ headers read the same with their cells as without', () => {
    const seeds: [string[], string[][]][] = [
      [['序号', '一级指标', '二级指标', '三级指标', '2020基准值', '2023目标值', '2025目标值', '责任单位'], [['1', '固体废物源头减量', '工业源头减量', '一般工业固体废物产生强度★', '3.21吨/万元（聊城市）', '/', '完成聊城市下达目标', '聊城市生态环境局临清市分局']]],
      [['序号', '一级指标', '二级指标', '三级指标', '单位', '2020年', '2022年', '2023年', '2024年', '2025年', '数据来源部门', '责任部门', '备注'],
        [['1', '固体废物源头减量', '工业源头减量', '一般工业固体废物产生强度★', '吨/万元', '/', '1.64', '稳步降低', '稳步降低', '稳步降低', '区统计局', '区工业和信息化局', '稳步降低']]],
    ];
    for (const [headers, rows] of seeds) expect(guessColumns(headers, 2020, rows)).toEqual(guessColumns(headers, 2020));
  });
});

describe('the direction of an indicator whose value is a change', () => {
  it('is increase for 下降幅度/降低幅度 (a larger decline is better), even when the name holds 强度 or 填埋', () => {
    expect(guessDirection('工业危险废物填埋处置量下降幅度', ['>='])).toBe('increase');
    expect(guessDirection('城市重点行业工业企业碳排放强度降低幅度', ['>='])).toBe('increase');
    expect(guessDirection('再生资源回收量增长率', ['>='])).toBe('increase');
    expect(guessDirection('工业危险废物产生强度', ['>='])).toBe('decrease');
  });
});
