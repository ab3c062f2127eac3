import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { WebhookLinkEntity } from './webhook-link.entity';

/** `webhook_links`: integrator links. */
@Injectable()
export class WebhookLinksRepository {
  /** Inside `m`'s transaction: records a use at `now` unless one was recorded since `quietSince`; false when it was. */
  async claimUse(m: EntityManager, id: string, now: Date, quietSince: Date): Promise<boolean> {
    const claimed = await m
      .createQueryBuilder()
      .update(WebhookLinkEntity)
      .set({ lastUsedAt: now })
      .where('id = :id', { id })
      .andWhere('(last_used_at IS NULL OR last_used_at < :quietSince)', { quietSince })
      .execute();
    return Boolean(claimed.affected);
  }
}
