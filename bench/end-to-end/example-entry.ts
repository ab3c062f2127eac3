/**
 * Runs an entry point of the example app (`main.ts` or `worker.ts`) as a child of the bench:
 * when the bench disconnects, the process exits normally (`process.exit`), so that a
 * `--cpu-prof` profile is written (the example's own shutdown hooks re-raise the signal, and a
 * process ended by a signal writes none).
 */
const entry = process.argv[2];
if (entry !== 'main' && entry !== 'worker') throw new Error(`unknown entry ${entry}`);
process.on('disconnect', () => setTimeout(() => process.exit(0), 200));
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(entry === 'main' ? '../../example/main' : '../../example/worker');
