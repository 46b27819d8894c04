import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { indicatorPlans, indicators } from '../indicators/schema';
import { surveyResponses } from '../surveys/schema';
import { bindQuestion, createSurvey, moveSurvey, phoneHmac, type QuestionInput } from '../surveys/service';
import { recordAudit } from '../platform/audit/service';
import { demoActors, momentOf } from './actors';
import { TOWN_NAMES } from './towns';
import type { AnswerValue } from '../../domain/surveys';
import { shanghaiYear } from '../../domain/labels';

// 临清's public survey of the year (seed 000 五(三): 通过电话、网站、微信公众号等…了解和提升社会公众对
// “无废城市”建设成效的满意度): 「无废城市建设公众满意度调查」, built and published by the office through
// the services, answered some 800 times across the sixteen towns and streets within their quotas
// (history: one bulk insert, as the other demo modules write their months), and bound to rows 43, 44
// and 45 of 临清's plan so that those rows are computed. One draft for next year waits beside it.

const LINQING = '371581';
const STREETS = ['371581001', '371581002', '371581003', '371581004'];

const QUESTIONS: QuestionInput[] = [
  { kind: 'town', title: '您居住在哪个镇（街道）？', required: true, quotas: Object.fromEntries(Object.keys(TOWN_NAMES).map((code) => [code, STREETS.includes(code) ? 90 : 55])) },
  { kind: 'single', title: '您的年龄段', required: true, options: ['18岁以下', '18–30岁', '31–45岁', '46–60岁', '60岁以上'] },
  { kind: 'single', title: '您是否了解临清市正在开展“无废城市”建设？', required: true, options: ['非常了解', '比较了解', '听说过', '没听说过'] },
  { kind: 'multiple', title: '过去一年，您通过哪些方式接触过“无废城市”宣传教育或培训？', required: true, maxChoices: 3,
    options: ['社区（村）宣传活动', '学校或单位组织的培训', '电视、广播、报纸', '微信、抖音等网络平台', '都没有接触过'] },
  { kind: 'multiple', title: '您参与过以下哪些“无废”行动？', required: true, maxChoices: 4,
    options: ['生活垃圾分类投放', '预约上门回收或交售可回收物', '“光盘行动”、自带购物袋', '志愿服务或社区环保活动', '都没有参与过'] },
  { kind: 'scale', title: '您对本市“无废城市”建设成效的总体满意程度', required: true, lowLabel: '很不满意', highLabel: '很满意' },
  { kind: 'scale', title: '您对所在小区（村）生活垃圾分类和收运的满意程度', required: true, lowLabel: '很不满意', highLabel: '很满意' },
  { kind: 'text', title: '您对“无废城市”建设还有哪些意见和建议？', required: false },
];

const SUGGESTIONS = [
  '希望小区多设几个可回收物投放点', '建议在农村多宣传垃圾分类', '预约回收很方便，希望上门时间再灵活些', '建筑垃圾乱倒的现象还有，希望加强巡查',
  '学校的无废宣传活动很好，孩子回家也教我们分类', '希望公布各镇垃圾分类的排名', '大件垃圾回收希望有固定时间', '集市上的塑料袋还是很多',
  '运河边环境比以前好多了', '希望积分能兑换更多生活用品',
];

/** A small seeded generator, so that the demo tells the same story on every start. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1_664_525 + 1_013_904_223) >>> 0; return s / 2 ** 32; };
}

export async function seedSurveys(db: Db, now = new Date()): Promise<string> {
  const as = demoActors(db);
  const office = await as('office.linqing');
  const survey = await createSurvey(db, office, {
    title: '无废城市建设公众满意度调查',
    intro: '为了解市民对“无废城市”建设的知晓、参与和满意情况，临清市“无废城市”建设工作领导小组办公室开展本次调查。问卷匿名填写，约需3分钟；每台手机限填一次。感谢您的支持！',
    closesOn: `${shanghaiYear(now)}-12-31`,
    questions: QUESTIONS,
  });
  const publishedAt = momentOf(now, 60, 9);
  await moveSurvey(db, office, survey.id, 'published', publishedAt);

  // ---- the answers: towns within their quotas, a realistic spread ----
  const rnd = random(20261015);
  const pick = (weights: number[]) => { let r = rnd() * weights.reduce((a, b) => a + b, 0); for (let i = 0; i < weights.length; i++) { r -= weights[i]; if (r < 0) return i; } return weights.length - 1; };
  const towns = Object.keys(TOWN_NAMES);
  // 青年路街道 filled its quota; the far towns answered less.
  const wanted: Record<string, number> = Object.fromEntries(towns.map((code, i) => [code, code === '371581001' ? 90 : STREETS.includes(code) ? 70 + (i * 7) % 18 : 30 + (i * 11) % 24]));
  const rows: { surveyId: string; regionCode: string; answers: Record<string, AnswerValue>; deviceId: string; phoneHmac: string | null; submittedAt: Date }[] = [];
  const questions = survey.questions;
  const span = Math.max(1, Math.round((now.getTime() - publishedAt.getTime()) / 86_400_000));
  let serial = 0;
  for (const town of towns) {
    const street = STREETS.includes(town);
    for (let k = 0; k < wanted[town]; k++) {
      const aware = pick(street ? [24, 40, 28, 8] : [14, 36, 36, 14]);
      const reached = rnd() < (street ? 0.92 : 0.84);
      const channels = reached ? [...new Set([pick([4, 2, 3, 5, 0]), ...(rnd() < 0.5 ? [pick([4, 2, 3, 5, 0])] : [])])].map((i) => `o${i + 1}`) : ['o5'];
      const took = rnd() < (street ? 0.88 : 0.8);
      const actions = took ? [...new Set([pick([6, 2, 3, 2, 0]), ...(rnd() < 0.6 ? [pick([3, 3, 4, 2, 0])] : [])])].map((i) => `o${i + 1}`) : ['o5'];
      const satisfied = 1 + pick(street ? [1, 2, 6, 42, 49] : [1, 3, 8, 46, 42]);
      const sorting = 1 + pick(street ? [2, 4, 12, 44, 38] : [3, 6, 16, 45, 30]);
      const answers: Record<string, AnswerValue> = {
        [questions[0].key]: town, [questions[1].key]: `o${pick([3, 20, 30, 30, 17]) + 1}`, [questions[2].key]: `o${aware + 1}`,
        [questions[3].key]: channels, [questions[4].key]: actions, [questions[5].key]: satisfied, [questions[6].key]: sorting,
      };
      if (rnd() < 0.12) answers[questions[7].key] = SUGGESTIONS[Math.floor(rnd() * SUGGESTIONS.length)];
      const phone = rnd() < 0.35 ? await phoneHmac(db, `13${String(506_350_000 + serial * 7919).padStart(9, '0')}`) : null;
      const day = Math.floor(rnd() * span);
      rows.push({ surveyId: survey.id, regionCode: town, answers, deviceId: crypto.randomUUID(), phoneHmac: phone, submittedAt: momentOf(now, day, 8 + Math.floor(rnd() * 13)) });
      serial++;
    }
  }
  await db.transaction(async (tx) => {
    await tx.insert(surveyResponses).values(rows.map((r) => ({ ...r, submittedAt: r.submittedAt < publishedAt ? publishedAt : r.submittedAt })));
    await recordAudit(tx, office, { action: 'survey.answers_history', entityType: 'survey', entityId: survey.id, regionCode: LINQING, after: { answers: rows.length, towns: towns.length } });
  });

  // ---- bound to rows 43, 44 and 45 of 临清's plan ----
  const [plan] = await db.select({ id: indicatorPlans.id }).from(indicatorPlans).where(and(eq(indicatorPlans.regionCode, LINQING), sql`${indicatorPlans.supersededAt} IS NULL`));
  const rowOf = async (no: number) => (await db.select({ id: indicators.id }).from(indicators).where(and(eq(indicators.planId, plan.id), eq(indicators.no, no))))[0].id;
  await bindQuestion(db, office, survey.id, { questionKey: questions[3].key, indicatorId: await rowOf(43), rule: { kind: 'options', options: ['o1', 'o2', 'o3', 'o4'] } });
  await bindQuestion(db, office, survey.id, { questionKey: questions[4].key, indicatorId: await rowOf(44), rule: { kind: 'options', options: ['o1', 'o2', 'o3', 'o4'] } });
  await bindQuestion(db, office, survey.id, { questionKey: questions[5].key, indicatorId: await rowOf(45), rule: { kind: 'scale_at_least', min: 4 } });

  // ---- next year's draft ----
  await createSurvey(db, office, {
    title: '“无废细胞”创建知晓度调查',
    intro: '了解居民对身边“无废学校”“无废社区”“无废商场”等创建情况的知晓程度。',
    questions: [
      QUESTIONS[0],
      { kind: 'single', title: '您是否知道身边有已命名的“无废细胞”？', required: true, options: ['知道，去过', '知道，没去过', '不知道'] },
      { kind: 'multiple', title: '您希望哪些场所优先创建“无废细胞”？', required: false, maxChoices: 3, options: ['学校', '社区', '商场', '饭店', '景区', '村庄'] },
      { kind: 'scale', title: '您对已创建的“无废细胞”的评价', required: false, lowLabel: '很差', highLabel: '很好' },
    ],
  });
  return `1 published survey with ${rows.length} answers in ${towns.length} towns, bound to rows 43–45; 1 draft`;
}
