import { describe, expect, it } from 'vitest';
import { checkValues, isCalendarDay } from './values';
import { HAZARDOUS_STREAM } from '../streams/hazardous';
import { CONSTRUCTION_STREAM } from '../streams/construction';

const now = new Date('2026-11-25T04:00:00Z');
const problems = (values: Record<string, unknown>, current: Record<string, unknown> = {}) =>
  checkValues(HAZARDOUS_STREAM, values, current, now).map((i) => `${i.field}:${i.problem}`);

describe('manifest values by the kind of their field', () => {
  it('takes a weight only as a number of tonnes with four decimals at most, in a sane range', () => {
    expect(problems({ pickupWeightT: 2.0125 })).toEqual([]);
    for (const bad of ['NaN', '１２３', '12,345.6', '2']) expect(problems({ pickupWeightT: bad })).toEqual(['pickupWeightT:WRONG_TYPE']);
    expect(problems({ pickupWeightT: -1 })).toEqual(['pickupWeightT:OUT_OF_RANGE']);
    expect(problems({ pickupWeightT: 0 })).toEqual(['pickupWeightT:OUT_OF_RANGE']);
    expect(problems({ pickupWeightT: 0.00001 })).toEqual(['pickupWeightT:OUT_OF_RANGE']);
    expect(problems({ receivedWeightT: 0.00001 })).toEqual(['receivedWeightT:TOO_PRECISE']);
    expect(problems({ receivedWeightT: 0 })).toEqual([]);
    expect(problems({ receivedWeightT: 1e308 })).toEqual(['receivedWeightT:OUT_OF_RANGE']);
  });

  it('takes a date only as a real calendar day after 2000 and within a year', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2025-02-29')).toBe(false);
    expect(problems({ plannedDate: '2026-12-01' })).toEqual([]);
    for (const bad of ['2025-02-30', 'not a date', '', '2026-13-01', 20261201]) expect(problems({ plannedDate: bad })).toEqual(['plannedDate:NOT_A_DAY']);
    expect(problems({ plannedDate: '1900-01-01' })).toEqual(['plannedDate:OUT_OF_WINDOW']);
    expect(problems({ plannedDate: '2099-01-01' })).toEqual(['plannedDate:OUT_OF_WINDOW']);
  });

  it('takes a treatment method from the licence codes, an outcome from its list, a vehicle as an id', () => {
    expect(problems({ treatmentMethod: 'R9', receptionOutcome: 'accepted' })).toEqual([]);
    expect(problems({ treatmentMethod: '{{7*7}}' })).toEqual(['treatmentMethod:NOT_IN_LIST']);
    expect(problems({ treatmentMethod: 'R99' })).toEqual(['treatmentMethod:NOT_IN_LIST']);
    expect(problems({ receptionOutcome: 'maybe' })).toEqual(['receptionOutcome:NOT_IN_LIST']);
    expect(problems({ vehicleId: 'truck-1' })).toEqual(['vehicleId:BAD_FORMAT']);
    expect(problems({ containerCount: 2.5 })).toEqual(['containerCount:TOO_PRECISE']);
    expect(problems({ nameMismatch: 'yes' })).toEqual(['nameMismatch:WRONG_TYPE']);
    expect(problems({ hazard: 'T' })).toEqual(['hazard:FIXED']);
  });

  it('refuses a change to what the platform set from the load, but not the same value sent back', () => {
    expect(problems({ declaredWeightT: 0.5 }, { declaredWeightT: 0.5 })).toEqual([]);
    expect(problems({ declaredWeightT: 'NaN' }, { declaredWeightT: 0.5 })).toEqual(['declaredWeightT:FIXED']);
    const site = checkValues(CONSTRUCTION_STREAM, { siteId: '6f1d3a52-8f4e-4c55-9d65-0b9c8a1c2e11' }, { siteId: 'another' }, now);
    expect(site.map((i) => i.problem)).toEqual(['FIXED']);
    expect(site[0].zh).toContain('获批处理方案');
  });
});
