import { describe, expect, it } from 'vitest';
import { dueDate, monthOpen, nextMonth, reportStatus } from './recycling-reports';
import { cumulativeTarget, MALL_TARGETS, stepAllowed } from './cells';

describe('a month’s monthly progress report (seed 004 五(四))', () => {
  it('opens a month once it is over, or from its 25th', () => {
    expect(monthOpen('2026-11', '2026-12-01')).toBe(true);
    expect(monthOpen('2026-12', '2026-12-24')).toBe(false);
    expect(monthOpen('2026-12', '2026-12-25')).toBe(true);
    expect(monthOpen('2027-01', '2026-12-31')).toBe(false);
  });

  it('is due on the set day of the next month, across the year’s end', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(dueDate('2026-12', 5)).toBe('2027-01-05');
  });

  it('is on time by the due day, late after it, missing when the day has passed unfiled', () => {
    expect(reportStatus('2026-10', '2026-12-06', 5, '2026-11-05')).toBe('filed');
    expect(reportStatus('2026-10', '2026-12-06', 5, '2026-11-06')).toBe('late');
    expect(reportStatus('2026-10', '2026-12-06', 5, null)).toBe('missing');
    expect(reportStatus('2026-11', '2026-12-03', 5, null)).toBe('due');
    expect(reportStatus('2026-12', '2026-12-06', 5, null)).toBe('open');
  });
});

describe('无废商场 (seed 004 三(六), 四(二))', () => {
  it('names a mall only after an on-site check; a named mall is final', () => {
    expect(stepAllowed('submitted', 'approve')).toBe(false);
    expect(stepAllowed('checked', 'approve')).toBe(true);
    expect(stepAllowed('returned', 'submit')).toBe(true);
    expect(stepAllowed('approved', 'return')).toBe(false);
    expect(stepAllowed(null, 'check')).toBe(false);
  });

  it('holds a county to 2 by 2023 and 3 by 2024, the city to 30 by 2025', () => {
    expect(cumulativeTarget(MALL_TARGETS.county, 2022)).toBeNull();
    expect(cumulativeTarget(MALL_TARGETS.county, 2023)).toBe(2);
    expect(cumulativeTarget(MALL_TARGETS.county, 2026)).toBe(3);
    expect(cumulativeTarget(MALL_TARGETS.city, 2025)).toBe(30);
  });
});
