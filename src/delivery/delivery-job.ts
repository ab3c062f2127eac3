/** What a Bull job carries: which entry, which lifetime attempt (1-based), and where it goes. */
export interface DeliveryJob {
  deliveryId: string;
  attempt: number;
  /**
   * Origin of the URL when the job was queued: a hint only, so that an attempt for a hanging
   * endpoint is handed back before it costs a claim. The subscription's URL is what is used.
   */
  endpoint?: string;
}

/**
 * The job id of one attempt. Bull refuses a second job with a live id, so the requeue sweep,
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
