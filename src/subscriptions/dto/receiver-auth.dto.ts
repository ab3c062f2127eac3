import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';
import {
  OAUTH2_AUTH_METHODS,
  OAuth2AuthMethod,
  TLS_TRUST_MODES,
  TlsTrust,
} from '../../persistence/webhook-subscription.entity';
import { IsWebhookUrl, MAX_URL_LENGTH } from '../subscription.validators';

/** Sizes past any real certificate chain, key or secret: a bigger value is a mistake or an attack. */
export const RECEIVER_AUTH_LIMITS = {
  certificate: 32 * 1024,
  key: 16 * 1024,
  caCertificates: 60 * 1024,
  passphrase: 1024,
  clientSecret: 1024,
  clientId: 255,
  scope: 1024,
} as const;

/** Optional; `null` allowed (it clears the value). */
const Nullable = (field: string) => ValidateIf((o) => o[field] !== undefined && o[field] !== null);
const Text = (max: number) => applyDecorators(IsString(), Length(1, max));

/**
 * `tls` of a create or update: a client certificate for mutual TLS and the CAs trusted for the
 * receiver's certificate. In an update, fields not given keep their stored value.
 *
 * @publicApi
 */
export class TlsSettingsDto {
  @ApiPropertyOptional({
    nullable: true,
    description:
      'Client certificate, PEM (the chain, leaf first); give `clientKey` with it; `null` removes it and its key',
    maxLength: RECEIVER_AUTH_LIMITS.certificate,
  })
  @Nullable('clientCertificate')
  @Text(RECEIVER_AUTH_LIMITS.certificate)
  clientCertificate?: string | null;

  @ApiPropertyOptional({
    description:
      "The client certificate's private key, PEM (PKCS#8 or PKCS#1, encrypted or not); sealed at rest, never returned",
    maxLength: RECEIVER_AUTH_LIMITS.key,
    writeOnly: true,
  })
  @ValidateIf((o) => o.clientKey !== undefined)
  @Text(RECEIVER_AUTH_LIMITS.key)
  clientKey?: string;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Passphrase of an encrypted `clientKey`; sealed at rest, never returned',
    maxLength: RECEIVER_AUTH_LIMITS.passphrase,
    writeOnly: true,
  })
  @Nullable('clientKeyPassphrase')
  @Text(RECEIVER_AUTH_LIMITS.passphrase)
  clientKeyPassphrase?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    description:
      "CA certificates (PEM bundle), e.g. the hospital's internal CA; used when `trust` is `custom` or `system+custom`",
    maxLength: RECEIVER_AUTH_LIMITS.caCertificates,
  })
  @Nullable('caCertificates')
  @Text(RECEIVER_AUTH_LIMITS.caCertificates)
  caCertificates?: string | null;

  @ApiPropertyOptional({
    enum: TLS_TRUST_MODES,
    default: 'system',
    description:
      "Which CAs the receiver's certificate must chain to: `system` (Node's trust store), `custom` (`caCertificates` only), `system+custom`. Verification is never skipped.",
  })
  @ValidateIf((o) => o.trust !== undefined)
  @IsIn(TLS_TRUST_MODES as unknown as string[], { message: `trust must be one of: ${TLS_TRUST_MODES.join(', ')}` })
  trust?: TlsTrust;
}

/**
 * `oauth2` of a create or update: the client-credentials grant, its token sent as a bearer token.
 * In an update the object replaces the stored settings; `clientSecret` may be left out to keep the stored one.
 *
 * @publicApi
 */
export class OAuth2SettingsDto {
  @ApiProperty({ example: 'https://gateway.hospital.example/oauth2/token', maxLength: MAX_URL_LENGTH })
  @IsDefined()
  @IsWebhookUrl()
  tokenUrl: string;

  @ApiProperty({ maxLength: RECEIVER_AUTH_LIMITS.clientId })
  @IsDefined()
  @Text(RECEIVER_AUTH_LIMITS.clientId)
  clientId: string;

  @ApiPropertyOptional({
    description: 'Required when OAuth2 is first set; sealed at rest, never returned',
    maxLength: RECEIVER_AUTH_LIMITS.clientSecret,
    writeOnly: true,
  })
  @ValidateIf((o) => o.clientSecret !== undefined)
  @Text(RECEIVER_AUTH_LIMITS.clientSecret)
  clientSecret?: string;

  @ApiPropertyOptional({ nullable: true, maxLength: RECEIVER_AUTH_LIMITS.scope, example: 'lab-results.write' })
  @Nullable('scope')
  @Text(RECEIVER_AUTH_LIMITS.scope)
  scope?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    maxLength: RECEIVER_AUTH_LIMITS.scope,
    description: '`audience` parameter, for gateways that ask for one',
  })
  @Nullable('audience')
  @Text(RECEIVER_AUTH_LIMITS.scope)
  audience?: string | null;

  @ApiPropertyOptional({ enum: OAUTH2_AUTH_METHODS, default: 'client_secret_basic' })
  @ValidateIf((o) => o.authMethod !== undefined)
  @IsIn(OAUTH2_AUTH_METHODS as unknown as string[], {
    message: `authMethod must be one of: ${OAUTH2_AUTH_METHODS.join(', ')}`,
  })
  authMethod?: OAuth2AuthMethod;
}

/** `tls` on a create or update body: an object; `null` (update) removes every TLS setting. */
export const TlsField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: TlsSettingsDto, nullable: true }),
    ValidateIf((o) => o.tls !== undefined && o.tls !== null),
    IsObject(),
    ValidateNested(),
    Type(() => TlsSettingsDto),
  );

/** `oauth2` on a create or update body: an object; `null` (update) removes OAuth2. */
export const OAuth2Field = () =>
  applyDecorators(
    ApiPropertyOptional({ type: OAuth2SettingsDto, nullable: true }),
    ValidateIf((o) => o.oauth2 !== undefined && o.oauth2 !== null),
    IsObject(),
    ValidateNested(),
    Type(() => OAuth2SettingsDto),
  );

/** @publicApi */
export class CertificateInfoDto {
  @ApiProperty({ example: 'CN=lab-webhooks, O=North Lab' }) subject: string;
  @ApiProperty() issuer: string;
  @ApiProperty({ description: 'Serial number, hex' }) serial: string;
  @ApiProperty() notBefore: Date;
  @ApiProperty() notAfter: Date;
  @ApiProperty({ description: 'Whole days left before `notAfter`; under 30 raises a warning' }) daysLeft: number;
}

/** What a read shows of `tls`: never the key nor its passphrase. @publicApi */
export class TlsInfoDto {
  @ApiProperty({ nullable: true, type: String, description: 'Client certificate chain, PEM' })
  clientCertificate: string | null;
  @ApiProperty({ nullable: true, type: CertificateInfoDto }) clientCertificateInfo: CertificateInfoDto | null;
  @ApiProperty({ description: 'Whether a client key is stored' }) hasClientKey: boolean;
  @ApiProperty({ description: 'Whether a key passphrase is stored' }) hasClientKeyPassphrase: boolean;
  @ApiProperty({ nullable: true, type: String }) caCertificates: string | null;
  @ApiProperty({ enum: TLS_TRUST_MODES }) trust: TlsTrust;
}

/** What a read shows of `oauth2`: never the client secret. @publicApi */
export class OAuth2InfoDto {
  @ApiProperty() tokenUrl: string;
  @ApiProperty() clientId: string;
  @ApiProperty({ nullable: true, type: String }) scope: string | null;
  @ApiProperty({ nullable: true, type: String }) audience: string | null;
  @ApiProperty({ enum: OAUTH2_AUTH_METHODS }) authMethod: OAuth2AuthMethod;
  @ApiProperty() hasClientSecret: boolean;
}
