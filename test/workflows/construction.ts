import { atLeast, type Vars, type Workflow } from './workflow';

const sign = (v: Vars) => `/api/manifests/${v.manifestId}/sign`;

/** 建筑垃圾: a truckload of muck from a project with an approved disposal plan to a consumption site of that plan. */
export const constructionWorkflow: Workflow = {
  stream: 'construction',
  title: { zh: '建筑垃圾：一车渣土从工地到消纳场', en: 'Construction waste: a truckload from the site to the consumption site' },
  intro: {
    zh: '临清市城建工程建设有限公司的“临清市民文化中心（一期）”已有住建局批准的处置方案；工地为一车工程渣土（CW01）开具电子联单，临清市渣土运输有限公司的车辆运往方案中的临时消纳场。工地、司机、消纳场依次签字，台账和项目的出土量随之更新，住建与城管部门可见。',
    en: 'The builder\'s project 临清市民文化中心（一期） has a disposal plan the housing bureau approved. The site issues an electronic manifest for a truckload of muck (CW01); the muck haulier\'s truck takes it to the plan\'s consumption site. Site, driver and site operator sign in turn; the ledgers and the project\'s outflow follow, and housing and urban management see it.',
  },
  steps: [
    {
      as: 'site.demo', zh: '查看自己的工程项目（方案已批准，项目在建）。', en: 'Finds its project (plan approved, project active).',
      method: 'GET', path: () => '/api/construction/projects',
      status: 200, expect: () => ({ 'items[name=临清市民文化中心（一期）].status': 'active' }), capture: { projectId: 'items[name=临清市民文化中心（一期）].id' },
    },
    {
      as: 'site.demo', zh: '查找运输单位及其车辆、驾驶员。', en: 'Looks up the haulier, its truck and a driver.',
      method: 'GET', path: () => '/api/manifests/transporters?q=渣土运输',
      status: 200, expect: () => ({ 'items[0].name': '临清市渣土运输有限公司' }),
      capture: { transporterId: 'items[0].id', vehicleId: 'items[0].vehicles[plate=鲁P2Z581].id', driverId: 'items[0].drivers[hasAccount=true].id' },
    },
    {
      as: 'site.demo', zh: '查找消纳场及其剩余库容。', en: 'Looks up the consumption sites and their room.',
      method: 'GET', path: () => '/api/construction/sites',
      status: 200, capture: { siteId: 'items[name=临清市城区建筑垃圾临时消纳场].id' },
    },
    {
      as: 'site.demo', zh: '为一车 15 吨工程渣土开具联单。', en: 'Issues a manifest for a 15 t truckload of muck.',
      method: 'POST', path: () => '/api/manifests/construction',
      body: (v) => ({ projectId: v.projectId, wasteCode: 'CW01', declaredWeightT: 15, siteId: v.siteId, transporterId: v.transporterId, vehicleId: v.vehicleId, driverId: v.driverId, plannedDate: v.today }),
      status: 201, expect: () => ({ stream: 'construction', wasteCode: 'CW01', declaredWeightT: 15, 'data.projectName': '临清市民文化中心（一期）', 'data.vehiclePlate': '鲁P2Z581', 'data.siteName': '临清市城区建筑垃圾临时消纳场' }),
      capture: { manifestId: 'id' },
    },
    {
      as: 'site.demo', zh: '工地签字（出场）。', en: 'The site signs the load out.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_emission' }),
      status: 200, expect: () => ({ status: 'signed_by_producer' }),
    },
    {
      as: 'driver.muck', zh: '司机装车过磅后签字（运输）。', en: 'The driver weighs the load and signs the pickup.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_transport', data: { pickupWeightT: 15.4 } }),
      status: 200, expect: () => ({ status: 'in_transit' }),
    },
    {
      as: 'cwsite.demo', zh: '消纳场地磅称重并签字（接收）。', en: 'The site\'s weighbridge weighs the load and signs the reception.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 15.3, treatmentMethod: '消纳' } }),
      status: 200, expect: () => ({ status: 'received', receivedWeightT: 15.3 }),
    },
    {
      as: 'cwsite.demo', zh: '消纳场台账记入一笔接收。', en: 'The site operator\'s ledger has a reception of the manifest.',
      method: 'GET', path: () => '/api/ledger/movements',
      status: 200, expect: (v) => ({ [`items[manifestId=${v.manifestId}].kind`]: 'receive', [`items[manifestId=${v.manifestId}].wasteCode`]: 'CW01' }),
    },
    {
      as: 'site.demo', zh: '项目的出土量按类别计入这一车。', en: 'The project\'s outflow by category counts the load.',
      method: 'GET', path: (v) => `/api/construction/projects/${v.projectId}`,
      status: 200, expect: () => ({ 'outflow[code=CW01].loads': atLeast(1), 'outflow[code=CW01].t': atLeast(15.3) }),
    },
    {
      as: 'housing.linqing', zh: '住建部门查看已完成的联单。', en: 'The housing bureau sees the closed manifest.',
      method: 'GET', path: (v) => `/api/manifests/${v.manifestId}`,
      status: 200, expect: () => ({ status: 'received', 'signatures.length': 3 }),
    },
  ],
};
