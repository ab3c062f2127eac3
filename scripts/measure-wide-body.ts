// Measures what one request with 100 000 unknown top-level keys costs the app: the size of
// the 400 and the longest event-loop block while it is handled. Needs MariaDB and Redis, as
// the e2e specs do. Usage: npx ts-node --transpile-only scripts/measure-wide-body.ts
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { bearer, TOKENS } from '../test/support/env';
import { startTestApp } from '../test/support/test-app';

async function main(): Promise<void> {
  const t = await startTestApp();
  try {
    const body: Record<string, unknown> = { url: 'https://partner.example.com/h' };
    for (let i = 0; i < 100_000; i++) body[`_${i.toString(36)}`] = 0;
    const text = JSON.stringify(body);
    for (let run = 1; run <= 3; run++) {
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const started = performance.now();
      const res = await t.http
        .post('/webhooks/subscriptions')
        .set(bearer(TOKENS.admin))
        .set('Content-Type', 'application/json')
        .send(text);
      const ms = performance.now() - started;
      delay.disable();
      process.stdout.write(
        `run ${run}: request ${(text.length / 1024).toFixed(0)} KiB, answer ${res.status} of ${res.text.length} bytes, ` +
          `${ms.toFixed(0)} ms in all, longest event-loop block ${(delay.max / 1e6).toFixed(0)} ms\n`,
      );
    }
  } finally {
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
