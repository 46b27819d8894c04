import { describe, expect, it } from 'vitest';
import { drawPlan, expiryOf, pointsFor, ratePct, rulesFrom } from './green';

const rules = rulesFrom({});

describe('points a graded delivery earns', () => {
  it('adds the class’s points and the weight’s, scaled by the grade and rounded down', () => {
    expect(pointsFor(rules, { wasteClass: 'recyclable', weightKg: 4.5, grade: 'A' })).toBe(6); // (2 + 4.5) × 100 %
    expect(pointsFor(rules, { wasteClass: 'recyclable', weightKg: 4.5, grade: 'B' })).toBe(5); // 6.5 × 80 % = 5.2
    expect(pointsFor(rules, { wasteClass: 'kitchen', weightKg: null, grade: 'C' })).toBe(0); // 1 × 50 %
    expect(pointsFor(rules, { wasteClass: 'hazardous', grade: 'A' })).toBe(3);
  });

  it('gives nothing for 差, whatever the rules say of the other grades', () => {
    const generous = rulesFrom({ 'green.grade_c_pct': 300, 'green.points_other': 50 });
    expect(pointsFor(generous, { wasteClass: 'other', weightKg: 10, grade: 'D' })).toBe(0);
    expect(pointsFor(generous, { wasteClass: 'other', weightKg: 10, grade: 'C' })).toBe(180);
  });
});

describe('expiry', () => {
  it('lapses the same day months later, or the month’s last day', () => {
    expect(expiryOf(new Date('2025-03-15T02:00:00Z'), 12).toISOString()).toBe('2026-03-15T02:00:00.000Z');
    expect(expiryOf(new Date('2025-08-31T02:00:00Z'), 6).toISOString()).toBe('2026-02-28T02:00:00.000Z');
  });
});

describe('which points a redemption draws', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const e = (id: string, remaining: number, expires: string, at = '2026-01-01') => ({ id, remaining, expiresAt: new Date(`${expires}T00:00:00Z`), at: new Date(`${at}T00:00:00Z`) });

  it('takes the earliest-expiring first, and part of the last one it needs', () => {
    const open = [e('late', 10, '2027-05-01'), e('early', 4, '2026-07-01'), e('middle', 6, '2026-12-01')];
    expect(drawPlan(open, 12, now)).toEqual([{ earnId: 'early', points: 4 }, { earnId: 'middle', points: 6 }, { earnId: 'late', points: 2 }]);
  });

  it('never draws lapsed or used-up entries, and refuses more than is left', () => {
    const open = [e('lapsed', 50, '2026-05-31'), e('empty', 0, '2026-06-02'), e('valid', 5, '2026-09-01')];
    expect(drawPlan(open, 5, now)).toEqual([{ earnId: 'valid', points: 5 }]);
    expect(drawPlan(open, 6, now)).toBeNull();
  });
});

it('gives rates in % to one decimal, none of nothing', () => {
  expect(ratePct(2, 3)).toBe(66.7);
  expect(ratePct(0, 0)).toBeNull();
});
