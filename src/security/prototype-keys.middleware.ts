import { Injectable, NestMiddleware } from '@nestjs/common';
import { invalid } from '../common/validation.pipe';

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
 * 400 for a body nested deeper than 32 levels: the validation pipe would recurse into it
 * and overflow the stack (a 500) on a body well within the size limit.
 * 400 for a body with a `__proto__`, `constructor` or `prototype` key anywhere. JSON.parse keeps
 * them as ordinary keys, but copying the body into a DTO (class-transformer) turns `__proto__`
 * into a prototype and silently drops the other two, even where unknown fields are refused:
 * a header would vanish, or an object bring inherited values along. Refused before any copy.
 */
@Injectable()
export class PrototypeKeysMiddleware implements NestMiddleware {
  use(req: { body?: unknown }, _res: unknown, next: () => void): void {
    if (nestingTooDeep(req.body)) throw invalid('body', `the request body must not nest more than ${MAX_DEPTH} levels`);
    const path = protoKeyPath(req.body);
    if (path) {
      const field = path.length > 1 ? path.slice(0, -1).join('.') : path[0];
      throw invalid(field, `${field} must not use the key "${path[path.length - 1]}"`);
    }
    next();
  }
}
