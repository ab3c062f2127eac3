import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { SYSTEM_ACTOR } from '../audit/audit-actions';
import { AuditTrailService } from '../audit/audit-trail.service';
import { changedFields, sameSet } from '../audit/changed-fields';
import { callerScope } from '../auth/caller-scope';
import { WebhooksCaller } from '../auth/webhooks-caller';
import { newId, isId } from '../common/ids';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, PageQueryDto, toPage } from '../common/pagination';

import { customHeaderNames, sealHeaderValues } from '../crypto/sealed-headers';
import { generateSigningSecret, SecretBox } from '../crypto/secret-box';
import { SubjectOrderService } from '../delivery/subject-order.service';
import { ActiveSubscriptionsService } from '../filters/active-subscriptions.service';
import { SubscriptionFiltersService } from '../filters/subscription-filters.service';
import { BodyFormatsService } from '../formats/body-formats.service';
import { cancelUndelivered } from '../persistence/cancel-undelivered';
import { WebhookEventCounterEntity } from '../persistence/webhook-event-counter.entity';
import { WebhookSubjectSequenceEntity } from '../persistence/webhook-subject-sequence.entity';
import { WebhookSubscriptionUsersRepository } from '../persistence/webhook-subscription-users.repository';
import {
  FhirSettings,
  Hl7Receiver,
  SubscriptionFormat,
  WebhookSubscriptionEntity,
} from '../persistence/webhook-subscription.entity';
import { DestinationPolicy } from '../security/destination-policy';
import { invalid, WebhooksNotFoundError } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';
import { CreateSubscriptionDto } from './dto/create-subscription.dto';
import { FhirSettingsDto } from './dto/fhir-settings.dto';
import { Hl7ReceiverDto } from './dto/hl7-receiver.dto';
import { CreatedSubscriptionDto, SubscriptionDto } from './dto/subscription.dto';
import { UpdateSubscriptionDto } from './dto/update-subscription.dto';
import { FhirNoticesService } from './fhir-notices.service';
import { ReceiverAuthSettings } from './receiver-auth-settings';
import { headersSizeProblem, isKeepMarker, normalisedUrl } from './subscription.validators';

/** A new subscription's receiver authentication before `tls` and `oauth2` are applied: none. */
const NO_RECEIVER_AUTH = {
  tlsClientCertificate: null,
  tlsClientKeySealed: null,
  tlsClientKeyPassphraseSealed: null,
  tlsCaCertificates: null,
  tlsTrust: 'system',
  oauth2: null,
  oauth2ClientSecretSealed: null,
  certificateWarnedAt: null,
} as const;

/**
 * Subscriptions: create, list, read, update and delete, with the caller's visibility
 * (admin: all; Webhook User: assigned only), for hosts that manage them in code.
 *
 * @publicApi
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(WebhookSubscriptionEntity) private readonly subscriptions: Repository<WebhookSubscriptionEntity>,
    private readonly assignments: WebhookSubscriptionUsersRepository,
    private readonly secretBox: SecretBox,
    private readonly destinations: DestinationPolicy,
    private readonly order: SubjectOrderService,
    private readonly audit: AuditTrailService,
    private readonly activeSubscriptions: ActiveSubscriptionsService,
    private readonly receiverAuth: ReceiverAuthSettings,
    private readonly formats: BodyFormatsService,
    private readonly filters: SubscriptionFiltersService,
    private readonly notices: FhirNoticesService,
  ) {}

  /** `caller`: who is recorded in the audit trail (default: the module itself). */
  async create(dto: CreateSubscriptionDto, caller?: WebhooksCaller): Promise<CreatedSubscriptionDto> {
    const format = dto.format ?? 'json';
    const fhir = format === 'fhir-r4' ? fhirSettings(null, dto.fhir) : null;
    this.checkFormat(format, dto.events, dto.hl7, dto.fhir, fhir);
    this.filters.check(dto.filter, dto.events);
    await this.checkDestination(dto.url);
    const now = new Date();
    const signingSecret = generateSigningSecret();
    const entity = this.subscriptions.create({
      id: newId(),
      url: normalisedUrl(dto.url),
      events: dto.events,
      username: dto.username ?? null,
      passwordSealed: dto.password === undefined ? null : this.secretBox.seal(dto.password),
      signingSecretSealed: this.secretBox.seal(signingSecret),
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      disabledReason: null,
      disabledAt: dto.active === false ? now : null,
      failingSince: null,
      plainHeaders: {},
      sealedHeaders: sealHeaderValues(this.secretBox, dto.headers ?? {}),
      description: dto.description ?? null,
      active: dto.active ?? true,
      ordering: dto.ordering ?? 'none',
      format,
      hl7: format === 'hl7v2' ? hl7Receiver(dto.hl7) : null,
      fhir,
      projectTemplateId: dto.projectTemplateId ?? null,
      filter: dto.filter ?? null,
      ...NO_RECEIVER_AUTH,
      createdAt: now,
      updatedAt: now,
    });
    await this.receiverAuth.apply(entity, dto.tls, dto.oauth2);
    const userIds = dto.userIds ?? [];
    const handshake = await this.dataSource.transaction(async (m) => {
      await m.insert(WebhookSubscriptionEntity, entity);
      await this.assignments.replace(m, entity.id, userIds);
      const given = Object.keys(dto).filter((k) => (dto as unknown as Record<string, unknown>)[k] !== undefined);
      await this.audit.record(m, {
        actorId: caller?.id ?? SYSTEM_ACTOR,
        action: 'subscription.created',
        subscriptionId: entity.id,
        changes: given.sort(),
      });
      return entity.format === 'fhir-r4' && entity.active ? [await this.notices.handshake(m, entity)] : [];
    });
    await this.activeSubscriptions.changed();
    await this.notices.enqueue(handshake);
    return { ...this.toDto(entity, userIds), signingSecret };
  }

  async list(caller: WebhooksCaller, query: PageQueryDto): Promise<Page<SubscriptionDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const before = decodeCursor(query.cursor);
    const qb = this.subscriptions
      .createQueryBuilder('s')
      .orderBy('s.id', 'DESC')
      .take(limit + 1);
    if (before) qb.andWhere('s.id < :before', { before });
    this.assignments.restrict(qb, callerScope(caller), 's.id');
    const rows = await qb.getMany();
    const users = await this.assignments.userIdsOf(rows.map((r) => r.id));
    return toPage(rows, limit, (r) => this.toDto(r, users.get(r.id) ?? []));
  }

  async get(caller: WebhooksCaller, id: string): Promise<SubscriptionDto> {
    const entity = await this.findVisible(caller, id);
    const users = await this.assignments.userIdsOf([id]);
    return this.toDto(entity, users.get(id) ?? []);
  }

  async update(caller: WebhooksCaller, id: string, dto: UpdateSubscriptionDto): Promise<SubscriptionDto> {
    const entity = await this.findVisible(caller, id);
    const format = dto.format ?? entity.format;
    const fhir = format === 'fhir-r4' ? fhirSettings(entity.fhir, dto.fhir) : null;
    if (dto.format !== undefined || dto.events !== undefined || dto.hl7 !== undefined || dto.fhir !== undefined) {
      this.checkFormat(format, dto.events ?? entity.events, dto.hl7, dto.fhir, fhir);
    }
    if (dto.filter !== undefined || dto.events !== undefined) {
      // A stored filter is checked again against the new events: a path all of them carry.
      this.filters.check(dto.filter === undefined ? entity.filter : dto.filter, dto.events ?? entity.events);
    }
    if (dto.url !== undefined) await this.checkDestination(dto.url);
    const before = { ...entity };
    this.applyBasicAuth(entity, dto);
    if (dto.url !== undefined) entity.url = normalisedUrl(dto.url);
    if (dto.events !== undefined) entity.events = dto.events;
    const headersChanged = dto.headers !== undefined && this.applyHeaders(entity, dto.headers);
    if (dto.description !== undefined) entity.description = dto.description;
    if (dto.active !== undefined) this.applyActive(entity, dto.active);
    if (dto.projectTemplateId !== undefined) entity.projectTemplateId = dto.projectTemplateId;
    if (dto.filter !== undefined) entity.filter = dto.filter;
    const authChanged = await this.receiverAuth.apply(entity, dto.tls, dto.oauth2);
    const orderingOff = entity.ordering === 'subject' && dto.ordering === 'none';
    if (dto.ordering !== undefined) entity.ordering = dto.ordering;
    entity.format = format;
    if (format !== 'hl7v2') entity.hl7 = null;
    else if (dto.hl7 !== undefined || entity.hl7 === null) entity.hl7 = hl7Receiver(dto.hl7);
    entity.fhir = fhir;
    entity.updatedAt = new Date();
    // A FHIR client hears from a subscription that starts (again) sending it notifications.
    const handshakeDue = entity.active && format === 'fhir-r4' && (!before.active || before.format !== 'fhir-r4');
    const handshake = await this.dataSource.transaction(async (m) => {
      const usersBefore = (await this.assignments.userIdsOf([id], m)).get(id) ?? [];
      await m.save(WebhookSubscriptionEntity, entity);
      if (dto.userIds !== undefined) await this.assignments.replace(m, id, dto.userIds);
      if (!entity.active) await cancelUndelivered(m, id);
      const changes = changedFields(before, entity, dto.password !== undefined);
      if (headersChanged) changes.push('headers');
      changes.push(...authChanged);
      if (dto.userIds !== undefined && !sameSet(usersBefore, dto.userIds)) changes.push('userIds');
      await this.audit.record(m, {
        actorId: caller.id,
        action: 'subscription.updated',
        subscriptionId: id,
        changes: changes.sort(),
      });
      if (!before.active && entity.active) {
        await this.audit.record(m, { actorId: caller.id, action: 'endpoint.enabled', subscriptionId: id });
      }
      return handshakeDue ? [await this.notices.handshake(m, entity)] : [];
    });
    await this.activeSubscriptions.changed();
    await this.notices.enqueue(handshake);
    if (orderingOff && entity.active) await this.order.dissolve(id);
    return this.get(caller, id);
  }

  async remove(caller: WebhooksCaller, id: string): Promise<void> {
    await this.findVisible(caller, id);
    await this.dataSource.transaction(async (m) => {
      await this.assignments.removeAll(m, id);
      await m.delete(WebhookSubscriptionEntity, { id });
      await m.delete(WebhookSubjectSequenceEntity, { subscriptionId: id });
      await m.delete(WebhookEventCounterEntity, { subscriptionId: id });
      await cancelUndelivered(m, id);
      await this.audit.record(m, { actorId: caller.id, action: 'subscription.deleted', subscriptionId: id });
    });
    await this.activeSubscriptions.changed();
  }

  /** The subscription if the caller may see it; 404 otherwise (no hint that it exists). */
  async findVisible(caller: WebhooksCaller, id: string): Promise<WebhookSubscriptionEntity> {
    const entity = isId(id) ? await this.subscriptions.findOneBy({ id }) : null;
    if (!entity) throw new WebhooksNotFoundError(MESSAGES.subscriptionNotFound(id));
    if (!(await this.assignments.sees(callerScope(caller), id)))
      throw new WebhooksNotFoundError(MESSAGES.subscriptionNotFound(id));
    return entity;
  }

  /**
   * 400 naming the field when the format cannot be chosen (not available), cannot render one of
   * the events (naming them) or take its settings, or `hl7` (`fhir`) is given for another
   * format than `hl7v2` (`fhir-r4`).
   */
  private checkFormat(
    format: SubscriptionFormat,
    events: readonly string[],
    hl7: Hl7ReceiverDto | null | undefined,
    givenFhir: FhirSettingsDto | null | undefined,
    fhir: FhirSettings | null,
  ) {
    if (hl7 !== undefined && hl7 !== null && format !== 'hl7v2') {
      throw invalid('hl7', MESSAGES.settingOfOtherFormat('hl7', 'hl7v2', format));
    }
    if (givenFhir !== undefined && givenFhir !== null && format !== 'fhir-r4') {
      throw invalid('fhir', MESSAGES.settingOfOtherFormat('fhir', 'fhir-r4', format));
    }
    const problem = this.formats.problem(format, events, { fhir });
    if (problem) throw invalid(problem.field, problem.message);
  }

  /** 400 naming `url` when it points into the lab's own network (SSRF); see `DestinationPolicy`. */
  private async checkDestination(url: string): Promise<void> {
    const problem = await this.destinations.checkUrl(url);
    if (problem) throw invalid('url', MESSAGES.fieldProblem('url', problem));
  }

  /** Username and password go together; `password: null` removes basic auth. */
  private applyBasicAuth(entity: WebhookSubscriptionEntity, dto: UpdateSubscriptionDto): void {
    if (dto.password === null) {
      if (dto.username !== undefined) throw invalid('username', MESSAGES.usernameWithoutPassword);
      entity.username = null;
      entity.passwordSealed = null;
      return;
    }
    const username = dto.username ?? entity.username;
    const hasPassword = dto.password !== undefined || entity.passwordSealed !== null;
    if ((dto.username !== undefined || dto.password !== undefined) && (!username || !hasPassword)) {
      throw username ? invalid('password', MESSAGES.passwordRequired) : invalid('username', MESSAGES.usernameRequired);
    }
    entity.username = username ?? null;
    if (dto.password !== undefined) entity.passwordSealed = this.secretBox.seal(dto.password);
  }

  /**
   * `headers` replaces the set of custom headers; a value `{ "hasValue": true }` keeps the
   * stored value of that name (matched ignoring case). Values are sealed; plain ones left from
   * before sealing are sealed on the way. True when a name or a value was given anew.
   */
  private applyHeaders(entity: WebhookSubscriptionEntity, given: Record<string, string | { hasValue: true }>): boolean {
    const stored = new Map<string, { name: string; plain?: string; sealed?: string }>();
    for (const [name, plain] of Object.entries(entity.plainHeaders)) stored.set(name.toLowerCase(), { name, plain });
    for (const [name, sealed] of Object.entries(entity.sealedHeaders ?? {}))
      stored.set(name.toLowerCase(), { name, sealed });
    const next: Record<string, string> = {};
    let bytes = 0;
    let changed = Object.keys(given).sort().join('\n') !== customHeaderNames(entity).sort().join('\n');
    for (const [name, value] of Object.entries(given)) {
      if (!isKeepMarker(value)) {
        next[name] = this.secretBox.seal(value);
        bytes += name.length + value.length;
        changed = true;
        continue;
      }
      const old = stored.get(name.toLowerCase());
      if (!old) throw invalid('headers', MESSAGES.headerValueMissing(name));
      const plain = old.plain ?? this.openStoredHeader(name, old.sealed!);
      next[name] = old.sealed ?? this.secretBox.seal(plain);
      bytes += name.length + plain.length;
    }
    const tooBig = headersSizeProblem(bytes);
    if (tooBig) throw invalid('headers', MESSAGES.fieldProblem('headers', tooBig));
    entity.plainHeaders = {};
    entity.sealedHeaders = next;
    return changed;
  }

  /** A kept value, opened only to size the set; one that no key opens must be given again. */
  private openStoredHeader(name: string, sealed: string): string {
    try {
      return this.secretBox.open(sealed);
    } catch {
      const keyId = SecretBox.keyIdOf(sealed) ?? 'unknown';
      throw invalid('headers', MESSAGES.headerValueUnopenable(name, keyId));
    }
  }

  /**
   * Reactivating clears why and when the endpoint was deactivated and restarts its failing
   * clock; deactivating by hand records when (the reason stays null: an admin chose it).
   */
  private applyActive(entity: WebhookSubscriptionEntity, active: boolean): void {
    if (active === entity.active) return;
    entity.active = active;
    entity.disabledReason = null;
    entity.disabledAt = active ? null : new Date();
    if (active) entity.failingSince = null;
  }

  toDto(e: WebhookSubscriptionEntity, userIds: string[]): SubscriptionDto {
    return {
      id: e.id,
      url: e.url,
      events: e.events,
      username: e.username,
      hasPassword: e.passwordSealed !== null,
      headers: Object.fromEntries(customHeaderNames(e).map((name) => [name, { hasValue: true }])),
      description: e.description,
      active: e.active,
      ordering: e.ordering,
      format: e.format,
      hl7: e.hl7,
      fhir: e.fhir,
      disabledReason: e.disabledReason,
      disabledAt: e.disabledAt,
      failingSince: e.failingSince,
      projectTemplateId: e.projectTemplateId,
      filter: e.filter,
      userIds: [...userIds].sort(),
      tls: this.receiverAuth.tlsInfo(e),
      oauth2: this.receiverAuth.oauth2Info(e),
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    };
  }
}

/** A `fhir-r4` subscription's settings as stored: the given ones over the stored, both keys always. */
function fhirSettings(stored: FhirSettings | null, given: FhirSettingsDto | null | undefined): FhirSettings {
  const base = given === null ? null : stored;
  return {
    payloadContent: given?.payloadContent ?? base?.payloadContent ?? 'id-only',
    heartbeatPeriodSeconds:
      given?.heartbeatPeriodSeconds !== undefined
        ? given.heartbeatPeriodSeconds
        : (base?.heartbeatPeriodSeconds ?? null),
  };
}

/** MSH-5 and MSH-6 as stored: both keys always, null when not set. */
function hl7Receiver(given: Hl7ReceiverDto | null | undefined): Hl7Receiver {
  return {
    receivingApplication: given?.receivingApplication ?? null,
    receivingFacility: given?.receivingFacility ?? null,
  };
}
