/** What a Bull job carries: which entry, and which lifetime attempt (1-based). */
export interface DeliveryJob {
  deliveryId: string;
  attempt: number;
}

/**
 * The job id of one attempt. Bull refuses a second job with a live id, so the recovery sweep,
 * a resend and the engine can all enqueue the same attempt without queueing it twice.
 */
export const attemptJobId = (deliveryId: string, attempt: number): string => `${deliveryId}:${attempt}`;

/** The endpoint key of a URL: its origin, as undici pools connections by origin. */
export function endpointOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
