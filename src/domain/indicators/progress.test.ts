import { describe, expect, it } from 'vitest';
import { assessProgress } from './progress';
import { parseTarget, targetOn } from './targets';
import { CHANGE_INDICATOR, guessDirection } from './columns';

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

describe('indicators whose value is a decline or growth in % (下降幅度, 降低幅度, 增长率)', () => {
  // The value of 工业危险废物填埋处置量下降幅度 is the decline itself: 6 means 6 % less than in 2020.
  const decline = (name: string, baseline: number | null, targets: Record<number, string>) => ({
    direction: guessDirection(name, []),
    baselineYear: 2020, baseline,
    targets: Object.entries(targets).map(([year, text]) => ({ year: Number(year), target: targetOn(CHANGE_INDICATOR.test(name), parseTarget(text)) })),
  });

  it('counts a 6 % decline as meeting a 5 %（较2020年）decline target, and 4 % as not', () => {
    const row24 = decline('工业危险废物填埋处置量下降幅度', 11766.86, { 2023: '5%（较2020年）', 2025: '8%（较2020年）' });
    expect(row24.direction).toBe('increase');
    expect(assessProgress({ ...row24, latest: { year: 2025, value: 8.5 } }).status).toBe('achieved');
    expect(assessProgress({ ...row24, latest: { year: 2025, value: 6 } }).status).toBe('off_track');
    const interim = decline('工业危险废物填埋处置量下降幅度', 11766.86, { 2023: '5%（较2020年）' });
    expect(assessProgress({ ...interim, latest: { year: 2023, value: 6 } }).status).toBe('achieved');
    expect(assessProgress({ ...interim, latest: { year: 2023, value: 4 } }).status).toBe('off_track');
  });

  it('draws the path from no change in the base year, not from the base-year amount', () => {
    // 临清 row 27: 5439 t in 2020, 8 % less by 2025. In 2023 the path expects a decline of 4.8 %; 4.6 % is on track.
    const row27 = decline('一般工业固体废物贮存处置量下降幅度', 5439, { 2025: '8%（较2020年）' });
    const r = assessProgress({ ...row27, latest: { year: 2023, value: 4.6 } });
    expect(r.explanation.expected).toBe(4.8);
    expect(r.status).toBe('on_track');
    // A rise (a negative decline) is off track.
    expect(assessProgress({ ...row27, latest: { year: 2023, value: -2 } }).status).toBe('off_track');
  });

  it('reads 济宁经开区 row 8 碳排放强度降低幅度 (18 %) as a decline of at least 18 %, though the name holds 强度', () => {
    const row8 = decline('城市重点行业工业企业碳排放强度降低幅度', 1.092, { 2025: '18%' });
    expect(row8.direction).toBe('increase');
    expect(assessProgress({ ...row8, latest: { year: 2025, value: 19 } }).status).toBe('achieved');
    expect(assessProgress({ ...row8, latest: { year: 2025, value: 12 } }).status).toBe('off_track');
    expect(assessProgress({ ...row8, latest: { year: 2024, value: 15 } }).status).toBe('on_track');
  });

  it('reads "降低8%" on a 下降幅度 as a decline of 8, and leaves targets of other indicators as they are', () => {
    expect(targetOn(true, parseTarget('较2020年降低8%'))).toMatchObject({ value: 8, valueIsChange: true });
    expect(targetOn(false, parseTarget('较2020年降低8%'))).toMatchObject({ value: -8 });
    expect(targetOn(true, parseTarget('低于24万吨'))).not.toHaveProperty('valueIsChange');
    // An amount with a relative target keeps its measure: the change from the baseline.
    expect(assessProgress({ direction: 'decrease', ...plan(100, { 2025: '较2020年降低8%' }), latest: { year: 2025, value: 91 } }).status).toBe('achieved');
    expect(assessProgress({ direction: 'decrease', ...plan(100, { 2025: '较2020年降低8%' }), latest: { year: 2025, value: 95 } }).status).toBe('off_track');
  });
});
