import type { Vars, Workflow } from './workflow';

const sign = (v: Vars) => `/api/manifests/${v.manifestId}/sign`;

/** 餐厨垃圾: a restaurant's pickup by its contracted collector to the kitchen-waste plant, which records the use. */
export const kitchenWorkflow: Workflow = {
  stream: 'kitchen',
  title: { zh: '餐厨垃圾：饭店的一次收运，从签约收运单位的车到餐厨垃圾处理厂', en: 'Kitchen waste: a restaurant’s pickup, on its contracted collector’s truck, to the kitchen-waste plant' },
  intro: {
    zh: '临清市运河人家酒楼已登记与临清市洁源餐厨废弃物收运有限公司的收运合同。酒楼申请一次收运（KW01 餐厨垃圾，6 桶，预估 0.36 吨），接收单位为运营临清市餐厨废弃物处理厂的环卫一体化公司；联单只能交给签约的收运单位。收运单位的车到店称重签字，处理厂进场过磅、注明用途“厌氧发酵产沼气”并签字，这一车便进入处理厂的餐厨垃圾台账（来源、数量、去向、用途）。综合行政执法局可查看全程。',
    en: '运河人家 restaurant has registered its contract with 洁源餐厨, the kitchen-waste collector. It asks for a pickup (KW01 food waste, 6 buckets, about 0.36 t) to the sanitation company that runs the kitchen-waste plant; the manifest can only go to the contracted collector. The collector\'s truck weighs and signs at the door, the plant weighs it in, records the use (anaerobic digestion for biogas) and signs, and the load appears in the plant\'s ledger (source, quantity, destination, use). Urban management sees the whole trip.',
  },
  steps: [
    {
      as: 'restaurant.demo', zh: '查看餐厨垃圾联单规则：收运单位填写车牌和收运称重，接收单位填写用途。', en: 'Reads the kitchen-waste rules: the collector writes the plate and pickup weight, the receiver the use.',
      method: 'GET', path: () => '/api/manifests/rules/kitchen',
      status: 200, expect: () => ({ loadSource: 'contract', 'producers[0]': 'catering', 'fields[field=vehiclePlate].owner': 'transporter', 'fields[field=treatmentMethod].owner': 'receiver' }),
    },
    {
      as: 'restaurant.demo', zh: '查看本单位登记的收运合同和签约收运单位。', en: 'Looks up its registered contract and collector.',
      method: 'GET', path: () => '/api/kitchen/producers',
      status: 200, expect: () => ({ total: 1, 'items[0].producerName': '临清市运河人家酒楼', 'items[0].collectorName': '临清市洁源餐厨废弃物收运有限公司' }),
      capture: { collectorId: 'items[0].collectorId' },
    },
    {
      as: 'restaurant.demo', zh: '查找餐厨垃圾（KW01）可以送往的处理厂运营单位。', en: 'Looks up where food waste (KW01) may go.',
      method: 'GET', path: () => '/api/kitchen/receivers?wasteCode=KW01',
      status: 200, capture: { plantId: 'items[name=临清市城乡环卫一体化服务有限公司].id' },
    },
    {
      as: 'restaurant.demo', zh: '申请收运（草稿）：6 桶，预估 0.36 吨，收运单位由合同带出。', en: 'Asks for a pickup (a draft): 6 buckets, about 0.36 t; the collector comes from the contract.',
      method: 'POST', path: () => '/api/manifests',
      body: (v) => ({ stream: 'kitchen', wasteCode: 'KW01', bucketCount: 6, declaredWeightT: 0.36, plannedDate: v.today, receiverId: v.plantId }),
      status: 201, expect: (v) => ({ stream: 'kitchen', status: 'draft', wasteCode: 'KW01', 'data.bucketCount': 6, 'data.producerKind': 'restaurant', 'transporterIds[0]': v.collectorId }),
      capture: { manifestId: 'id' },
    },
    {
      as: 'restaurant.demo', zh: '酒楼签字交付。', en: 'The restaurant signs the load out.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_emission' }),
      status: 200, expect: () => ({ status: 'signed_by_producer' }),
    },
    {
      as: 'kwcollector.demo', zh: '收运单位到店称重，写明车牌并签字（运输）。', en: 'The collector weighs the buckets at the door, writes the plate and signs the pickup.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_transport', data: { vehiclePlate: '鲁PK6302', pickupWeightT: 0.342 } }),
      status: 200, expect: () => ({ status: 'in_transit' }),
    },
    {
      as: 'kwplant.demo', zh: '处理厂进场过磅，注明用途“厌氧发酵产沼气”并签字（接收）。', en: 'The plant weighs the load in, records the use (anaerobic digestion) and signs the reception.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.335, treatmentMethod: 'anaerobic', weighbridgeTicketNo: 'CC-0001' } }),
      status: 200, expect: () => ({ status: 'received', receivedWeightT: 0.335 }),
    },
    {
      as: 'kwplant.demo', zh: '处理厂的餐厨垃圾台账记入这一车：来源、数量、去向、用途。', en: 'The plant\'s ledger has the load: source, quantity, destination and use.',
      method: 'GET', path: (v) => `/api/kitchen/ledger?from=${v.today}&to=${v.today}&pageSize=100`,
      status: 200, expect: (v) => ({ [`items[id=${v.manifestId}].producerName`]: '临清市运河人家酒楼', [`items[id=${v.manifestId}].receivedWeightT`]: 0.335, [`items[id=${v.manifestId}].treatmentMethod`]: 'anaerobic', [`items[id=${v.manifestId}].collectorName`]: '临清市洁源餐厨废弃物收运有限公司' }),
    },
    {
      as: 'urban.linqing', zh: '综合行政执法局查看已完成的联单、用途及三个签字。', en: 'Urban management sees the closed manifest, its use and its three signatures.',
      method: 'GET', path: (v) => `/api/manifests/${v.manifestId}`,
      status: 200, expect: () => ({ status: 'received', 'data.treatmentMethod': 'anaerobic', 'data.vehiclePlate': '鲁PK6302', 'signatures[0].step': 'emission', 'signatures[1].step': 'transport', 'signatures[2].step': 'reception' }),
    },
  ],
};
