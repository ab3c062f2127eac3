import { DataSource } from 'typeorm';
import { WebhookSubscriptionUserEntity } from '../persistence/webhook-subscription-user.entity';
import { WebhookSubscriptionUsersRepository } from '../persistence/webhook-subscription-users.repository';
import { callerScope } from './caller-scope';
import { LinkScope, WebhooksCaller } from './webhooks-caller';

const A = '00000000-0000-7000-8000-00000000000a';
const B = '00000000-0000-7000-8000-00000000000b';
const C = '00000000-0000-7000-8000-00000000000c';

const link = { id: 'l1', subscriptionId: B, allowPayloads: false, allowResend: false } as LinkScope;

/** Endpoints A, B, C; "ana" is assigned to A and C, "bo" to B, "cy" to none. */
const CALLERS: [string, WebhooksCaller, string[]][] = [
  ['an admin sees every endpoint', { id: 'root', isAdmin: true }, [A, B, C]],
  ['a Webhook User sees the endpoints assigned to them', { id: 'ana', isAdmin: false }, [A, C]],
  ['another Webhook User sees theirs', { id: 'bo', isAdmin: false }, [B]],
  ['a Webhook User assigned to nothing sees nothing', { id: 'cy', isAdmin: false }, []],
  ['an integrator link sees its one endpoint, whoever is assigned', { id: 'link:l1', isAdmin: false, link }, [B]],
  [
    'a link is its endpoint only, even on a caller marked admin',
    { id: 'link:l1', isAdmin: true, link } as WebhooksCaller,
    [B],
  ],
];

describe('the caller scope (one rule for every query that scopes by caller)', () => {
  let ds: DataSource;
  let repo: WebhookSubscriptionUsersRepository;

  beforeAll(async () => {
    ds = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [WebhookSubscriptionUserEntity],
      synchronize: true,
    }).initialize();
    // Rows that belong to an endpoint, as event-log entries or endpoints do.
    await ds.query('CREATE TABLE scoped_rows (subscription_id varchar(36) NOT NULL)');
    for (const id of [A, B, C]) await ds.query('INSERT INTO scoped_rows (subscription_id) VALUES (?)', [id]);
    await ds.getRepository(WebhookSubscriptionUserEntity).insert([
      { subscriptionId: A, userId: 'ana' },
      { subscriptionId: C, userId: 'ana' },
      { subscriptionId: B, userId: 'bo' },
    ]);
    repo = new WebhookSubscriptionUsersRepository(ds.getRepository(WebhookSubscriptionUserEntity));
  });
  afterAll(() => ds?.destroy());

  it.each(CALLERS)('%s (the scope)', (_, caller, sees) => {
    const scope = callerScope(caller);
    if (sees.length === 3) expect(scope).toEqual({ kind: 'all' });
    else if (caller.link) expect(scope).toEqual({ kind: 'endpoint', subscriptionId: B });
    else expect(scope).toEqual({ kind: 'assigned', userId: caller.id });
  });

  it.each(CALLERS)('%s (endpoint ids)', async (_, caller, sees) => {
    const ids = await repo.visibleSubscriptionIds(callerScope(caller));
    expect(ids === undefined ? [A, B, C] : [...ids].sort()).toEqual(sees);
  });

  it.each(CALLERS)('%s (one endpoint at a time)', async (_, caller, sees) => {
    const scope = callerScope(caller);
    for (const id of [A, B, C]) expect(await repo.sees(scope, id)).toBe(sees.includes(id));
  });

  it.each(CALLERS)('%s (a query builder)', async (_, caller, sees) => {
    const qb = ds
      .createQueryBuilder()
      .select('r.subscription_id', 'id')
      .from('scoped_rows', 'r')
      .orderBy('r.subscription_id');
    const rows = await repo.restrict(qb, callerScope(caller), 'r.subscription_id').getRawMany<{ id: string }>();
    expect(rows.map((r) => r.id)).toEqual(sees);
  });
});
