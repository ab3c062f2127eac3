import { REF } from '../references/references.scenario';
import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { against, Figure, measured, targeted, unmeasured } from '../support/figures';
import { drainOnce, subscribe } from './workload';

const SCENARIO = '1 drain';

/** Name of the drain figure (the soak runs at half of it). */
export const DRAIN_FIGURE = 'deliveries/s (queued events)';

/** Drain: N queued events to one subscription; deliveries per second against the bare stack. */
export async function drainScenario(ctx: BenchContext): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(SCENARIO, 'deliveries/s', 'not available yet', NOT_AVAILABLE)];
  const { config, receiver, db } = ctx;
  const n = config.drainEvents;
  const host = await BenchHost.forScenario(ctx, 'drain');
  try {
    const [endpoint] = await receiver.listen([{ host: '127.0.0.1', mode: 'ok' }]);
    await subscribe(host, [endpoint.url], ['report_signed']);
    const drain: number[] = [];
    const publish: number[] = [];
    const recorded: number[] = [];
    // Run 0 warms up (JIT, connections) on a fifth of the events and is not counted.
    for (let run = 0; run < config.runs + 1; run++) {
      const size = run === 0 ? Math.ceil(n / 5) : n;
      const result = await drainOnce(host, receiver, 'report_signed', size, size, 300_000);
      const recordedMs = await ctx.db.waitForFinal(size, 120_000);
      ctx.log(
        `drain run ${run}: publish ${Math.round(result.publishMs)} ms, delivered ${Math.round(result.drainMs)} ms, recorded ${Math.round(recordedMs)} ms after`,
      );
      if (run > 0) {
        drain.push((n * 1000) / result.drainMs);
        publish.push((n * 1000) / result.publishMs);
        recorded.push((n * 1000) / (result.drainMs + recordedMs));
      }
      await db.truncateLog();
    }
    const bull = ctx.earlier.get(REF.bull);
    const post = ctx.earlier.get(REF.post);
    const bare = bull?.value && post?.value ? (bull.value < post.value ? bull : post) : undefined;
    const deliveries = measured(SCENARIO, DRAIN_FIGURE, '/s', drain, { note: `${n} events, 1 subscription` });
    return [
      targeted(deliveries, '>= 2000/s', (f) => f.value! >= 2000),
      targeted(
        bare
          ? against({ ...deliveries, name: 'vs min(bare Bull, bare POST)' }, bare)
          : unmeasured(SCENARIO, 'vs bare', 'skipped', 'references not run (--only)'),
        'ratio >= 0.6',
        (f) => (f.ratio ?? 0) >= 0.6,
      ),
      measured(SCENARIO, 'delivered and recorded/s', '/s', recorded, {
        note: 'until every entry is final in the database',
      }),
      against(
        measured(SCENARIO, 'publish, 1 sub, 16 in flight', 'events/s', publish),
        ctx.earlier.get(REF.insert) ?? { name: REF.insert, value: null },
      ),
    ];
  } finally {
    await host.close();
  }
}
