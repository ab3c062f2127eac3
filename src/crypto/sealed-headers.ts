import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { SecretBox } from './secret-box';
import { openNamed } from './unopenable-secret.error';

/** Where a subscription keeps its custom headers: sealed values, and plain ones not yet sealed. */
export type HeaderColumns = Pick<WebhookSubscriptionEntity, 'plainHeaders' | 'sealedHeaders'>;

/** Seals each value under the current key; names stay readable, so the API lists them without a key. */
export function sealHeaderValues(box: SecretBox, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, box.seal(value)]));
}

/**
 * The custom headers to send, values opened (in memory, for the request only). Values written
 * before sealing and not yet sealed are sent as they are.
 */
export function openHeaderValues(box: SecretBox, s: HeaderColumns): Record<string, string> {
  const out: Record<string, string> = { ...s.plainHeaders };
  for (const [name, sealed] of Object.entries(s.sealedHeaders ?? {})) {
    out[name] = openNamed(sealed, `the value of the subscription's header "${name}"`, (v) => box.open(v));
  }
  return out;
}

/** The custom header names, in the order they were given. */
export function customHeaderNames(s: HeaderColumns): string[] {
  return [...Object.keys(s.plainHeaders), ...Object.keys(s.sealedHeaders ?? {})];
}
