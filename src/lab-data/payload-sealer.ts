import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '../crypto/secret-box';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';

/** A stored payload or body in SecretBox's sealed form (else it is plain text, e.g. JSON). */
export const isSealed = (stored: string): boolean => SecretBox.isSealedForm(stored);

/**
 * Payloads and response bodies at rest (they hold patient data). With `encryptPayloads` on,
 * they are sealed with the same AES-256-GCM scheme and key ids as the secrets; entries written
 * before the option was on (plain JSON) still read, and the re-seal command seals them.
 */
@Injectable()
export class PayloadSealer {
  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly box: SecretBox,
  ) {}

  get enabled(): boolean {
    return this.options.encryptPayloads;
  }

  /**
   * The stored form of a payload or body: sealed when `encryptPayloads` is on. An empty text
   * (the body of a 204) is stored as it is: it holds nothing, and its sealed form would show
   * its length just the same. `open` reads it back as the empty text.
   */
  seal(plaintext: string): string {
    return this.options.encryptPayloads && plaintext !== '' ? this.box.seal(plaintext) : plaintext;
  }

  sealNullable(plaintext: string | null): string | null {
    return plaintext === null ? null : this.seal(plaintext);
  }

  /** The plaintext of a stored payload or body, sealed or not. */
  open(stored: string): string {
    return isSealed(stored) ? this.box.open(stored) : stored;
  }

  /**
   * A receiver's own words in an attempt's error (an HL7 ACK's MSA-3/ERR text), always sealed
   * whatever `encryptPayloads` says: a sealed error is then always receiver text, which a
   * payload expunge finds and erases.
   */
  sealReceiverText(text: string): string {
    return this.box.seal(text);
  }

  /** A subject's sealed copy (shown on list items); always sealed, whatever `encryptPayloads` says. */
  sealSubject(subject: string | null): string | null {
    return subject === null ? null : this.box.seal(subject);
  }
}
