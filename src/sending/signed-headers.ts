import { customHeaderNames, openHeaderValues } from '../crypto/sealed-headers';
import { SecretBox } from '../crypto/secret-box';
import { openNamed } from '../crypto/unopenable-secret.error';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { PACKAGE_VERSION } from '../webhooks.constants';
import { Redactor } from './redactor';
import { signatureHeader } from './signer';

const USER_AGENT = `lab-webhooks/${PACKAGE_VERSION}`;

/** What varies between two requests to one endpoint. */
export interface SignedRequest {
  messageId: string;
  eventType: string;
  /** `report_signed/1`: the schema version the body follows (`webhook-schema`); none for a test ping. */
  schema?: string;
  attempt: number;
  /** Exactly what is sent: the signature covers these bytes. */
  body: string;
  contentType: string;
  at: Date;
}

/** The headers of a request, and what keeps their secrets out of anything stored about it. */
export interface EndpointRequest {
  headers: Record<string, string>;
  redactor: Redactor;
}

/**
 * The headers of a POST to an endpoint: its custom headers, the Standard Webhooks headers
 * (signed with the current secret, and the previous one during a rotation), basic auth.
 * Shared by deliveries and the test delivery, so a test shows exactly what an event would get.
 */
export function signedHeaders(secretBox: SecretBox, s: WebhookSubscriptionEntity, r: SignedRequest): EndpointRequest {
  const open = (sealed: string, what: string) => openNamed(sealed, what, (v) => secretBox.open(v));
  const secrets = [open(s.signingSecretSealed, "the subscription's signing secret")];
  if (s.previousSecretSealed && s.previousSecretExpiresAt && s.previousSecretExpiresAt.getTime() > r.at.getTime()) {
    secrets.push(open(s.previousSecretSealed, "the subscription's previous signing secret"));
  }
  const custom = openHeaderValues(secretBox, s);
  const headers: Record<string, string> = {
    ...custom,
    'content-type': r.contentType,
    'user-agent': USER_AGENT,
    'webhook-id': r.messageId,
    'webhook-timestamp': String(Math.floor(r.at.getTime() / 1000)),
    'webhook-signature': signatureHeader(secrets, r.messageId, r.at, r.body),
    'x-webhook-event': r.eventType,
    'x-webhook-attempt': String(r.attempt),
  };
  if (r.schema) headers['webhook-schema'] = r.schema;
  const secretHeaders = customHeaderNames(s);
  const secretValues = Object.values(custom);
  if (s.username !== null && s.passwordSealed !== null) {
    const password = open(s.passwordSealed, "the subscription's password");
    const credential = `${s.username}:${password}`;
    const encoded = Buffer.from(credential).toString('base64');
    headers.authorization = `Basic ${encoded}`;
    secretHeaders.push('authorization');
    secretValues.push(encoded, credential, password);
  }
  return { headers, redactor: new Redactor(secretHeaders, secretValues) };
}
