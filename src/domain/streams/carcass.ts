import type { StreamConfig, FieldRule } from '../manifests/engine';
import { field, refusing, accepting } from './fields';
import type { StreamDefinition } from './definition';
import { RECEPTION_OUTCOMES } from './vocabularies';
import { CARCASS_CAUSES, CARCASS_CODE, CARCASS_METHODS, CARCASS_SPECIES } from '../agri/carcass';
import { LOAD_ALARMS } from './alarms';

// 病死畜禽 (seed 000 三(二), 四(二)2: 统一收集+集中处理+线上监控): a farm, or a town's agricultural
// station for scattered households, reports the dead animals; the treatment plant's sealed vehicle with
// its GPS terminal collects them on a round; each pickup is one manifest (the 交接单) from the farm to
// the plant, which carries and receives it and records how it treated it (化制, 高温法, 焚烧, 发酵).

const FROM_REPORT = { zh: '死亡报告（收集申请）', en: 'the death report (pickup request)' };

const F = field;

export const CARCASS_FIELDS: FieldRule[] = [
  F('wasteCode', '废弃物类别', 'Class', { kind: 'code', pattern: /^AG05$/, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_REPORT }),
  F('wasteName', '类别名称', 'Class name', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_REPORT }),
  F('species', '畜禽种类', 'Species', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', options: CARCASS_SPECIES, fixed: FROM_REPORT }),
  F('reportedHead', '报告数量（头/只）', 'Head reported', { kind: 'number', range: { min: 1, max: 100_000, integer: true }, owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_REPORT }),
  F('declaredWeightT', '估计重量（吨）', 'Estimated weight (t)', { kind: 'weight', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_REPORT }),
  F('cause', '死亡原因', 'Cause of death', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', options: CARCASS_CAUSES, fixed: FROM_REPORT }),
  F('source', '来源（养殖场或散户）', 'Source (farm or household)', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission', fixed: FROM_REPORT }),
  F('plannedDate', '申请收集日期', 'Pickup requested for', { kind: 'date', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('producerContact', '交出方联系人及电话', 'Contact at the source', { kind: 'text', owner: 'producer', requiredFrom: 'emission', sealedFrom: 'emission' }),
  F('vehiclePlate', '收集车辆号牌', 'Collection vehicle', { kind: 'text', owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('pickupHead', '清点数量（头/只）', 'Head counted at pickup', { kind: 'number', range: { min: 1, max: 100_000, integer: true }, owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('pickupWeightT', '收集称重（吨）', 'Weight at pickup (t)', { kind: 'weight', range: { min: 0.0005, max: 40 }, owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('handedOverBy', '交出方确认人', 'Handed over and confirmed by', { kind: 'text', owner: 'transporter', requiredFrom: 'transport', sealedFrom: 'transport' }),
  F('receptionOutcome', '是否接收', 'Accepted?', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', options: RECEPTION_OUTCOMES }),
  F('receivedWeightT', '进厂称重（吨）', 'Weighed at the plant (t)', { kind: 'weight', range: { min: 0, max: 40 }, owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('receivedHead', '接收数量（头/只）', 'Head received', { kind: 'number', range: { min: 0, max: 100_000, integer: true }, owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception' }),
  F('treatmentMethod', '无害化处理方式', 'Treatment method', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: accepting, options: CARCASS_METHODS }),
  F('treatedOn', '处理日期', 'Treated on', { kind: 'date', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: accepting }),
  F('refusalReason', '拒收原因', 'Reason for refusal', { kind: 'text', owner: 'receiver', requiredFrom: 'reception', sealedFrom: 'reception', requiredWhen: refusing }),
  F('receptionNote', '接收意见', 'Receiver’s remarks', { kind: 'text', owner: 'receiver', requiredFrom: null, sealedFrom: 'reception' }),
];

export const CARCASS_STREAM: StreamConfig = {
  stream: 'carcass',
  label: { zh: '病死畜禽', en: 'Dead livestock' },
  fields: CARCASS_FIELDS,
  // Carcasses lose fluid on the road and the farm's scale is rough.
  weightTolerance: 0.1,
  // A load reaches the plant the day it is collected (the hour-based alarm is carcass.receipt_hours).
  receiptWorkingDays: 1,
  paperEntryWorkingDays: 3,
  steps: ['emission', 'transport', 'reception'],
};

/**
 * 病死畜禽: one manifest per pickup, from the farm that reported (or from the plant on behalf of the
 * scattered households a town station reported for) to the harmless-treatment plant, which is both
 * carrier and receiver. The agriculture bureau (农业农村局) regulates it.
 */
export const CARCASS: StreamDefinition = {
  key: 'carcass',
  label: CARCASS_STREAM.label,
  catalogue: 'agricultural',
  codePattern: /^AG05$/,
  codeExample: CARCASS_CODE,
  categoryPrefix: 'AG05',
  batchPrefix: null,
  producers: ['farm'],
  batchFields: [],
  bulkStore: false,
  regulators: [{ domain: 'agriculture' }],
  manifest: CARCASS_STREAM,
  receivers: 'verified',
  loadSource: 'report',
  declaration: null,
  auditEntities: ['carcass_report', 'carcass_round'],
  alarms: [...LOAD_ALARMS, 'carcass_not_collected', 'carcass_off_route', 'carcass_not_received', 'carcass_suspected_disease'],
};
