import type { Capability, Domain, Role } from '../../domain/enums';
import { AGRI_ACCOUNTS, AGRI_ENTERPRISES } from './agri-cast';
import { RECYCLING_ACCOUNTS, RECYCLING_ENTERPRISES } from './recycling-cast';

// The demo city: 临清市 (371581) under 聊城市 (371500), 山东省. Region codes are GB/T 2260 and the
// statistics bureau's town codes; this small sample lets the platform start without ../shared/data.
export const SAMPLE_REGIONS: { code: string; name: string }[] = [
  { code: '370000', name: '山东省' },
  { code: '371500', name: '聊城市' },
  { code: '371502', name: '东昌府区' }, { code: '371503', name: '茌平区' }, { code: '371521', name: '阳谷县' }, { code: '371522', name: '莘县' },
  { code: '371524', name: '东阿县' }, { code: '371525', name: '冠县' }, { code: '371526', name: '高唐县' }, { code: '371581', name: '临清市' },
  { code: '371581001', name: '青年路街道' }, { code: '371581002', name: '新华路街道' }, { code: '371581003', name: '先锋路街道' }, { code: '371581004', name: '大辛庄街道' },
  { code: '371581101', name: '松林镇' }, { code: '371581102', name: '老赵庄镇' }, { code: '371581103', name: '康庄镇' }, { code: '371581104', name: '魏湾镇' },
  { code: '371581105', name: '刘垓子镇' }, { code: '371581107', name: '八岔路镇' }, { code: '371581108', name: '潘庄镇' }, { code: '371581109', name: '烟店镇' },
  { code: '371581110', name: '唐园镇' }, { code: '371581111', name: '金郝庄镇' }, { code: '371581112', name: '戴湾镇' }, { code: '371581113', name: '尚店镇' },
  { code: '371525001', name: '清泉街道' }, { code: '371525002', name: '崇文街道' },
  // Where the demo's other two plans belong: 天桥区 (seed 002) and 济宁经济开发区 (seed 001), whose towns lie in 嘉祥县.
  { code: '370100', name: '济南市' }, { code: '370105', name: '天桥区' },
  // 天桥区's streets where the household-waste demo has communities and villages (demo/household-districts.ts).
  { code: '370105001', name: '无影山街道' }, { code: '370105006', name: '堤口路街道' }, { code: '370105013', name: '药山街道' }, { code: '370105014', name: '北园街道' },
  { code: '370105015', name: '泺口街道' }, { code: '370105016', name: '桑梓店街道' }, { code: '370105017', name: '大桥街道' },
  { code: '370800', name: '济宁市' }, { code: '370829', name: '嘉祥县' }, { code: '370829104', name: '疃里镇' }, { code: '370829108', name: '马集镇' },
];

/** 临清's sixteen towns and streets (镇街), as the agricultural stations and the town records see them. */
export const LINQING_TOWNS = SAMPLE_REGIONS.filter((r) => r.code.startsWith('371581') && r.code.length === 9);


export interface DemoDepartment { key: string; name: string; regionCode: string; domain: Domain }

// Named as in seed 000's responsibility lists (牵头单位/责任单位).
export const DEPARTMENTS: DemoDepartment[] = [
  { key: 'platform', name: '聊城市无废城市信息化平台运维中心', regionCode: '371500', domain: 'general' },
  { key: 'office', name: '临清市无废城市建设工作领导小组办公室', regionCode: '371581', domain: 'general' },
  { key: 'ecology', name: '聊城市生态环境局临清市分局', regionCode: '371581', domain: 'ecology' },
  { key: 'urban', name: '临清市综合行政执法局', regionCode: '371581', domain: 'urban' },
  { key: 'agriculture', name: '临清市农业农村局', regionCode: '371581', domain: 'agriculture' },
  { key: 'housing', name: '临清市住房城乡建设局', regionCode: '371581', domain: 'housing' },
  { key: 'commerce', name: '临清市商务投资促进局', regionCode: '371581', domain: 'commerce' },
  { key: 'transport', name: '临清市交通运输局', regionCode: '371581', domain: 'transport' },
  { key: 'health', name: '临清市卫生健康局', regionCode: '371581', domain: 'health' },
  { key: 'ecology-guanxian', name: '聊城市生态环境局冠县分局', regionCode: '371525', domain: 'ecology' },
  { key: 'office-tianqiao', name: '天桥区无废城市建设工作领导小组办公室', regionCode: '370105', domain: 'general' },
  { key: 'office-jnkfq', name: '济宁经济开发区无废城市建设工作领导小组办公室', regionCode: '370829', domain: 'general' },
  // Each of 临清's sixteen towns and streets has an agricultural station (农业综合服务中心) under the
  // bureau, seeing and filing its own town's straw, farms, film and pesticide packaging.
  ...LINQING_TOWNS.map((t): DemoDepartment => ({ key: `agri-${t.code}`, name: `临清市${t.name}农业综合服务中心`, regionCode: t.code, domain: 'agriculture' })),
];

// Where each company stands: in or beside its town (临清's centre lies at about 115.70°E, 36.84°N;
// the towns spread some 15 km around it), as [longitude, latitude], so that the map of loads and
// sites reads like the county and not like a grid.
export interface DemoEnterprise { key: string; name: string; regionCode: string; capabilities: Capability[]; industry: string; status?: 'pending' | 'verified'; at: [number, number] }

/**
 * 临清's other medical institutions: the hospitals, the township health centres (卫生院) and the
 * community health centres and clinics that produce medical waste, each a stop of one of the
 * collector's two weekly rounds (东线 Monday, 西线 Thursday; the Wednesday round of the three clinics
 * above is older). Each has a login (yy.<key>) that signs its hand-overs. Two institutions the
 * statistics bureau counts are not on the platform yet, so coverage stays under 100 %.
 */
export interface MedicalInstitution { key: string; name: string; regionCode: string; industry: string; at: [number, number]; weeklyT: number }

export const MEDICAL_INSTITUTIONS: MedicalInstitution[] = [
  { key: 'tcm', name: '临清市中医院', regionCode: '371581002', industry: '医院', at: [115.7168, 36.8352], weeklyT: 0.38 },
  { key: 'mch', name: '临清市妇幼保健院', regionCode: '371581001', industry: '妇幼保健院', at: [115.7036, 36.8468], weeklyT: 0.16 },
  { key: 'second', name: '临清市第二人民医院', regionCode: '371581109', industry: '医院', at: [115.6089, 36.7689], weeklyT: 0.21 },
  { key: 'third', name: '临清市第三人民医院', regionCode: '371581104', industry: '医院', at: [115.9503, 36.8108], weeklyT: 0.14 },
  { key: 'mental', name: '临清市精神卫生中心', regionCode: '371581004', industry: '医院', at: [115.7581, 36.8391], weeklyT: 0.05 },
  { key: 'cdc', name: '临清市疾病预防控制中心', regionCode: '371581003', industry: '疾控', at: [115.7059, 36.8517], weeklyT: 0.04 },
  { key: 'huakang', name: '临清华康医院', regionCode: '371581003', industry: '医院（民营）', at: [115.703, 36.8553], weeklyT: 0.09 },
  { key: 'renhe', name: '临清仁和医院', regionCode: '371581004', industry: '医院（民营）', at: [115.7493, 36.8265], weeklyT: 0.07 },
  { key: 'laozhao', name: '临清市老赵庄镇卫生院', regionCode: '371581102', industry: '卫生院', at: [115.7452, 36.8781], weeklyT: 0.042 },
  { key: 'weiwan', name: '临清市魏湾镇中心卫生院', regionCode: '371581104', industry: '卫生院', at: [115.9598, 36.8003], weeklyT: 0.058 },
  { key: 'liugaizi', name: '临清市刘垓子镇卫生院', regionCode: '371581105', industry: '卫生院', at: [115.8551, 36.8348], weeklyT: 0.036 },
  { key: 'bachalu', name: '临清市八岔路镇卫生院', regionCode: '371581107', industry: '卫生院', at: [115.5402, 36.7303], weeklyT: 0.039 },
  { key: 'panzhuang', name: '临清市潘庄镇卫生院', regionCode: '371581108', industry: '卫生院', at: [115.8052, 36.9021], weeklyT: 0.037 },
  { key: 'yandian', name: '临清市烟店镇中心卫生院', regionCode: '371581109', industry: '卫生院', at: [115.6064, 36.7745], weeklyT: 0.061 },
  { key: 'tangyuan', name: '临清市唐园镇卫生院', regionCode: '371581110', industry: '卫生院', at: [115.6702, 36.7898], weeklyT: 0.033 },
  { key: 'jinhao', name: '临清市金郝庄镇卫生院', regionCode: '371581111', industry: '卫生院', at: [115.6748, 36.7146], weeklyT: 0.035 },
  { key: 'daiwan', name: '临清市戴湾镇卫生院', regionCode: '371581112', industry: '卫生院', at: [115.7887, 36.7361], weeklyT: 0.034 },
  { key: 'shangdian', name: '临清市尚店镇卫生院', regionCode: '371581113', industry: '卫生院', at: [115.6433, 36.7031], weeklyT: 0.031 },
  { key: 'xinhua', name: '临清市新华路街道社区卫生服务中心', regionCode: '371581002', industry: '社区卫生服务中心', at: [115.7231, 36.8318], weeklyT: 0.026 },
  { key: 'xianfeng', name: '临清市先锋路街道社区卫生服务中心', regionCode: '371581003', industry: '社区卫生服务中心', at: [115.7105, 36.8562], weeklyT: 0.024 },
  { key: 'daxinzhuang', name: '临清市大辛庄街道社区卫生服务中心', regionCode: '371581004', industry: '社区卫生服务中心', at: [115.7558, 36.8374], weeklyT: 0.022 },
  { key: 'kangzhuang2', name: '临清市康庄镇尖冢分院', regionCode: '371581103', industry: '卫生院', at: [115.9149, 36.8927], weeklyT: 0.015 },
  { key: 'songlin2', name: '临清市松林镇前杨分院', regionCode: '371581101', industry: '卫生院', at: [115.7801, 36.7712], weeklyT: 0.014 },
  { key: 'weiwan2', name: '临清市魏湾镇刘堤口分院', regionCode: '371581104', industry: '卫生院', at: [115.9763, 36.8214], weeklyT: 0.013 },
  { key: 'dental1', name: '临清市博爱口腔门诊部', regionCode: '371581001', industry: '门诊部', at: [115.7081, 36.8432], weeklyT: 0.006 },
  { key: 'dental2', name: '临清市青年路雅洁口腔诊所', regionCode: '371581001', industry: '诊所', at: [115.7112, 36.8471], weeklyT: 0.004 },
  { key: 'clinicxh', name: '临清市新华路康宁综合门诊部', regionCode: '371581002', industry: '门诊部', at: [115.7193, 36.8287], weeklyT: 0.009 },
  { key: 'clinicxf', name: '临清市先锋路仁济诊所', regionCode: '371581003', industry: '诊所', at: [115.7076, 36.8595], weeklyT: 0.005 },
  { key: 'clinicdx', name: '临清市大辛庄同心中医诊所', regionCode: '371581004', industry: '诊所', at: [115.7519, 36.8331], weeklyT: 0.003 },
  { key: 'dialysis', name: '临清市康泰血液透析中心', regionCode: '371581002', industry: '医疗机构（血液透析）', at: [115.7246, 36.8361], weeklyT: 0.048 },
  { key: 'checkup', name: '临清市民生健康体检中心', regionCode: '371581003', industry: '门诊部', at: [115.7068, 36.8527], weeklyT: 0.011 },
  { key: 'clinicyd', name: '临清市烟店镇轴承市场诊所', regionCode: '371581109', industry: '诊所', at: [115.6152, 36.7661], weeklyT: 0.004 },
  { key: 'clinicww', name: '临清市魏湾镇惠民诊所', regionCode: '371581104', industry: '诊所', at: [115.954, 36.8046], weeklyT: 0.004 },
  { key: 'clinicpz', name: '临清市潘庄镇民康诊所', regionCode: '371581108', industry: '诊所', at: [115.8026, 36.8982], weeklyT: 0.003 },
  { key: 'clinicdw', name: '临清市戴湾镇益民门诊部', regionCode: '371581112', industry: '门诊部', at: [115.7948, 36.7302], weeklyT: 0.005 },
];

export const ENTERPRISES: DemoEnterprise[] = [
  { key: 'producer', name: '临清市恒通轴承制造有限公司', regionCode: '371581101', capabilities: ['producer'], industry: '轴承制造', at: [115.7712, 36.7868] },
  { key: 'transporter', name: '聊城市安运危险货物运输有限公司', regionCode: '371581004', capabilities: ['transporter'], industry: '道路危险货物运输', at: [115.7536, 36.8352] },
  { key: 'receiver', name: '临清市绿源环保科技有限公司', regionCode: '371581110', capabilities: ['receiver'], industry: '危险废物治理', at: [115.6665, 36.7866] },
  { key: 'bearing2', name: '临清市鲁信精密轴承有限公司', regionCode: '371581109', capabilities: ['producer'], industry: '轴承制造', at: [115.6023, 36.7712] },
  { key: 'bearing3', name: '山东临清宏达轴承股份有限公司', regionCode: '371581109', capabilities: ['producer'], industry: '轴承制造', at: [115.6217, 36.7534] },
  { key: 'textile', name: '临清市三和纺织集团有限公司', regionCode: '371581002', capabilities: ['producer'], industry: '纺织', at: [115.7205, 36.8301] },
  { key: 'paper', name: '临清市泉林纸业有限公司', regionCode: '371581104', capabilities: ['producer'], industry: '造纸', at: [115.9567, 36.8066] },
  { key: 'power', name: '华能临清热电有限公司', regionCode: '371581003', capabilities: ['producer'], industry: '电力', at: [115.7086, 36.858] },
  { key: 'chem', name: '临清市金泰化工有限公司', regionCode: '371581111', capabilities: ['producer'], industry: '化工', at: [115.6712, 36.7118] },
  { key: 'garage', name: '临清市顺达汽车维修服务有限公司', regionCode: '371581001', capabilities: ['producer'], industry: '汽车维修', at: [115.7093, 36.8487] },
  { key: 'hospital', name: '临清市人民医院', regionCode: '371581001', capabilities: ['producer'], industry: '医疗卫生', at: [115.7021, 36.8405] },
  { key: 'clinic', name: '临清市康庄镇卫生院', regionCode: '371581103', capabilities: ['producer'], industry: '医疗卫生', at: [115.9003, 36.8752] },
  { key: 'lab', name: '临清市检验检测中心有限公司', regionCode: '371581002', capabilities: ['producer'], industry: '检验检测', at: [115.7184, 36.8389] },
  { key: 'transport2', name: '临清市通达物流运输有限公司', regionCode: '371581107', capabilities: ['transporter'], industry: '道路货物运输', at: [115.5358, 36.7276] },
  { key: 'medwaste', name: '聊城市医疗废物集中处置中心（临清）有限公司', regionCode: '371581112', capabilities: ['receiver', 'transporter'], industry: '医疗废物处置', at: [115.7922, 36.7332] },
  { key: 'recycler', name: '临清市再生资源回收利用有限公司', regionCode: '371581004', capabilities: ['recycler', 'collection_station', 'transporter'], industry: '再生资源回收', at: [115.7487, 36.8218] },
  { key: 'sorting', name: '临清市城市矿产分拣中心有限公司', regionCode: '371581108', capabilities: ['recycler', 'sorting_centre'], industry: '再生资源分拣', at: [115.8091, 36.9056] },
  { key: 'construction', name: '临清市城建工程建设有限公司', regionCode: '371581003', capabilities: ['construction_site'], industry: '房屋建筑', at: [115.6883, 36.8452] },
  { key: 'cwrecycle', name: '临清市建筑垃圾资源化利用有限公司', regionCode: '371581105', capabilities: ['receiver'], industry: '建筑垃圾资源化', at: [115.7350, 36.8150] },
  { key: 'muck', name: '临清市渣土运输有限公司', regionCode: '371581102', capabilities: ['transporter'], industry: '渣土运输', at: [115.6447, 36.8811] },
  { key: 'farm', name: '临清市康庄生态养殖专业合作社', regionCode: '371581103', capabilities: ['farm'], industry: '畜禽养殖', at: [115.9045, 36.8843] },
  { key: 'ashuse', name: '临清市建材新型墙材有限公司', regionCode: '371581113', capabilities: ['receiver'], industry: '建材', at: [115.64, 36.7] },
  { key: 'foundry', name: '临清市金鼎铸造有限公司', regionCode: '371581112', capabilities: ['producer'], industry: '铸造', at: [115.781, 36.742] },
  { key: 'pending1', name: '临清市华宇机械配件有限公司', regionCode: '371581105', capabilities: ['producer'], industry: '机械制造', status: 'pending', at: [115.8633, 36.8352] },
  { key: 'pending2', name: '临清市利民废旧物资回收有限公司', regionCode: '371581107', capabilities: ['recycler'], industry: '再生资源回收', status: 'pending', at: [115.5461, 36.7151] },
  { key: 'pending3', name: '临清市鑫源运输有限公司', regionCode: '371581102', capabilities: ['transporter'], industry: '道路货物运输', status: 'pending', at: [115.7402, 36.8818] },
  { key: 'guanxian1', name: '冠县冠华板材有限公司', regionCode: '371525001', capabilities: ['producer'], industry: '金属板材', at: [115.4418, 36.4842] },
  { key: 'guanxian2', name: '冠县清泉汽车修理厂', regionCode: '371525002', capabilities: ['producer'], industry: '汽车维修', status: 'pending', at: [115.4583, 36.4701] },
  // 公交式收运 of medical waste: a licensed collector and the small clinics on its round.
  { key: 'medcollector', name: '临清市医疗废物收集转运有限公司', regionCode: '371581004', capabilities: ['collector', 'transporter'], industry: '医疗废物收集', at: [115.7518, 36.8297] },
  { key: 'clinic2', name: '临清市松林镇卫生院', regionCode: '371581101', capabilities: ['producer'], industry: '医疗卫生', at: [115.7893, 36.7779] },
  { key: 'clinic3', name: '临清市青年路街道社区卫生服务中心', regionCode: '371581001', capabilities: ['producer'], industry: '医疗卫生', at: [115.7062, 36.8446] },
  // 天桥区 (济南): a builder and the district's construction-waste plant, so that 天桥区's indicator
  // table has truckloads behind its construction-waste rows.
  { key: 'tq-builder', name: '济南天桥城市建设发展有限公司', regionCode: '370105', capabilities: ['construction_site'], industry: '房屋建筑', at: [116.99, 36.70] },
  { key: 'tq-cwplant', name: '济南天桥建筑垃圾资源化利用有限公司', regionCode: '370105', capabilities: ['receiver', 'transporter'], industry: '建筑垃圾资源化', at: [116.96, 36.74] },
  // 城镇污水污泥 (indicator 31): the city's wastewater treatment plant, and the waste-to-energy plant
  // that co-fires its sludge and runs the landfill beside it. 新型墙材 (above) takes sludge for fired
  // bricks; 通达物流 (above) hauls it. Appended, so the other demo companies keep their credit codes.
  { key: 'wwtp', name: '临清市城市污水处理厂', regionCode: '371581004', capabilities: ['wastewater_plant'], industry: '污水处理及其再生利用', at: [115.742, 36.826] },
  { key: 'wte', name: '临清市绿能环保能源有限公司', regionCode: '371581107', capabilities: ['receiver'], industry: '生活垃圾焚烧发电', at: [115.565, 36.7493] },
  // The cement works that takes the power plant's fly ash and gypsum (混合材、缓凝剂), beside the brick works.
  { key: 'cement', name: '临清市鲁西水泥有限公司', regionCode: '371581104', capabilities: ['receiver'], industry: '水泥制造', at: [115.972, 36.79] },
  // 烟店轴承产业园's shared surface-treatment centre (集中表面处理中心): the park's phosphating and
  // pickling lines, whose dewatered sludge (HW17) is most of what 临清 sends to landfill.
  { key: 'plating', name: '临清市烟店轴承产业园表面处理中心有限公司', regionCode: '371581109', capabilities: ['producer'], industry: '金属表面处理及热处理加工', at: [115.6178, 36.7648] },
  ...MEDICAL_INSTITUTIONS.map((m): DemoEnterprise => ({ key: m.key, name: m.name, regionCode: m.regionCode, capabilities: ['producer'], industry: m.industry, at: m.at })),
  // Farms, farm-input dealers, the towns' collection stations and the agricultural receivers (demo/agri-cast.ts).
  ...AGRI_ENTERPRISES,
  ...RECYCLING_ENTERPRISES,
];

export interface DemoAccount { username: string; displayName: string; role: Role; organisation: string }

// The accounts the README lists; all share WUFEI_DEMO_PASSWORD.
export const ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '平台管理员', role: 'platform_admin', organisation: 'platform' },
  { username: 'office.linqing', displayName: '王晓燕（临清无废办）', role: 'office', organisation: 'office' },
  { username: 'eco.linqing', displayName: '李建国（生态环境分局）', role: 'regulator', organisation: 'ecology' },
  { username: 'urban.linqing', displayName: '赵明（综合行政执法局）', role: 'regulator', organisation: 'urban' },
  { username: 'eco.guanxian', displayName: '孙立（冠县分局）', role: 'regulator', organisation: 'ecology-guanxian' },
  { username: 'producer.demo', displayName: '张伟（恒通轴承环保专员）', role: 'enterprise_admin', organisation: 'producer' },
  { username: 'transporter.demo', displayName: '刘强（安运调度）', role: 'enterprise_admin', organisation: 'transporter' },
  { username: 'driver.demo', displayName: '陈师傅（驾驶员）', role: 'driver', organisation: 'transporter' },
  { username: 'receiver.demo', displayName: '周静（绿源环保）', role: 'enterprise_admin', organisation: 'receiver' },
  { username: 'office.tianqiao', displayName: '天桥区无废办', role: 'office', organisation: 'office-tianqiao' },
  { username: 'office.jnkfq', displayName: '济宁经开区无废办', role: 'office', organisation: 'office-jnkfq' },
  { username: 'health.linqing', displayName: '吴敏（卫生健康局）', role: 'regulator', organisation: 'health' },
  { username: 'collector.demo', displayName: '郑涛（医废收集调度）', role: 'enterprise_admin', organisation: 'medcollector' },
  { username: 'driver.med', displayName: '高师傅（医废转运车）', role: 'driver', organisation: 'medcollector' },
  { username: 'clinic.kangzhuang', displayName: '康庄镇卫生院 院感科', role: 'enterprise_admin', organisation: 'clinic' },
  { username: 'clinic.songlin', displayName: '松林镇卫生院 院感科', role: 'enterprise_admin', organisation: 'clinic2' },
  { username: 'medwaste.demo', displayName: '许红（医废处置中心）', role: 'enterprise_admin', organisation: 'medwaste' },
  { username: 'housing.linqing', displayName: '孙伟（住房城乡建设局）', role: 'regulator', organisation: 'housing' },
  { username: 'site.demo', displayName: '刘洋（城建工程 项目部）', role: 'enterprise_admin', organisation: 'construction' },
  { username: 'muck.demo', displayName: '钱进（渣土运输调度）', role: 'enterprise_admin', organisation: 'muck' },
  { username: 'driver.muck', displayName: '何师傅（渣土车）', role: 'driver', organisation: 'muck' },
  { username: 'cwsite.demo', displayName: '韩雪（资源化利用厂地磅）', role: 'enterprise_admin', organisation: 'cwrecycle' },
  { username: 'clinic.qingnian', displayName: '青年路社区卫生服务中心', role: 'enterprise_admin', organisation: 'clinic3' },
  { username: 'power.demo', displayName: '马丽（华能热电 环保专员）', role: 'enterprise_admin', organisation: 'power' },
  { username: 'ashuse.demo', displayName: '袁军（新型墙材 原料科）', role: 'enterprise_admin', organisation: 'ashuse' },
  { username: 'site.tianqiao', displayName: '崔磊（天桥城建 项目部）', role: 'enterprise_admin', organisation: 'tq-builder' },
  { username: 'cw.tianqiao', displayName: '姜波（天桥资源化利用 调度）', role: 'enterprise_admin', organisation: 'tq-cwplant' },
  { username: 'wwtp.demo', displayName: '冯海燕（污水处理厂 污泥管理员）', role: 'enterprise_admin', organisation: 'wwtp' },
  { username: 'wte.demo', displayName: '杜刚（绿能环保 地磅房）', role: 'enterprise_admin', organisation: 'wte' },
  { username: 'driver.sludge', displayName: '孙师傅（污泥运输车）', role: 'driver', organisation: 'transport2' },
  // The demo year's other producers keep their own ledgers (demo/year.ts).
  { username: 'luxin.demo', displayName: '鲁信精密轴承 环保专员', role: 'enterprise_admin', organisation: 'bearing2' },
  { username: 'hongda.demo', displayName: '宏达轴承 环保专员', role: 'enterprise_admin', organisation: 'bearing3' },
  { username: 'jintai.demo', displayName: '金泰化工 环保专员', role: 'enterprise_admin', organisation: 'chem' },
  { username: 'shunda.demo', displayName: '顺达汽修 环保专员', role: 'enterprise_admin', organisation: 'garage' },
  { username: 'quanlin.demo', displayName: '泉林纸业 环保专员', role: 'enterprise_admin', organisation: 'paper' },
  { username: 'hospital.demo', displayName: '临清市人民医院 院感科', role: 'enterprise_admin', organisation: 'hospital' },
  { username: 'lab.demo', displayName: '检验检测中心 安全员', role: 'enterprise_admin', organisation: 'lab' },
  { username: 'foundry.demo', displayName: '金鼎铸造 环保专员', role: 'enterprise_admin', organisation: 'foundry' },
  { username: 'textile.demo', displayName: '三和纺织 环保专员', role: 'enterprise_admin', organisation: 'textile' },
  { username: 'cement.demo', displayName: '鲁西水泥 原料科', role: 'enterprise_admin', organisation: 'cement' },
  { username: 'sorting.demo', displayName: '城市矿产分拣中心 地磅房', role: 'enterprise_admin', organisation: 'sorting' },
  { username: 'recycler.demo', displayName: '王磊（再生资源回收利用 调度中心）', role: 'enterprise_admin', organisation: 'recycler' },
  // The departments that report what the platform cannot compute yet (demo/reports.ts).
  { username: 'agri.linqing', displayName: '陈立新（农业农村局）', role: 'regulator', organisation: 'agriculture' },
  // A town's agricultural station: files 松林镇's straw seasons and sees its farms, film and packaging.
  { username: 'agri.songlin', displayName: '刘洋（松林镇农服中心）', role: 'regulator', organisation: 'agri-371581101' },
  { username: 'commerce.linqing', displayName: '周文（商务投资促进局）', role: 'regulator', organisation: 'commerce' },
  { username: 'plating.demo', displayName: '产业园表面处理中心 危废管理员', role: 'enterprise_admin', organisation: 'plating' },
  ...MEDICAL_INSTITUTIONS.map((m): DemoAccount => ({ username: `yy.${m.key}`, displayName: `${m.name.replace(/^临清市?/, '')} 医废管理员`, role: 'enterprise_admin', organisation: m.key })),
  ...AGRI_ACCOUNTS,
  ...RECYCLING_ACCOUNTS,
];
