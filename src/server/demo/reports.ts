import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { indicatorPlans, indicators, indicatorValues } from '../indicators/schema';
import { reportValue, reviewValue, type Verdict } from '../indicators/service';
import { demoActors } from './actors';
import { shanghaiYear } from '../../domain/labels';

// What 临清's departments reported for the rows the platform cannot compute yet (cases, surveys; row 36 is computed from the credit ratings;
// household waste, the farm figures and the recycling network's are computed from the platform's records), for the plan's final year, with the office's review: most
// approved, one returned and filed again, one still waiting. And the office's verdicts on the rows
// judged in words (协调机制, 考核机制, 农村生活垃圾分类 (computed, judged against 省级下达指标), the platform itself, and the two intensities that
// are to meet 聊城市's targets). The figures are plausible for the county, not published ones.

const LINQING = '371581';

interface Report { no: number; by: string; value: number; evidence: string; note?: string; numerator?: number; denominator?: number }
interface Assessment { no: number; verdict: Verdict; note: string; evidence: string }

// Row numbers are those of 临清's table (demo/plans/linqing.ts).
const REPORTS: Report[] = [
  { no: 40, by: 'eco.linqing', value: 100, evidence: '2025年涉固体废物移送公安机关案件清单.xlsx' },
  { no: 41, by: 'eco.linqing', value: 98.6, numerator: 142, denominator: 144, evidence: '2025年涉固体废物信访投诉举报台账.xlsx', note: '2件仍在办理' },
  { no: 42, by: 'eco.linqing', value: 100, evidence: '2025年生态环境损害赔偿案件台账.xlsx' },
  { no: 43, by: 'office.linqing', value: 91.0, evidence: '2025年“无废城市”宣传培训记录汇编.pdf' },
  { no: 44, by: 'office.linqing', value: 93.5, evidence: '2025年公众参与问卷调查报告.pdf' },
];
/** Row 12 is returned once (the couriers' figures were counted twice) and filed again; row 45 waits for the office. */
const RETURNED = { no: 12, by: 'commerce.linqing', first: 88.6, value: 82.0, evidence: '2025年快递绿色包装使用情况（邮政管理部门核对后）.pdf', note: '剔除重复统计的2家快递网点' };
const WAITING = { no: 45, by: 'eco.linqing', value: 88.0, evidence: '2025年公众满意度第三方调查报告.pdf' };

const VERDICTS: Assessment[] = [
  { no: 1, verdict: 'achieved', note: '聊城市下达临清市2025年一般工业固体废物产生强度目标为不高于0.05吨/万元，平台计算值低于目标', evidence: '聊城市无废办关于分解下达2025年指标的通知.pdf' },
  { no: 2, verdict: 'achieved', note: '聊城市下达目标为不高于0.004吨/万元，平台计算值低于目标', evidence: '聊城市无废办关于分解下达2025年指标的通知.pdf' },
  { no: 11, verdict: 'at_risk', note: '8个镇已全域推行农村生活垃圾分类，4个镇仍在试点，省级下达的覆盖率尚未完成', evidence: '2025年农村生活垃圾分类推进情况.docx' },
  { no: 32, verdict: 'achieved', note: '市政府成立“无废城市”建设工作领导小组，办公室设在生态环境分局，建立月调度、季通报制度', evidence: '临政办字〔2022〕18号.pdf' },
  { no: 33, verdict: 'achieved', note: '“无废城市”建设成效已纳入镇街和部门年度综合考核，权重3分', evidence: '2025年度综合考核实施细则.pdf' },
  { no: 38, verdict: 'on_track', note: '智慧监管平台已运行危险废物、一般工业固体废物、建筑垃圾、污泥、生活垃圾（含餐厨垃圾）、农业固体废物和再生资源回收系统；信用评价与公众参与系统在建', evidence: '平台运行月报（2026年11月）.pdf' },
];

export async function seedReports(db: Db, now = new Date()): Promise<string> {
  const as = demoActors(db);
  const office = await as('office.linqing');
  const year = shanghaiYear(now) - 1;
  const plan = (await db.select({ id: indicatorPlans.id }).from(indicatorPlans).where(eq(indicatorPlans.regionCode, LINQING)))[0];
  const rows = await db.select({ id: indicators.id, no: indicators.no }).from(indicators).where(eq(indicators.planId, plan.id));
  const idOf = (no: number) => rows.find((r) => r.no === no)!.id;
  // Filed in the spring after the year, reviewed some days later.
  const when = async (valueId: string, day: number) => {
    const reportedAt = new Date(Date.UTC(year + 1, 1, 20 + day, 2));
    await db.update(indicatorValues).set({ reportedAt, ...(day >= 0 ? { reviewedAt: new Date(reportedAt.getTime() + 5 * 86_400_000) } : {}) }).where(eq(indicatorValues.id, valueId));
  };
  const report = async (r: { no: number; by: string; value: number; evidence: string; note?: string; numerator?: number; denominator?: number }) => {
    const row = await reportValue(db, await as(r.by), idOf(r.no), { regionCode: LINQING, year, value: r.value, numerator: r.numerator, denominator: r.denominator, note: r.note, evidence: [{ name: r.evidence }] });
    return row;
  };
  let approved = 0;
  for (const [i, r] of REPORTS.entries()) {
    const row = await report(r);
    if (row.status === 'submitted') await reviewValue(db, office, row.id, true);
    await when(row.id, i % 20);
    approved++;
  }
  const first = await report({ ...RETURNED, value: RETURNED.first });
  await reviewValue(db, office, first.id, false, '城区两家快递网点的包装用量在邮政和商务两处重复计入，请核对后重报');
  await when(first.id, 2);
  const again = await report(RETURNED);
  await reviewValue(db, office, again.id, true);
  await when(again.id, 12);
  const waiting = await report(WAITING);
  await db.update(indicatorValues).set({ reportedAt: new Date(now.getTime() - 2 * 86_400_000) }).where(and(eq(indicatorValues.id, waiting.id)));
  for (const v of VERDICTS) {
    const row = await reportValue(db, office, idOf(v.no), { regionCode: LINQING, year, verdict: v.verdict, note: v.note, evidence: [{ name: v.evidence }] });
    await when(row.id, 25);
  }
  return `${approved + 1} values of ${year} reported and approved (one returned first), 1 waiting for review, ${VERDICTS.length} verdicts`;
}
