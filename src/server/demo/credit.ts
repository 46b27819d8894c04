import { and, asc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { creditEvents } from '../credit/schema';
import { addToBlacklist, decideRepair, recordOfficialEvent, requestRepair, runRating, sweepCredit } from '../credit/service';
import { shanghaiDate } from '../../domain/labels';
import { demoActors } from './actors';

// 企业环境信用评价 (issue 18) on the demo year, after the manifests, alarms and declarations: the sweep
// as the periodic scan runs it (泉林纸业's months never declared, alarms left past their deadline, late
// receipts), two penalties of 临清's ecology bureau with their decision
// numbers (顺达汽修 for handing waste oil to an unlicensed collector, 泉林纸业 for not declaring), 顺达汽修
// on the blacklist, one company's repair of a swept event approved and 泉林纸业's repair request
// awaiting review; the 2025 rating (early in 2026) and 2026's rating run today, so row 36 computes.

const DAY = 86_400_000;
const REPAIRED: Record<string, string> = {
  declaration_missing: '已向生态环境分局书面说明情况并补报该月申报，完善了申报提醒制度',
  receipt_overdue: '已完成接收确认，调整了地磅房交接班流程，指定专人每日核对在途联单',
  manifest_refused: '已对拒收批次重新鉴别并如实填报废物信息，加强了出厂前核对',
  alarm_overdue: '已处置该预警并完成整改，建立了预警值班和限时处置制度',
};

export async function seedCredit(db: Db, now = new Date()): Promise<string> {
  const as = demoActors(db);
  const eco = await as('eco.linqing');
  const today = shanghaiDate(now);
  const daysAgo = (n: number) => shanghaiDate(new Date(now.getTime() - n * DAY));
  const orgId = async (name: string) => (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name)))[0].id;
  const garage = await orgId('临清市顺达汽车维修服务有限公司');
  const paper = await orgId('临清市泉林纸业有限公司');

  const swept = await sweepCredit(db, { actor: null, actorLabel: 'demo-seed' }, '', now);
  // The 2025 rating, run by the bureau in January on the platform's 2025 data.
  const year = Number(today.slice(0, 4));
  const rating2025 = await runRating(db, eco, { year: year - 1, regionCode: '371581' }, new Date(`${year}-01-15T10:00:00+08:00`));

  await recordOfficialEvent(db, eco, {
    organisationId: garage, kind: 'penalty', points: -30, occurredOn: daysAgo(40),
    reason: '将废矿物油（HW08 900-214-08）交由无危险废物经营许可证的个人收集，未执行转移联单',
    decisionNo: '聊环罚字〔2026〕临字第037号', legalBasis: '《中华人民共和国固体废物污染环境防治法》第八十条第三款、第一百一十二条第一款第（四）项',
  }, now);
  const paperPenalty = await recordOfficialEvent(db, eco, {
    organisationId: paper, kind: 'penalty', points: -15, occurredOn: daysAgo(25),
    reason: '未按规定申报一般工业固体废物的种类、产生量、流向、贮存、利用、处置等有关资料',
    decisionNo: '聊环罚字〔2026〕临字第052号', legalBasis: '《中华人民共和国固体废物污染环境防治法》第三十六条第一款、第一百零二条第一款第（二）项',
  }, now);
  await addToBlacklist(db, eco, {
    organisationId: garage, reason: '非法转移危险废物（废矿物油），受到行政处罚且拒不改正', decisionNo: '临环信〔2026〕3号', listedFrom: daysAgo(30), listedUntil: null,
  });

  // One of the companies with a swept event put it right and asked that it end; the bureau agreed.
  let repairs = 0;
  for (const login of ['power.demo', 'jintai.demo', 'hongda.demo', 'luxin.demo', 'receiver.demo', 'producer.demo']) {
    const who = await as(login);
    const [event] = await db.select({ id: creditEvents.id, kind: creditEvents.kind }).from(creditEvents)
      .where(and(eq(creditEvents.organisationId, who.actor.organisationId!), lt(creditEvents.validFrom, daysAgo(7)), lt(creditEvents.points, 0))).orderBy(asc(creditEvents.occurredOn)).limit(1);
    if (!event) continue;
    const asked = await requestRepair(db, who, { eventId: event.id, rectification: REPAIRED[event.kind] ?? REPAIRED.alarm_overdue, evidence: '整改报告、相关台账和联单截图、内部管理制度（修订版）' }, new Date(now.getTime() - 6 * DAY));
    await decideRepair(db, eco, asked.id, { decision: 'approved', reason: '整改到位，材料齐全，同意修复' }, new Date(now.getTime() - 3 * DAY));
    repairs++;
    break;
  }
  await requestRepair(db, await as('quanlin.demo'), { eventId: paperPenalty.id, rectification: '已缴纳罚款，建立固体废物管理台账并按月申报，指定专人负责', evidence: '罚款缴纳凭证、固体废物管理台账（2026年11月）、专人任命文件' }, new Date(now.getTime() - DAY));
  repairs++;

  const rating2026 = await runRating(db, eco, { year, regionCode: '371581' }, now);
  return `${swept.added} events swept (${Object.entries(swept.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}), 2 penalties, 1 blacklisted, ${repairs} repair requests; ratings ${year - 1}: ${rating2025.enterprises}, ${year}: ${rating2026.enterprises} enterprises`;
}
