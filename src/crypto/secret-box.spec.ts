import { randomBytes } from 'node:crypto';
import { resolveWebhooksOptions } from '../webhooks-options';
import { generateSigningSecret, SecretBox } from './secret-box';

const key = () => randomBytes(32).toString('base64');

describe('SecretBox', () => {
  it('round-trips and never stores the plaintext', () => {
    const box = new SecretBox(resolveWebhooksOptions({ encryptionKey: key() }));
    const sealed = box.seal('hunter2-password');
    expect(sealed).not.toContain('hunter2');
    expect(sealed.startsWith(`v1.${box.currentKeyId}.`)).toBe(true);
    expect(box.open(sealed)).toBe('hunter2-password');
  });

  it('uses a fresh IV per value', () => {
    const box = new SecretBox(resolveWebhooksOptions({ encryptionKey: key() }));
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('gives every value its own 96-bit IV, across refills of the IV pool', () => {
    const box = new SecretBox(resolveWebhooksOptions({ encryptionKey: key() }));
    const sealed = Array.from({ length: 1000 }, () => box.seal('same'));
    const ivs = sealed.map((v) => v.split('.')[2]);
    expect(new Set(ivs).size).toBe(1000);
    for (const iv of ivs) expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    for (const v of sealed) expect(box.open(v)).toBe('same');
  });

  it('refuses a value whose authentication tag was cut short (a short GCM tag is forgeable)', () => {
    const box = new SecretBox(resolveWebhooksOptions({ encryptionKey: key() }));
    const [v, id, iv, tag, ct] = box.seal('signing-secret').split('.');
    const full = Buffer.from(tag, 'base64url');
    for (const n of [12, 8, 4]) {
      const cut = [v, id, iv, full.subarray(0, n).toString('base64url'), ct].join('.');
      expect(() => box.open(cut)).toThrow('cannot open a sealed value');
    }
  });

  it('round-trips empty, non-ASCII and long values', () => {
    const box = new SecretBox(resolveWebhooksOptions({ encryptionKey: key() }));
    for (const text of ['', 'ünïcødé ✓ \u{1F9EA}', 'x'.repeat(70_000)]) expect(box.open(box.seal(text))).toBe(text);
  });

  it('opens values sealed under a previous key, and refuses unknown keys', () => {
    const oldKey = key();
    const oldBox = new SecretBox(resolveWebhooksOptions({ encryptionKey: oldKey }));
    const sealed = oldBox.seal('secret');
    const rotated = new SecretBox(resolveWebhooksOptions({ encryptionKey: key(), previousEncryptionKeys: [oldKey] }));
    expect(rotated.open(sealed)).toBe('secret');
    const stranger = new SecretBox(resolveWebhooksOptions({ encryptionKey: key() }));
    expect(() => stranger.open(sealed)).toThrow(/key id/);
  });

  it('detects tampering', () => {
    const box = new SecretBox(resolveWebhooksOptions({ encryptionKey: key() }));
    const parts = box.seal('secret').split('.');
    parts[4] = Buffer.from('x' + Buffer.from(parts[4], 'base64url').toString('latin1'), 'latin1').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });

  it('generates whsec_ secrets of 32 random bytes', () => {
    const s = generateSigningSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(s.slice(6), 'base64')).toHaveLength(32);
    expect(generateSigningSecret()).not.toBe(s);
  });
});
