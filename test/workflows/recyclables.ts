import { atLeast, type Vars, type Workflow } from './workflow';

const sign = (v: Vars) => `/api/manifests/${v.manifestId}/sign`;

/** 再生资源: a station's day at the counter, its load to the county's sorting centre, the centre's ledger, the monthly declaration. */
export const recyclablesWorkflow: Workflow = {
  stream: 'recyclables',
  title: { zh: '再生资源：回收网点登记台账，转运分拣中心，月度申报', en: 'Recyclables: a station’s electronic ledger, its load to the sorting centre, the monthly declaration' },
  intro: {
    zh: '临清市再生资源回收利用有限公司运河花园回收网点的收购员在电子统计台账中登记居民交售的废纸和流动回收人员交售的废钢铁（按《再生资源回收管理办法》第十条登记出售人姓名、住址和身份证号码），每笔回收成为网点库存批次。网点开具转运联单，由公司车辆运往临清市城市矿产分拣中心；分拣中心过磅接收后，接收量记入分拣中心的台账和库存，供其转售造纸、钢铁企业。网点按月申报各品类回收量（由台账预填），当月未结束不能申报；商务局查看未申报的网点。`<lastMonth>` 为运行当月的上一个月。',
    en: 'The clerk of the recycling company’s 运河花园 station records a resident’s paper and a mobile collector’s scrap iron (with the seller’s name, address and identity number, as article 10 of the Measures on the Administration of Renewable Resource Recovery asks) in the electronic ledger; each intake is a batch of the station’s store. The station sends a load on a manifest, carried by the company’s truck, to the county’s sorting centre, whose weighbridge reception enters the centre’s own ledger and store, to be sold on to a paper mill or a steel works. The station declares each month’s tonnes by category, prefilled from the ledger; a month not over cannot be declared; the commerce bureau sees who has not declared. `<lastMonth>` is the month before the run’s.',
  },
  steps: [
    {
      as: 'rrstation.demo', zh: '登记居民交售的废纸箱、书报 186.5 千克，每千克 1.2 元。', en: 'Records 186.5 kg of a resident’s cardboard and newspapers at 1.2 yuan/kg.',
      method: 'POST', path: () => '/api/recycling/intake', body: (v) => ({ receivedOn: v.today, category: 'paper', weightKg: 186.5, source: 'walk_in', unitPriceYuan: 1.2 }),
      status: 201, expect: () => ({ wasteCode: 'RR04', weightKg: 186.5, amountYuan: 223.8 }), capture: { batchId: 'batchId' },
    },
    {
      as: 'rrstation.demo', zh: '流动回收人员交售废钢铁，未登记身份证号码，被拒绝。', en: 'A mobile collector’s scrap iron without his identity number is refused.',
      method: 'POST', path: () => '/api/recycling/intake', body: (v) => ({ receivedOn: v.today, category: 'ferrous', weightKg: 320, source: 'collector', sellerName: '孟庆华', sellerAddress: '临清市青年路街道大众小区3号楼' }),
      status: 400, expect: () => ({ code: 'SELLER_REQUIRED', path: 'sellerIdNo' }),
    },
    {
      as: 'rrstation.demo', zh: '补全出售人信息后登记。', en: 'Recorded with the seller’s particulars.',
      method: 'POST', path: () => '/api/recycling/intake', body: (v) => ({ receivedOn: v.today, category: 'ferrous', weightKg: 320, source: 'collector', sellerName: '孟庆华', sellerIdNo: '371581198203154318', sellerAddress: '临清市青年路街道大众小区3号楼', unitPriceYuan: 2.1 }),
      status: 201, expect: () => ({ wasteCode: 'RR01', sellerName: '孟庆华' }),
    },
    {
      as: 'rrstation.demo', zh: '查看本月台账各品类合计。', en: 'Reads the month’s totals by category.',
      method: 'GET', path: (v) => `/api/recycling/intake/month?month=${v.month}`, status: 200, expect: () => ({ 'items[category=paper].weightT': atLeast(0.1865), 'items[category=ferrous].weightT': atLeast(0.32) }),
    },
    {
      as: 'rrstation.demo', zh: '查找分拣中心（接收单位）。', en: 'Finds the sorting centre (the receiver).',
      method: 'GET', path: () => '/api/ledger/industrial-receivers?q=城市矿产分拣中心', status: 200, expect: () => ({ 'items[0].name': '临清市城市矿产分拣中心有限公司' }), capture: { centreId: 'items[0].id' },
    },
    {
      as: 'rrstation.demo', zh: '查找承运单位：本公司车队。', en: 'Finds the carrier: the company’s own trucks.',
      method: 'GET', path: () => '/api/manifests/transporters?q=再生资源回收利用', status: 200, expect: () => ({ 'items[0].name': '临清市再生资源回收利用有限公司' }), capture: { companyId: 'items[0].id' },
    },
    {
      as: 'rrstation.demo', zh: '开具转运联单，把这批废纸送分拣中心。', en: 'Creates the manifest sending the paper to the sorting centre.',
      method: 'POST', path: () => '/api/manifests', body: (v) => ({ stream: 'recyclables', batchIds: [v.batchId], receiverId: v.centreId, transporterIds: [v.companyId], plannedDate: v.today }),
      status: 201, expect: () => ({ stream: 'recyclables', status: 'draft', wasteCode: 'RR04', declaredWeightT: 0.1865 }), capture: { manifestId: 'id' },
    },
    { as: 'rrstation.demo', zh: '网点签字移出。', en: 'The station signs the load out.', method: 'POST', path: sign, body: () => ({ action: 'sign_emission' }), status: 200, expect: () => ({ status: 'signed_by_producer' }) },
    {
      as: 'recycler.demo', zh: '公司车辆装车称重。', en: 'The company’s truck weighs it on.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_transport', data: { vehiclePlate: '鲁P6R501', pickupWeightT: 0.1865 } }), status: 200, expect: () => ({ status: 'in_transit' }),
    },
    {
      as: 'sorting.demo', zh: '分拣中心地磅接收，分拣打包。', en: 'The sorting centre weighs it in, to be sorted and baled.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.184, treatmentMethod: 'sorting' } }), status: 200, expect: () => ({ status: 'received' }),
    },
    {
      as: 'sorting.demo', zh: '接收量已记入分拣中心台账（来源：回收网点转运入场）。', en: 'The centre’s ledger has the load (source: a station’s load).',
      method: 'GET', path: (v) => `/api/recycling/intake?source=load&month=${v.month}&pageSize=100`, status: 200,
      expect: (v) => ({ [`items[manifestId=${v.manifestId}].weightKg`]: 184, [`items[manifestId=${v.manifestId}].sellerOrgName`]: '临清市再生资源回收利用有限公司运河花园回收网点' }),
    },
    {
      as: 'rrstation.demo', zh: '当月尚未结束，不能申报。', en: 'The month is not over: it cannot be declared yet.',
      method: 'POST', path: () => '/api/declarations', body: (v) => ({ stream: 'recyclables', periodType: 'month', period: v.month }), status: 400, expect: () => ({ code: 'PERIOD_NOT_OVER', path: 'period' }),
    },
    {
      as: 'rrstation.demo', zh: '查看上月申报草稿（由台账预填）。', en: 'Reads last month’s draft, prefilled from the ledger.',
      method: 'GET', path: (v) => `/api/declarations/draft?stream=recyclables&periodType=month&period=${v.lastMonth}`, status: 200, expect: () => ({ 'lines[wasteCode=RR04].generatedT': atLeast(1) }),
    },
    {
      as: 'commerce.linqing', zh: '商务局查看上月未申报的网点。', en: 'The commerce bureau lists who has not declared last month.',
      method: 'GET', path: (v) => `/api/declarations?stream=recyclables&periodType=month&period=${v.lastMonth}&missingOnly=true&pageSize=50`, status: 200,
      expect: () => ({ 'items[organisationName=临清市再生资源回收利用有限公司凤凰城回收网点].declared': false }),
    },
  ],
};
