import { describe, expect, it } from 'vitest';
import type { Actor } from '../platform/policy';
import type { TokenScope } from '../../domain/enums';
import { canManifest, canManifests, manifestRefusal, type ManifestAction, type ManifestRef } from './policy';

// 临清 (371581) sends general industrial waste to a user in 东昌府 (371502), carried by a transport company.
const PRODUCER = 'org-producer', TRANSPORTER = 'org-transporter', RECEIVER = 'org-receiver', OTHER = 'org-other';
const industrial: ManifestRef = {
  id: 'm-industrial', producerId: PRODUCER, transporterIds: [TRANSPORTER], receiverId: RECEIVER,
  regionCode: '371581', receiverRegionCode: '371502', stream: 'industrial', wasteCode: 'SW02',
};
// The same parties with medical waste (HW01, 841-), which the health commission regulates beside ecology.
const medical: ManifestRef = { ...industrial, id: 'm-medical', stream: 'hazardous', wasteCode: '841-001-01' };

const person = (role: Actor['role'], organisationId: string | null, more: Partial<Actor> = {}): Actor => ({
  via: 'session', userId: `u-${role}`, tokenId: null, username: role, role, organisationId,
  organisationKind: organisationId?.startsWith('org-') ? 'enterprise' : 'government', organisationStatus: 'verified',
  regionCode: '371581', domain: null, scopes: [], ...more,
});
const official = (role: 'office' | 'regulator', domain: Actor['domain'], regionCode = '371581') => person(role, `gov-${role}-${domain}`, { domain, regionCode });
const token = (organisationId: string, ...scopes: TokenScope[]): Actor => ({ ...person('enterprise_member', organisationId), via: 'token', tokenId: 't', scopes });

const ACTIONS: ManifestAction[] = ['read', 'edit', 'sign', 'cancel', 'revise'];
const all = (answer: string | null) => Object.fromEntries(ACTIONS.map((a) => [a, answer]));
const seesOnly = { read: null, edit: 'NOT_A_PARTY', sign: 'NOT_A_PARTY', cancel: 'NOT_A_PARTY', revise: 'NOT_A_PARTY' };

// Who asks, and what the policy answers for each action on 临清's industrial manifest (null: may try).
const MATRIX: [string, Actor, Record<string, string | null>][] = [
  ['the producer’s administrator', person('enterprise_admin', PRODUCER), all(null)],
  ['a member of the transport company', person('enterprise_member', TRANSPORTER), all(null)],
  ['a member of the receiver', person('enterprise_member', RECEIVER), all(null)],
  // Which party may cancel (the producer, before pickup) is the engine's to say.
  ['the transport company’s driver', person('driver', TRANSPORTER), { ...all(null), revise: 'DRIVER_REVISION' }],
  ['the ecology bureau of 临清 (the producer’s county)', official('regulator', 'ecology'), seesOnly],
  ['the ecology bureau of 东昌府 (the receiver’s county)', official('regulator', 'ecology', '371502'), seesOnly],
  ['the ecology bureau of 聊城 (the city above both)', official('regulator', 'ecology', '371500'), seesOnly],
  ['the zero-waste office of 临清', official('office', 'general'), seesOnly],
  ['the platform administrator', person('platform_admin', 'gov-platform'), seesOnly],
  ['the health commission of 临清 (not industrial waste)', official('regulator', 'health'), all('NOT_VISIBLE')],
  ['the housing bureau of 临清 (not industrial waste)', official('regulator', 'housing'), all('NOT_VISIBLE')],
  ['the ecology bureau of 高唐 (another county)', official('regulator', 'ecology', '371526'), all('NOT_VISIBLE')],
  ['another company', person('enterprise_admin', OTHER), all('NOT_VISIBLE')],
  ['another company’s driver', person('driver', OTHER), { ...all('NOT_VISIBLE'), revise: 'DRIVER_REVISION' }],
  ['a resident', person('resident', null), all('NOT_VISIBLE')],
  ['the producer’s token with manifests:write', token(PRODUCER, 'manifests:write'), all(null)],
  ['the producer’s token with manifests:read only', token(PRODUCER, 'manifests:read'), { ...all('TOKEN_SCOPE'), read: null }],
  ['the producer’s token for telemetry only', token(PRODUCER, 'telemetry:write'), all('TOKEN_SCOPE')],
  // A token's scope is asked before the manifest: a refusal of it reads the same for any manifest.
  ['another company’s token with manifests:read only', token(OTHER, 'manifests:read'), { ...all('TOKEN_SCOPE'), read: 'NOT_VISIBLE' }],
];

describe('canManifest on 临清’s industrial manifest', () => {
  it.each(MATRIX.flatMap(([who, actor, answers]) => ACTIONS.map((action) => [who, action, actor, answers[action]] as const)))(
    '%s, %s: %s', (_who, action, actor, expected) => {
      expect(manifestRefusal(actor, action, industrial)).toBe(expected);
      expect(canManifest(actor, action, industrial)).toBe(expected === null);
    });
});

describe('the regulating department follows the waste', () => {
  it('lets the health commission read medical waste, which it regulates, and sign, correct or cancel nothing', () => {
    const health = official('regulator', 'health');
    expect(ACTIONS.map((a) => manifestRefusal(health, a, medical))).toEqual(['read', 'edit', 'sign', 'cancel', 'revise'].map((a) => (a === 'read' ? null : 'NOT_A_PARTY')));
  });

  it('lets the ecology bureau read both streams and the housing bureau neither', () => {
    for (const m of [industrial, medical]) {
      expect(canManifest(official('regulator', 'ecology'), 'read', m)).toBe(true);
      expect(canManifest(official('regulator', 'housing'), 'read', m)).toBe(false);
    }
  });
});

describe('a driver signs transport steps only', () => {
  const driver = person('driver', TRANSPORTER);

  it('may sign the pickup and a hand-over, not the emission or the reception', () => {
    expect(manifestRefusal(driver, 'sign', industrial, 'sign_transport')).toBeNull();
    expect(manifestRefusal(driver, 'sign', industrial, 'sign_handover')).toBeNull();
    expect(manifestRefusal(driver, 'sign', industrial, 'sign_emission')).toBe('DRIVER_STEP');
    expect(manifestRefusal(driver, 'sign', industrial, 'sign_reception')).toBe('DRIVER_STEP');
  });

  it('is told a manifest of another company does not exist before being told it is a driver', () => {
    expect(manifestRefusal(person('driver', OTHER), 'sign', industrial, 'sign_emission')).toBe('NOT_VISIBLE');
  });

  it('leaves the step to the office of a company: its members sign any step they are party to', () => {
    expect(manifestRefusal(person('enterprise_member', TRANSPORTER), 'sign', industrial, 'sign_emission')).toBeNull();
  });
});

describe('an id that names no manifest', () => {
  it('is not visible to anyone, the platform administrator included', () => {
    for (const action of ACTIONS) expect(manifestRefusal(person('platform_admin', 'gov-platform'), action, undefined)).toBe('NOT_VISIBLE');
  });

  it('still refuses a driver’s revision and a token without the scope as such', () => {
    expect(manifestRefusal(person('driver', TRANSPORTER), 'revise', undefined)).toBe('DRIVER_REVISION');
    expect(manifestRefusal(token(PRODUCER, 'manifests:read'), 'sign', undefined)).toBe('TOKEN_SCOPE');
  });
});

describe('canManifests answers on a set at once', () => {
  const ofOther: ManifestRef = { ...industrial, id: 'm-other', producerId: OTHER, transporterIds: [OTHER], receiverId: OTHER };

  it('gives each row of a batch signature its own answer, as one signature would', () => {
    const rows = [industrial, medical, ofOther];
    expect(canManifests(person('enterprise_admin', PRODUCER), 'sign', rows, 'sign_emission')).toEqual(new Map([['m-industrial', true], ['m-medical', true], ['m-other', false]]));
    expect(canManifests(person('driver', TRANSPORTER), 'sign', rows, 'sign_emission')).toEqual(new Map([['m-industrial', false], ['m-medical', false], ['m-other', false]]));
    expect(canManifests(person('driver', TRANSPORTER), 'sign', rows, 'sign_transport')).toEqual(new Map([['m-industrial', true], ['m-medical', true], ['m-other', false]]));
    expect(canManifests(official('regulator', 'health'), 'read', rows)).toEqual(new Map([['m-industrial', false], ['m-medical', true], ['m-other', false]]));
  });

  it('answers nothing for an empty set', () => {
    expect(canManifests(person('enterprise_admin', PRODUCER), 'sign', []).size).toBe(0);
  });
});
