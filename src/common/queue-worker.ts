import type { Job, Queue } from 'bull';

type WorkerNaming = { setWorkerName(): Promise<unknown> };
const GUARDED = Symbol('lab-webhooks.workerNameGuarded');

/**
 * Starts a Bull worker on `queue` (`queue.process`, for the jobs named `name` or the unnamed
 * ones), without Bull 4's floating promise.
 *
 * Bull 4 labels a queue's blocking connection (`CLIENT SETNAME`) each time a handler is set,
 * and neither waits for nor catches that command. An app closed while it is still in flight
 * (an app that starts and stops within a second, or a slow Redis) gets an unhandled
 * "Connection is closed." rejection, which ends a Node process. The label only serves
 * `queue.getWorkers()`; a failure to set it is not an error, so it is caught here, once per
 * queue instance. The worker's own promise is the caller's, as with `queue.process`.
 */
export function startQueueWorker<T>(
  queue: Queue<T>,
  concurrency: number,
  handler: (job: Job<T>) => Promise<unknown>,
  name?: string,
): Promise<void> {
  const naming = queue as unknown as WorkerNaming & { [GUARDED]?: true };
  if (!naming[GUARDED]) {
    const setWorkerName = naming.setWorkerName.bind(queue);
    naming.setWorkerName = () => setWorkerName().catch(() => undefined);
    naming[GUARDED] = true;
  }
  return name === undefined ? queue.process(concurrency, handler) : queue.process(name, concurrency, handler);
}
