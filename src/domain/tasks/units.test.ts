import { describe, expect, it } from 'vitest';
import { unitMatches, taskState } from './units';

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
