import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids (UUIDv7): newest-first keyset pagination needs nothing else. */
export function newId(): string {
  return uuidv7();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isId(value: string): boolean {
  return UUID.test(value);
}

const MAX_MS = 2 ** 48 - 1;

/**
 * The smallest id string of the given instant's millisecond: a UUIDv7 starts with its
 * creation time in milliseconds (48 bits, hex), so every id made at or after `at` sorts at or
 * above this bound, and every id made before it sorts below. Turns a time range into an id
 * range, which the (…, id) indexes serve.
 */
export function idFloorAt(at: Date | number): string {
  const ms = Math.min(MAX_MS, Math.max(0, Math.floor(typeof at === 'number' ? at : at.getTime())));
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-0000-0000-000000000000`;
}
