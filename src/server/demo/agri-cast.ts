import type { DemoAccount, DemoEnterprise } from './linqing';
import { TOWN_AT, TOWN_NAMES } from './towns';

// 临清's agricultural cast (issue 16): who keeps the books of straw, manure, farm film, pesticide
// packaging and dead livestock. The organisations and logins are made with the rest of the city
// (demo/seed.ts); the records of each part are filled by its own demo file (demo/agri-*.ts).
// Only types come from linqing.ts, which spreads these lists into its own.

const near = (at: [number, number], dx: number, dy: number): [number, number] => [Math.round((at[0] + dx) * 10_000) / 10_000, Math.round((at[1] + dy) * 10_000) / 10_000];
const TOWN = Object.fromEntries(Object.entries(TOWN_NAMES).map(([code, name]) => [code, { name, at: TOWN_AT[code] }]));
export const AGRI_TOWN_CODES = Object.keys(TOWN);

/** Livestock species a farm of the demo keeps; the livestock register has the full vocabulary. */
export type DemoSpecies = 'pig' | 'dairy_cattle' | 'beef_cattle' | 'sheep' | 'layer' | 'broiler' | 'duck';

/** A livestock farm of the demo: its species, head in stock and sold (出栏) in a year. */
export interface DemoFarm { key: string; name: string; town: string; species: DemoSpecies; stock: number; soldPerYear: number; at: [number, number] }

const farm = (n: number, town: string, name: string, species: DemoSpecies, stock: number, soldPerYear: number, dx: number, dy: number): DemoFarm =>
  ({ key: `farm${String(n).padStart(2, '0')}`, name, town, species, stock, soldPerYear, at: near(TOWN[town].at, dx, dy) });

// Thirty farms: pigs in most towns, broilers and layers, dairy and beef cattle, sheep, meat ducks
// (the seeds name 肉牛、肉羊、肉鸭); from scale farms of thousands of pigs to small family yards.
export const FARMS: DemoFarm[] = [
  farm(1, '371581101', '临清市松林镇鑫旺生猪养殖场', 'pig', 2400, 4800, 0.012, -0.008),
  farm(2, '371581101', '临清市松林镇丰泽蛋鸡养殖专业合作社', 'layer', 48000, 30000, -0.015, 0.006),
  farm(3, '371581102', '临清市老赵庄镇宏发养猪场', 'pig', 850, 1700, 0.009, 0.011),
  farm(4, '371581102', '临清市老赵庄镇运河肉鸭养殖场', 'duck', 36000, 180000, -0.011, -0.007),
  farm(5, '371581103', '临清市康庄镇康源奶牛养殖场', 'dairy_cattle', 620, 120, 0.014, 0.005),
  farm(6, '371581103', '临清市康庄镇润发生猪养殖场', 'pig', 1800, 3600, -0.01, -0.012),
  farm(7, '371581104', '临清市魏湾镇利民肉牛养殖场', 'beef_cattle', 420, 380, 0.007, 0.013),
  farm(8, '371581104', '临清市魏湾镇兴旺养猪场', 'pig', 480, 900, -0.013, 0.004),
  farm(9, '371581105', '临清市刘垓子镇顺和肉鸡养殖场', 'broiler', 30000, 160000, 0.011, -0.006),
  farm(10, '371581105', '临清市刘垓子镇金牧生猪养殖有限公司', 'pig', 5200, 10500, -0.008, 0.01),
  farm(11, '371581107', '临清市八岔路镇绿野湖羊养殖场', 'sheep', 900, 1100, 0.01, 0.008),
  farm(12, '371581107', '临清市八岔路镇永盛养猪场', 'pig', 300, 560, -0.012, -0.01),
  farm(13, '371581108', '临清市潘庄镇福瑞蛋鸡养殖场', 'layer', 22000, 15000, 0.013, -0.009),
  farm(14, '371581108', '临清市潘庄镇宏达生猪养殖场', 'pig', 1300, 2600, -0.009, 0.012),
  farm(15, '371581109', '临清市烟店镇华牧肉牛养殖专业合作社', 'beef_cattle', 160, 140, 0.008, 0.01),
  farm(16, '371581109', '临清市烟店镇瑞丰养猪场', 'pig', 2100, 4300, -0.014, -0.005),
  farm(17, '371581110', '临清市唐园镇正大肉鸡养殖场', 'broiler', 45000, 250000, 0.012, 0.007),
  farm(18, '371581110', '临清市唐园镇家庭养猪场（王庄）', 'pig', 120, 210, -0.007, -0.011),
  farm(19, '371581111', '临清市金郝庄镇牧丰奶牛养殖场', 'dairy_cattle', 380, 70, 0.01, -0.01),
  farm(20, '371581111', '临清市金郝庄镇恒源生猪养殖场', 'pig', 3200, 6400, -0.012, 0.009),
  farm(21, '371581112', '临清市戴湾镇鲁西黄牛养殖场', 'beef_cattle', 90, 75, 0.009, 0.012),
  farm(22, '371581112', '临清市戴湾镇聚福养猪场', 'pig', 650, 1300, -0.011, -0.008),
  farm(23, '371581113', '临清市尚店镇沃野湖羊养殖专业合作社', 'sheep', 260, 320, 0.011, 0.01),
  farm(24, '371581113', '临清市尚店镇兴农生猪养殖场', 'pig', 980, 1950, -0.01, -0.009),
  farm(25, '371581004', '临清市大辛庄街道鸿运蛋鸡养殖场', 'layer', 9000, 6000, 0.012, -0.01),
  farm(26, '371581104', '临清市魏湾镇卫河肉鸭养殖专业合作社', 'duck', 12000, 60000, 0.006, -0.014),
  farm(27, '371581103', '临清市康庄镇小刘庄家庭猪场', 'pig', 85, 150, 0.004, 0.016),
  farm(28, '371581109', '临清市烟店镇牧歌奶牛养殖场', 'dairy_cattle', 150, 30, 0.016, -0.004),
  farm(29, '371581101', '临清市松林镇和顺肉鸡养殖场', 'broiler', 8000, 45000, 0.003, 0.015),
  farm(30, '371581110', '临清市唐园镇福星养猪专业合作社', 'pig', 4200, 8500, 0.015, 0.004),
];

/** The trade (国民经济行业) a farm of each species is registered under. */
const SPECIES_TRADE: Record<DemoSpecies, string> = {
  pig: '生猪饲养', dairy_cattle: '奶牛饲养', beef_cattle: '肉牛饲养', sheep: '羊的饲养', layer: '鸡的饲养（蛋鸡）', broiler: '鸡的饲养（肉鸡）', duck: '鸭的饲养',
};

/** A farm-input dealer (农资经营门店): sells pesticides, fertilisers and farm film in its town. */
export interface DemoDealer { key: string; name: string; town: string; at: [number, number] }

// One or two dealers a town; the bigger towns have a second shop.
const DEALER_NAMES: [string, string][] = [
  ['371581001', '临清市青年路丰收农资门市部'], ['371581002', '临清市新华路惠农农资经营部'], ['371581003', '临清市先锋路金穗农资店'], ['371581004', '临清市大辛庄街道益农农资门市'],
  ['371581101', '临清市松林镇丰源农资经营部'], ['371581101', '临清市松林镇绿丰植保服务站'], ['371581102', '临清市老赵庄镇农家乐农资店'], ['371581103', '临清市康庄镇金土地农资门市部'],
  ['371581104', '临清市魏湾镇富农农资经营部'], ['371581105', '临清市刘垓子镇惠民农资店'], ['371581107', '临清市八岔路镇丰达农资门市部'], ['371581108', '临清市潘庄镇百禾农资经营部'],
  ['371581109', '临清市烟店镇棉农之家农资店'], ['371581109', '临清市烟店镇鑫丰植保农资门市'], ['371581110', '临清市唐园镇科丰农资经营部'], ['371581111', '临清市金郝庄镇兴农农资店'],
  ['371581112', '临清市戴湾镇绿康农资门市部'], ['371581113', '临清市尚店镇丰谷农资经营部'], ['371581113', '临清市尚店镇田丰植保服务部'], ['371581103', '临清市康庄镇农丰种业农资店'],
];
export const DEALERS: DemoDealer[] = DEALER_NAMES.map(([town, name], i) => ({ key: `dealer${String(i + 1).padStart(2, '0')}`, name, town, at: near(TOWN[town].at, ((i % 5) - 2) * 0.004, ((i % 3) - 1) * 0.005) }));

/** A town's collection station (收储站点): one in each of the 16 towns, taking pesticide packaging and waste farm film. */
export interface DemoStation { key: string; name: string; town: string; at: [number, number] }
export const STATIONS: DemoStation[] = AGRI_TOWN_CODES.map((town, i) => ({
  key: `agstation${String(i + 1).padStart(2, '0')}`, name: `临清市${TOWN[town].name}农药包装废弃物及废旧农膜收储站`, town, at: near(TOWN[town].at, 0.006, 0.003),
}));

/** Co-operatives and large farms that use farm film (mulch on cotton and vegetables, greenhouse film). */
export const FILM_USERS: DemoEnterprise[] = [
  { key: 'filmuser1', name: '临清市烟店镇棉花种植专业合作社', regionCode: '371581109', capabilities: ['farm'], industry: '棉花种植', at: near(TOWN['371581109'].at, -0.02, 0.01) },
  { key: 'filmuser2', name: '临清市尚店镇禾丰蔬菜种植专业合作社', regionCode: '371581113', capabilities: ['farm'], industry: '蔬菜种植', at: near(TOWN['371581113'].at, 0.018, -0.006) },
  { key: 'filmuser3', name: '临清市唐园镇家庭农场（张记）', regionCode: '371581110', capabilities: ['farm'], industry: '谷物种植', at: near(TOWN['371581110'].at, -0.016, 0.012) },
  { key: 'filmuser4', name: '临清市八岔路镇大棚蔬菜专业合作社', regionCode: '371581107', capabilities: ['farm'], industry: '蔬菜种植', at: near(TOWN['371581107'].at, 0.02, -0.01) },
];

/** Straw's market entities (秸秆收储利用主体): feed companies with silage pits, co-operatives, a biomass plant, a mushroom base, a board mill. */
export const STRAW_USERS: DemoEnterprise[] = [
  { key: 'strawfeed', name: '临清市牧源饲料有限公司', regionCode: '371581103', capabilities: ['straw_user'], industry: '饲料加工', at: near(TOWN['371581103'].at, -0.018, -0.008) },
  { key: 'strawcoop', name: '临清市康庄镇秸秆收储专业合作社', regionCode: '371581103', capabilities: ['straw_user'], industry: '农业专业及辅助性活动', at: near(TOWN['371581103'].at, 0.02, 0.01) },
  { key: 'strawfuel', name: '临清市生物质热电有限公司', regionCode: '371581105', capabilities: ['straw_user'], industry: '生物质能发电', at: near(TOWN['371581105'].at, 0.015, 0.014) },
  { key: 'strawmush', name: '临清市鲁冠食用菌种植专业合作社', regionCode: '371581111', capabilities: ['straw_user'], industry: '食用菌种植', at: near(TOWN['371581111'].at, -0.012, 0.016) },
  { key: 'strawboard', name: '临清市秸秆人造板材有限公司', regionCode: '371581112', capabilities: ['straw_user'], industry: '人造板制造', at: near(TOWN['371581112'].at, 0.017, -0.012) },
];

/** The receivers at the end of the agricultural streams. */
export const AGRI_RECEIVERS: DemoEnterprise[] = [
  // Takes manure on hand-over manifests and makes organic fertiliser (聊城市养殖粪污生产有机肥补贴政策).
  { key: 'fertplant', name: '临清市沃土生物有机肥有限公司', regionCode: '371581105', capabilities: ['fertiliser_plant', 'transporter'], industry: '有机肥料及微生物肥料制造', at: near(TOWN['371581105'].at, -0.02, -0.012) },
  // Collects dead livestock with its dedicated vehicle and treats it (化制).
  { key: 'carcassplant', name: '临清市病死畜禽无害化处理中心', regionCode: '371581111', capabilities: ['carcass_plant', 'transporter'], industry: '病死畜禽无害化处理', at: near(TOWN['371581111'].at, 0.022, 0.018) },
  // Recycles waste farm film into pellets; also the utiliser of plastic pesticide packaging.
  { key: 'filmrecycler', name: '临清市新禾废旧农膜再生塑料有限公司', regionCode: '371581107', capabilities: ['recycler', 'transporter'], industry: '塑料制品制造（再生塑料）', at: near(TOWN['371581107'].at, 0.014, 0.016) },
];

/** Every organisation above, for the city's list of enterprises (demo/linqing.ts). */
export const AGRI_ENTERPRISES: DemoEnterprise[] = [
  ...FARMS.map((f): DemoEnterprise => ({ key: f.key, name: f.name, regionCode: f.town, capabilities: ['farm'], industry: SPECIES_TRADE[f.species], at: f.at })),
  ...DEALERS.map((d): DemoEnterprise => ({ key: d.key, name: d.name, regionCode: d.town, capabilities: ['agri_dealer'], industry: '农药、化肥、农膜零售', at: d.at })),
  ...STATIONS.map((s): DemoEnterprise => ({ key: s.key, name: s.name, regionCode: s.town, capabilities: ['collection_station'], industry: '农业废弃物收集贮存', at: s.at })),
  ...FILM_USERS, ...STRAW_USERS, ...AGRI_RECEIVERS,
];


/** The logins the README lists for agriculture (all share WUFEI_DEMO_PASSWORD). */
export const AGRI_ACCOUNTS: DemoAccount[] = [
  { username: 'farm.demo', displayName: '张建国（鑫旺生猪养殖场）', role: 'enterprise_admin', organisation: 'farm01' },
  { username: 'dealer.demo', displayName: '李红梅（丰源农资经营部）', role: 'enterprise_admin', organisation: 'dealer05' },
  { username: 'agstation.demo', displayName: '赵志刚（松林镇收储站站长）', role: 'enterprise_admin', organisation: 'agstation05' },
  { username: 'filmuser.demo', displayName: '孙立军（烟店镇棉花种植专业合作社）', role: 'enterprise_admin', organisation: 'filmuser1' },
  { username: 'strawfeed.demo', displayName: '马强（牧源饲料 青贮收储）', role: 'enterprise_admin', organisation: 'strawfeed' },
  { username: 'fertplant.demo', displayName: '郭丽（沃土有机肥 原料科）', role: 'enterprise_admin', organisation: 'fertplant' },
  { username: 'carcass.demo', displayName: '钱卫东（无害化处理中心）', role: 'enterprise_admin', organisation: 'carcassplant' },
  { username: 'driver.carcass', displayName: '吴师傅（病死畜禽收集车）', role: 'driver', organisation: 'carcassplant' },
  { username: 'filmrecycler.demo', displayName: '韩冬（新禾再生塑料 过磅员）', role: 'enterprise_admin', organisation: 'filmrecycler' },
];
