import type { StreamConfig, FieldRule } from '../manifests/engine';
import { field, refusing, accepting } from './fields';
import type { StreamDefinition } from './definition';
import { RECEPTION_OUTCOMES, type Choice } from './vocabularies';
import { LOAD_ALARMS, CORRIDOR_ALARM } from './alarms';

// 餐厨垃圾 (seed 000 三(三), ADR 0006): restaurants, canteens, schools and hotels hand their food waste
// and their used cooking oil only to the collector they hold a contract with (收运合同); the collector's
// truck takes each pickup to the kitchen-waste plant, and used oil to a verified oil recycler. The
// receiving side of these manifests is the plant's 台账: source, quantity, destination and use.

const FROM_REQUEST = { zh: '产生单位的收运申请', en: 'the producer’s pickup request' };
const FROM_CONTRACT = { zh: '登记的收运合同', en: 'the registered collection contract' };

/** 餐厨垃圾 (food waste) and 废弃食用油脂 (used cooking oil, 地沟油): traced apart, the oil to a recycler. */
export const KITCHEN_CODES = {
  food: 'KW01',
  oil: 'KW02',
} as const;

/** What a producer is, as its registration says (餐饮服务单位, 单位食堂, 学校食堂, 宾馆酒店). */
export const KITCHEN_PRODUCER_KINDS: Choice[] = [
  { value: 'restaurant', zh: '餐饮服务单位', en: 'Restaurant' },
  { value: 'canteen', zh: '机关企事业单位食堂', en: 'Canteen' },
  { value: 'school', zh: '学校食堂', en: 'School canteen' },
  { value: 'hotel', zh: '宾馆酒店', en: 'Hotel' },
];

/**
 * 用途 at the receiving end, the 台账's "use": how the plant or the oil recycler treats the load.
 * `oil`: a use that takes used cooking oil (the only ones a KW02 load may be received for).
 */
export const KITCHEN_USES: (Choice & { oil: boolean })[] = [
  { value: 'anaerobic', zh: '厌氧发酵产沼气', en: 'Anaerobic digestion (biogas)', oil: false },
  { value: 'composting', zh: '好氧发酵堆肥', en: 'Aerobic composting', oil: false },
  { value: 'insect_feed', zh: '饲料化（黑水虻等生物转化）', en: 'Feed through insect conversion', oil: false },
  { value: 'biodiesel', zh: '油脂提炼（生物柴油）', en: 'Oil refining (biodiesel)', oil: true },
  { value: 'industrial_oil', zh: '油脂提炼（工业用油）', en: 'Oil refining (industrial oils)', oil: true },
  { value: 'incineration', zh: '焚烧（协同处置）', en: 'Incineration (co-processing)', oil: false },
  { value: 'landfill', zh: '卫生填埋（应急）', en: 'Sanitary landfill (emergency)', oil: false },
];

/** The uses a load of this code may be received for: used oil only for refining. */
export const usesFor = (code: string) => KITCHEN_USES.filter((u) => code !== KITCHEN_CODES.oil || u.oil);

/** Days without a pickup after which a registered producer raises an alarm, unless its region sets another figure. */
export const PICKUP_GAP_SETTING = 'kitchen.pickup_gap_days';

const F = field;

export const KITCHEN_FIELDS: FieldRule[] = [
  F('wasteCode', '餐厨废弃物类别', 'Class', { kind: 'code', pattern: /^KW0[12]$/, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_REQUEST }),
  F('wasteName', '类别名称', 'Class name', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_REQUEST }),
  F('producerKind', '产生单位类型', 'Kind of producer', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', options: KITCHEN_PRODUCER_KINDS, fixed: FROM_CONTRACT }),
  F('contractNo', '收运合同编号', 'Collection contract', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_CONTRACT }),
  F('bucketCount', '桶数（标准桶）', 'Buckets', { kind: 'number', range: { min: 1, max: 500, integer: true }, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('declaredWeightT', '预估重量（吨）', 'Estimated weight (t)', { kind: 'weight', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_REQUEST }),
  F('plannedDate', '收运日期', 'Pickup date', { kind: 'date', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('producerContact', '产生单位联系人及电话', 'Producer contact', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('vehiclePlate', '收运车辆号牌', 'Collection truck', { kind: 'text', owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('pickupWeightT', '收运称重（吨）', 'Weight at pickup (t)', { kind: 'weight', range: { min: 0.001, max: 30 }, owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('receptionOutcome', '是否接收', 'Accepted?', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', options: RECEPTION_OUTCOMES }),
  F('receivedWeightT', '进场称重（吨）', 'Weighbridge at arrival (t)', { kind: 'weight', range: { min: 0, max: 30 }, owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('treatmentMethod', '用途（处理方式）', 'Use (treatment)', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: accepting, options: KITCHEN_USES }),
  F('weighbridgeTicketNo', '地磅磅单号', 'Weighbridge ticket', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
  F('refusalReason', '拒收原因', 'Reason for refusal', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: refusing }),
  F('receptionNote', '接收意见', 'Receiver’s remarks', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
];

export const KITCHEN_STREAM: StreamConfig = {
  stream: 'kitchen',
  label: { zh: '餐厨垃圾', en: 'Kitchen waste' },
  fields: KITCHEN_FIELDS,
  // Buckets drip on the road and the estimate is rough: the gate may weigh a tenth less than the pickup.
  weightTolerance: 0.1,
  // A pickup reaches the plant the same day; the plant confirms the next working day.
  receiptWorkingDays: 1,
  paperEntryWorkingDays: 3,
  steps: ['emission', 'transport', 'reception'],
};

/**
 * 餐厨垃圾: a pickup at a registered producer under its collection contract, one manifest each, by the
 * contracted collector to the kitchen-waste plant (used oil to a verified oil recycler). Urban
 * management (综合行政执法局, the owner of household waste) and the housing bureau regulate it.
 */
export const KITCHEN: StreamDefinition = {
  key: 'kitchen',
  label: KITCHEN_STREAM.label,
  catalogue: 'kitchen',
  codePattern: /^KW0[12]$/,
  codeExample: 'KW01',
  categoryPrefix: 'KW',
  batchPrefix: null,
  producers: ['catering'],
  batchFields: [],
  bulkStore: false,
  regulators: [{ domain: 'urban' }, { domain: 'housing' }],
  manifest: KITCHEN_STREAM,
  receivers: 'verified',
  loadSource: 'contract',
  declaration: null,
  auditEntities: ['kitchen_contract'],
  alarms: [...LOAD_ALARMS, CORRIDOR_ALARM, 'kitchen_no_pickup'],
};
