import { describe, expect, it } from 'vitest';
import { assessProgress } from './progress';
import { parseTarget } from './targets';

const plan = (baseline: number | null, targets: Record<number, string>) => ({
  baselineYear: 2020, baseline, targets: Object.entries(targets).map(([year, text]) => ({ year: Number(year), target: parseTarget(text) })),
});

describe('the progress method', () => {
  it('says achieved when the latest value meets the final target', () => {
    expect(assessProgress({ direction: 'increase', ...plan(80, { 2023: '>90%', 2025: '>95%' }), latest: { year: 2024, value: 96 } }).status).toBe('achieved');
  });

  it('is on track when the change is at least 95% of the straight path to the next target', () => {
    // 2020: 80 → 2023 interim target 90: in 2022 the path expects 86.667; 86.5 is 97.5% of the change.
    const r = assessProgress({ direction: 'increase', ...plan(80, { 2023: '90%', 2025: '>95%' }), latest: { year: 2022, value: 86.5 } });
    expect(r.status).toBe('on_track');
    expect(r.explanation.expected).toBe(86.667);
    expect(r.explanation.ratio).toBe(0.975);
  });

  it('is at risk between half and 95% of the expected change, off track below half or going backwards', () => {
    expect(assessProgress({ direction: 'increase', ...plan(80, { 2025: '95%' }), latest: { year: 2023, value: 85 } }).status).toBe('at_risk');
    expect(assessProgress({ direction: 'increase', ...plan(80, { 2025: '95%' }), latest: { year: 2023, value: 81 } }).status).toBe('off_track');
    expect(assessProgress({ direction: 'decrease', ...plan(1.2, { 2025: '≤1.0' }), latest: { year: 2023, value: 1.3 } }).status).toBe('off_track');
  });

  it('works for decreasing indicators: intensity falling along its path', () => {
    const r = assessProgress({ direction: 'decrease', ...plan(2.0, { 2025: '≤1.5' }), latest: { year: 2023, value: 1.69 } });
    expect(r.status).toBe('on_track');
  });

  it('is off track when the target year has passed unmet', () => {
    expect(assessProgress({ direction: 'increase', ...plan(80, { 2025: '>95%' }), latest: { year: 2025, value: 94 } }).status).toBe('off_track');
  });

  it('leaves qualitative targets to a person and says when there is no data', () => {
    expect(assessProgress({ direction: 'increase', ...plan(null, { 2025: '建立协调机制' }), latest: null }).status).toBe('awaiting_assessment');
    expect(assessProgress({ direction: 'increase', ...plan(80, { 2025: '>95%' }), latest: null }).status).toBe('no_data');
  });

  it('measures a relative target as the change from the base year: 8%（较2020年）', () => {
    expect(assessProgress({ direction: 'increase', ...plan(100, { 2025: '8%（较2020年）' }), latest: { year: 2024, value: 109 } }).status).toBe('achieved');
  });

  it('reads a bare figure as a ceiling for a falling indicator (0.92吨/万元 intensity)', () => {
    const input = { direction: 'decrease' as const, baselineYear: 2020, baseline: 1.23, targets: [{ year: 2025, target: parseTarget('0.92吨/万元') }] };
    expect(assessProgress({ ...input, latest: { year: 2025, value: 0.9 } }).status).toBe('achieved');
    expect(assessProgress({ ...input, latest: { year: 2025, value: 1.0 } }).status).toBe('off_track');
    expect(assessProgress({ ...input, direction: 'increase', latest: { year: 2025, value: 0.95 } }).status).toBe('achieved');
  });
});
