import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, PLAIN_CALENDAR } from '../../src/domain/working-days';
import { noticeEnd } from '../../src/domain/cells';
import { NATIONAL_CALENDAR, NATIONAL_YEARS, nationalYear } from '../../src/server/platform/calendar/national';

// Deadlines in working days across the Spring Festival of 2026 (15-23 February off; Saturday 14 and
// Saturday 28 February worked), as the State Council arranged it.
describe('working days with the national calendar', () => {
  it('knows the years up to this one', () => {
    expect(NATIONAL_YEARS.first).toBeLessThanOrEqual(2020);
    expect(NATIONAL_YEARS.last).toBeGreaterThanOrEqual(2026);
    expect(nationalYear(2026).covered).toBe(true);
    expect(nationalYear(2100).covered).toBe(false);
  });

  it('counts a make-up Saturday and skips the holiday week', () => {
    expect(isWorkingDay('2026-02-14', NATIONAL_CALENDAR)).toBe(true);
    expect(isWorkingDay('2026-02-14', PLAIN_CALENDAR)).toBe(false);
    expect(isWorkingDay('2026-02-16', NATIONAL_CALENDAR)).toBe(false);
    expect(isWorkingDay('2026-02-24', NATIONAL_CALENDAR)).toBe(true);
  });

  it('puts a receipt due five working days after Friday 13 February 2026 on Friday 27 February, not on the 20th', () => {
    const signed = new Date('2026-02-13T15:00:00+08:00');
    // Sat 14 (worked) 1, the festival skipped, Tue 24 2, 25 3, 26 4, Fri 27 5: due at the end of the 27th.
    expect(addWorkingDays(signed, 5, NATIONAL_CALENDAR).toISOString()).toBe('2026-02-27T16:00:00.000Z');
    expect(addWorkingDays(signed, 5, PLAIN_CALENDAR).toISOString()).toBe('2026-02-20T16:00:00.000Z');
  });

  it('ends a five-working-day public notice started before National Day after the holiday', () => {
    // 30 September (Wed) 1, 1-7 October off, Thu 8 2, Fri 9 3, Sat 10 (worked) 4, Mon 12 5.
    expect(noticeEnd('2026-09-30', 5, NATIONAL_CALENDAR)).toBe('2026-10-12');
    expect(noticeEnd('2026-09-30', 5, PLAIN_CALENDAR)).toBe('2026-10-06');
  });
});
