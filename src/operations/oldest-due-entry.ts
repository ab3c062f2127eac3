import { Injectable } from '@nestjs/common';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';

/** Age of the oldest entry that is due and not yet delivered: how far the engine is behind. */
@Injectable()
export class OldestDueEntry {
  constructor(private readonly deliveries: WebhookDeliveriesRepository) {}

  /** Seconds since the oldest due entry fell due; 0 when nothing is overdue. */
  async ageSeconds(now = new Date()): Promise<number> {
    const oldest = await this.deliveries.oldestDueAt();
    return oldest === null ? 0 : Math.max(0, (now.getTime() - oldest.getTime()) / 1000);
  }
}
