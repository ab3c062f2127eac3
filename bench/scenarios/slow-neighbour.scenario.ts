import { SubscriptionsService } from '../../src';
import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { against, Figure, measured, targeted, unmeasured } from '../support/figures';
import { sleep } from '../support/stats';
import { drainOnce, subscribe } from './workload';

const SCENARIO = '6 slow neighbour';
const HEALTHY = 9;
const ADMIN = { id: 'bench', isAdmin: true };

/**
 * Slow neighbour: 9 endpoints answer at once, a 10th never answers (the sender's timeout ends
 * each request). Healthy deliveries per second with the slow one subscribed, against the same
 * run without it. Retries are pushed an hour out so that none lands inside the measurement.
 */
export async function slowNeighbourScenario(ctx: BenchContext): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(SCENARIO, 'healthy throughput', 'not available yet', NOT_AVAILABLE)];
  const { config, receiver, db } = ctx;
  const n = config.slowEvents;
  const host = await BenchHost.forScenario(ctx, 'slow-neighbour', {
    deliveryTimeoutMs: config.slowTimeoutMs,
    retryDelaysSeconds: [3600, 3600],
  });
  try {
    const endpoints = await receiver.listen([
      ...Array.from({ length: HEALTHY }, () => ({ host: '127.0.0.1', mode: 'ok' as const })),
      { host: '127.0.0.1', mode: 'hang' },
    ]);
    // report_corrected reaches the 9 healthy endpoints only; report_signed all 10.
    await subscribe(
      host,
      endpoints.slice(0, HEALTHY).map((e) => e.url),
      ['report_signed', 'report_corrected'],
    );
    const [slowId] = await subscribe(host, [endpoints[HEALTHY].url], ['report_signed']);
    const subscriptions = host.get(SubscriptionsService);
    const without: number[] = [];
    const withSlow: number[] = [];
    for (let run = 0; run < config.runs; run++) {
      const alone = await drainOnce(host, receiver, 'report_corrected', n, HEALTHY * n, 300_000);
      without.push((HEALTHY * n * 1000) / alone.drainMs);
      await db.waitForFinal(HEALTHY * n, 60_000);
      await db.truncateLog();

      const slowed = await drainOnce(host, receiver, 'report_signed', n, HEALTHY * n, 300_000);
      withSlow.push((HEALTHY * n * 1000) / slowed.drainMs);
      ctx.log(
        `slow neighbour run ${run}: healthy ${Math.round(without[run])}/s alone, ${Math.round(withSlow[run])}/s beside the slow one`,
      );
      // Stop the slow endpoint's backlog (deactivation cancels it), let the hung requests time out, start clean.
      await subscriptions.update(ADMIN, slowId, { active: false });
      await sleep(config.slowTimeoutMs + 1500);
      await host.queue.clean(0, 'delayed');
      await db.truncateLog();
      await subscriptions.update(ADMIN, slowId, { active: true });
    }
    const note = `${n} events x ${HEALTHY} healthy endpoints; timeout ${config.slowTimeoutMs} ms`;
    const alone = measured(SCENARIO, 'healthy deliveries/s without the slow one', '/s', without, { note });
    return [
      alone,
      targeted(
        against(measured(SCENARIO, 'healthy deliveries/s beside the slow one', '/s', withSlow, { note }), alone),
        'ratio >= 0.9',
        (f) => (f.ratio ?? 0) >= 0.9,
      ),
    ];
  } finally {
    await host.close();
  }
}
