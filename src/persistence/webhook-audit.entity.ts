import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateTime, jsonText } from './columns';

/** The indexes of `webhook_audit`, named by the `@Index` declarations and the repository's hints. */
export const AUDIT_INDEXES = {
  actor: 'idx_webhook_audit_actor',
  action: 'idx_webhook_audit_action',
  subscription: 'idx_webhook_audit_subscription',
} as const;

/**
 * One row of the audit trail: who did what, when. Its id is a UUIDv7, so ids sort by time
 * and serve keyset pagination and the retention purge. Never holds a secret, a header value
 * or a payload value: `changes` names fields only.
 */
@Entity('webhook_audit')
@Index(AUDIT_INDEXES.actor, ['actorId', 'id'])
@Index(AUDIT_INDEXES.action, ['action', 'id'])
@Index(AUDIT_INDEXES.subscription, ['subscriptionId', 'id'])
export class WebhookAuditEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ ...dateTime })
  at: Date;

  /** The caller's id, or `system` for what the module did on its own. */
  @Column({ name: 'actor_id', type: 'varchar', length: 191 })
  actorId: string;

  @Column({ type: 'varchar', length: 48 })
  action: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 36, nullable: true })
  subscriptionId: string | null;

  /** Event-log entries concerned, up to 100 (`count` says how many in all). */
  @Column({ name: 'delivery_ids', type: 'text', transformer: jsonText })
  deliveryIds: string[];

  @Column({ type: 'int', default: 0 })
  count: number;

  /** Names of the fields changed (never their values); null when the action changes no field. */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  changes: string[] | null;

  /**
   * A resend or recover that sends entries to another URL than their last attempt's: each old
   * URL, the new one, and how many entries. Confirmed by the caller (`confirmNewUrl`).
   */
  @Column({ name: 'url_changes', type: 'text', nullable: true, transformer: jsonText })
  urlChanges: UrlChange[] | null;
}

/** Entries last sent to `from`, now sent to `to`. */
export interface UrlChange {
  from: string;
  to: string;
  count: number;
}
