import { describe, it, expect } from 'vitest';
import { guessColumns } from '../../../domain/indicators/columns';
import { parseTarget } from '../../../domain/indicators/targets';
import { rowsFromTable } from '../../indicators/service';
import { tasksFromGrid } from '../../tasks/import';
import { LINQING_PLAN } from './linqing';

// Seed 000 (临政字〔2023〕32号) through the importer's own readers. The counts are the document's: the annex
// lists 45 indicators, 23 of them marked ★ (必选, as its note and the body text “23项必选指标、22项其他指标”
// say), none ☆; the body holds 119 measures ending in （牵头单位：…）, under 13 headings of the （一） level.
const { headers, rows } = LINQING_PLAN.indicators;
const guess = guessColumns(headers, 2020);
const read = rowsFromTable(headers, rows, guess);

describe('临清市 indicator table', () => {
  it('reads 45 numbered indicators without problems, in their columns', () => {
    expect(headers).toEqual(['序号', '一级指标', '二级指标', '三级指标', '2020基准值', '2023目标值', '2025目标值', '责任单位']);
    expect(guess.map((g) => (g.year ? `${g.role}:${g.year}` : g.role))).toEqual(['no', 'level1', 'level2', 'name', 'baseline:2020', 'target:2023', 'target:2025', 'responsible']);
    expect(read.problems).toEqual([]);
    expect(read.rows).toHaveLength(45);
    expect(read.rows.map((r) => r.no)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
  });

  it('counts the marks: 23 mandatory (★), no optional (☆)', () => {
    expect(read.rows.filter((r) => r.mark === 'mandatory')).toHaveLength(23);
    expect(read.rows.filter((r) => r.mark === 'optional')).toHaveLength(0);
    expect(read.rows.filter((r) => r.mark === 'mandatory').map((r) => r.no)).toEqual([1, 2, 3, 7, 9, 13, 14, 15, 16, 17, 20, 21, 23, 24, 25, 27, 30, 31, 32, 35, 38, 40, 45]);
    expect(read.rows.every((r) => !/[★☆]/.test(r.name))).toBe(true);
  });

  it('carries merged 一级/二级 cells down from the first row they cover', () => {
    expect(read.rows[1]).toMatchObject({ level1: '固体废物源头减量', level2: '工业源头减量', name: '工业危险废物产生强度' });
    expect(read.rows[20]).toMatchObject({ level1: '固体废物资源化利用', level2: '生活领域固体废物资源化利用', name: '生活垃圾回收利用率' });
    expect(read.rows[44]).toMatchObject({ level1: '群众获得感', level2: '群众获得感', name: '公众对“无废城市”建设成效的满意程度' });
  });

  it('has the 2023 and 2025 targets where the document gives them', () => {
    read.rows.forEach((r, i) => {
      expect(r.targets['2023']).toBe(rows[i][5]);
      expect(r.targets['2025']).toBe(rows[i][6]);
    });
    const given = (year: string) => read.rows.filter((r) => r.targets[year] !== '/').map((r) => r.no);
    expect(given('2023')).toHaveLength(37);
    expect(given('2025')).toHaveLength(44);
    expect(read.rows.filter((r) => r.targets['2023'] === '/').map((r) => r.no)).toEqual([1, 2, 4, 5, 33, 34, 35, 38]);
    expect(read.rows.filter((r) => r.targets['2025'] === '/').map((r) => r.no)).toEqual([32]);
    expect(read.rows[2].targets).toEqual({ 2023: '＞97%', 2025: '＞97%' });
    expect(read.rows[8].targets).toEqual({ 2023: '低于24万吨', 2025: '低于25万吨' });
    expect(read.rows[23]).toMatchObject({ baseline: '11766.86吨', targets: { 2023: '5%（较2020年）', 2025: '8%（较2020年）' } });
  });

  it('keeps every row’s cells as written in original', () => {
    read.rows.forEach((r, i) => {
      expect(r.original).toEqual(Object.fromEntries(headers.map((h, j) => [h, rows[i][j]])));
    });
    expect(read.rows[16].original).toMatchObject({ 三级指标: '农膜回收率★', '2020基准值': '91.39%（2021年）', '2025目标值': '>92%' });
    expect(read.rows[31].original).toMatchObject({ '2023目标值': '完成', '2025目标值': '/', 责任单位: '/' });
  });
});

describe('临清市 2025 targets through parseTarget', () => {
  const parsed = read.rows.map((r) => parseTarget(r.targets['2025']));

  it('finds 39 numeric, 5 qualitative and 1 blank (/)', () => {
    expect(parsed.filter((p) => p.kind === 'numeric')).toHaveLength(39);
    expect(parsed.filter((p) => p.kind === 'qualitative').map((p) => p.text)).toEqual(['完成聊城市下达目标', '完成聊城市下达目标', '完成省级下达指标', '建立工作考核机制', '初步利用“无废城市”智慧监管平台']);
    expect(parsed.filter((p) => p.kind === 'none').map((p) => p.text)).toEqual(['/']);
  });

  it('reads comparators, units and base years as written', () => {
    expect(parsed[2]).toMatchObject({ kind: 'numeric', comparator: '>', value: 97, unit: '%' });
    expect(parsed[8]).toMatchObject({ kind: 'numeric', comparator: '<', value: 25, unit: '万吨' });
    expect(parsed[14]).toMatchObject({ kind: 'numeric', comparator: '>', value: 95, unit: '%' });
    expect(parsed[17]).toMatchObject({ kind: 'numeric', value: 10, unit: '%', baseYear: 2020 });
    expect(parsed[33]).toMatchObject({ kind: 'numeric', value: 30, unit: '个' });
    expect(parsed[34]).toMatchObject({ kind: 'numeric', value: 1.5, unit: '亿元' });
  });
});

describe('临清市 主要任务', () => {
  const { list, table } = LINQING_PLAN.taskLists[0];
  const t = tasksFromGrid(list, table.headers, table.rows);

  it('is one list with the plan’s layout', () => {
    expect(LINQING_PLAN.taskLists).toHaveLength(1);
    expect(list).toBe('主要任务');
    expect(table.headers).toEqual(['序号', '任务', '工作内容及目标', '牵头单位', '责任单位', '完成时限']);
  });

  it('reads 119 tasks, numbered 1..119, without problems', () => {
    expect(t.problems).toEqual([]);
    expect(t.tasks).toHaveLength(119);
    expect(t.tasks.map((x) => x.no)).toEqual(Array.from({ length: 119 }, (_, i) => i + 1));
    expect(t.tasks.every((x) => x.title.length > 0 && x.content.length > 0)).toBe(true);
  });

  it('puts the tasks in the document’s 13 sections', () => {
    const sections = [...new Set(t.tasks.map((x) => x.section))];
    expect(sections).toHaveLength(13);
    expect(t.tasks.every((x) => /^（[一二三四五六七]）/.test(x.section))).toBe(true);
    expect(sections[0]).toBe('（一）促进重点产业提质“增绿”，实现工业绿色低碳发展');
    expect(sections[6]).toBe('（七）以绿色创建为引领，加快推进美丽临清建设');
    expect(sections[12]).toBe('（三）推进信息公开，提升满意度');
    expect(t.tasks.filter((x) => x.section === '（一）促进重点产业提质“增绿”，实现工业绿色低碳发展')).toHaveLength(14);
  });

  it('gives every task its lead units', () => {
    expect(t.tasks.every((x) => x.lead.length > 0)).toBe(true);
    expect(t.tasks[88]).toMatchObject({ content: '落实《邮件快件限制过度包装要求》，减少电商商品在寄递环节的二次包装。', lead: ['市交通运输局'], responsible: [] });
    expect(t.tasks[2]).toMatchObject({ title: '推进绿色制造体系建设', lead: ['市工业和信息化局'], deadlineText: '2025年底', deadline: '2025-12-31' });
    expect(t.tasks[3]).toMatchObject({ title: '推进绿色制造体系建设', lead: ['聊城市生态环境局临清市分局'], deadline: null });
  });

  it('reads the latest year a measure names as its deadline', () => {
    expect(t.tasks.filter((x) => x.deadline === '2025-12-31')).toHaveLength(29);
    expect(t.tasks.filter((x) => x.deadline === '2024-12-31').map((x) => x.no)).toEqual([73]);
    expect(t.tasks.filter((x) => x.deadline === '2023-12-31').map((x) => x.no)).toEqual([49]);
    expect(t.tasks.filter((x) => x.deadline === null)).toHaveLength(88);
  });
});
