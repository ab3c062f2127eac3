import { createHmac, hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { encryptionKeys } from '../crypto/encryption-keys';
import { keyId } from '../crypto/secret-box';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';

/** HKDF info: keeps the subject key apart from the sealing key made from the same secret. */
const SUBJECT_KEY_INFO = 'lab-webhooks subject hash v1';

/** The subject key made from one encryption key. */
export function subjectKey(encryptionKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), SUBJECT_KEY_INFO, 32));
}

/**
 * Keyed hash of a subject: `<key id>.<HMAC-SHA256, base64url>`, 52 characters. The column can
 * be searched by exact value, yet reveals nothing without the key (a report id has too little
 * entropy for a plain hash). The key id names the encryption key the subject key was derived
 * from, so the re-seal command knows which hashes to recompute after a key rotation.
 *
 * @publicApi
 */
@Injectable()
export class SubjectHasher {
  private readonly current: { id: string; key: Buffer };
  private readonly previous: { id: string; key: Buffer }[];

  constructor(@Inject(WEBHOOKS_OPTIONS) options: ResolvedWebhooksOptions) {
    const { current, previous } = encryptionKeys(options);
    this.current = { id: keyId(current), key: subjectKey(current) };
    this.previous = previous.map((buf) => ({ id: keyId(buf), key: subjectKey(buf) }));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  /** The hash stored for a new entry (current key). */
  hash(subject: string): string {
    return digest(this.current, subject);
  }

  /**
   * Every hash the subject may be stored under: the current key's, then each previous key's.
   * Entries stay findable between a key rotation and the re-seal run.
   */
  candidates(subject: string): string[] {
    return [this.current, ...this.previous].map((k) => digest(k, subject));
  }

  /** Key id a stored hash was made under. */
  static keyIdOf(hash: string): string {
    return hash.split('.')[0];
  }
}

function digest(k: { id: string; key: Buffer }, subject: string): string {
  return `${k.id}.${createHmac('sha256', k.key).update(subject, 'utf8').digest('base64url')}`;
}
