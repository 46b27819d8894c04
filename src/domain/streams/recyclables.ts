import type { StreamConfig, FieldRule } from '../manifests/engine';
import { field, refusing, accepting } from './fields';
import type { BatchField, StreamDefinition } from './definition';
import { RECEPTION_OUTCOMES, type Choice } from './vocabularies';
import { LOAD_ALARMS, CORRIDOR_ALARM } from './alarms';

// 再生资源 (seed 004; 《再生资源回收管理办法》): what a recycling station (回收网点) buys is kept in its
// electronic ledger (电子统计台账), each intake a batch of its store; loads leave on a light manifest to
// the county's sorting centre (分拣中心), and from there, sorted and baled, to a utiliser: a paper mill,
// a steel works, a plastics reprocessor. E-waste is traced by unit on its own stream (ewaste.ts).

const FROM_BATCHES = { zh: '所选库存批次（网点台账的回收记录）', en: 'the batches chosen (the station ledger’s intake)' };

/** 利用方式 at the destination: a sorting centre sorts and bales; a utiliser turns the material into product. */
export const RECYCLABLE_METHODS: Choice[] = [
  { value: 'sorting', zh: '分拣打包（分拣中心）', en: 'Sorted and baled (sorting centre)' },
  { value: 'papermaking', zh: '造纸', en: 'Papermaking' },
  { value: 'steelmaking', zh: '炼钢（废钢）', en: 'Steelmaking (scrap)' },
  { value: 'smelting', zh: '有色金属冶炼', en: 'Non-ferrous smelting' },
  { value: 'plastics', zh: '再生塑料造粒', en: 'Reprocessed plastics' },
  { value: 'textiles', zh: '再生纤维、再利用', en: 'Regenerated fibre or reuse' },
  { value: 'glass', zh: '玻璃再生', en: 'Glass remelting' },
  { value: 'other_use', zh: '其他资源化利用', en: 'Other recovery' },
];

const PIECES = { min: 0, max: 100_000, integer: true };

/** What an intake records beyond weight: the pieces (sofas, tyres) where the category is counted. */
export const RECYCLABLE_BATCH_FIELDS: BatchField[] = [
  { field: 'itemCount', label: { zh: '件数（件）', en: 'Pieces' }, kind: 'number', range: PIECES, required: false },
];

const F = field;

export const RECYCLABLE_FIELDS: FieldRule[] = [
  F('wasteCode', '品类代码', 'Category code', { kind: 'code', pattern: /^RR(0[1-5]|0[89]|1[01])$/, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('wasteName', '品类名称', 'Category', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('declaredWeightT', '转运量（吨）', 'Declared weight (t)', { kind: 'weight', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('plannedDate', '转运日期', 'Date', { kind: 'date', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('producerContact', '发货方联系人及电话', 'Sender’s contact', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('vehiclePlate', '运输车辆号牌', 'Vehicle', { kind: 'text', owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('pickupWeightT', '装车称重（吨）', 'Weight at loading (t)', { kind: 'weight', range: { min: 0.001, max: 60 }, owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('receptionOutcome', '是否接收', 'Accepted?', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', options: RECEPTION_OUTCOMES }),
  F('receivedWeightT', '进场称重（吨）', 'Weighbridge at arrival (t)', { kind: 'weight', range: { min: 0, max: 60 }, owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('treatmentMethod', '利用方式', 'Use', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: accepting, options: RECYCLABLE_METHODS }),
  F('refusalReason', '拒收原因', 'Reason for refusal', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: refusing }),
  F('receptionNote', '接收意见', 'Receiver’s remarks', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
];

export const RECYCLABLE_STREAM: StreamConfig = {
  stream: 'recyclables',
  label: { zh: '再生资源', en: 'Recyclables' },
  fields: RECYCLABLE_FIELDS,
  // A station weighs on a platform scale, the sorting centre on a weighbridge: a twentieth either way is the scales.
  weightTolerance: 0.05,
  receiptWorkingDays: 2,
  paperEntryWorkingDays: 3,
  steps: ['emission', 'transport', 'reception'],
};

/**
 * 再生资源: batches of a station's or a sorting centre's store, one light manifest per load. The
 * commerce bureau regulates it; a general department and the office see it as every stream.
 */
export const RECYCLABLES: StreamDefinition = {
  key: 'recyclables',
  label: RECYCLABLE_STREAM.label,
  catalogue: 'renewable',
  codePattern: /^RR(0[1-5]|0[89]|1[01])$/,
  codeExample: 'RR04',
  categoryPrefix: 'RR',
  batchPrefix: 'ZSHS',
  producers: ['recycling_station', 'sorting_centre'],
  batchFields: RECYCLABLE_BATCH_FIELDS,
  bulkStore: true,
  regulators: [{ domain: 'commerce' }],
  manifest: RECYCLABLE_STREAM,
  receivers: 'verified',
  loadSource: 'batches',
  // 电子化申报 (seed 004 三(五)): stations and sorting centres declare each month's tonnes by category.
  declaration: { closingSetting: 'recycling.declaration_days', declarants: ['recycling_station', 'sorting_centre'] },
  auditEntities: ['recycling_intake', 'recycling_site', 'recycling_booking', 'recycling_collector', 'recycling_price_list'],
  alarms: [...LOAD_ALARMS, CORRIDOR_ALARM, 'recycling_booking_unaccepted'],
};
