import { WebhooksCaller } from './webhooks-caller';

/**
 * Which endpoints (subscriptions) a caller sees, and so which events, stats and tasks: the one
 * rule every query that scopes by caller applies, through `WebhookSubscriptionUsersRepository`.
 * - `all`: a Webhook Admin sees every endpoint;
 * - `endpoint`: an integrator link sees its one endpoint, whoever is assigned to it;
 * - `assigned`: a Webhook User sees the endpoints assigned to them (`webhook_subscription_users`).
 */
export type CallerScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'endpoint'; readonly subscriptionId: string }
  | { readonly kind: 'assigned'; readonly userId: string };

/** The caller's scope. A link is checked first: its caller is never an admin, whatever else it holds. */
export function callerScope(caller: WebhooksCaller): CallerScope {
  if (caller.link) return { kind: 'endpoint', subscriptionId: caller.link.subscriptionId };
  if (caller.isAdmin) return { kind: 'all' };
  return { kind: 'assigned', userId: caller.id };
}
