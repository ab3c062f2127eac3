import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service';
import { LinkCallers } from '../auth/link-callers';
import { WebhooksCaller } from '../auth/webhooks-caller';
import { isId, newId } from '../common/ids';
import { WebhookLinkEntity } from '../persistence/webhook-link.entity';
import { WebhookLinksRepository } from '../persistence/webhook-links.repository';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { WebhooksNotFoundError } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';
import { CreateIntegratorLinkDto, IntegratorLinkDto } from './dto/integrator-link.dto';
import { formatLinkToken, hashLinkSecret, newLinkSecret, parseLinkToken, secretMatches } from './link-token';

/** A use is written to the audit trail again after this long without one (the live log polls every 2 s). */
export const LINK_USE_AUDIT_EVERY_MS = 5 * 60_000;

const HOUR_MS = 3_600_000;

/**
 * Integrator links: created and revoked by a Webhook Admin; a token sent in the link header
 * becomes a caller scoped to one subscription (see `WebhooksCaller.link`).
 */
@Injectable()
export class IntegratorLinksService implements LinkCallers {
  constructor(
    @InjectRepository(WebhookLinkEntity) private readonly links: Repository<WebhookLinkEntity>,
    private readonly subscriptions: SubscriptionsService,
    private readonly audit: AuditTrailService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly linkUses: WebhookLinksRepository,
  ) {}

  /** A new link and its token (returned once: only its hash is kept). */
  async create(
    caller: WebhooksCaller,
    subscriptionId: string,
    dto: CreateIntegratorLinkDto,
  ): Promise<{ link: WebhookLinkEntity; token: string }> {
    await this.subscriptions.findVisible(caller, subscriptionId);
    const secret = newLinkSecret();
    const now = new Date();
    const link: WebhookLinkEntity = {
      id: newId(),
      subscriptionId,
      tokenHash: hashLinkSecret(secret),
      allowPayloads: dto.allowPayloads ?? false,
      allowResend: dto.allowResend ?? false,
      note: dto.note ?? null,
      createdBy: caller.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + dto.expiresInHours * HOUR_MS),
      revokedAt: null,
      lastUsedAt: null,
    };
    const changes = [
      'expiresInHours',
      ...(link.allowPayloads ? ['allowPayloads'] : []),
      ...(link.allowResend ? ['allowResend'] : []),
    ];
    await this.dataSource.transaction(async (m) => {
      await m.insert(WebhookLinkEntity, link);
      await this.audit.record(m, { actorId: caller.id, action: 'link.created', subscriptionId, changes });
    });
    return { link, token: formatLinkToken({ id: link.id, secret }) };
  }

  async list(caller: WebhooksCaller, subscriptionId: string): Promise<IntegratorLinkDto[]> {
    await this.subscriptions.findVisible(caller, subscriptionId);
    const rows = await this.links.find({ where: { subscriptionId }, order: { id: 'DESC' } });
    const now = Date.now();
    return rows.map(({ tokenHash: _, ...l }) => ({
      ...l,
      status: l.revokedAt ? 'revoked' : l.expiresAt.getTime() <= now ? 'expired' : 'active',
    }));
  }

  /** Revoked at once: the next request with its token is refused. Revoking twice is no error. */
  async revoke(caller: WebhooksCaller, id: string): Promise<void> {
    const link = isId(id) ? await this.links.findOneBy({ id }) : null;
    if (!link) throw new WebhooksNotFoundError(MESSAGES.linkNotFound(id));
    if (link.revokedAt) return;
    await this.dataSource.transaction(async (m) => {
      await m.update(WebhookLinkEntity, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(m, { actorId: caller.id, action: 'link.revoked', subscriptionId: link.subscriptionId });
    });
  }

  /**
   * The caller a link token stands for; null (the guard's 401, one message whatever the reason)
   * for a token that is malformed, unknown, wrong, expired or revoked. Read from the database on
   * every request, so a revocation holds at once on every instance.
   */
  async callerOf(token: unknown): Promise<WebhooksCaller | null> {
    const parsed = parseLinkToken(token);
    const link = parsed ? await this.links.findOneBy({ id: parsed.id }) : null;
    const now = new Date();
    if (!parsed || !link || !secretMatches(parsed.secret, link.tokenHash) || link.revokedAt || link.expiresAt <= now)
      return null;
    await this.recordUse(link, now);
    return {
      id: `link:${link.id}`,
      isAdmin: false,
      link: {
        id: link.id,
        subscriptionId: link.subscriptionId,
        allowPayloads: link.allowPayloads,
        allowResend: link.allowResend,
        expiresAt: link.expiresAt,
      },
    };
  }

  /** One `link.used` row per quiet period, claimed by a conditional UPDATE so instances write it once. */
  private async recordUse(link: WebhookLinkEntity, now: Date): Promise<void> {
    const quietSince = new Date(now.getTime() - LINK_USE_AUDIT_EVERY_MS);
    if (link.lastUsedAt && link.lastUsedAt > quietSince) return;
    await this.dataSource.transaction(async (m) => {
      if (await this.linkUses.claimUse(m, link.id, now, quietSince))
        await this.audit.record(m, {
          actorId: `link:${link.id}`,
          action: 'link.used',
          subscriptionId: link.subscriptionId,
        });
    });
  }
}
