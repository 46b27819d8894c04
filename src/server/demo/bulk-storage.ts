import { eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { demoActors } from './actors';
import { openRectification, recordStock, registerSite, reportRectification, verifyRectification, type NewSite } from '../storage-sites/service';
import { shanghaiDate } from '../../domain/labels';

// The demo's 大宗工业固体废物堆存场所: 华能临清热电's ash yard (fly ash, bottom slag, desulphurisation
// gypsum) registered by the plant itself, 金鼎铸造's slag and sand heap registered for it by the
// ecology bureau (its open heap roofed after a finding this year), and a steel-slag pile in 冠县 that nobody runs any more (历史遗留). Monthly readings go
// back a year (the heap every other month); the ash yard has one rectification signed off and one past its deadline.

const DAY = 86_400_000;

interface Demo {
  /** Who registered the site; the operator (and its login, who reports what was done) when someone else did. */
  by: string; operator?: string; operatorLogin?: string; site: NewSite;
  // [days ago, stock t, in t, out t]
  readings: [number, number, number, number][];
  rectifications: { problem: string; foundDaysAgo: number; deadlineDaysAgo: number; action?: string; checked?: string }[];
}

const DEMOS: Demo[] = [
  {
    by: 'power.demo',
    site: { name: '华能临清热电有限公司贮灰场', kind: 'storage', wasteClasses: ['SW02', 'SW03', 'SW06'], address: '临清市老赵庄镇西侧 华能热电灰场', regionCode: '371581102',
      longitude: 115.648, latitude: 36.872, areaM2: 86_000, designCapacityT: 450_000, builtYear: 2009,
      controls: 'HDPE 防渗膜＋黏土衬层；四周防尘网 12 米；喷淋抑尘；渗滤液收集池 600 立方米' },
    // Since the plant's fly ash and gypsum go to the brick and cement works, the yard takes some 400 t a
    // month and gives back about 250 t of old ash to the brick works: the heap has all but stopped growing.
    readings: [
      [334, 352_750, 420, 270], [304, 352_870, 400, 280], [273, 353_000, 360, 230], [243, 353_130, 390, 260], [212, 353_260, 390, 260],
      [182, 353_400, 400, 260], [151, 353_550, 410, 260], [120, 353_670, 380, 260], [90, 353_840, 430, 260],
      [59, 353_960, 370, 250], [28, 354_060, 350, 250], [3, 354_130, 310, 240],
    ],
    rectifications: [
      { problem: '渗滤液收集池东侧防渗层局部开裂，池外土壤有渗漏痕迹', foundDaysAgo: 140, deadlineDaysAgo: 110, action: '更换开裂段 HDPE 膜 320 平方米，池外污染土壤清挖 45 立方米送填埋，增设渗漏检测井 2 口', checked: '现场复查，防渗层修复完好，检测井未见渗漏' },
      { problem: '灰场北侧约 1.2 万平方米灰面未覆盖，防尘网破损，大风天气扬尘明显', foundDaysAgo: 45, deadlineDaysAgo: 15 },
    ],
  },
  {
    by: 'eco.linqing', operator: '临清市金鼎铸造有限公司', operatorLogin: 'foundry.demo',
    site: { name: '金鼎铸造炉渣及废砂堆场', kind: 'storage', wasteClasses: ['SW01', 'SW59'], address: '临清市戴湾镇工业园 金鼎铸造厂区北侧',
      longitude: 115.781, latitude: 36.742, areaM2: 6_500, designCapacityT: 20_000, builtYear: 2015, controls: '硬化地面，三面围挡，顶棚覆盖' },
    readings: [[330, 10_900, 820, 560], [270, 11_250, 860, 510], [210, 11_550, 900, 600], [150, 11_800, 900, 650], [90, 12_350, 950, 400], [30, 12_900, 880, 330]],
    rectifications: [
      { problem: '废砂露天堆放，未苫盖，北侧围挡缺失约 40 米', foundDaysAgo: 200, deadlineDaysAgo: 170, action: '补建北侧彩钢围挡 42 米，废砂区加盖钢结构顶棚 1,800 平方米，设置喷淋 6 组', checked: '现场复查，顶棚及围挡已建成，废砂全部入棚' },
    ],
  },
  {
    by: 'eco.guanxian',
    site: { name: '冠县崇文街道原冠州钢铁厂历史遗留钢渣堆场', kind: 'storage', wasteClasses: ['SW01'], address: '冠县崇文街道 原冠州钢铁厂南侧', regionCode: '371525002',
      longitude: 115.451, latitude: 36.472, areaM2: 21_000, designCapacityT: 80_000, legacy: true, controls: '部分覆盖；无防渗' },
    readings: [[170, 61_500, 0, 0], [80, 59_800, 0, 1_700]],
    rectifications: [{ problem: '堆体大部分未覆盖，南侧无挡墙，雨季存在流失风险', foundDaysAgo: 20, deadlineDaysAgo: -70 }],
  },
];

export async function seedBulkStorage(db: Db, now = new Date()): Promise<string> {
  const ctxOf = demoActors(db);
  const day = (daysAgo: number) => shanghaiDate(new Date(now.getTime() - daysAgo * DAY));
  let readings = 0, rectifications = 0;
  for (const d of DEMOS) {
    const ctx = await ctxOf(d.by);
    const organisationId = d.operator ? (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, d.operator)))[0].id : undefined;
    const site = await registerSite(db, ctx, { ...d.site, organisationId });
    for (const [daysAgo, stockT, inT, outT] of d.readings) {
      await recordStock(db, ctx, site.id, { asOf: day(daysAgo), stockT, inT, outT, note: d.by.startsWith('eco.') ? '执法检查现场测算' : '月末盘点（无人机测体积×堆积密度）' });
      readings++;
    }
    for (const r of d.rectifications) {
      const regulator = await ctxOf(d.site.regionCode?.startsWith('371525') ? 'eco.guanxian' : 'eco.linqing');
      const rect = await openRectification(db, regulator, site.id, { problem: r.problem, foundOn: day(r.foundDaysAgo), deadline: day(r.deadlineDaysAgo) });
      rectifications++;
      if (!r.action) continue;
      await reportRectification(db, d.operatorLogin ? await ctxOf(d.operatorLogin) : ctx, rect.id, r.action);
      await verifyRectification(db, regulator, rect.id, 'verify', r.checked ?? '现场复查，整改到位');
    }
  }
  return `${DEMOS.length} sites, ${readings} stock readings, ${rectifications} rectifications`;
}
