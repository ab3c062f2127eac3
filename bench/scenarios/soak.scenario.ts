import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BenchContext } from '../support/bench-context';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { Figure, measured, targeted, unmeasured } from '../support/figures';
import { percentile, slope } from '../support/stats';
import { DRAIN_FIGURE } from './drain.scenario';
import { startLatencyHost } from './latency.scenario';
import { openLoop } from './workload';

const SCENARIO = '7 soak';
const SAMPLE_EVERY_MS = 10_000;
const MB = 1024 * 1024;

/** A full collection before each sample, so the heap figure is what is live, not garbage. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}

/** Soak (full mode only): minutes at half the measured drain rate (or `--soak-rate`); RSS and heap slopes. */
export async function soakScenario(ctx: BenchContext): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(SCENARIO, 'RSS / heap slope', 'not available yet', NOT_AVAILABLE)];
  const { config } = ctx;
  const drained = ctx.earlier.get(DRAIN_FIGURE)?.value;
  const rate = config.soakRate ?? Math.max(50, Math.round((drained ?? 2000) / 2));
  const host = await startLatencyHost(ctx, 'soak');
  const gc = collector();
  const samples: { minute: number; rss: number; heap: number; external: number }[] = [];
  const start = Date.now();
  const timer = setInterval(() => {
    gc();
    const m = process.memoryUsage();
    samples.push({
      minute: (Date.now() - start) / 60_000,
      rss: m.rss / MB,
      heap: m.heapUsed / MB,
      external: m.external / MB,
    });
  }, SAMPLE_EVERY_MS);
  try {
    const result = await openLoop(host.publisher!, ctx.receiver, rate, { seconds: config.soakMinutes * 60 });
    clearInterval(timer);
    // The first minute (JIT, pools, caches filling) is not part of the trend.
    const steady = samples.filter((s) => s.minute >= 1);
    const rss = slope(steady.map((s) => ({ x: s.minute, y: s.rss })));
    const heap = slope(steady.map((s) => ({ x: s.minute, y: s.heap })));
    // Buffers and other memory outside the JS heap: where RSS grows while the heap does not.
    const external = slope(steady.map((s) => ({ x: s.minute, y: s.external })));
    const last = samples[samples.length - 1];
    // Latency from each event's scheduled time: a publisher that falls behind shows here.
    const kept = `p50 ${percentile(result.latenciesMs, 50).toFixed(0)} ms, p99 ${percentile(result.latenciesMs, 99).toFixed(0)} ms, ${result.missing} missing`;
    ctx.log(
      `soak: ${result.sent} events at ${rate}/s (${kept}); RSS ${rss.toFixed(2)} MB/min, heap ${heap.toFixed(2)} MB/min, external ${external.toFixed(2)} MB/min; last RSS ${last?.rss.toFixed(0)} MB heap ${last?.heap.toFixed(0)} MB`,
    );
    const note = `${config.soakMinutes} min at ${rate}/s, ${result.sent} events (${kept}); last RSS ${last?.rss.toFixed(0)} MB, heap ${last?.heap.toFixed(0)} MB`;
    const flat = (f: Figure) => Math.abs(f.value!) < 1;
    return [
      targeted(measured(SCENARIO, 'RSS slope', 'MB/min', [rss], { note }), 'flat (|slope| < 1 MB/min)', flat),
      targeted(
        measured(SCENARIO, 'heap slope (after GC)', 'MB/min', [heap], { note }),
        'flat (|slope| < 1 MB/min)',
        flat,
      ),
    ];
  } finally {
    clearInterval(timer);
    await host.close();
  }
}
