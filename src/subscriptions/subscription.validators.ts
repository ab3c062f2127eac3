import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export const MAX_URL_LENGTH = 2048;
export const MAX_HEADERS = 20;
export const MAX_HEADER_VALUE_LENGTH = 1024;
export const MAX_HEADER_NAME_LENGTH = 256;
/** Names and values together: what a stored attempt's request headers can always hold. */
export const MAX_HEADERS_BYTES = 8 * 1024;

/** A user id as the host's auth layer gives it: no whitespace (MariaDB pads trailing spaces) nor control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
export const USER_ID = /^[^\s\u0000-\u001f\u007f]+$/;

/** A basic-auth user name (RFC 7617): no colon, no control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
export const BASIC_USERNAME = /^[^:\u0000-\u001f\u007f]+$/;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED = new Set([
  'host',
  'content-type',
  'content-length',
  'authorization',
  'transfer-encoding',
  'connection',
  // Hop-by-hop and transport headers: each makes the HTTP client refuse the request or sends it twice.
  'expect',
  'upgrade',
  'keep-alive',
  'te',
  'trailer',
  'content-encoding',
  'user-agent',
]);

/** Why a webhook URL is refused, or null when its shape is fine (addresses are checked elsewhere). */
export function urlShapeProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  // WHATWG URL silently drops tabs and newlines; refuse them rather than store what is not sent.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return 'must not contain spaces or control characters';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (!url.hostname) return 'must name a host';
  if (url.username || url.password) return 'must not carry credentials; use username and password';
  if (url.href.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters once normalised`;
  return null;
}

/**
 * The form the sender connects to (WHATWG URL, as undici reads it): `http://①②⑦.0.0.1/` is
 * `http://127.0.0.1/`, and `http://a\@b/` is host `a`, path `/@b/`. Stored and shown so, the
 * log says where data actually went.
 */
export const normalisedUrl = (value: string): string => new URL(value).href;

/** In an update, a header given as `{ "hasValue": true }` keeps its stored value (values are write-only). */
export const KEEP_HEADER_VALUE = { hasValue: true } as const;

export function isKeepMarker(v: unknown): v is typeof KEEP_HEADER_VALUE {
  return (
    v !== null &&
    typeof v === 'object' &&
    Object.getPrototypeOf(v) === Object.prototype &&
    Object.keys(v).length === 1 &&
    (v as { hasValue?: unknown }).hasValue === true
  );
}

/**
 * Why a custom header set is refused, or null. `keep`: values may be `{ "hasValue": true }`
 * (an update keeping the stored value; the total size is then checked once the values are known).
 */
export function headersProblem(value: unknown, keep = false): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'must be an object of header names to values';
  // A `__proto__` key in the JSON becomes the object's prototype on the way in; refuse it rather than drop it.
  if (Object.getPrototypeOf(value) !== Object.prototype)
    return 'must be a plain object of header names to values (no "__proto__")';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_HEADERS) return `must have at most ${MAX_HEADERS} headers`;
  const seen = new Set<string>();
  let bytes = 0;
  for (const [name, v] of entries) {
    if (name.length > MAX_HEADER_NAME_LENGTH)
      return `header name "${name.slice(0, 64)}..." must be at most ${MAX_HEADER_NAME_LENGTH} characters`;
    if (!TOKEN.test(name)) return `header name "${name.slice(0, 64)}" is not a valid HTTP token`;
    // Many servers and proxies read `_` as `-`: `Webhook_Signature` would pass for ours.
    const lower = name.toLowerCase().replace(/_/g, '-');
    if (
      RESERVED.has(lower) ||
      lower.startsWith('proxy-') ||
      lower.startsWith('webhook-') ||
      lower.startsWith('x-webhook-')
    ) {
      return `header "${name}" is set by the module or the transport and cannot be set`;
    }
    if (seen.has(lower)) return `header "${name}" is given twice (header names ignore case, and "_" reads as "-")`;
    seen.add(lower);
    if (keep && isKeepMarker(v)) continue;
    if (typeof v !== 'string')
      return keep
        ? `header "${name}" must have a string value, or { "hasValue": true } to keep the stored one`
        : `header "${name}" must have a string value`;
    if (v.length > MAX_HEADER_VALUE_LENGTH)
      return `header "${name}" must be at most ${MAX_HEADER_VALUE_LENGTH} characters`;
    if (/[\r\n\0]/.test(v)) return `header "${name}" must not contain CR, LF or NUL`;
    // What HTTP allows in a field value (and undici sends): tab, visible ASCII, Latin-1.
    if (/[^\t\x20-\x7e\x80-\xff]/.test(v))
      return `header "${name}" must contain only visible ASCII or Latin-1 characters`;
    bytes += name.length + v.length;
  }
  return headersSizeProblem(bytes);
}

/** Why a set of headers of `bytes` names and values in all is too large, or null. */
export function headersSizeProblem(bytes: number): string | null {
  return bytes > MAX_HEADERS_BYTES ? `must be at most ${MAX_HEADERS_BYTES} bytes of names and values in all` : null;
}

function fromProblem(name: string, problem: (v: unknown) => string | null) {
  return (options?: ValidationOptions) => (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (v: unknown) => problem(v) === null,
        defaultMessage: (args: ValidationArguments) => `${args.property} ${problem(args.value)}`,
      },
    });
}

export const IsWebhookUrl = fromProblem('isWebhookUrl', urlShapeProblem);
export const IsWebhookHeaders = fromProblem('isWebhookHeaders', (v) => headersProblem(v));
/** Headers of an update: a value may be `{ "hasValue": true }` to keep the stored one. */
export const IsWebhookHeadersUpdate = fromProblem('isWebhookHeaders', (v) => headersProblem(v, true));
