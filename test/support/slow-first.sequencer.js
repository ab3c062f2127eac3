// @ts-check
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Seconds the slowest suites took in a CI run on a quiet 2-core machine. A fresh clone has no
 * jest cache, so the default order (by file size) could start the host matrix (mostly npm
 * installs) or the crash-recovery suite last and leave one worker running alone at the end.
 * With a cache (a second local run) jest's own timings win.
 */
const SLOW_SECONDS = {
  'host-matrix.e2e-spec.ts': 170,
  'crash-recovery.e2e-spec.ts': 150,
  'scale-out.e2e-spec.ts': 85,
  'subject-ordering-workers.e2e-spec.ts': 54,
  'recover-task.e2e-spec.ts': 40,
  'hostile-input.e2e-spec.ts': 34,
  'example-redis.e2e-spec.ts': 30,
};

class SlowFirstSequencer extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  sort(tests) {
    // jest's order, which sets each test's `duration` from its cache (none on a fresh clone).
    const sorted = /** @type {import('@jest/test-result').Test[]} */ (super.sort(tests));
    const estimate = (/** @type {import('@jest/test-result').Test} */ t) =>
      t.duration == null ? (SLOW_SECONDS[basename(t.path)] ?? 0) : 0;
    const known = sorted.filter((t) => estimate(t) > 0).sort((a, b) => estimate(b) - estimate(a));
    return [...known, ...sorted.filter((t) => estimate(t) === 0)];
  }
}

/** @param {string} path */
const basename = (path) => path.slice(path.lastIndexOf('/') + 1);

module.exports = SlowFirstSequencer;
