// The throw-away host's entry point, compiled in each host of the matrix beside the README's
// module (src/app.module.ts) against that host's own packages: the same file is CommonJS or
// an ES module by the host's package.json. The test drives the host through JSON lines on
// stdin and reads its answers as `@@ {json}` lines on stdout; Nest's own log lines pass through.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EventLogRetentionService, useWebhooksBodyParser } from 'lab-webhooks';
import { AppModule, ReportsService } from './app.module.js';

type HostRequest = { headers: Record<string, string | string[] | undefined>; user?: unknown };

const say = (message: unknown) => process.stdout.write(`@@ ${JSON.stringify(message)}\n`);
const DAY_MS = 24 * 60 * 60 * 1000;

async function answer(app: NestExpressApplication, command: Record<string, any>): Promise<void> {
  if (command.sign) {
    // The host's own domain code publishes the event.
    await app.get(ReportsService).sign(command.sign, { name: 'Jane Roe', mrn: 'MRN-1' });
    say({ signed: command.sign });
  } else if (command.purgeDaysAhead !== undefined) {
    const now = new Date(Date.now() + command.purgeDaysAhead * DAY_MS);
    say({ purged: await app.get(EventLogRetentionService).purgeExpired(now) });
  } else if (command.close) {
    await app.close();
    say({ closed: true });
    process.exit(0);
  }
}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['log', 'error', 'warn'] });
  useWebhooksBodyParser(app);
  app.enableShutdownHooks();
  // The host's authentication, reduced to a header: the module reads req.user.
  app.use((req: HostRequest, _res: unknown, next: () => void) => {
    const id = req.headers['x-user'];
    if (id) req.user = { id, permissions: ['Webhook Admin'] };
    next();
  });
  await app.listen(0, '127.0.0.1');
  say({ ready: ((app.getHttpServer() as Server).address() as AddressInfo).port });
  for await (const line of createInterface({ input: process.stdin })) {
    try {
      await answer(app, JSON.parse(line));
    } catch (err) {
      say({ error: String((err as Error)?.message ?? err) });
    }
  }
}

main().catch((err: Error) => {
  process.stderr.write(`host failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
