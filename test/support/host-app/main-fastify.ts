// The throw-away host's entry point on Fastify (NestJS 12 + @nestjs/platform-fastify), what
// the README tells a Fastify host to write in main.ts.
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { useWebhooksBodyParser } from 'lab-webhooks';
import { AppModule } from './app.module.js';
import { adminNamed, drive, failed, USER_HEADER } from './host-driver.js';

type HostRequest = { headers: Record<string, string | string[] | undefined>; user?: unknown };

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } }),
    { logger: ['log', 'error', 'warn'] },
  );
  useWebhooksBodyParser(app);
  app.enableShutdownHooks();
  // The host's authentication, reduced to a header. A Fastify hook sets `request.user`, where
  // the module reads it (Nest middleware would set it on the Node request: also read there).
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req: HostRequest, _reply: unknown, done: () => void) => {
      const id = req.headers[USER_HEADER];
      if (typeof id === 'string') req.user = adminNamed(id);
      done();
    });
  await drive(app);
}

main().catch(failed);
