import type { StreamConfig, FieldRule } from '../manifests/engine';
import { field, refusing, accepting } from './fields';
import type { StreamDefinition } from './definition';
import { RECEPTION_OUTCOMES, HAZARDOUS_METHODS, COLLECTION_METHOD } from './vocabularies';
import { LOAD_ALARMS, CORRIDOR_ALARM } from './alarms';

const FROM_BATCHES = { zh: '所选库存批次', en: 'the batches chosen' };

// 危险废物转移联单 under 危险废物转移管理办法 (2021): what the 移出人 (producer), 承运人
// (transporter) and 接受人 (receiver) fill in (第十条、第十一条、第十二条、第十三条、第十七条、第十八条).

const F = field;

export const HAZARDOUS_FIELDS: FieldRule[] = [
  // 移出人: required and sealed by the producer's signature.
  F('wasteCode', '废物代码', 'Waste code', { kind: 'code', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', pattern: /^\d{3}-\d{3}-\d{2}$/, fixed: FROM_BATCHES }),
  F('wasteName', '危险废物名称', 'Waste name', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('hazard', '危险特性', 'Hazard characteristics', { kind: 'list', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('physicalForm', '形态', 'Physical form', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('packaging', '包装方式', 'Packaging', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('containerCount', '包装数量', 'Number of containers', { kind: 'number', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', range: { min: 0, max: 100_000, integer: true } }),
  F('declaredWeightT', '转移量（吨）', 'Declared weight (t)', { kind: 'weight', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('dangerousGoodsClass', '危险货物类别/项别/编号', 'Dangerous-goods class, division and UN number', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('emergencyMeasures', '突发环境事件防范措施', 'Emergency measures', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('plannedDate', '计划转移日期', 'Planned transfer date', { kind: 'date', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('vehicleId', '运输车辆', 'Vehicle', { kind: 'ref', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'transport' }),
  F('driverId', '驾驶员', 'Driver', { kind: 'ref', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'transport' }),
  F('producerContact', '移出人联系人及电话', 'Producer contact', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  // 承运人: at pickup.
  F('pickupWeightT', '装车重量（吨）', 'Loaded weight (t)', { kind: 'weight', range: { min: 0.0001 }, owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('vehiclePermitNo', '运输工具营运证件号', 'Vehicle operating permit no.', { kind: 'text', owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('origin', '运输起点', 'Start of transport', { kind: 'text', owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('destination', '运输终点', 'End of transport', { kind: 'text', owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('handoverPlace', '交接地点（联运）', 'Handover place (multimodal)', { kind: 'text', owner: 'transporter', requiredFrom: 'handover', sealedFrom: 'handover' }),
  // 接受人: within five working days of arrival.
  F('receptionOutcome', '是否接受', 'Accepted?', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', options: RECEPTION_OUTCOMES }),
  F('receivedWeightT', '接受量（吨）', 'Accepted weight (t)', { kind: 'weight', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('treatmentMethod', '利用/处置方式', 'Utilisation or disposal method', { kind: 'code', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: accepting, options: HAZARDOUS_METHODS }),
  F('refusalReason', '拒收原因', 'Reason for refusal', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: refusing }),
  F('nameMismatch', '名称不符', 'Name differs', { kind: 'boolean', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
  F('formMismatch', '形态不符', 'Form differs', { kind: 'boolean', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
  F('packagingMismatch', '包装不符', 'Packaging differs', { kind: 'boolean', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
  F('receptionNote', '接受意见', 'Receiver’s remarks', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
];

export const HAZARDOUS_STREAM: StreamConfig = {
  stream: 'hazardous',
  label: { zh: '危险废物', en: 'Hazardous waste' },
  fields: HAZARDOUS_FIELDS,
  weightTolerance: 0.05,
  receiptWorkingDays: 5,
  paperEntryWorkingDays: 10,
  steps: ['emission', 'transport', 'handover', 'reception'],
};

export { COLLECTION_METHOD };

/**
 * 危险废物 (with medical waste, HW01 841-…): declared, stored in batches, sent on the full manifest.
 * The ecology bureau regulates it; the health commission co-regulates medical waste.
 */
export const HAZARDOUS: StreamDefinition = {
  key: 'hazardous',
  label: HAZARDOUS_STREAM.label,
  catalogue: 'hazardous',
  codePattern: /^\d{3}-\d{3}-\d{2}$/,
  codeExample: '900-041-49',
  categoryPrefix: 'HW',
  batchPrefix: 'HWCS',
  producers: ['producer'],
  batchFields: [],
  bulkStore: false,
  regulators: [{ domain: 'ecology' }, { domain: 'health', codePrefix: '841-', categoryPrefix: 'HW01' }],
  manifest: HAZARDOUS_STREAM,
  receivers: 'licensed',
  loadSource: 'batches',
  // Producers declare what they generate; licensed operators report what they received and treated.
  declaration: { closingSetting: null, declarants: ['producer', 'receiver'] },
  auditEntities: ['management_plan'],
  alarms: [...LOAD_ALARMS, CORRIDOR_ALARM, 'storage_overdue', 'licence_invalid', 'capacity_exceeded', 'ledger_silent'],
};
