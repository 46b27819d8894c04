import type { StreamConfig, FieldRule } from '../manifests/engine';
import { field, refusing, accepting } from './fields';
import type { BatchField, StreamDefinition } from './definition';
import { RECEPTION_OUTCOMES, type Choice } from './vocabularies';
import { LOAD_ALARMS, CORRIDOR_ALARM } from './alarms';

const FROM_BATCHES = { zh: '所选库存批次', en: 'the batches chosen' };
const FROM_TRUCK = { zh: '登记的运输车辆和驾驶员', en: 'the registered truck and driver' };

// 城镇污水污泥 (seed 000 三(三)3, indicator 31): a wastewater treatment plant records the dewatered
// sludge it produces by batch with its moisture content; each truckload goes on a manifest to a
// receiver, weighed as it leaves and as it arrives; the receiver states how it disposes of it, and
// the method (with the moisture content, for landfill) decides whether it counts as 无害化处置.

/** Landfill counts as 无害化 only for sludge dewatered to at most this moisture content (GB/T 23485: 混合填埋 < 60 %). */
export const LANDFILL_MAX_MOISTURE_PCT = 60;

/** How a receiver disposes of sludge, and whether the method is 无害化 in itself ('moisture': landfill, only when dry enough). */
export const SLUDGE_METHODS: (Choice & { harmless: true | false | 'moisture' })[] = [
  { value: 'incineration', zh: '焚烧（单独焚烧或电厂、垃圾焚烧厂协同焚烧）', en: 'Incineration (dedicated or co-fired)', harmless: true },
  { value: 'cement_kiln', zh: '水泥窑协同处置', en: 'Co-processing in a cement kiln', harmless: true },
  { value: 'building_materials', zh: '建材利用（制砖、陶粒等）', en: 'Building materials (bricks, ceramsite)', harmless: true },
  { value: 'land_use', zh: '稳定化处理后土地利用', en: 'Land use after stabilisation', harmless: true },
  { value: 'landfill', zh: '卫生填埋', en: 'Sanitary landfill', harmless: 'moisture' },
  { value: 'temporary', zh: '临时堆放（未处置）', en: 'Stockpiled (not disposed of)', harmless: false },
];

/** Whether a received load counts as 无害化处置, by its method and moisture content. */
export function harmlessDisposal(method: unknown, moisturePct: unknown): boolean {
  const found = SLUDGE_METHODS.find((m) => m.value === method);
  if (!found) return false;
  if (found.harmless === 'moisture') return typeof moisturePct === 'number' && moisturePct <= LANDFILL_MAX_MOISTURE_PCT;
  return found.harmless;
}

const MOISTURE = { min: 0, max: 100 };

export const SLUDGE_BATCH_FIELDS: BatchField[] = [
  { field: 'moisturePct', label: { zh: '含水率（%）', en: 'Moisture content (%)' }, kind: 'number', range: MOISTURE, required: true },
];

const F = field;

export const SLUDGE_FIELDS: FieldRule[] = [
  F('wasteCode', '污泥类别代码', 'Sludge class', { kind: 'code', pattern: /^SL0[1-3]$/, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('wasteName', '污泥来源', 'Source', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('physicalForm', '形态', 'Physical form', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('moisturePct', '出厂含水率（%）', 'Moisture content leaving the plant (%)', { kind: 'number', range: MOISTURE, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('declaredWeightT', '转移量（吨）', 'Declared weight (t)', { kind: 'weight', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_BATCHES }),
  F('plannedDate', '运输日期', 'Date', { kind: 'date', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('producerContact', '产生单位联系人及电话', 'Plant contact', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('vehicleId', '运输车辆', 'Vehicle', { kind: 'ref', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'transport', fixed: FROM_TRUCK }),
  F('driverId', '驾驶员', 'Driver', { kind: 'ref', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'transport', fixed: FROM_TRUCK }),
  F('vehiclePlate', '车牌号', 'Plate', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'transport', fixed: FROM_TRUCK }),
  F('driverName', '驾驶员姓名', 'Driver name', { kind: 'text', owner: 'producer', requiredFrom: null, sealedFrom: 'transport', fixed: FROM_TRUCK }),
  F('pickupWeightT', '出厂称重（吨）', 'Weight leaving the plant (t)', { kind: 'weight', range: { min: 0.0001 }, owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('receptionOutcome', '是否接收', 'Accepted?', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', options: RECEPTION_OUTCOMES }),
  F('receivedWeightT', '进场称重（吨）', 'Weighbridge at arrival (t)', { kind: 'weight', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('treatmentMethod', '处置方式', 'Disposal method', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: accepting, options: SLUDGE_METHODS }),
  F('receivedMoisturePct', '进场含水率（%）', 'Moisture content at arrival (%)', { kind: 'number', range: MOISTURE, owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
  F('refusalReason', '拒收原因', 'Reason for refusal', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: refusing }),
  F('receptionNote', '接收意见', 'Receiver’s remarks', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
];

export const SLUDGE_STREAM: StreamConfig = {
  stream: 'sludge',
  label: { zh: '城镇污水污泥', en: 'Sewage sludge' },
  fields: SLUDGE_FIELDS,
  // Dewatered sludge loses little water on the road; more than 5 % is worth a question.
  weightTolerance: 0.05,
  // A truckload arrives the same day; the receiver confirms within two working days.
  receiptWorkingDays: 2,
  paperEntryWorkingDays: 3,
  steps: ['emission', 'transport', 'reception'],
};

/**
 * 城镇污水污泥: batches of a wastewater treatment plant's store (its sludge bunker), one manifest per
 * truckload. Urban management (综合行政执法局, the plan's lead for indicator 31) and the housing
 * bureau regulate it; ecology sees it too.
 */
export const SLUDGE: StreamDefinition = {
  key: 'sludge',
  label: SLUDGE_STREAM.label,
  catalogue: 'sludge',
  codePattern: /^SL0[1-3]$/,
  codeExample: 'SL01',
  categoryPrefix: 'SL',
  batchPrefix: 'WNCS',
  producers: ['wastewater_plant'],
  batchFields: SLUDGE_BATCH_FIELDS,
  bulkStore: true,
  regulators: [{ domain: 'urban' }, { domain: 'housing' }, { domain: 'ecology' }],
  manifest: SLUDGE_STREAM,
  receivers: 'verified',
  loadSource: 'batches',
  declaration: null,
  auditEntities: [],
  alarms: [...LOAD_ALARMS, CORRIDOR_ALARM],
};
