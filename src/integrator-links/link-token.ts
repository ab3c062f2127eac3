import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isId } from '../common/ids';

/** Random bytes of a link's secret. */
export const LINK_SECRET_BYTES = 32;

/** `<link id>.<secret>`: the id finds the row, the secret proves the bearer holds the link. */
export interface LinkToken {
  id: string;
  secret: string;
}

export const newLinkSecret = (): string => randomBytes(LINK_SECRET_BYTES).toString('base64url');

/** What is stored: hex SHA-256 of the secret. */
export const hashLinkSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export const formatLinkToken = (t: LinkToken): string => `${t.id}.${t.secret}`;

/** The parts of a token as sent, or null when it cannot be one (no hint why). */
export function parseLinkToken(value: unknown): LinkToken | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  const id = value.slice(0, dot);
  const secret = value.slice(dot + 1);
  return isId(id) && /^[A-Za-z0-9_-]{43}$/.test(secret) ? { id, secret } : null;
}

/** Whether `secret` hashes to `storedHash`, compared in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashLinkSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === given.length && timingSafeEqual(given, stored);
}
