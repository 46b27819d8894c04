import { ABSENT, atLeast, type Vars, type Workflow } from './workflow';

const sign = (v: Vars) => `/api/manifests/${v.manifestId}/sign`;

/** 一般工业固体废物: fly ash from the power plant to the brick works, on a hand-over manifest the two ends sign. */
export const industrialWorkflow: Workflow = {
  stream: 'industrial',
  title: { zh: '一般工业固体废物：粉煤灰交付利用', en: 'General industrial waste: fly ash handed over for use' },
  intro: {
    zh: '华能临清热电有限公司将 120 吨粉煤灰（SW02）登记入台账，开具交接联单交临清市建材新型墙材有限公司制砖；一般工业固废联单只需产生单位和接收单位签字，不经运输单位。',
    en: 'The power plant records 120 t of fly ash (SW02) in its ledger and hands it to the brick works on a light manifest: general industrial waste needs only the two ends\' signatures, no transporter\'s.',
  },
  steps: [
    {
      as: 'power.demo', zh: '登记一批粉煤灰入台账。', en: 'Records a batch of fly ash in the industrial ledger.',
      method: 'POST', path: () => '/api/ledger/batches',
      body: () => ({ stream: 'industrial', wasteCode: 'SW02', physicalForm: '固态', containerType: '灰库', containerVolumeL: 1000, containerCount: 1, quantityT: 120 }),
      status: 201, expect: () => ({ stream: 'industrial', wasteCode: 'SW02', catalogueName: '粉煤灰' }), capture: { batchId: 'id' },
    },
    {
      as: 'power.demo', zh: '查找可接收一般工业固废的利用单位。', en: 'Looks up the companies that may take the waste.',
      method: 'GET', path: () => '/api/ledger/industrial-receivers?q=新型墙材',
      status: 200, capture: { receiverId: 'items[name=临清市建材新型墙材有限公司].id' },
    },
    {
      as: 'power.demo', zh: '开具交接联单（利用）。', en: 'Creates the hand-over manifest (purpose: use).',
      method: 'POST', path: () => '/api/manifests/industrial',
      body: (v) => ({ batchIds: [v.batchId], receiverId: v.receiverId, plannedDate: v.today, purpose: '利用', vehiclePlate: '鲁P8K123' }),
      status: 201, expect: () => ({ stream: 'industrial', declaredWeightT: 120, 'data.wasteName': '粉煤灰', 'data.vehiclePlate': '鲁P8K123', 'transporterIds.length': 0 }),
      capture: { manifestId: 'id' },
    },
    {
      as: 'power.demo', zh: '产生单位签字，货物即在途。', en: 'The producer signs; the load is on its way.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_emission' }),
      status: 200, expect: () => ({ status: 'in_transit' }),
    },
    {
      as: 'power.demo', zh: '贮存情况中已不再有这一批。', en: 'The batch has left the plant\'s store.',
      method: 'GET', path: () => '/api/ledger/store?stream=industrial&pageSize=100',
      status: 200, expect: (v) => ({ [`items[id=${v.batchId}]`]: ABSENT }),
    },
    {
      as: 'ashuse.demo', zh: '接收单位过磅确认并签字（利用/处置方式 C2 生产建筑材料）。', en: 'The brick works weighs the load and signs the reception (method C2, making building materials).',
      method: 'POST', path: sign, body: () => ({ action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 118.5, treatmentMethod: 'C2' } }),
      status: 200, expect: () => ({ status: 'received', receivedWeightT: 118.5 }),
    },
    {
      as: 'ashuse.demo', zh: '接收单位台账记入一笔接收。', en: 'The brick works\' ledger has a reception of the manifest.',
      method: 'GET', path: () => '/api/ledger/movements',
      status: 200, expect: (v) => ({ [`items[manifestId=${v.manifestId}].kind`]: 'receive', [`items[manifestId=${v.manifestId}].wasteCode`]: 'SW02' }),
    },
    {
      as: 'power.demo', zh: '本月一般工业固废申报草稿包含这次交付。', en: 'This month\'s industrial declaration draft counts the hand-over.',
      method: 'GET', path: (v) => `/api/declarations/draft?stream=industrial&periodType=month&period=${v.month}`,
      status: 200, expect: () => {
        const transfer = 'lines[wasteCode=SW02].transfers[receiverName=临清市建材新型墙材有限公司]';
        return { stream: 'industrial', [`${transfer}.method`]: 'C2', [`${transfer}.quantityT`]: atLeast(118.5) };
      },
    },
    {
      as: 'eco.linqing', zh: '生态环境部门查看已完成的联单。', en: 'The ecology bureau sees the closed manifest.',
      method: 'GET', path: (v) => `/api/manifests/${v.manifestId}`,
      status: 200, expect: () => ({ status: 'received', 'signatures.length': 2 }),
    },
  ],
};
