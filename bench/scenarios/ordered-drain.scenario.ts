import { SubscriptionsService } from '../../src';
import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { against, measured, targeted, unmeasured, type Figure } from '../support/figures';
import { payload1KiB } from '../support/payload';
import { drainOnce } from './workload';

const SCENARIO = '9 ordered drain';
const SUBJECTS = 1000;
const ADMIN = { id: 'bench', isAdmin: true };

/** Event `i` is about report `R-(i mod 1000)`: each subject has n/1000 events in a row. */
const onSubjects = (i: number) => ({ ...payload1KiB(i), reportId: `R-${i % SUBJECTS}` });

/**
 * The same drain twice on one subscription, events spread over 1 000 subjects: first with
 * `ordering: "none"`, then `"subject"` (each subject's entries one at a time, in order).
 */
export async function orderedDrainScenario(ctx: BenchContext): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(SCENARIO, 'ordered vs unordered', 'not available yet', NOT_AVAILABLE)];
  const { config, receiver, db } = ctx;
  const n = config.drainEvents;
  const host = await BenchHost.forScenario(ctx, 'ordered');
  try {
    const [endpoint] = await receiver.listen([{ host: '127.0.0.1', mode: 'ok' }]);
    const { id } = await host
      .get(SubscriptionsService)
      .create({ url: endpoint.url, events: ['report_signed'], ordering: 'none' });
    const rates: Record<'none' | 'subject', number[]> = { none: [], subject: [] };
    for (const ordering of ['none', 'subject'] as const) {
      await host.get(SubscriptionsService).update(ADMIN, id, { ordering });
      // Run 0 warms up on a fifth of the events and is not counted.
      for (let run = 0; run < config.runs + 1; run++) {
        const size = run === 0 ? Math.ceil(n / 5) : n;
        const result = await drainOnce(host, receiver, 'report_signed', size, size, 300_000, onSubjects);
        ctx.log(`ordered drain (${ordering}) run ${run}: delivered ${Math.round(result.drainMs)} ms`);
        if (run > 0) rates[ordering].push((n * 1000) / result.drainMs);
        await db.waitForFinal(size, 120_000);
        await db.truncateLog();
      }
    }
    const note = `${n} events over ${SUBJECTS} subjects, 1 subscription`;
    const unordered = measured(SCENARIO, 'unordered deliveries/s', '/s', rates.none, { note });
    const ordered = measured(SCENARIO, 'ordered deliveries/s', '/s', rates.subject, { note });
    return [
      unordered,
      targeted(
        against({ ...ordered, name: 'ordered vs unordered' }, unordered),
        'ratio >= 0.7',
        (f) => (f.ratio ?? 0) >= 0.7,
      ),
    ];
  } finally {
    await host.close();
  }
}
