import { regionScopePrefix } from '../../domain/region-code';
import { regulatedBy } from '../../domain/streams';
import type { ManifestAction as SigningAction } from '../../domain/manifests/engine';
import { tokenAllows, type Actor } from '../platform/policy';

// Who may try what on a manifest (联单): pure functions of the actor as loaded on the server and of
// the row, no IO. The engine in src/domain/manifests decides whose turn it is and what a step needs;
// this decides only who may try. The service turns each refusal into its error (service.ts).

export type ManifestAction = 'read' | 'edit' | 'sign' | 'cancel' | 'revise';

/** What the policy reads of a manifest: its parties, and where and what the waste is. */
export interface ManifestRef {
  id: string;
  producerId: string;
  transporterIds: string[];
  receiverId: string;
  regionCode: string;
  receiverRegionCode: string;
  stream: string;
  wasteCode: string;
}

/** Why the policy refuses, in the order it asks. */
export type ManifestRefusal = 'TOKEN_SCOPE' | 'DRIVER_REVISION' | 'NOT_VISIBLE' | 'DRIVER_STEP' | 'NOT_A_PARTY';

/** Who may see a manifest: its parties, officials whose region holds the producer or the receiver, the platform admin. */
export function canSeeManifest(actor: Actor, row: Omit<ManifestRef, 'id'>): boolean {
  if (actor.role === 'platform_admin') return true;
  if (actor.role === 'office' || actor.role === 'regulator') {
    const prefix = regionScopePrefix(actor.regionCode);
    const inArea = row.regionCode.startsWith(prefix) || row.receiverRegionCode.startsWith(prefix);
    return inArea && (actor.role === 'office' || regulatedBy(actor.domain, row.stream, row.wasteCode));
  }
  const org = actor.organisationId;
  return !!org && (row.producerId === org || row.receiverId === org || row.transporterIds.includes(org));
}

const isParty = (actor: Actor, m: ManifestRef) => {
  const org = actor.organisationId;
  return !!org && (m.producerId === org || m.receiverId === org || m.transporterIds.includes(org));
};

/** A driver signs his company's transport steps (pickup, hand-over); its office signs the rest. */
const DRIVER_SIGNS: readonly SigningAction[] = ['sign_transport', 'sign_handover'];

/**
 * The first rule that refuses the actor, or null. `manifest` is undefined for an id that names no
 * manifest: it answers as one the actor may not see, after the rules about the actor alone, so a
 * refusal of those reads the same whether the id exists or not. `signing` is the step signed, for
 * 'sign'; without it the answer is whether the actor may sign some step.
 */
export function manifestRefusal(actor: Actor, action: ManifestAction, manifest: ManifestRef | undefined, signing?: SigningAction): ManifestRefusal | null {
  // A machine token reads with either manifests scope, and writes only with manifests:write.
  const scoped = action === 'read' ? tokenAllows(actor, 'manifests:read') || tokenAllows(actor, 'manifests:write') : tokenAllows(actor, 'manifests:write');
  if (!scoped) return 'TOKEN_SCOPE';
  // Corrections are for the company's office, never its driver.
  if (action === 'revise' && actor.role === 'driver') return 'DRIVER_REVISION';
  if (!manifest || !canSeeManifest(actor, manifest)) return 'NOT_VISIBLE';
  if (action === 'read') return null;
  if (action === 'sign' && actor.role === 'driver' && signing && !DRIVER_SIGNS.includes(signing)) return 'DRIVER_STEP';
  // Officials see the manifests of their area and waste, but only the parties fill in, sign, cancel
  // or correct one. Which party may cancel (the producer, before pickup) is the engine's rule.
  if (!isParty(actor, manifest)) return 'NOT_A_PARTY';
  return null;
}

export const canManifest = (actor: Actor, action: ManifestAction, manifest: ManifestRef | undefined, signing?: SigningAction): boolean =>
  manifestRefusal(actor, action, manifest, signing) === null;

/** Whether the actor signs the step now due: his organisation's turn, and the rules let him sign it. */
export const signsTurn = (actor: Actor, manifest: ManifestRef, turn: { organisationId: string; action: SigningAction } | null): boolean =>
  !!turn && turn.organisationId === actor.organisationId && canManifest(actor, 'sign', manifest, turn.action);

/** The same question on a set of rows at once (a batch signature): manifest id → allowed. */
export function canManifests(actor: Actor, action: ManifestAction, manifests: ManifestRef[], signing?: SigningAction): Map<string, boolean> {
  return new Map(manifests.map((m) => [m.id, canManifest(actor, action, m, signing)]));
}
