import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateTime } from './columns';

/**
 * An integrator link: read access to one subscription's log for the receiving side, until it
 * expires or is revoked. Holds the SHA-256 of the link's secret, never the secret.
 */
@Entity('webhook_links')
@Index('idx_webhook_links_subscription', ['subscriptionId', 'id'])
export class WebhookLinkEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 36 })
  subscriptionId: string;

  /** Hex SHA-256 of the secret part of the token. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'allow_payloads', type: 'boolean', default: false })
  allowPayloads: boolean;

  @Column({ name: 'allow_resend', type: 'boolean', default: false })
  allowResend: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 191 })
  createdBy: string;

  @Column({ name: 'created_at', ...dateTime })
  createdAt: Date;

  @Column({ name: 'expires_at', ...dateTime })
  expiresAt: Date;

  @Column({ name: 'revoked_at', ...dateTime, nullable: true })
  revokedAt: Date | null;

  /** When a use was last written to the audit trail (at most one `link.used` row per quiet period). */
  @Column({ name: 'last_used_at', ...dateTime, nullable: true })
  lastUsedAt: Date | null;
}
