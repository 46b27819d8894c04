import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { PERCENT_UNIT, percent, type Formula, type FormulaQuery, type Text } from '../indicators/formula';
import { inArea, inYearTime, rows } from '../indicators/formula-sql';
import { marginOfError, SURVEY_FORMULAS, type BindingRule, type SurveyFormulaKey } from '../../domain/surveys';

// 群众获得感 (临清 43 宣传教育培训普及率, 44 参与程度, 45 满意程度★): computed from the answers to the survey
// questions the office bound to the row. An answer is positive by the binding's rule (a 1–5 scale
// answered at or above its threshold, or one of the options named as positive); the value is the
// positive answers over the answers to the bound questions given in the area (by the respondent's
// town) and year. A row with no bound question has no value rather than a guess.

/** A binding's rule as SQL over a response `r`: the answer to the question is positive. */
function positiveSql(key: string, rule: BindingRule) {
  if (rule.kind === 'scale_at_least') return sql`(r.answers->>${key})::int >= ${rule.min}`;
  const options = sql.join(rule.options.map((o) => sql`${o}`), sql`, `);
  return sql`(CASE jsonb_typeof(r.answers->${key}) WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(r.answers->${key}) o WHERE o IN (${options})) ELSE r.answers->>${key} IN (${options}) END)`;
}

interface Bound { survey_id: string; title: string; question_key: string; rule: BindingRule; survey_region: string }

/** The active bindings of a formula whose survey reaches the area: a survey of the area or below it, or of an area above it (its answers are counted by town). */
const bindingsFor = (db: Db, formula: SurveyFormulaKey, regionCode: string) => rows<Bound>(db, sql`
  SELECT b.survey_id, s.title, b.question_key, b.rule, s.region_code AS survey_region FROM survey_bindings b JOIN surveys s ON s.id = b.survey_id
  WHERE b.formula = ${formula} AND b.ended_at IS NULL AND s.status <> 'draft'
    AND (${inArea(sql`s.region_code`, regionCode)} OR ${regionCode} LIKE s.region_code || '%')
  ORDER BY s.published_at, b.survey_id`);

async function counted(db: Db, formula: SurveyFormulaKey, q: FormulaQuery) {
  const bound = await bindingsFor(db, formula, q.regionCode);
  const perSurvey = [];
  for (const b of bound) {
    const [row] = await rows<{ answered: number; positive: number }>(db, sql`
      SELECT count(*)::int AS answered, count(*) FILTER (WHERE ${positiveSql(b.question_key, b.rule)})::int AS positive
      FROM survey_responses r
      WHERE r.survey_id = ${b.survey_id} AND ${inArea(sql`r.region_code`, q.regionCode)} AND ${inYearTime(sql`r.submitted_at`, q.year)}
        AND r.answers ? ${b.question_key} AND r.answers->${b.question_key} NOT IN ('null'::jsonb, '[]'::jsonb)`);
    perSurvey.push({ ...b, ...row });
  }
  return perSurvey;
}

const ruleText = (rule: BindingRule): Text => (rule.kind === 'scale_at_least'
  ? { zh: `${rule.min}分及以上`, en: `${rule.min} or above` }
  : { zh: `选项 ${rule.options.join('、')}`, en: `options ${rule.options.join(', ')}` });

function surveyFormula(key: SurveyFormulaKey, matches: RegExp, what: Text, positive: Text): Formula {
  return {
    key,
    label: { zh: `${what.zh} = 问卷中${positive.zh}的答卷数 / 回答该题的答卷数`, en: `${what.en} = answers ${positive.en} / answers to the bound question` },
    method: {
      zh: `无废办把问卷中的一道题绑定到本项指标，并规定哪些回答计为${positive.zh}（量表题：达到某分值及以上；选择题：所列选项之一）。当年在本辖区（按答卷人所在镇街）回答该题的答卷中，${positive.zh}的答卷所占比例即为指标值；同一辖区绑定多份问卷时合并计算。样本量 n 和份额的95%误差范围（1.96×√(p(1−p)/n)，百分点）列为输入。没有绑定题目的，不计算。`,
      en: `The zero-waste office binds a survey question to this row and says which answers count as ${positive.en} (a scale: at or above a score; a choice: one of the options named). Of the answers to that question given this year in the area (by the respondent's town), the share that is ${positive.en} is the value; several bound surveys of the area are pooled. The sample size n and the share's 95 % margin (1.96 × √(p(1−p)/n), percentage points) are shown as inputs. Without a bound question there is no value.`,
    },
    inputs: [
      { key: 'positive', kind: 'survey', label: { zh: `${positive.zh}的答卷`, en: `Answers ${positive.en}` }, unit: '份' },
      { key: 'answered', kind: 'survey', label: { zh: '回答该题的答卷（样本量 n）', en: 'Answers to the question (n)' }, unit: '份' },
      { key: 'margin', kind: 'survey', label: { zh: '95%误差范围', en: '95 % margin of error' }, unit: '百分点' },
      { key: 'surveys', kind: 'survey', label: { zh: '计入的问卷', en: 'Surveys counted' }, unit: '份' },
    ],
    matches,
    units: PERCENT_UNIT,
    async compute(db, q) {
      const per = await counted(db, key, q);
      if (!per.length) {
        return { numerator: 0, denominator: null, value: null, inputs: [{ key: 'positive', value: null }, { key: 'answered', value: null }, { key: 'margin', value: null }, { key: 'surveys', value: 0 }],
          missing: { zh: '尚未将问卷题目绑定到本项指标（在“问卷调查”中绑定）', en: 'No survey question is bound to this row yet (bind one under Surveys)' } };
      }
      const positiveN = per.reduce((s, p) => s + p.positive, 0);
      const answered = per.reduce((s, p) => s + p.answered, 0);
      const note = { zh: per.map((p) => `${p.title}（${ruleText(p.rule).zh}）`).join('；'), en: per.map((p) => `${p.title} (${ruleText(p.rule).en})`).join('; ') };
      return {
        numerator: positiveN, denominator: answered, value: percent(positiveN, answered),
        inputs: [{ key: 'positive', value: positiveN }, { key: 'answered', value: answered }, { key: 'margin', value: marginOfError(positiveN, answered) }, { key: 'surveys', value: per.length, note }],
        ...(answered ? {} : { missing: { zh: `${q.year}年本辖区没有回答所绑定题目的答卷`, en: `No answers to the bound questions in the area in ${q.year}` } }),
      };
    },
    async records(db, q, page) {
      const per = await counted(db, key, q);
      const items = per.slice(page.offset, page.offset + page.limit).map((p) => ({
        id: p.survey_id, href: `/surveys?id=${p.survey_id}`,
        cells: { title: p.title, question: p.question_key, rule: ruleText(p.rule).zh, answered: p.answered, positive: p.positive, share: percent(p.positive, p.answered), margin: marginOfError(p.positive, p.answered) },
      }));
      return {
        columns: [
          { key: 'title', label: { zh: '问卷', en: 'Survey' } }, { key: 'question', label: { zh: '题目', en: 'Question' } }, { key: 'rule', label: { zh: '计为正面', en: 'Counted as positive' } },
          { key: 'answered', label: { zh: '样本量 n（份）', en: 'n (answers)' }, kind: 'number' }, { key: 'positive', label: { zh: '正面答卷（份）', en: 'Positive (answers)' }, kind: 'number' },
          { key: 'share', label: { zh: '比例（%）', en: 'Share (%)' }, kind: 'number' }, { key: 'margin', label: { zh: '±误差（百分点）', en: '± margin (points)' }, kind: 'number' },
        ],
        items, total: per.length,
      };
    },
  };
}

export const surveyFormulas: Formula[] = [
  surveyFormula('survey_awareness', /宣传教育培训普及率/, SURVEY_FORMULAS.survey_awareness, { zh: '知晓或参加过宣传培训', en: 'aware of or trained by the publicity' }),
  surveyFormula('survey_participation', /对“?无废城市”?建设的参与程度/, SURVEY_FORMULAS.survey_participation, { zh: '参与过', en: 'having taken part' }),
  surveyFormula('survey_satisfaction', /对“?无废城市”?建设成效的满意程度/, SURVEY_FORMULAS.survey_satisfaction, { zh: '满意', en: 'satisfied' }),
];
