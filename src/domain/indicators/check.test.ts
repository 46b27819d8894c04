import { describe, expect, it } from 'vitest';
import { checkTable } from './check';

describe('what the preview marks on the cells', () => {
  const mapping = [{ index: 0, role: 'no' }, { index: 1, role: 'name' }, { index: 2, role: 'mark' }, { index: 3, role: 'target', year: 2025 }];

  it('says a mark column cell that is neither 必选/可选 nor ★/☆ leaves the row unmarked', () => {
    const problems = checkTable([['1', '秸秆综合利用率', '必选', '>95%'], ['2', '农膜回收率', '重点', '>92%'], ['3', '畜禽粪污综合利用率', '☆', '>90%']], mapping);
    expect(problems).toEqual([{ row: 1, column: 2, level: 'warning', message: expect.objectContaining({ zh: expect.stringContaining('“重点”不是必选/可选') }) }]);
  });

  it('stops the import on a repeated 序号 (full-width digits read as digits) and on a target column without its year', () => {
    const problems = checkTable([['１', '秸秆综合利用率', '', '>95%'], ['1', '农膜回收率', '', '>92%']], [...mapping.slice(0, 3), { index: 3, role: 'target' }]);
    expect(problems.filter((p) => p.level === 'error').map((p) => p.message.en)).toEqual(['A target column needs its year', 'Number 1 repeats row 1']);
  });
});
