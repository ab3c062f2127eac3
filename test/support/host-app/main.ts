// The throw-away host's entry point on Express, compiled in each host of the matrix beside the
// README's module (src/app.module.ts) against that host's own packages: the same file is
// CommonJS or an ES module by the host's package.json.
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { useWebhooksBodyParser } from 'lab-webhooks';
import { AppModule } from './app.module.js';
import { adminNamed, drive, failed, USER_HEADER } from './host-driver.js';

type HostRequest = { headers: Record<string, string | string[] | undefined>; user?: unknown };

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['log', 'error', 'warn'] });
  useWebhooksBodyParser(app);
  app.enableShutdownHooks();
  // The host's authentication, reduced to a header: the module reads req.user.
  app.use((req: HostRequest, _res: unknown, next: () => void) => {
    const id = req.headers[USER_HEADER];
    if (typeof id === 'string') req.user = adminNamed(id);
    next();
  });
  await drive(app);
}

main().catch(failed);
