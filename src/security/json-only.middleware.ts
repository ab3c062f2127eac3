import { Injectable, NestMiddleware, UnsupportedMediaTypeException } from '@nestjs/common';
import { MESSAGES } from '../webhooks.messages';

const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

/** `application/json` or a `+json` type (`application/merge-patch+json`), parameters ignored. */
export function isJsonMediaType(contentType: string): boolean {
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

/**
 * 415 for a write to a module route whose declared body is not JSON. A host's urlencoded or
 * multipart parser would otherwise turn an HTML form, which a browser sends cross-site with no
 * preflight, into a body our DTOs accept. A write with no declared type (no body, e.g. rotate
 * or test) passes: it carries nothing to parse.
 */
@Injectable()
export class JsonOnlyMiddleware implements NestMiddleware {
  use(
    req: { method: string; headers: Record<string, string | string[] | undefined> },
    _res: unknown,
    next: () => void,
  ) {
    const declared = req.headers['content-type'];
    const contentType = Array.isArray(declared) ? declared[0] : declared;
    if (!BODYLESS_METHODS.has(req.method.toUpperCase()) && contentType && !isJsonMediaType(contentType)) {
      throw new UnsupportedMediaTypeException(MESSAGES.jsonBodyRequired);
    }
    next();
  }
}
