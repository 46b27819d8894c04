import zlib from 'node:zlib';
import type { Db } from '../db/database';
import type { Config } from '../config';
import type { AuditContext } from '../platform/audit/service';
import { demoActors } from './actors';
import { TOWN_AT, TOWN_NAMES } from './towns';
import { storePhoto } from '../files/photos';
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '../../domain/complaints';
import { actOnComplaint, closeLapsed, createComplaint, rateComplaint, reopenComplaint, setRoutingTable } from '../complaints/service';

// 临清's year of solid-waste complaints and reports (信访投诉举报, issue 18; row 41): the office's
// routing table (deadlines follow the national working calendar), about 135 reports through the services, each step at its moment:
// most accepted within two working days, answered and rated or closed when the reopen window passed;
// one reopened and answered again; one rejected (noise is not ours to judge), one sent elsewhere
// (a river outfall: the water authority), one a duplicate of a heap already reported; a few still
// open, one past its closing deadline and one not yet accepted past its acceptance deadline; and
// today's scene: resident.demo's report of dumping by the canal, with a photo, not yet accepted.

const DAY = 86_400_000, HOUR = 3_600_000;

/** A small deterministic generator, so the demo reads the same on every start. */
function random(seed: number) {
  let s = seed;
  return () => { s = (s * 1_103_515_245 + 12_345) % 2_147_483_648; return s / 2_147_483_648; };
}

const WHAT: Record<ComplaintCategory, { texts: string[]; answers: string[]; weight: number }> = {
  illegal_dumping: {
    texts: ['村东头废弃坑塘里有人夜间倾倒成袋的工业边角料，味道刺鼻', '公路边沟里倒了一大堆废塑料和油桶', '河堤下有人倾倒废旧轮胎和皮革边角料', '厂区围墙外堆着不明废渣，下雨后流黑水'],
    answers: ['经现场核查，倾倒物为一般工业固体废物，已责令倾倒单位清运至合规处置场所，并立案调查', '已联合乡镇清理倾倒物，倾倒车辆已查实，移交执法大队处理', '现场已清理完毕，对周边企业开展排查并加强夜间巡查'],
    weight: 34,
  },
  burning: {
    texts: ['麦田边有人焚烧废旧塑料膜，黑烟很大', '废品收购站后院每天傍晚焚烧电线外皮', '村口垃圾堆着火冒烟好几天了'],
    answers: ['已到场扑灭明火，对焚烧人员进行批评教育并处罚款', '已责令收购站停止焚烧，废电线交由有资质单位处理', '火点已处置，垃圾已清运，安排保洁员每日巡查'],
    weight: 22,
  },
  missed_collection: {
    texts: ['小区北门垃圾桶已满三天没人清运', '集市散集后垃圾没人收，堆在路边', '村里的垃圾收集点一周没有清运了'],
    answers: ['已协调环卫公司当日清运，并调整该点位收运频次为每日两次', '已清运完毕，集市散集后增加一班收运', '收运车辆故障已修复，已补收并通报考核'],
    weight: 38,
  },
  polluting_site: {
    texts: ['废品回收点露天堆放废电池，下雨渗水', '养殖场粪污堆在路边，气味很大', '砖厂炉渣堆场没有苫盖，刮风扬尘'],
    answers: ['已责令回收点将废电池入库分类贮存，并交有资质单位收集', '已责令养殖场清运粪污并完善防渗防雨设施', '已责令砖厂苫盖堆场、设置围挡并定期洒水'],
    weight: 16,
  },
  construction_waste: {
    texts: ['新建小区旁空地有渣土车倾倒建筑垃圾', '拆迁工地的建筑垃圾堆到了路上'],
    answers: ['已查实倾倒车辆，责令清运并按建筑垃圾管理规定处罚', '已督促施工单位清运并设置围挡'],
    weight: 12,
  },
  farm_waste: {
    texts: ['地头散落大量废农膜没人回收', '沟里有人丢弃病死猪'],
    answers: ['已通知村委组织回收废农膜，交镇回收站统一处理', '已联系无害化处理厂收集处理，并对周边养殖户开展排查'],
    weight: 6,
  },
  other: {
    texts: ['学校附近有人摆摊回收旧电器，拆解后乱丢', '医院后门有医疗废物袋放在生活垃圾桶边'],
    answers: ['已转有关部门联合查处，拆解废料已清运', '已责令医院规范医疗废物暂存并加强管理'],
    weight: 5,
  },
};

const NAMES = ['王先生', '李女士', '张大爷', '刘女士', '陈先生', '赵女士', '孙先生', ''];
const COMMENTS = ['处理及时，满意', '很快就清理了，谢谢', '有回复，处理还行', '希望以后多巡查', '办得不错', ''];
const HANDLER: Record<string, string> = { ecology: 'eco.linqing', urban: 'urban.linqing', housing: 'housing.linqing', agriculture: 'agri.linqing' };

/** A small photo (a 4:3 earth-coloured PNG) of a report, stored through the photo store like an upload. */
function demoPng(shade: number): Buffer {
  const width = 160, height = 120;
  const crc = (buf: Buffer) => { let c = ~0; for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); } return ~c >>> 0; };
  const chunk = (type: string, data: Buffer) => { const t = Buffer.from(type, 'latin1'); const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const c = Buffer.alloc(4); c.writeUInt32BE(crc(Buffer.concat([t, data]))); return Buffer.concat([len, t, data, c]); };
  const header = Buffer.alloc(13); header.writeUInt32BE(width, 0); header.writeUInt32BE(height, 4); header[8] = 8; header[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = y * (width * 3 + 1) + 1 + x * 3; const ground = y > height / 2;
    raw[i] = ground ? 110 + shade + ((x * y) % 23) : 170; raw[i + 1] = ground ? 90 + ((x + y) % 17) : 190; raw[i + 2] = ground ? 60 : 215;
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export async function seedComplaints(db: Db, config: Config, now = new Date()): Promise<string> {
  const as = demoActors(db);
  const office = await as('office.linqing');
  await setRoutingTable(db, office, COMPLAINT_CATEGORIES.map((c) => ({ category: c.value, domain: c.domain })));
  const year = Number(new Date(now.getTime() + 8 * HOUR).toISOString().slice(0, 4));

  const rnd = random(41);
  const towns = Object.keys(TOWN_NAMES);
  const pool = (Object.keys(WHAT) as ComplaintCategory[]).flatMap((c) => Array<ComplaintCategory>(WHAT[c].weight).fill(c));
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const yearStart = Date.parse(`${year}-01-03T00:00:00+08:00`);
  const handlerOf = async (domain: string | null) => as(domain ? HANDLER[domain] ?? 'office.linqing' : 'office.linqing');
  const counts = { total: 0, closed: 0, open: 0, other: 0 };

  /** One report at a moment, by an anonymous citizen or resident.demo. */
  const report = async (at: Date, category: ComplaintCategory, town: string, extra: { resident?: boolean; offset?: [number, number]; photos?: string[]; sameAs?: string; text?: string } = {}) => {
    const [lon, lat] = TOWN_AT[town];
    const [dx, dy] = extra.offset ?? [(rnd() - 0.5) * 0.03, (rnd() - 0.5) * 0.03];
    const ctx: AuditContext = extra.resident ? await as('resident.demo') : { actor: null, actorLabel: 'demo-seed' };
    const name = pick(NAMES);
    const made = await createComplaint(db, ctx, {
      category, regionCode: town, location: { lon: Math.round((lon + dx) * 1e6) / 1e6, lat: Math.round((lat + dy) * 1e6) / 1e6 },
      address: `${TOWN_NAMES[town]}${pick(['东街', '西村', '南环路', '北大街', '运河路', '工业园区'])}附近`,
      description: extra.text ?? pick(WHAT[category].texts), photos: extra.photos,
      contactName: name, contactPhone: name ? `13${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}` : '', sameAs: extra.sameAs,
    }, { dataDir: config.dataDir, source: 'web' }, at);
    counts.total++;
    return made;
  };

  // The year's reports, every two to three days, each taken through to its end.
  const span = now.getTime() - 3 * DAY - yearStart;
  const made: { id: string; no: string; code: string; category: ComplaintCategory; at: number }[] = [];
  for (let i = 0; i < 128; i++) {
    const at = new Date(yearStart + (span * i) / 128 + Math.floor(rnd() * 10) * HOUR);
    const category = pick(pool);
    const c = await report(at, category, pick(towns), { resident: i % 23 === 5 });
    made.push({ id: c.id, no: c.complaintNo, code: c.followCode, category, at: at.getTime() });
  }
  for (const [i, c] of made.entries()) {
    const domain = COMPLAINT_CATEGORIES.find((x) => x.value === c.category)!.domain;
    const handler = await handlerOf(domain);
    const acceptAt = new Date(c.at + (3 + Math.floor(rnd() * 30)) * HOUR);
    const daysAgo = (now.getTime() - c.at) / DAY;
    if (i === 17) { await actOnComplaint(db, handler, c.id, { action: 'reject', note: '反映的是夜间施工噪声，不属于固体废物问题，请拨打12345反映' }, acceptAt); counts.other++; continue; }
    if (i === 52) { await actOnComplaint(db, handler, c.id, { action: 'not_ours', note: '河道排污口问题请向市水利局反映（电话 0635-2312345）' }, acceptAt); counts.other++; continue; }
    await actOnComplaint(db, handler, c.id, { action: 'accept' }, acceptAt);
    if (i % 9 === 4) await actOnComplaint(db, handler, c.id, { action: 'assign', townCode: pick(towns), note: '请属地乡镇配合现场核查' }, new Date(acceptAt.getTime() + 2 * HOUR));
    // The last ones of the year still in hand; one of them long past its closing deadline.
    if (i === made.length - 1 || i === made.length - 3) { await actOnComplaint(db, handler, c.id, { action: 'start', note: '已安排现场核查' }, new Date(acceptAt.getTime() + 4 * HOUR)); counts.open++; continue; }
    const workDays = Math.min(Math.max(1, daysAgo - 1), 2 + Math.floor(rnd() * 18));
    const resolveAt = new Date(Math.min(acceptAt.getTime() + workDays * DAY, now.getTime() - HOUR));
    await actOnComplaint(db, handler, c.id, { action: 'resolve', note: pick(WHAT[c.category].answers) }, resolveAt);
    if (i === 30) {
      await reopenComplaint(db, { actor: null, actorLabel: 'demo-seed' }, c.no, c.code, '清理不彻底，坑塘里还有残留', new Date(resolveAt.getTime() + 2 * DAY));
      await actOnComplaint(db, handler, c.id, { action: 'resolve', note: '已组织二次清理，残留物全部清运，现场已回填平整' }, new Date(resolveAt.getTime() + 6 * DAY));
    }
    if (rnd() < 0.72) {
      const rateAt = new Date(resolveAt.getTime() + (6 + Math.floor(rnd() * 72)) * HOUR);
      if (rateAt < now) {
        const stars = rnd() < 0.7 ? 5 : rnd() < 0.75 ? 4 : 3;
        await rateComplaint(db, { actor: null, actorLabel: 'demo-seed' }, c.no, c.code, { stars, comment: pick(COMMENTS) }, rateAt);
      }
    }
    counts.closed++;
  }

  // One in progress long past its 30 days (shows overdue in the queue).
  const lateAt = new Date(now.getTime() - 41 * DAY);
  const late = await report(lateAt, 'polluting_site', '371581109', { text: '烟店镇某废品站长期露天堆放废铅蓄电池，雨后地面发白' });
  const eco = await as('eco.linqing');
  await actOnComplaint(db, eco, late.id, { action: 'accept' }, new Date(lateAt.getTime() + 5 * HOUR));
  await actOnComplaint(db, eco, late.id, { action: 'start', note: '已取样送检，等待检测结果' }, new Date(lateAt.getTime() + 30 * HOUR));
  counts.open++;

  // An open heap and, an hour later, a neighbour reporting the same heap 20 m away: a duplicate of it.
  const heapAt = new Date(now.getTime() - 2 * DAY - 5 * HOUR);
  const heap = await report(heapAt, 'illegal_dumping', '371581102', { offset: [0.004, 0.002], text: '老赵庄镇运河大堤下有人倾倒几十袋化工废渣' });
  await report(new Date(heapAt.getTime() + HOUR), 'illegal_dumping', '371581102', { offset: [0.00418, 0.00205], sameAs: heap.complaintNo, text: '大堤下面一堆化工废料袋子，气味刺鼻' });
  await actOnComplaint(db, eco, heap.id, { action: 'accept' }, new Date(heapAt.getTime() + 3 * HOUR));
  counts.open++;
  counts.other++;

  // Not accepted past its acceptance deadline (two working days).
  await report(new Date(now.getTime() - 6 * DAY), 'missed_collection', '371581111', { text: '金郝庄镇集市垃圾池满溢，已经好几天没人拉' });
  counts.other++;

  // Today: resident.demo reports dumping by the canal with a photo; a smoking heap reported by a passer-by.
  const photo = await storePhoto(config.dataDir, demoPng(20));
  await report(new Date(now.getTime() - 2 * HOUR), 'illegal_dumping', '371581002', { resident: true, photos: [photo.name], offset: [0.0021, -0.0013], text: '运河西岸步道旁有人倾倒装修垃圾和废油漆桶' });
  await report(new Date(now.getTime() - 40 * 60_000), 'burning', '371581105', { text: '刘垓子镇村西沟里在烧废塑料，浓烟很大' });
  counts.other += 2;

  const lapsed = await closeLapsed(db, now);
  return `${counts.total} reports (${counts.closed} answered, ${lapsed} closed when the reopen window passed, ${counts.open} in hand, ${counts.other} rejected, elsewhere, duplicate or awaiting acceptance)`;
}
