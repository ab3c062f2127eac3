import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThanOrEqual, Repository } from 'typeorm';
import { WebhooksCaller } from '../auth/webhooks-caller';
import { DEFAULT_PAGE_SIZE } from '../common/pagination';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { invalid } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';
import { EventChangesQueryDto } from './dto/changes-query.dto';
import { EventChangesDto } from './dto/event-changes.dto';
import { EventDto } from './dto/event.dto';
import { EventLogService, ITEM_COLUMNS } from './event-log.service';

/**
 * A poll looks back this far before the previous one: an entry's id and `updated_at` are
 * stamped before its transaction commits, so a row committed just after a poll may carry a
 * time just before it. Entries seen twice are told apart by id.
 */
const LOOK_BACK_MS = 5_000;

const encode = (ms: number): string => Buffer.from(`t${ms}`).toString('base64url');
function decode(token: string): number {
  const m = /^t(\d{13})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw invalid('after', MESSAGES.changesTokenInvalid);
  return Number(m[1]);
}

/**
 * The live log: what changed since the previous poll, cheaply. New entries are an id range
 * above the previous poll (ids are time-ordered), read like any page of the log; changed ones
 * are looked up by primary key among the entries the caller shows. Neither scans the table.
 */
@Injectable()
export class EventChangesService {
  constructor(
    private readonly log: EventLogService,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
  ) {}

  async changes(caller: WebhooksCaller, query: EventChangesQueryDto, now = Date.now()): Promise<EventChangesDto> {
    const { after, ids, ...filters } = query;
    const limit = filters.limit ?? DEFAULT_PAGE_SIZE;
    const next = encode(now - LOOK_BACK_MS);
    const from = after === undefined ? undefined : decode(after);
    if (from !== undefined) {
      const since = new Date(Math.max(from, filters.since ? Date.parse(filters.since) : 0)).toISOString();
      const added = await this.log.list(caller, { ...filters, since, limit });
      // More new entries than a page: the caller draws the first page afresh.
      if (!added.nextCursor) {
        const shown = new Set(ids ?? []);
        const changed = shown.size ? await this.changedSince(caller, [...shown], new Date(from)) : [];
        // What the caller shows comes back only if it changed (in `changed`), not again as new.
        const items = added.items.filter((e) => !shown.has(e.id));
        return { reset: false, items, nextCursor: null, changed, next };
      }
    }
    const first = await this.log.list(caller, { ...filters, limit });
    return { reset: true, items: first.items, nextCursor: first.nextCursor, changed: [], next };
  }

  private async changedSince(caller: WebhooksCaller, ids: string[], at: Date): Promise<EventDto[]> {
    const visible = await this.log.visibleIds(caller, ids);
    if (!visible.length) return [];
    const rows = await this.deliveries.find({
      select: ITEM_COLUMNS,
      where: { id: In(visible), updatedAt: MoreThanOrEqual(at) },
    });
    return rows.sort((a, b) => (a.id < b.id ? 1 : -1)).map((r) => this.log.toDto(r));
  }
}
