import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { against, Figure, measured, targeted, unmeasured } from '../support/figures';
import { generateLog } from '../support/log-data';
import { percentile, wallNow } from '../support/stats';
import { subscribe } from './workload';

const SCENARIO = '4 event log';
const SUBSCRIPTIONS = 100;

/** p95 of `queries` sequential GETs of `path`, in ms; throws on a status other than 200. */
async function p95(host: BenchHost, path: string, token: string, queries: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < queries; i++) {
    const start = wallNow();
    const { status, body } = await host.getJson(path, token);
    times.push(wallNow() - start);
    if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${JSON.stringify(body).slice(0, 200)}`);
    if (i === 0 && !body?.items?.length) throw new Error(`GET ${path} returned no items`);
  }
  return percentile(times, 95);
}

/** Event log at N entries over 40 days: first page, a page N/2 deep, and a Webhook User's query. */
export async function eventLogScenario(ctx: BenchContext): Promise<Figure[]> {
  const { config, db } = ctx;
  const n = config.eventLogRows;
  const host = await BenchHost.forScenario(ctx, 'event-log', { processDeliveries: false });
  try {
    const probe = await host.getJson('/webhooks/events?limit=1', 'admin-token');
    if (probe.status === 404) {
      return [
        unmeasured(
          SCENARIO,
          'first page / deep page / user query',
          'not available yet',
          'not available yet: GET /webhooks/events answers 404 in this checkout',
        ),
      ];
    }
    const subs = await subscribe(
      host,
      Array.from({ length: SUBSCRIPTIONS }, (_, i) => `http://127.0.0.1:9/hook-${i}`),
      ['report_signed'],
      [],
    );
    const userSub = (await subscribe(host, ['http://127.0.0.1:9/alice'], ['report_signed'], ['alice']))[0];
    const rate = await generateLog(db.pool, {
      rows: n,
      newestDaysAgo: 0,
      oldestDaysAgo: 40,
      subscriptionIds: [...subs, userSub],
      withAttempts: false,
    });
    ctx.log(`event log: ${n} entries written at ${Math.round(rate)} rows/s`);
    const [[deep]] = (await db.pool.query('SELECT id FROM webhook_deliveries ORDER BY id DESC LIMIT 1 OFFSET ?', [
      Math.floor(n / 2),
    ])) as any;
    const cursor = Buffer.from(deep.id, 'utf8').toString('base64url');
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const queries = config.eventLogQueries;
    const first: number[] = [];
    const deepPage: number[] = [];
    const user: number[] = [];
    for (let run = 0; run < config.runs; run++) {
      first.push(await p95(host, '/webhooks/events?limit=50', 'admin-token', queries));
      deepPage.push(await p95(host, `/webhooks/events?limit=50&cursor=${cursor}`, 'admin-token', queries));
      user.push(
        await p95(
          host,
          `/webhooks/events?limit=50&subscriptionId=${userSub}&since=${encodeURIComponent(since)}`,
          'user-token',
          queries,
        ),
      );
      ctx.log(
        `event log run ${run}: p95 first ${first[run].toFixed(1)} ms, deep ${deepPage[run].toFixed(1)} ms, user ${user[run].toFixed(1)} ms`,
      );
    }
    const note = `${n} entries, ${queries} GETs of 50 a run`;
    const firstFigure = measured(SCENARIO, 'first page p95', 'ms', first, { note });
    const under10 = (f: Figure) => f.value! < 10;
    return [
      targeted(firstFigure, 'p95 < 10 ms', under10),
      targeted(
        measured(SCENARIO, `page ${Math.floor(n / 2)} deep p95`, 'ms', deepPage, { note }),
        'p95 < 10 ms',
        under10,
      ),
      targeted(
        against(measured(SCENARIO, 'deep vs first page', 'ms', deepPage), firstFigure),
        'ratio <= 2',
        (f) => (f.ratio ?? Infinity) <= 2,
      ),
      targeted(measured(SCENARIO, 'Webhook User, 1 sub, 30 days, p95', 'ms', user, { note }), 'p95 < 10 ms', under10),
    ];
  } finally {
    await host.close();
  }
}
