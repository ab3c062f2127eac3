import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';

/** The subscription fields an audit row may name, as the API calls them. */
const COMPARED: [keyof WebhookSubscriptionEntity, string][] = [
  ['url', 'url'],
  ['events', 'events'],
  ['username', 'username'],
  ['description', 'description'],
  ['active', 'active'],
  ['projectTemplateId', 'projectTemplateId'],
  ['format', 'format'],
  ['hl7', 'hl7'],
];

/**
 * Names of the fields whose value differs between `before` and `after`: names only, never a
 * value. A password given is always named (its sealed form changes each time, and comparing
 * plaintexts would mean opening the old one); custom headers, sealed likewise, are named by the
 * caller on the same rule.
 */
export function changedFields(
  before: WebhookSubscriptionEntity,
  after: WebhookSubscriptionEntity,
  passwordGiven: boolean,
): string[] {
  const names = COMPARED.filter(([key]) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).map(
    ([, name]) => name,
  );
  if (passwordGiven || (before.passwordSealed === null) !== (after.passwordSealed === null)) names.push('password');
  return names;
}

export const sameSet = (a: string[], b: string[]): boolean =>
  a.length === new Set(b).size && b.every((x) => a.includes(x));
