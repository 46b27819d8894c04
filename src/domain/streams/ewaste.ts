import type { StreamConfig, FieldRule } from '../manifests/engine';
import { field, refusing, accepting } from './fields';
import type { BatchField, StreamDefinition } from './definition';
import { RECEPTION_OUTCOMES, type Choice } from './vocabularies';
import { LOAD_ALARMS, CORRIDOR_ALARM } from './alarms';

// 废弃电器电子产品 (《废弃电器电子产品回收处理管理条例》; seed 004 三(二)(五)): televisions,
// refrigerators, washing machines, air conditioners and computers are traced by unit (type, brand,
// serial where the plate shows one) from the booking or the station to a dismantler that holds the
// 处理资格证书, which records each unit's dismantling. A load names its units; nothing is weighed in bulk.

const FROM_UNITS = { zh: '所选库存批次中的整机（按台）', en: 'the units of the batches chosen' };

export const EWASTE_METHODS: Choice[] = [
  { value: 'dismantling', zh: '拆解处理（取得处理资格）', en: 'Dismantling (licensed)' },
  { value: 'refurbishing', zh: '维修翻新再使用', en: 'Repair and reuse' },
];

const UNITS = { min: 0, max: 10_000, integer: true };

/** An intake of appliances counts its units; the units themselves are kept apart (ewaste_units). */
export const EWASTE_BATCH_FIELDS: BatchField[] = [
  { field: 'unitCount', label: { zh: '台数（台）', en: 'Units' }, kind: 'number', range: UNITS, required: true },
];

const F = field;

export const EWASTE_FIELDS: FieldRule[] = [
  F('wasteCode', '品类代码', 'Category code', { kind: 'code', pattern: /^RR06$/, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_UNITS }),
  F('wasteName', '品类名称', 'Category', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_UNITS }),
  F('unitCount', '台数（台）', 'Units', { kind: 'number', range: { min: 1, max: 10_000, integer: true }, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_UNITS }),
  F('declaredWeightT', '转运量（吨）', 'Declared weight (t)', { kind: 'weight', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_UNITS }),
  F('plannedDate', '转运日期', 'Date', { kind: 'date', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('producerContact', '发货方联系人及电话', 'Sender’s contact', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('vehiclePlate', '运输车辆号牌', 'Vehicle', { kind: 'text', owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('pickupWeightT', '装车称重（吨）', 'Weight at loading (t)', { kind: 'weight', range: { min: 0.0001, max: 40 }, owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('receptionOutcome', '是否接收', 'Accepted?', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', options: RECEPTION_OUTCOMES }),
  F('receivedUnitCount', '接收台数（台）', 'Units received', { kind: 'number', range: UNITS, owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('receivedWeightT', '进厂称重（吨）', 'Weighed at the plant (t)', { kind: 'weight', range: { min: 0, max: 40 }, owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('treatmentMethod', '处理方式', 'Method', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: accepting, options: EWASTE_METHODS }),
  F('refusalReason', '拒收原因', 'Reason for refusal', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: refusing }),
  F('receptionNote', '接收意见', 'Receiver’s remarks', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
];

export const EWASTE_STREAM: StreamConfig = {
  stream: 'ewaste',
  label: { zh: '废弃电器电子产品', en: 'Waste electrical and electronic equipment' },
  fields: EWASTE_FIELDS,
  weightTolerance: 0.05,
  receiptWorkingDays: 2,
  paperEntryWorkingDays: 3,
  steps: ['emission', 'transport', 'reception'],
};

/** 废弃电器电子产品: units in a station's or a sorting centre's store, to a licensed dismantler. Commerce regulates the collection, ecology the dismantlers. */
export const EWASTE: StreamDefinition = {
  key: 'ewaste',
  label: EWASTE_STREAM.label,
  catalogue: 'renewable',
  codePattern: /^RR06$/,
  codeExample: 'RR06',
  categoryPrefix: 'RR06',
  batchPrefix: 'DZFQ',
  producers: ['recycling_station', 'sorting_centre'],
  batchFields: EWASTE_BATCH_FIELDS,
  bulkStore: true,
  regulators: [{ domain: 'commerce' }, { domain: 'ecology' }],
  manifest: EWASTE_STREAM,
  receivers: 'verified',
  loadSource: 'batches',
  declaration: null,
  auditEntities: ['ewaste_unit'],
  alarms: [...LOAD_ALARMS, CORRIDOR_ALARM],
};
