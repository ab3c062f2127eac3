import { createCipheriv, createDecipheriv, createHash, randomBytes, randomFillSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { MESSAGES } from '../webhooks.messages';
import { encryptionKeys } from './encryption-keys';

/** Short, non-secret fingerprint of a key, stored beside each sealed value. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Bytes of a GCM IV: 96 bits, random for every value sealed. */
const IV_BYTES = 12;

/** Bytes of a GCM authentication tag: the full 128 bits, written and required. */
const TAG_BYTES = 16;

/** Characters of `n` bytes in unpadded base64url. */
const b64url = (n: number): number => Math.ceil((n * 4) / 3);

/** The stored form `seal` writes, whole: version, key id (8 hex), IV, tag, ciphertext. */
const SEALED_FORM = new RegExp(
  `^v1\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]{${b64url(IV_BYTES)}}\\.[A-Za-z0-9_-]{${b64url(TAG_BYTES)}}\\.[A-Za-z0-9_-]*$`,
);

/** IVs drawn from the system's CSPRNG in one call per this many values, each used once. */
const IVS_PER_FILL = 256;

/**
 * Seals short secrets (passwords, signing secrets) with AES-256-GCM.
 * Stored form: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts), so a value sealed
 * under an older key can still be opened while keys rotate.
 */
@Injectable()
export class SecretBox {
  private readonly current: { id: string; key: Buffer; aad: Buffer };
  /** Each known key by id, with its additional authenticated data (the id's bytes). */
  private readonly keys = new Map<string, { key: Buffer; aad: Buffer }>();
  /** Random bytes for the next IVs; `ivAt` is where the next unused one starts. */
  private readonly ivPool = Buffer.alloc(IV_BYTES * IVS_PER_FILL);
  private ivAt = this.ivPool.length;

  constructor(@Inject(WEBHOOKS_OPTIONS) options: ResolvedWebhooksOptions) {
    const { current: key, previous } = encryptionKeys(options);
    const id = keyId(key);
    this.current = { id, key, aad: Buffer.from(id) };
    this.keys.set(id, this.current);
    for (const buf of previous) {
      const oldId = keyId(buf);
      if (!this.keys.has(oldId)) this.keys.set(oldId, { key: buf, aad: Buffer.from(oldId) });
    }
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plaintext: string): string {
    const iv = this.nextIv();
    const { id, key, aad } = this.current;
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad);
    const ct = cipher.update(plaintext, 'utf8');
    const rest = cipher.final(); // GCM is a stream mode: nothing is held back, but stay exact
    const all = rest.length ? Buffer.concat([ct, rest]) : ct;
    return `v1.${id}.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${all.toString('base64url')}`;
  }

  open(sealed: string): string {
    const [version, id, iv, tag, ct] = sealed.split('.');
    const known = this.keys.get(id);
    if (version !== 'v1' || !known || ct === undefined) {
      // Never echo the value: it is secret material.
      throw new Error(MESSAGES.sealedValueUnknownKey(id ?? '?'));
    }
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    // A full 16-byte tag only: GCM would check a cut one, and a short tag is forgeable.
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
      throw new Error(MESSAGES.sealedValueMalformed);
    }
    const decipher = createDecipheriv('aes-256-gcm', known.key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(known.aad);
    decipher.setAuthTag(tagBytes);
    const text = decipher.update(Buffer.from(ct, 'base64url'));
    const rest = decipher.final(); // checks the tag: throws on a tampered value
    return (rest.length ? Buffer.concat([text, rest]) : text).toString('utf8');
  }

  /**
   * A fresh 96-bit random IV: the next unused 12 bytes of a pool that one `randomFillSync`
   * call fills with the CSPRNG's bytes for 256 values; no bytes are handed out twice.
   */
  private nextIv(): Buffer {
    if (this.ivAt === this.ivPool.length) {
      randomFillSync(this.ivPool);
      this.ivAt = 0;
    }
    const iv = this.ivPool.subarray(this.ivAt, this.ivAt + IV_BYTES);
    this.ivAt += IV_BYTES;
    return iv;
  }

  /**
   * Whether `stored` has the whole sealed form (`v1.<key id>.<iv>.<tag>.<ciphertext>`), not just
   * its version tag: plain text (a receiver's answer, say) may well start with `v1.`.
   */
  static isSealedForm(stored: string): boolean {
    return SEALED_FORM.test(stored);
  }

  /** Key id a sealed value was sealed under (for re-sealing scripts). */
  static keyIdOf(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }
}

/** A new Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
