import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Receiver authentication: a client certificate and its key (the key and its passphrase
 * sealed), CAs to trust for the receiver's certificate, OAuth2 client credentials (the secret
 * sealed), and when the certificate's expiry was last announced. Nullable or defaulted, so
 * the previous version keeps working on the migrated table.
 */
export class ReceiverAuth1796588202000 implements MigrationInterface {
  name = 'ReceiverAuth1796588202000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE webhook_subscriptions
         ADD COLUMN tls_client_certificate TEXT NULL,
         ADD COLUMN tls_client_key_sealed TEXT NULL,
         ADD COLUMN tls_client_key_passphrase_sealed TEXT NULL,
         ADD COLUMN tls_ca_certificates TEXT NULL,
         ADD COLUMN tls_trust VARCHAR(16) NOT NULL DEFAULT 'system',
         ADD COLUMN oauth2 TEXT NULL,
         ADD COLUMN oauth2_client_secret_sealed TEXT NULL,
         ADD COLUMN certificate_warned_at DATETIME(3) NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE webhook_subscriptions
         DROP COLUMN tls_client_certificate, DROP COLUMN tls_client_key_sealed,
         DROP COLUMN tls_client_key_passphrase_sealed, DROP COLUMN tls_ca_certificates, DROP COLUMN tls_trust,
         DROP COLUMN oauth2, DROP COLUMN oauth2_client_secret_sealed, DROP COLUMN certificate_warned_at`,
    );
  }
}
