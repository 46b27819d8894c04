import { eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { demoActors } from './actors';
import { endCell, recordCell, recordCheck, recordCredential, recordPark, updateParkStatus, type NewCredential, type NewCell } from '../registers/service';
import { registerProject } from '../construction/service';
import { shanghaiDate, shanghaiYear } from '../../domain/labels';
import type { CellKind } from '../../domain/registers';

// The demo's registers (名录), made through their services as the departments would record them:
// - 临清: the ecology bureau's 清洁生产审核 of seven of the eight industrial enterprises (金鼎铸造's audit is
//   still under way, so the share sits under the plan's 97 %); a hospital's audit too, which the
//   industrial share does not count; green factories (华能热电 provincial two years ago, 三和纺织
//   provincial this year, 恒通 municipal); 华能's 无废工厂; pollution insurance of two of the three
//   licensed operators (the medical-waste collector's policy is not taken out yet) and of 金泰化工,
//   which holds no licence and so is not counted; the two parks (临清经济开发区 finished its 循环化改造
//   last December, 烟店轴承产业园 is under way); twenty-one zero-waste cells, one of them withdrawn;
//   twenty-five 规范化管理抽查 this year, two failed (a garage, the chemical plant), one re-check passed.
// - 临清's new-build projects of the year beside the one with truckloads (demo/construction.ts), with
//   their green-building and prefabrication attributes (one has not said): nearly all green, about
//   two-fifths prefabricated, short of the plan's 100 % and 45 %.
// - 天桥区 and 济宁经开区, which have no industrial enterprises on the demo: their parks and cells.
// Days are relative to today, never after it, and this year's records never before 1 January.

const DAY = 86_400_000;

export async function seedRegisters(db: Db, now = new Date()): Promise<string> {
  const ctxOf = demoActors(db);
  const year = shanghaiYear(now);
  const todayDay = shanghaiDate(now);
  /** A day `daysAgo` back, kept within this year. */
  const thisYear = (daysAgo: number) => {
    const day = shanghaiDate(new Date(now.getTime() - daysAgo * DAY));
    return day < `${year}-01-01` ? `${year}-01-01` : day;
  };
  /** A day of an earlier (or this) year as written, never after today. */
  const on = (yearsBack: number, monthDay: string) => {
    const day = `${year - yearsBack}-${monthDay}`;
    return day > todayDay ? todayDay : day;
  };
  /** The last day of a one-year policy that starts on the day. */
  const aYearFrom = (day: string) => shanghaiDate(new Date(Date.parse(`${day}T00:00:00Z`) + 364 * DAY - 8 * 3_600_000));
  const orgId = async (name: string) => {
    const [o] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name));
    if (!o) throw new Error(`demo organisation ${name} is missing`);
    return o.id;
  };

  // ---- 临清: credentials
  const eco = await ctxOf('eco.linqing'), office = await ctxOf('office.linqing');
  const credentials: [typeof eco, string, Omit<NewCredential, 'organisationId'>][] = [
    [eco, '临清市恒通轴承制造有限公司', { kind: 'clean_production_audit', reference: `聊环清审〔${year - 3}〕12号`, issuedOn: on(3, '06-18'), note: '自愿性清洁生产审核，评估通过' }],
    [eco, '临清市鲁信精密轴承有限公司', { kind: 'clean_production_audit', reference: `聊环清审〔${year - 2}〕7号`, issuedOn: on(2, '04-22') }],
    [eco, '山东临清宏达轴承股份有限公司', { kind: 'clean_production_audit', reference: `聊环清审〔${year - 2}〕21号`, issuedOn: on(2, '09-05') }],
    [eco, '临清市三和纺织集团有限公司', { kind: 'clean_production_audit', reference: `聊环清审〔${year - 4}〕3号`, issuedOn: on(4, '03-30'), validUntil: `${year + 1}-03-29`, note: '印染工序强制性审核' }],
    [eco, '临清市泉林纸业有限公司', { kind: 'clean_production_audit', reference: `聊环清审〔${year - 1}〕30号`, issuedOn: on(1, '11-12'), note: '强制性清洁生产审核（造纸）' }],
    [eco, '华能临清热电有限公司', { kind: 'clean_production_audit', reference: `聊环清审〔${year - 3}〕25号`, issuedOn: on(3, '10-09'), note: '强制性清洁生产审核（火电）' }],
    [eco, '临清市金泰化工有限公司', { kind: 'clean_production_audit', reference: `聊环清审〔${year - 1}〕9号`, issuedOn: on(1, '05-16'), note: '强制性清洁生产审核（化工）' }],
    [eco, '临清市烟店轴承产业园表面处理中心有限公司', { kind: 'clean_production_audit', reference: `聊环清审〔${year - 1}〕33号`, issuedOn: on(1, '12-02'), note: '强制性清洁生产审核（涉重金属表面处理）' }],
    [eco, '临清市人民医院', { kind: 'clean_production_audit', reference: `聊环清审〔${year - 2}〕40号`, issuedOn: on(2, '12-01'), note: '医疗机构自愿审核（非工业企业，不计入工业企业占比）' }],
    [office, '华能临清热电有限公司', { kind: 'green_factory', level: 'provincial', reference: `鲁工信节〔${year - 2}〕182号 第${year - 2}年度省级绿色工厂名单`, issuedOn: on(2, '11-20') }],
    [office, '临清市三和纺织集团有限公司', { kind: 'green_factory', level: 'provincial', reference: `鲁工信节〔${year}〕45号 第${year}年度第一批省级绿色工厂名单`, issuedOn: thisYear(40) }],
    [office, '临清市恒通轴承制造有限公司', { kind: 'green_factory', level: 'municipal', reference: `聊工信字〔${year - 3}〕66号 市级绿色工厂`, issuedOn: on(3, '08-26') }],
    [eco, '华能临清热电有限公司', { kind: 'zero_waste_factory', level: 'municipal', reference: `聊无废办〔${year - 1}〕5号 “无废工厂”命名`, issuedOn: on(1, '12-10') }],
    [eco, '临清市绿源环保科技有限公司', { kind: 'pollution_insurance', reference: `PEAL${year}3715810007`, issuedOn: thisYear(120), validUntil: aYearFrom(thisYear(120)), note: '人保财险 环境污染责任保险，保额500万元' }],
    [eco, '聊城市医疗废物集中处置中心（临清）有限公司', { kind: 'pollution_insurance', reference: `PEAL${year}3715810112`, issuedOn: thisYear(150), validUntil: aYearFrom(thisYear(150)), note: '保额300万元' }],
    [eco, '临清市金泰化工有限公司', { kind: 'pollution_insurance', reference: `PEAL${year}3715810031`, issuedOn: thisYear(60), validUntil: `${year + 1}-02-28`, note: '环境高风险企业强制投保（无经营许可证，不计入经营单位覆盖率）' }],
  ];
  for (const [ctx, name, c] of credentials) {
    await recordCredential(db, ctx, { ...c, organisationId: await orgId(name), evidence: [{ name: c.kind === 'pollution_insurance' ? '保险单扫描件.pdf' : '批复文件.pdf' }] });
  }

  // ---- 临清: parks
  const kaifaqu = await recordPark(db, office, { name: '临清经济开发区', level: 'provincial', regionCode: '371581', circularStatus: 'in_progress', circularStartedOn: on(3, '03-01'),
    note: '省级经济开发区；园区循环化改造实施方案经市发展改革局批复' });
  await updateParkStatus(db, office, kaifaqu.id, { circularStatus: 'done', circularStartedOn: on(3, '03-01'), circularDoneOn: on(1, '12-18'), note: '循环化改造通过省发展改革委验收' });
  await recordPark(db, office, { name: '烟店轴承产业园', level: 'county', regionCode: '371581109', circularStatus: 'in_progress', circularStartedOn: on(1, '09-01'), note: '轴承磨削废液集中收集、废钢屑回炉利用项目建设中' });

  // ---- 临清: zero-waste cells
  const NAMED_BY = '临清市“无废城市”建设工作领导小组办公室';
  const cells: [string, CellKind, string, number, number][] = [
    // name, kind, region, years back, day of the year named
    ['临清市第一中学', 'school', '371581001', 1, 120], ['临清市实验小学', 'school', '371581002', 1, 120], ['临清市京华中学', 'school', '371581003', 0, 30],
    ['临清市人民政府机关大院', 'agency', '371581001', 2, 300], ['聊城市生态环境局临清市分局', 'agency', '371581003', 2, 300],
    ['临清市人民医院', 'hospital', '371581001', 1, 200], ['临清市康庄镇卫生院', 'hospital', '371581103', 0, 45],
    ['青年路街道大众社区', 'community', '371581001', 1, 250], ['新华路街道鳌头矶社区', 'community', '371581002', 1, 250], ['先锋路街道先锋社区', 'community', '371581003', 0, 20],
    ['大辛庄街道运河花园社区', 'community', '371581004', 0, 60],
    ['烟店镇东街村', 'village', '371581109', 1, 280], ['康庄镇前屯村', 'village', '371581103', 1, 280], ['松林镇宋林村', 'village', '371581101', 0, 75], ['魏湾镇后魏湾村', 'village', '371581104', 2, 150],
    ['临清运河人家饭店', 'restaurant', '371581002', 1, 90], ['临清市鳌头矶老字号饭庄', 'restaurant', '371581002', 0, 50],
    ['临清市大众集贸市场', 'market', '371581001', 1, 160], ['先锋路农贸市场', 'market', '371581003', 2, 160],
    ['临清百货大楼', 'mall', '371581001', 1, 330], ['临清运河钞关景区', 'scenic', '371581002', 1, 100],
  ];
  const dayOf = (yearsBack: number, dayOfYear: number) => {
    const day = shanghaiDate(new Date(Date.UTC(year - yearsBack, 0, dayOfYear)));
    return day > todayDay ? todayDay : day;
  };
  const named: Record<string, string> = {};
  for (const [name, kind, regionCode, back, doy] of cells) {
    const body: NewCell = { name, kind, regionCode, namedOn: dayOf(back, doy), namedBy: NAMED_BY, evidence: [{ name: '命名文件.pdf' }] };
    if (kind === 'hospital') body.organisationId = await orgId(name);
    named[name] = (await recordCell(db, office, body)).id;
  }
  await endCell(db, office, named['魏湾镇后魏湾村'], { endedOn: dayOf(0, 10), reason: '复查发现生活垃圾分类收运中断，撤销命名，限期整改后重新申报' });

  // ---- 临清: 规范化管理抽查 this year (days ago), two failed and one re-check.
  const checks: [string, number, boolean, number, string?][] = [
    ['临清市恒通轴承制造有限公司', 200, true, 92], ['临清市鲁信精密轴承有限公司', 196, true, 88], ['山东临清宏达轴承股份有限公司', 190, true, 90],
    ['临清市三和纺织集团有限公司', 182, true, 86], ['临清市泉林纸业有限公司', 175, true, 91], ['华能临清热电有限公司', 168, true, 95],
    ['临清市金泰化工有限公司', 160, false, 62, '废酸与废有机溶剂混存于同一贮存间，未分区；危险废物标签信息不全'],
    ['临清市顺达汽车维修服务有限公司', 150, false, 58, '废机油桶露天堆放，贮存间无防渗；台账缺少近三个月出入库记录'],
    ['临清市人民医院', 142, true, 94], ['临清市康庄镇卫生院', 135, true, 87], ['临清市检验检测中心有限公司', 128, true, 84],
    ['临清市金鼎铸造有限公司', 120, true, 83], ['临清市松林镇卫生院', 112, true, 89], ['临清市青年路街道社区卫生服务中心', 104, true, 90],
    ['临清市绿源环保科技有限公司', 96, true, 93], ['聊城市医疗废物集中处置中心（临清）有限公司', 88, true, 95], ['临清市医疗废物收集转运有限公司', 80, true, 88],
    ['临清市顺达汽车维修服务有限公司', 70, true, 81, '复查：已建设防渗贮存间，台账补齐'], ['临清市金泰化工有限公司', 62, true, 85, '复查：已分区贮存并更换标签'],
    ['临清市建材新型墙材有限公司', 50, true, 87], ['临清市绿能环保能源有限公司', 42, true, 91], ['临清市恒通轴承制造有限公司', 30, true, 94],
    ['临清市鲁信精密轴承有限公司', 21, true, 89], ['华能临清热电有限公司', 12, true, 96], ['临清市泉林纸业有限公司', 5, true, 90],
  ];
  for (const [name, daysAgo, passed, score, findings] of checks) {
    await recordCheck(db, eco, { organisationId: await orgId(name), checkedOn: thisYear(daysAgo), passed, score, findings: findings ?? '' });
  }

  // ---- 临清: this year's new-build projects beside the one with truckloads, with what they are.
  const site = await ctxOf('site.demo');
  const projects = [
    { name: '临清市运河明珠小区（三期）', address: '临清市大辛庄街道运河明珠小区北侧', floorAreaM2: 62_000, greenBuilding: true, greenStar: 1, prefabricated: false, daysAgo: 100 },
    { name: '临清市第二实验小学教学楼', address: '临清市先锋路街道', floorAreaM2: 12_000, greenBuilding: true, greenStar: 2, prefabricated: true, daysAgo: 80 },
    { name: '临清经济开发区标准化厂房（二期）', address: '临清经济开发区纬三路', floorAreaM2: 35_000, greenBuilding: true, greenStar: 1, prefabricated: true, daysAgo: 60 },
    { name: '临清市御河湾小区（二期）', address: '临清市新华路街道御河湾小区西侧', floorAreaM2: 58_000, greenBuilding: true, greenStar: 1, prefabricated: false, daysAgo: 150 },
    { name: '临清市人民医院门诊综合楼', address: '临清市青年路街道 人民医院院内', floorAreaM2: 41_000, greenBuilding: true, greenStar: 2, prefabricated: false, daysAgo: 130 },
    { name: '烟店轴承产业园研发检测楼', address: '临清市烟店镇 轴承产业园纬二路', floorAreaM2: 15_000, greenBuilding: true, greenStar: 1, prefabricated: false, daysAgo: 45 },
    { name: '烟店镇轴承市场商业综合楼', address: '临清市烟店镇轴承市场东', floorAreaM2: 8_000, daysAgo: 20 },
  ];
  for (const { daysAgo, ...p } of projects) await registerProject(db, site, { ...p, kind: 'new', startDate: thisYear(daysAgo) });

  // ---- 天桥区 and 济宁经开区: parks and cells.
  const tianqiao = await ctxOf('office.tianqiao');
  await recordPark(db, tianqiao, { name: '天桥区桑梓店工业园', level: 'county', regionCode: '370105', circularStatus: 'in_progress', circularStartedOn: on(1, '05-10') });
  await recordPark(db, tianqiao, { name: '天桥区新材料产业园', level: 'municipal', regionCode: '370105' });
  const tqCells: [string, CellKind, number, number][] = [
    ['天桥区人民政府机关', 'agency', 2, 200], ['天桥区实验小学', 'school', 1, 150], ['泺口街道泺口社区', 'community', 1, 240], ['北园街道东泺河社区', 'community', 0, 40],
    ['药山街道药山社区', 'community', 1, 300], ['桑梓店街道桑梓店村', 'village', 1, 180], ['天桥区泺口服装城', 'mall', 2, 90], ['天桥区北园农贸市场', 'market', 0, 25],
  ];
  for (const [name, kind, back, doy] of tqCells) await recordCell(db, tianqiao, { name, kind, regionCode: '370105', namedOn: dayOf(back, doy), namedBy: '天桥区“无废城市”建设工作领导小组办公室' });
  const jnkfq = await ctxOf('office.jnkfq');
  await recordPark(db, jnkfq, { name: '济宁经济开发区疃里园区', level: 'provincial', regionCode: '370829104', circularStatus: 'in_progress', circularStartedOn: on(1, '04-01'), ecoPark: false });
  await recordPark(db, jnkfq, { name: '济宁经济开发区马集园区', level: 'provincial', regionCode: '370829108' });
  const jnCells: [string, CellKind, string, number, number][] = [
    ['济宁经济开发区管委会机关', 'agency', '370829104', 1, 200], ['疃里镇中心小学', 'school', '370829104', 0, 35], ['马集镇马集村', 'village', '370829108', 1, 260],
  ];
  for (const [name, kind, regionCode, back, doy] of jnCells) await recordCell(db, jnkfq, { name, kind, regionCode, namedOn: dayOf(back, doy), namedBy: '济宁经济开发区“无废城市”建设工作领导小组办公室' });

  return `${credentials.length} credentials, 6 parks, ${cells.length + tqCells.length + jnCells.length} zero-waste cells, ${checks.length} checks, ${projects.length} new-build projects`;
}
