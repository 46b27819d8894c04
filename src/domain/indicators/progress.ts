import { meets, toBaseUnit, type ParsedTarget, type NumericTarget } from './targets';

// One documented progress method, adapted from open-sdg's: the expected value for a year lies on the
// straight path from the baseline to the target; progress is how far along that path the actual
// change has come. Its inputs travel with the result so that an official can redo it by hand.
//
//   achieved              the latest value already meets the final target
//   on_track              actual change ≥ 95% of the change expected by now
//   at_risk               50% – 95%
//   off_track             under 50%, or moving the wrong way, or the target year has passed unmet
//   no_data               no value for any year after the baseline
//   awaiting_assessment   the target is qualitative: a person decides (with evidence)
export type Status = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'no_data' | 'awaiting_assessment';

export const STATUS_LABELS: Record<Status, { zh: string; en: string }> = {
  achieved: { zh: '已达标', en: 'Achieved' },
  on_track: { zh: '按进度推进', en: 'On track' },
  at_risk: { zh: '存在风险', en: 'At risk' },
  off_track: { zh: '进度滞后', en: 'Off track' },
  no_data: { zh: '暂无数据', en: 'No data' },
  awaiting_assessment: { zh: '待评估', en: 'Awaiting assessment' },
};

export const ON_TRACK_RATIO = 0.95;
export const AT_RISK_RATIO = 0.5;

export interface ProgressInput {
  direction: 'increase' | 'decrease';
  baselineYear: number;
  baseline: number | null;
  /** Targets by year (the final one is the latest year); text kept, parsed here. */
  targets: { year: number; target: ParsedTarget }[];
  /** The latest known value and its year. */
  latest: { year: number; value: number } | null;
  /** The year the status is for; defaults to the latest value's year. */
  asOfYear?: number;
}

export interface ProgressResult {
  status: Status;
  /** What a person needs to check it: the path's expected value, the ratio, the target used. */
  explanation: { expected?: number; ratio?: number; targetYear?: number; targetValue?: number; reason: { zh: string; en: string } };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function assessProgress(input: ProgressInput): ProgressResult {
  // A bare figure ("0.92吨/万元") is a ceiling for a falling indicator and a floor for a rising one.
  const numeric = input.targets.filter((t): t is { year: number; target: NumericTarget } => t.target.kind === 'numeric').sort((a, b) => a.year - b.year)
    .map((t) => (t.target.implicit ? { year: t.year, target: { ...t.target, comparator: input.direction === 'decrease' ? '<=' as const : '>=' as const } } : t));
  const awaiting: ProgressResult = { status: 'awaiting_assessment', explanation: { reason: { zh: '定性目标，由责任部门提供佐证、无废办评估', en: 'Qualitative target: assessed by a person with evidence' } } };
  if (numeric.length === 0) return awaiting;
  if (!input.latest) return { status: 'no_data', explanation: { reason: { zh: '尚无数据', en: 'No value yet' } } };
  const lastYear = Math.max(...input.targets.map((t) => t.year));
  // Past the last numeric target only words remain ("稳步降低"): a person judges.
  if (numeric.at(-1)!.year < lastYear && input.latest.year > numeric.at(-1)!.year) return awaiting;
  const finalTarget = numeric.at(-1)!;
  const actual = input.latest.value;
  // Relative targets (8%（较2020年）) on an amount are about the change from the base year's value; on an
  // indicator that is itself the change (下降幅度 6 %), the value is compared as it is.
  const change = finalTarget.target.valueIsChange === true;
  const measured = !change && finalTarget.target.baseYear !== undefined && input.baseline !== null && finalTarget.target.unit === '%' && !isRate(input)
    ? ((actual - input.baseline) / Math.abs(input.baseline)) * 100 : actual;
  if (meets(finalTarget.target, measured)) {
    return { status: 'achieved', explanation: { targetYear: finalTarget.year, targetValue: finalTarget.target.value, reason: { zh: `已达到${finalTarget.year}年目标（${finalTarget.target.text}）`, en: `Meets the ${finalTarget.year} target (${finalTarget.target.text})` } } };
  }
  const year = input.asOfYear ?? input.latest.year;
  if (year >= finalTarget.year) {
    return { status: 'off_track', explanation: { targetYear: finalTarget.year, targetValue: finalTarget.target.value, reason: { zh: `${finalTarget.year}年目标未实现`, en: `The ${finalTarget.year} target was not met` } } };
  }
  // A change (下降幅度) is 0 in its base year whatever the amount was; anything else starts at its baseline.
  const start = change ? { year: finalTarget.target.baseYear ?? input.baselineYear, value: 0 } : input.baseline === null ? null : { year: input.baselineYear, value: input.baseline };
  if (start === null) {
    return { status: 'at_risk', explanation: { targetYear: finalTarget.year, reason: { zh: '无基准值，无法计算进度路径；尚未达标', en: 'No baseline, so no path to compare with; not met yet' } } };
  }
  // The next target on or after this year sets the path (an interim 2023 target counts).
  const next = numeric.find((t) => t.year >= year) ?? finalTarget;
  const goal = toBaseUnit(next.target.value, next.target.unit).value;
  const span = next.year - start.year;
  const expected = start.value + ((goal - start.value) * (year - start.year)) / span;
  const neededChange = expected - start.value;
  const actualChange = actual - start.value;
  const ratio = neededChange === 0 ? (actualChange === 0 ? 1 : Math.sign(actualChange) * (input.direction === 'increase' ? 1 : -1)) : actualChange / neededChange;
  const status: Status = ratio >= ON_TRACK_RATIO ? 'on_track' : ratio >= AT_RISK_RATIO ? 'at_risk' : 'off_track';
  return {
    status,
    explanation: {
      expected: round(expected), ratio: round(ratio), targetYear: next.year, targetValue: next.target.value,
      reason: { zh: `按基准值 ${start.value} 到 ${next.year} 年目标 ${next.target.text} 的直线路径，${year} 年应为 ${round(expected)}，实际 ${actual}，完成应有进度的 ${Math.round(ratio * 100)}%`,
        en: `On the straight path from ${start.value} to the ${next.year} target ${next.target.text}, ${year} should be ${round(expected)}; actual ${actual}, ${Math.round(ratio * 100)}% of the expected change` },
    },
  };
}

// A value that is itself a rate (%) is compared directly; a relative target on an amount compares the change.
const isRate = (input: ProgressInput) => input.targets.some((t) => t.target.kind === 'numeric' && t.target.unit === '%' && t.target.baseYear === undefined);
