import { Injectable } from '@nestjs/common';
import { SecretBox } from '../crypto/secret-box';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { DestinationPolicy } from '../security/destination-policy';
import { caBundleProblem, checkClientIdentity, daysLeft, storedCertificateInfo } from '../sending/certificates';
import { invalid } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';
import { OAuth2InfoDto, OAuth2SettingsDto, TlsInfoDto, TlsSettingsDto } from './dto/receiver-auth.dto';

/**
 * Writes and reads a subscription's receiver authentication: the client certificate with its
 * key (checked as a TLS stack would use them, the key and passphrase sealed), the CAs trusted
 * for the receiver, and OAuth2 client credentials (the token URL under the destination policy,
 * the secret sealed). Refused combinations, each a 400 naming the field:
 * - OAuth2 with basic auth: both would set the `Authorization` header;
 * - a client certificate or custom CAs on an `http:` URL: there is no TLS to use them in;
 * - `trust: custom`/`system+custom` without CAs, and CAs with `trust: system`, which would ignore them.
 */
@Injectable()
export class ReceiverAuthSettings {
  constructor(
    private readonly secretBox: SecretBox,
    private readonly destinations: DestinationPolicy,
  ) {}

  /** Applies `tls` and `oauth2` of a create or update to the entity (`undefined`: unchanged). Returns the fields changed, for the audit trail. */
  async apply(
    e: WebhookSubscriptionEntity,
    tls: TlsSettingsDto | null | undefined,
    oauth2: OAuth2SettingsDto | null | undefined,
  ): Promise<string[]> {
    if (tls !== undefined) this.applyTls(e, tls ?? {}, tls === null);
    if (oauth2 !== undefined) await this.applyOAuth2(e, oauth2);
    this.checkCombination(e);
    return [...(tls !== undefined ? ['tls'] : []), ...(oauth2 !== undefined ? ['oauth2'] : [])];
  }

  tlsInfo(e: WebhookSubscriptionEntity, now = new Date()): TlsInfoDto {
    const info = storedCertificateInfo(e.tlsClientCertificate);
    return {
      clientCertificate: e.tlsClientCertificate,
      clientCertificateInfo: info && { ...info, daysLeft: daysLeft(info, now) },
      hasClientKey: e.tlsClientKeySealed !== null,
      hasClientKeyPassphrase: e.tlsClientKeyPassphraseSealed !== null,
      caCertificates: e.tlsCaCertificates,
      trust: e.tlsTrust,
    };
  }

  oauth2Info(e: WebhookSubscriptionEntity): OAuth2InfoDto | null {
    if (!e.oauth2) return null;
    return { ...e.oauth2, hasClientSecret: e.oauth2ClientSecretSealed !== null };
  }

  private applyTls(e: WebhookSubscriptionEntity, t: TlsSettingsDto, removeAll: boolean): void {
    if (removeAll) {
      Object.assign(e, { tlsClientCertificate: null, tlsCaCertificates: null, tlsTrust: 'system' });
      t = { clientCertificate: null };
    }
    if (t.clientCertificate === null) {
      if (t.clientKey !== undefined || t.clientKeyPassphrase)
        throw invalid('tls.clientKey', MESSAGES.tlsKeyWithoutCertificate);
      Object.assign(e, { tlsClientCertificate: null, tlsClientKeySealed: null, tlsClientKeyPassphraseSealed: null });
    } else if (t.clientCertificate !== undefined) {
      if (t.clientKey === undefined) throw invalid('tls.clientKey', MESSAGES.tlsKeyRequired);
      const checked = checkClientIdentity(
        t.clientCertificate,
        t.clientKey,
        t.clientKeyPassphrase ?? undefined,
        new Date(),
      );
      if ('field' in checked) throw invalid(checked.field, checked.message);
      e.tlsClientCertificate = t.clientCertificate;
      e.certificateWarnedAt = null; // a new certificate: its expiry is announced afresh
      e.tlsClientKeySealed = this.secretBox.seal(t.clientKey);
      e.tlsClientKeyPassphraseSealed = t.clientKeyPassphrase ? this.secretBox.seal(t.clientKeyPassphrase) : null;
    } else if (t.clientKey !== undefined || t.clientKeyPassphrase !== undefined) {
      throw invalid('tls.clientCertificate', MESSAGES.tlsCertificateRequired);
    }
    if (t.caCertificates !== undefined) {
      const problem = t.caCertificates === null ? null : caBundleProblem(t.caCertificates);
      if (problem) throw invalid(problem.field, problem.message);
      e.tlsCaCertificates = t.caCertificates;
    }
    if (t.trust !== undefined) e.tlsTrust = t.trust;
  }

  private async applyOAuth2(e: WebhookSubscriptionEntity, o: OAuth2SettingsDto | null): Promise<void> {
    if (o === null) {
      Object.assign(e, { oauth2: null, oauth2ClientSecretSealed: null });
      return;
    }
    if (o.clientSecret === undefined && e.oauth2ClientSecretSealed === null)
      throw invalid('oauth2.clientSecret', MESSAGES.oauth2SecretRequired);
    const problem = await this.destinations.checkUrl(o.tokenUrl);
    if (problem) throw invalid('oauth2.tokenUrl', MESSAGES.fieldProblem('oauth2.tokenUrl', problem));
    e.oauth2 = {
      tokenUrl: o.tokenUrl,
      clientId: o.clientId,
      scope: o.scope ?? null,
      audience: o.audience ?? null,
      authMethod: o.authMethod ?? 'client_secret_basic',
    };
    if (o.clientSecret !== undefined) e.oauth2ClientSecretSealed = this.secretBox.seal(o.clientSecret);
  }

  private checkCombination(e: WebhookSubscriptionEntity): void {
    if (e.oauth2 && (e.username !== null || e.passwordSealed !== null))
      throw invalid('oauth2', MESSAGES.oauth2WithBasicAuth);
    const usesTls = e.tlsClientCertificate !== null || e.tlsCaCertificates !== null || e.tlsTrust !== 'system';
    if (usesTls && new URL(e.url).protocol !== 'https:') throw invalid('tls', MESSAGES.tlsNeedsHttps);
    if (e.tlsTrust !== 'system' && e.tlsCaCertificates === null)
      throw invalid('tls.caCertificates', MESSAGES.tlsCaRequired(e.tlsTrust));
    if (e.tlsTrust === 'system' && e.tlsCaCertificates !== null)
      throw invalid('tls.trust', MESSAGES.tlsSystemIgnoresCa);
  }
}
