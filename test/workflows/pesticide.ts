import { ABSENT, type Vars, type Workflow } from './workflow';

const sign = (v: Vars) => `/api/manifests/${v.manifestId}/sign`;

/** 农药包装废弃物: a farmer's empties, taken back by the dealer, handed to the town station, and sent to the designated recycler. */
export const pesticideWorkflow: Workflow = {
  stream: 'pesticide',
  title: { zh: '农药包装废弃物：从农资门店回收到收储站，再交资源化利用单位', en: 'Pesticide packaging: taken back by the dealer, handed to the town station, sent to the designated recycler' },
  intro: {
    zh: '松林镇丰源农资经营部按“谁销售谁回收”从农户处回收空农药瓶、袋、桶，交到松林镇收储站；收储站开具接收凭证，接收记录成为站内暂存批次。收储站开具转移联单交临清市农业农村局确定的资源化利用单位新禾再生塑料，承运车辆防雨、防渗漏、防遗撒，符合《危险废物豁免管理清单》第28项的条件，按豁免管理；利用单位自行运输、过磅接收。农业农村局可查看全程。',
    en: 'A farm-input shop in 松林镇 takes back empty pesticide bottles, sachets and drums from farmers ("whoever sells, takes back") and hands them to the town\'s collection station, which issues a receipt; the receipt becomes a batch of the station\'s store. The station sends the load on a manifest to the recycler the agriculture bureau designated; the carrier declares the vehicle rain-proof, leak-proof and spill-proof, so the load keeps the exemption of item 28 of the exemption list. The recycler fetches and weighs it. The agriculture bureau sees the whole trip.',
  },
  steps: [
    {
      as: 'dealer.demo', zh: '门店查看本店今年的销售、回收和交站数量。', en: 'The shop looks at its year: packages sold, taken back and handed over.',
      method: 'GET', path: () => '/api/pesticide/dealers', status: 200,
      expect: () => ({ total: 1, 'items[0].name': '临清市松林镇丰源农资经营部' }), capture: { dealerOrg: 'items[0].id' },
    },
    {
      as: 'dealer.demo', zh: '门店登记从农户处回收的包装物（瓶 40、袋 60、桶 6）。', en: 'The shop records what it took back from farmers (40 bottles, 60 sachets, 6 drums).',
      method: 'POST', path: () => '/api/pesticide/returns',
      body: (v) => ({ returnedOn: v.today, returnedBy: '松林镇前屯村农户', bottleCount: 40, bagCount: 60, drumCount: 6, weightKg: 2.8 }),
      status: 201, expect: () => ({ bottleCount: 40, drumCount: 6, dealerName: '临清市松林镇丰源农资经营部' }),
    },
    {
      as: 'agstation.demo', zh: '收储站接收门店交来的包装物，生成接收凭证和暂存批次。', en: 'The station receives them from the shop: a receipt and a batch in its store.',
      method: 'POST', path: () => '/api/pesticide/receipts',
      body: (v) => ({ receivedOn: v.today, sourceKind: 'dealer', dealerId: v.dealerOrg, bottleCount: 40, bagCount: 60, drumCount: 6, weightKg: 2.8 }),
      status: 201, expect: () => ({ sourceKind: 'dealer', dealerName: '临清市松林镇丰源农资经营部', weightKg: 2.8 }), capture: { receiptId: 'id', batchId: 'batchId' },
    },
    {
      as: 'agstation.demo', zh: '查看可交付的去向：农业农村局确定的利用单位按豁免管理。', en: 'Looks up where a load may go: the bureau\'s designated utiliser keeps the exemption.',
      method: 'GET', path: () => '/api/pesticide/destinations',
      status: 200, expect: () => ({ 'items[name=临清市新禾废旧农膜再生塑料有限公司].kind': 'designated_utiliser', 'items[name=临清市新禾废旧农膜再生塑料有限公司].managedAs': 'exempt' }),
      capture: { recyclerId: 'items[name=临清市新禾废旧农膜再生塑料有限公司].id' },
    },
    {
      as: 'agstation.demo', zh: '开具转移联单，声明承运车辆防雨、防渗漏、防遗撒。', en: 'Creates the manifest, declaring the carrier rain-proof, leak-proof and spill-proof.',
      method: 'POST', path: () => '/api/manifests',
      body: (v) => ({ stream: 'pesticide', batchIds: [v.batchId], receiverId: v.recyclerId, transporterIds: [v.recyclerId], plannedDate: v.today, transportMeasures: ['rainproof', 'leakproof', 'spillproof'] }),
      status: 201, expect: () => ({ stream: 'pesticide', status: 'draft', wasteCode: 'AG04', 'data.managedAs': 'exempt', 'data.destinationKind': 'designated_utiliser', 'data.packageCount': 106 }),
      capture: { manifestId: 'id' },
    },
    { as: 'agstation.demo', zh: '收储站签字（移出）。', en: 'The station signs the load out.', method: 'POST', path: sign, body: () => ({ action: 'sign_emission' }), status: 200, expect: () => ({ status: 'signed_by_producer' }) },
    {
      as: 'filmrecycler.demo', zh: '利用单位自行运输，装车称重后签字。', en: 'The recycler fetches the load itself, weighs it and signs the pickup.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_transport', data: { vehiclePlate: '鲁P3N615', pickupWeightT: 0.0028 } }), status: 200, expect: () => ({ status: 'in_transit' }),
    },
    {
      as: 'agstation.demo', zh: '收储站库存中已不再有这一批。', en: 'The batch has left the station\'s store.',
      method: 'GET', path: () => '/api/ledger/store?stream=pesticide&pageSize=100', status: 200, expect: (v) => ({ [`items[id=${v.batchId}]`]: ABSENT }),
    },
    {
      as: 'filmrecycler.demo', zh: '利用单位过磅接收，注明资源化利用。', en: 'The recycler weighs the load in and states its use: recycling.',
      method: 'POST', path: sign, body: () => ({ action: 'sign_reception', data: { receptionOutcome: 'accepted', receivedWeightT: 0.0028, treatmentMethod: 'recycling' } }),
      status: 200, expect: () => ({ status: 'received' }),
    },
    {
      as: 'agri.linqing', zh: '农业农村局在转移记录中看到这一车，按豁免管理。', en: 'The agriculture bureau sees the load among the transfers, managed as exempt.',
      method: 'GET', path: () => '/api/pesticide/loads?managedAs=exempt&pageSize=100', status: 200,
      expect: (v) => ({ [`items[id=${v.manifestId}].status`]: 'received', [`items[id=${v.manifestId}].receiverName`]: '临清市新禾废旧农膜再生塑料有限公司' }),
    },
  ],
};
