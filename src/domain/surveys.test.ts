import { describe, expect, it } from 'vitest';
import { answerProblems, isPositive, marginOfError, normalisePhone, questionProblems, ruleProblem, worstMargin, type SurveyQuestion } from './surveys';

const QUESTIONS: SurveyQuestion[] = [
  { key: 'q1', kind: 'town', title: '所在镇街', required: true, options: [{ key: '371581001', label: '青年路街道' }, { key: '371581101', label: '松林镇' }], quotas: { '371581001': 2 } },
  { key: 'q2', kind: 'single', title: '是否了解', required: true, options: [{ key: 'o1', label: '了解' }, { key: 'o2', label: '不了解' }] },
  { key: 'q3', kind: 'multiple', title: '参与过', required: false, maxChoices: 2, options: [{ key: 'o1', label: '分类' }, { key: 'o2', label: '回收' }, { key: 'o3', label: '没有' }] },
  { key: 'q4', kind: 'scale', title: '满意程度', required: true },
  { key: 'q5', kind: 'text', title: '建议', required: false },
];

describe('answers against their survey', () => {
  it('takes answers that fit, skipped optional questions included', () => {
    expect(answerProblems(QUESTIONS, ['371581001', 'o1', ['o1', 'o2'], 5, '多设回收点'])).toEqual([]);
    expect(answerProblems(QUESTIONS, ['371581101', 'o2', null, 1, null])).toEqual([]);
  });
  it('names the answer that does not fit: answers.N, or answers.N.M for a choice in a list', () => {
    expect(answerProblems(QUESTIONS, ['371581001', 'o9', null, 5, null])[0]).toMatchObject({ path: 'answers.1', code: 'UNKNOWN_OPTION' });
    expect(answerProblems(QUESTIONS, ['371581001', 'o1', ['o1', 'o7'], 5, null])[0]).toMatchObject({ path: 'answers.2.1', code: 'UNKNOWN_OPTION' });
    expect(answerProblems(QUESTIONS, ['371581001', 'o1', ['o1', 'o2', 'o3'], 5, null])[0]).toMatchObject({ path: 'answers.2', code: 'TOO_MANY_CHOICES' });
    expect(answerProblems(QUESTIONS, ['371581001', 'o1', null, 6, null])[0]).toMatchObject({ path: 'answers.3', code: 'OUT_OF_RANGE' });
    expect(answerProblems(QUESTIONS, ['371581001', 'o1', null, 4.5, null])[0]).toMatchObject({ path: 'answers.3', code: 'OUT_OF_RANGE' });
    expect(answerProblems(QUESTIONS, ['371581001', null, null, 3, null])[0]).toMatchObject({ path: 'answers.1', code: 'ANSWER_REQUIRED' });
    expect(answerProblems(QUESTIONS, ['370105001', 'o1', null, 3, null])[0]).toMatchObject({ path: 'answers.0', code: 'UNKNOWN_OPTION' });
    expect(answerProblems(QUESTIONS, ['371581001', 'o1'])[0]).toMatchObject({ path: 'answers', code: 'ANSWER_COUNT' });
    expect(answerProblems(QUESTIONS, ['371581001', 'o1', 'o1', 3, null])[0]).toMatchObject({ path: 'answers.2', code: 'ANSWER_KIND' });
  });
});

describe('the builder’s checks', () => {
  it('refuses a choice with one option, a limit beyond the options, two town questions and a quota for a town not offered', () => {
    expect(questionProblems([{ ...QUESTIONS[1], options: [{ key: 'o1', label: '是' }] }])[0]).toMatchObject({ path: 'questions.0.options', code: 'TOO_FEW_OPTIONS' });
    expect(questionProblems([{ ...QUESTIONS[2], maxChoices: 4 }])[0]).toMatchObject({ path: 'questions.0.maxChoices' });
    expect(questionProblems([QUESTIONS[0], { ...QUESTIONS[0], key: 'q9' }]).map((p) => p.code)).toContain('TWO_TOWN_QUESTIONS');
    expect(questionProblems([{ ...QUESTIONS[0], quotas: { '370105001': 5 } }])[0]).toMatchObject({ code: 'UNKNOWN_TOWN' });
    expect(questionProblems(QUESTIONS)).toEqual([]);
  });
});

describe('the margin of error of a share', () => {
  it('is 1.96 × √(p(1−p)/n) in percentage points', () => {
    // 90 % of 400: 1.96 × √(0.09/400) = 2.94 points.
    expect(marginOfError(360, 400)).toBeCloseTo(2.94, 2);
    // The worst case, p = 0.5, for 1,000 answers: 3.1 points.
    expect(worstMargin(1000)).toBeCloseTo(3.099, 2);
    expect(marginOfError(0, 0)).toBeNull();
    expect(marginOfError(50, 50)).toBe(0);
  });
});

describe('a positive answer for an indicator', () => {
  it('reads a scale by its threshold and a choice by the options named', () => {
    expect(isPositive({ kind: 'scale_at_least', min: 4 }, 4)).toBe(true);
    expect(isPositive({ kind: 'scale_at_least', min: 4 }, 3)).toBe(false);
    expect(isPositive({ kind: 'options', options: ['o1', 'o2'] }, ['o3', 'o2'])).toBe(true);
    expect(isPositive({ kind: 'options', options: ['o1', 'o2'] }, 'o3')).toBe(false);
    expect(isPositive({ kind: 'options', options: ['o1'] }, null)).toBe(false);
  });
  it('fits a rule to its question', () => {
    expect(ruleProblem(QUESTIONS[3], { kind: 'scale_at_least', min: 4 })).toBeNull();
    expect(ruleProblem(QUESTIONS[1], { kind: 'scale_at_least', min: 4 })).toMatchObject({ code: 'RULE_KIND' });
    expect(ruleProblem(QUESTIONS[2], { kind: 'options', options: ['o1', 'o9'] })).toMatchObject({ path: 'rule.options.1', code: 'UNKNOWN_OPTION' });
  });
});

describe('a phone number', () => {
  it('is kept as 11 digits of a mainland mobile, or refused', () => {
    expect(normalisePhone('+86 138-0635-1234')).toBe('13806351234');
    expect(normalisePhone('0635-2345678')).toBeNull();
  });
});
