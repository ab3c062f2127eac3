/**
 * Work an instance runs on its own schedule (a worker, a sweep, a timer, a repeatable job).
 * `BackgroundWorkService` starts and stops each one: the classes themselves never decide
 * whether this instance runs background work.
 * @internal
 */
export interface BackgroundJob {
  start(): void | Promise<void>;
  /** Stops the schedule and waits for the run in flight, if any. */
  stop?(): void | Promise<void>;
}
