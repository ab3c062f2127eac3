import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { MODULE_NAME } from '../webhooks.messages';

/** Short, non-secret fingerprint of a key, stored beside each sealed value. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Seals short secrets (passwords, signing secrets) with AES-256-GCM.
 * Stored form: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts), so a value sealed
 * under an older key can still be opened while keys rotate.
 */
@Injectable()
export class SecretBox {
  private readonly current: { id: string; key: Buffer };
  private readonly keys = new Map<string, Buffer>();

  constructor(@Inject(WEBHOOKS_OPTIONS) options: ResolvedWebhooksOptions) {
    const key = options.encryptionKeyBuffer;
    this.current = { id: keyId(key), key };
    this.keys.set(this.current.id, key);
    for (const old of options.previousEncryptionKeys) {
      const buf = Buffer.from(old, 'base64');
      this.keys.set(keyId(buf), buf);
    }
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(this.current.id));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ct].map((b) => b.toString('base64url'));
    return ['v1', this.current.id, ...parts].join('.');
  }

  open(sealed: string): string {
    const [version, id, iv, tag, ct] = sealed.split('.');
    const key = this.keys.get(id);
    if (version !== 'v1' || !key || ct === undefined) {
      // Never echo the value: it is secret material.
      throw new Error(`${MODULE_NAME}: cannot open a sealed value (key id ${id ?? '?'} unknown)`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
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
