import { canManageTokens, type Actor } from '../platform/policy';

// Webhooks carry an enterprise's own manifests and alarms to its own systems: its administrators (the
// ones who manage its API tokens) subscribe, and only for their organisation, from a logged-in session.
export function mayManageWebhooks(actor: Actor): actor is Actor & { organisationId: string } {
  return actor.via === 'session' && actor.organisationKind === 'enterprise' && !!actor.organisationId && canManageTokens(actor, actor.organisationId);
}

/** A subscription is the organisation's own or, for anyone else, does not exist. */
export const ownsSubscription = (actor: Actor, subscription: { organisationId: string }) => mayManageWebhooks(actor) && subscription.organisationId === actor.organisationId;
