import { type Vars, type Workflow } from './workflow';

const sign = (v: Vars) => `/api/manifests/${v.manifestId}/sign`;

/** 废弃电器电子产品: an appliance taken in by serial, carried to the licensed dismantler, dismantled once, traced by the bureau. */
export const ewasteWorkflow: Workflow = {
  stream: 'ewaste',
  title: { zh: '废弃电器电子产品：按台登记，交有资质的拆解企业，拆解后可追溯', en: 'E-waste: taken in unit by unit, handed to a licensed dismantler, dismantled once, traced' },
  intro: {
    zh: '运河花园回收网点按台登记居民交售的旧冰箱（类型、品牌、编号），同一编号不能重复登记。网点开具联单，联单列明所载电器；只能交给取得废弃电器电子产品处理资格的拆解企业。拆解企业接收后逐台登记拆解（日期、拆解线、拆解产物），同一台不能重复登记拆解。商务局和生态环境局可查看每台电器从回收到拆解的全过程。',
    en: 'The 运河花园 station records a resident’s old refrigerator by unit (type, brand, serial); a serial is taken in once. The station’s manifest names the units it carries and may go only to a dismantler holding the e-waste treatment qualification. The dismantler records each unit’s dismantling (date, line, what came out), once. The commerce and ecology bureaus follow each unit from collection to dismantling.',
  },
  steps: [
    {
      as: 'rrstation.demo', zh: '按台登记一台旧冰箱。', en: 'Records an old refrigerator by unit.',
      method: 'POST', path: () => '/api/recycling/intake', body: (v) => ({ receivedOn: v.today, category: 'ewaste', weightKg: 56, source: 'walk_in', unitPriceYuan: 40, units: [{ applianceType: 'fridge', brand: '海尔', model: 'BCD-216', serial: `WF-${v.today}-0001`, weightKg: 56 }] }),
      status: 201, expect: () => ({ wasteCode: 'RR06', 'units.length': 1 }), capture: { batchId: 'batchId', unitId: 'units[0].id' },
    },
    {
      as: 'rrstation.demo', zh: '同一编号再次登记被拒绝。', en: 'The same serial again is refused.',
      method: 'POST', path: () => '/api/recycling/intake', body: (v) => ({ receivedOn: v.today, category: 'ewaste', weightKg: 56, source: 'walk_in', units: [{ applianceType: 'fridge', brand: '海尔', serial: `WF-${v.today}-0001`, weightKg: 56 }] }),
      status: 409, expect: () => ({ code: 'SERIAL_COLLECTED', path: 'units.0.serial' }),
    },
    {
      as: 'rrstation.demo', zh: '查找有处理资格的拆解企业。', en: 'Finds the licensed dismantler.',
      method: 'GET', path: () => '/api/ledger/industrial-receivers?q=绿环电子', status: 200, expect: () => ({ 'items[0].name': '聊城市绿环电子废弃物处理有限公司' }), capture: { dismantlerId: 'items[0].id' },
    },
    {
      as: 'rrstation.demo', zh: '查找承运单位。', en: 'Finds the carrier.',
      method: 'GET', path: () => '/api/manifests/transporters?q=再生资源回收利用', status: 200, expect: () => ({ 'items[0].name': '临清市再生资源回收利用有限公司' }), capture: { companyId: 'items[0].id' },
    },
    {
      as: 'rrstation.demo', zh: '开具联单，所载电器逐台列明。', en: 'Creates the manifest, which names its units.',
      method: 'POST', path: () => '/api/manifests', body: (v) => ({ stream: 'ewaste', batchIds: [v.batchId], receiverId: v.dismantlerId, transporterIds: [v.companyId], plannedDate: v.today }),
      status: 201, expect: (v) => ({ stream: 'ewaste', 'data.unitCount': 1, 'data.unitIds[0]': v.unitId }), capture: { manifestId: 'id' },
    },
    { as: 'rrstation.demo', zh: '网点签字移出。', en: 'The station signs the load out.', method: 'POST', path: sign, body: () => ({ action: 'sign_emission' }), status: 200, expect: () => ({ status: 'signed_by_producer' }) },
    { as: 'recycler.demo', zh: '装车称重。', en: 'Weighed on.', method: 'POST', path: sign, body: () => ({ action: 'sign_transport', data: { vehiclePlate: '鲁P6R502', pickupWeightT: 0.056 } }), status: 200, expect: () => ({ status: 'in_transit' }) },
    {
      as: 'dismantler.demo', zh: '拆解企业接收 1 台。', en: 'The dismantler receives the unit.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedUnitCount: 1, receivedWeightT: 0.056, treatmentMethod: 'dismantling' } }), status: 200, expect: () => ({ status: 'received' }),
    },
    {
      as: 'dismantler.demo', zh: '登记拆解。', en: 'Records the dismantling.',
      method: 'POST', path: () => '/api/recycling/ewaste/dismantling', body: (v) => ({ unitId: v.unitId, dismantledOn: v.today, line: '冰箱空调拆解线', outputs: '压缩机 1 台、铜 1.8 kg' }),
      status: 201, expect: () => ({ kind: 'dismantled', line: '冰箱空调拆解线' }),
    },
    {
      as: 'dismantler.demo', zh: '同一台再次登记拆解被拒绝。', en: 'A second dismantling of the unit is refused.',
      method: 'POST', path: () => '/api/recycling/ewaste/dismantling', body: (v) => ({ unitId: v.unitId, dismantledOn: v.today, line: '冰箱空调拆解线' }),
      status: 409, expect: () => ({ code: 'ALREADY_DISMANTLED', path: 'unitId' }),
    },
    {
      as: 'commerce.linqing', zh: '商务局追溯这台冰箱：回收、转运、接收、拆解。', en: 'The commerce bureau traces the unit: collected, shipped, received, dismantled.',
      method: 'GET', path: (v) => `/api/recycling/ewaste/units/${v.unitId}`, status: 200,
      expect: () => ({ state: 'dismantled', siteName: '临清市再生资源回收利用有限公司运河花园回收网点', 'events[0].kind': 'shipped', 'events[2].kind': 'dismantled', 'events[2].organisationName': '聊城市绿环电子废弃物处理有限公司' }),
    },
  ],
};
