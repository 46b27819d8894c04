import { describe, expect, it } from 'vitest';
import { unitMatches, taskState, splitUnits, joinUnits } from './units';

describe('matching a plan’s unit names to departments', () => {
  it.each([
    ['市综合行政执法局', '临清市综合行政执法局', true],
    ['区综合行政执法局', '临清市综合行政执法局', true],
    ['聊城市生态环境局临清市分局', '聊城市生态环境局临清市分局', true],
    ['市住房城乡建设局', '临清市住房城乡建设局', true],
    ['市农业农村局', '临清市住房城乡建设局', false],
    ['市商务投资促进局', '临清市商务投资促进局', true],
  ])('%s ~ %s: %s', (unit, org, expected) => {
    expect(unitMatches(unit, org)).toBe(expected);
  });
});

describe('task state', () => {
  const now = new Date('2026-11-22T12:00:00+08:00');
  it('is overdue after the deadline unless done', () => {
    expect(taskState('2026-10-31', 60, now)).toBe('overdue');
    expect(taskState('2026-10-31', 100, now)).toBe('done');
  });
  it('is due soon within two weeks, in progress or not started otherwise, ongoing without a deadline', () => {
    expect(taskState('2026-11-30', 50, now)).toBe('due_soon');
    expect(taskState('2027-06-30', 50, now)).toBe('in_progress');
    expect(taskState('2027-06-30', null, now)).toBe('not_started');
    expect(taskState(null, 30, now)).toBe('ongoing');
  });
});

describe('splitting a cell of units into units', () => {
  it.each([
    ['市综合行政执法局、市住房城乡建设局', ['市综合行政执法局', '市住房城乡建设局']],
    ['区城市管理局区公安分局', ['区城市管理局', '区公安分局']],
    ['区财政局区政府有关部门(单位)', ['区财政局', '区政府有关部门(单位)']],
    ['区财政局等区政府有关部门(单位)', ['区财政局', '区政府有关部门(单位)']],
    ['相关镇〔街道、开发区〕人民政府', ['相关镇〔街道、开发区〕人民政府']],
    ['聊城市生态环境局临清市分局', ['聊城市生态环境局临清市分局']],
    ['市卫健委经开区管理办公室', ['市卫健委经开区管理办公室']],
    ['市委组织部', ['市委组织部']],
    ['市政府办公室、聊城市生态环境局临清市分局', ['市政府办公室', '聊城市生态环境局临清市分局']],
    ['聊城市生态环境局临清市分局、市地方金融服务中心、聊城银保监分局临清监管组等', ['聊城市生态环境局临清市分局', '市地方金融服务中心', '聊城银保监分局临清监管组']],
    ['市生态环境局天桥分局等有关部门(单位)', ['市生态环境局天桥分局']],
    ['区商务局，区市场监督管理局', ['区商务局', '区市场监督管理局']],
    ['市科技局，各镇人民政府、街道办事处', ['市科技局', '各镇人民政府', '街道办事处']],
    ['区政府有关部门(单位)、各街道办事处', ['区政府有关部门(单位)', '各街道办事处']],
    ['市综合行政执法局\u3000市住房城乡建设局；市综合行政执法局', ['市综合行政执法局', '市住房城乡建设局']],
  ])('%s', (text, expected) => {
    expect(splitUnits(text)).toEqual(expected);
  });

  it('reads "/", "—" and an empty cell as no unit', () => {
    expect(splitUnits('/')).toEqual([]);
    expect(splitUnits('—')).toEqual([]);
    expect(splitUnits('')).toEqual([]);
    expect(joinUnits(splitUnits('区城市管理局区公安分局'))).toBe('区城市管理局、区公安分局');
  });
});
