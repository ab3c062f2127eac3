import { SubscriptionsService, type WebhookEventType } from '../../src';
import { ReceiverClient } from '../receiver/receiver-client';
import { BenchHost } from '../support/bench-host';
import { Publisher } from '../support/engine';
import { payload1KiB } from '../support/payload';
import { sleep, until, wallNow } from '../support/stats';

/** Creates one subscription per URL through the module's own service, a few at a time. */
export async function subscribe(
  host: BenchHost,
  urls: string[],
  events: WebhookEventType[],
  userIds: string[] = [],
): Promise<string[]> {
  const service = host.get(SubscriptionsService);
  const ids: string[] = new Array(urls.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < urls.length; i = next++)
      ids[i] = (await service.create({ url: urls[i], events, userIds })).id;
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

/** Publishes `n` events, `inFlight` publish calls at a time; returns the elapsed ms. */
export async function publishMany(
  publisher: Publisher,
  eventType: WebhookEventType,
  n: number,
  inFlight = 16,
  payloadOf: (i: number) => Record<string, unknown> = payload1KiB,
): Promise<number> {
  const start = wallNow();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) await publisher.publish(eventType, payloadOf(i));
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, worker));
  return wallNow() - start;
}

export interface DrainResult {
  /** ms to publish the events (the queue paused). */
  publishMs: number;
  /** ms from resuming the queue to the `expected`-th request at the receivers. */
  drainMs: number;
  /**
   * CPU ms this process (engine and bench) used over the drain, user and system: on a machine
   * shared with other work it moves far less than the wall clock does.
   */
  drainCpuMs: number;
}

/**
 * Queues `n` events while this process's worker is paused (local pause on the module's own
 * queue), then resumes it and times until the receivers answered `expected` requests.
 */
export async function drainOnce(
  host: BenchHost,
  receiver: ReceiverClient,
  eventType: WebhookEventType,
  n: number,
  expected: number,
  timeoutMs: number,
  payloadOf?: (i: number) => Record<string, unknown>,
): Promise<DrainResult> {
  await receiver.reset();
  await host.queue.pause(true, true);
  const publishMs = await publishMany(host.publisher!, eventType, n, 16, payloadOf);
  const cpu = process.cpuUsage();
  const start = wallNow();
  await host.queue.resume(true);
  const end = await receiver.expect(expected, timeoutMs).catch(async (err) => {
    throw new Error(`${err.message}: ${(await receiver.stats()).count} of ${expected} received`);
  });
  const used = process.cpuUsage(cpu);
  return { publishMs, drainMs: end - start, drainCpuMs: (used.user + used.system) / 1000 };
}

/**
 * Open loop: publishes one event every 1/rate s on a fixed schedule, whatever the engine's
 * pace, for `seconds` (or until `stop()` says so, within `maxSeconds`). Latency is measured
 * from each event's scheduled time (so a stalled publisher shows up instead of hiding).
 * Returns emit-to-receive latencies in ms.
 */
export async function openLoop(
  publisher: Publisher,
  receiver: ReceiverClient,
  rate: number,
  opts: { seconds?: number; stop?: () => boolean; maxSeconds?: number },
): Promise<{ latenciesMs: number[]; sent: number; errors: number; missing: number }> {
  await receiver.reset();
  const interval = 1000 / rate;
  const limit = Math.ceil(rate * (opts.seconds ?? opts.maxSeconds ?? 60));
  const start = wallNow() + 20;
  // A count, not a list of promises: a 10-minute soak must not grow the bench's own heap.
  let pending = 0;
  let errors = 0;
  let sent = 0;
  while (sent < limit && !opts.stop?.()) {
    const now = wallNow();
    for (let due = start + sent * interval; due <= now && sent < limit; due = start + sent * interval) {
      pending++;
      publisher
        .publish('report_signed', payload1KiB(sent, due))
        .catch(() => errors++)
        .finally(() => pending--);
      sent++;
    }
    await sleep(1);
  }
  await until(() => pending === 0, 60_000, 'open loop publishes');
  await receiver.expect(sent - errors, 30_000).catch(() => undefined);
  const stats = await receiver.stats();
  return { latenciesMs: stats.latenciesMs, sent, errors, missing: sent - errors - stats.latenciesMs.length };
}
