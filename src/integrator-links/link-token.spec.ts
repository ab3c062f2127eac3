import { createHash } from 'node:crypto';
import { formatLinkToken, hashLinkSecret, newLinkSecret, parseLinkToken, secretMatches } from './link-token';

describe('integrator link tokens', () => {
  const id = '0190f0f0-0000-7000-8000-000000000001';

  it('a secret is 32 random bytes, base64url, and only its SHA-256 is stored', () => {
    const secret = newLinkSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(newLinkSecret()).not.toBe(secret);
    expect(hashLinkSecret(secret)).toBe(createHash('sha256').update(secret).digest('hex'));
  });

  it('reads back what it formats, and refuses anything else', () => {
    const secret = newLinkSecret();
    expect(parseLinkToken(formatLinkToken({ id, secret }))).toEqual({ id, secret });
    for (const bad of [undefined, 42, '', id, `${id}.`, `.${secret}`, `${id}.${secret}x`, `x${id}.${secret}`])
      expect(parseLinkToken(bad)).toBeNull();
  });

  it('compares the hash in constant time (crypto.timingSafeEqual), and tells right from wrong', () => {
    const secret = newLinkSecret();
    const stored = hashLinkSecret(secret);
    // The module object itself, as the compiled code reads it at each call.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const spy = jest.spyOn(require('node:crypto') as typeof import('node:crypto'), 'timingSafeEqual');
    try {
      expect(secretMatches(secret, stored)).toBe(true);
      expect(secretMatches(newLinkSecret(), stored)).toBe(false);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});
