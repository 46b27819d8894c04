import { describe, expect, it } from 'vitest';
import { actionsFrom, calendarDaysAfter, complaintNumber, distanceM, open311Status } from './complaints';
import { addWorkingDays, isWorkingDay, PLAIN_CALENDAR } from './working-days';

describe('complaint deadlines in working days (Asia/Shanghai)', () => {
  const none = PLAIN_CALENDAR;
  it('counts a Friday evening report’s two working days to the end of Tuesday', () => {
    // 2026-12-04 is a Friday; 20:00 in Shanghai.
    const due = addWorkingDays(new Date('2026-12-04T20:00:00+08:00'), 2, none);
    expect(due.toISOString()).toBe('2026-12-08T16:00:00.000Z');
  });
  it('skips the office’s holidays', () => {
    const due = addWorkingDays(new Date('2026-09-30T10:00:00+08:00'), 2, { holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']), extraWorkdays: new Set() });
    expect(due.toISOString()).toBe('2026-10-09T16:00:00.000Z');
    expect(isWorkingDay('2026-10-08', none)).toBe(true);
    expect(isWorkingDay('2026-10-10', none)).toBe(false);
  });
  it('closes 30 calendar days after the day of the report, at the end of that day', () => {
    expect(calendarDaysAfter(new Date('2026-12-01T23:30:00+08:00'), 30).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('places, numbers and states', () => {
  it('measures 50 m as 50 m', () => {
    const a = { lon: 115.72512, lat: 36.83344 };
    const b = { lon: a.lon + 50 / (111_320 * Math.cos((a.lat * Math.PI) / 180)), lat: a.lat };
    expect(distanceM(a, b)).toBeGreaterThan(49.8);
    expect(distanceM(a, b)).toBeLessThan(50.2);
  });
  it('numbers a report by its Shanghai day', () => {
    expect(complaintNumber(new Date('2026-12-06T17:00:00Z'), 12)).toBe('TS2026120700012');
  });
  it('offers only the steps a state allows', () => {
    expect(actionsFrom('submitted')).toEqual(['accept', 'assign', 'reject', 'duplicate', 'not_ours']);
    expect(actionsFrom('resolved')).toEqual([]);
    expect(open311Status('in_progress')).toBe('open');
    expect(open311Status('not_ours')).toBe('closed');
  });
});
