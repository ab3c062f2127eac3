import { invalid, WebhooksValidationError } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';

const MAX_DEPTH = 32;
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first `__proto__`, `constructor` or `prototype` key in a parsed JSON body, or null. */
export function protoKeyPath(value: unknown, path: string[] = []): string[] | null {
  if (value === null || typeof value !== 'object' || path.length > MAX_DEPTH) return null;
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) return [...path, key];
    const found = protoKeyPath((value as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return null;
}

/** True when `value` nests objects or arrays more than MAX_DEPTH levels (walks at most that deep). */
export function nestingTooDeep(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth >= MAX_DEPTH) return true;
  for (const v of Object.values(value)) if (nestingTooDeep(v, depth + 1)) return true;
  return false;
}

/**
 * The problem (a 400) of a body nested deeper than `MAX_DEPTH` levels, or with a `__proto__`,
 * `constructor` or `prototype` key anywhere; null for a body of ordinary shape.
 */
export function bodyShapeProblem(body: unknown): WebhooksValidationError | null {
  if (nestingTooDeep(body)) return invalid('body', MESSAGES.bodyTooDeep(MAX_DEPTH));
  const path = protoKeyPath(body);
  if (!path) return null;
  const field = path.length > 1 ? path.slice(0, -1).join('.') : path[0];
  return invalid(field, MESSAGES.bodyForbiddenKey(field, path[path.length - 1]));
}
