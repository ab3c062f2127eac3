import { SubscriptionsService } from '../../src';
import { EXAMPLES } from '../../src/event-types/schemas/examples';
import { ActiveSubscriptionsService } from '../../src/filters/active-subscriptions.service';
import { SubscriptionFiltersService } from '../../src/filters/subscription-filters.service';
import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { against, Figure, measured, targeted, unmeasured } from '../support/figures';
import { cpuMicrosPerCall } from './alternating-drain';
import { publishMany, subscribe } from './workload';

const SCENARIO = '13 payload filters';
const EVALUATIONS = 2000;

/** What each side's subscriptions carry: no filter, a filter every event passes, or one clinic's. */
const SIDES = {
  unfiltered: () => null,
  pass: (i: number) => ({ 'orderingFacility.id': { $in: ['F-100', `C-${i}`] } }),
  clinic: (i: number) => ({ 'orderingFacility.id': `C-${i}` }),
} as const;
type Side = keyof typeof SIDES;

/** The catalog's report, one clinic's (`C-<n>`) for the clinic side, else the example's own (F-100). */
const reportOf = (side: Side, n: number) => (i: number) => ({
  ...EXAMPLES.report_signed,
  reportId: `R-${i}`,
  orderingFacility: { id: side === 'clinic' ? `C-${i % n}` : 'F-100', name: 'Clinic' },
});

/**
 * Publish with N subscriptions to `report_signed` (100; smoke 10), unfiltered against filtered,
 * on one host whose queue is paused (publish writes the entries and queues the jobs; nothing
 * is delivered). Each run sets the same N subscriptions to each side in turn, alternating the
 * order between runs, and publishes E events per side (16 in flight): "pass" filters accept
 * every event (same entries as unfiltered: the cost of evaluating them), "clinic" filters
 * accept one event in N (what the filters are for: one entry per event instead of N). The CPU
 * of evaluating the N compiled filters on one payload is also timed alone.
 */
export async function filtersScenario(ctx: BenchContext): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(SCENARIO, 'publish with filters', 'not available yet', NOT_AVAILABLE)];
  const { config } = ctx;
  const n = config.filterSubscriptions;
  const events = config.filterEvents;
  const host = await BenchHost.forScenario(ctx, 'filters');
  try {
    await host.queue.pause(true, true);
    const urls = Array.from({ length: n }, (_, i) => `http://127.0.0.1:9/clinic-${i}`);
    const ids = await subscribe(host, urls, ['report_signed']);
    const service = host.get(SubscriptionsService);
    const admin = { id: 'bench', isAdmin: true };
    const msPerEvent: Record<Side, number[]> = { unfiltered: [], pass: [], clinic: [] };
    const entries: Record<Side, number> = { unfiltered: 0, pass: 0, clinic: 0 };
    const order = Object.keys(SIDES) as Side[];
    for (let run = 0; run < config.runs + 1; run++) {
      // Run 0 warms up (JIT, connections, compiled filters) and is not counted.
      for (const side of run % 2 ? [...order].reverse() : order) {
        for (let i = 0; i < n; i++) await service.update(admin, ids[i], { filter: SIDES[side](i) });
        await ctx.db.truncateLog();
        await host.queue.empty();
        // Read (and the filters compiled) before the clock starts, as after any change.
        await host.get(ActiveSubscriptionsService).all();
        const ms = await publishMany(host.publisher!, 'report_signed', events, 16, reportOf(side, n));
        entries[side] = await ctx.db.count('SELECT COUNT(*) FROM webhook_deliveries');
        if (run > 0) msPerEvent[side].push(ms / events);
        ctx.log(`filters run ${run} ${side}: ${(ms / events).toFixed(2)} ms per event, ${entries[side]} entries`);
      }
    }
    const filters = host.get(SubscriptionFiltersService);
    const predicates = Array.from({ length: n }, (_, i) => filters.predicate(SIDES.pass(i), ['report_signed'])!);
    const body = reportOf('pass', n)(1);
    const evalUs = cpuMicrosPerCall(config.runs, EVALUATIONS, () => predicates.forEach((p) => p(body)));
    const note = (side: Side) => `${n} subscriptions, ${events} events, ${entries[side]} entries written`;
    const unfiltered = measured(SCENARIO, `publish, ${n} unfiltered subs`, 'ms/event', msPerEvent.unfiltered, {
      note: note('unfiltered'),
    });
    return [
      unfiltered,
      targeted(
        against(
          measured(SCENARIO, `publish, ${n} filters all pass`, 'ms/event', msPerEvent.pass, { note: note('pass') }),
          unfiltered,
        ),
        'ratio <= 1.2',
        (f) => f.ratio! <= 1.2,
      ),
      against(
        measured(SCENARIO, `publish, ${n} clinic filters (1 passes)`, 'ms/event', msPerEvent.clinic, {
          note: note('clinic'),
        }),
        unfiltered,
      ),
      measured(SCENARIO, `${n} compiled filters on one payload`, 'CPU µs', evalUs, {
        note: `${EVALUATIONS} payloads, timed alone`,
      }),
    ];
  } finally {
    await host.close();
  }
}
