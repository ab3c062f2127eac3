import { CONFIG_REASONS, WebhooksConfigError } from '../webhooks.messages';

/**
 * The decoded encryption keys. Only the classes that seal and hash hold them (in private
 * fields): the resolved options, which a host may inject, carry the base64 text it gave.
 * @internal
 */
export interface EncryptionKeys {
  current: Buffer;
  previous: Buffer[];
}

/** Decodes a base64 32-byte key, or throws a config error that names the option. */
export function decodeKey(option: string, value: unknown): Buffer {
  if (typeof value !== 'string' || value.length === 0) {
    throw new WebhooksConfigError(option, CONFIG_REASONS.keyRequired);
  }
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32 || key.toString('base64') !== value.replace(/\s/g, '')) {
    throw new WebhooksConfigError(option, CONFIG_REASONS.keyLength(key.length));
  }
  return key;
}

/** The keys of options already checked by `resolveWebhooksOptions`. */
export function encryptionKeys(options: { encryptionKey: string; previousEncryptionKeys: string[] }): EncryptionKeys {
  return {
    current: decodeKey('encryptionKey', options.encryptionKey),
    previous: options.previousEncryptionKeys.map((k, i) => decodeKey(`previousEncryptionKeys[${i}]`, k)),
  };
}
