import { SecretBox } from '../crypto/secret-box';
import { openNamed } from '../crypto/unopenable-secret.error';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { PACKAGE_VERSION } from '../webhooks.constants';
import { signatureHeader } from './signer';

const USER_AGENT = `lab-webhooks/${PACKAGE_VERSION}`;

/** What varies between two requests to one endpoint. */
export interface SignedRequest {
  messageId: string;
  eventType: string;
  attempt: number;
  body: string;
  at: Date;
}

/**
 * The headers of a POST to an endpoint: its custom headers, the Standard Webhooks headers
 * (signed with the current secret, and the previous one during a rotation), basic auth.
 * Shared by deliveries and the test delivery, so a test shows exactly what an event would get.
 */
export function signedHeaders(
  secretBox: SecretBox,
  s: WebhookSubscriptionEntity,
  r: SignedRequest,
): Record<string, string> {
  const open = (sealed: string, what: string) => openNamed(sealed, what, (v) => secretBox.open(v));
  const secrets = [open(s.signingSecretSealed, "the subscription's signing secret")];
  if (s.previousSecretSealed && s.previousSecretExpiresAt && s.previousSecretExpiresAt.getTime() > r.at.getTime()) {
    secrets.push(open(s.previousSecretSealed, "the subscription's previous signing secret"));
  }
  const headers: Record<string, string> = {
    ...s.headers,
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': r.messageId,
    'webhook-timestamp': String(Math.floor(r.at.getTime() / 1000)),
    'webhook-signature': signatureHeader(secrets, r.messageId, r.at, r.body),
    'x-webhook-event': r.eventType,
    'x-webhook-attempt': String(r.attempt),
  };
  if (s.username !== null && s.passwordSealed !== null) {
    const password = open(s.passwordSealed, "the subscription's password");
    headers.authorization = `Basic ${Buffer.from(`${s.username}:${password}`).toString('base64')}`;
  }
  return headers;
}

/** The headers as stored in the log: the Authorization value never leaves the process. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return headers.authorization ? { ...headers, authorization: 'Basic [redacted]' } : headers;
}
