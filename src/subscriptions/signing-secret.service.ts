import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service';
import { WebhooksCaller } from '../auth/webhooks-caller';
import { generateSigningSecret, SecretBox } from '../crypto/secret-box';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { WebhooksConflictError } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';
import { RotatedSecretDto } from './dto/rotated-secret.dto';
import { SubscriptionsService } from './subscriptions.service';

/**
 * Rotates a subscription's signing secret. The old secret keeps signing beside the new one
 * for `secretRotationOverlapHours` (both signatures in `webhook-signature`), so a receiver
 * can switch secrets without dropping a webhook. A second rotation inside the window drops
 * the oldest secret: at most two sign at once.
 */
@Injectable()
export class SigningSecretService {
  constructor(
    @InjectRepository(WebhookSubscriptionEntity) private readonly subscriptions: Repository<WebhookSubscriptionEntity>,
    private readonly subscriptionsService: SubscriptionsService,
    private readonly secretBox: SecretBox,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly audit: AuditTrailService,
  ) {}

  async rotate(caller: WebhooksCaller, id: string): Promise<RotatedSecretDto> {
    const current = await this.subscriptionsService.findVisible(caller, id);
    const signingSecret = generateSigningSecret();
    const now = new Date();
    const previousSecretExpiresAt = new Date(now.getTime() + this.options.secretRotationOverlapHours * 3600_000);
    // Conditional on the secret read above: of two rotations at once, one wins and the other is
    // told so, rather than handing out a secret that never signs.
    const rotated = await this.subscriptions.manager.transaction(async (m) => {
      const result = await m.update(
        WebhookSubscriptionEntity,
        { id, signingSecretSealed: current.signingSecretSealed },
        {
          signingSecretSealed: this.secretBox.seal(signingSecret),
          previousSecretSealed: current.signingSecretSealed,
          previousSecretExpiresAt,
          updatedAt: now,
        },
      );
      if (!result.affected) return false;
      await this.audit.record(m, {
        actorId: caller.id,
        action: 'subscription.secret_rotated',
        subscriptionId: id,
        changes: ['signingSecret'],
      });
      return true;
    });
    if (!rotated) {
      await this.subscriptionsService.findVisible(caller, id); // 404 when it was deleted meanwhile
      throw new WebhooksConflictError(MESSAGES.secretRotatedConcurrently(id));
    }
    return { signingSecret, previousSecretExpiresAt };
  }
}
