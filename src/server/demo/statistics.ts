import type { Db } from '../db/database';
import { users } from '../platform/accounts/schema';
import { insertOrganisation } from '../platform/organisations/service';
import { loadActorByUserId } from '../platform/accounts/service';
import { recordAudit, type AuditContext } from '../platform/audit/service';
import { writeFigure, writeNewFigures, type Evidence } from '../statistics/service';
import { demoActors, momentOf } from './actors';
import { makeCreditCode } from '../../domain/credit-code';
import { shanghaiYear } from '../../domain/labels';

// The demo's 统计数据: 临清市统计局 (a department of domain 'statistics', login stats.linqing) has entered
// 临清's figures from 2020, the plan's base year, to this year: the yearbook's figures for the years it
// covers, the bureau's 统计快报 for last year and this year's preliminary figures. One GDP figure was
// first entered from the 快报 and later revised to the yearbook's, so its history shows both. The
// offices of 天桥区 and 济宁经济开发区 entered last year's and this year's GDP, industrial value added
// and medical institutions of their areas. Years are counted from today, so the demo stays true in
// later years. The figures are plausible for a county of about 72万 people with a GDP of 400多亿元;
// they are not the published ones.

const SEED: AuditContext = { actor: null, actorLabel: 'demo-seed' };
const LINQING = '371581', TIANQIAO = '370105', JNKFQ = '370829';

interface Figure { regionCode: string; year: number; key: string; value: number; source: string; note?: string; evidence?: Evidence[]; at: Date }

/** A figure of the n-th year after 2020 growing by `rate` a year, rounded to `places` decimals. */
const grown = (base: number, rate: number, n: number, places = 0) => Math.round(base * (1 + rate) ** n * 10 ** places) / 10 ** places;

// 临清 by year: [key, value in year 2020 + n, note]. Counts are whole; areas in 亩; GDP and value added in 万元.
const LINQING_SERIES: [string, (n: number) => number, string?][] = [
  ['gdp', (n) => grown(4_008_600, 0.022, n)],
  ['industrial_value_added', (n) => grown(1_262_400, 0.021, n)],
  ['resident_population', (n) => grown(721_380, -0.0025, n)],
  ['households', (n) => 238_640 + 820 * n],
  ['residential_communities', (n) => 172 + 2 * n, '城区及镇驻地建成的居民小区'],
  ['administrative_villages', (n) => 661 - 2 * n, '合村并居后的行政村数'],
  ['medical_institutions', (n) => 38 + Math.floor(n / 2), '产生医疗废物的医院、乡镇卫生院和社区卫生服务中心（不含村卫生室、个体诊所）'],
  ['sown_area_grain', (n) => 1_392_000 + 2_500 * n, '小麦、玉米两季合计'],
  ['sown_area_cotton', (n) => Math.max(30_000, 68_500 - 3_200 * n)],
  ['sown_area_vegetables', (n) => 152_300 + 1_800 * n],
  ['pigs_slaughtered', (n) => 428_000 + 6_500 * n],
  ['cattle_stock', (n) => 36_200 + 900 * n],
  ['poultry_stock', (n) => 6_480_000 + 95_000 * n],
];

const at = (day: string, now: Date) => {
  const t = new Date(`${day}T10:00:00+08:00`);
  return t.getTime() < now.getTime() ? t : new Date(now.getTime() - 3_600_000);
};

/** Where 临清's figure for a year comes from, and when the bureau entered it. */
function linqingSource(year: number, current: number, now: Date) {
  if (year <= current - 2) return { source: `临清市统计年鉴（${year + 1}）`, at: at(`${year + 1}-09-20`, now) };
  if (year === current - 1) return { source: `临清市统计局 ${year}年统计快报`, at: at(`${current}-02-25`, now) };
  return { source: `临清市统计局 ${year}年统计快报（预计数）`, at: momentOf(now, 7, 10) };
}

/** 临清's recyclables recovered in 2020 by the network now on the platform, tonnes. */
export const RECYCLABLES_2020_T = 1_350;

export function demoFigures(now = new Date()) {
  const current = shanghaiYear(now);
  const linqing: Figure[] = [];
  for (let year = 2020; year <= current; year++) {
    const { source, at: enteredAt } = linqingSource(year, current, now);
    for (const [key, value, note] of LINQING_SERIES) {
      const evidence = key === 'gdp' || key === 'industrial_value_added' ? [{ name: `${source}（电子版）`, note: '国民经济核算' }] : [];
      linqing.push({ regionCode: LINQING, year, key, value: value(year - 2020), source, note, evidence, at: enteredAt });
    }
  }
  // The plan's own base-year figures (临清市“无废城市”建设实施方案, 2020).
  const plan = '临清市“无废城市”建设实施方案（基准年2020年）';
  const baseAt = at('2022-06-15', now);
  linqing.push({ regionCode: LINQING, year: 2020, key: 'hw_landfilled_t', value: 11_766.86, source: plan, note: '工业危险废物填埋处置量，用于计算下降幅度', at: baseAt });
  linqing.push({ regionCode: LINQING, year: 2020, key: 'sw_stored_disposed_t', value: 5_439, source: plan, note: '一般工业固体废物贮存处置量，用于计算下降幅度', at: baseAt });
  // 再生资源回收量 of 2020 (seed 004's base year), on the basis of the network now on the platform: the company's stations and the county sorting centre.
  linqing.push({ regionCode: LINQING, year: 2020, key: 'recyclables_recovered_t', value: RECYCLABLES_2020_T, source: '临清市商务投资促进局 2020年再生资源回收统计（纳入平台的回收企业口径）', note: '再生资源回收量增长率的基准年数据（聊城市再生资源回收体系建设实施方案）', at: baseAt });

  // A GDP figure first entered from the 统计快报 and revised when the yearbook came out.
  const revisedYear = Math.max(2020, current - 3);
  const revised = linqing.find((f) => f.key === 'gdp' && f.year === revisedYear)!;
  const first: Figure = { ...revised, value: Math.round(revised.value * 0.9962), source: `临清市统计局 ${revisedYear}年统计快报`, note: '快报数', evidence: [], at: at(`${revisedYear + 1}-02-25`, now) };
  const revision = { ...revised, note: `按《临清市统计年鉴（${revisedYear + 1}）》核定数修订（快报数 ${first.value.toLocaleString('zh-CN')} 万元）` };

  const other = (regionCode: string, bureau: string, series: Record<string, [number, number]>) => [current - 1, current].flatMap((year, i) =>
    Object.entries(series).map(([key, values]): Figure => ({
      regionCode, year, key, value: values[i], source: `${bureau} ${year}年统计快报${year === current ? '（预计数）' : ''}`,
      note: key === 'medical_institutions' ? '纳入医疗废物集中收运的医院、卫生院和社区卫生服务中心（不含诊所、村卫生室）' : '', at: at(`${current}-0${i + 2}-10`, now),
    })));
  return {
    linqing: linqing.filter((f) => f !== revised), first, revision,
    tianqiao: other(TIANQIAO, '天桥区统计局', { gdp: [9_352_000, 9_641_000], industrial_value_added: [1_478_000, 1_519_000], medical_institutions: [10, 10] }),
    jnkfq: other(JNKFQ, '济宁经济技术开发区经济发展局', { gdp: [2_684_000, 2_791_000], industrial_value_added: [1_209_000, 1_266_000], medical_institutions: [10, 10] }),
  };
}

/** 临清市统计局 and its login, then the figures, as the bureau and the offices would have entered them: one transaction. */
export async function seedStatistics(db: Db, passwordHash: string, now = new Date()): Promise<string> {
  const as = demoActors(db);
  const [tianqiao, jnkfq] = await Promise.all([as('office.tianqiao'), as('office.jnkfq')]);
  const figures = demoFigures(now);
  const entry = (f: Figure) => ({ ...f, note: f.note ?? '', evidence: f.evidence ?? [] });
  await db.transaction(async (tx) => {
    const org = await insertOrganisation(tx, SEED, {
      kind: 'government', domain: 'statistics', name: '临清市统计局', creditCode: makeCreditCode('11', LINQING, 'MA7ST001'), regionCode: LINQING,
      capabilities: [], address: '临清市青年路街道', contactName: '', contactPhone: '0635-2312600', status: 'verified',
    });
    const [user] = await tx.insert(users).values({
      username: 'stats.linqing', passwordHash, displayName: '刘芳（临清市统计局）', role: 'regulator', organisationId: org.id, regionCode: LINQING, domain: 'statistics',
    }).returning({ id: users.id, username: users.username, role: users.role });
    await recordAudit(tx, SEED, { action: 'user.create', entityType: 'user', entityId: user.id, regionCode: LINQING, organisationId: org.id, after: user });
    const stats = { actor: await loadActorByUserId(tx, user.id), actorLabel: 'demo-seed' };
    await writeNewFigures(tx, stats, figures.linqing.map(entry));
    await writeNewFigures(tx, tianqiao, figures.tianqiao.map(entry));
    await writeNewFigures(tx, jnkfq, figures.jnkfq.map(entry));
    const [first] = await writeNewFigures(tx, stats, [entry(figures.first)]);
    await writeFigure(tx, stats, entry(figures.revision), first, figures.revision.at);
  });
  const total = figures.linqing.length + figures.tianqiao.length + figures.jnkfq.length + 2;
  return `临清市统计局 (stats.linqing), ${total} figures (临清 2020–${shanghaiYear(now)}, 天桥区 and 济宁经开区 ${shanghaiYear(now) - 1}–${shanghaiYear(now)}), one revised`;
}
