import { ABSENT, type Vars, type Workflow } from './workflow';

const sign = (v: Vars) => `/api/manifests/${v.manifestId}/sign`;

/** 城镇污水污泥: a truckload of dewatered sludge from the wastewater treatment plant to the incinerator, weighed at both ends. */
export const sludgeWorkflow: Workflow = {
  stream: 'sludge',
  title: { zh: '城镇污水污泥：一车脱水污泥从污水处理厂到焚烧处置', en: 'Sewage sludge: a truckload of dewatered sludge from the treatment plant to incineration' },
  intro: {
    zh: '临清市城市污水处理厂将一批脱水污泥（SL01，含水率 78.5%）登记入污泥料仓，开具联单，由临清市通达物流运输有限公司的污泥运输车鲁P6W218 运往临清市绿能环保能源有限公司协同焚烧。污水处理厂、司机、接收单位依次签字：出厂称重、进场称重并注明处置方式，台账随之更新；处置方式和含水率决定这一车是否计入城镇污水污泥无害化处置率（填埋仅在含水率不高于 60% 时计入）。综合行政执法局和住建局可查看全程。',
    en: 'The city\'s wastewater treatment plant records a batch of dewatered sludge (SL01, 78.5 % moisture) in its bunker and issues a manifest; 通达物流\'s sludge truck 鲁P6W218 takes it to 绿能环保 for co-firing. Plant, driver and receiver sign in turn (the weight leaving, the weight arriving and the disposal method); the ledgers follow. The method and the moisture content decide whether the load counts towards the sludge harmless-disposal rate (landfill only at ≤ 60 % moisture). Urban management and the housing bureau see the whole trip.',
  },
  steps: [
    {
      as: 'wwtp.demo', zh: '查看污泥联单规则：批次须记录含水率，接收单位注明处置方式。', en: 'Reads the sludge rules: a batch records its moisture content; the receiver states the disposal method.',
      method: 'GET', path: () => '/api/manifests/rules/sludge',
      status: 200, expect: () => ({ 'batchFields[0].field': 'moisturePct', 'batchFields[0].required': true, 'producers[0]': 'wastewater_plant', 'fields[field=treatmentMethod].owner': 'receiver' }),
    },
    {
      as: 'wwtp.demo', zh: '登记一批脱水污泥入污泥料仓（12 吨，含水率 78.5%）。', en: 'Records a batch of dewatered sludge in the bunker (12 t, 78.5 % moisture).',
      method: 'POST', path: () => '/api/ledger/batches',
      body: () => ({ stream: 'sludge', wasteCode: 'SL01', physicalForm: '半固态（脱水污泥饼）', containerType: '散装（料仓）', containerCount: 1, quantityT: 12, storageFacility: '脱水机房污泥料仓', attributes: { moisturePct: 78.5 } }),
      status: 201, expect: () => ({ stream: 'sludge', wasteCode: 'SL01', quantityT: 12, 'attributes.moisturePct': 78.5 }), capture: { batchId: 'id' },
    },
    {
      as: 'wwtp.demo', zh: '查找运输单位及其污泥运输车、驾驶员。', en: 'Looks up the haulier, its sludge truck and a driver.',
      method: 'GET', path: () => '/api/manifests/transporters?q=通达物流',
      status: 200, expect: () => ({ 'items[0].name': '临清市通达物流运输有限公司', 'items[0].vehicles[plate=鲁P6W218].loadT': 20 }),
      capture: { transporterId: 'items[0].id', vehicleId: 'items[0].vehicles[plate=鲁P6W218].id', driverId: 'items[0].drivers[hasAccount=true].id' },
    },
    {
      as: 'wwtp.demo', zh: '查找已审核的利用处置单位。', en: 'Looks up the verified disposal and utilisation companies.',
      method: 'GET', path: () => '/api/ledger/industrial-receivers?q=绿能环保',
      status: 200, capture: { receiverId: 'items[name=临清市绿能环保能源有限公司].id' },
    },
    {
      as: 'wwtp.demo', zh: '开具污泥转运联单（草稿），联单带出批次的含水率。', en: 'Creates the sludge manifest (a draft); it carries the batch\'s moisture content.',
      method: 'POST', path: () => '/api/manifests',
      body: (v) => ({ stream: 'sludge', batchIds: [v.batchId], receiverId: v.receiverId, transporterIds: [v.transporterId], vehicleId: v.vehicleId, driverId: v.driverId, plannedDate: v.today, producerContact: '冯海燕 0635-2318866' }),
      status: 201, expect: () => ({ stream: 'sludge', status: 'draft', wasteCode: 'SL01', declaredWeightT: 12, 'data.moisturePct': 78.5, 'data.vehiclePlate': '鲁P6W218' }),
      capture: { manifestId: 'id' },
    },
    {
      as: 'wwtp.demo', zh: '污水处理厂签字（出厂）。', en: 'The plant signs the load out.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_emission' }),
      status: 200, expect: () => ({ status: 'signed_by_producer' }),
    },
    {
      as: 'driver.sludge', zh: '司机装车过磅后签字（运输）。', en: 'The driver weighs the load and signs the pickup.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_transport', data: { pickupWeightT: 12.04 } }),
      status: 200, expect: () => ({ status: 'in_transit' }),
    },
    {
      as: 'wwtp.demo', zh: '污泥料仓中已不再有这一批。', en: 'The batch has left the plant\'s store.',
      method: 'GET', path: () => '/api/ledger/store?stream=sludge&pageSize=100',
      status: 200, expect: (v) => ({ [`items[id=${v.batchId}]`]: ABSENT }),
    },
    {
      as: 'wte.demo', zh: '接收单位地磅称重、测含水率，注明处置方式“焚烧”并签字（接收）。', en: 'The receiver weighs the load, measures its moisture, states the method (incineration) and signs the reception.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 11.85, treatmentMethod: 'incineration', receivedMoisturePct: 78.1 } }),
      status: 200, expect: () => ({ status: 'received', receivedWeightT: 11.85 }),
    },
    {
      as: 'wte.demo', zh: '接收单位台账记入一笔接收。', en: 'The receiver\'s ledger has a reception of the manifest.',
      method: 'GET', path: () => '/api/ledger/movements',
      status: 200, expect: (v) => ({ [`items[manifestId=${v.manifestId}].kind`]: 'receive', [`items[manifestId=${v.manifestId}].wasteCode`]: 'SL01' }),
    },
    {
      as: 'wwtp.demo', zh: '污水处理厂台账记入一笔转移。', en: 'The plant\'s ledger has a transfer out on the manifest.',
      method: 'GET', path: () => '/api/ledger/movements',
      status: 200, expect: (v) => ({ [`items[manifestId=${v.manifestId}].kind`]: 'transfer_out' }),
    },
    {
      as: 'urban.linqing', zh: '综合行政执法局查看已完成的联单、处置方式及三个签字。', en: 'Urban management sees the closed manifest, its method and its three signatures.',
      method: 'GET', path: (v) => `/api/manifests/${v.manifestId}`,
      status: 200, expect: () => ({ status: 'received', 'data.treatmentMethod': 'incineration', 'data.moisturePct': 78.5, 'signatures[0].step': 'emission', 'signatures[1].step': 'transport', 'signatures[2].step': 'reception' }),
    },
  ],
};
