import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service';
import { callerScope } from '../auth/caller-scope';
import { WebhooksCaller } from '../auth/webhooks-caller';
import { IdRange, idRange, retentionFloor } from '../common/event-log-window';
import { isId } from '../common/ids';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { FormatRenderError } from '../formats/body-format';
import { BodyFormatsService } from '../formats/body-formats.service';
import { isSealed, PayloadSealer } from '../lab-data/payload-sealer';
import { SubjectHasher } from '../lab-data/subject-hasher';
import { WebhookAttemptEntity } from '../persistence/webhook-attempt.entity';
import { LogPageBranch, WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubscriptionUsersRepository } from '../persistence/webhook-subscription-users.repository';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { WebhooksNotFoundError } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';
import { EventQueryDto } from './dto/event-query.dto';
import { AttemptDto, EventDetailDto, EventDto } from './dto/event.dto';

/** The columns of a list item: everything but the payload (MEDIUMTEXT, read only for the detail). */
export const ITEM_COLUMNS = {
  id: true,
  eventId: true,
  eventType: true,
  subscriptionId: true,
  url: true,
  status: true,
  attemptCount: true,
  lastResponseStatus: true,
  lastError: true,
  nextAttemptAt: true,
  createdAt: true,
  updatedAt: true,
  payloadExpunged: true,
  subjectSealed: true,
  eventNumber: true,
} as const;

/**
 * Reads the event log back: entries within retention that the caller may see (an admin: all;
 * a Webhook User: those of subscriptions assigned to them). Which index serves which query is
 * in docs/event-log.md.
 *
 * @publicApi
 */
@Injectable()
export class EventLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: WebhookDeliveriesRepository,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    @InjectRepository(WebhookAttemptEntity) private readonly attempts: Repository<WebhookAttemptEntity>,
    private readonly assignments: WebhookSubscriptionUsersRepository,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly sealer: PayloadSealer,
    private readonly subjects: SubjectHasher,
    private readonly audit: AuditTrailService,
    private readonly formats: BodyFormatsService,
  ) {}

  async list(caller: WebhooksCaller, query: EventQueryDto): Promise<Page<EventDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const range = idRange(this.floor(), {
      since: query.since,
      until: query.until,
      cursorId: decodeCursor(query.cursor),
    });
    let subscriptions: (string | undefined)[] = [query.subscriptionId];
    const scope = await this.scopeOf(caller);
    if (scope) subscriptions = query.subscriptionId ? scope.filter((s) => s === query.subscriptionId) : scope;
    const ids = await this.pageIds(subscriptions, query, range, limit + 1);
    const rows = ids.length ? await this.deliveries.find({ select: ITEM_COLUMNS, where: { id: In(ids) } }) : [];
    rows.sort((a, b) => (a.id < b.id ? 1 : -1));
    return toPage(rows, limit, (r) => this.toDto(r));
  }

  async get(caller: WebhooksCaller, id: string): Promise<EventDetailDto> {
    if (!(await this.visibleIds(caller, [id])).length) throw new WebhooksNotFoundError(MESSAGES.eventNotFound(id));
    const entry = await this.deliveries.findOneBy({ id });
    if (!entry) throw new WebhooksNotFoundError(MESSAGES.eventNotFound(id));
    const attempts = await this.attempts.find({ where: { deliveryId: id }, order: { attempt: 'ASC', id: 'ASC' } });
    // An integrator link shows payload bodies only if the admin who made it allowed them.
    const hidden = entry.payloadExpunged || (caller.link !== undefined && !caller.link.allowPayloads);
    const payload = hidden ? null : JSON.parse(this.sealer.open(entry.payload));
    // A read that shows patient data is recorded before the data leaves: no row, no payload.
    if (payload !== null) {
      await this.audit.record(this.dataSource.manager, {
        actorId: caller.id,
        action: 'event.viewed',
        subscriptionId: entry.subscriptionId,
        deliveryIds: [id],
      });
    }
    return {
      ...this.toDto(entry),
      payload,
      message: payload === null ? null : await this.messageOf(entry),
      attempts: attempts.map((a) => this.toAttemptDto(a, entry.url)),
    };
  }

  /**
   * An HL7 v2 entry's message, rendered again from the stored payload: the format's body is
   * a function of the entry and the endpoint's settings, so nothing more is stored. Null for
   * other formats, a deleted endpoint, or a payload the renderer refuses (its attempts say why).
   */
  private async messageOf(entry: WebhookDeliveryEntity): Promise<string | null> {
    const subscription = await this.dataSource.manager.findOneBy(WebhookSubscriptionEntity, {
      id: entry.subscriptionId,
    });
    if (subscription?.format !== 'hl7v2') return null;
    try {
      const rendered = await this.formats.render({
        payloadJson: this.sealer.open(entry.payload),
        eventType: entry.eventType,
        entryId: entry.id,
        createdAt: entry.createdAt,
        eventNumber: entry.eventNumber,
        attempt: Math.max(entry.attemptCount, 1),
        subscription,
      });
      return rendered.body;
    } catch (err) {
      if (err instanceof FormatRenderError) return null;
      throw err;
    }
  }

  /** Of `ids`, those within retention that the caller may see (no hint about the others). */
  async visibleIds(caller: WebhooksCaller, ids: string[]): Promise<string[]> {
    const wellFormed = ids.filter(isId);
    if (!wellFormed.length) return [];
    return this.log.visibleIds(wellFormed, this.floor(), callerScope(caller));
  }

  private floor(): string {
    return retentionFloor(new Date(), this.options.retentionDays);
  }

  /** The subscriptions whose entries the caller may see (see `callerScope`): undefined for all. */
  scopeOf(caller: WebhooksCaller): Promise<string[] | undefined> {
    return this.assignments.visibleSubscriptionIds(callerScope(caller));
  }

  /**
   * The ids of one page, newest first. Each subscription is its own index range read
   * backwards (`LIMIT n` rows at most), and the branches are merged: a Webhook User with
   * several endpoints pays `n` rows per endpoint, however deep the page.
   */
  private async pageIds(
    subscriptions: (string | undefined)[],
    q: EventQueryDto,
    range: IdRange,
    n: number,
  ): Promise<string[]> {
    if (!subscriptions.length || (range.hi !== undefined && range.hi <= range.lo)) return [];
    // Undefined only for an admin without a subscriptionId filter; a Webhook User always has a list.
    const given = subscriptions.filter((s): s is string => s !== undefined);
    const filter = given.length ? given : undefined;
    // With a subject: one branch per key the subject may be hashed under (one, outside a key
    // rotation) and per subscription when limited to some, each an equality range of a subject
    // index. Filtering the subscriptions inside one subject range instead would read the
    // subject's entries on every endpoint, and the time taken would tell their count.
    // Without: one branch per subscription, each its own index range.
    const branches: LogPageBranch[] =
      q.subject !== undefined
        ? this.subjects
            .candidates(q.subject)
            .flatMap((subjectHash) =>
              filter ? filter.map((s) => ({ subjectHash, subscriptionIds: [s] })) : [{ subjectHash }],
            )
        : subscriptions.map((s) => ({ subscriptionIds: s === undefined ? undefined : [s] }));
    return this.log.pageIds(branches, { status: q.status, eventType: q.eventType }, range, n);
  }

  toDto(e: Pick<WebhookDeliveryEntity, keyof typeof ITEM_COLUMNS>): EventDto {
    return {
      id: e.id,
      eventId: e.eventId,
      eventType: e.eventType,
      subscriptionId: e.subscriptionId,
      url: e.url,
      status: e.status,
      attemptCount: e.attemptCount,
      lastResponseStatus: e.lastResponseStatus,
      lastError: e.lastError,
      nextAttemptAt: e.nextAttemptAt,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      payloadExpunged: e.payloadExpunged,
      // Whoever may see an entry may see its payload, until it is expunged.
      subject: e.payloadExpunged ? null : this.openOrNull(e.subjectSealed),
      eventNumber: e.eventNumber,
    };
  }

  /** A sealed subject or response body; null if it was sealed under a key no longer configured (the entry still shows). */
  private openOrNull(sealed: string | null): string | null {
    if (sealed === null) return null;
    try {
      return this.sealer.open(sealed);
    } catch {
      return null;
    }
  }

  private toAttemptDto(a: WebhookAttemptEntity, entryUrl: string): AttemptDto {
    return {
      attempt: a.attempt,
      trigger: a.trigger,
      url: a.url ?? entryUrl,
      startedAt: a.startedAt,
      durationMs: a.durationMs,
      requestHeaders: a.requestHeaders,
      responseStatus: a.responseStatus,
      responseHeaders: a.responseHeaders,
      responseBody: this.openOrNull(a.responseBody),
      // A sealed error is the receiver's own words (an HL7 ACK's text), sealed like its body.
      error: a.error !== null && isSealed(a.error) ? this.openOrNull(a.error) : a.error,
      nextDelayMs: a.nextDelayMs,
      delayReason: a.delayReason,
    };
  }
}
