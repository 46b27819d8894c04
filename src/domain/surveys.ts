// 问卷调查 (seed 000 五(一)–(三)): the office's surveys of awareness, participation and satisfaction,
// which give the plan's rows 群众获得感 (临清 43–45). Pure rules shared with the browser: what a survey's
// questions may be, whether an answer fits its survey, the margin of error of a share, and whether an
// answer counts as positive for an indicator.

export type QuestionKind = 'single' | 'multiple' | 'scale' | 'text' | 'town';
export type SurveyStatus = 'draft' | 'published' | 'closed';

export interface SurveyOption { key: string; label: string }

export interface SurveyQuestion {
  key: string;
  kind: QuestionKind;
  title: string;
  required: boolean;
  /** Choices (single, multiple), or the towns of the survey's region (town), keyed by town code. */
  options?: SurveyOption[];
  /** A multiple choice: at most this many options. */
  maxChoices?: number;
  /** A 1–5 scale: the words at its two ends. */
  lowLabel?: string;
  highLabel?: string;
  /** A town question: how many answers each town may give at most, by town code (a town not named has no quota). */
  quotas?: Record<string, number>;
}

export type AnswerValue = string | string[] | number | null;

/** What makes an answer positive for an indicator: a scale answered at or above `min`, or one of the options named. */
export type BindingRule = { kind: 'scale_at_least'; min: number } | { kind: 'options'; options: string[] };

export const SCALE_MIN = 1;
export const SCALE_MAX = 5;
export const TEXT_MAX = 500;

export const STATUS_LABELS: Record<SurveyStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' }, published: { zh: '已发布', en: 'Published' }, closed: { zh: '已结束', en: 'Closed' },
};
export const KIND_LABELS: Record<QuestionKind, { zh: string; en: string }> = {
  single: { zh: '单选', en: 'Single choice' }, multiple: { zh: '多选', en: 'Multiple choice' }, scale: { zh: '1–5分量表', en: '1–5 scale' },
  text: { zh: '文字', en: 'Text' }, town: { zh: '所在镇（街道）', en: 'Town' },
};

/** The rows of the plan a survey question can give (临清 43, 44, 45), by formula key. */
export const SURVEY_FORMULAS = {
  survey_awareness: { zh: '“无废城市”建设宣传教育培训普及率', en: 'Reach of zero-waste publicity, education and training' },
  survey_participation: { zh: '对“无废城市”建设的参与程度', en: 'Participation in the zero-waste city' },
  survey_satisfaction: { zh: '公众对“无废城市”建设成效的满意程度', en: 'Public satisfaction with the zero-waste city' },
} as const;
export type SurveyFormulaKey = keyof typeof SURVEY_FORMULAS;
export const isSurveyFormula = (key: string | null | undefined): key is SurveyFormulaKey => !!key && key in SURVEY_FORMULAS;

export interface Problem { path: string; code: string; zh: string; en: string }

/** What is wrong with a survey's questions, before it is saved (the builder's checks). */
export function questionProblems(questions: SurveyQuestion[]): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, code: string, zh: string, en: string) => problems.push({ path, code, zh, en });
  if (!questions.length) add('questions', 'NO_QUESTIONS', '问卷至少要有一道题', 'A survey needs one question at least');
  const keys = new Set<string>();
  let towns = 0;
  questions.forEach((q, i) => {
    const at = `questions.${i}`;
    if (keys.has(q.key)) add(`${at}.key`, 'DUPLICATE_KEY', '题目编号重复', 'Two questions have the same key');
    keys.add(q.key);
    const options = q.options ?? [];
    if (q.kind === 'single' || q.kind === 'multiple' || q.kind === 'town') {
      if (options.length < 2) add(`${at}.options`, 'TOO_FEW_OPTIONS', '选择题至少要有两个选项', 'A choice needs two options at least');
      const seen = new Set<string>();
      options.forEach((o, j) => {
        if (seen.has(o.key)) add(`${at}.options.${j}.key`, 'DUPLICATE_OPTION', '选项编号重复', 'Two options have the same key');
        seen.add(o.key);
      });
    } else if (options.length) add(`${at}.options`, 'OPTIONS_NOT_ALLOWED', '量表题和文字题没有选项', 'A scale or text question has no options');
    if (q.kind === 'multiple') {
      if (q.maxChoices !== undefined && (q.maxChoices < 1 || q.maxChoices > options.length)) add(`${at}.maxChoices`, 'MAX_CHOICES', `最多可选项数应在 1 到 ${options.length} 之间`, `The most choices allowed must be 1 to ${options.length}`);
    } else if (q.maxChoices !== undefined) add(`${at}.maxChoices`, 'MAX_CHOICES', '只有多选题可以限制选择数', 'Only a multiple choice has a most-choices limit');
    if (q.kind === 'town') {
      towns++;
      for (const [code, n] of Object.entries(q.quotas ?? {})) {
        if (!options.some((o) => o.key === code)) add(`${at}.quotas.${code}`, 'UNKNOWN_TOWN', '配额中的镇（街道）不在选项中', 'A quota names a town that is not an option');
        else if (!Number.isInteger(n) || n < 1) add(`${at}.quotas.${code}`, 'BAD_QUOTA', '配额应为正整数', 'A quota is a whole number above 0');
      }
    } else if (q.quotas && Object.keys(q.quotas).length) add(`${at}.quotas`, 'QUOTAS_NOT_ALLOWED', '只有“所在镇（街道）”题可设配额', 'Only the town question has quotas');
  });
  if (towns > 1) add('questions', 'TWO_TOWN_QUESTIONS', '一份问卷只能有一道“所在镇（街道）”题', 'A survey has one town question at most');
  return problems;
}

/**
 * Whether answers fit their survey: one value per question in order (null when skipped), each of its
 * question's kind. The first problem names `answers.N` (or `answers.N.M` for a multiple choice's item).
 */
export function answerProblems(questions: SurveyQuestion[], answers: AnswerValue[]): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, code: string, zh: string, en: string) => problems.push({ path, code, zh, en });
  if (answers.length !== questions.length) add('answers', 'ANSWER_COUNT', `问卷共 ${questions.length} 道题，收到 ${answers.length} 个答案`, `The survey has ${questions.length} questions; ${answers.length} answers came`);
  questions.forEach((q, i) => {
    const at = `answers.${i}`;
    const v = answers[i] ?? null;
    const empty = v === null || (Array.isArray(v) && !v.length) || (typeof v === 'string' && !v.trim());
    if (empty) {
      if (q.required) add(at, 'ANSWER_REQUIRED', `第 ${i + 1} 题为必答题`, `Question ${i + 1} must be answered`);
      return;
    }
    const options = q.options ?? [];
    if (q.kind === 'single' || q.kind === 'town') {
      if (typeof v !== 'string') add(at, 'ANSWER_KIND', `第 ${i + 1} 题应选择一个选项`, `Question ${i + 1} takes one option`);
      else if (!options.some((o) => o.key === v)) add(at, 'UNKNOWN_OPTION', `第 ${i + 1} 题没有这个选项`, `Question ${i + 1} has no such option`);
    } else if (q.kind === 'multiple') {
      if (!Array.isArray(v)) { add(at, 'ANSWER_KIND', `第 ${i + 1} 题应选择一个或多个选项`, `Question ${i + 1} takes a list of options`); return; }
      v.forEach((item, j) => {
        if (!options.some((o) => o.key === item)) add(`${at}.${j}`, 'UNKNOWN_OPTION', `第 ${i + 1} 题没有这个选项`, `Question ${i + 1} has no such option`);
        else if (v.indexOf(item) !== j) add(`${at}.${j}`, 'DUPLICATE_OPTION', `第 ${i + 1} 题同一选项选了两次`, `Question ${i + 1} has an option chosen twice`);
      });
      if (q.maxChoices && v.length > q.maxChoices) add(at, 'TOO_MANY_CHOICES', `第 ${i + 1} 题最多选 ${q.maxChoices} 项`, `Question ${i + 1} takes ${q.maxChoices} options at most`);
    } else if (q.kind === 'scale') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < SCALE_MIN || v > SCALE_MAX) add(at, 'OUT_OF_RANGE', `第 ${i + 1} 题应为 1 到 5 分`, `Question ${i + 1} takes 1 to 5`);
    } else if (typeof v !== 'string') add(at, 'ANSWER_KIND', `第 ${i + 1} 题应填写文字`, `Question ${i + 1} takes text`);
    else if (v.length > TEXT_MAX) add(at, 'TEXT_TOO_LONG', `第 ${i + 1} 题最多 ${TEXT_MAX} 字`, `Question ${i + 1} takes ${TEXT_MAX} characters at most`);
  });
  return problems;
}

/** Whether a rule fits its question: a threshold on a scale, options of a choice. */
export function ruleProblem(question: SurveyQuestion, rule: BindingRule): Problem | null {
  if (rule.kind === 'scale_at_least') {
    if (question.kind !== 'scale') return { path: 'rule.kind', code: 'RULE_KIND', zh: '“达到分值”规则只用于量表题', en: 'A threshold rule is for a scale question' };
    if (!Number.isInteger(rule.min) || rule.min < SCALE_MIN || rule.min > SCALE_MAX) return { path: 'rule.min', code: 'OUT_OF_RANGE', zh: '分值应为 1 到 5', en: 'The threshold is 1 to 5' };
    return null;
  }
  if (question.kind !== 'single' && question.kind !== 'multiple') return { path: 'rule.kind', code: 'RULE_KIND', zh: '“计为正面的选项”规则只用于选择题', en: 'An options rule is for a choice question' };
  if (!rule.options.length) return { path: 'rule.options', code: 'NO_OPTIONS', zh: '请选择计为正面的选项', en: 'Choose the options that count as positive' };
  const bad = rule.options.findIndex((o) => !(question.options ?? []).some((x) => x.key === o));
  if (bad >= 0) return { path: `rule.options.${bad}`, code: 'UNKNOWN_OPTION', zh: '该题没有这个选项', en: 'The question has no such option' };
  return null;
}

/** Whether an answer is positive under a rule (an unanswered question is neither: it is not counted). */
export function isPositive(rule: BindingRule, value: AnswerValue): boolean {
  if (rule.kind === 'scale_at_least') return typeof value === 'number' && value >= rule.min;
  if (Array.isArray(value)) return value.some((v) => rule.options.includes(v));
  return typeof value === 'string' && rule.options.includes(value);
}

/**
 * The 95 % margin of error of a share, in percentage points: 1.96 × √(p(1−p)/n), the normal
 * approximation of a simple random sample (no finite-population correction: a county's residents far
 * outnumber its answers). Null without answers.
 */
export function marginOfError(positive: number, n: number): number | null {
  if (n <= 0) return null;
  const p = positive / n;
  return Math.round(1.96 * Math.sqrt((p * (1 - p)) / n) * 100_000) / 1000;
}

/** The worst-case margin for n answers (p = 0.5), for a survey before its shares are known. */
export const worstMargin = (n: number) => marginOfError(n / 2, n);

/** A share in % with one decimal kept. */
export const sharePercent = (count: number, n: number) => (n > 0 ? Math.round((count / n) * 1000) / 10 : null);

/** A phone number as we keep it before hashing: 11 digits of a mainland mobile, spaces and dashes removed. */
export function normalisePhone(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
