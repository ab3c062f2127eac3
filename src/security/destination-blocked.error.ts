/** `code` of the error a blocked destination fails with, wherever the HTTP client wraps it. */
export const DESTINATION_BLOCKED = 'EDESTINATIONBLOCKED';

/**
 * A send refused because the address it would connect to is not allowed. The message is
 * the fixed text the event log shows; `reason` (host and address, never secret) is for the
 * operator's log line.
 */
export class DestinationBlockedError extends Error {
  readonly code = DESTINATION_BLOCKED;

  constructor(readonly reason: string) {
    super('destination blocked');
    this.name = 'DestinationBlockedError';
  }

  /** Whether `err`, or any error in its `cause` chain (undici wraps connect errors), is a block. */
  static isBlocked(err: unknown): boolean {
    for (let e: any = err, depth = 0; e && depth < 8; e = e.cause, depth++) {
      if (e.code === DESTINATION_BLOCKED) return true;
    }
    return false;
  }
}
