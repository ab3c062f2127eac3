/** What a Bull job carries: which entry, and which lifetime attempt (1-based) it is for. */
export interface DeliveryJob {
  deliveryId: string;
  attempt: number;
}

/**
 * The job id of one attempt. Bull refuses a second job with a live id, so the recovery sweep,
 * a resend and the engine can all enqueue the same attempt without queueing it twice.
 */
export const attemptJobId = (deliveryId: string, attempt: number): string => `${deliveryId}:${attempt}`;
