import { Registry } from 'prom-client';
import { OldestDueEntry } from '../../src/operations/oldest-due-entry';
import { WebhooksMetrics } from '../../src/operations/webhooks-metrics';
import { resolveWebhooksOptions } from '../../src/webhooks-options';
import { testEncryptionKey } from '../../test/support/test-app';
import { BenchContext } from '../support/bench-context';
import { type Figure } from '../support/figures';
import { cpuBound, cpuMicrosPerCall, onOffFigures } from './alternating-drain';

const SCENARIO = '10 metrics cost';
const CALLS = 200_000;

/**
 * What counting costs the hot path: the drain with Prometheus metrics off and on (a registry
 * of its own per host), one host at a time, alternating within one run; and the CPU time of
 * the metric calls one delivery makes (one `published`, one `attempted`), timed on their own.
 */
export async function metricsCostScenario(ctx: BenchContext): Promise<Figure[]> {
  const options = () => ({ metrics: true, metricsRegistry: new Registry() });
  const figures = await onOffFigures(ctx, SCENARIO, 'metrics', 0.97, () => ({ metrics: false }), options);
  // Constructed here, with no host: the calls are what is timed, not a boot.
  const metrics = new WebhooksMetrics(
    resolveWebhooksOptions({ encryptionKey: testEncryptionKey(), metrics: true, metricsRegistry: new Registry() }),
    {} as OldestDueEntry,
  );
  const result = { ok: true, status: 204, error: null, durationMs: 12 };
  const callsUs = cpuMicrosPerCall(ctx.config.runs, CALLS, () => {
    metrics.published('report_signed');
    metrics.attempted('report_signed', result, false);
  });
  return [...figures, ...cpuBound(SCENARIO, 'metrics', figures, callsUs, `${CALLS} calls of each`, 0.97)];
}
