import { Entity, Index, PrimaryColumn } from 'typeorm';

/** A Webhook User assigned to a subscription: they see it and its events. */
@Entity('webhook_subscription_users')
@Index('idx_webhook_subscription_users_user', ['userId', 'subscriptionId'])
export class WebhookSubscriptionUserEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'varchar', length: 36 })
  subscriptionId: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 191 })
  userId: string;
}
