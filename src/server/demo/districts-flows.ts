import type { NewProject } from '../construction/service';

// What 天桥区 and 济宁经开区 generate in a year and where it goes (told by districts-year.ts), in
// tonnes. Plausible for the areas, not their published figures:
// - 天桥区: about 650 t of industrial hazardous waste a year (the pharmaceutical plant's solvents, part
//   recovered in-house, the auto-parts works' oil and phosphating sludge, the only waste landfilled),
//   and some 70,000 t of general industrial waste, most of it the heat plant's ash, slag and gypsum
//   (part made into blocks at the plant, part handed to the building-materials works).
// - 济宁经开区: about 1,300 t of industrial hazardous waste (the chemical plant's solvents and spent
//   carbon, the machinery works' oil, paint sludge and phosphating sludge) and about 2 million t of
//   general industrial waste: coal gangue backfilled underground or burnt and made into bricks at the
//   mine, the chemical plant's gasifier slag, the paper mill's residues burnt in its boilers. A yard
//   takes a few per cent, less as the year goes on, so that utilisation ends the year near the plan's
//   95 % without quite reaching it.
// Medical waste: the hospitals twice a week to the operator, the clinics every four weeks on the
// collector's round. 济宁's garages' waste oil on the small-producer collector's round.

export interface Pack { container: string; volumeL: number; perContainerT: number }
const DRUM: Pack = { container: '200L钢桶', volumeL: 200, perContainerT: 0.17 };
const BAG: Pack = { container: '吨袋', volumeL: 1000, perContainerT: 0.35 };
const TOTE: Pack = { container: 'IBC吨桶', volumeL: 1000, perContainerT: 0.85 };
const BOX: Pack = { container: '医疗废物周转箱', volumeL: 60, perContainerT: 0.012 };

export interface HazardousCode {
  code: string; monthlyT: number; form: string; pack: Pack; method: string;
  /** Collected every n months (in months divisible by n); monthly when not given. */
  everyMonths?: number;
  selfUtilise?: { share: number; method: string; note: string };
}
export interface HazardousProducer { user: string; weekday: number; transferDay: number; codes: HazardousCode[] }

export interface CollectionRound {
  collector: string; code: string; form: string; pack: Pack; storage: string; weekday: number;
  /** A round every n weeks, each visiting `perRound` stops in turn. */
  everyWeeks: number; perRound: number;
  stops: { user: string; monthlyT: number }[];
  /** The collector's store goes on to the operator after a round once it holds this much. */
  onward: { method: string; atLeastT: number };
}

/** Where a part goes: 'self' (utilised by the producer), 'yard' (its own yard or dump: disposed of), or the login of the company it is handed to for use. */
export interface IndustrialPart { share: number; to: string; label: string; method: string }
export interface IndustrialProducer {
  user: string; every: 'week' | 'month'; season: number[];
  flows: { code: string; periodT: number; form: string; yard?: string; parts: IndustrialPart[] }[];
  neverDeclares?: boolean;
}

export interface ConstructionYear {
  site: string; plant: string; approver: string; season: number[]; names: Record<string, string>;
  /** The share of recyclable loads that still go to the consumption site, at the start and the end of the year. */
  dumpedShare: [number, number];
  projects: { project: Omit<NewProject, 'startDate'>; startMonthsAgo: number; plan: { code: string; expectedT: number; reuseOnSiteT: number }[]; reductionTargetPct: number; measures: string; monthlyLoads: number; mix: Record<string, number> }[];
}

export interface AreaYear {
  regionCode: string; season: number[];
  /** How much hazardous waste rises (+) or falls (−) from the start to the end of the year. */
  hazardousTrend: number;
  /** How much of what went to the yard goes to use by the year's end (a share of the yard's share). */
  utilisationTrend: number;
  haulier: { driver: string }; operator: string;
  hazardous: HazardousProducer[];
  hospitals: { user: string; perRunT: number; weekdays: number[] }[];
  rounds: CollectionRound[];
  industrial: IndustrialProducer[];
  sludge?: { plant: string; driver: string; incinerator: string; bricks: string; loadT: number; days: number[]; toBricksEvery: number };
  construction?: ConstructionYear;
}

const SEASON_INDUSTRY = [0.92, 0.78, 1.0, 1.04, 1.05, 1.02, 0.98, 1.0, 1.04, 1.06, 1.05, 1.0];
/** A heat plant's load: the heating season (mid-November to mid-March) and summer's lighter steam demand. */
const SEASON_HEAT = [1.15, 1.1, 1.0, 0.9, 0.88, 0.9, 0.95, 0.95, 0.9, 0.95, 1.05, 1.12];
const FLAT = Array.from({ length: 12 }, () => 1);

const medicalRound = (collector: string, weekday: number, stops: { user: string; monthlyT: number }[]): CollectionRound => ({
  collector, code: '841-001-01', form: '固态', pack: BOX, storage: '医疗废物暂存间', weekday, everyWeeks: 4, perRound: 8, stops, onward: { method: 'D10', atLeastT: 0 },
});

export const TIANQIAO_YEAR: AreaYear = {
  regionCode: '370105', season: SEASON_INDUSTRY, hazardousTrend: -0.06, utilisationTrend: 0.3,
  haulier: { driver: 'tq.driver' }, operator: 'tq.lvzhou',
  hazardous: [
    { user: 'tq.huajun', weekday: 5, transferDay: 18, codes: [
      { code: '900-249-08', monthlyT: 9, form: '液态', pack: DRUM, method: 'R9' },
      { code: '336-064-17', monthlyT: 7, form: '半固态', pack: BAG, method: 'D1' },
      { code: '900-252-12', monthlyT: 2.5, form: '半固态', pack: DRUM, method: 'D10', everyMonths: 2 },
      { code: '900-041-49', monthlyT: 1.2, form: '固态', pack: BAG, method: 'D10', everyMonths: 2 }] },
    { user: 'tq.gangjiegou', weekday: 4, transferDay: 21, codes: [
      { code: '900-252-12', monthlyT: 4, form: '半固态', pack: DRUM, method: 'D10', everyMonths: 2 },
      { code: '900-249-08', monthlyT: 1.5, form: '液态', pack: DRUM, method: 'R9', everyMonths: 3 },
      { code: '900-041-49', monthlyT: 0.8, form: '固态', pack: BAG, method: 'D10', everyMonths: 3 }] },
    { user: 'tq.kangrui', weekday: 3, transferDay: 16, codes: [
      { code: '900-402-06', monthlyT: 16, form: '液态', pack: TOTE, method: 'R2', selfUtilise: { share: 0.35, method: 'R2', note: '车间溶剂回收装置（精馏）' } },
      { code: '900-039-49', monthlyT: 2.4, form: '固态', pack: BAG, method: 'D10', everyMonths: 2 },
      { code: '900-047-49', monthlyT: 1, form: '液态', pack: DRUM, method: 'D10', everyMonths: 2 }] },
    { user: 'tq.caiyin', weekday: 2, transferDay: 23, codes: [
      { code: '900-402-06', monthlyT: 3.5, form: '液态', pack: DRUM, method: 'R2', everyMonths: 2 },
      { code: '900-041-49', monthlyT: 1.5, form: '固态', pack: BAG, method: 'D10', everyMonths: 2 }] },
    { user: 'tq.redian', weekday: 1, transferDay: 25, codes: [{ code: '900-249-08', monthlyT: 1.2, form: '液态', pack: DRUM, method: 'R9', everyMonths: 3 }] },
    { user: 'tq.tongqu', weekday: 6, transferDay: 12, codes: [{ code: '900-214-08', monthlyT: 0.5, form: '液态', pack: DRUM, method: 'R9', everyMonths: 3 }] },
    { user: 'tq.beiyuan', weekday: 6, transferDay: 13, codes: [{ code: '900-214-08', monthlyT: 0.35, form: '液态', pack: DRUM, method: 'R9', everyMonths: 3 }] },
    { user: 'tq.huace', weekday: 5, transferDay: 14, codes: [{ code: '900-047-49', monthlyT: 0.12, form: '液态', pack: DRUM, method: 'D10', everyMonths: 3 }] },
  ],
  hospitals: [{ user: 'tq.hospital', perRunT: 0.55, weekdays: [1, 4] }],
  rounds: [medicalRound('tq.yifei', 3, [
    { user: 'tq.clinic1', monthlyT: 0.14 }, { user: 'tq.clinic2', monthlyT: 0.12 }, { user: 'tq.clinic3', monthlyT: 0.03 }, { user: 'tq.clinic4', monthlyT: 0.04 },
    { user: 'tq.clinic5', monthlyT: 0.025 }, { user: 'tq.clinic6', monthlyT: 0.05 }, { user: 'tq.clinic7', monthlyT: 0.035 }, { user: 'tq.clinic8', monthlyT: 0.03 }])],
  industrial: [
    { user: 'tq.redian', every: 'month', season: SEASON_HEAT, flows: [
      { code: 'SW02', periodT: 4_400, form: '固态（干灰）', yard: '灰库（事故备用灰场）', parts: [
        { share: 0.68, to: 'self', label: '粉煤灰（厂内加气砌块线）', method: '蒸压加气混凝土砌块' }, { share: 0.2, to: 'tq.jiancai', label: '粉煤灰（供新型建材）', method: '蒸压粉煤灰砖' },
        { share: 0.12, to: 'yard', label: '粉煤灰（入备用灰场）', method: '灰场分区堆存' }] },
      { code: 'SW03', periodT: 900, form: '固态', parts: [
        { share: 0.88, to: 'tq.jiancai', label: '炉渣（供新型建材）', method: '空心砌块骨料' }, { share: 0.12, to: 'yard', label: '炉渣（入备用灰场）', method: '灰场分区堆存' }] },
      { code: 'SW06', periodT: 760, form: '固态（含水约10%）', parts: [
        { share: 0.8, to: 'tq.jiancai', label: '脱硫石膏（供新型建材）', method: '石膏砌块' }, { share: 0.2, to: 'yard', label: '脱硫石膏（入备用灰场）', method: '灰场分区堆存' }] },
    ] },
    { user: 'tq.huajun', every: 'month', season: SEASON_INDUSTRY, flows: [
      { code: 'SW17', periodT: 220, form: '固态', parts: [{ share: 1, to: 'tq.huishou', label: '废钢边角料、铁屑', method: '回炉炼钢' }] },
    ] },
    { user: 'tq.gangjiegou', every: 'month', season: SEASON_INDUSTRY, flows: [
      { code: 'SW17', periodT: 180, form: '固态', parts: [{ share: 1, to: 'tq.huishou', label: '钢材边角料', method: '回炉炼钢' }] },
    ] },
    { user: 'tq.caiyin', every: 'month', season: SEASON_INDUSTRY, flows: [
      { code: 'SW15', periodT: 45, form: '固态', parts: [{ share: 1, to: 'tq.huishou', label: '纸边角料、废纸板', method: '造纸原料' }] },
    ] },
  ],
};

export const JNKFQ_YEAR: AreaYear = {
  regionCode: '370829', season: SEASON_INDUSTRY, hazardousTrend: 0.08, utilisationTrend: 0.45,
  haulier: { driver: 'jk.driver' }, operator: 'jk.ruifeng',
  hazardous: [
    { user: 'jk.jinyu', weekday: 3, transferDay: 15, codes: [
      { code: '900-402-06', monthlyT: 58, form: '液态', pack: TOTE, method: 'R2', selfUtilise: { share: 0.4, method: 'R2', note: '溶剂精馏回收装置' } },
      { code: '900-039-49', monthlyT: 12, form: '固态', pack: BAG, method: 'D10' },
      { code: '900-041-49', monthlyT: 2.5, form: '固态', pack: BAG, method: 'D10', everyMonths: 2 },
      { code: '900-047-49', monthlyT: 1.2, form: '液态', pack: DRUM, method: 'D10', everyMonths: 3 }] },
    { user: 'jk.lugong', weekday: 5, transferDay: 19, codes: [
      { code: '900-249-08', monthlyT: 8, form: '液态', pack: DRUM, method: 'R9' },
      { code: '900-252-12', monthlyT: 6, form: '半固态', pack: DRUM, method: 'D10' },
      { code: '336-064-17', monthlyT: 11, form: '半固态', pack: BAG, method: 'D1' },
      { code: '900-041-49', monthlyT: 1.5, form: '固态', pack: BAG, method: 'D10', everyMonths: 2 }] },
    { user: 'jk.huafeng', weekday: 2, transferDay: 22, codes: [{ code: '900-249-08', monthlyT: 1.5, form: '液态', pack: DRUM, method: 'R9', everyMonths: 3 }] },
    { user: 'jk.redian', weekday: 1, transferDay: 24, codes: [
      { code: '900-249-08', monthlyT: 2.5, form: '液态', pack: DRUM, method: 'R9', everyMonths: 2 },
      { code: '900-052-31', monthlyT: 0.3, form: '固态', pack: BAG, method: 'R4', everyMonths: 6 }] },
    { user: 'jk.hongyuan', weekday: 4, transferDay: 20, codes: [{ code: '900-249-08', monthlyT: 3.5, form: '液态', pack: DRUM, method: 'R9', everyMonths: 2 }] },
    { user: 'jk.lujin', weekday: 2, transferDay: 26, codes: [{ code: '900-041-49', monthlyT: 0.6, form: '固态', pack: BAG, method: 'D10', everyMonths: 3 }] },
  ],
  hospitals: [{ user: 'jk.hospital', perRunT: 0.32, weekdays: [1, 4] }],
  rounds: [
    medicalRound('jk.yifei', 2, [
      { user: 'jk.clinic1', monthlyT: 0.15 }, { user: 'jk.clinic2', monthlyT: 0.12 }, { user: 'jk.clinic3', monthlyT: 0.012 }, { user: 'jk.clinic4', monthlyT: 0.008 },
      { user: 'jk.clinic5', monthlyT: 0.01 }, { user: 'jk.clinic6', monthlyT: 0.011 }, { user: 'jk.clinic7', monthlyT: 0.009 }, { user: 'jk.clinic8', monthlyT: 0.01 }]),
    // 小微企业危险废物收集: the garages' waste oil every four weeks; 路安维修站 is not on the round yet.
    { collector: 'jk.xiaowei', code: '900-214-08', form: '液态', pack: DRUM, storage: '废矿物油暂存区', weekday: 4, everyWeeks: 4, perRound: 3,
      stops: [{ user: 'jk.shuntong', monthlyT: 0.55 }, { user: 'jk.majixiuli', monthlyT: 0.4 }, { user: 'jk.xinda', monthlyT: 0.35 }], onward: { method: 'R9', atLeastT: 2.5 } },
  ],
  industrial: [
    { user: 'jk.hongyuan', every: 'month', season: FLAT, flows: [
      { code: 'SW04', periodT: 92_000, form: '固态', yard: '矸石周转场', parts: [
        { share: 0.56, to: 'self', label: '煤矸石（井下充填）', method: '井下充填' }, { share: 0.37, to: 'self', label: '煤矸石（自备综合利用电厂、烧结砖厂）', method: '矸石发电、烧结砖' },
        { share: 0.07, to: 'yard', label: '煤矸石（入周转场）', method: '矸石周转场堆存' }] },
    ] },
    { user: 'jk.jinyu', every: 'month', season: SEASON_INDUSTRY, flows: [
      { code: 'SW16', periodT: 28_000, form: '固态（气化渣）', yard: '厂内渣场', parts: [
        { share: 0.6, to: 'self', label: '气化细渣（锅炉掺烧）', method: '锅炉掺烧' }, { share: 0.34, to: 'self', label: '气化粗渣（厂内免烧砖）', method: '免烧砖' },
        { share: 0.06, to: 'yard', label: '气化渣（入渣场）', method: '渣场堆存' }] },
    ] },
    { user: 'jk.huafeng', every: 'month', season: SEASON_INDUSTRY, flows: [
      { code: 'SW15', periodT: 15_000, form: '固态', parts: [
        { share: 0.97, to: 'self', label: '白泥、浆渣（碱回收、锅炉掺烧）', method: '白泥制碳酸钙、浆渣掺烧' }, { share: 0.03, to: 'yard', label: '浆渣（厂内暂存场）', method: '暂存场堆存' }] },
      { code: 'SW07', periodT: 2_000, form: '半固态', parts: [{ share: 0.96, to: 'self', label: '造纸污泥（锅炉掺烧）', method: '锅炉掺烧' }, { share: 0.04, to: 'yard', label: '造纸污泥（厂内暂存场）', method: '暂存场堆存' }] },
    ] },
    { user: 'jk.redian', every: 'month', season: SEASON_HEAT, flows: [
      { code: 'SW02', periodT: 1_500, form: '固态（干灰）', yard: '事故备用灰场', parts: [
        { share: 0.55, to: 'jk.shuini', label: '粉煤灰（供水泥粉磨站）', method: '水泥混合材' }, { share: 0.33, to: 'jk.qiangcai', label: '粉煤灰（供新型墙材）', method: '蒸压粉煤灰砖' },
        { share: 0.12, to: 'yard', label: '粉煤灰（入备用灰场）', method: '灰场分区堆存' }] },
      { code: 'SW03', periodT: 350, form: '固态', parts: [{ share: 0.9, to: 'jk.qiangcai', label: '炉渣（供新型墙材）', method: '空心砌块骨料' }, { share: 0.1, to: 'yard', label: '炉渣（入备用灰场）', method: '灰场分区堆存' }] },
      { code: 'SW06', periodT: 300, form: '固态（含水约10%）', parts: [{ share: 0.92, to: 'jk.shuini', label: '脱硫石膏（供水泥粉磨站）', method: '水泥缓凝剂' }, { share: 0.08, to: 'yard', label: '脱硫石膏（入备用灰场）', method: '灰场分区堆存' }] },
    ] },
    // 鲁工机械 has not declared on the platform yet: the regulator's overview shows it.
    { user: 'jk.lugong', every: 'month', season: SEASON_INDUSTRY, neverDeclares: true, flows: [
      { code: 'SW17', periodT: 600, form: '固态', parts: [{ share: 1, to: 'jk.huishou', label: '废钢边角料', method: '回炉炼钢' }] },
      { code: 'SW59', periodT: 200, form: '固态', parts: [{ share: 1, to: 'jk.qiangcai', label: '废铸造砂（供新型墙材）', method: '铸造废砂制砖' }] },
    ] },
  ],
  sludge: { plant: 'jk.wushui', driver: 'jk.driver', incinerator: 'jk.redian', bricks: 'jk.qiangcai', loadT: 18, days: [3], toBricksEvery: 4 },
  construction: {
    site: 'jk.chengjian', plant: 'jk.cw', approver: 'office.jnkfq', season: [0.55, 0.3, 1.0, 1.2, 1.2, 1.05, 0.95, 0.9, 1.15, 1.2, 1.1, 0.8],
    names: { CW01: '工程渣土', CW03: '工程垃圾', CW04: '拆除垃圾', CW05: '装修垃圾' }, dumpedShare: [0.22, 0.04],
    projects: [
      { project: { name: '济宁经开区疃里安置社区（二期）', address: '济宁经开区疃里镇 呈祥大道北侧', longitude: 116.3893, latitude: 35.4167, kind: 'new', floorAreaM2: 86_000, greenBuilding: true, greenStar: 1, prefabricated: true },
        startMonthsAgo: 11, plan: [{ code: 'CW01', expectedT: 12_000, reuseOnSiteT: 5_000 }, { code: 'CW03', expectedT: 1_800, reuseOnSiteT: 200 }, { code: 'CW05', expectedT: 300, reuseOnSiteT: 0 }],
        reductionTargetPct: 25, measures: '基坑土方场内回填、绿化造坡；工程垃圾分类后送资源化利用厂', monthlyLoads: 3, mix: { CW01: 0.32, CW03: 0.58, CW05: 0.1 } },
      { project: { name: '济宁经开区马集镇旧村改造（拆除）', address: '济宁经开区马集镇 马集村', longitude: 116.2963, latitude: 35.3772, kind: 'demolition', floorAreaM2: 42_000 },
        startMonthsAgo: 8, plan: [{ code: 'CW04', expectedT: 6_500, reuseOnSiteT: 600 }, { code: 'CW01', expectedT: 900, reuseOnSiteT: 300 }],
        reductionTargetPct: 10, measures: '拆除垃圾现场分拣，砖瓦、混凝土块送资源化利用厂', monthlyLoads: 3, mix: { CW04: 0.85, CW01: 0.15 } },
    ],
  },
};
