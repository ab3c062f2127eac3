import { createHmac } from 'node:crypto';

/** The prefix of a Standard Webhooks secret; the rest is the base64 of the HMAC key. */
const SECRET_PREFIX = 'whsec_';

/** The Standard Webhooks message id of an entry: the same on every attempt and resend. */
export const webhookMessageId = (deliveryId: string): string => `msg_${deliveryId.replace(/-/g, '')}`;

/**
 * The HMAC key of a `whsec_` secret: the base64 after the prefix, as the standardwebhooks
 * library reads it for every secret the module makes (`generateSigningSecret`: 32 random bytes).
 * Node's base64 decoder is more lenient than the library's with malformed text, which the
 * module never stores.
 */
function signingKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  if (!key.length) throw new Error("Secret can't be empty.");
  return key;
}

/**
 * `webhook-signature` for a body: one `v1,<base64>` per secret, space-separated, so a receiver
 * holding either secret verifies during a rotation. The Standard Webhooks scheme (HMAC-SHA256 of
 * `<id>.<unix seconds>.<body>`), computed with Node's crypto: the standardwebhooks library's
 * `sign` hashes in JavaScript, several times the CPU per delivery.
 */
export function signatureHeader(secrets: string[], messageId: string, timestamp: Date, body: string): string {
  const signed = `${messageId}.${Math.floor(timestamp.getTime() / 1000)}.${body}`;
  return secrets
    .map((secret) => `v1,${createHmac('sha256', signingKey(secret)).update(signed, 'utf8').digest('base64')}`)
    .join(' ');
}
