import type { Db } from '../db/database';
import { acceptCell, answerObjection, applyForCell, approveCell, checkCell, returnCell, startNotice } from '../cells/service';
import { raiseObjection } from '../cells/public';
import { CELL_KINDS, cellKind } from '../../domain/cells';
import { shanghaiDate } from '../../domain/labels';
import { demoActors } from './actors';

// 无废细胞 of 临清 beyond the malls (seed 000 三(七): 30 by 2025; 6 industrial, 18 in daily life, 6 rural).
// The register demo (./registers.ts) holds the twenty-one cells named before the platform (schools,
// agencies, communities, villages …); the malls are in ./recycling-reports.ts. Here, through the
// services and dated back with their `now`: factories, villages, a farm and a restaurant named in
// 2024–2026 (so the industrial and rural fields fill up), a factory and a community in public notice
// now (the factory with an objection answered), a school applied for by the office, a factory taken
// up, and a chemical works returned after a failed check. None repeats a register name.

const DAY = 86_400_000;

export async function seedCells(db: Db, now = new Date()) {
  const as = demoActors(db);
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const at = (day: string) => new Date(`${day}T10:00:00+08:00`);
  const ago = (days: number) => shanghaiDate(new Date(now.getTime() - days * DAY));
  const evidence = (kind: string, extra = '') => cellKind(kind)!.checklist.map((c) => ({ key: c.key, description: `${c.hint.zh}${extra}`, evidence: [{ name: `${c.zh}${extra ? '（整改后）' : ''}.pdf` }, { name: `${c.zh}现场照片.jpg` }] }));
  const full = (kind: string, short: Record<string, number> = {}) => cellKind(kind)!.checklist.map((c) => ({ key: c.key, score: c.maxScore - (short[c.key] ?? 0), note: short[c.key] ? '个别点位标识不清，已现场指出' : '符合要求' }));
  const REVIEWER: Record<string, string> = { factory: 'eco.linqing', village: 'agri.linqing', farm: 'agri.linqing', restaurant: 'commerce.linqing', community: 'urban.linqing', school: 'office.linqing' };

  /** Applied, checked, noticed for five working days and named, all on days of the given year. */
  async function named(kind: string, applicant: string, named: { y: number; month: string }, onBehalf?: { name: string; regionCode: string; longitude: number; latitude: number }, decisionNo = '') {
    const reviewer = await as(REVIEWER[kind]);
    const day = (d: string) => `${named.y}-${named.month}-${d}`;
    const { id } = await applyForCell(db, await as(applicant), { kind, criteria: evidence(kind), ...(onBehalf ? { onBehalf: { name: onBehalf.name, regionCode: onBehalf.regionCode }, longitude: onBehalf.longitude, latitude: onBehalf.latitude } : {}) });
    await acceptCell(db, reviewer, id, { note: '材料齐全，予以受理' });
    await checkCell(db, reviewer, id, { checkedOn: day('03'), inspectors: ['李建国', '王晓燕'], findings: full(kind, { [cellKind(kind)!.checklist[3].key]: 5 }) }, at(day('03')));
    await startNotice(db, reviewer, id, { startOn: day('06') }, at(day('06')));
    await approveCell(db, reviewer, id, { decisionNo: decisionNo || `临无废字〔${named.y}〕${kind === 'factory' ? 3 : 5}号`, decidedOn: day('20') }, at(day('20')));
    return id;
  }
  const past = (y: number, month: string) => ({ y, month: y === year && `${y}-${month}-21` > today ? '01' : month });

  // Named: five factories, two villages (applied for by the agriculture bureau), a pig farm, a restaurant.
  await named('factory', 'textile.demo', past(year - 2, '06'), undefined, `临无废字〔${year - 2}〕3号`);
  await named('factory', 'quanlin.demo', past(year - 1, '05'), undefined, `临无废字〔${year - 1}〕4号`);
  await named('factory', 'power.demo', past(year - 1, '09'), undefined, `临无废字〔${year - 1}〕9号`);
  await named('factory', 'luxin.demo', past(year, '04'), undefined, `临无废字〔${year}〕2号`);
  await named('factory', 'foundry.demo', past(year, '09'), undefined, `临无废字〔${year}〕7号`);
  await named('village', 'agri.linqing', past(year - 1, '10'), { name: '康庄镇后屯村', regionCode: '371581103', longitude: 115.91, latitude: 36.88 }, `临无废字〔${year - 1}〕11号`);
  await named('village', 'agri.linqing', past(year, '06'), { name: '烟店镇西街村', regionCode: '371581109', longitude: 115.6, latitude: 36.77 }, `临无废字〔${year}〕5号`);
  await named('farm', 'farm.demo', past(year - 1, '11'), undefined, `临无废字〔${year - 1}〕12号`);
  await named('restaurant', 'restaurant.demo', past(year, '05'), undefined, `临无废字〔${year}〕4号`);

  // In public notice now: 鲁西水泥 (an objection raised and dismissed) and a community (applied for by urban management).
  const eco = await as('eco.linqing');
  const cement = (await applyForCell(db, await as('cement.demo'), { kind: 'factory', criteria: evidence('factory') })).id;
  await checkCell(db, eco, cement, { checkedOn: ago(4), inspectors: ['李建国', '张磊'], findings: full('factory', { hazardous: 4 }) }, now);
  await startNotice(db, eco, cement, { startOn: ago(1) }, now);
  const objection = await raiseObjection(db, { actor: null, actorLabel: 'demo-seed' }, cement, { reason: '厂区北侧堆放的脱硫石膏是否按规定贮存？雨天有白色积水流出。', contact: '13806351234' }, now);
  await answerObjection(db, eco, cement, objection.id, { outcome: 'dismissed', reply: '经现场复核，北侧为脱硫石膏规范化贮存棚，已建防渗和导排设施，积水为雨水冲洗道路所致。异议不成立。' });
  const urban = await as('urban.linqing');
  const community = (await applyForCell(db, urban, { kind: 'community', criteria: evidence('community'), onBehalf: { name: '大辛庄街道温泉社区', regionCode: '371581004' }, longitude: 115.73, latitude: 36.83 })).id;
  await checkCell(db, urban, community, { checkedOn: ago(3), inspectors: ['赵明', '钱芳'], findings: full('community', { residents: 6 }) }, now);
  await startNotice(db, urban, community, { startOn: today }, now);

  // Under way: a school applied for by the office; a bearing works taken up; a chemical works returned after its check.
  await applyForCell(db, await as('office.linqing'), { kind: 'school', criteria: evidence('school'), onBehalf: { name: '临清市第二实验小学', regionCode: '371581002' }, longitude: 115.71, latitude: 36.85 });
  const hongda = (await applyForCell(db, await as('hongda.demo'), { kind: 'factory', criteria: evidence('factory') })).id;
  await acceptCell(db, eco, hongda, { note: '材料齐全，安排现场核查' });
  const jintai = (await applyForCell(db, await as('jintai.demo'), { kind: 'factory', criteria: evidence('factory') })).id;
  await checkCell(db, eco, jintai, { checkedOn: ago(12), inspectors: ['李建国'], findings: [
    { key: 'reduce', score: 18, note: '清洁生产审核尚未验收' }, { key: 'reuse', score: 15, note: '废催化剂综合利用去向不明' },
    { key: 'hazardous', score: 20, note: '危废贮存库标识不全，台账缺10月记录' }, { key: 'green', score: 12, note: '' },
  ] }, now);
  await returnCell(db, eco, jintai, { reasons: '现场核查得分65分，未达到80分：1. 危险废物贮存库标识不全、台账缺10月记录；2. 废催化剂综合利用去向不明。请整改后重新申报。' });

  return `${CELL_KINDS.length} cell kinds; 临清: 9 cells named through the flow, 2 in public notice (1 objection answered), 3 under way or returned`;
}
