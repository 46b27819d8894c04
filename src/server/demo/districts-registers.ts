import { eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { recordCheck, recordCredential, type NewCredential } from '../registers/service';
import { openRectification, recordStock, registerSite, reportRectification, verifyRectification } from '../storage-sites/service';
import { registerProject } from '../construction/service';
import { importProjects, type ProjectInput } from '../tasks/projects';
import { enterFigure } from '../statistics/service';
import { shanghaiDate, shanghaiYear } from '../../domain/labels';
import { demoActors } from './actors';

// The registers of 天桥区 and 济宁经开区 as their departments keep them on the platform, through the
// services:
// - 天桥区: the ecology bureau's 清洁生产审核 of four of the five industrial enterprises (天桥重型钢结构's
//   audit is under way), 华骏 a municipal green factory, both licensed operators insured; fourteen
//   规范化管理抽查 this year, one failed (泉城彩印) and passed on re-check; the heat plant's reserve ash
//   yard and a legacy slag heap at 桑梓店, each with a rectification signed off; the plan's
//   2020 landfill and storage-and-disposal tonnages entered by the office.
// - 济宁经开区: audits of all six industrial enterprises, 华丰纸业 a provincial green factory, the heat
//   plant a 无废工厂; the medical-waste collector's insurance ran out last month and is not renewed yet,
//   so two of the three licensed operators are insured; thirteen checks, two failed, one re-checked;
//   this year's new-build projects (all green buildings), the project list the office keeps, and
//   the 2020 landfill tonnage.
// Days are relative to today, never after it, and this year's records never before 1 January.

const DAY = 86_400_000;

/** 济宁经开区's 无废城市 projects (its plan printed no list): 0.69 亿元 against the plan's 0.5 亿元. */
const row = (no: number, name: string, owner: string, content: string, place: string, period: string, investmentWanYuan: number, category: string, progress = '建设中'): ProjectInput => ({
  no, name, owner, content, place, period, investmentText: `${investmentWanYuan}万元`, investmentWanYuan, funding: '企业自筹、专项资金', progress, category,
});
export const JNKFQ_PROJECTS: ProjectInput[] = [
  row(1, '宏源煤业矸石井下充填系统扩能改造', '济宁宏源煤业有限公司', '新增膏体充填泵站1座，矸石井下充填能力提升至每年90万吨', '济宁经开区疃里镇', '2024-2026', 2600, '一般工业固体废物'),
  row(2, '经开区热电粉煤灰、脱硫石膏综合利用技改', '济宁经开区热电有限公司', '干灰库扩容及散装外运系统改造，配套脱硫石膏脱水系统', '济宁经开区疃里镇', '2025-2026', 1800, '一般工业固体废物'),
  row(3, '瑞丰环保危险废物焚烧线烟气提标改造', '济宁瑞丰环保科技有限公司', '焚烧线增设SCR脱硝及活性炭喷射系统，排放执行GB 18484-2020', '济宁经开区马集镇', '2025', 1200, '危险废物', '已完工'),
  row(4, '经开区建筑垃圾资源化利用厂（一期）', '济宁经开区建筑垃圾资源化利用有限公司', '固定式破碎筛分生产线1条，年处理建筑垃圾20万吨，配套再生骨料制品车间', '济宁经开区马集镇', '2024-2025', 950, '建筑垃圾', '已完工'),
  row(5, '经开区医疗废物收集暂存点建设', '济宁经开区医疗废物收集有限公司', '建设镇、村医疗废物暂存点12处，购置医疗废物专用转运车1辆', '济宁经开区全域', '2025-2026', 300, '危险废物'),
];

export async function seedDistrictRegisters(db: Db, now = new Date()): Promise<string> {
  const ctxOf = demoActors(db);
  const year = shanghaiYear(now);
  const todayDay = shanghaiDate(now);
  const thisYear = (daysAgo: number) => {
    const day = shanghaiDate(new Date(now.getTime() - daysAgo * DAY));
    return day < `${year}-01-01` ? `${year}-01-01` : day;
  };
  const on = (yearsBack: number, monthDay: string) => {
    const day = `${year - yearsBack}-${monthDay}`;
    return day > todayDay ? todayDay : day;
  };
  const daysAgo = (n: number) => shanghaiDate(new Date(now.getTime() - n * DAY));
  const aYearFrom = (day: string) => shanghaiDate(new Date(Date.parse(`${day}T00:00:00Z`) + 364 * DAY - 8 * 3_600_000));
  const orgId = async (name: string) => {
    const [o] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name));
    if (!o) throw new Error(`demo organisation ${name} is missing`);
    return o.id;
  };
  const [tqEco, tqOffice, jkEco, jkOffice] = await Promise.all(['eco.tianqiao', 'office.tianqiao', 'eco.jnkfq', 'office.jnkfq'].map((u) => ctxOf(u)));

  // ---- credentials
  // The medical-waste collector's policy ran out 40 days ago (one year from 405 days back).
  const lapsedFrom = daysAgo(405);
  const credentials: [typeof tqEco, string, Omit<NewCredential, 'organisationId'>][] = [
    [tqEco, '济南华骏汽车零部件有限公司', { kind: 'clean_production_audit', reference: `济环清审〔${year - 2}〕14号`, issuedOn: on(2, '05-20'), note: '自愿性清洁生产审核，评估通过' }],
    [tqEco, '济南康瑞制药有限公司', { kind: 'clean_production_audit', reference: `济环清审〔${year - 1}〕6号`, issuedOn: on(1, '03-28'), note: '强制性清洁生产审核（化学药品制剂）' }],
    [tqEco, '济南北郊热电有限公司', { kind: 'clean_production_audit', reference: `济环清审〔${year - 3}〕31号`, issuedOn: on(3, '10-15'), note: '强制性清洁生产审核（热电）' }],
    [tqEco, '济南泉城彩印包装有限公司', { kind: 'clean_production_audit', reference: `济环清审〔${year - 1}〕22号`, issuedOn: on(1, '09-09'), note: '挥发性有机物重点企业强制性审核' }],
    [tqOffice, '济南华骏汽车零部件有限公司', { kind: 'green_factory', level: 'municipal', reference: `济工信节〔${year - 1}〕8号 济南市级绿色工厂`, issuedOn: on(1, '07-12') }],
    [tqEco, '济南天桥绿洲环保科技有限公司', { kind: 'pollution_insurance', reference: `PEAL${year}3701050011`, issuedOn: thisYear(200), validUntil: aYearFrom(thisYear(200)), note: '人保财险 环境污染责任保险，保额800万元' }],
    [tqEco, '济南天桥医疗废物收集转运有限公司', { kind: 'pollution_insurance', reference: `PEAL${year}3701050027`, issuedOn: thisYear(95), validUntil: aYearFrom(thisYear(95)), note: '保额200万元' }],
    [jkEco, '济宁宏源煤业有限公司', { kind: 'clean_production_audit', reference: `济宁环清审〔${year - 2}〕3号`, issuedOn: on(2, '06-02'), note: '强制性清洁生产审核（煤炭开采）' }],
    [jkEco, '济宁经开区热电有限公司', { kind: 'clean_production_audit', reference: `济宁环清审〔${year - 2}〕11号`, issuedOn: on(2, '09-26'), note: '强制性清洁生产审核（热电）' }],
    [jkEco, '济宁金宇化工有限公司', { kind: 'clean_production_audit', reference: `济宁环清审〔${year - 1}〕2号`, issuedOn: on(1, '04-18'), note: '强制性清洁生产审核（化工）' }],
    [jkEco, '济宁鲁工机械制造有限公司', { kind: 'clean_production_audit', reference: `济宁环清审〔${year - 1}〕17号`, issuedOn: on(1, '08-30') }],
    [jkEco, '济宁华丰纸业有限公司', { kind: 'clean_production_audit', reference: `济宁环清审〔${year - 3}〕9号`, issuedOn: on(3, '11-06'), note: '强制性清洁生产审核（造纸）' }],
    [jkEco, '济宁鲁锦纺织有限公司', { kind: 'clean_production_audit', reference: `济宁环清审〔${year}〕4号`, issuedOn: thisYear(70), note: '印染工序强制性审核' }],
    [jkOffice, '济宁华丰纸业有限公司', { kind: 'green_factory', level: 'provincial', reference: `鲁工信节〔${year - 1}〕163号 第${year - 1}年度省级绿色工厂名单`, issuedOn: on(1, '11-24') }],
    [jkEco, '济宁经开区热电有限公司', { kind: 'zero_waste_factory', level: 'municipal', reference: `济宁无废办〔${year}〕2号 “无废工厂”命名`, issuedOn: thisYear(120) }],
    [jkEco, '济宁瑞丰环保科技有限公司', { kind: 'pollution_insurance', reference: `PEAL${year}3708290004`, issuedOn: thisYear(160), validUntil: aYearFrom(thisYear(160)), note: '保额1000万元' }],
    [jkEco, '济宁经开区小微危废收集中心有限公司', { kind: 'pollution_insurance', reference: `PEAL${year}3708290019`, issuedOn: thisYear(75), validUntil: aYearFrom(thisYear(75)), note: '保额100万元' }],
    [jkEco, '济宁经开区医疗废物收集有限公司', { kind: 'pollution_insurance', reference: `PEAL${year - 1}3708290013`, issuedOn: lapsedFrom, validUntil: aYearFrom(lapsedFrom), note: '保险期满，续保手续办理中' }],
  ];
  for (const [ctx, name, c] of credentials) {
    await recordCredential(db, ctx, { ...c, organisationId: await orgId(name), evidence: [{ name: c.kind === 'pollution_insurance' ? '保险单扫描件.pdf' : '批复文件.pdf' }] });
  }

  // ---- 规范化管理抽查 this year (days ago): 天桥 one failed and re-checked; 济宁 two failed, one re-checked.
  const checks: [typeof tqEco, string, number, boolean, number, string?][] = [
    [tqEco, '济南华骏汽车零部件有限公司', 210, true, 91], [tqEco, '济南康瑞制药有限公司', 198, true, 93], [tqEco, '济南天桥重型钢结构有限公司', 186, true, 85],
    [tqEco, '济南泉城彩印包装有限公司', 170, false, 64, '废有机溶剂桶与沾染废物混存，危险废物贮存间标识、管理台账不全'], [tqEco, '济南北郊热电有限公司', 158, true, 94],
    [tqEco, '济南天桥通衢汽车维修有限公司', 140, true, 82], [tqEco, '济南天桥北园机动车维修厂', 133, true, 80], [tqEco, '济南天桥华测检验检测有限公司', 121, true, 88],
    [tqEco, '济南泉城彩印包装有限公司', 110, true, 84, '复查：已分区贮存，标识和台账补齐'], [tqEco, '济南市天桥区人民医院', 96, true, 95], [tqEco, '济南天桥绿洲环保科技有限公司', 75, true, 92],
    [tqEco, '天桥区桑梓店街道社区卫生服务中心', 60, true, 87], [tqEco, '济南天桥医疗废物收集转运有限公司', 38, true, 90], [tqEco, '济南康瑞制药有限公司', 17, true, 94],
    [jkEco, '济宁金宇化工有限公司', 205, false, 61, '废活性炭露天堆放，未按规定贮存；转移联单与台账数量不符'], [jkEco, '济宁鲁工机械制造有限公司', 192, true, 86],
    [jkEco, '济宁华丰纸业有限公司', 180, true, 89], [jkEco, '济宁经开区热电有限公司', 166, true, 92], [jkEco, '济宁宏源煤业有限公司', 151, true, 84],
    [jkEco, '济宁金宇化工有限公司', 139, true, 82, '复查：废活性炭已入库，台账已核对'], [jkEco, '济宁经开区顺通汽车维修有限公司', 124, true, 80],
    [jkEco, '济宁经开区鑫达汽车维修服务有限公司', 102, false, 56, '废机油桶露天存放无防渗，未纳入收集体系的废滤芯随意堆放'], [jkEco, '济宁经济技术开发区人民医院', 88, true, 93],
    [jkEco, '济宁经开区疃里镇卫生院', 73, true, 86], [jkEco, '济宁瑞丰环保科技有限公司', 51, true, 91], [jkEco, '济宁经开区小微危废收集中心有限公司', 30, true, 87],
    [jkEco, '济宁鲁锦纺织有限公司', 12, true, 88],
  ];
  for (const [ctx, name, ago, passed, score, findings] of checks) {
    await recordCheck(db, ctx, { organisationId: await orgId(name), checkedOn: thisYear(ago), passed, score, findings: findings ?? '' });
  }

  // ---- 天桥区's bulk storage: the heat plant's reserve ash yard and a legacy heap, each rectified and signed off.
  const plant = await ctxOf('tq.redian');
  const yard = await registerSite(db, plant, { name: '济南北郊热电有限公司事故备用灰场', kind: 'storage', wasteClasses: ['SW02', 'SW03', 'SW06'], address: '济南市天桥区大桥街道 北郊热电厂北侧',
    longitude: 117.012, latitude: 36.712, areaM2: 24_000, designCapacityT: 120_000, builtYear: 2006, controls: '黏土防渗衬层；四周围墙及防风抑尘网；喷淋；雨水导排沟' });
  const heap = await registerSite(db, tqEco, { name: '天桥区桑梓店原化工厂历史遗留渣堆', kind: 'storage', wasteClasses: ['SW16'], address: '济南市天桥区桑梓店街道 原化工厂南侧', regionCode: '370105',
    longitude: 116.918, latitude: 36.803, areaM2: 5_200, designCapacityT: 15_000, legacy: true, controls: '已全部苫盖，四周挡墙' });
  const readings: [typeof plant, string, [number, number, number, number][]][] = [
    [plant, yard.id, [[330, 61_200, 780, 350], [240, 62_050, 900, 60], [150, 62_600, 640, 90], [60, 63_300, 820, 120], [5, 63_900, 700, 100]]],
    [tqEco, heap.id, [[300, 9_800, 0, 0], [120, 8_200, 0, 1_600], [20, 6_900, 0, 1_300]]],
  ];
  for (const [ctx, siteId, list] of readings) {
    for (const [ago, stockT, inT, outT] of list) await recordStock(db, ctx, siteId, { asOf: daysAgo(ago), stockT, inT, outT, note: ctx === plant ? '月末盘点（无人机测体积×堆积密度）' : '执法检查现场测算' });
  }
  const fixes: [string, typeof plant, string, number, number, string][] = [
    [yard.id, plant, '灰场西北角防风抑尘网破损约80米，灰面局部未覆盖', 160, 130, '更换防风抑尘网120米，灰面苫盖并增设喷淋2处'],
    [heap.id, tqEco, '渣堆北侧挡墙开裂，雨季渗滤液外溢风险', 210, 150, '挡墙加固，增设渗滤液收集沟和收集池，部分废渣外运综合利用'],
  ];
  for (const [siteId, reporter, problem, found, deadline, action] of fixes) {
    const rect = await openRectification(db, tqEco, siteId, { problem, foundOn: daysAgo(found), deadline: daysAgo(deadline) });
    await reportRectification(db, reporter, rect.id, action);
    await verifyRectification(db, tqEco, rect.id, 'verify', '现场复查，整改到位，予以销号');
  }

  // ---- 济宁经开区's new-build projects of the year (besides the one with truckloads): all green buildings.
  const builder = await ctxOf('jk.chengjian');
  const projects = [
    { name: '济宁经开区实验学校（新建）', address: '济宁经开区疃里镇 嘉兴路东', floorAreaM2: 28_000, greenBuilding: true, greenStar: 2, prefabricated: true, daysAgo: 150 },
    { name: '济宁经开区人才公寓', address: '济宁经开区疃里镇 呈祥大道南侧', floorAreaM2: 40_000, greenBuilding: true, greenStar: 1, prefabricated: false, daysAgo: 75 },
  ];
  for (const { daysAgo: ago, ...p } of projects) await registerProject(db, builder, { ...p, kind: 'new', startDate: thisYear(ago) });
  await importProjects(db, jkOffice, '370829', JNKFQ_PROJECTS);

  // ---- the plans' base-year (2020) tonnages, from the areas' 2020 statistics of solid waste.
  const base: [typeof tqOffice, string, string, number, string][] = [
    [tqOffice, '370105', 'hw_landfilled_t', 132.6, '天桥区2020年固体废物污染环境防治信息（生态环境局天桥分局）'],
    [tqOffice, '370105', 'sw_stored_disposed_t', 14_650, '天桥区2020年固体废物污染环境防治信息（生态环境局天桥分局）'],
    [jkOffice, '370829', 'hw_landfilled_t', 186.4, '济宁经济技术开发区2020年危险废物产生、利用处置情况统计'],
    // 再生资源回收量: the zone's recyclers keep no ledgers on the platform yet, so its growth reads the statistics of both years.
    [jkOffice, '370829', 'recyclables_recovered_t', 26_400, '济宁经济技术开发区2020年再生资源回收行业统计（商贸物流服务部）'],
  ];
  for (const [ctx, regionCode, key, value, source] of base) {
    await enterFigure(db, ctx, { regionCode, year: 2020, key, value, source, note: '“无废城市”建设实施方案基准年数据', evidence: [{ name: `${source}.pdf` }] });
  }
  const lastYear = shanghaiYear(new Date()) - 1;
  await enterFigure(db, jkOffice, { regionCode: '370829', year: lastYear, key: 'recyclables_recovered_t', value: 27_290, source: `济宁经济技术开发区${lastYear}年再生资源回收行业统计（商贸物流服务部）`, note: '辖区再生资源回收企业年度报表汇总', evidence: [{ name: `${lastYear}年再生资源回收统计表.xlsx` }] });

  return `${credentials.length} credentials, ${checks.length} checks, 2 bulk storage sites, ${projects.length} new-build projects, ${JNKFQ_PROJECTS.length} projects of 济宁经开区, ${base.length} base-year figures`;
}
