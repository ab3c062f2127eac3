import { randomBytes } from 'node:crypto';
import { SecretBox } from '../crypto/secret-box';
import { resolveWebhooksOptions } from '../webhooks-options';
import { isSealed, PayloadSealer } from './payload-sealer';

const sealerWith = (encryptPayloads: boolean) => {
  const options = resolveWebhooksOptions({ encryptionKey: randomBytes(32).toString('base64'), encryptPayloads });
  return new PayloadSealer(options, new SecretBox(options));
};

describe('PayloadSealer', () => {
  it('seals payloads and bodies, and opens them', () => {
    const sealer = sealerWith(true);
    const body = JSON.stringify({ patient: { name: 'Jane Roe' } });
    const stored = sealer.seal(body);
    expect(isSealed(stored)).toBe(true);
    expect(stored).not.toContain('Jane');
    expect(sealer.open(stored)).toBe(body);
    expect(sealer.open(sealer.sealNullable(body)!)).toBe(body);
  });

  it("stores an empty body (a 204's) as it is, and reads it back as the empty text, not null", () => {
    const sealer = sealerWith(true);
    expect(sealer.sealNullable('')).toBe('');
    expect(sealer.open('')).toBe('');
    expect(sealer.sealNullable(null)).toBeNull();
  });

  it('reads an empty body sealed by an earlier version', () => {
    const options = resolveWebhooksOptions({ encryptionKey: randomBytes(32).toString('base64') });
    const box = new SecretBox(options);
    const sealer = new PayloadSealer(options, box);
    expect(sealer.open(box.seal(''))).toBe('');
  });

  it("reads a plain answer that merely starts with 'v1.' as the plain text it is", () => {
    const sealer = sealerWith(false);
    for (const text of ['v1.ok', 'v1.2.3 released', 'v1.abcdef12.x.y.z']) {
      expect(isSealed(text)).toBe(false);
      expect(sealer.open(sealer.seal(text))).toBe(text);
    }
    const box = new SecretBox(resolveWebhooksOptions({ encryptionKey: randomBytes(32).toString('base64') }));
    for (const text of ['', 'x', '{"a":1}']) expect(isSealed(box.seal(text))).toBe(true);
  });

  it('stores plain text with encryptPayloads off; subjects stay sealed', () => {
    const sealer = sealerWith(false);
    expect(sealer.seal('{"a":1}')).toBe('{"a":1}');
    expect(isSealed(sealer.sealSubject('R-1')!)).toBe(true);
    expect(sealer.open(sealer.sealSubject('R-1')!)).toBe('R-1');
  });
});
