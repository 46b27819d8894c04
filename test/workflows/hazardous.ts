import { ABSENT, atLeast, type Vars, type Workflow } from './workflow';

const sign = (v: Vars) => `/api/manifests/${v.manifestId}/sign`;

/** 危险废物: a batch of waste oil from the bearing works to the licensed receiver, on the 14-digit transfer manifest. */
export const hazardousWorkflow: Workflow = {
  stream: 'hazardous',
  title: { zh: '危险废物转移联单：从入库到接收', en: 'Hazardous waste: from store to reception on a transfer manifest' },
  intro: {
    zh: '临清市恒通轴承制造有限公司将一批废矿物油（900-249-08）登记入库，填写转移联单，由聊城市安运危险货物运输有限公司的车辆鲁P3A721运往持证单位临清市绿源环保科技有限公司；产生单位、运输司机、接收单位依次签字，台账与月度申报随之更新，生态环境部门可查看全程。',
    en: 'The bearing works records a batch of waste mineral oil (900-249-08) in its store and fills in a transfer manifest; 安运\'s truck 鲁P3A721 takes it to the licensed receiver 绿源环保. Producer, driver and receiver sign in turn; the ledgers and the monthly declaration follow, and the ecology bureau sees the whole trip.',
  },
  steps: [
    {
      as: 'producer.demo', zh: '登记一批危险废物入库（10 桶，2 吨）。', en: 'Records a batch in the hazardous-waste store (10 drums, 2 t).',
      method: 'POST', path: () => '/api/ledger/batches',
      body: () => ({ wasteCode: '900-249-08', physicalForm: '液态', containerType: '200L铁桶', containerVolumeL: 200, containerCount: 10, quantityT: 2, storageFacility: '1号危废暂存间' }),
      status: 201, expect: () => ({ wasteCode: '900-249-08', quantityT: 2 }), capture: { batchId: 'id' },
    },
    {
      as: 'producer.demo', zh: '查找运输单位及其车辆、驾驶员。', en: 'Looks up the transporter, its vehicle and a driver.',
      method: 'GET', path: () => '/api/manifests/transporters?q=安运',
      status: 200, expect: () => ({ 'items[0].name': '聊城市安运危险货物运输有限公司' }),
      capture: { transporterId: 'items[0].id', vehicleId: 'items[0].vehicles[plate=鲁P3A721].id', driverId: 'items[0].drivers[hasAccount=true].id' },
    },
    {
      as: 'producer.demo', zh: '查找持有 900-249-08 经营许可的接收单位。', en: 'Looks up the receivers licensed for 900-249-08 on the planned day.',
      method: 'GET', path: (v) => `/api/manifests/receivers?wasteCode=900-249-08&date=${v.today}`,
      status: 200, capture: { receiverId: 'items[name=临清市绿源环保科技有限公司].id' },
    },
    {
      as: 'producer.demo', zh: '填写转移联单（草稿）。', en: 'Creates the transfer manifest (a draft).',
      method: 'POST', path: () => '/api/manifests',
      body: (v) => ({ batchIds: [v.batchId], receiverId: v.receiverId, transporterIds: [v.transporterId], vehicleId: v.vehicleId, driverId: v.driverId, plannedDate: v.today,
        dangerousGoodsClass: '第9类 UN3082', emergencyMeasures: '车载吸附棉、灭火器；泄漏时围堵并报告' }),
      status: 201, expect: () => ({ stream: 'hazardous', status: 'draft', wasteCode: '900-249-08', declaredWeightT: 2 }), capture: { manifestId: 'id' },
    },
    {
      as: 'producer.demo', zh: '产生单位签字（移出）。', en: 'The producer signs the emission.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_emission' }),
      status: 200, expect: () => ({ status: 'signed_by_producer' }),
    },
    {
      as: 'driver.demo', zh: '驾驶员装车称重后签字（运输）。', en: 'The driver weighs the load and signs the pickup.',
      method: 'POST', path: sign,
      body: () => ({ action: 'sign_transport', data: { pickupWeightT: 2.01, origin: '临清市松林镇恒通轴承', destination: '临清市唐园镇绿源环保' }, place: '恒通轴承装货区', longitude: 115.71, latitude: 36.84 }),
      status: 200, expect: () => ({ status: 'in_transit' }),
    },
    {
      as: 'producer.demo', zh: '贮存情况中已不再有这一批。', en: 'The batch has left the producer\'s store.',
      method: 'GET', path: () => '/api/ledger/store?pageSize=100',
      status: 200, expect: (v) => ({ [`items[id=${v.batchId}]`]: ABSENT }),
    },
    {
      as: 'receiver.demo', zh: '接收单位过磅、确认利用方式 R9 并签字（接收）。', en: 'The receiver weighs the load, states treatment R9 and signs the reception.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 2.0, treatmentMethod: 'R9' } }),
      status: 200, expect: () => ({ status: 'received', receivedWeightT: 2 }),
    },
    {
      as: 'receiver.demo', zh: '接收单位台账记入一笔接收。', en: 'The receiver\'s ledger has a reception of the manifest.',
      method: 'GET', path: () => '/api/ledger/movements',
      status: 200, expect: (v) => ({ [`items[manifestId=${v.manifestId}].kind`]: 'receive', [`items[manifestId=${v.manifestId}].wasteCode`]: '900-249-08' }),
    },
    {
      as: 'producer.demo', zh: '产生单位台账记入一笔转移。', en: 'The producer\'s ledger has a transfer out on the manifest.',
      method: 'GET', path: () => '/api/ledger/movements',
      status: 200, expect: (v) => ({ [`items[manifestId=${v.manifestId}].kind`]: 'transfer_out' }),
    },
    {
      as: 'producer.demo', zh: '本月申报草稿包含这次转移（接收单位、许可证号、利用方式）。', en: 'This month\'s declaration draft counts the transfer (receiver, licence, treatment).',
      method: 'GET', path: (v) => `/api/declarations/draft?periodType=month&period=${v.month}`,
      status: 200, expect: () => {
        const transfer = 'lines[wasteCode=900-249-08].transfers[receiverName=临清市绿源环保科技有限公司]';
        return { [`${transfer}.method`]: 'R9', [`${transfer}.licenceNo`]: '鲁危证37158100012', [`${transfer}.quantityT`]: atLeast(2) };
      },
    },
    {
      as: 'eco.linqing', zh: '生态环境部门查看已完成的联单及三个签字。', en: 'The ecology bureau sees the closed manifest and its three signatures.',
      method: 'GET', path: (v) => `/api/manifests/${v.manifestId}`,
      status: 200, expect: () => ({ status: 'received', 'signatures[0].step': 'emission', 'signatures[1].step': 'transport', 'signatures[2].step': 'reception' }),
    },
  ],
};
