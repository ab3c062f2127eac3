import { mkdirSync } from 'node:fs';
import { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { useWebhooksBodyParser } from '../src';
import { AppModule } from './app.module';
import { ExampleConfig } from './config';
import { PrivateRedis } from './private-redis';
import { buildOpenApi } from './swagger';

/** Pages that act with an admin's cookie: no other site may frame them (clickjacking). */
const UNFRAMED = ['/queues', '/docs'];

/** Creates the example app (not listening yet): used by `npm start` and the OpenAPI script. */
export async function createExampleApp(
  config: ExampleConfig,
  options: { logger?: LoggerService | LogLevel[] | false; privateRedis?: PrivateRedis } = {},
): Promise<INestApplication> {
  if (!config.databaseUrl) mkdirSync('data', { recursive: true });
  const { privateRedis, ...appOptions } = options;
  // No default parsers: JSON only (below). A urlencoded parser would turn an HTML form, which
  // any site can post without a preflight, into a body the lab routes accept.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, privateRedis), {
    bodyParser: false,
    ...appOptions,
  });
  useWebhooksBodyParser(app); // JSON bodies up to 1 MiB; parse errors never quote the body
  // Behind a TLS proxy: believe its X-Forwarded-Proto, so that req.secure (the cookie's
  // Secure flag) and the cross-site rule's scheme are right. Only the proxies named here.
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  // An API: no ETag hashed over every JSON answer (the page's files carry their own), no X-Powered-By.
  app.set('etag', false);
  app.disable('x-powered-by');
  app.use((req: { path: string }, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    if (UNFRAMED.some((p) => req.path === p || req.path.startsWith(`${p}/`))) {
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
    }
    next();
  });
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, buildOpenApi(app));
  return app;
}
