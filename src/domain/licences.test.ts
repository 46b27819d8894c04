import { describe, expect, it } from 'vitest';
import { inForceOn, licenceState } from './licences';

const licence = { validFrom: '2026-01-01', validTo: '2030-12-31', endedOn: null, active: true };

describe('which day a licence counts on', () => {
  it('counts within its validity, both ends included', () => {
    expect(['2025-12-31', '2026-01-01', '2030-12-31', '2031-01-01'].map((d) => inForceOn(licence, d))).toEqual([false, true, true, false]);
  });

  it('stops counting on the day it ends, and counts before', () => {
    const ended = { ...licence, endedOn: '2026-06-01', active: false };
    expect(inForceOn(ended, '2026-05-31')).toBe(true);
    expect(inForceOn(ended, '2026-06-01')).toBe(false);
  });

  it('never counts once ended from its first day, nor when withdrawn before ended_on existed', () => {
    expect(inForceOn({ ...licence, endedOn: '2026-01-01', active: false }, '2026-01-01')).toBe(false);
    expect(inForceOn({ ...licence, active: false }, '2026-03-01')).toBe(false);
  });
});

describe('the state a licence shows', () => {
  it.each([
    ['2026-03-01', licence, false, 'valid'],
    ['2025-03-01', licence, false, 'upcoming'],
    ['2031-03-01', licence, false, 'expired'],
    ['2026-03-01', { ...licence, endedOn: '2026-02-01', active: false }, false, 'ended'],
    ['2031-03-01', { ...licence, endedOn: '2026-02-01', active: false }, false, 'ended'],
    ['2026-03-01', { ...licence, endedOn: '2026-01-01', active: false }, true, 'superseded'],
  ] as const)('on %s: %o, superseded %s → %s', (today, l, superseded, state) => {
    expect(licenceState(l, today, superseded)).toBe(state);
  });
});
