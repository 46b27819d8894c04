// The platform's vocabularies, each value with its Chinese and English label. Shared by the
// server (validation, Excel export) and the browser (selects, tags).
export interface Labelled<T extends string = string> { value: T; zh: string; en: string }

function vocabulary<const T extends string>(entries: readonly Labelled<T>[]) {
  const values = entries.map((e) => e.value) as [T, ...T[]];
  const label = (value: string, lang: 'zh' | 'en' = 'zh') => entries.find((e) => e.value === value)?.[lang] ?? value;
  return { entries, values, label };
}

export const ROLES = vocabulary([
  { value: 'platform_admin', zh: '平台管理员', en: 'Platform administrator' },
  { value: 'office', zh: '无废城市建设办公室', en: 'Zero-waste office' },
  { value: 'regulator', zh: '行业监管部门', en: 'Department regulator' },
  { value: 'enterprise_admin', zh: '企业管理员', en: 'Enterprise administrator' },
  { value: 'enterprise_member', zh: '企业经办人', en: 'Enterprise member' },
  { value: 'driver', zh: '驾驶员', en: 'Driver' },
  { value: 'resident', zh: '居民', en: 'Resident' },
] as const);
export type Role = (typeof ROLES.values)[number];
export const GOVERNMENT_ROLES: Role[] = ['platform_admin', 'office', 'regulator'];
export const ENTERPRISE_ROLES: Role[] = ['enterprise_admin', 'enterprise_member', 'driver'];

export const CAPABILITIES = vocabulary([
  { value: 'producer', zh: '产废单位', en: 'Waste producer' },
  { value: 'transporter', zh: '运输单位', en: 'Transporter' },
  { value: 'receiver', zh: '利用处置单位（持证经营）', en: 'Receiver / licensed operator' },
  { value: 'recycler', zh: '再生资源回收单位', en: 'Recycler' },
  { value: 'construction_site', zh: '建筑工地', en: 'Construction site' },
  { value: 'farm', zh: '养殖场/农场', en: 'Farm' },
  { value: 'collection_station', zh: '收集站点', en: 'Collection station' },
  // 危险废物收集经营许可证: runs rounds among small producers and keeps their waste in its own store.
  { value: 'collector', zh: '收集单位（集中收集贮存）', en: 'Licensed collector' },
  // 城镇污水处理厂: produces sewage sludge (城镇污水污泥).
  { value: 'wastewater_plant', zh: '污水处理厂', en: 'Wastewater treatment plant' },
  // 餐厨垃圾产生单位: restaurants, canteens, schools, hotels (餐饮服务单位、单位食堂).
  { value: 'catering', zh: '餐饮服务/单位食堂', en: 'Restaurant or canteen' },
  // 城市生活垃圾经营性收集、运输服务许可 for kitchen waste: collects from the restaurants it has contracts with.
  { value: 'kitchen_collector', zh: '餐厨废弃物收运单位', en: 'Kitchen-waste collector' },
  // Takes used cooking oil (废弃食用油脂) for refining into biodiesel or industrial oils.
  { value: 'grease_recycler', zh: '废弃油脂资源化利用单位', en: 'Used cooking oil recycler' },
  // 农资经营门店: sells pesticides, fertilisers and farm film, keeps the sales books and takes back
  // pesticide packaging (谁销售谁回收, 农药包装废弃物回收处理管理办法).
  { value: 'agri_dealer', zh: '农资经营单位（农药、化肥、农膜）', en: 'Farm-input dealer (pesticides, fertilisers, film)' },
  // 秸秆收储利用主体: feed companies with their own silage pits, co-operatives, biomass plants.
  { value: 'straw_user', zh: '秸秆收储利用主体', en: 'Straw collector or user' },
  // 有机肥厂: takes livestock manure on a hand-over manifest and makes organic fertiliser.
  { value: 'fertiliser_plant', zh: '有机肥生产企业', en: 'Organic-fertiliser plant' },
  // 病死畜禽无害化处理厂: collects dead livestock with its dedicated vehicles and treats it (化制, 焚烧 …).
  { value: 'carcass_plant', zh: '病死畜禽无害化处理单位', en: 'Dead-livestock treatment plant' },
  // 再生资源回收网点 (seed 004 三(二)): buys recyclables from residents, collectors and companies and keeps the electronic ledger.
  { value: 'recycling_station', zh: '再生资源回收网点', en: 'Recycling station' },
  // 再生资源分拣中心: one per county (seed 004 三(三)); takes the stations' loads, sorts and sells on to utilisers.
  { value: 'sorting_centre', zh: '再生资源分拣中心', en: 'Recyclables sorting centre' },
  // 废弃电器电子产品处理企业: holds the 处理资格证书 and dismantles the appliances of the 处理目录.
  { value: 'ewaste_dismantler', zh: '废弃电器电子产品处理企业', en: 'Licensed e-waste dismantler' },
  // 商场、超市: applies to be named a 无废商场 (seed 004 三(六)).
  { value: 'mall', zh: '商场、超市', en: 'Shopping mall or supermarket' },
] as const);
export type Capability = (typeof CAPABILITIES.values)[number];

// The regulating domains of seed 000's responsibility lists.
export const DOMAINS = vocabulary([
  { value: 'ecology', zh: '生态环境', en: 'Ecology and environment' },
  { value: 'agriculture', zh: '农业农村', en: 'Agriculture and rural affairs' },
  { value: 'urban', zh: '城市管理/环卫', en: 'Urban management and sanitation' },
  { value: 'housing', zh: '住房城乡建设', en: 'Housing and construction' },
  { value: 'commerce', zh: '商务', en: 'Commerce' },
  { value: 'transport', zh: '交通运输', en: 'Transport' },
  { value: 'health', zh: '卫生健康', en: 'Health' },
  { value: 'statistics', zh: '统计', en: 'Statistics' },
  { value: 'general', zh: '综合', en: 'General' },
] as const);
export type Domain = (typeof DOMAINS.values)[number];

export const ORG_KINDS = vocabulary([
  { value: 'enterprise', zh: '企业', en: 'Enterprise' },
  { value: 'government', zh: '政府部门', en: 'Government department' },
] as const);
export type OrgKind = (typeof ORG_KINDS.values)[number];

export const ORG_STATUSES = vocabulary([
  { value: 'pending', zh: '待审核', en: 'Pending' },
  { value: 'verified', zh: '已审核', en: 'Verified' },
  { value: 'rejected', zh: '已驳回', en: 'Rejected' },
] as const);
export type OrgStatus = (typeof ORG_STATUSES.values)[number];

export const USER_STATUSES = vocabulary([
  { value: 'active', zh: '正常', en: 'Active' },
  { value: 'disabled', zh: '已停用', en: 'Disabled' },
] as const);

// What a machine token may do; routes for telemetry and manifests name the scope they need.
export const TOKEN_SCOPES = vocabulary([
  { value: 'telemetry:write', zh: '上传车辆定位数据', en: 'Upload GPS positions' },
  { value: 'manifests:read', zh: '读取联单（及其台账、预警和轨迹）', en: 'Read manifests (with their ledger, alarms and tracks)' },
  { value: 'manifests:write', zh: '创建和签署联单', en: 'Create and sign manifests' },
  { value: 'ledger:write', zh: '写入台账（含读取台账）', en: 'Write ledger movements (reads the ledger too)' },
  // Read scopes of their own (issue 19): a token reads only the areas its scopes name; a write scope
  // of an area reads that area too, telemetry:write (a GPS box) reads nothing.
  { value: 'ledger:read', zh: '读取台账（库存、批次、出入库记录）', en: 'Read the ledger (store, batches, movements)' },
  { value: 'alarms:read', zh: '读取预警及其实时推送', en: 'Read alarms and their live stream' },
  { value: 'telemetry:read', zh: '读取联单的车辆轨迹', en: 'Read the vehicle tracks of manifests' },
  { value: 'catalogues:read', zh: '读取废物名录', en: 'Read the waste catalogues' },
  { value: 'weighbridge:write', zh: '上传地磅磅单（生活垃圾）', en: 'Post weighbridge tickets (household waste)' },
  { value: 'green:write', zh: '智能回收箱上传居民投放记录（绿色账户）', en: 'Post residents’ deliveries from a smart bin (green accounts)' },
  { value: 'organisation:read', zh: '读取本单位信息', en: 'Read own organisation' },
  // 信访投诉举报 (issue 18): an Open311 app submits citizens' reports.
  { value: 'complaints:write', zh: '通过 Open311 接口提交投诉举报', en: 'Submit reports through Open311' },
] as const);
export type TokenScope = (typeof TOKEN_SCOPES.values)[number];

export const CATALOGUES = vocabulary([
  { value: 'hazardous', zh: '国家危险废物名录', en: 'National hazardous-waste list' },
  { value: 'industrial', zh: '一般工业固体废物分类', en: 'General industrial solid-waste classes' },
  { value: 'household', zh: '生活垃圾分类（GB/T 19095）', en: 'Household waste classes (GB/T 19095)' },
  { value: 'construction', zh: '建筑垃圾分类', en: 'Construction-waste classes' },
  { value: 'sludge', zh: '城镇污水污泥', en: 'Sewage-sludge classes' },
  { value: 'kitchen', zh: '餐厨废弃物', en: 'Kitchen-waste classes' },
  { value: 'agricultural', zh: '农业固体废物', en: 'Agricultural solid waste' },
  { value: 'renewable', zh: '再生资源品类', en: 'Renewable-resource categories' },
] as const);
export type CatalogueKind = (typeof CATALOGUES.values)[number];

// 危险特性: toxicity, corrosivity, ignitability, reactivity, infectivity.
export const HAZARD_CHARACTERISTICS = vocabulary([
  { value: 'T', zh: '毒性', en: 'Toxic' },
  { value: 'C', zh: '腐蚀性', en: 'Corrosive' },
  { value: 'I', zh: '易燃性', en: 'Ignitable' },
  { value: 'R', zh: '反应性', en: 'Reactive' },
  { value: 'In', zh: '感染性', en: 'Infectious' },
] as const);
