import { describe, expect, it } from 'vitest';
import { manifestNumber, parseManifestNumber } from './number';
import { addWorkingDays } from '../working-days';

describe('manifest numbers (第十五条)', () => {
  it('builds year + province + city + a six-digit serial', () => {
    expect(manifestNumber(2026, '371581', 1)).toBe('20263715000001');
    expect(manifestNumber(2026, '371581101', 123456)).toBe('20263715123456');
    expect(parseManifestNumber('20263715000042')).toEqual({ year: 2026, cityPrefix: '3715', serial: 42 });
  });
  it('refuses a serial beyond six digits', () => {
    expect(() => manifestNumber(2026, '371581', 1_000_000)).toThrow(RangeError);
  });
});

describe('working days in Asia/Shanghai', () => {
  it('counts five working days over a weekend', () => {
    // Friday 2026-11-20 14:00 in Shanghai → the fifth working day is Friday 2026-11-27, ending at its midnight.
    expect(addWorkingDays(new Date('2026-11-20T06:00:00Z'), 5).toISOString()).toBe('2026-11-27T16:00:00.000Z');
  });
  it('uses the Shanghai date, not UTC, near midnight', () => {
    // 2026-11-20 23:30 UTC is Saturday 07:30 in Shanghai.
    expect(addWorkingDays(new Date('2026-11-20T23:30:00Z'), 1).toISOString()).toBe('2026-11-23T16:00:00.000Z');
  });
});
