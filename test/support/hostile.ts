import fc from 'fast-check';

/** Whether a string is well-formed UTF-16 (no lone surrogate), so it can be percent-encoded. */
export const isWellFormed = (s: string): boolean => !/\p{Cs}/u.test(s);

/** Text that looks like an attack: SQL, script, header and path injection, template and prototype tricks. */
export const ATTACK_STRINGS = [
  "'; DROP TABLE webhook_subscriptions; --",
  "' OR '1'='1",
  '" OR 1=1 -- ',
  '1; SELECT SLEEP(5)',
  "\\'; UPDATE webhook_subscriptions SET url=0x00 #",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  'value\r\nX-Injected: 1',
  '\r\n\r\nHTTP/1.1 200 OK',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '\u0000',
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '\u202eevil\u202c',
  '𝕳𝖊𝖑𝖑𝖔 👩‍🔬 مرحبا',
  '\ud800',
  'ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ',
];

/** Field names no DTO has: unknown and prototype-polluting keys. */
export const STRANGE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'id',
  'signingSecret',
  'hasPassword',
  'isAdmin',
  'x',
];

const hugeString = fc
  .integer({ min: 1025, max: 200_000 })
  .chain((n) => fc.constantFrom('a', 'é', '😀', '\r\n').map((c) => c.repeat(Math.ceil(n / c.length))));

/** Any value a hostile client may put where a field goes. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...ATTACK_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 3 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  {
    arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
    weight: 2,
  },
  {
    arbitrary: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constantFrom(...ATTACK_STRINGS)), { maxLength: 10 }),
    weight: 2,
  },
  {
    arbitrary: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...STRANGE_KEYS)), fc.jsonValue({ maxDepth: 2 }), {
      maxKeys: 5,
    }),
    weight: 2,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
);

/** A request body that is not a JSON object of fields: other JSON, broken JSON, other encodings. */
export const hostileRawBody: fc.Arbitrary<{ type: string; text: string }> = fc.oneof(
  fc
    .jsonValue({ maxDepth: 3 })
    .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
    .map((v) => ({ type: 'application/json', text: JSON.stringify(v) })),
  fc
    .string({ unit: 'binary', maxLength: 200 })
    .map((text) => ({ type: 'application/json', text: `{"password": "${text}` })),
  fc
    .constantFrom(
      '{',
      '{"url": ',
      '{"a":1,}',
      "{'url': 'x'}",
      '{"url": "x"}}',
      'nul',
      '\u0000',
      '{"__proto__": {"isAdmin": true}}',
    )
    .map((text) => ({ type: 'application/json', text })),
  fc.string({ maxLength: 200 }).map((text) => ({ type: 'application/x-www-form-urlencoded', text })),
  fc
    .constantFrom('url[$ne]=x&events[]=report_signed', 'events[0][a]=1&url=http://127.0.0.1')
    .map((text) => ({ type: 'application/x-www-form-urlencoded', text })),
  fc.string({ maxLength: 200 }).map((text) => ({ type: 'text/plain', text })),
);

/** A path segment: strings of any kind, percent-encoded, plus raw broken escapes. */
export const hostilePathSegment: fc.Arbitrary<string> = fc.oneof(
  fc
    .oneof(
      fc.constantFrom(...ATTACK_STRINGS),
      fc.string({ maxLength: 100 }),
      fc.string({ unit: 'grapheme', maxLength: 50 }),
      fc.uuid(),
    )
    .filter((s) => s.length > 0 && isWellFormed(s))
    .map(encodeURIComponent),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%FF', '..', '%2e%2e', '%2F', '%00', 'a'.repeat(5000)),
);

/** A raw query string naming `field`: a plain value, a repeated one, or a bracketed object. */
export const hostileQuery = (field: string): fc.Arbitrary<string> =>
  fc.oneof(
    hostileValue
      .filter((v) => typeof v === 'string' && isWellFormed(v))
      .map((v) => `${field}=${encodeURIComponent(v as string)}`),
    fc.integer().map((n) => `${field}=${n}`),
    fc
      .tuple(fc.string(), fc.string())
      .map(([a, b]) => `${field}=${encodeURIComponent(a)}&${field}=${encodeURIComponent(b)}`),
    fc.string().map((a) => `${field}[x]=${encodeURIComponent(a)}`),
    fc.constantFrom(`${field}=%`, `${field}=%FF`, `${field}`, `${field}=`, `${field}[]=1`),
  );
