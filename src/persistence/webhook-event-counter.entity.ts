import { Column, Entity, PrimaryColumn } from 'typeorm';
import { dateTime } from './columns';

/**
 * The event counter of one `fhir-r4` subscription. Publishing adds one under this row's lock,
 * held until the publish commits: numbers follow commit order, and a publish rolled back
 * gives its number back. Kept as long as the subscription (never purged with the log).
 */
@Entity('webhook_event_counters')
export class WebhookEventCounterEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'varchar', length: 36 })
  subscriptionId: string;

  /** Events numbered so far: the last number handed out (bigint: read as text). */
  @Column({ name: 'last_number', type: 'bigint' })
  lastNumber: string;

  @Column({ name: 'updated_at', ...dateTime })
  updatedAt: Date;
}
