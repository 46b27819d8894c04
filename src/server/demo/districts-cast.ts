import type { CastParty, DistrictCast } from './districts';

// Who is who in 天桥区 and 济宁经济开发区 on the demo, at real places:
// - 天桥区 (济南, north of the old city): the factories of the 桑梓店 and 大桥 industrial area by the
//   Yellow River (auto parts, a steel-structure works, a pharmaceutical plant), a printing works and
//   the 北郊 heat plant nearer town, garages and a laboratory, the district hospital, two community
//   health centres and six clinics; a licensed operator that also burns medical waste, a licensed
//   collector that runs the clinics' round, a dangerous-goods haulier, a building-materials works
//   and a scrap dealer that take the factories' general industrial waste.
// - 济宁经济开发区 (its towns 疃里镇 and 马集镇 lie in 嘉祥县): a coal mine, a chemical plant, an
//   engineering-machinery works and the zone's heat plant around 疃里, a paper mill and a 鲁锦 weaving
//   mill at 马集; garages; the zone hospital, the two township health centres and village clinics
//   (村卫生室); a licensed operator, a medical-waste collector and a collector of the garages' waste
//   oil (小微企业收集), a haulier, a wall-materials works and a cement grinding station; the zone's
//   wastewater plant, and a builder and a construction-waste recycling plant.
// Only the area's companies are on the platform: the platform's indicator of medical-waste coverage
// counts the institutions the statistics bureau knows, registered or not.

const TQ = '370105', TUANLI = '370829104', MAJI = '370829108';

/** A medical institution on a collector's round, with the login that hands its waste over. */
function clinic(key: string, name: string, regionCode: string, industry: string, at: [number, number], username: string): CastParty {
  return { key, name, regionCode, industry, at, capabilities: ['producer'], logins: [{ username, displayName: `${name} 院感` }] };
}

const TQ_CLINICS: [string, string, [number, number]][] = [
  ['天桥区桑梓店街道社区卫生服务中心', '社区卫生服务', [116.9306, 36.7995]], ['天桥区北园街道社区卫生服务中心', '社区卫生服务', [117.0032, 36.6951]],
  ['济南天桥仁和诊所', '诊所', [116.9871, 36.6823]], ['济南天桥康宁中西医结合诊所', '诊所', [116.9745, 36.6902]], ['济南天桥泺口口腔门诊部', '门诊部', [116.9917, 36.7128]],
  ['济南天桥药山社区卫生服务站', '社区卫生服务', [116.9632, 36.7086]], ['济南天桥大桥街道卫生服务站', '社区卫生服务', [116.9793, 36.7819]], ['济南天桥德济堂中医诊所', '诊所', [117.0104, 36.6867]],
];

export const TIANQIAO_CAST: DistrictCast = {
  regionCode: TQ, phonePrefix: '0531-85',
  parties: [
    { key: 'tq-eco', name: '济南市生态环境局天桥分局', regionCode: TQ, industry: '', domain: 'ecology', at: [116.9898, 36.6934],
      logins: [{ username: 'eco.tianqiao', displayName: '孟凡军（生态环境局天桥分局）' }] },
    // Industrial enterprises (清洁生产审核、绿色工厂 count them).
    { key: 'tq-auto', name: '济南华骏汽车零部件有限公司', regionCode: TQ, industry: '汽车零部件及配件制造', at: [116.9352, 36.7958], capabilities: ['producer'],
      logins: [{ username: 'tq.huajun', displayName: '华骏汽车零部件 环保专员' }] },
    { key: 'tq-steel', name: '济南天桥重型钢结构有限公司', regionCode: TQ, industry: '金属结构制造', at: [116.9246, 36.8063], capabilities: ['producer'],
      logins: [{ username: 'tq.gangjiegou', displayName: '天桥重型钢结构 安环部' }] },
    { key: 'tq-pharma', name: '济南康瑞制药有限公司', regionCode: TQ, industry: '化学药品制剂制造', at: [116.9561, 36.7724], capabilities: ['producer'],
      logins: [{ username: 'tq.kangrui', displayName: '康瑞制药 EHS 部' }] },
    { key: 'tq-print', name: '济南泉城彩印包装有限公司', regionCode: TQ, industry: '包装装潢印刷', at: [116.9768, 36.7052], capabilities: ['producer'],
      logins: [{ username: 'tq.caiyin', displayName: '泉城彩印 环保专员' }] },
    { key: 'tq-heat', name: '济南北郊热电有限公司', regionCode: TQ, industry: '热电联产', at: [117.0067, 36.7031], capabilities: ['producer'],
      logins: [{ username: 'tq.redian', displayName: '北郊热电 环保专工' }] },
    // Social sources of hazardous waste.
    { key: 'tq-garage1', name: '济南天桥通衢汽车维修有限公司', regionCode: TQ, industry: '汽车维修', at: [116.9905, 36.6912], capabilities: ['producer'],
      logins: [{ username: 'tq.tongqu', displayName: '通衢汽修 店长' }] },
    { key: 'tq-garage2', name: '济南天桥北园机动车维修厂', regionCode: TQ, industry: '机动车维修', at: [117.0121, 36.6948], capabilities: ['producer'],
      logins: [{ username: 'tq.beiyuan', displayName: '北园机动车维修厂 店长' }] },
    { key: 'tq-lab', name: '济南天桥华测检验检测有限公司', regionCode: TQ, industry: '检验检测', at: [116.9812, 36.6985], capabilities: ['producer'],
      logins: [{ username: 'tq.huace', displayName: '华测检验检测 安全员' }] },
    // Medical institutions.
    { key: 'tq-hospital', name: '济南市天桥区人民医院', regionCode: TQ, industry: '医院', at: [116.9853, 36.6879], capabilities: ['producer'],
      logins: [{ username: 'tq.hospital', displayName: '天桥区人民医院 院感科' }] },
    ...TQ_CLINICS.map(([name, industry, at], i) => clinic(`tq-clinic${i + 1}`, name, TQ, industry, at, `tq.clinic${i + 1}`)),
    // Operators, haulier, utilisers.
    { key: 'tq-operator', name: '济南天桥绿洲环保科技有限公司', regionCode: TQ, industry: '危险废物治理', at: [116.9458, 36.7903], capabilities: ['receiver', 'transporter'],
      logins: [{ username: 'tq.lvzhou', displayName: '绿洲环保 接收调度' }],
      vehicles: [{ plate: '鲁A7Y562', vehicleType: '医疗废物专用转运车', loadT: 5, dgPermitNo: '鲁交运管许可济字370100006231号' }],
      drivers: [{ name: '邵立新', phone: '13605317742', licenceNo: '370105198304150033', qualificationNo: 'WX3701002017062' }],
      // 危险废物综合经营许可证: re-refining, solvent recovery, incineration (medical waste too) and a safe landfill.
      licences: [{ number: '鲁危证37010500018', validFrom: '2023-09-01', validTo: '2028-08-31', annualCapacityT: 42_000,
        wasteCodes: ['900-249-08', '900-214-08', '900-402-06', '900-041-49', '900-039-49', '900-047-49', '900-252-12', '336-064-17', '900-052-31', '841-001-01', '841-002-01', '841-003-01'] }] },
    { key: 'tq-medcollector', name: '济南天桥医疗废物收集转运有限公司', regionCode: TQ, industry: '医疗废物收集', at: [116.9702, 36.7201], capabilities: ['collector', 'transporter'],
      logins: [{ username: 'tq.yifei', displayName: '天桥医废收集 调度' }],
      vehicles: [{ plate: '鲁A6Y318', vehicleType: '医疗废物专用转运车', loadT: 3, dgPermitNo: '鲁交运管许可济字370100007415号' }],
      drivers: [{ name: '吕宝华', phone: '13864118827', licenceNo: '370105198808210019', qualificationNo: 'WX3701002020115' }],
      licences: [{ number: '鲁危收证37010500006', validFrom: '2024-05-01', validTo: '2029-04-30', annualCapacityT: 300, wasteCodes: ['841-001-01', '841-002-01', '841-003-01'] }] },
    { key: 'tq-haulier', name: '济南天桥安达危险货物运输有限公司', regionCode: TQ, industry: '道路危险货物运输', at: [116.9587, 36.7353], capabilities: ['transporter'],
      logins: [{ username: 'tq.driver', displayName: '郝师傅（安达危运驾驶员）', role: 'driver' }],
      vehicles: [
        { plate: '鲁A3D905', vehicleType: '厢式危险品运输车', loadT: 10, dgPermitNo: '鲁交运管许可济字370100003380号' },
        { plate: '鲁A5G117', vehicleType: '罐式危险品运输车', loadT: 20, dgPermitNo: '鲁交运管许可济字370100003380号' }],
      drivers: [{ name: '郝建民', phone: '13969107315', licenceNo: '370105197912060056', qualificationNo: 'WX3701002016031', login: 'tq.driver' }] },
    { key: 'tq-materials', name: '济南天桥新型建材有限公司', regionCode: TQ, industry: '新型墙体材料', at: [116.9402, 36.7889], capabilities: ['receiver'],
      logins: [{ username: 'tq.jiancai', displayName: '天桥新型建材 原料科' }] },
    { key: 'tq-recycler', name: '济南天桥再生资源回收利用有限公司', regionCode: TQ, industry: '再生资源回收', at: [116.9655, 36.7466], capabilities: ['recycler'],
      logins: [{ username: 'tq.huishou', displayName: '天桥再生资源 地磅房' }] },
  ],
};

const JK_VILLAGE_CLINICS: [string, string, [number, number]][] = [
  ['疃里镇疃里村卫生室', TUANLI, [116.3821, 35.4153]], ['疃里镇大王庄村卫生室', TUANLI, [116.3968, 35.4247]], ['疃里镇后刘村卫生室', TUANLI, [116.3686, 35.3987]],
  ['马集镇马集村卫生室', MAJI, [116.2952, 35.3761]], ['马集镇郭楼村卫生室', MAJI, [116.2837, 35.3634]], ['马集镇朱庄村卫生室', MAJI, [116.3071, 35.3852]],
];

export const JNKFQ_CAST: DistrictCast = {
  regionCode: '370829', phonePrefix: '0537-36',
  parties: [
    { key: 'jk-eco', name: '济宁市生态环境局经济技术开发区分局', regionCode: '370829', industry: '', domain: 'ecology', at: [116.3849, 35.4093],
      logins: [{ username: 'eco.jnkfq', displayName: '曹明远（生态环境局经开区分局）' }] },
    // Industrial enterprises.
    { key: 'jk-coal', name: '济宁宏源煤业有限公司', regionCode: TUANLI, industry: '烟煤和无烟煤开采洗选', at: [116.4023, 35.3936], capabilities: ['producer'],
      logins: [{ username: 'jk.hongyuan', displayName: '宏源煤业 环保科' }] },
    { key: 'jk-heat', name: '济宁经开区热电有限公司', regionCode: TUANLI, industry: '热电联产', at: [116.3608, 35.4187], capabilities: ['producer', 'receiver'],
      logins: [{ username: 'jk.redian', displayName: '经开区热电 环保专工' }] },
    { key: 'jk-chem', name: '济宁金宇化工有限公司', regionCode: TUANLI, industry: '有机化学原料制造', at: [116.3912, 35.4105], capabilities: ['producer'],
      logins: [{ username: 'jk.jinyu', displayName: '金宇化工 安环部' }] },
    { key: 'jk-machine', name: '济宁鲁工机械制造有限公司', regionCode: TUANLI, industry: '工程机械制造', at: [116.3755, 35.4021], capabilities: ['producer'],
      logins: [{ username: 'jk.lugong', displayName: '鲁工机械 环保专员' }] },
    { key: 'jk-paper', name: '济宁华丰纸业有限公司', regionCode: MAJI, industry: '机制纸及纸板制造', at: [116.2986, 35.3702], capabilities: ['producer'],
      logins: [{ username: 'jk.huafeng', displayName: '华丰纸业 环保专员' }] },
    { key: 'jk-textile', name: '济宁鲁锦纺织有限公司', regionCode: MAJI, industry: '棉纺织及印染精加工', at: [116.2871, 35.3788], capabilities: ['producer'],
      logins: [{ username: 'jk.lujin', displayName: '鲁锦纺织 环保专员' }] },
    // Garages (社会源危险废物: the plan's row 28 counts 汽修行业).
    { key: 'jk-garage1', name: '济宁经开区顺通汽车维修有限公司', regionCode: TUANLI, industry: '汽车维修', at: [116.3869, 35.4071], capabilities: ['producer'],
      logins: [{ username: 'jk.shuntong', displayName: '顺通汽修 店长' }] },
    { key: 'jk-garage2', name: '济宁经开区马集汽车修理厂', regionCode: MAJI, industry: '汽车维修', at: [116.2968, 35.3729], capabilities: ['producer'],
      logins: [{ username: 'jk.majixiuli', displayName: '马集汽车修理厂 店长' }] },
    { key: 'jk-garage3', name: '济宁经开区鑫达汽车维修服务有限公司', regionCode: TUANLI, industry: '汽车维修', at: [116.3727, 35.4118], capabilities: ['producer'],
      logins: [{ username: 'jk.xinda', displayName: '鑫达汽修 店长' }] },
    { key: 'jk-garage4', name: '济宁经开区路安机动车维修站', regionCode: MAJI, industry: '机动车维修', at: [116.3044, 35.3817], capabilities: ['producer'],
      logins: [{ username: 'jk.luan', displayName: '路安维修站 店长' }] },
    // Medical institutions.
    { key: 'jk-hospital', name: '济宁经济技术开发区人民医院', regionCode: TUANLI, industry: '医院', at: [116.3838, 35.4077], capabilities: ['producer'],
      logins: [{ username: 'jk.hospital', displayName: '经开区人民医院 院感科' }] },
    clinic('jk-thc1', '济宁经开区疃里镇卫生院', TUANLI, '卫生院', [116.3795, 35.4132], 'jk.clinic1'),
    clinic('jk-thc2', '济宁经开区马集镇卫生院', MAJI, '卫生院', [116.2934, 35.3745], 'jk.clinic2'),
    ...JK_VILLAGE_CLINICS.map(([name, region, at], i) => clinic(`jk-clinic${i + 3}`, name, region, '医疗卫生（村卫生室）', at, `jk.clinic${i + 3}`)),
    // Operators, collectors, haulier, utilisers.
    { key: 'jk-operator', name: '济宁瑞丰环保科技有限公司', regionCode: MAJI, industry: '危险废物治理', at: [116.3125, 35.3651], capabilities: ['receiver', 'transporter'],
      logins: [{ username: 'jk.ruifeng', displayName: '瑞丰环保 接收调度' }],
      vehicles: [{ plate: '鲁H8Y206', vehicleType: '医疗废物专用转运车', loadT: 5, dgPermitNo: '鲁交运管许可济字370800005512号' }],
      drivers: [{ name: '田茂盛', phone: '13792365018', licenceNo: '370829198205170015', qualificationNo: 'WX3708002018077' }],
      licences: [{ number: '鲁危证37082900009', validFrom: '2022-11-01', validTo: '2027-10-31', annualCapacityT: 36_000,
        wasteCodes: ['900-249-08', '900-214-08', '900-402-06', '900-041-49', '900-039-49', '900-047-49', '900-252-12', '336-064-17', '900-052-31', '841-001-01', '841-002-01', '841-003-01'] }] },
    { key: 'jk-medcollector', name: '济宁经开区医疗废物收集有限公司', regionCode: TUANLI, industry: '医疗废物收集', at: [116.3702, 35.4054], capabilities: ['collector', 'transporter'],
      logins: [{ username: 'jk.yifei', displayName: '经开区医废收集 调度' }],
      vehicles: [{ plate: '鲁H5Y731', vehicleType: '医疗废物专用转运车', loadT: 3, dgPermitNo: '鲁交运管许可济字370800006104号' }],
      drivers: [{ name: '孔祥瑞', phone: '13583712264', licenceNo: '370829199003080038', qualificationNo: 'WX3708002021092' }],
      licences: [{ number: '鲁危收证37082900002', validFrom: '2024-02-01', validTo: '2029-01-31', annualCapacityT: 200, wasteCodes: ['841-001-01', '841-002-01', '841-003-01'] }] },
    { key: 'jk-oilcollector', name: '济宁经开区小微危废收集中心有限公司', regionCode: TUANLI, industry: '危险废物收集', at: [116.3661, 35.3968], capabilities: ['collector', 'transporter'],
      logins: [{ username: 'jk.xiaowei', displayName: '小微危废收集中心 调度' }],
      vehicles: [{ plate: '鲁H3D552', vehicleType: '厢式危险品运输车', loadT: 5, dgPermitNo: '鲁交运管许可济字370800006388号' }],
      drivers: [{ name: '颜廷波', phone: '13853738810', licenceNo: '370829198611240057', qualificationNo: 'WX3708002019140' }],
      licences: [{ number: '鲁危收证37082900005', validFrom: '2023-07-01', validTo: '2028-06-30', annualCapacityT: 1_500, wasteCodes: ['900-214-08', '900-249-08', '900-041-49'] }] },
    { key: 'jk-haulier', name: '济宁通安危险品运输有限公司', regionCode: TUANLI, industry: '道路危险货物运输', at: [116.3582, 35.4026], capabilities: ['transporter'],
      logins: [{ username: 'jk.driver', displayName: '袁师傅（通安危运驾驶员）', role: 'driver' }],
      vehicles: [
        { plate: '鲁H2D817', vehicleType: '厢式危险品运输车', loadT: 10, dgPermitNo: '鲁交运管许可济字370800002275号' },
        { plate: '鲁H2D853', vehicleType: '厢式危险品运输车', loadT: 18, dgPermitNo: '鲁交运管许可济字370800002275号' },
        { plate: '鲁H6G433', vehicleType: '罐式危险品运输车', loadT: 30, dgPermitNo: '鲁交运管许可济字370800002275号' },
        { plate: '鲁H7W091', vehicleType: '密闭自卸式污泥运输车', loadT: 20 }],
      drivers: [{ name: '袁庆海', phone: '13562710953', licenceNo: '370829198107300014', qualificationNo: 'WX3708002015022', login: 'jk.driver' }] },
    { key: 'jk-walls', name: '济宁经开区新型墙体材料有限公司', regionCode: MAJI, industry: '新型墙体材料', at: [116.3187, 35.3759], capabilities: ['receiver'],
      logins: [{ username: 'jk.qiangcai', displayName: '新型墙材 原料科' }] },
    { key: 'jk-cement', name: '济宁天元水泥粉磨有限公司', regionCode: TUANLI, industry: '水泥粉磨', at: [116.4106, 35.4212], capabilities: ['receiver'],
      logins: [{ username: 'jk.shuini', displayName: '天元水泥 原料科' }] },
    { key: 'jk-recycler', name: '济宁经开区再生资源回收有限公司', regionCode: TUANLI, industry: '再生资源回收', at: [116.3625, 35.3912], capabilities: ['recycler'],
      logins: [{ username: 'jk.huishou', displayName: '经开区再生资源 地磅房' }] },
    // 城镇污水污泥 (row 32) and construction waste (rows 10, 21).
    { key: 'jk-wwtp', name: '济宁经开区污水处理厂', regionCode: TUANLI, industry: '污水处理及其再生利用', at: [116.3537, 35.4109], capabilities: ['wastewater_plant'],
      logins: [{ username: 'jk.wushui', displayName: '经开区污水处理厂 污泥管理员' }] },
    { key: 'jk-builder', name: '济宁经开区城市建设开发有限公司', regionCode: TUANLI, industry: '房屋建筑', at: [116.3874, 35.4062], capabilities: ['construction_site'],
      logins: [{ username: 'jk.chengjian', displayName: '经开区城建 项目部' }] },
    { key: 'jk-cwplant', name: '济宁经开区建筑垃圾资源化利用有限公司', regionCode: MAJI, industry: '建筑垃圾资源化', at: [116.3248, 35.3688], capabilities: ['receiver', 'transporter'],
      logins: [{ username: 'jk.cw', displayName: '建筑垃圾资源化 调度' }],
      vehicles: [{ plate: '鲁H9C570', vehicleType: '重型自卸货车（渣土车）', loadT: 20 }, { plate: '鲁H9C586', vehicleType: '重型自卸货车（渣土车）', loadT: 20 }],
      drivers: [{ name: '魏长江', phone: '13581029947', licenceNo: '370829198510060071' }],
      sites: [
        { name: '济宁经开区建筑垃圾资源化利用厂', kind: 'recycling', at: [116.3248, 35.3688], capacityT: 300_000, openingFillT: 0, accepts: ['CW03', 'CW04', 'CW05'] },
        { name: '济宁经开区马集建筑垃圾消纳场', kind: 'consumption', at: [116.2795, 35.3581], capacityT: 150_000, openingFillT: 38_000, accepts: ['CW01', 'CW02', 'CW03'] }] },
  ],
};
