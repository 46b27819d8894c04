import { describe, expect, it } from 'vitest';
import { addMonths, creditScore, gradeOf, inForce, listedOn, schemeOf } from './credit';
import { SETTINGS } from './settings';

describe('an enterprise’s credit score', () => {
  const overdue = { points: -5, validFrom: '2026-03-10', validUntil: addMonths('2026-03-10', 12) };

  it('keeps an event twelve months from its day, month ends clamped', () => {
    expect(addMonths('2026-03-10', 12)).toBe('2027-03-10');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('counts an event from its first day up to, not including, its end', () => {
    expect(inForce(overdue, '2026-03-09')).toBe(false);
    expect(inForce(overdue, '2026-03-10')).toBe(true);
    expect(inForce(overdue, '2027-03-09')).toBe(true);
    expect(inForce(overdue, '2027-03-10')).toBe(false);
  });

  it('stops counting an event a repair ended early', () => {
    const repaired = { ...overdue, endedOn: '2026-06-01' };
    expect(inForce(repaired, '2026-05-31')).toBe(true);
    expect(inForce(repaired, '2026-06-01')).toBe(false);
  });

  it('adds the events in force to the base and never goes below zero', () => {
    const events = [overdue, { points: -20, validFrom: '2026-05-01', validUntil: '2027-05-01' }, { points: 5, validFrom: '2025-01-01', validUntil: '2026-01-01' }];
    expect(creditScore(100, events, '2026-04-01')).toBe(95);
    expect(creditScore(100, events, '2026-06-01')).toBe(75);
    expect(creditScore(100, events, '2025-06-01')).toBe(105);
    expect(creditScore(10, events, '2026-06-01')).toBe(0);
  });
});

describe('grades', () => {
  it('gives the four colours by thresholds (环发〔2013〕150号)', () => {
    expect(gradeOf(1, 100, false).value).toBe('green');
    expect(gradeOf(1, 90, false).value).toBe('green');
    expect(gradeOf(1, 89, false)).toMatchObject({ value: 'blue', label: { zh: '环保良好' } });
    expect(gradeOf(1, 60, false).label.zh).toBe('环保警示');
    expect(gradeOf(1, 59, false).label.zh).toBe('环保不良');
  });

  it('grades A–E under the second scheme', () => {
    expect([100, 94, 84, 74, 59].map((s) => gradeOf(2, s, false).value)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('puts a blacklisted enterprise in the lowest grade whatever its score', () => {
    expect(gradeOf(1, 100, true).value).toBe('red');
    expect(gradeOf(2, 100, true).value).toBe('E');
  });

  it('reads the scheme from the setting, colours unless 2', () => {
    expect(schemeOf(2)).toBe(2);
    expect(schemeOf(1)).toBe(1);
    expect(SETTINGS.find((s) => s.key === 'credit.grade_scheme')).toMatchObject({ default: 1, domains: ['ecology'] });
  });

  it('holds a blacklist entry until it ends or is lifted', () => {
    const entry = { listedFrom: '2026-02-01', listedUntil: '2027-02-01' };
    expect(listedOn(entry, '2026-01-31')).toBe(false);
    expect(listedOn(entry, '2026-02-01')).toBe(true);
    expect(listedOn(entry, '2027-02-01')).toBe(false);
    expect(listedOn({ ...entry, liftedOn: '2026-08-01' }, '2026-08-01')).toBe(false);
    expect(listedOn({ listedFrom: '2026-02-01', listedUntil: null }, '2030-01-01')).toBe(true);
  });
});
