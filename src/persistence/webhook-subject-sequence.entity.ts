import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateTime } from './columns';

/**
 * The publish counter of one subject on one subscription with `ordering: subject`. Publishing
 * takes the next number under this row's lock, which is held until the publish commits: so
 * numbers follow commit order, and releasing the next entry takes the same lock.
 */
@Entity('webhook_subject_sequences')
export class WebhookSubjectSequenceEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'varchar', length: 36 })
  subscriptionId: string;

  /** The subject's keyed hash, as on the entries. */
  @PrimaryColumn({ name: 'subject_hash', type: 'varchar', length: 64 })
  subjectHash: string;

  /** Last number handed out (bigint: read as text). */
  @Column({ name: 'last_seq', type: 'bigint' })
  lastSeq: string;

  /** Last publish; counters idle past retention are purged with the log. */
  @Index('idx_webhook_subject_sequences_updated')
  @Column({ name: 'updated_at', ...dateTime })
  updatedAt: Date;
}
