import { describe, expect, it } from 'vitest';
import { guessColumns } from '../../../domain/indicators/columns';
import { parseTarget } from '../../../domain/indicators/targets';
import { checkTable } from '../../../domain/indicators/check';
import { effectiveUnit, proposeFormula, rowsFromTable } from '../../indicators/service';
import { tasksFromGrid } from '../../tasks/import';
import { projectsFromGrid } from '../../tasks/projects';
import { LINQING_PLAN } from './linqing';
import { JINING_KFQ_PLAN } from './jining-kfq';
import { TIANQIAO_PLAN } from './tianqiao';
import type { DemoPlan } from './types';

// The three seed layouts through the importer's own readers: what an office gets when it loads
// these tables from Excel. Counts are the documents' own.
const read = (plan: DemoPlan) => {
  const mapping = guessColumns(plan.indicators.headers, plan.baselineYear);
  return { mapping, ...rowsFromTable(plan.indicators.headers, plan.indicators.rows, mapping) };
};
const roles = (plan: DemoPlan) => guessColumns(plan.indicators.headers, plan.baselineYear).map((m) => (m.year ? `${m.role}:${m.year}` : m.role));
const targetsOf = (rows: ReturnType<typeof read>['rows'], year: number) => rows.map((r) => r.targets[String(year)]).filter((t): t is string => !!t && !/^[/／—-]$/.test(t));

describe('seed 000: 临清市 (基准值 + 2023 + 2025 + 责任单位)', () => {
  const r = read(LINQING_PLAN);
  it('reads all 45 indicators with their marks, targets and original cells', () => {
    expect(roles(LINQING_PLAN)).toEqual(['no', 'level1', 'level2', 'name', 'baseline:2020', 'target:2023', 'target:2025', 'responsible']);
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => x.no)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(r.rows.filter((x) => x.mark === 'mandatory')).toHaveLength(23);
    expect(r.rows[20]).toMatchObject({ level1: '固体废物资源化利用', level2: '生活领域固体废物资源化利用', name: '生活垃圾回收利用率', targets: { 2023: '25%', 2025: '35%' } });
    expect(r.rows[2].original['2023目标值']).toBe('＞97%');
    expect(checkTable(LINQING_PLAN.indicators.rows, r.mapping).filter((p) => p.level === 'error')).toEqual([]);
  });
  it('parses the targets as written: numbers with comparators, relative changes, and words', () => {
    const parsed = targetsOf(r.rows, 2025).map(parseTarget);
    expect(parsed.filter((p) => p.kind === 'numeric')).toHaveLength(39);
    expect(parsed.filter((p) => p.kind === 'qualitative').map((p) => p.text)).toEqual(['完成聊城市下达目标', '完成聊城市下达目标', '完成省级下达指标', '建立工作考核机制', '初步利用“无废城市”智慧监管平台']);
    expect(parseTarget('低于25万吨')).toMatchObject({ kind: 'numeric', comparator: '<', value: 25, unit: '万吨' });
    expect(parseTarget('10%（较2020年）')).toMatchObject({ kind: 'numeric', value: 10, unit: '%', baseYear: 2020 });
  });
  it('turns the measures into 119 tasks with their lead units, in the plan’s sections', () => {
    const { list, table } = LINQING_PLAN.taskLists[0];
    const t = tasksFromGrid(list, table.headers, table.rows);
    expect(t.problems).toEqual([]);
    expect(t.tasks).toHaveLength(119);
    expect([...new Set(t.tasks.map((x) => x.section))]).toHaveLength(13);
    expect(t.tasks.every((x) => x.lead.length > 0)).toBe(true);
    expect(t.tasks[2]).toMatchObject({ title: '推进绿色制造体系建设', lead: ['市工业和信息化局'], deadline: '2025-12-31' });
  });
});

describe('seed 001: 济宁经济开发区 (现状值 + 2025 目标值 + 数据来源)', () => {
  const r = read(JINING_KFQ_PLAN);
  it('reads 48 indicators, numbering the one the document left blank', () => {
    expect(roles(JINING_KFQ_PLAN)).toEqual(['no', 'level1', 'level2', 'name', 'baseline:2020', 'target:2025', 'dataSource']);
    expect(r.problems).toEqual([]);
    expect(r.rows).toHaveLength(48);
    expect(r.rows[28]).toMatchObject({ no: 29, name: '一般工业固体废物贮存处置量下降幅度', mark: 'mandatory', targets: { 2025: '贮存量保持稳定' } });
    expect(r.rows.filter((x) => x.mark === 'mandatory')).toHaveLength(25);
    expect(r.rows.filter((x) => x.mark === 'optional')).toHaveLength(5);
    expect(r.rows[13].dataSource).toBe('市生态环境局经开区分局');
  });
  it('parses 2025 targets written as 98%以上, 稳定在90%以上, 100%（汽修行业）, 0.5亿元 and words', () => {
    const byName = (name: string) => parseTarget(r.rows.find((x) => x.name.startsWith(name))!.targets['2025']);
    expect(byName('秸秆综合利用率')).toMatchObject({ kind: 'numeric', comparator: '>=', value: 98, unit: '%' });
    expect(byName('病死畜禽')).toMatchObject({ kind: 'numeric', comparator: '>=', value: 90 });
    expect(byName('社会源危险废物')).toMatchObject({ kind: 'numeric', value: 100, unit: '%', scope: '汽修行业' });
    expect(byName('“无废城市”建设项目投资总额')).toMatchObject({ kind: 'numeric', value: 0.5, unit: '亿元' });
    expect(byName('“无废城市”建设协调机制')).toMatchObject({ kind: 'qualitative' });
  });
  it('reads the four annex task lists, keeping the numbering as printed', () => {
    const counts = JINING_KFQ_PLAN.taskLists.map(({ list, table }) => {
      const t = tasksFromGrid(list, table.headers, table.rows);
      expect(t.problems).toEqual([]);
      expect(t.tasks.every((x) => x.responsible.length > 0)).toBe(true);
      return t.tasks.length;
    });
    expect(counts).toEqual([13, 8, 7, 10]);
    const first = tasksFromGrid('x', JINING_KFQ_PLAN.taskLists[0].table.headers, JINING_KFQ_PLAN.taskLists[0].table.rows).tasks;
    expect(first.map((x) => x.no)).not.toContain(7);
    expect(first[0]).toMatchObject({ section: '（一）建立协调机制', deadline: '2023-11-30' });
  });
});

describe('seed 002: 天桥区 (单位 + 2020 + 2022..2025 + 数据来源部门 + 责任部门 + 备注)', () => {
  const r = read(TIANQIAO_PLAN);
  it('reads 47 indicators with yearly targets and every column in its role', () => {
    expect(roles(TIANQIAO_PLAN)).toEqual(['no', 'level1', 'level2', 'name', 'unit', 'baseline:2020', 'target:2022', 'target:2023', 'target:2024', 'target:2025', 'dataSource', 'responsible', 'note']);
    expect(r.problems).toEqual([]);
    expect(r.rows).toHaveLength(47);
    expect(r.rows[0]).toMatchObject({ unit: '吨/万元', targets: { 2025: '稳步降低' }, note: '稳步降低' });
    expect(r.rows.filter((x) => x.mark === 'mandatory')).toHaveLength(20);
  });
  it('reads the project list, investment in 万元', () => {
    const p = projectsFromGrid(TIANQIAO_PLAN.projects!.headers, TIANQIAO_PLAN.projects!.rows);
    expect(p.problems).toEqual([]);
    expect(p.projects.map((x) => [x.name, x.owner, x.period, x.investmentWanYuan])).toEqual([
      ['济南市天桥区泺口垃圾中转站项目', '济南天晨商业管理有限公司', '2023-2024', 18300], ['山东辰美电气有限公司年综合利用 30万吨钛石膏项目', '山东辰美电气有限公司', '2023-2025', 2800],
    ]);
  });
  it('reads the task list part by part, years read into deadlines', () => {
    const counts = TIANQIAO_PLAN.taskLists.map(({ list, table }) => {
      const t = tasksFromGrid(list, table.headers, table.rows);
      expect(t.problems).toEqual([]);
      return t.tasks.length;
    });
    expect(counts).toEqual([8, 5, 4, 21]);
    const first = tasksFromGrid('x', TIANQIAO_PLAN.taskLists[0].table.headers, TIANQIAO_PLAN.taskLists[0].table.rows).tasks;
    expect(first[1]).toMatchObject({ deadlineText: '2023—2025', deadline: '2025-12-31' });
  });
});

describe('the seed tables read with their cells, as the import preview reads them', () => {
  // The registry grows as formulas are added: these are the rows each seed had proposals for when the
  // proposal learnt to check units (scripts/formula-proposals.ts prints the current list).
  const PROPOSED: [DemoPlan, number[]][] = [[LINQING_PLAN, [14, 20, 28, 31, 35]], [JINING_KFQ_PLAN, [21, 32, 36]], [TIANQIAO_PLAN, [10, 22, 29, 35]]];
  it.each(PROPOSED.map(([plan, rows]) => [plan.title, plan, rows] as const))('%s: the same columns as from the headers alone, and a formula proposed where one can give the unit', (_title, plan, rows) => {
    const { headers, rows: cells } = plan.indicators;
    expect(guessColumns(headers, plan.baselineYear, cells)).toEqual(guessColumns(headers, plan.baselineYear));
    const read = rowsFromTable(headers, cells, guessColumns(headers, plan.baselineYear, cells)).rows;
    const proposed = read.filter((r) => proposeFormula(r));
    expect(proposed.map((r) => r.no)).toEqual(expect.arrayContaining(rows));
    for (const r of proposed) expect(proposeFormula(r)!.units.test(effectiveUnit(r)), `${plan.title} row ${r.no}`).toBe(true);
    // 投资总额 has no unit column in 临清 and 济宁经开区: its figures are written in 亿元.
    expect(effectiveUnit(read.find((r) => /投资总额/.test(r.name))!)).toBe('亿元');
  });
});
