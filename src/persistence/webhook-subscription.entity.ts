import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateTime, jsonText } from './columns';

export const SUBSCRIPTION_ORDERINGS = ['none', 'subject'] as const;
/** `subject`: entries that share a subject go in publish order (see SubjectOrderService). */
export type SubscriptionOrdering = (typeof SUBSCRIPTION_ORDERINGS)[number];
export type DisabledReason = 'gone' | 'failing';
export const TLS_TRUST_MODES = ['system', 'custom', 'system+custom'] as const;
/** Which CAs the receiver's server certificate is checked against. */
export type TlsTrust = (typeof TLS_TRUST_MODES)[number];
export const OAUTH2_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const;
export type OAuth2AuthMethod = (typeof OAUTH2_AUTH_METHODS)[number];

/** An endpoint's OAuth2 client-credentials settings, all but the client secret (sealed apart). */
export interface OAuth2Settings {
  tokenUrl: string;
  clientId: string;
  scope: string | null;
  audience: string | null;
  authMethod: OAuth2AuthMethod;
}

export const SUBSCRIPTION_FORMATS = ['json', 'fhir-r4', 'hl7v2'] as const;
/**
 * What a delivery's body is: `json` (the payload as published), a FHIR R4 notification, or an HL7 v2 message.
 *
 * @publicApi
 */
export type SubscriptionFormat = (typeof SUBSCRIPTION_FORMATS)[number];

/** Who receives an `hl7v2` subscription's messages, as MSH-5 and MSH-6 name them. */
export interface Hl7Receiver {
  receivingApplication: string | null;
  receivingFacility: string | null;
}

export const FHIR_PAYLOAD_CONTENTS = ['empty', 'id-only', 'full-resource'] as const;
/**
 * How much of the event a `fhir-r4` notification carries: nothing but its number (`empty`),
 * a reference to its focus resource (`id-only`), or the resource itself (`full-resource`).
 *
 * @publicApi
 */
export type FhirPayloadContent = (typeof FHIR_PAYLOAD_CONTENTS)[number];

/** What a `fhir-r4` subscription chose. */
export interface FhirSettings {
  payloadContent: FhirPayloadContent;
  /** A `heartbeat` after this many seconds without a notification; null: none. */
  heartbeatPeriodSeconds: number | null;
}

/** An endpoint lab staff subscribed to some of the seven events. */
@Entity('webhook_subscriptions')
export class WebhookSubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** Subscribed event names. */
  @Column({ type: 'text', transformer: jsonText })
  events: string[];

  @Column({ type: 'varchar', length: 255, nullable: true })
  username: string | null;

  /** Sealed (AES-256-GCM) basic-auth password; never returned. */
  @Column({ name: 'password_sealed', type: 'text', nullable: true })
  passwordSealed: string | null;

  /** Sealed current signing secret. */
  @Column({ name: 'signing_secret_sealed', type: 'text' })
  signingSecretSealed: string;

  /** Sealed previous signing secret, still used to sign until `previousSecretExpiresAt`. */
  @Column({ name: 'previous_secret_sealed', type: 'text', nullable: true })
  previousSecretSealed: string | null;

  @Column({ name: 'previous_secret_expires_at', ...dateTime, nullable: true })
  previousSecretExpiresAt: Date | null;

  /**
   * Custom request headers as written before their values were sealed, name to plain value:
   * `{}` on every row the module wrote or `reseal-secrets` sealed since.
   */
  @Column({ name: 'headers', type: 'text', transformer: jsonText })
  plainHeaders: Record<string, string>;

  /** Custom request headers, name to sealed value (values are secrets, like the password); null before sealing. */
  @Column({ name: 'headers_sealed', type: 'text', nullable: true, transformer: jsonText })
  sealedHeaders: Record<string, string> | null;

  /** Client certificate (PEM chain) presented to the receiver in the TLS handshake; public. */
  @Column({ name: 'tls_client_certificate', type: 'text', nullable: true })
  tlsClientCertificate: string | null;

  /** Sealed PEM private key of the client certificate; never returned. */
  @Column({ name: 'tls_client_key_sealed', type: 'text', nullable: true })
  tlsClientKeySealed: string | null;

  /** Sealed passphrase of an encrypted client key; never returned. */
  @Column({ name: 'tls_client_key_passphrase_sealed', type: 'text', nullable: true })
  tlsClientKeyPassphraseSealed: string | null;

  /** CA certificates (PEM bundle) the receiver's certificate may chain to; public. */
  @Column({ name: 'tls_ca_certificates', type: 'text', nullable: true })
  tlsCaCertificates: string | null;

  @Column({ name: 'tls_trust', type: 'varchar', length: 16, default: 'system' })
  tlsTrust: TlsTrust;

  @Column({ name: 'oauth2', type: 'text', nullable: true, transformer: jsonText })
  oauth2: OAuth2Settings | null;

  /** Sealed OAuth2 client secret; never returned. */
  @Column({ name: 'oauth2_client_secret_sealed', type: 'text', nullable: true })
  oauth2ClientSecretSealed: string | null;

  /** When `webhooks.endpoint.certificate_expiring` was last emitted for this endpoint (once a day at most). */
  @Column({ name: 'certificate_warned_at', ...dateTime, nullable: true })
  certificateWarnedAt: Date | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Index('idx_webhook_subscriptions_active')
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'varchar', length: 16, default: 'none' })
  ordering: SubscriptionOrdering;

  @Column({ type: 'varchar', length: 16, default: 'json' })
  format: SubscriptionFormat;

  /** MSH-5 and MSH-6 of an `hl7v2` subscription; null for the other formats. */
  @Column({ name: 'hl7', type: 'text', nullable: true, transformer: jsonText })
  hl7: Hl7Receiver | null;

  /** Payload content and heartbeat of a `fhir-r4` subscription; null for the other formats. */
  @Column({ name: 'fhir', type: 'text', nullable: true, transformer: jsonText })
  fhir: FhirSettings | null;

  /** Why the module deactivated the endpoint (`gone`: it answered 410; `failing`: see `failingSince`); null when active or deactivated by hand. */
  @Column({ name: 'disabled_reason', type: 'varchar', length: 16, nullable: true })
  disabledReason: DisabledReason | null;

  @Column({ name: 'disabled_at', ...dateTime, nullable: true })
  disabledAt: Date | null;

  /** When the first entry ended `failed` with no success since; null while healthy. */
  @Column({ name: 'failing_since', ...dateTime, nullable: true })
  failingSince: Date | null;

  /** Payload filter (a subset of MongoDB query syntax, see PayloadFilter); null: every event of its types. */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  filter: Record<string, any> | null;

  @Column({ name: 'project_template_id', type: 'varchar', length: 191, nullable: true })
  projectTemplateId: string | null;

  @Column({ name: 'created_at', ...dateTime })
  createdAt: Date;

  @Column({ name: 'updated_at', ...dateTime })
  updatedAt: Date;
}
