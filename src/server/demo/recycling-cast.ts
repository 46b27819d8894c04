import type { DemoAccount, DemoEnterprise } from './linqing';
import { TOWN_AT } from './towns';

// 临清's renewable-resource cast (issue 17): the recycling company (临清市再生资源回收利用有限公司,
// `recycler` in demo/linqing.ts) runs six stations (回收网点) in the city's streets and in 松林镇, and the
// county sorting centre (城市矿产分拣中心, `sorting`), which sells on to a paper mill and a steel works;
// appliances go to a licensed dismantler. The organisations and logins are made with the rest of the
// city (demo/seed.ts); demo/recycling-network.ts registers the network; the records are filled by the
// demo files of each part. Only types come from linqing.ts, which spreads these lists into its own.

const near = (at: [number, number], dx: number, dy: number): [number, number] => [Math.round((at[0] + dx) * 10_000) / 10_000, Math.round((at[1] + dy) * 10_000) / 10_000];

/** A station of the company: its town, the communities of the household register it serves (by name), or a whole town. */
export interface DemoStation { key: string; name: string; town: string; communities: string[]; towns: string[]; at: [number, number] }

const station = (n: number, town: string, place: string, communities: string[], towns: string[], dx: number, dy: number): DemoStation =>
  ({ key: `rrstation${n}`, name: `临清市再生资源回收利用有限公司${place}回收网点`, town, communities, towns, at: near(TOWN_AT[town], dx, dy) });

export const RECYCLING_STATIONS: DemoStation[] = [
  station(1, '371581001', '运河花园', ['运河花园', '大众小区', '青年里小区', '鳌头矶小区', '锦绣苑'], [], 0.004, 0.003),
  station(2, '371581001', '钞关', ['康乐花园', '一中家属院', '钞关小区', '新城佳苑'], [], -0.005, 0.002),
  station(3, '371581002', '温泉路', ['新华小区', '温泉花园', '御园小区', '华府世家', '银河小区', '桃园新村', '金色家园', '人民路小区', '舍利塔小区'], [], 0.003, -0.004),
  station(4, '371581003', '先锋路', ['先锋小区', '碧水蓝天', '电厂宿舍小区', '富源小区', '卫运河畔', '顺河小区'], [], -0.003, -0.003),
  station(5, '371581004', '凤凰城', ['大辛庄社区', '鑫城小区', '凤凰城', '翡翠城', '和园', '东城名苑', '盛世华庭', '东方花园', '盛和家园'], [], 0.006, 0.001),
  station(6, '371581101', '松林镇', [], ['371581101'], 0.002, 0.005),
];

/** Where the sorting centre sells: a paper mill, a steel works; and the dismantler that takes appliances. */
export const RECYCLING_UTILISERS: DemoEnterprise[] = [
  { key: 'papermill', name: '临清市运河纸业有限公司', regionCode: '371581112', capabilities: ['recycler'], industry: '纸制品制造（废纸造纸）', at: near(TOWN_AT['371581112'], 0.012, 0.009) },
  { key: 'steelworks', name: '临清市华安特钢有限公司', regionCode: '371581111', capabilities: ['recycler'], industry: '炼钢（废钢利用）', at: near(TOWN_AT['371581111'], -0.015, 0.011) },
  // 废弃电器电子产品处理资格证书 (ecology): dismantles the 处理目录's appliances.
  { key: 'dismantler', name: '聊城市绿环电子废弃物处理有限公司', regionCode: '371581113', capabilities: ['ewaste_dismantler', 'receiver'], industry: '废弃电器电子产品拆解处理', at: near(TOWN_AT['371581113'], 0.01, -0.008) },
];

/** Every new organisation above, for the city's list of enterprises (demo/linqing.ts). */
export const RECYCLING_ENTERPRISES: DemoEnterprise[] = [
  ...RECYCLING_STATIONS.map((s): DemoEnterprise => ({ key: s.key, name: s.name, regionCode: s.town, capabilities: ['recycling_station'], industry: '再生资源回收（回收网点）', at: s.at })),
  ...RECYCLING_UTILISERS,
];

/** The logins the README lists for renewable resources (all share WUFEI_DEMO_PASSWORD); recycler.demo and sorting.demo are in linqing.ts. */
export const RECYCLING_ACCOUNTS: DemoAccount[] = [
  { username: 'rrcollector.demo', displayName: '孟凡军（再生资源回收 上门回收员）', role: 'enterprise_member', organisation: 'recycler' },
  { username: 'rrstation.demo', displayName: '黄秀英（运河花园回收网点）', role: 'enterprise_admin', organisation: 'rrstation1' },
  { username: 'dismantler.demo', displayName: '宋涛（绿环电子废弃物处理 拆解车间）', role: 'enterprise_admin', organisation: 'dismantler' },
  { username: 'papermill.demo', displayName: '冯磊（运河纸业 原料科）', role: 'enterprise_admin', organisation: 'papermill' },
  // The other stations' clerks and the steel works' scrap yard, who keep the demo's ledgers and sign its loads (demo/recycling-ledger.ts).
  { username: 'rrstation2.demo', displayName: '李春燕（钞关回收网点）', role: 'enterprise_admin', organisation: 'rrstation2' },
  { username: 'rrstation3.demo', displayName: '赵立军（温泉路回收网点）', role: 'enterprise_admin', organisation: 'rrstation3' },
  { username: 'rrstation4.demo', displayName: '王淑芬（先锋路回收网点）', role: 'enterprise_admin', organisation: 'rrstation4' },
  { username: 'rrstation5.demo', displayName: '刘海涛（凤凰城回收网点）', role: 'enterprise_admin', organisation: 'rrstation5' },
  { username: 'rrstation6.demo', displayName: '张桂兰（松林镇回收网点）', role: 'enterprise_admin', organisation: 'rrstation6' },
  { username: 'steelworks.demo', displayName: '马建华（华安特钢 废钢料场）', role: 'enterprise_admin', organisation: 'steelworks' },
];
