import { describe, expect, it } from 'vitest';
import { centralRate, kmToRoute, kmToSegment, reportProblems, reportState, CARCASS_METHODS, CENTRAL_METHODS } from './carcass';

describe('dead livestock: a report, its state and the rate', () => {
  it('refuses a negative, fractional or zero head count, and a weight no dead pig can have', () => {
    expect(reportProblems({ species: 'pig', head: -3, weightKg: 100 }).map((p) => p.field)).toEqual(['head']);
    expect(reportProblems({ species: 'pig', head: 1.5, weightKg: 100 }).map((p) => p.field)).toEqual(['head']);
    expect(reportProblems({ species: 'pig', head: 0, weightKg: 100 }).map((p) => p.field)).toEqual(['head']);
    expect(reportProblems({ species: 'pig', head: 2, weightKg: 7000 }).map((p) => p.field)).toEqual(['weightKg']);
    expect(reportProblems({ species: 'pig', head: 2, weightKg: 0 }).map((p) => p.field)).toEqual(['weightKg']);
    expect(reportProblems({ species: 'camel', head: 2, weightKg: 10 }).map((p) => p.field)).toEqual(['species']);
    expect(reportProblems({ species: 'broiler', head: 300, weightKg: 750 })).toEqual([]);
  });

  it('reads a report’s state from what was recorded: a correction wins over a cancellation, the manifest over the round', () => {
    expect(reportState({ cancelled: false, superseded: false, onRound: false, manifestStatus: 'signed_by_producer' })).toBe('waiting');
    expect(reportState({ cancelled: false, superseded: false, onRound: true, manifestStatus: 'signed_by_producer' })).toBe('scheduled');
    expect(reportState({ cancelled: false, superseded: false, onRound: true, manifestStatus: 'in_transit' })).toBe('collected');
    expect(reportState({ cancelled: false, superseded: false, onRound: true, manifestStatus: 'received' })).toBe('treated');
    expect(reportState({ cancelled: true, superseded: false, onRound: false, manifestStatus: 'cancelled' })).toBe('cancelled');
    expect(reportState({ cancelled: true, superseded: true, onRound: false, manifestStatus: 'cancelled' })).toBe('superseded');
  });

  it('counts deep burial as harmless but not as centralised treatment', () => {
    expect(CENTRAL_METHODS).toEqual(['rendering', 'high_temperature', 'incineration', 'fermentation']);
    expect(CARCASS_METHODS.find((m) => m.value === 'deep_burial')?.central).toBe(false);
  });

  it('gives the rate as treated head over reported head, null without reports', () => {
    expect(centralRate(96, 100)).toBe(96);
    expect(centralRate(2, 3)).toBe(66.667);
    expect(centralRate(0, 0)).toBeNull();
  });

  it('measures a vehicle’s distance to its round: on a segment is 0, a point 0.1° north of an east–west road about 11 km', () => {
    expect(kmToSegment([115.75, 36.85], [115.7, 36.85], [115.8, 36.85])).toBeCloseTo(0, 5);
    expect(kmToSegment([115.75, 36.95], [115.7, 36.85], [115.8, 36.85])).toBeCloseTo(11.13, 1);
    expect(kmToRoute([115.8, 36.9], [[115.7, 36.85], [115.8, 36.85], [115.8, 36.95]])).toBeCloseTo(0, 5);
  });
});
