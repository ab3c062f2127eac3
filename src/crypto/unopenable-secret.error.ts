/**
 * A stored secret the module's keys cannot open: sealed under a key that is no longer
 * configured, or a damaged value. The message names which value and the key id, never the value.
 */
export class UnopenableSecretError extends Error {
  constructor(what: string, keyId: string | undefined) {
    super(
      `${what} cannot be opened (sealed under key id ${keyId ?? 'unknown'}); re-seal it or add that key to previousEncryptionKeys`,
    );
    this.name = 'UnopenableSecretError';
  }
}

/** Opens a sealed value with `open`; a failure becomes an UnopenableSecretError naming `what` and the key id. */
export function openNamed(sealed: string, what: string, open: (sealed: string) => string): string {
  try {
    return open(sealed);
  } catch {
    throw new UnopenableSecretError(what, sealed.split('.')[1]);
  }
}
