import type { StreamConfig, FieldRule } from '../manifests/engine';
import { field, refusing, accepting } from './fields';
import type { StreamDefinition } from './definition';
import { RECEPTION_OUTCOMES } from './vocabularies';
import { LOAD_ALARMS } from './alarms';

const FROM_PLAN = { zh: '工程项目及获批处理方案', en: 'the project and its approved plan' };
const FROM_TRUCK = { zh: '登记的运输车辆和驾驶员', en: 'the registered truck and driver' };

// 建筑垃圾电子转移联单: one truckload from a site to a consumption site (消纳场) or recycling plant.
// The site signs the load out, the driver signs with the exit weight, the receiving site signs with
// its weighbridge figure. Loads arrive the same day: one working day before it counts as not arrived.

const F = field;

export const CONSTRUCTION_FIELDS: FieldRule[] = [
  F('projectId', '工程项目', 'Project', { kind: 'ref', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_PLAN }),
  F('projectName', '工程名称', 'Project name', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_PLAN }),
  F('wasteCode', '建筑垃圾类别', 'Category', { kind: 'code', pattern: /^CW0[1-5]$/, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_PLAN }),
  F('wasteName', '类别名称', 'Category name', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_PLAN }),
  F('declaredWeightT', '预计装载量（吨）', 'Expected load (t)', { kind: 'weight', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_PLAN }),
  F('plannedDate', '运输日期', 'Date', { kind: 'date', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('siteId', '消纳/利用场所', 'Destination site', { kind: 'ref', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_PLAN }),
  F('siteName', '场所名称', 'Site name', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_PLAN }),
  F('vehicleId', '运输车辆', 'Vehicle', { kind: 'ref', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'transport', fixed: FROM_TRUCK }),
  F('driverId', '驾驶员', 'Driver', { kind: 'ref', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'transport', fixed: FROM_TRUCK }),
  F('vehiclePlate', '车牌号', 'Plate', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'transport', fixed: FROM_TRUCK }),
  F('pickupWeightT', '出场称重（吨）', 'Exit weight (t)', { kind: 'weight', range: { min: 0.0001 }, owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('receptionOutcome', '是否接收', 'Accepted?', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', options: RECEPTION_OUTCOMES }),
  F('receivedWeightT', '进场称重（吨）', 'Weighbridge at arrival (t)', { kind: 'weight', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('treatmentMethod', '消纳/利用方式', 'Disposal or recycling', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: accepting }),
  F('refusalReason', '拒收原因', 'Reason for refusal', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: refusing }),
  F('receptionNote', '接收意见', 'Receiver’s remarks', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
];

export const CONSTRUCTION_STREAM: StreamConfig = {
  stream: 'construction',
  label: { zh: '建筑垃圾', en: 'Construction waste' },
  fields: CONSTRUCTION_FIELDS,
  weightTolerance: 0.05,
  receiptWorkingDays: 1,
  paperEntryWorkingDays: 3,
  steps: ['emission', 'transport', 'reception'],
};

/**
 * 建筑垃圾: truckloads from a project of an approved disposal plan. The housing bureau approves plans,
 * urban management (综合行政执法) enforces transport.
 */
export const CONSTRUCTION: StreamDefinition = {
  key: 'construction',
  label: CONSTRUCTION_STREAM.label,
  catalogue: 'construction',
  codePattern: /^CW0[1-5]$/,
  codeExample: 'CW01',
  categoryPrefix: 'CW',
  batchPrefix: null,
  producers: ['construction_site'],
  batchFields: [],
  bulkStore: false,
  regulators: [{ domain: 'housing' }, { domain: 'urban' }],
  manifest: CONSTRUCTION_STREAM,
  receivers: 'sites',
  loadSource: 'project',
  declaration: null,
  auditEntities: ['construction_project', 'construction_plan', 'disposal_site'],
  alarms: [...LOAD_ALARMS, 'construction_diverted', 'construction_off_route', 'construction_overload', 'construction_outflow'],
};
