import { describe, it, expect } from 'vitest';
import { guessColumns } from '../../../domain/indicators/columns';
import { parseTarget } from '../../../domain/indicators/targets';
import { rowsFromTable } from '../../indicators/service';
import { tasksFromGrid } from '../../tasks/import';
import { projectsFromGrid } from '../../tasks/projects';
import { TIANQIAO_PLAN } from './tianqiao';

// Seed 002 (济天政字〔2023〕10号, 天桥区) as entered: counts are the document's own, counted by hand
// from annexes 1–3 (47 indicators, 20 ★ and no ☆; 2 projects, 18300 + 2800 万元; 8 + 5 + 4 + 21 tasks).
describe('天桥区 annex 1: the indicator table', () => {
  const { headers, rows: cells } = TIANQIAO_PLAN.indicators;
  const guess = guessColumns(headers, 2020);
  const { rows, problems } = rowsFromTable(headers, cells, guess);

  it('guesses every column of 单位 + 2020 + 2022..2025 + 数据来源部门 + 责任部门 + 备注', () => {
    expect(TIANQIAO_PLAN.baselineYear).toBe(2020);
    expect(guess.map((g) => [g.header, g.role, g.year])).toEqual([
      ['序号', 'no', undefined], ['一级指标', 'level1', undefined], ['二级指标', 'level2', undefined], ['三级指标', 'name', undefined],
      ['单位', 'unit', undefined], ['2020年', 'baseline', 2020], ['2022年', 'target', 2022], ['2023年', 'target', 2023], ['2024年', 'target', 2024],
      ['2025年', 'target', 2025], ['数据来源部门', 'dataSource', undefined], ['责任部门', 'responsible', undefined], ['备注', 'note', undefined],
    ]);
  });

  it('reads 47 indicators numbered 1..47 without problems, 20 ★ and no ☆', () => {
    expect(problems).toEqual([]);
    expect(cells).toHaveLength(47);
    expect(rows).toHaveLength(47);
    expect(rows.map((r) => r.no)).toEqual(Array.from({ length: 47 }, (_, i) => i + 1));
    expect(cells.filter((c) => c[3].includes('★'))).toHaveLength(20);
    expect(cells.filter((c) => c[3].includes('☆'))).toHaveLength(0);
    expect(rows.filter((r) => r.mark === 'mandatory')).toHaveLength(20);
    expect(rows.filter((r) => r.mark === 'optional')).toHaveLength(0);
    expect(rows.every((r) => r.level1 && r.level2 && r.name && r.unit && r.responsible && r.dataSource)).toBe(true);
  });

  it('carries merged 一级/二级 cells down and keeps the printed cells in original', () => {
    expect(rows[1]).toMatchObject({ no: 2, level1: '固体废物源头减量', level2: '工业源头减量', name: '工业危险废物产生强度', mark: 'mandatory', unit: '吨/万元', baseline: '/' });
    expect(rows[27]).toMatchObject({ level1: '固体废物最终处置', level2: '一般工业固体废物贮存处置', note: '' });
    expect(rows[39]).toMatchObject({ level1: '保障能力', level2: '监管体系建设', name: '固体废物管理信息化监管情况', unit: '项', targets: { 2022: '/', 2025: '配合市级完善智慧生态黄河管理平台相关功能' } });
    expect(rows[46]).toMatchObject({ dataSource: '第三方调查', responsible: '区政府有关部门(单位)', note: '90%以上', targets: { 2022: '/', 2023: '/', 2024: '/', 2025: '90' } });
    rows.forEach((r, i) => expect(Object.values(r.original)).toEqual(cells[i].map((c) => c.trim())));
    expect(rows[0].original).toMatchObject({ 三级指标: '一般工业固体废物产生强度★', 单位: '吨/万元', '2020年': '/', '2022年': '1.64', '2025年': '稳步降低' });
    expect(rows[9].original['2022年']).toBe('≤300');
    expect(rows[33].original['2023年']).toBe('26个以上');
  });

  it('parses the 2025 targets: 31 figures and 16 in words', () => {
    const parsed = rows.map((r) => parseTarget(r.targets['2025']));
    expect(parsed.filter((p) => p.kind === 'none')).toHaveLength(0);
    expect(parsed.filter((p) => p.kind === 'numeric')).toHaveLength(31);
    expect(parsed.filter((p) => p.kind === 'qualitative').map((p) => p.text)).toEqual([
      '稳步降低', '稳步降低', '完成省市目标任务', '稳步推进', '稳步推进', '稳步推进', '稳步提高', '稳步推进', '逐步完善', '逐步完善',
      '根据上级文件制定', '满足项目需要', '稳步推进', '稳步推进', '配合市级完善智慧生态黄河管理平台相关功能', '稳步提升',
    ]);
    expect(parsed[0]).toMatchObject({ kind: 'qualitative', direction: 'decrease' });
    expect(parsed[9]).toMatchObject({ kind: 'numeric', comparator: '<=', value: 300 });
    expect(parsed[33]).toMatchObject({ kind: 'numeric', comparator: '>=', value: 45, unit: '个' });
    expect(parsed[15]).toMatchObject({ kind: 'numeric', value: 98, implicit: true });
  });
});

describe('天桥区 annex 2: the project list', () => {
  const { headers, rows } = TIANQIAO_PLAN.projects!;
  it('has the 2 projects as printed, 21100 万元 in all', () => {
    expect(headers).toEqual(['序号', '项目名称', '责任主体', '实施主体', '建设内容', '建设地点', '建设时间', '总投资(万元)', '资金筹措方式', '经济社会环境效益分析']);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.length === headers.length)).toBe(true);
    const money = headers.indexOf('总投资(万元)');
    expect(rows.map((r) => r[money])).toEqual(['18300', '2800']);
    expect(rows.reduce((sum, r) => sum + Number(r[money]), 0)).toBe(21100);
    const read = projectsFromGrid(headers, rows);
    expect(read.problems).toEqual([]);
    expect(read.projects.reduce((sum, p) => sum + (p.investmentWanYuan ?? 0), 0)).toBe(21100);
  });
});

describe('天桥区 annex 3: the task list', () => {
  // The annex prints four tables (一、制度体系 … 四、监管体系), each under its own heading and numbered from 1,
  // so each part is its own list: the heading is the list's name and numbers stay unique within a list.
  const read = TIANQIAO_PLAN.taskLists.map(({ list, table }) => ({ list, ...tasksFromGrid(list, table.headers, table.rows) }));
  it('reads 38 tasks in four parts with their responsible units and years', () => {
    expect(TIANQIAO_PLAN.taskLists.map((l) => l.table.headers)).toEqual(Array(4).fill(['序号', '任务名称', '主要内容', '责任单位', '实施时间']));
    expect(read.map((r) => r.list)).toEqual(['制度体系任务清单', '技术体系任务清单', '市场体系任务清单', '监管体系任务清单']);
    expect(read.map((r) => r.problems)).toEqual([[], [], [], []]);
    expect(read.map((r) => r.tasks.length)).toEqual([8, 5, 4, 21]);
    for (const r of read) expect(r.tasks.map((t) => t.no)).toEqual(Array.from({ length: r.tasks.length }, (_, i) => i + 1));
    const tasks = read.flatMap((r) => r.tasks);
    expect(tasks).toHaveLength(38);
    // The document has 责任单位 only (no 牵头单位 column): every task names at least one responsible unit.
    expect(tasks.every((t) => t.title && t.content && t.responsible.length > 0 && t.lead.length + t.responsible.length > 0)).toBe(true);
    expect(tasks.every((t) => t.deadline)).toBe(true);
    expect(read[0].tasks[0]).toMatchObject({ title: '建立天桥区“无废城市”建设工作协调机制', responsible: ['区政府有关部门(单位)', '各街道办事处'], deadlineText: '2023', deadline: '2023-12-31' });
    expect(read[3].tasks[13]).toMatchObject({ no: 14, deadlineText: '2023-2023', deadline: '2023-12-31' });
  });
});
