import { describe, expect, it } from 'vitest';
import { counts, filterChoices, viewRows, type ViewRow } from './view';

const row = (no: number, over: Partial<ViewRow> = {}): ViewRow => ({ no, name: `指标${no}`, level1: '固体废物源头减量', responsible: '市农业农村局', status: 'no_data', source: 'reported', ...over });

const plan: ViewRow[] = [
  row(1, { name: '一般工业固体废物产生强度', responsible: '聊城市生态环境局临清市分局', status: 'achieved', source: 'computed' }),
  row(2, { name: '绿色建筑占新建建筑的比例', responsible: '市住房城乡建设局', status: 'off_track' }),
  row(3, { level1: '固体废物资源化利用', name: '建筑垃圾资源化利用率', responsible: '市综合行政执法局、市住房城乡建设局', status: 'at_risk', source: 'computed' }),
  row(4, { level1: '固体废物资源化利用', name: '再生资源回收量增长率', responsible: '相关镇〔街道、开发区〕人民政府', status: 'on_track' }),
  row(5, { level1: '保障能力', name: '“无废城市”建设协调机制', responsible: '/', status: 'awaiting_assessment', source: 'qualitative' }),
];

describe('the plan page’s rows', () => {
  it('counts computed, reported and qualitative rows, and the rows in each status', () => {
    expect(counts(plan).bySource).toEqual({ computed: 2, reported: 2, qualitative: 1 });
    expect(counts(plan).byStatus).toEqual({ achieved: 1, off_track: 1, at_risk: 1, on_track: 1, awaiting_assessment: 1 });
  });

  it('filters by status, area, department (one of several named) and source', () => {
    const nos = (f: Parameters<typeof viewRows>[1]) => viewRows(plan, f, { by: 'no', order: 'ascend' }).map((r) => r.no);
    expect(nos({ statuses: ['off_track', 'at_risk'] })).toEqual([2, 3]);
    expect(nos({ level1: '固体废物资源化利用' })).toEqual([3, 4]);
    expect(nos({ department: '市住房城乡建设局' })).toEqual([2, 3]);
    expect(nos({ department: '相关镇〔街道、开发区〕人民政府' })).toEqual([4]);
    expect(nos({ source: 'computed', statuses: ['at_risk'] })).toEqual([3]);
    expect(nos({ text: '建筑' })).toEqual([2, 3]);
    expect(nos({ text: '4' })).toEqual([4]);
  });

  it('sorts by status most urgent first, and back; ties stay in plan order', () => {
    const withTie = [...plan, row(6, { status: 'off_track' })];
    expect(viewRows(withTie, {}, { by: 'status', order: 'ascend' }).map((r) => r.no)).toEqual([2, 6, 3, 4, 1, 5]);
    expect(viewRows(withTie, {}, { by: 'status', order: 'descend' }).map((r) => r.no)).toEqual([5, 1, 4, 3, 6, 2]);
  });

  it('sorts areas in the plan’s order and departments by name', () => {
    const shuffled = [plan[4], plan[2], plan[0], plan[3], plan[1]];
    expect(viewRows(shuffled, {}, { by: 'level1', order: 'ascend' }).map((r) => r.level1)).toEqual(['固体废物源头减量', '固体废物源头减量', '固体废物资源化利用', '固体废物资源化利用', '保障能力']);
    // By the first department named, in pinyin order (聊, 市住, 市综, 相); "/" names none and goes last.
    expect(viewRows(shuffled, {}, { by: 'responsible', order: 'ascend' }).map((r) => r.no)).toEqual([1, 2, 3, 4, 5]);
  });

  it('offers the areas in plan order and the departments most often named first', () => {
    const choices = filterChoices(plan);
    expect(choices.level1).toEqual(['固体废物源头减量', '固体废物资源化利用', '保障能力']);
    expect(choices.departments[0]).toEqual({ name: '市住房城乡建设局', count: 2 });
    expect(choices.departments.map((d) => d.name)).toContain('相关镇〔街道、开发区〕人民政府');
    expect(choices.departments.map((d) => d.name)).not.toContain('/');
  });
});
