import { sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import type { Actor } from '../platform/policy';
import { users } from '../platform/accounts/schema';
import { insertOrganisation } from '../platform/organisations/service';
import { recordAudit, recordAudits, type AuditContext } from '../platform/audit/service';
import { importTasks } from '../tasks/service';
import { tasksFromGrid } from '../tasks/import';
import { fileReport, issueReportNotice, sendReminder, type ReportInput } from '../recycling-reports/service';
import { applyForCell, approveCell, checkCell, returnCell } from '../cells/service';
import { cellApplications, cellApplicationSteps } from '../cells/schema';
import { zeroWasteCells } from '../registers/schema';
import { CELL_KINDS } from '../../domain/cells';
import { RECYCLING_TASK_LIST, monthOpen, nextMonth } from '../../domain/recycling-reports';
import { shanghaiDate } from '../../domain/labels';
import { demoCreditCode } from './seed';
import { demoActors } from './actors';
import type { DemoTable } from './plans/types';

// 再生资源 (issue 17), the part of the counties' commerce bureaus: seed 004 (聊无废办〔2023〕7号
// 聊城市再生资源回收体系建设实施方案). Its ten key tasks (三(一)–(十)) as 聊城's task list, read through the
// same table reader as an office's Excel import; the city's commerce bureau and seven more county
// bureaus (临清's is in linqing.ts) with their logins; each county's monthly progress reports of this
// year up to the last month over (冠县 late in May and missing November, 莘县 missing four months,
// 高唐县 late in July, 临清 correcting October), one reminder (冠县) and one notice (莘县).
// 无废商场: 临清's three applicants of this year (银座 submitted and awaiting the check, 华联 checked and
// named, 佳乐家 — mall.demo — returned for changes), and the malls the counties named in 2023–2025
// (written in one statement as history, as earlier demo modules write theirs), 28 by the end of 2025
// against the city's 30.

const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };
const SEED_ACTOR: Actor = {
  via: 'session', userId: null, tokenId: null, username: 'demo-seed', role: 'platform_admin', organisationId: null, organisationKind: null, organisationStatus: null,
  regionCode: '370000', domain: 'general', scopes: [],
};
const CITY = '371500';
const FIRST_CODE = 1700;

const UNITS = '各县（市、区）人民政府、市属开发区管委会';

/** Seed 004 三 重点建设任务, as a task table: 完成时限 from 四 实施步骤. */
export const SEED_004_TASKS: DemoTable = {
  headers: ['序号', '任务', '工作内容及目标', '牵头单位', '责任单位', '配合单位', '完成时限'],
  rows: [
    ['1', '加强科学谋划', '编制《聊城市可回收物回收指导目录》，实施再生资源回收产业政策、回收标准和回收行业发展规划，配合市“无废办”出台各类再生资源相关的指导意见或工作方案。', '市商务局', UNITS, '市城管局', '2023年12月底'],
    ['2', '合理设置再生资源回收站（点），推进回收规范化管理', '结合生活垃圾回收站点布局，做好废纸制品、废纺织品和废弃电器电子产品定点回收站选址工作；规范医疗机构可回收物的回收；强化废轮胎、电商行业废塑料规范化回收管理。', '市商务局', UNITS, '市城管局、市自然资源和规划局', '2024年12月底'],
    ['3', '加快推进再生资源分拣中心建设', '依托龙头骨干企业，每个县（市、区）、市属开发区建设一个规范化再生资源绿色分拣中心，建成与生活垃圾分类相衔接的回收物流体系。', '市商务局', UNITS, '市行政审批局、市城管局', '2025年8月底'],
    ['4', '推动产业发展，提高利用水平', '加强废钢铁回收管理，在重点废钢铁产生的工业园区推动建设1-2家专业废钢铁回收企业；推动建立专业化、规范化、集约化的报废机动车回收拆解体系。', '市商务局', UNITS, '市行政审批局、市公安局、市市场监管局', '2024年12月底'],
    ['5', '构建或搭建两个平台', '构建再生资源“互联网+”回收平台，实现电子化申报；引导废弃电器电子产品回收企业搭建“互联网+回收”平台。', '市商务局', UNITS, '市城管局、市住房城乡建设局', '2024年12月底'],
    ['6', '在全市创建一批“无废商场”', '引导商户选择可循环利用的包装材料，开展绿色消费宣传，设置环境标志产品、节能产品专门销售区域，合理布置垃圾分类设施，2025年年底前累计建成30个“无废商场”。', '市商务局', UNITS, '', '2025年12月底'],
    ['7', '完善统计途径', '开展各类再生资源基础数据调查，统一统计范围、口径和方法，建立再生资源回收统计体系。', '市商务局、市统计局', UNITS, '市城管局', '2023年12月底'],
    ['8', '推进再生资源回收单位专业化、规模化、规范化运营', '合理布局回收站点，鼓励标准化、规范化、连锁化经营，培育多元化回收主体，推动回收、加工、利用一体化经营。', '市商务局', UNITS, '市行政审批局、市城管局、市住房城乡建设局、市自然资源和规划局', '2025年8月底'],
    ['9', '定期开展再生资源回收行业的监督检查', '建立和完善以“双随机、一公开”为重点的日常监督检查制度，定期通报存在的问题，打击非法倒卖、假冒伪劣和非法拆解报废汽车等违法行为。', '市商务局', UNITS, '市生态环境局、市市场监管局、市城管局、市交通运输局、市公安局、市发展改革委', '长期坚持'],
    ['10', '宣传“无废”理念，提升知晓度、参与度、满意度', '在餐饮服务场所设置节俭消费标识，倡导“光盘行动”；在单位网站开设信息公开专栏，公示“无废商场”创建情况。', '市商务局', UNITS, '再生资源回收专班各成员单位', '长期坚持'],
  ],
};

interface Bureau { key: string; name: string; regionCode: string; login: string; person: string }

/** 聊城's commerce bureau and those of its counties other than 临清 (linqing.ts has 临清市商务投资促进局). */
export const COMMERCE_BUREAUS: Bureau[] = [
  { key: 'commerce-liaocheng', name: '聊城市商务局', regionCode: CITY, login: 'commerce.liaocheng', person: '韩志刚（市商务局流通业发展科）' },
  { key: 'commerce-dongchangfu', name: '聊城市东昌府区商务局', regionCode: '371502', login: 'commerce.dongchangfu', person: '郭静（东昌府区商务局）' },
  { key: 'commerce-chiping', name: '聊城市茌平区商务局', regionCode: '371503', login: 'commerce.chiping', person: '田军（茌平区商务局）' },
  { key: 'commerce-yanggu', name: '阳谷县商务局', regionCode: '371521', login: 'commerce.yanggu', person: '秦海燕（阳谷县商务局）' },
  { key: 'commerce-shenxian', name: '莘县商务局', regionCode: '371522', login: 'commerce.shenxian', person: '武立新（莘县商务局）' },
  { key: 'commerce-donge', name: '东阿县商务局', regionCode: '371524', login: 'commerce.donge', person: '邵明（东阿县商务局）' },
  { key: 'commerce-guanxian', name: '冠县商务局', regionCode: '371525', login: 'commerce.guanxian', person: '宋丽（冠县商务局）' },
  { key: 'commerce-gaotang', name: '高唐县商务局', regionCode: '371526', login: 'commerce.gaotang', person: '曹文博（高唐县商务局）' },
];

/** Who files for each county (临清's login is in linqing.ts). */
const FILERS: { regionCode: string; login: string; recoveredT: number }[] = [
  { regionCode: '371502', login: 'commerce.dongchangfu', recoveredT: 6200 }, { regionCode: '371503', login: 'commerce.chiping', recoveredT: 4100 },
  { regionCode: '371521', login: 'commerce.yanggu', recoveredT: 3300 }, { regionCode: '371522', login: 'commerce.shenxian', recoveredT: 3600 },
  { regionCode: '371524', login: 'commerce.donge', recoveredT: 2100 }, { regionCode: '371525', login: 'commerce.guanxian', recoveredT: 2800 },
  { regionCode: '371526', login: 'commerce.gaotang', recoveredT: 2500 }, { regionCode: '371581', login: 'commerce.linqing', recoveredT: 3900 },
];

/** The months a county filed late (days after the month's end) or not at all, by month number of the year. */
const LATE: Record<string, Record<number, number>> = { '371525': { 5: 9 }, '371526': { 7: 12 } };
const MISSING: Record<string, number[]> = { '371525': [11], '371522': [8, 9, 10, 11] };

/** What a line says, by task number, as the months go by. */
const WORK: Record<number, string[]> = {
  1: ['对照市可回收物回收指导目录梳理本县品类，印发落实方案', '配合市无废办修订回收指导意见，组织回收企业学习'],
  2: ['新增社区回收站点，完成废纸、废纺织品定点回收站选址', '对医疗机构可回收物回收开展随机抽查，规范交售台账'],
  3: ['分拣中心主体工程推进，完成设备招标', '分拣中心试运行，分拣线日处理能力逐步提升'],
  4: ['摸排工业园区废钢铁产生情况，走访轴承、切割企业', '开展报废机动车回收拆解行业专项整治'],
  5: ['推动回收站点接入“互联网+”回收平台，开展电子化申报培训', '引导家电回收企业开通线上预约回收'],
  6: ['指导商场、超市对照无废商场清单整改，组织现场核查', '新申报无废商场完成材料初审'],
  7: ['报送再生资源回收月度统计数据，核对企业台账', '开展回收企业基础数据调查，统一统计口径'],
  8: ['支持分拣中心整合个体回收户，推进连锁化经营', '推动回收企业与物业、环卫单位签订合作协议'],
  9: ['开展“双随机、一公开”检查，发现问题当场整改', '联合市场监管部门检查回收站点经营行为'],
  10: ['在商场、餐饮场所张贴节俭消费标识，倡导光盘行动', '在局网站信息公开专栏发布无废商场创建情况'],
};

const SORTING = ['分拣中心已建成运行', '分拣中心试运行', '分拣中心设备安装调试', '分拣中心主体完工'];

/** 临清's three applicants this year; the named malls of 2023–2025, by county: [name, year named, day of year]. */
const LINQING_MALLS = [
  { key: 'yinzuo', name: '临清银座购物广场', login: 'mall.yinzuo', person: '马丽（银座购物广场）', regionCode: '371581001', at: [115.7055, 36.8442] as [number, number] },
  { key: 'hualian', name: '临清华联商厦', login: 'mall.hualian', person: '牛建（华联商厦）', regionCode: '371581002', at: [115.7178, 36.8366] as [number, number] },
  { key: 'jialejia', name: '临清佳乐家超市运河店', login: 'mall.demo', person: '孔燕（佳乐家超市）', regionCode: '371581004', at: [115.7502, 36.8297] as [number, number] },
];
const NAMED_HISTORY: [string, string, number, number][] = [
  ['371502', '聊城振华购物中心', 2023, 300], ['371502', '聊城新玛特购物广场', 2023, 310], ['371502', '聊城金鼎购物中心', 2024, 160], ['371502', '聊城万达广场', 2025, 120],
  ['371503', '茌平信发购物广场', 2023, 305], ['371503', '茌平佳乐家超市', 2023, 320], ['371503', '茌平银座商城', 2024, 200],
  ['371521', '阳谷华联购物中心', 2023, 295], ['371521', '阳谷百货大楼', 2023, 330], ['371521', '阳谷佳乐家超市', 2024, 180],
  ['371522', '莘县百货大楼', 2023, 340], ['371522', '莘县振华超市', 2024, 240],
  ['371524', '东阿银座商城', 2023, 300], ['371524', '东阿百货大楼', 2023, 335], ['371524', '东阿新世纪购物中心', 2024, 210], ['371524', '东阿佳乐家超市', 2025, 150],
  ['371525', '冠县华联商厦', 2023, 315], ['371525', '冠县银座商城', 2023, 340], ['371525', '冠县百货大楼', 2024, 190],
  ['371526', '高唐百货大楼', 2023, 320], ['371526', '高唐佳乐家超市', 2023, 345], ['371526', '高唐银座商城', 2024, 175],
  ['371581', '临清百货大楼', 2023, 330], ['371581', '临清新华联超市', 2023, 340], ['371581', '临清金鼎购物中心', 2024, 220],
  ['371502', '聊城东昌府金鼎超市', 2025, 200], ['371503', '茌平华联商厦', 2025, 230], ['371526', '高唐新世纪购物中心', 2025, 260],
];

const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const dayOfYear = (year: number, n: number) => new Date(Date.UTC(year, 0, n)).toISOString().slice(0, 10);

export async function seedRecyclingReports(db: Db, passwordHash: string, now = new Date()): Promise<string> {
  // ---- the bureaus, the malls and their logins ----
  const orgIds = new Map<string, string>();
  await db.transaction(async (tx) => {
    let n = FIRST_CODE;
    const login = async (username: string, displayName: string, role: 'regulator' | 'enterprise_admin', org: { id: string; regionCode: string; domain: string | null }) => {
      const [user] = await tx.insert(users).values({ username, passwordHash, displayName, role, organisationId: org.id, regionCode: org.regionCode, domain: role === 'regulator' ? org.domain : null })
        .returning({ id: users.id, username: users.username, role: users.role });
      await recordAudit(tx, SEED, { action: 'user.create', entityType: 'user', entityId: user.id, regionCode: org.regionCode, organisationId: org.id, after: user });
    };
    for (const b of COMMERCE_BUREAUS) {
      const org = await insertOrganisation(tx, SEED, { kind: 'government', name: b.name, creditCode: demoCreditCode('government', b.regionCode, n++), regionCode: b.regionCode, domain: 'commerce',
        capabilities: [], address: '', contactName: b.person.replace(/（.*$/, ''), contactPhone: '0635-8241000', status: 'verified' });
      orgIds.set(b.key, org.id);
      await login(b.login, b.person, 'regulator', org);
    }
    for (const [i, m] of LINQING_MALLS.entries()) {
      const org = await insertOrganisation(tx, SEED, { kind: 'enterprise', name: m.name, creditCode: demoCreditCode('enterprise', m.regionCode, n++), regionCode: m.regionCode, capabilities: ['mall'],
        industry: '零售业（百货、超市）', address: `${m.name}营业楼`, longitude: m.at[0], latitude: m.at[1], contactName: m.person.replace(/（.*$/, ''), contactPhone: `0635-24${String(31000 + i * 17)}`, status: 'verified' });
      orgIds.set(m.key, org.id);
      await login(m.login, m.person, 'enterprise_admin', org);
    }
    for (const [i, [regionCode, name]] of NAMED_HISTORY.entries()) {
      const org = await insertOrganisation(tx, SEED, { kind: 'enterprise', name, creditCode: demoCreditCode('enterprise', regionCode, n++), regionCode, capabilities: ['mall'],
        industry: '零售业（百货、超市）', address: `${name}营业楼`, contactName: '联系人', contactPhone: `0635-25${String(10000 + i * 23).slice(-5)}`, status: 'verified' });
      orgIds.set(name, org.id);
    }
  });

  // ---- seed 004's task list for 聊城 ----
  const read = tasksFromGrid(RECYCLING_TASK_LIST, SEED_004_TASKS.headers, SEED_004_TASKS.rows);
  if (read.problems.length) throw new Error(`seed 004: ${read.problems.map((p) => p.message.zh).join('；')}`);
  const { inserted: taskCount } = await importTasks(db, { ...SEED, actor: SEED_ACTOR }, CITY, read.tasks);
  const taskIds = (await db.execute<{ id: string; no: number }>(sql`SELECT id, no FROM tasks WHERE region_code = ${CITY} AND list = ${RECYCLING_TASK_LIST} ORDER BY no`)).rows;

  // ---- the monthly reports of this year up to the last month over (last year's, in January) ----
  const as = demoActors(db);
  const today = shanghaiDate(now);
  let year = Number(today.slice(0, 4));
  const over = (m: number) => `${year}-${String(m).padStart(2, '0')}` < today.slice(0, 7);
  if (!over(1)) year -= 1;
  const months = Array.from({ length: 12 }, (_, i) => i + 1).filter((m) => `${year}-${String(m).padStart(2, '0')}` < today.slice(0, 7));
  let filed = 0;
  for (const f of FILERS) {
    const ctx = await as(f.login);
    for (const m of months) {
      if (MISSING[f.regionCode]?.includes(m)) continue;
      const month = `${year}-${String(m).padStart(2, '0')}`;
      const late = LATE[f.regionCode]?.[m];
      const day = `${nextMonth(month)}-${String(late ?? 2 + (Number(f.regionCode.slice(-2)) % 3)).padStart(2, '0')}`;
      const moment = at(day, 10);
      if (moment.getTime() > now.getTime() || !monthOpen(month, shanghaiDate(moment))) continue;
      const seasonal = [0.8, 0.7, 1, 1, 1.05, 1.1, 1.05, 1, 1.05, 1.1, 1.05, 1.1][m - 1];
      const input: ReportInput = {
        month, stationsBuilt: (m + Number(f.regionCode.slice(-1))) % 4, sortingCentre: SORTING[Number(f.regionCode.slice(-1)) % SORTING.length],
        mallsCreated: 0, recoveredT: Math.round(f.recoveredT * seasonal * 100) / 100,
        lines: taskIds.map((t) => ({ taskId: t.id, percent: Math.min(100, 40 + t.no * 3 + m * 5), text: WORK[t.no][m % 2] })),
      };
      await fileReport(db, ctx, input, moment);
      filed++;
    }
  }
  // 临清 corrects October's report: the month's tonnage after the sorting centre's weighbridge was checked.
  const october = `${year}-10`;
  if (months.includes(10)) {
    const moment = at(`${year}-11-08`, 15);
    if (moment.getTime() < now.getTime()) {
      await fileReport(db, await as('commerce.linqing'), {
        month: october, stationsBuilt: 2, sortingCentre: '分拣中心已建成运行，地磅已校验', mallsCreated: 0, recoveredT: 4012.5, note: '更正：回收量按分拣中心校验后的地磅数据重新核算',
        lines: taskIds.map((t) => ({ taskId: t.id, percent: Math.min(100, 40 + t.no * 3 + 50), text: `${WORK[t.no][0]}（更正）` })),
      }, moment);
      filed++;
    }
  }
  const city = await as('commerce.liaocheng');
  let actions = 0;
  if (months.includes(11) || months.includes(10)) {
    await sendReminder(db, city, { regionCode: '371525', months: months.includes(11) ? [`${year}-11`] : [`${year}-05`], body: '贵县11月份再生资源回收体系建设工作进展尚未报送，请于3个工作日内补报，并说明无废商场创建进度。' });
    actions++;
  }
  if (months.includes(10)) {
    await issueReportNotice(db, city, {
      regionCode: '371522', months: months.filter((m) => MISSING['371522'].includes(m)).map((m) => `${year}-${String(m).padStart(2, '0')}`),
      title: '关于莘县再生资源回收体系建设工作严重滞后的通报',
      body: '莘县商务局自8月起连续未报送再生资源回收体系建设月度工作进展，分拣中心建设、无废商场创建等重点任务推进缓慢。现予通报，请莘县于本月底前补报并提交整改措施。',
    });
    actions++;
  }

  // ---- 无废商场: the named malls of 2023–2025, as history in one statement each ----
  const mall = CELL_KINDS.find((k) => k.value === 'mall')!;
  const bureauOf = (regionCode: string) => COMMERCE_BUREAUS.find((b) => b.regionCode === regionCode);
  const history = NAMED_HISTORY.map(([regionCode, name, y, doy]) => ({ regionCode, name, organisationId: orgIds.get(name)!, decidedOn: dayOfYear(y, doy) }));
  const applications = await db.insert(cellApplications).values(history.map((h) => ({ kind: 'mall', name: h.name, organisationId: h.organisationId, regionCode: h.regionCode, createdAt: new Date(at(h.decidedOn, 9).getTime() - 30 * 86_400_000) })))
    .returning({ id: cellApplications.id, organisationId: cellApplications.organisationId, regionCode: cellApplications.regionCode, createdAt: cellApplications.createdAt });
  const bureauIdOf = (regionCode: string) => (regionCode === '371581' ? null : orgIds.get(bureauOf(regionCode)!.key)!);
  const linqingBureau = (await db.execute<{ id: string }>(sql`SELECT id FROM organisations WHERE name = '临清市商务投资促进局'`)).rows[0].id;
  const stepsRows = applications.flatMap((a, i) => {
    const h = history[i];
    const bureau = bureauIdOf(h.regionCode) ?? linqingBureau;
    const checkedOn = shanghaiDate(new Date(at(h.decidedOn, 9).getTime() - 10 * 86_400_000));
    return [
      { cellId: a.id, step: 'submit' as const, data: { items: mall.checklist.map((c) => ({ key: c.key, description: `${c.zh}已按要求落实`, attachments: [{ name: `${c.zh}现场照片.jpg` }] })) }, organisationId: a.organisationId!, at: a.createdAt },
      { cellId: a.id, step: 'check' as const, data: { checkedOn, inspectors: ['王建民', '李娜'], findings: mall.checklist.map((c) => ({ key: c.key, pass: true, note: '' })) }, organisationId: bureau, at: at(checkedOn, 15) },
      { cellId: a.id, step: 'approve' as const, data: { decisionNo: `聊商字〔${h.decidedOn.slice(0, 4)}〕${20 + i}号`, decidedOn: h.decidedOn }, decidedOn: h.decidedOn, organisationId: bureau, at: at(h.decidedOn, 11) },
    ];
  });
  const written = await db.insert(cellApplicationSteps).values(stepsRows).returning({ id: cellApplicationSteps.id, cellId: cellApplicationSteps.cellId, step: cellApplicationSteps.step });
  const recorders = new Map((await db.execute<{ id: string; username: string }>(sql`SELECT id, username FROM users WHERE username LIKE 'commerce.%'`)).rows.map((u) => [u.username, u.id]));
  const register = await db.insert(zeroWasteCells).values(history.map((h, i) => ({
    regionCode: h.regionCode, name: h.name, kind: 'mall' as const, organisationId: h.organisationId, namedOn: h.decidedOn, namedBy: bureauOf(h.regionCode)?.name ?? '临清市商务投资促进局',
    evidence: [{ name: `聊商字〔${h.decidedOn.slice(0, 4)}〕${20 + i}号`, note: '无废商场命名文件' }], recordedBy: recorders.get(bureauOf(h.regionCode)?.login ?? 'commerce.linqing')!,
  }))).onConflictDoNothing().returning({ id: zeroWasteCells.id, regionCode: zeroWasteCells.regionCode });
  await recordAudits(db, SEED, [
    ...written.map((s) => ({ action: `cell.${s.step}`, entityType: 'cell_application', entityId: s.cellId, regionCode: applications.find((a) => a.id === s.cellId)!.regionCode, after: s })),
    ...register.map((r) => ({ action: 'registers.cell_record', entityType: 'zero_waste_cell', entityId: r.id, regionCode: r.regionCode, after: r })),
  ]);

  // ---- 临清's applicants this year, through the services ----
  const items = (extra: string) => mall.checklist.map((c) => ({ key: c.key, description: `${c.hint.zh}${extra}`, evidence: [{ name: `${c.zh}照片1.jpg` }, { name: `${c.zh}照片2.jpg` }] }));
  const linqing = await as('commerce.linqing');
  const id = async (login: string) => (await applyForCell(db, await as(login), { kind: 'mall', criteria: items('，已完成整改。') })).id;
  await id('mall.yinzuo');
  const hualian = await id('mall.hualian');
  // Checked and decided today, after the applications above.
  const checkDay = today, decideDay = today;
  await checkCell(db, linqing, hualian, { checkedOn: checkDay, inspectors: ['周文', '刘洋'], findings: mall.checklist.map((c) => ({ key: c.key, pass: true, note: '符合要求' })) }, now);
  await approveCell(db, linqing, hualian, { decisionNo: `临商投字〔${today.slice(0, 4)}〕15号`, decidedOn: decideDay }, now);
  const jialejia = await id('mall.demo');
  await checkCell(db, linqing, jialejia, { checkedOn: checkDay, inspectors: ['周文', '刘洋'], findings: mall.checklist.map((c) => ({ key: c.key, pass: c.key !== 'green_zone' && c.key !== 'sorting', note: c.key === 'green_zone' ? '未设置节能产品专区' : c.key === 'sorting' ? '生鲜区缺少厨余垃圾投放桶' : '符合要求' })) }, now);
  await returnCell(db, linqing, jialejia, { reasons: '现场核查发现：1. 未设置环境标志产品、节能产品专门销售区域；2. 生鲜区缺少厨余垃圾投放桶。请整改后重新申报。' });

  return `${COMMERCE_BUREAUS.length} commerce bureaus, ${taskCount} tasks of seed 004, ${filed} monthly reports, ${actions} reminders and notices, ${history.length + LINQING_MALLS.length} 无废商场 applications (${history.length + 1} named)`;
}
