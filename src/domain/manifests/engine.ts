// The transfer-manifest (联单) engine: one state machine for every waste stream. What differs per
// stream (which fields, who fills them, when they are required and sealed, tolerances, deadlines)
// is a StreamConfig value; nothing here knows about hazardous or construction waste.

export type Party = 'producer' | 'transporter' | 'receiver';
/** The signing steps, in order. A handover is signed once per transporter after the first. */
export type StepKey = 'emission' | 'transport' | 'handover' | 'reception';
export const STEP_ORDER: StepKey[] = ['emission', 'transport', 'handover', 'reception'];

export type ManifestStatus = 'draft' | 'signed_by_producer' | 'in_transit' | 'received' | 'partially_refused' | 'refused' | 'cancelled';
export const FINAL_STATUSES: ManifestStatus[] = ['received', 'partially_refused', 'refused', 'cancelled'];
/** Photos one signature may carry (the driver's of the load at pickup): the sign route's bound and the phone's. */
export const SIGNATURE_PHOTOS_MAX = 6;

export type ManifestAction = 'sign_emission' | 'sign_transport' | 'sign_handover' | 'sign_reception' | 'cancel';

export interface Label { zh: string; en: string }

export type FieldKind = 'text' | 'number' | 'weight' | 'date' | 'datetime' | 'code' | 'ref' | 'list' | 'boolean';

/** One row of the rule table: who fills a field, from which signature it is required, from which it is sealed. */
export interface FieldRule {
  field: string;
  label: Label;
  kind: FieldKind;
  owner: Party;
  requiredFrom: StepKey | null;
  sealedFrom: StepKey;
  /** Only when this is true of the manifest's data (e.g. a refusal reason when refusing). */
  requiredWhen?: (data: ManifestData) => boolean;
  /** The values allowed (a vocabulary): a text or code outside it is refused. */
  options?: readonly { value: string; zh: string; en: string }[];
  /** The format of a code (e.g. an 8-digit waste code). */
  pattern?: RegExp;
  /** Bounds of a number or weight; defaults are 0 to 1,000 t for weights. */
  range?: { min?: number; max?: number; integer?: boolean };
  /** Set by the platform at creation from what the load is (its batches, its project, its truck); never edited directly. */
  fixed?: Label;
}

export interface StreamConfig {
  stream: string;
  label: Label;
  fields: FieldRule[];
  /** Relative weight difference (received vs. picked up) that is reported as a discrepancy. */
  weightTolerance: number;
  /** The receiver confirms within this many working days of arrival (危险废物转移管理办法 第十二条). */
  receiptWorkingDays: number;
  /** A paper manifest used in an emergency is entered within this many working days (第二十条). */
  paperEntryWorkingDays: number;
  /** Steps this stream signs; handovers need several transporters anyway. */
  steps: StepKey[];
}

export type ManifestData = Record<string, unknown>;

export interface Signature { step: StepKey; leg: number; organisationId: string; userId: string; at: string }

/** The engine's view of a manifest: plain data, no IO. */
export interface ManifestState {
  status: ManifestStatus;
  producerId: string;
  /** Transporters in leg order; the first picks up, each next one signs a handover. */
  transporterIds: string[];
  receiverId: string;
  signatures: Signature[];
  data: ManifestData;
}

export type EngineErrorCode =
  | 'FINAL' | 'OUT_OF_TURN' | 'NOT_A_PARTY' | 'ALREADY_SIGNED' | 'MISSING_FIELDS' | 'SEALED_FIELD' | 'NOT_YOUR_FIELD' | 'UNKNOWN_FIELD' | 'CANNOT_CANCEL';

export class EngineError extends Error {
  constructor(readonly code: EngineErrorCode, readonly detail: { fields?: string[]; expected?: Turn | null } = {}) {
    super(code);
  }
}

/** Whose signature the manifest waits for. */
export interface Turn { action: ManifestAction; step: StepKey; party: Party; organisationId: string; leg: number }

/**
 * `steps` are the stream's signing steps. A stream without a transport step (a light hand-over,
 * signed by the two ends only) is on its way once the producer signs, and the receiver signs next.
 */
export function nextTurn(m: ManifestState, steps: StepKey[] = STEP_ORDER): Turn | null {
  if (FINAL_STATUSES.includes(m.status)) return null;
  if (m.status === 'draft') return { action: 'sign_emission', step: 'emission', party: 'producer', organisationId: m.producerId, leg: 0 };
  if (!steps.includes('transport')) return { action: 'sign_reception', step: 'reception', party: 'receiver', organisationId: m.receiverId, leg: 0 };
  if (m.status === 'signed_by_producer') return { action: 'sign_transport', step: 'transport', party: 'transporter', organisationId: m.transporterIds[0], leg: 0 };
  const legsSigned = m.signatures.filter((s) => s.step === 'transport' || s.step === 'handover').length;
  if (legsSigned < m.transporterIds.length) {
    return { action: 'sign_handover', step: 'handover', party: 'transporter', organisationId: m.transporterIds[legsSigned], leg: legsSigned };
  }
  return { action: 'sign_reception', step: 'reception', party: 'receiver', organisationId: m.receiverId, leg: 0 };
}

/** The parties an organisation plays on this manifest (a company can be producer and receiver of its own store). */
export function partiesOf(m: ManifestState, organisationId: string): Party[] {
  const parties: Party[] = [];
  if (m.producerId === organisationId) parties.push('producer');
  if (m.transporterIds.includes(organisationId)) parties.push('transporter');
  if (m.receiverId === organisationId) parties.push('receiver');
  return parties;
}

export const signedSteps = (m: ManifestState): Set<StepKey> => new Set(m.signatures.map((s) => s.step));

/** True once the field's sealing step has been signed: then only a revision request can change it. */
export function isSealed(config: StreamConfig, m: ManifestState, field: string): boolean {
  const rule = config.fields.find((f) => f.field === field);
  if (!rule) return true;
  return signedSteps(m).has(rule.sealedFrom);
}

/**
 * Fields that must be filled before this step may be signed: those required from this step or an
 * earlier one on the manifest's path (a manifest with one transporter has no handover step).
 */
export function missingFor(config: StreamConfig, data: ManifestData, step: StepKey, path: StepKey[] = STEP_ORDER): string[] {
  const upTo = STEP_ORDER.indexOf(step);
  return config.fields
    .filter((f) => f.requiredFrom !== null && path.includes(f.requiredFrom) && STEP_ORDER.indexOf(f.requiredFrom) <= upTo && (f.requiredWhen ? f.requiredWhen(data) : true))
    .filter((f) => isBlank(data[f.field]))
    .map((f) => f.field);
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Checks an edit of a draft or open step: each field must exist, belong to the editor, and not be sealed. */
export function checkEdit(config: StreamConfig, m: ManifestState, organisationId: string, patch: ManifestData): void {
  if (FINAL_STATUSES.includes(m.status)) throw new EngineError('FINAL');
  const parties = partiesOf(m, organisationId);
  if (parties.length === 0) throw new EngineError('NOT_A_PARTY');
  for (const field of Object.keys(patch)) {
    const rule = config.fields.find((f) => f.field === field);
    if (!rule) throw new EngineError('UNKNOWN_FIELD', { fields: [field] });
    if (!parties.includes(rule.owner)) throw new EngineError('NOT_YOUR_FIELD', { fields: [field] });
    if (isSealed(config, m, field)) throw new EngineError('SEALED_FIELD', { fields: [field] });
  }
}

export type ReceptionOutcome = 'accepted' | 'partially_refused' | 'refused';

/**
 * Signs the step whose turn it is, for `organisationId`. Returns the new state; throws EngineError
 * for anything out of order. `patch` is the step's own data, applied before the required check.
 */
export function sign(config: StreamConfig, m: ManifestState, by: { organisationId: string; userId: string; at: string }, action: ManifestAction, patch: ManifestData = {}): ManifestState {
  if (FINAL_STATUSES.includes(m.status)) throw new EngineError('FINAL');
  if (action === 'cancel') return cancel(m, by.organisationId);
  const turn = nextTurn(m, config.steps)!;
  if (partiesOf(m, by.organisationId).length === 0) throw new EngineError('NOT_A_PARTY');
  if (turn.action !== action) {
    const done = m.signatures.some((s) => stepAction(s.step) === action && s.organisationId === by.organisationId);
    throw new EngineError(done ? 'ALREADY_SIGNED' : 'OUT_OF_TURN', { expected: turn });
  }
  if (turn.organisationId !== by.organisationId) throw new EngineError('OUT_OF_TURN', { expected: turn });
  checkEdit(config, m, by.organisationId, patch);
  const data = { ...m.data, ...patch };
  const path = config.steps.filter((step) => step !== 'handover' || m.transporterIds.length > 1);
  const missing = missingFor(config, data, turn.step, path);
  if (missing.length > 0) throw new EngineError('MISSING_FIELDS', { fields: missing });
  const signatures = [...m.signatures, { step: turn.step, leg: turn.leg, organisationId: by.organisationId, userId: by.userId, at: by.at }];
  return { ...m, data, signatures, status: statusAfter(turn.step, data, config.steps) };
}

function stepAction(step: StepKey): ManifestAction {
  return ({ emission: 'sign_emission', transport: 'sign_transport', handover: 'sign_handover', reception: 'sign_reception' } as const)[step];
}

function statusAfter(step: StepKey, data: ManifestData, steps: StepKey[]): ManifestStatus {
  switch (step) {
    case 'emission': return steps.includes('transport') ? 'signed_by_producer' : 'in_transit';
    case 'transport':
    case 'handover': return 'in_transit';
    case 'reception': {
      const outcome = data.receptionOutcome as ReceptionOutcome | undefined;
      return outcome === 'refused' ? 'refused' : outcome === 'partially_refused' ? 'partially_refused' : 'received';
    }
  }
}

/** Only the producer cancels, and only before the load has left (no pickup signature yet). */
function cancel(m: ManifestState, organisationId: string): ManifestState {
  if (m.producerId !== organisationId) throw new EngineError(partiesOf(m, organisationId).length ? 'CANNOT_CANCEL' : 'NOT_A_PARTY');
  if (m.status !== 'draft' && m.status !== 'signed_by_producer') throw new EngineError('CANNOT_CANCEL');
  return { ...m, status: 'cancelled' };
}

export interface Discrepancy { kind: 'weight' | 'name' | 'form' | 'packaging'; expected: unknown; actual: unknown; ratio?: number }

/** Differences the receiver found, to be recorded and reported (第十八条). */
export function discrepancies(config: StreamConfig, data: ManifestData): Discrepancy[] {
  const found: Discrepancy[] = [];
  const shipped = Number(data.pickupWeightT ?? data.declaredWeightT);
  const received = Number(data.receivedWeightT);
  if (Number.isFinite(shipped) && shipped > 0 && Number.isFinite(received)) {
    const ratio = Math.abs(received - shipped) / shipped;
    if (ratio > config.weightTolerance) found.push({ kind: 'weight', expected: shipped, actual: received, ratio: Math.round(ratio * 10_000) / 10_000 });
  }
  for (const kind of ['name', 'form', 'packaging'] as const) {
    const flag = data[`${kind}Mismatch`];
    if (flag) found.push({ kind, expected: data[kind === 'name' ? 'wasteName' : kind === 'form' ? 'physicalForm' : 'packaging'], actual: data[`${kind}Actual`] ?? null });
  }
  return found;
}
