// What the test asks of a throw-away host, whatever its HTTP platform: main.ts (Express) and
// main-fastify.ts boot the app as a host would, then hand it here. The test drives the host
// through JSON lines on stdin and reads its answers as `@@ {json}` lines on stdout; Nest's own
// log lines pass through.
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import type { INestApplication } from '@nestjs/common';
import { EventLogRetentionService } from 'lab-webhooks';
import { ReportsService } from './app.module.js';

/** The header the hosts' stand-in authentication reads: its value is an admin's id. */
export const USER_HEADER = 'x-user';
export const adminNamed = (id: string) => ({ id, permissions: ['Webhook Admin'] });

const say = (message: unknown) => process.stdout.write(`@@ ${JSON.stringify(message)}\n`);
const DAY_MS = 24 * 60 * 60 * 1000;

async function answer(app: INestApplication, command: Record<string, any>): Promise<void> {
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

/** Listens on a free loopback port, says which, then answers the test's commands. */
export async function drive(app: INestApplication): Promise<void> {
  await app.listen(0, '127.0.0.1');
  say({ ready: (app.getHttpServer().address() as AddressInfo).port });
  for await (const line of createInterface({ input: process.stdin })) {
    try {
      await answer(app, JSON.parse(line));
    } catch (err) {
      say({ error: String((err as Error)?.message ?? err) });
    }
  }
}

export function failed(err: Error): never {
  process.stderr.write(`host failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
}
