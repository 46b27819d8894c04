import { eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { organisations } from '../platform/organisations/schema';
import { demoActors } from './actors';
import { openRectification, recordStock, registerSite, reportRectification, verifyRectification, type NewSite } from '../storage-sites/service';
import { shanghaiDate } from '../../domain/labels';

// The demo's 大宗工业固体废物堆存场所: 华能临清热电's ash yard (fly ash, bottom slag, desulphurisation
// gypsum) registered by the plant itself, 金鼎铸造's slag and sand heap registered for it by the
// ecology bureau, and a steel-slag pile in 冠县 that nobody runs any more (历史遗留). Monthly readings go
// back a year (the heap every other month); the ash yard has one rectification signed off and one past its deadline.

const DAY = 86_400_000;

interface Demo {
  by: string; operator?: string; site: NewSite;
  // [days ago, stock t, in t, out t]
  readings: [number, number, number, number][];
  rectifications: { problem: string; foundDaysAgo: number; deadlineDaysAgo: number; action?: string }[];
}

const DEMOS: Demo[] = [
  {
    by: 'power.demo',
    site: { name: '华能临清热电有限公司贮灰场', kind: 'storage', wasteClasses: ['SW02', 'SW03', 'SW06'], address: '临清市老赵庄镇西侧 华能热电灰场', regionCode: '371581102',
      longitude: 115.648, latitude: 36.872, areaM2: 86_000, designCapacityT: 450_000, builtYear: 2009,
      controls: 'HDPE 防渗膜＋黏土衬层；四周防尘网 12 米；喷淋抑尘；渗滤液收集池 600 立方米' },
    readings: [
      [334, 306_900, 15_600, 10_100], [304, 311_500, 14_900, 10_300], [273, 316_100, 13_200, 8_600], [243, 320_800, 14_400, 9_700], [212, 325_900, 14_600, 9_500],
      [182, 331_200, 14_800, 9_600], [151, 336_900, 15_300, 9_600], [120, 341_500, 14_100, 9_500], [90, 347_800, 15_900, 9_600],
      [59, 352_400, 13_700, 9_100], [28, 356_100, 12_900, 9_200], [3, 358_700, 11_400, 8_800],
    ],
    rectifications: [
      { problem: '渗滤液收集池东侧防渗层局部开裂，池外土壤有渗漏痕迹', foundDaysAgo: 140, deadlineDaysAgo: 110, action: '更换开裂段 HDPE 膜 320 平方米，池外污染土壤清挖 45 立方米送填埋，增设渗漏检测井 2 口' },
      { problem: '灰场北侧约 1.2 万平方米灰面未覆盖，防尘网破损，大风天气扬尘明显', foundDaysAgo: 45, deadlineDaysAgo: 15 },
    ],
  },
  {
    by: 'eco.linqing', operator: '临清市金鼎铸造有限公司',
    site: { name: '金鼎铸造炉渣及废砂堆场', kind: 'storage', wasteClasses: ['SW01', 'SW59'], address: '临清市戴湾镇工业园 金鼎铸造厂区北侧',
      longitude: 115.781, latitude: 36.742, areaM2: 6_500, designCapacityT: 20_000, builtYear: 2015, controls: '硬化地面，三面围挡，顶棚覆盖' },
    readings: [[330, 10_900, 820, 560], [270, 11_250, 860, 510], [210, 11_550, 900, 600], [150, 11_800, 900, 650], [90, 12_350, 950, 400], [30, 12_900, 880, 330]],
    rectifications: [],
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
      await reportRectification(db, ctx, rect.id, r.action);
      await verifyRectification(db, regulator, rect.id, 'verify', '现场复查，防渗层修复完好，检测井未见渗漏');
    }
  }
  return `${DEMOS.length} sites, ${readings} stock readings, ${rectifications} rectifications`;
}
