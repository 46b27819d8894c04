import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sign, nextTurn, checkEdit, discrepancies, EngineError, FINAL_STATUSES, type ManifestState, type ManifestAction, type ManifestData } from './engine';
import { HAZARDOUS_STREAM } from '../streams/hazardous';

const PRODUCER = 'org-producer';
const T1 = 'org-transporter-1';
const T2 = 'org-transporter-2';
const RECEIVER = 'org-receiver';
const OUTSIDER = 'org-outsider';
const ORGS = [PRODUCER, T1, T2, RECEIVER, OUTSIDER];
const ACTIONS: ManifestAction[] = ['sign_emission', 'sign_transport', 'sign_handover', 'sign_reception', 'cancel'];

const emissionData: ManifestData = {
  wasteCode: '900-249-08', wasteName: '废矿物油', hazard: ['T', 'I'], physicalForm: '液态', packaging: '200L铁桶', containerCount: 10,
  declaredWeightT: 2, dangerousGoodsClass: '第3类 UN1270', emergencyMeasures: '配备吸油毡', plannedDate: '2026-11-25', vehicleId: 'v1', driverId: 'd1', producerContact: '张伟 13800000000',
};
const stepData: Record<ManifestAction, ManifestData> = {
  sign_emission: emissionData,
  sign_transport: { pickupWeightT: 2.02, vehiclePermitNo: '371500001234', origin: '临清市松林镇', destination: '临清市唐园镇' },
  sign_handover: { handoverPlace: '临清东服务区' },
  sign_reception: { receptionOutcome: 'accepted', receivedWeightT: 2.0, treatmentMethod: 'R9' },
  cancel: {},
};

const fresh = (transporters: string[]): ManifestState => ({ status: 'draft', producerId: PRODUCER, transporterIds: transporters, receiverId: RECEIVER, signatures: [], data: {} });

// Half the calls are made by whoever's turn it is, so that random runs get far into the chain.
const command = fc.record({
  action: fc.oneof(fc.constant('turn' as const), fc.constantFrom(...ACTIONS)),
  org: fc.oneof(fc.constant('turn'), fc.constantFrom(...ORGS)),
  withData: fc.nat(9).map((n) => n < 7),
});
type Command = { action: ManifestAction | 'turn'; org: string; withData: boolean };

function run(state: ManifestState, cmd: Command) {
  const turn = nextTurn(state);
  const action = cmd.action === 'turn' ? turn?.action ?? 'cancel' : cmd.action;
  const org = cmd.org === 'turn' ? turn?.organisationId ?? PRODUCER : cmd.org;
  try {
    return sign(HAZARDOUS_STREAM, state, { organisationId: org, userId: `u-${org}`, at: '2026-11-22T10:00:00Z' }, action, cmd.withData ? stepData[action] : {});
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return state;
  }
}

/** What a legal history looks like: emission, transport, one handover per extra transporter, reception. */
function assertLegal(m: ManifestState) {
  const steps = m.signatures.map((s) => s.step);
  const expected = ['emission', 'transport', ...m.transporterIds.slice(1).map(() => 'handover'), 'reception'];
  expect(expected.slice(0, steps.length)).toEqual(steps);
  m.signatures.forEach((s, i) => {
    const who = i === 0 ? PRODUCER : i <= m.transporterIds.length ? m.transporterIds[i - 1] : RECEIVER;
    expect(s.organisationId).toBe(who);
  });
  if (m.status === 'draft') expect(steps).toEqual([]);
  if (m.status === 'signed_by_producer') expect(steps).toEqual(['emission']);
  if (m.status === 'in_transit') expect(steps.length).toBeGreaterThanOrEqual(2);
  if (['received', 'partially_refused', 'refused'].includes(m.status)) expect(steps.at(-1)).toBe('reception');
  if (m.status === 'cancelled') expect(steps.length).toBeLessThanOrEqual(1);
}

describe('the manifest state machine', () => {
  it('never reaches an illegal state, whatever sequence of calls is made', () => {
    const reached = new Set<string>();
    fc.assert(fc.property(fc.constantFrom([T1], [T1, T2]), fc.array(command, { maxLength: 30 }), (transporters, commands) => {
      let m = fresh([...transporters]);
      for (const cmd of commands) {
        m = run(m, cmd);
        assertLegal(m);
        reached.add(m.status);
      }
    }), { numRuns: 500 });
    // The runs explored the whole machine, not just its first state.
    expect([...reached].sort()).toEqual(['cancelled', 'draft', 'in_transit', 'received', 'signed_by_producer']);
  });

  it('lets only the organisation whose turn it is sign', () => {
    fc.assert(fc.property(fc.array(command, { maxLength: 12 }), fc.constantFrom(...ORGS), (commands, org) => {
      const m = commands.reduce(run, fresh([T1, T2]));
      const turn = nextTurn(m);
      if (!turn || org === turn.organisationId) return;
      expect(() => sign(HAZARDOUS_STREAM, m, { organisationId: org, userId: 'u', at: 'now' }, turn.action, stepData[turn.action])).toThrow(EngineError);
    }), { numRuns: 300 });
  });

  it('never lets a sealed field be edited again', () => {
    fc.assert(fc.property(fc.array(command, { maxLength: 16 }), (commands) => {
      const m = commands.reduce(run, fresh([T1]));
      const signed = new Set(m.signatures.map((s) => s.step));
      for (const rule of HAZARDOUS_STREAM.fields) {
        const owner = rule.owner === 'producer' ? PRODUCER : rule.owner === 'transporter' ? T1 : RECEIVER;
        if (signed.has(rule.sealedFrom) || FINAL_STATUSES.includes(m.status)) {
          expect(() => checkEdit(HAZARDOUS_STREAM, m, owner, { [rule.field]: 'changed' })).toThrow(EngineError);
        }
      }
    }), { numRuns: 300 });
  });

  it('closes a one-transporter manifest without asking for a handover', () => {
    const by = (org: string) => ({ organisationId: org, userId: `u-${org}`, at: '2026-11-22T10:00:00Z' });
    let m = sign(HAZARDOUS_STREAM, fresh([T1]), by(PRODUCER), 'sign_emission', emissionData);
    m = sign(HAZARDOUS_STREAM, m, by(T1), 'sign_transport', stepData.sign_transport);
    m = sign(HAZARDOUS_STREAM, m, by(RECEIVER), 'sign_reception', stepData.sign_reception);
    expect(m.status).toBe('received');
    expect(m.signatures.map((s) => s.step)).toEqual(['emission', 'transport', 'reception']);
  });

  it('refuses to sign a step with required fields missing, naming them', () => {
    const error = (() => { try { sign(HAZARDOUS_STREAM, fresh([T1]), { organisationId: PRODUCER, userId: 'u', at: 'now' }, 'sign_emission', { wasteCode: '900-249-08' }); } catch (e) { return e as EngineError; } })();
    expect(error?.code).toBe('MISSING_FIELDS');
    expect(error?.detail.fields).toContain('declaredWeightT');
    expect(error?.detail.fields).not.toContain('wasteCode');
  });

  it('walks a two-transporter manifest to a partial refusal, which needs a reason', () => {
    const by = (org: string) => ({ organisationId: org, userId: `u-${org}`, at: '2026-11-22T10:00:00Z' });
    let m = sign(HAZARDOUS_STREAM, fresh([T1, T2]), by(PRODUCER), 'sign_emission', emissionData);
    m = sign(HAZARDOUS_STREAM, m, by(T1), 'sign_transport', stepData.sign_transport);
    expect(() => sign(HAZARDOUS_STREAM, m, by(RECEIVER), 'sign_reception', stepData.sign_reception)).toThrow('OUT_OF_TURN');
    m = sign(HAZARDOUS_STREAM, m, by(T2), 'sign_handover', stepData.sign_handover);
    expect(() => sign(HAZARDOUS_STREAM, m, by(RECEIVER), 'sign_reception', { receptionOutcome: 'partially_refused', receivedWeightT: 1.5, treatmentMethod: 'R9' })).toThrow('MISSING_FIELDS');
    m = sign(HAZARDOUS_STREAM, m, by(RECEIVER), 'sign_reception', { receptionOutcome: 'partially_refused', receivedWeightT: 1.5, treatmentMethod: 'R9', refusalReason: '两桶渗漏' });
    expect(m.status).toBe('partially_refused');
    expect(discrepancies(HAZARDOUS_STREAM, m.data)).toEqual([{ kind: 'weight', expected: 2.02, actual: 1.5, ratio: 0.2574 }]);
  });

  it('reports no weight discrepancy within the 5% tolerance', () => {
    expect(discrepancies(HAZARDOUS_STREAM, { pickupWeightT: 2, receivedWeightT: 1.91 })).toEqual([]);
    expect(discrepancies(HAZARDOUS_STREAM, { pickupWeightT: 2, receivedWeightT: 1.89 })).toHaveLength(1);
  });
});

describe('a stream signed by its two ends only', () => {
  it('goes from the producer straight to the receiver, and nobody signs transport', async () => {
    const { INDUSTRIAL_STREAM } = await import('../streams/industrial');
    const at = '2026-11-23T08:00:00Z';
    let m = fresh([T1]);
    const emission = { wasteCode: 'SW02', wasteName: '粉煤灰', physicalForm: '固态', declaredWeightT: 30, plannedDate: '2026-11-24', purpose: '利用', producerContact: '王工 0635-1234567' };
    expect(() => sign(INDUSTRIAL_STREAM, m, { organisationId: PRODUCER, userId: 'u', at }, 'sign_emission', { wasteCode: 'SW02' })).toThrow(EngineError);
    m = sign(INDUSTRIAL_STREAM, m, { organisationId: PRODUCER, userId: 'u', at }, 'sign_emission', emission);
    expect(m.status).toBe('in_transit');
    expect(nextTurn(m, INDUSTRIAL_STREAM.steps)).toMatchObject({ action: 'sign_reception', organisationId: RECEIVER });
    expect(() => sign(INDUSTRIAL_STREAM, m, { organisationId: T1, userId: 'u', at }, 'sign_transport', {})).toThrow(EngineError);
    m = sign(INDUSTRIAL_STREAM, m, { organisationId: RECEIVER, userId: 'u', at }, 'sign_reception', { receptionOutcome: 'accepted', receivedWeightT: 29.6, treatmentMethod: '制砖' });
    expect(m.status).toBe('received');
    expect(m.signatures.map((s) => s.step)).toEqual(['emission', 'reception']);
    expect(discrepancies(INDUSTRIAL_STREAM, m.data)).toEqual([]);
  });
});
