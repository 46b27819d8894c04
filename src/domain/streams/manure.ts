import type { StreamConfig, FieldRule } from '../manifests/engine';
import { field, refusing, accepting } from './fields';
import type { StreamDefinition } from './definition';
import { RECEPTION_OUTCOMES, type Choice } from './vocabularies';
import { LOAD_ALARMS, CORRIDOR_ALARM } from './alarms';

// 畜禽粪污 handed to an organic-fertiliser plant (seed 000 三(二): 落实聊城市养殖粪污生产有机肥补贴政策).
// Most manure stays on the farm's own books (还田, 沼气, 出售: the livestock area's monthly ledger);
// what leaves for the plant travels on a light manifest: the farm states the load, the plant's truck
// signs at pickup with its estimate, the plant signs at reception with its weighbridge weight. That
// weight is what the farm's ledger counts as 有机肥利用.

const FROM_FARM = { zh: '畜禽养殖场登记', en: 'the farm’s register entry' };

export const MANURE_CODE = 'AG02';

/** What the plant makes of the manure it takes (its 台账's use). */
export const MANURE_PLANT_USES: Choice[] = [
  { value: 'organic_fertiliser', zh: '好氧发酵生产商品有机肥', en: 'Composted into commercial organic fertiliser' },
  { value: 'bio_fertiliser', zh: '生产生物有机肥', en: 'Bio-organic fertiliser' },
  { value: 'substrate', zh: '生产育苗基质', en: 'Growing substrate' },
];

/** What a load is: solid manure, or slurry carried in a tanker. */
export const MANURE_FORMS: Choice[] = [
  { value: 'solid', zh: '干粪（固体粪便）', en: 'Solid manure' },
  { value: 'slurry', zh: '粪水（液体粪污）', en: 'Slurry' },
];

const F = field;

export const MANURE_FIELDS: FieldRule[] = [
  F('wasteCode', '废物类别', 'Class', { kind: 'code', pattern: /^AG02$/, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_FARM }),
  F('wasteName', '类别名称', 'Class name', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_FARM }),
  F('species', '畜种', 'Species', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_FARM }),
  F('manureForm', '粪污形态', 'Form', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', options: MANURE_FORMS }),
  F('declaredWeightT', '预估重量（吨）', 'Estimated weight (t)', { kind: 'weight', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('plannedDate', '交接日期', 'Hand-over date', { kind: 'date', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('producerContact', '养殖场联系人及电话', 'Farm contact', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('vehiclePlate', '运输车辆号牌', 'Truck', { kind: 'text', owner: 'transporter', requiredFrom: null, sealedFrom: 'transport' }),
  F('pickupWeightT', '装车估重（吨）', 'Weight at pickup (t)', { kind: 'weight', range: { min: 0.001, max: 60 }, owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('receptionOutcome', '是否接收', 'Accepted?', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', options: RECEPTION_OUTCOMES }),
  F('receivedWeightT', '地磅称重（吨）', 'Weighbridge weight (t)', { kind: 'weight', range: { min: 0, max: 60 }, owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('treatmentMethod', '利用方式', 'Use', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: accepting, options: MANURE_PLANT_USES }),
  F('weighbridgeTicketNo', '地磅磅单号', 'Weighbridge ticket', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
  F('refusalReason', '拒收原因', 'Reason for refusal', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: refusing }),
  F('receptionNote', '接收意见', 'Receiver’s remarks', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
];

export const MANURE_STREAM: StreamConfig = {
  stream: 'manure',
  label: { zh: '畜禽粪污（交有机肥厂）', en: 'Livestock manure (to fertiliser plants)' },
  fields: MANURE_FIELDS,
  // Slurry sloshes and solid manure dries on the road: the weighbridge may read a fifth below the estimate.
  weightTolerance: 0.2,
  receiptWorkingDays: 1,
  paperEntryWorkingDays: 3,
  steps: ['emission', 'transport', 'reception'],
};

/**
 * 畜禽粪污: a hand-over from a farm of the livestock register to a verified organic-fertiliser plant,
 * whose own truck fetches it. Agriculture (农业农村局 and its town stations) regulates it; the farm
 * register and the monthly manure ledger are records of the same stream.
 */
export const MANURE: StreamDefinition = {
  key: 'manure',
  label: MANURE_STREAM.label,
  catalogue: 'agricultural',
  codePattern: /^AG02$/,
  codeExample: MANURE_CODE,
  categoryPrefix: 'AG02',
  batchPrefix: null,
  producers: ['farm'],
  batchFields: [],
  bulkStore: false,
  regulators: [{ domain: 'agriculture' }],
  manifest: MANURE_STREAM,
  receivers: 'verified',
  loadSource: 'farm',
  declaration: null,
  auditEntities: ['livestock_farm_year', 'manure_month'],
  alarms: [...LOAD_ALARMS, CORRIDOR_ALARM],
};
