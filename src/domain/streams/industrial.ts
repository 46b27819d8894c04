import type { StreamConfig, FieldRule } from '../manifests/engine';
import { field, refusing, accepting } from './fields';
import type { StreamDefinition } from './definition';
import { RECEPTION_OUTCOMES, INDUSTRIAL_PURPOSES, INDUSTRIAL_METHODS } from './vocabularies';
import { LOAD_ALARMS, CORRIDOR_ALARM } from './alarms';

const FROM_BATCHES = { zh: '所选库存批次', en: 'the batches chosen' };

// 一般工业固体废物 hand-over (委托利用/处置): lighter than the hazardous manifest. The producer
// (委托方) states what leaves and to whom; the receiver (受托方) confirms what arrived and how it
// will be used. The transporter, where one is engaged, is named but does not sign.

const F = field;

export const INDUSTRIAL_FIELDS: FieldRule[] = [
  F('wasteCode', '固体废物类别代码', 'Waste class', { kind: 'code', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('wasteName', '固体废物名称', 'Waste name', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('physicalForm', '形态', 'Physical form', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('declaredWeightT', '转移量（吨）', 'Declared weight (t)', { kind: 'weight', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('plannedDate', '转移日期', 'Transfer date', { kind: 'date', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('purpose', '委托目的（利用/处置）', 'Purpose (utilisation or disposal)', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', options: INDUSTRIAL_PURPOSES }),
  F('producerContact', '委托方联系人及电话', 'Producer contact', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('vehiclePlate', '运输车辆号牌', 'Vehicle plate', { kind: 'text', owner: 'producer', requiredFrom: null, sealedFrom: 'emission' }),
  F('receptionOutcome', '是否接收', 'Accepted?', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', options: RECEPTION_OUTCOMES }),
  F('receivedWeightT', '接收量（吨）', 'Received weight (t)', { kind: 'weight', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('treatmentMethod', '利用/处置方式', 'Utilisation or disposal method', { kind: 'code', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: accepting, options: INDUSTRIAL_METHODS }),
  F('refusalReason', '拒收原因', 'Reason for refusal', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: refusing }),
  F('receptionNote', '接收意见', 'Receiver’s remarks', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
];

export const INDUSTRIAL_STREAM: StreamConfig = {
  stream: 'industrial',
  label: { zh: '一般工业固体废物', en: 'General industrial solid waste' },
  fields: INDUSTRIAL_FIELDS,
  weightTolerance: 0.1,
  receiptWorkingDays: 10,
  paperEntryWorkingDays: 10,
  // Signed by the two ends only.
  steps: ['emission', 'reception'],
};

/** 一般工业固体废物: classes SW01…, batches in store, a light hand-over, declarations that close. */
export const INDUSTRIAL: StreamDefinition = {
  key: 'industrial',
  label: INDUSTRIAL_STREAM.label,
  catalogue: 'industrial',
  codePattern: /^SW\d{2}$/,
  codeExample: 'SW02',
  categoryPrefix: 'SW',
  batchPrefix: 'GFCS',
  producers: ['producer'],
  batchFields: [],
  bulkStore: true,
  regulators: [{ domain: 'ecology' }],
  manifest: INDUSTRIAL_STREAM,
  receivers: 'verified',
  loadSource: 'batches',
  declaration: { closingSetting: 'industrial.declaration_days', declarants: ['producer'], industrialOnly: true, sheet: true, registrationRate: true },
  auditEntities: ['bulk_storage_site', 'bulk_storage_rectification'],
  alarms: [...LOAD_ALARMS, CORRIDOR_ALARM],
};
