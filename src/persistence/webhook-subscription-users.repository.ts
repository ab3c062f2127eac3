import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { CallerScope } from '../auth/caller-scope';
import { WebhookSubscriptionUserEntity } from './webhook-subscription-user.entity';

/**
 * `webhook_subscription_users`: which Webhook Users are assigned to which endpoint, and the
 * caller scope (`callerScope`) applied to queries, in the three forms they take: a list of
 * endpoint ids, a yes/no for one endpoint, a condition on a query builder.
 */
@Injectable()
export class WebhookSubscriptionUsersRepository {
  constructor(
    @InjectRepository(WebhookSubscriptionUserEntity)
    private readonly assignments: Repository<WebhookSubscriptionUserEntity>,
  ) {}

  /** The endpoints the scope sees: undefined for every one. */
  async visibleSubscriptionIds(scope: CallerScope): Promise<string[] | undefined> {
    if (scope.kind === 'all') return undefined;
    if (scope.kind === 'endpoint') return [scope.subscriptionId];
    const rows = await this.assignments.find({ select: { subscriptionId: true }, where: { userId: scope.userId } });
    return rows.map((a) => a.subscriptionId);
  }

  /** Whether the scope sees the endpoint. */
  async sees(scope: CallerScope, subscriptionId: string): Promise<boolean> {
    if (scope.kind === 'all') return true;
    if (scope.kind === 'endpoint') return scope.subscriptionId === subscriptionId;
    return this.assignments.existsBy({ subscriptionId, userId: scope.userId });
  }

  /**
   * Keeps the rows of `qb` whose endpoint (`column`, e.g. `d.subscription_id`) the scope sees:
   * a Webhook User's through a join on the primary key (user, endpoint), one row per match.
   */
  restrict<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    scope: CallerScope,
    column: string,
  ): SelectQueryBuilder<T> {
    if (scope.kind === 'endpoint')
      return qb.andWhere(`${column} = :scopeSubscriptionId`, { scopeSubscriptionId: scope.subscriptionId });
    if (scope.kind === 'assigned')
      return qb.innerJoin(WebhookSubscriptionUserEntity, 'a', `a.subscription_id = ${column} AND a.user_id = :uid`, {
        uid: scope.userId,
      });
    return qb;
  }

  /** The users assigned to each endpoint of `ids` (an endpoint with none is left out). */
  async userIdsOf(ids: string[], m?: EntityManager): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (!ids.length) return map;
    const repo = m ? m.getRepository(WebhookSubscriptionUserEntity) : this.assignments;
    for (const a of await repo.findBy({ subscriptionId: In(ids) })) {
      map.set(a.subscriptionId, [...(map.get(a.subscriptionId) ?? []), a.userId]);
    }
    return map;
  }

  /** Inside `m`'s transaction: the endpoint's users become `userIds`. */
  async replace(m: EntityManager, subscriptionId: string, userIds: string[]): Promise<void> {
    await this.removeAll(m, subscriptionId);
    if (userIds.length)
      await m.insert(
        WebhookSubscriptionUserEntity,
        userIds.map((userId) => ({ subscriptionId, userId })),
      );
  }

  /** Inside `m`'s transaction: nobody is assigned to the endpoint any more. */
  async removeAll(m: EntityManager, subscriptionId: string): Promise<void> {
    await m.delete(WebhookSubscriptionUserEntity, { subscriptionId });
  }
}
