import { describe, it, expect } from 'vitest';
import { guessColumns } from '../../../domain/indicators/columns';
import { parseTarget } from '../../../domain/indicators/targets';
import { rowsFromTable } from '../../indicators/service';
import { tasksFromGrid } from '../../tasks/import';
import { JINING_KFQ_PLAN } from './jining-kfq';

// Seed 001 (济开管字〔2023〕5号) through the importer's own readers. The counts are the document's: its table
// 济宁经济开发区“无废城市”建设目标指标 holds the “5大方面共48项指标” the body announces, 25 of them marked ★ (必选)
// and 5 ☆ (自选); row 29 is printed without a 序号. Annexes 1–4 hold 13, 8, 7 and 10 tasks under （一）-level
// headings; 附件1 skips number 7.
const { headers, rows } = JINING_KFQ_PLAN.indicators;
const guess = guessColumns(headers, JINING_KFQ_PLAN.baselineYear);
const read = rowsFromTable(headers, rows, guess);

describe('济宁经开区 indicator table', () => {
  it('reads 48 indicators without problems, in their columns', () => {
    expect(JINING_KFQ_PLAN.regionCode).toBe('370829');
    expect(JINING_KFQ_PLAN.baselineYear).toBe(2020);
    expect(headers).toEqual(['序号', '一级指标', '二级指标', '三级指标', '现状值（2020年）', '目标值（2025年）', '数据来源']);
    expect(guess.map((g) => (g.year ? `${g.role}:${g.year}` : g.role))).toEqual(['no', 'level1', 'level2', 'name', 'baseline:2020', 'target:2025', 'dataSource']);
    expect(rows.every((r) => r.length === headers.length)).toBe(true);
    expect(read.problems).toEqual([]);
    expect(read.rows).toHaveLength(48);
    // Row 29 has no 序号 in the document; the reader numbers it by position.
    expect(rows[28][0]).toBe('');
    expect(read.rows.map((r) => r.no)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
  });

  it('counts the marks: 25 mandatory (★), 5 optional (☆)', () => {
    expect(read.rows.filter((r) => r.mark === 'mandatory').map((r) => r.no)).toEqual([1, 2, 3, 7, 10, 11, 14, 15, 16, 17, 18, 21, 22, 24, 26, 27, 29, 31, 32, 33, 34, 36, 41, 43, 48]);
    expect(read.rows.filter((r) => r.mark === 'optional').map((r) => r.no)).toEqual([4, 5, 9, 19, 20]);
    expect(read.rows.every((r) => !/[★☆]/.test(r.name))).toBe(true);
  });

  it('carries merged 一级/二级 cells down from the first row they cover', () => {
    expect(read.rows[1]).toMatchObject({ level1: '固体废物源头减量', level2: '工业源头减量', name: '工业危险废物产生强度' });
    expect(read.rows[12]).toMatchObject({ level1: '固体废物源头减量', level2: '生活领域源头减量', name: '农村地区生活垃圾分类覆盖率' });
    expect(read.rows[27]).toMatchObject({ level1: '固体废物最终处置', level2: '危险废物处置', name: '社会源危险废物收集处置体系覆盖率' });
    expect(read.rows[28]).toMatchObject({ no: 29, level1: '固体废物最终处置', level2: '一般工业固体废物贮存处置', name: '一般工业固体废物贮存处置量下降幅度', mark: 'mandatory' });
    expect(read.rows[39]).toMatchObject({ level1: '保障能力', level2: '技术体系建设', name: '固体废物回收利用处置关键技术工艺、设备研发及成果转化' });
    expect(read.rows[47]).toMatchObject({ level1: '群众获得感', level2: '群众获得感', name: '公众对“无废城市”建设成效的满意程度' });
  });

  it('has the baseline, the 2025 target and the data source of every row', () => {
    read.rows.forEach((r, i) => {
      expect(r.baseline).toBe(rows[i][4]);
      expect(r.targets).toEqual({ 2025: rows[i][5] });
      expect(r.dataSource).toBe(rows[i][6]);
      expect(r.dataSource).not.toBe('');
    });
    expect(read.rows[0]).toMatchObject({ baseline: '1.23吨/万元', targets: { 2025: '0.92吨/万元' }, dataSource: '市生态环境局经开区分局' });
    expect(read.rows[7]).toMatchObject({ baseline: '1.092吨二氧化碳/万元1', targets: { 2025: '18%' } });
    expect(read.rows[29]).toMatchObject({ baseline: '100%（生猪）', targets: { 2025: '稳定在90%以上' }, dataSource: '区农业服务中心' });
    expect(read.rows[42]).toMatchObject({ baseline: '92%', dataSource: '市公安局经开区分局、市生态环境局经开区分局' });
  });

  it('keeps every row’s cells as written in original', () => {
    read.rows.forEach((r, i) => {
      expect(r.original).toEqual(Object.fromEntries(headers.map((h, j) => [h, rows[i][j]])));
    });
    expect(read.rows[0].original).toMatchObject({ 三级指标: '一般工业固体废物产生强度★', '现状值（2020年）': '1.23吨/万元' });
    expect(read.rows[27].original).toMatchObject({ 序号: '28', '目标值（2025年）': '100%（汽修行业）' });
    expect(read.rows[28].original).toMatchObject({ 序号: '', 一级指标: '', '现状值（2020年）': '150吨', '目标值（2025年）': '贮存量保持稳定' });
    expect(read.rows[14].original).toMatchObject({ '现状值（2020年）': '—', '目标值（2025年）': '—' });
  });
});

describe('济宁经开区 2025 targets through parseTarget', () => {
  const parsed = read.rows.map((r) => parseTarget(r.targets['2025']));

  it('finds 39 numeric, 5 qualitative and 4 blank (—)', () => {
    expect(parsed.filter((p) => p.kind === 'numeric')).toHaveLength(39);
    expect(parsed.filter((p) => p.kind === 'qualitative').map((p) => p.text)).toEqual(['完成2家绿色矿山建设', '贮存量保持稳定', '制定完善“无废城市”建设相关文件', '建成', '配合建成全市固体废物智慧监管信息平台']);
    expect(read.rows.filter((_, i) => parsed[i].kind === 'none').map((r) => r.no)).toEqual([15, 26, 39, 40]);
  });

  it('reads comparators, units and scopes as written', () => {
    expect(parsed[0]).toMatchObject({ kind: 'numeric', comparator: '>=', implicit: true, value: 0.92, unit: '吨/万元' });
    expect(parsed[1]).toMatchObject({ kind: 'numeric', value: 0.000393, unit: '吨/万元' });
    expect(parsed[4]).toMatchObject({ kind: 'numeric', value: 1, unit: '家' });
    expect(parsed[10]).toMatchObject({ kind: 'numeric', value: 3.6, unit: '万吨' });
    expect(parsed[15]).toMatchObject({ kind: 'numeric', comparator: '>=', value: 98, unit: '%' });
    expect(parsed[15]).not.toHaveProperty('implicit');
    expect(parsed[27]).toMatchObject({ kind: 'numeric', value: 100, unit: '%', scope: '汽修行业' });
    expect(parsed[29]).toMatchObject({ kind: 'numeric', comparator: '>=', value: 90, unit: '%' });
    expect(parsed[34]).toMatchObject({ kind: 'numeric', value: 5, unit: '' });
    expect(parsed[35]).toMatchObject({ kind: 'numeric', value: 0.5, unit: '亿元' });
  });
});

describe('济宁经开区 annex task lists', () => {
  const lists = JINING_KFQ_PLAN.taskLists.map(({ list, table }) => ({ list, table, ...tasksFromGrid(list, table.headers, table.rows) }));

  it('has the four annexes with their headers as printed', () => {
    expect(lists.map((l) => l.list)).toEqual(['制度体系建设任务清单', '技术体系建设任务清单', '市场体系建设任务清单', '监管体系建设任务清单']);
    for (const l of lists) {
      expect(l.table.headers).toEqual(['序号', '任务清单', '工作内容及目标', '责任单位', '完成时限']);
      expect(l.table.rows.every((r) => r.length === 5)).toBe(true);
    }
  });

  it('reads 13, 8, 7 and 10 tasks without problems, numbers as printed', () => {
    expect(lists.map((l) => l.problems)).toEqual([[], [], [], []]);
    expect(lists.map((l) => l.tasks.length)).toEqual([13, 8, 7, 10]);
    expect(lists[0].tasks.map((t) => t.no)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14]);
    expect(lists[1].tasks.map((t) => t.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(lists[2].tasks.map((t) => t.no)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(lists[3].tasks.map((t) => t.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const l of lists) expect(l.tasks.every((t) => t.list === l.list && t.title && t.content)).toBe(true);
  });

  it('puts every task under its （一）-level section', () => {
    const sections = (i: number) => [...new Set(lists[i].tasks.map((t) => t.section))];
    expect(sections(0)).toEqual(['（一）建立协调机制', '（二）制定地方性法规及规范性文件', '（三）强化规划引领', '（四）深化固体废物管理制度创新']);
    expect(sections(1)).toEqual(['（一）固体废物技术示范推广', '（二）固体废物技术标准规范', '（三）新兴技术研发攻关']);
    expect(sections(2)).toEqual(['（一）市场引导手段', '（二）金融支持', '（三）第三方培育', '（四）其他']);
    expect(sections(3)).toEqual(['（一）部门联合监管', '（二）信息化监管', '（三）多元化监管', '（四）日常监管']);
    expect(lists[0].tasks.filter((t) => t.section === '（四）深化固体废物管理制度创新').map((t) => t.no)).toEqual([10, 11, 12, 13, 14]);
  });

  it('names responsible units for every task', () => {
    for (const l of lists) expect(l.tasks.every((t) => t.responsible.length > 0 && t.responsible.every(Boolean))).toBe(true);
    expect(lists[0].tasks[9].responsible).toEqual(['区综合行政执法局', '区农业服务中心', '区统计工作中心', '市商贸物流园区管理服务中心商务服务部', '市生态环境局经开区分局', '市卫健委经开区管理办公室']);
    expect(lists[2].tasks[0].responsible).toEqual(['区财政局', '国家税务总局济宁经济开发区税务局', '相关主管部门']);
    expect(lists[3].tasks[1].responsible).toEqual(['市生态环境局经开区分局', '市公安局经开区分局']);
  });

  it('turns every month deadline into its last day and leaves 持续推进 and the like undated', () => {
    for (const l of lists) {
      for (const t of l.tasks) {
        if (/\d{4}年\d{1,2}月/.test(t.deadlineText)) expect(t.deadline).not.toBeNull();
        else expect(t.deadline).toBeNull();
      }
    }
    const dated = lists.flatMap((l) => l.tasks.filter((t) => t.deadline).map((t) => `${t.deadlineText}→${t.deadline}`));
    expect(dated).toHaveLength(18);
    expect(lists[0].tasks.map((t) => t.deadline)).toEqual([
      '2023-11-30', null, '2023-11-30', '2023-12-31', '2023-12-31', '2024-12-31', '2024-12-31', '2024-06-30', null, '2023-11-30', null, '2025-12-31', null,
    ]);
    expect(lists[3].tasks[2]).toMatchObject({ deadlineText: '2025年6月', deadline: '2025-06-30' });
    expect(lists[1].tasks[5]).toMatchObject({ deadlineText: '2023年10月', deadline: '2023-10-31' });
    const undated = [...new Set(lists.flatMap((l) => l.tasks.filter((t) => !t.deadline).map((t) => t.deadlineText)))];
    expect(undated.sort()).toEqual(['持续开展', '持续推进', '按年度推进'].sort());
  });
});
