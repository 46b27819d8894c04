import type { StreamConfig, FieldRule } from '../manifests/engine';
import { field, refusing, accepting } from './fields';
import type { BatchField, StreamDefinition } from './definition';
import { RECEPTION_OUTCOMES, type Choice } from './vocabularies';
import { DESTINATION_KINDS } from '../agri/pesticide';
import { LOAD_ALARMS, CORRIDOR_ALARM } from './alarms';

// 农药包装废弃物 (seed 000 三(二); 《农药包装废弃物回收处理管理办法》): a town's collection station keeps
// what dealers and farmers hand in as batches of its store (one per receipt), and sends loads on a
// light manifest: station, carrier, utiliser or disposer. A load that keeps the conditions of the
// exemption list's item 28 (domain/agri/pesticide.ts) is exempt; one that breaks them is managed as
// hazardous waste 900-003-04 and may go only to a receiver licensed for it.

const FROM_BATCHES = { zh: '所选库存批次（收储站的接收记录）', en: 'the batches chosen (the station’s receipts)' };
const FROM_LOAD = { zh: '去向与承运单位的运输措施（按豁免条件判定）', en: 'the destination and the carrier’s measures (judged by the exemption’s conditions)' };

/** How a load is managed: exempt under item 28, or as hazardous waste 900-003-04. */
export const MANAGED_AS: Choice[] = [
  { value: 'exempt', zh: '豁免（按《农药包装废弃物回收处理管理办法》管理）', en: 'Exempt (managed under the pesticide-packaging Measures)' },
  { value: 'hazardous', zh: '按危险废物管理（900-003-04）', en: 'Managed as hazardous waste (900-003-04)' },
];

/** 利用/处置方式 at the destination. */
export const PESTICIDE_METHODS: Choice[] = [
  { value: 'recycling', zh: '资源化利用（再生塑料等）', en: 'Recycling (reclaimed plastics)' },
  { value: 'energy', zh: '能量利用（焚烧发电）', en: 'Energy recovery (waste-to-energy)' },
  { value: 'landfill', zh: '卫生填埋', en: 'Sanitary landfill' },
  // A load managed as hazardous waste is disposed of under the licence's own method code, which the receiver's annual report counts.
  { value: 'D10', zh: '危险废物焚烧处置（D10）', en: 'Hazardous-waste incineration (D10)' },
];

const COUNT = { min: 0, max: 1_000_000, integer: true };

/** What a receipt put in store records beyond weight: the packages by type. */
export const PESTICIDE_BATCH_FIELDS: BatchField[] = [
  { field: 'bottleCount', label: { zh: '瓶（个）', en: 'Bottles' }, kind: 'number', range: COUNT, required: true },
  { field: 'bagCount', label: { zh: '袋（个）', en: 'Bags' }, kind: 'number', range: COUNT, required: true },
  { field: 'drumCount', label: { zh: '桶（个）', en: 'Drums' }, kind: 'number', range: COUNT, required: true },
];

const F = field;

export const PESTICIDE_FIELDS: FieldRule[] = [
  F('wasteCode', '废物类别', 'Class', { kind: 'code', pattern: /^AG04$/, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('wasteName', '名称', 'Name', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('packageCount', '包装物数量（个）', 'Packages', { kind: 'number', range: COUNT, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('declaredWeightT', '转移量（吨）', 'Declared weight (t)', { kind: 'weight', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('plannedDate', '转移日期', 'Date', { kind: 'date', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('producerContact', '收储站联系人及电话', 'Station contact', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('destinationKind', '去向类型', 'Kind of destination', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', options: DESTINATION_KINDS, fixed: FROM_LOAD }),
  F('managedAs', '管理方式', 'Managed as', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', options: MANAGED_AS, fixed: FROM_LOAD }),
  F('vehiclePlate', '运输车辆号牌', 'Vehicle', { kind: 'text', owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('pickupWeightT', '装车称重（吨）', 'Weight at loading (t)', { kind: 'weight', range: { min: 0.0001, max: 30 }, owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('receptionOutcome', '是否接收', 'Accepted?', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', options: RECEPTION_OUTCOMES }),
  F('receivedWeightT', '进场称重（吨）', 'Weighbridge at arrival (t)', { kind: 'weight', range: { min: 0, max: 30 }, owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('treatmentMethod', '利用处置方式', 'Method', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: accepting, options: PESTICIDE_METHODS }),
  F('refusalReason', '拒收原因', 'Reason for refusal', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: refusing }),
  F('receptionNote', '接收意见', 'Receiver’s remarks', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
];

export const PESTICIDE_STREAM: StreamConfig = {
  stream: 'pesticide',
  label: { zh: '农药包装废弃物', en: 'Pesticide packaging waste' },
  fields: PESTICIDE_FIELDS,
  // Empty packages weigh little and are weighed on a platform scale: a tenth either way is noise.
  weightTolerance: 0.1,
  receiptWorkingDays: 2,
  paperEntryWorkingDays: 3,
  steps: ['emission', 'transport', 'reception'],
};

/**
 * 农药包装废弃物: batches of a town collection station's store, one light manifest per load. The
 * agriculture bureau regulates it; ecology is shown the loads managed as hazardous waste.
 */
export const PESTICIDE: StreamDefinition = {
  key: 'pesticide',
  label: PESTICIDE_STREAM.label,
  catalogue: 'agricultural',
  codePattern: /^AG04$/,
  codeExample: 'AG04',
  categoryPrefix: 'AG04',
  batchPrefix: 'NYBZ',
  producers: ['collection_station'],
  batchFields: PESTICIDE_BATCH_FIELDS,
  bulkStore: true,
  // Ecology sees the loads managed as hazardous waste through the flagged-load list (/api/pesticide/loads), not the whole stream.
  regulators: [{ domain: 'agriculture' }],
  manifest: PESTICIDE_STREAM,
  receivers: 'verified',
  loadSource: 'batches',
  declaration: null,
  auditEntities: ['pesticide_sale', 'pesticide_return', 'pesticide_receipt', 'pesticide_utiliser', 'fertiliser_sale'],
  alarms: [...LOAD_ALARMS, CORRIDOR_ALARM],
};
