import { loadavg } from 'node:os';
import type { WebhooksModuleOptions } from '../../src';
import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { against, measured, targeted, unmeasured, type Figure } from '../support/figures';
import { drainOnce, subscribe } from './workload';

/** One host configuration of an on/off comparison. */
export interface DrainVariant {
  name: string;
  /** Options of a fresh host (called once per host: a metrics registry must not be shared). */
  options: () => Partial<WebhooksModuleOptions>;
}

export interface AlternatingResult {
  /** Deliveries per second of each variant's counted runs, by variant name. */
  rates: Record<string, number[]>;
  /** Deliveries per CPU second of this process (engine and bench) over the same runs. */
  cpuRates: Record<string, number[]>;
  /** The 1-minute load average when each counted run ended, all variants. */
  load: number[];
  /**
   * Per round, the second variant's rate over the first's (runs minutes apart, not half an
   * hour): the median of these is steadier than the ratio of the medians when load drifts.
   */
  pairRatios: number[];
  /** The same per round for deliveries per CPU second. */
  cpuPairRatios: number[];
}

/**
 * The drain of several host configurations in one bench run, one host at a time: round r boots
 * a host per variant (order A B, then B A, ...; B A first with `--on-first`), each with a Bull
 * prefix of its own, warms it up on a fifth of the events, measures one drain of N, waits until
 * the log is final, closes it and empties the tables. Two hosts on one database at once would pick up each other's
 * entries in their requeue sweeps; alternating puts the drift of a shared machine on both
 * variants alike.
 */
export async function alternatingDrains(
  ctx: BenchContext,
  label: string,
  variants: DrainVariant[],
): Promise<AlternatingResult> {
  const { config, receiver, db } = ctx;
  const n = config.drainEvents;
  const rates: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
  const cpuRates: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
  const load: number[] = [];
  for (let round = 0; round < config.runs; round++) {
    const order = (round + (config.secondFirst ? 1 : 0)) % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      const host = await BenchHost.forScenario(ctx, `${label}-${variant.name}-${round}`, variant.options());
      try {
        const [endpoint] = await receiver.listen([{ host: '127.0.0.1', mode: 'ok' }]);
        await subscribe(host, [endpoint.url], ['report_signed']);
        const warmUp = Math.ceil(n / 5);
        await drainOnce(host, receiver, 'report_signed', warmUp, warmUp, 300_000);
        await db.waitForFinal(warmUp, 120_000);
        await db.truncateLog();
        const result = await drainOnce(host, receiver, 'report_signed', n, n, 300_000);
        const rate = (n * 1000) / result.drainMs;
        rates[variant.name].push(rate);
        cpuRates[variant.name].push((n * 1000) / result.drainCpuMs);
        load.push(loadavg()[0]);
        ctx.log(
          `${label} ${variant.name} round ${round}: ${Math.round(rate)}/s, ${Math.round(result.drainCpuMs)} CPU ms ` +
            `(${Math.round((result.drainCpuMs * 1000) / n)} µs a delivery), load average ${loadavg()
              .map((l) => l.toFixed(1))
              .join(' ')}`,
        );
        await db.waitForFinal(n, 120_000);
        ctx.log(`${label} ${variant.name} round ${round}: ${await processState(db)}`);
      } finally {
        await host.close();
        await db.truncate();
        await receiver.closeListeners();
      }
    }
  }
  const pairs = (of: Record<string, number[]>) => {
    const [first, second] = variants.map((v) => of[v.name]);
    return second ? second.map((value, i) => value / first[i]) : [];
  };
  return { rates, cpuRates, load, pairRatios: pairs(rates), cpuPairRatios: pairs(cpuRates) };
}

/**
 * What could grow from one host to the next in this process and slow the later runs: heap
 * (after a GC when node runs with `--expose-gc`), open handles, the rows the host left behind.
 */
async function processState(db: BenchContext['db']): Promise<string> {
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
  const entries = await db.count('SELECT COUNT(*) FROM webhook_deliveries');
  const attempts = await db.count('SELECT COUNT(*) FROM webhook_attempts');
  return `heap ${heapMb.toFixed(1)} MB, ${handles} handles, ${entries} entries and ${attempts} attempts in the tables`;
}

/** "load average 1.2 to 3.4" over the counted runs. */
export const loadNote = (load: number[]): string =>
  `load average ${Math.min(...load).toFixed(1)} to ${Math.max(...load).toFixed(1)}`;

/**
 * The figures of an on/off comparison: the off rate, on against off (ratio of the medians) and
 * the median of the rounds' ratios, each against `target`.
 */
export async function onOffFigures(
  ctx: BenchContext,
  scenario: string,
  what: string,
  target: number,
  off: DrainVariant['options'],
  on: DrainVariant['options'],
): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(scenario, `${what} on vs off`, 'not available yet', NOT_AVAILABLE)];
  const { rates, cpuRates, load, pairRatios, cpuPairRatios } = await alternatingDrains(ctx, what, [
    { name: 'off', options: off },
    { name: 'on', options: on },
  ]);
  const note = `${ctx.config.drainEvents} events, 1 subscription, off and on alternating; ${loadNote(load)}`;
  const offRate = measured(scenario, `deliveries/s, ${what} off`, '/s', rates.off, { note });
  const onRate = measured(scenario, `${what} on vs off`, '/s', rates.on, { note });
  const paired = measured(scenario, `${what} on / off, per round`, '', pairRatios, {
    note: "median of the rounds' ratios (each round: one host off and one on, minutes apart)",
  });
  const offCpu = measured(scenario, `deliveries per CPU s, ${what} off`, '/s', cpuRates.off, {
    note: "CPU time of the engine's process over the drain",
  });
  const onCpu = measured(scenario, `${what} on vs off, per CPU s`, '/s', cpuRates.on, {
    note: "CPU time of the engine's process over the drain",
  });
  const pairedCpu = measured(scenario, `${what} on / off per CPU s, per round`, '', cpuPairRatios, {
    note: "median of the rounds' ratios of deliveries per CPU second",
  });
  return [
    offRate,
    targeted(against(onRate, offRate), `ratio >= ${target}`, (f) => (f.ratio ?? 0) >= target),
    targeted(paired, `>= ${target}`, (f) => f.value! >= target),
    offCpu,
    targeted(against(onCpu, offCpu), `ratio >= ${target}`, (f) => (f.ratio ?? 0) >= target),
    targeted(pairedCpu, `>= ${target}`, (f) => f.value! >= target),
  ];
}

/** CPU µs of one call of `fn`: `runs` timings of `calls` calls each, after a warm-up. */
export function cpuMicrosPerCall(runs: number, calls: number, fn: () => void): number[] {
  for (let i = 0; i < calls / 10; i++) fn();
  const timings: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cpu = process.cpuUsage();
    for (let i = 0; i < calls; i++) fn();
    const used = process.cpuUsage(cpu);
    timings.push((used.user + used.system) / calls);
  }
  return timings;
}

/**
 * What an option's own work costs a delivery, timed on its own (`callsUs`, CPU µs per
 * delivery), against the CPU a delivery costs the engine with the option off (from the "off"
 * drains of `figures`): a bound on the on/off ratio that a busy machine's wall clock cannot blur.
 */
export function cpuBound(
  scenario: string,
  what: string,
  figures: Figure[],
  callsUs: number[],
  callsNote: string,
  target: number,
): Figure[] {
  const perCpuSecond = figures.find((f) => f.name === `deliveries per CPU s, ${what} off`)?.value;
  if (!perCpuSecond) return [];
  const deliveryUs = 1_000_000 / perCpuSecond;
  return [
    measured(scenario, `CPU of one delivery's ${what} work`, 'µs', callsUs, { note: callsNote }),
    targeted(
      measured(scenario, `bound: ${what} on / off by CPU`, '', [deliveryUs / (deliveryUs + Math.max(...callsUs))], {
        note: `${deliveryUs.toFixed(0)} µs CPU per delivery (off runs) + the slowest timing above`,
      }),
      `>= ${target}`,
      (f) => f.value! >= target,
    ),
  ];
}
