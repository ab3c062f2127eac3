import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks message id of an entry: the same on every attempt and resend. */
export const webhookMessageId = (deliveryId: string): string => `msg_${deliveryId.replace(/-/g, '')}`;

/**
 * `webhook-signature` for a body: one `v1,<base64>` per secret, space-separated, so a receiver
 * holding either secret verifies during a rotation.
 */
export function signatureHeader(secrets: string[], messageId: string, timestamp: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(' ');
}
