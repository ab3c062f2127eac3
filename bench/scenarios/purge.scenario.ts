import { v7 as uuidv7 } from 'uuid';
import { EventLogRetentionService } from '../../src';
import { BenchContext } from '../support/bench-context';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { against, Figure, measured, targeted, unmeasured } from '../support/figures';
import { generateLog } from '../support/log-data';
import { percentile, wallNow } from '../support/stats';
import { latencyRuns, startLatencyHost } from './latency.scenario';
import { openLoop } from './workload';

const SCENARIO = '5 purge';

/** Retention purge of N expired entries while the latency scenario's load runs. */
export async function purgeScenario(ctx: BenchContext): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(SCENARIO, 'purge', 'not available yet', NOT_AVAILABLE)];
  const { config, db } = ctx;
  const n = config.purgeRows;
  const host = await startLatencyHost(ctx, 'purge');
  try {
    const retention = host.get(EventLogRetentionService);
    const baseline = await latencyRuns(ctx, host, config.latencySeconds, 1);
    const rate = await generateLog(db.pool, {
      rows: n,
      newestDaysAgo: 31,
      oldestDaysAgo: 40,
      subscriptionIds: [uuidv7()],
      withAttempts: true,
    });
    ctx.log(`purge: ${n} expired entries (and attempts) written at ${Math.round(rate)} rows/s`);
    let done = false;
    const start = wallNow();
    const purging = retention.purgeExpired().finally(() => (done = true));
    const during = await openLoop(host.publisher!, ctx.receiver, config.latencyRatePerSecond, {
      stop: () => done,
      maxSeconds: 300,
    });
    await purging;
    const purgeMs = wallNow() - start;
    const left = await db.count('SELECT COUNT(*) FROM webhook_deliveries WHERE created_at < NOW() - INTERVAL 30 DAY');
    const p99 = percentile(during.latenciesMs, 99);
    ctx.log(
      `purge: ${(purgeMs / 1000).toFixed(1)} s, p99 during ${p99.toFixed(1)} ms (baseline ${baseline.p99[0].toFixed(1)} ms), ${left} expired left`,
    );
    const limitS = (60 * n) / 1_000_000;
    const note = `${n} expired entries with one attempt each; ${left} left after the purge`;
    return [
      targeted(
        measured(SCENARIO, `purge ${n} entries`, 's', [purgeMs / 1000], { note }),
        `< ${limitS} s (60 s per 1M)`,
        (f) => f.value! < limitS && left === 0,
      ),
      measured(SCENARIO, 'purge rate', 'rows/s', [(n * 1000) / purgeMs], {
        note: `reference: generated at ${Math.round(rate)} rows/s`,
      }),
      targeted(
        against(
          measured(SCENARIO, 'p99 during purge', 'ms', [p99], { note: `${during.sent} events during the purge` }),
          { name: 'p99 before', value: baseline.p99[0] },
        ),
        'ratio <= 2',
        (f) => (f.ratio ?? Infinity) <= 2,
      ),
    ];
  } finally {
    await host.close();
  }
}
