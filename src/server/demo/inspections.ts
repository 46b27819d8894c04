import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { demoActors } from './actors';
import { createPool, makeDraw, recordInspection, recordRiskListing } from '../inspections/service';
import { addStep, openCase, type StepInput } from '../cases/service';
import { CHECKLIST, type ItemFinding } from '../../domain/inspections';
import { shanghaiDate, shanghaiYear } from '../../domain/labels';

// 临清's 双随机、一公开 and enforcement cases of the year, made through the services as the ecology
// bureau (eco.linqing) would:
// - the 重点监管单位清单: six units listed 重点监管 in January;
// - two unit pools (重点监管: every kind of hazardous-waste unit listed key; 一般监管: industrial producers,
//   medical institutions and collectors not listed) and one officers' pool (the bureau's officials on the
//   platform and six officers entered by name);
// - a draw per pool and quarter gone by, with a published seed: three key units and four general ones,
//   each checked against the checklist within three weeks. Two checks fail: the first unit of the second
//   quarter's general draw (storage and labels) and the second of the third quarter's key draw (a manifest
//   missing). 金鼎铸造 is passed over for a failure: the registers' demo already has its failed check.
// - five solid-waste cases: one from each failed check (one closed with its fine and compensation ruled
//   out, one decided with compensation consultation under way), one from an alarm transferred to the
//   police and filed by them (compensation by consultation), one reported by villagers (a person's
//   dumping: compensation not yet started) and one of illegal storage closed with compensation agreed.
// Rows 39, 40 and 42 compute from these: 40 at 100 %, 42 at 3 of 4. Days never pass today.

const DAY = 86_400_000;
const OFFICERS = [
  { name: '张立强', badgeNo: '鲁环执37158120013' }, { name: '刘海燕', badgeNo: '鲁环执37158120021' }, { name: '赵明', badgeNo: '鲁环执37158120034' },
  { name: '孙国华', badgeNo: '鲁环执37158120046' }, { name: '陈静', badgeNo: '鲁环执37158120052' }, { name: '马骏', badgeNo: '鲁环执37158120067' },
];
const KEY_UNITS: [string, string][] = [
  ['临清市金泰化工有限公司', '产生废酸、废有机溶剂，年产生量超过100吨'],
  ['临清市烟店轴承产业园表面处理中心有限公司', '电镀、酸洗集中处理，产生含重金属污泥'],
  ['临清市绿源环保科技有限公司', '危险废物利用处置持证经营单位'],
  ['聊城市医疗废物集中处置中心（临清）有限公司', '医疗废物集中处置单位'],
  ['临清市医疗废物收集转运有限公司', '医疗废物收集贮存单位'],
  ['临清市泉林纸业有限公司', '年产生危险废物超过10吨，自建贮存库'],
];

const fail1: Partial<Record<string, { result: ItemFinding['result']; note: string }>> = {
  storage: { result: 'nonconform', note: '废矿物油桶露天堆放于厂房北侧，贮存间地面未防渗' },
  labelling: { result: 'nonconform', note: '贮存间内6个包装桶无危险废物标签' },
  training: { result: 'partly', note: '新进操作人员未参加培训' },
};
const fail2: Partial<Record<string, { result: ItemFinding['result']; note: string }>> = {
  manifest: { result: 'nonconform', note: '2批次废乳化液（约3.2吨）转移未运行电子联单' },
  declaration: { result: 'partly', note: '台账缺少8月出库记录' },
};

export async function seedInspections(db: Db, now = new Date()): Promise<string> {
  const eco = await demoActors(db)('eco.linqing');
  const year = shanghaiYear(now);
  const today = shanghaiDate(now);
  const dayOf = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const plus = (day: string, days: number) => shanghaiDate(new Date(new Date(`${day}T12:00:00+08:00`).getTime() + days * DAY));
  const orgId = async (name: string) => (await db.execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0].id;

  const listedOn = dayOf(1, 8) <= today ? dayOf(1, 8) : today;
  for (const [name, reason] of KEY_UNITS) await recordRiskListing(db, eco, { organisationId: await orgId(name), level: 'key', reason, listedOn });

  const keyPool = await createPool(db, eco, { kind: 'enterprise', name: '危险废物重点监管单位名录库', unitKinds: ['hazardous_producer', 'medical', 'licensed_receiver', 'collector'], risk: 'key' });
  const generalPool = await createPool(db, eco, { kind: 'enterprise', name: '危险废物一般监管单位名录库', unitKinds: ['hazardous_producer', 'medical', 'collector'], risk: 'general' });
  const officers = await createPool(db, eco, { kind: 'inspector', name: '临清市生态环境执法人员名录库', includeUsers: true, officers: OFFICERS });

  const failed: { id: string; organisationId: string; name: string; on: string }[] = [];
  let draws = 0, checks = 0;
  for (const quarter of [1, 2, 3, 4]) {
    const drawnOn = dayOf(quarter * 3 - 2, 10);
    if (drawnOn > today) break;
    for (const [pool, label, count] of [[keyPool, '重点监管', 3], [generalPool, '一般监管', 4]] as const) {
      const draw = await makeDraw(db, eco, {
        title: `${year}年第${quarter}季度危险废物规范化管理双随机抽查（${label}）`, enterprisePoolId: pool.id, inspectorPoolId: officers.id,
        enterpriseCount: count, inspectorsPerEnterprise: 2, seed: `${year}Q${quarter}-371581-${label === '重点监管' ? 'key' : 'gen'}-${(quarter * 7919 + count).toString(16)}`, drawnOn,
      });
      draws++;
      // The unit that fails, if this draw has one (never 金鼎铸造, whose failed check the registers' demo records).
      const failing = quarter === 2 && label === '一般监管' ? { at: 0, items: fail1 } : quarter === 3 && label === '重点监管' ? { at: 1, items: fail2 } : null;
      const eligible = draw.result.filter((r) => r.name !== '临清市金鼎铸造有限公司');
      const failingId = failing ? eligible[Math.min(failing.at, eligible.length - 1)]?.organisationId : undefined;
      for (const [i, unit] of draw.result.entries()) {
        const on = plus(drawnOn, 5 + i * 4);
        if (on > today) continue;
        const isOperator = /处置|环保科技|收集/.test(unit.name);
        const items: ItemFinding[] = CHECKLIST.map((c, k) => {
          const bad = unit.organisationId === failingId ? failing!.items[c.key] : undefined;
          if (bad) return { key: c.key, result: bad.result, note: bad.note };
          if ((c.key === 'facilities' || c.key === 'licence') && !isOperator) return { key: c.key, result: c.key === 'licence' ? 'conform' : 'na', note: c.key === 'licence' ? '委托持证单位利用处置' : '无自建利用处置设施' };
          // A remark or two on units that pass: what inspectors commonly note.
          if ((i + k + quarter) % 11 === 0) return { key: c.key, result: 'partly', note: c.key === 'emergency_plan' ? '应急演练记录不全' : '个别记录填写不规范，已现场指出' };
          return { key: c.key, result: 'conform' };
        });
        const row = await recordInspection(db, eco, { drawId: draw.id, organisationId: unit.organisationId, inspectedOn: on, items });
        checks++;
        if (!row.passed) failed.push({ id: row.id, organisationId: row.organisationId, name: row.organisationName, on });
      }
    }
  }

  // ---- 行政处罚案件 -----------------------------------------------------------------------------------
  let cases = 0;
  const run = async (open: Parameters<typeof openCase>[2], steps: StepInput[]) => {
    if (open.openedOn > today) return;
    const c = await openCase(db, eco, open);
    cases++;
    // A step that would fall after today (a case opened lately) is dated today: the story keeps its order.
    for (const step of steps) await addStep(db, eco, c.id, { ...step, on: step.on > today ? today : step.on });
  };
  const [f1, f2] = failed;
  if (f1) {
    await run({ caseNo: `临环罚立〔${year}〕031号`, title: `${f1.name}危险废物贮存不规范案`, facts: '双随机抽查发现废矿物油桶露天堆放、贮存间未防渗、包装桶无标签，违反《固体废物污染环境防治法》第七十七条、第八十一条。', source: { kind: 'inspection', id: f1.id }, solidWaste: true, openedOn: plus(f1.on, 3) }, [
      { kind: 'investigation', on: plus(f1.on, 6), note: '现场勘察、拍照取证，询问环保负责人并制作笔录' },
      { kind: 'decision', on: plus(f1.on, 30), decisionNo: `临环罚字〔${year}〕031号`, penaltyWan: 3.5, note: '责令改正，处罚款3.5万元' },
      { kind: 'compensation_na', on: plus(f1.on, 30), reason: '贮存场地经检测未发生渗漏，未造成生态环境损害' },
      { kind: 'closure', on: plus(f1.on, 52), note: '罚款已缴纳，防渗贮存间建成并复查合格' },
    ]);
  }
  if (f2) {
    await run({ caseNo: `临环罚立〔${year}〕047号`, title: `${f2.name}未按规定运行危险废物转移联单案`, facts: '双随机抽查发现2批次废乳化液约3.2吨转移未运行电子联单，去向需进一步核实。', source: { kind: 'inspection', id: f2.id }, solidWaste: true, openedOn: plus(f2.on, 2) }, [
      { kind: 'investigation', on: plus(f2.on, 9), note: '调取厂区视频及运输记录，核实废乳化液已交临清市绿源环保科技有限公司，接收量一致' },
      { kind: 'decision', on: plus(f2.on, 35), decisionNo: `临环罚字〔${year}〕047号`, penaltyWan: 8, note: '处罚款8万元' },
      { kind: 'compensation', on: plus(f2.on, 40), mode: 'consultation', note: '就转运途中少量遗撒造成的土壤损害启动赔偿磋商' },
    ]);
  }
  const [alarm] = (await db.execute<{ id: string; raised: string }>(sql`
    SELECT a.id, (a.raised_at AT TIME ZONE 'Asia/Shanghai')::date::text AS raised FROM alarms a
    WHERE a.region_code LIKE '371581%' AND a.organisation_id IS NOT NULL AND (a.raised_at AT TIME ZONE 'Asia/Shanghai')::date >= make_date(${year}, 1, 1)
    ORDER BY a.raised_at LIMIT 1`)).rows;
  // No alarm of a company this year (a start early in January): the dumping case is told without its source.
  const alarmOpened = alarm ? (alarm.raised > plus(today, -40) ? alarm.raised : plus(today, -40)) : plus(today, -40) < dayOf(1, 1) ? dayOf(1, 1) : plus(today, -40);
  await run({ caseNo: `临环罚立〔${year}〕058号`, title: '危险废物去向不明涉嫌非法处置案', facts: '预警提示危险废物转移异常，经核查约12吨废酸未进入接收单位，疑似倾倒于魏湾镇废弃坑塘。',
    ...(alarm ? { source: { kind: 'alarm' as const, id: alarm.id } } : { source: { kind: 'other' as const }, partyName: '临清市某化工企业' }), solidWaste: true, openedOn: alarmOpened }, [
    { kind: 'investigation', on: plus(alarmOpened, 2), note: '会同魏湾镇对坑塘取样监测，pH值2.1，确认为废酸' },
    { kind: 'police_transfer', on: plus(alarmOpened, 6), receiptNo: `临公（环）受字〔${year}〕019号`, note: '涉嫌污染环境罪（刑法第三百三十八条），移送市公安局' },
    { kind: 'police_answer', on: plus(alarmOpened, 12), filed: true, note: '市公安局已立案侦查' },
    { kind: 'compensation', on: plus(alarmOpened, 20), mode: 'consultation', note: '委托开展生态环境损害鉴定评估，启动赔偿磋商' },
  ]);
  const villagers = dayOf(9, 16) <= today ? dayOf(9, 16) : today;
  await run({ caseNo: `临环罚立〔${year}〕052号`, title: '个人非法倾倒废油泥案', facts: '群众反映康庄镇某村南侧沟渠有人倾倒废油泥约2吨，经查为个体运输户所为。', source: { kind: 'other' }, partyName: '王某某（个体运输户）', solidWaste: true, openedOn: villagers }, [
    { kind: 'investigation', on: plus(villagers, 3), note: '现场清理废油泥2.1吨交持证单位处置，询问当事人' },
  ]);
  const storage = dayOf(3, 22) <= today ? dayOf(3, 22) : today;
  await run({ caseNo: `临环罚立〔${year}〕012号`, title: '一般工业固体废物非法堆存案', facts: '日常巡查发现企业在厂外租用场地堆存炉渣约300吨，未采取防扬散、防流失措施。', source: { kind: 'other' }, partyId: await orgId('临清市金鼎铸造有限公司'), solidWaste: true, openedOn: storage }, [
    { kind: 'investigation', on: plus(storage, 4), note: '测量堆存量，调取租赁合同' },
    { kind: 'decision', on: plus(storage, 28), decisionNo: `临环罚字〔${year}〕012号`, penaltyWan: 12, note: '处罚款12万元，责令限期清运' },
    { kind: 'compensation', on: plus(storage, 35), mode: 'consultation', note: '赔偿磋商达成协议，企业承担场地修复费用' },
    { kind: 'closure', on: plus(storage, 70), note: '炉渣已清运至综合利用企业，场地修复完成' },
  ]);
  return `6 key units, 3 pools, ${draws} draws, ${checks} checks (${failed.length} failed), ${cases} cases`;
}
